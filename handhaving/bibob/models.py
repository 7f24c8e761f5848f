"""Bibob integrity investigations. Confidential under Wet Bibob art. 28: every read goes
through ``bibob.inzage`` (reason + audit) and nothing of these tables appears on any page, list,
map, export, document or sync payload outside the Bibob module's own dossier pages.

The steps of the lifecycle keep their dates on the investigation itself (the deadlines are
computed from them, ``bibob.termijnen``); ``BibobStap`` is the history of each step taken.
Zienswijzen are rows of their own (``BibobZienswijze``): there can be more than one.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from handhaving.db import Base, enum_kolom, utcnow
from handhaving.enums import LabelEnum


class BibobStatus(LabelEnum):
    AANLEIDING = "aanleiding", "Aanleiding"
    FORMULIER_OPGEVRAAGD = "formulier_opgevraagd", "Vragenformulier opgevraagd"
    FORMULIER_ONTVANGEN = "formulier_ontvangen", "Vragenformulier ontvangen"
    EIGEN_ONDERZOEK = "eigen_onderzoek", "Eigen onderzoek"
    CONCLUSIE_EIGEN_ONDERZOEK = "conclusie_eigen_onderzoek", "Conclusie eigen onderzoek"
    ADVIES_LBB_AANGEVRAAGD = "advies_lbb_aangevraagd", "Advies LBB aangevraagd"
    ADVIES_ONTVANGEN = "advies_ontvangen", "Advies ontvangen"
    ZIENSWIJZE = "zienswijze", "Zienswijze"
    BESLUIT = "besluit", "Besluit"
    GEARCHIVEERD = "gearchiveerd", "Gearchiveerd"


class BibobAanleiding(LabelEnum):
    AANVRAAG = "aanvraag", "Aanvraag van een vergunning"
    WIJZIGING = "wijziging", "Verlenging of wijziging van een vergunning"
    INTREKKING = "intrekking", "Voorgenomen intrekking van een vergunning"
    SUBSIDIE = "subsidie", "Subsidie"
    VASTGOED = "vastgoed", "Vastgoedtransactie"
    AANBESTEDING = "aanbesteding", "Aanbesteding of opdracht"


class FormulierUitkomst(LabelEnum):
    VOLLEDIG = "volledig", "Volledig ontvangen"
    ONVOLLEDIG = "onvolledig", "Onvolledig ontvangen"
    GEWEIGERD = "geweigerd", "Niet ingevuld of geweigerd"


class EigenConclusie(LabelEnum):
    GEEN_GEVAAR = "geen_gevaar", "Geen aanwijzingen voor gevaar"
    ADVIES_NODIG = "advies_nodig", "Aanwijzingen: advies van het LBB nodig"
    GEVAAR = "gevaar", "Gevaar vastgesteld in eigen onderzoek"


class MateVanGevaar(LabelEnum):
    GEEN = "geen", "Geen gevaar"
    MINDERE_MATE = "mindere_mate", "Mindere mate van gevaar"
    ERNSTIG = "ernstig", "Ernstig gevaar"


class GevaarGrond(LabelEnum):
    A = "a", "Grond a: voordeel trekken uit strafbare feiten"
    B = "b", "Grond b: strafbare feiten plegen"
    AB = "ab", "Gronden a en b"
    LID6 = "lid6", "Art. 3 lid 6: strafbaar feit gepleegd om de vergunning te krijgen"


class BibobBesluit(LabelEnum):
    VERLENEN = "verlenen", "Verlenen"
    VOORSCHRIFTEN = "voorschriften", "Verlenen met voorschriften (art. 3 lid 7)"
    WEIGEREN = "weigeren", "Weigeren"
    INTREKKEN = "intrekken", "Intrekken"
    NIET_INTREKKEN = "niet_intrekken", "Afzien van intrekking"


# Adverse for the betrokkene: a zienswijze comes first (art. 33 Wet Bibob, Awb 4:8).
NADELIG = (BibobBesluit.VOORSCHRIFTEN, BibobBesluit.WEIGEREN, BibobBesluit.INTREKKEN)


class BibobRol(LabelEnum):
    BETROKKENE = "betrokkene", "Betrokkene (aanvrager of houder)"
    BESTUURDER = "bestuurder", "Bestuurder"
    AANDEELHOUDER = "aandeelhouder", "Aandeelhouder"
    FINANCIER = "financier", "Financier"
    ZEGGENSCHAP = "zeggenschap", "Zeggenschap"
    ZAKELIJK = "zakelijk", "Zakelijk samenwerkingsverband (art. 3 lid 4)"


class TipBron(LabelEnum):
    GEMEENTE = "gemeente", "Andere gemeente (art. 28 lid 1)"
    RIEC = "riec", "RIEC"
    POLITIE = "politie", "Politie (Wpg)"
    OM = "om", "Openbaar Ministerie"
    BELASTINGDIENST = "belastingdienst", "Belastingdienst"
    ANDERS = "anders", "Anders"


class BibobOnderzoek(Base):
    __tablename__ = "bibob_onderzoek"
    __table_args__ = (
        # The lifecycle's dates, held by the database (migration h22fuzz01): a file at or past the
        # decision has the decision's date, an archived file its archiving date.
        CheckConstraint("status NOT IN ('besluit', 'gearchiveerd') OR besluit_op IS NOT NULL", name="besluit_op"),
        CheckConstraint("status <> 'gearchiveerd' OR gearchiveerd_op IS NOT NULL", name="gearchiveerd_op"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    vergunning_id: Mapped[int | None] = mapped_column(ForeignKey("vergunning.id"), index=True)
    zaaknummer: Mapped[str] = mapped_column(String(40))
    status: Mapped[BibobStatus] = mapped_column(enum_kolom(BibobStatus, "bibobstatus"))
    # Assigned vergunningverlener: need-to-know (security requirement 5).
    behandelaar_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"), index=True)
    aanleiding: Mapped[str] = mapped_column(String(40))
    # What the decision is about when it is not a permit in the register (subsidie, vastgoed …).
    omschrijving: Mapped[str] = mapped_column(Text, default="")
    # End of the statutory decision period of the application, before any suspension (art. 31).
    beslistermijn_tot: Mapped[date | None] = mapped_column(Date)
    formulier_opgevraagd_op: Mapped[date | None] = mapped_column(Date)
    formulier_ontvangen_op: Mapped[date | None] = mapped_column(Date)
    formulier_uitkomst: Mapped[FormulierUitkomst | None] = mapped_column(
        enum_kolom(FormulierUitkomst, "formulieruitkomst"))
    eigen_onderzoek_op: Mapped[date | None] = mapped_column(Date)
    eigen_bevindingen: Mapped[str] = mapped_column(Text, default="")
    eigen_conclusie: Mapped[EigenConclusie | None] = mapped_column(enum_kolom(EigenConclusie, "eigenconclusie"))
    eigen_conclusie_op: Mapped[date | None] = mapped_column(Date)
    lbb_aangevraagd_op: Mapped[date | None] = mapped_column(Date)
    # The betrokkene is told of the request (art. 32); the decision period is suspended (art. 31).
    betrokkene_geinformeerd_op: Mapped[date | None] = mapped_column(Date)
    lbb_verlengd_op: Mapped[date | None] = mapped_column(Date)
    lbb_verlenging_weken: Mapped[int | None] = mapped_column(Integer)
    advies_ontvangen_op: Mapped[date | None] = mapped_column(Date)
    advies_mate: Mapped[MateVanGevaar | None] = mapped_column(enum_kolom(MateVanGevaar, "matevangevaar"))
    advies_grond: Mapped[GevaarGrond | None] = mapped_column(enum_kolom(GevaarGrond, "gevaargrond", 10))
    advies_samenvatting: Mapped[str] = mapped_column(Text, default="")
    # An earlier advice reused within the legal period instead of a new request.
    hergebruikt_advies_van_id: Mapped[int | None] = mapped_column(ForeignKey("bibob_onderzoek.id"))
    zienswijze_gevraagd_op: Mapped[date | None] = mapped_column(Date)
    besluit: Mapped[BibobBesluit | None] = mapped_column(enum_kolom(BibobBesluit, "bibobbesluit"))
    besluit_op: Mapped[date | None] = mapped_column(Date)
    besluit_motivering: Mapped[str] = mapped_column(Text, default="")
    gearchiveerd_op: Mapped[date | None] = mapped_column(Date)
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    aangemaakt_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    gewijzigd_op: Mapped[datetime | None] = mapped_column(DateTime)
    versie: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")

    behandelaar = relationship("Gebruiker", foreign_keys=[behandelaar_id])
    vergunning = relationship("Vergunning")
    betrokkenen: Mapped[list[BibobBetrokkene]] = relationship(
        back_populates="onderzoek", order_by="BibobBetrokkene.id", cascade="all, delete-orphan")
    stappen: Mapped[list[BibobStap]] = relationship(order_by="BibobStap.id", cascade="all, delete-orphan")
    documenten: Mapped[list[BibobDocument]] = relationship(order_by="BibobDocument.id",
                                                           cascade="all, delete-orphan")
    tips: Mapped[list[BibobTip]] = relationship(order_by="BibobTip.id", cascade="all, delete-orphan")
    # Loaded with the dossier (selectin): deadlines and the decision check read them for every row of a list.
    zienswijzen: Mapped[list[BibobZienswijze]] = relationship(
        order_by="[BibobZienswijze.ontvangen_op, BibobZienswijze.id]", lazy="selectin", cascade="all, delete-orphan")
    hergebruikt_advies_van = relationship("BibobOnderzoek", remote_side=[id])

    __mapper_args__ = {"version_id_col": versie}

    @property
    def zienswijze_ontvangen_op(self) -> date | None:
        """The date of the last zienswijze (or of the term that passed): the decision comes after it."""
        return max((z.ontvangen_op for z in self.zienswijzen), default=None)

    @property
    def zienswijze_afgezien(self) -> bool:
        """The betrokkene was given the chance and sent nothing (every record says so)."""
        return bool(self.zienswijzen) and all(z.afgezien for z in self.zienswijzen)

    @property
    def aanleiding_label(self) -> str:
        try:
            return BibobAanleiding(self.aanleiding).label
        except ValueError:
            return self.aanleiding


class BibobBetrokkene(Base):
    """A subject of the investigation (the shared subjects register), with its role."""

    __tablename__ = "bibob_betrokkene"
    __table_args__ = (UniqueConstraint("onderzoek_id", "subject_id", "rol", name="uq_bibob_betrokkene"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    onderzoek_id: Mapped[int] = mapped_column(ForeignKey("bibob_onderzoek.id", ondelete="CASCADE"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"), index=True)
    rol: Mapped[BibobRol] = mapped_column(enum_kolom(BibobRol, "bibobrol"))

    onderzoek: Mapped[BibobOnderzoek] = relationship(back_populates="betrokkenen")
    subject = relationship("Subject", lazy="joined")


class BibobStap(Base):
    """One step of the lifecycle as it was taken: the history of the dossier."""

    __tablename__ = "bibob_stap"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    onderzoek_id: Mapped[int] = mapped_column(ForeignKey("bibob_onderzoek.id", ondelete="CASCADE"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    van_status: Mapped[BibobStatus | None] = mapped_column(enum_kolom(BibobStatus, "bibobstap_van"))
    naar_status: Mapped[BibobStatus] = mapped_column(enum_kolom(BibobStatus, "bibobstap_naar"))
    handeling: Mapped[str] = mapped_column(String(120))
    datum: Mapped[date] = mapped_column(Date)
    toelichting: Mapped[str] = mapped_column(Text, default="")
    door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    vastgelegd_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    door = relationship("Gebruiker")


class BibobDocument(Base):
    """A document of the dossier, stored through the storage interface (by its hash)."""

    __tablename__ = "bibob_document"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    onderzoek_id: Mapped[int] = mapped_column(ForeignKey("bibob_onderzoek.id", ondelete="CASCADE"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    sleutel: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    bestandsnaam: Mapped[str] = mapped_column(String(200))
    mimetype: Mapped[str] = mapped_column(String(100))
    grootte: Mapped[int] = mapped_column(Integer)
    omschrijving: Mapped[str] = mapped_column(String(300), default="")
    toegevoegd_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    toegevoegd_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))


class BibobZienswijze(Base):
    """A zienswijze of the betrokkene (art. 33 Wet Bibob, Awb 4:8), or that he let the term pass.
    A statutory response: each is kept as its own row, never overwritten by the next."""

    __tablename__ = "bibob_zienswijze"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    onderzoek_id: Mapped[int] = mapped_column(ForeignKey("bibob_onderzoek.id", ondelete="CASCADE"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    ontvangen_op: Mapped[date] = mapped_column(Date)
    tekst: Mapped[str] = mapped_column(Text, default="")
    afgezien: Mapped[bool] = mapped_column(Boolean, default=False)
    vastgelegd_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    vastgelegd_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))


class BibobTip(Base):
    """Information from another gemeente, the RIEC or a partner, with its source."""

    __tablename__ = "bibob_tip"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    onderzoek_id: Mapped[int] = mapped_column(ForeignKey("bibob_onderzoek.id", ondelete="CASCADE"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    bron: Mapped[TipBron] = mapped_column(enum_kolom(TipBron, "tipbron"))
    bron_omschrijving: Mapped[str] = mapped_column(String(200), default="")
    ontvangen_op: Mapped[date] = mapped_column(Date)
    inhoud: Mapped[str] = mapped_column(Text)
    vastgelegd_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    vastgelegd_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))


class BibobMandaat(Base):
    """A vergunningverlener's mandate for Bibob in one gemeente (the Bibob right; the
    coördinator has it by role). Withdrawn, never deleted."""

    __tablename__ = "bibob_mandaat"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    besluit: Mapped[str] = mapped_column(String(200))
    verleend_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    verleend_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    ingetrokken_op: Mapped[datetime | None] = mapped_column(DateTime)
    ingetrokken_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))

    gebruiker = relationship("Gebruiker", foreign_keys=[gebruiker_id])
