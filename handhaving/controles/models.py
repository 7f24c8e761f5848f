"""Controles, their checklists, and what a toezichthouder records on site.

Records a tablet may create offline carry a client-generated ``uuid`` (the
idempotency key for exactly-once sync) and a ``versie`` counter (optimistic
locking: a stale edit is refused instead of overwriting).

Data about sex workers is special-category (AVG art. 9): it lives in its own
table (``AangetroffenSekswerker``), holds only what the APV asks, and is read
only through ``services.sekswerkers`` which checks the need and audits each read.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from handhaving.auth.models import Gebruiker
from handhaving.db import Base, enum_kolom, utcnow
from handhaving.enums import LabelEnum


class ControleSoort(LabelEnum):
    """The broad kind; the precise type (with its checklist) is a ``Controletype`` row."""
    PROSTITUTIE_VERGUND = "prostitutiecontrole_vergund", "Prostitutiecontrole vergunde sector"
    PROSTITUTIE_ONVERGUND = "prostitutiecontrole_onvergund", "Prostitutiecontrole onvergunde sector"
    INTEGRAAL = "integrale_controle", "Integrale controle"
    HUISVESTING = "huisvestingscontrole", "Huisvestingscontrole"


class ControleStatus(LabelEnum):
    """Lifecycle from the domain brief §2; the transitions are in ``workflow.py``."""
    GEPLAND = "gepland", "Gepland"
    VOORBEREID = "voorbereid", "Voorbereid"
    UITGEVOERD = "uitgevoerd", "Uitgevoerd"
    RAPPORT_CONCEPT = "rapport_concept", "Rapport in concept"
    RAPPORT_VASTGESTELD = "rapport_vastgesteld", "Rapport vastgesteld"
    AFGESLOTEN_GEEN_OVERTREDING = "afgesloten_geen_overtreding", "Afgesloten, geen overtreding"
    DOORGEZET_HANDHAVING = "doorgezet_handhaving", "Doorgezet naar handhaving"
    DOORGEZET_SIGNAAL_RIEC = "doorgezet_signaal_riec", "Signaal naar het RIEC"
    DOORGEZET_PARTNER = "doorgezet_partner", "Doorgezet naar partner"
    HERCONTROLE_GEPLAND = "hercontrole_gepland", "Hercontrole gepland"


class Partner(LabelEnum):
    POLITIE = "politie", "Politie / AVIM"
    ARBEIDSINSPECTIE = "arbeidsinspectie", "Nederlandse Arbeidsinspectie"
    BELASTINGDIENST = "belastingdienst", "Belastingdienst"
    BRANDWEER = "brandweer", "Brandweer"
    GGD = "ggd", "GGD"


class Toegang(LabelEnum):
    """Awb 5:15: any place may be entered, a woning only with consent or a machtiging."""
    OPENBARE_INRICHTING = "openbare_inrichting", "Openbare inrichting (vrij toegankelijk)"
    TOESTEMMING = "toestemming", "Toestemming van de bewoner of gebruiker"
    MACHTIGING = "machtiging", "Machtiging tot binnentreden"
    GEEN = "geen", "Geen toegang verkregen"


class ItemSoort(LabelEnum):
    JA_NEE = "ja_nee", "Ja / nee / n.v.t."
    GETAL = "getal", "Getal"
    TEKST = "tekst", "Tekst"
    KEUZE = "keuze", "Keuze uit een lijst"
    DATUM = "datum", "Datum"
    TIJD = "tijd", "Tijd"


class SjabloonStatus(LabelEnum):
    CONCEPT = "concept", "Concept"
    GEPUBLICEERD = "gepubliceerd", "In gebruik"
    VERVANGEN = "vervangen", "Vervangen"


class BevindingCategorie(LabelEnum):
    VERGUNNING = "vergunning", "Vergunning en voorschriften"
    BEHEER = "beheer", "Exploitant en beheer"
    ADMINISTRATIE = "administratie", "Administratie"
    IDENTITEIT = "identiteit", "Identiteit, leeftijd en arbeid"
    HYGIENE = "hygiene", "Hygiëne en omstandigheden"
    VEILIGHEID = "veiligheid", "Brandveiligheid en veiligheid"
    HUISVESTING = "huisvesting", "Huisvesting en overbewoning"
    GEBRUIK = "gebruik", "Strijdig gebruik"
    OVERIG = "overig", "Overig"


class Waarneming(LabelEnum):
    EIGEN = "eigen", "Eigen waarneming"
    HOREN_ZEGGEN = "horen_zeggen", "Van horen zeggen"


class Tijdbron(LabelEnum):
    """Where a finding's ``waargenomen_op`` came from (issue 23: the rapport must say when the facts
    were observed, Awb 3:2; the moment of receipt is not that moment)."""
    APPARAAT = "apparaat", "Klok van het apparaat"
    SERVER = "server", "Klok van de server"
    OPGEGEVEN = "opgegeven", "Opgegeven door de toezichthouder"
    CORRECTIE = "correctie", "Gecorrigeerd"


class Ernst(LabelEnum):
    GERING = "gering", "Gering"
    MATIG = "matig", "Matig"
    ERNSTIG = "ernstig", "Ernstig"


class PersoonRol(LabelEnum):
    SEKSWERKER = "sekswerker", "Sekswerker"
    EXPLOITANT = "exploitant", "Exploitant"
    BEHEERDER = "beheerder", "Beheerder / leidinggevende"
    BEWONER = "bewoner", "Bewoner"
    WERKNEMER = "werknemer", "Werknemer"
    ANDERS = "anders", "Anders"


class Ondertekenwijze(LabelEnum):
    HANDTEKENING = "handtekening", "Handtekening op het scherm"
    VERKLARING = "verklaring", "Verklaring naar waarheid"


class RapportStatus(LabelEnum):
    WACHT = "wacht", "Wordt gemaakt"
    KLAAR = "klaar", "Klaar"
    FOUT = "fout", "Mislukt"


class Aanwijzing(Base):
    """A toezichthouder's aanwijzingsbesluit and legitimatiebewijs (Awb 5:11, 5:12) per gemeente."""
    __tablename__ = "aanwijzing"
    __table_args__ = (UniqueConstraint("gebruiker_id", "gemeente_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    besluit: Mapped[str] = mapped_column(String(200))
    legitimatienummer: Mapped[str] = mapped_column(String(40))
    geldig_tot: Mapped[datetime | None] = mapped_column(DateTime)
    gewijzigd_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Controletype(Base):
    """A kind of control a gemeente carries out, with its default partners and legal bases."""
    __tablename__ = "controletype"
    __table_args__ = (UniqueConstraint("gemeente_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    code: Mapped[str] = mapped_column(String(60))
    naam: Mapped[str] = mapped_column(String(120))
    soort: Mapped[ControleSoort] = mapped_column(enum_kolom(ControleSoort, "controletype_soort"))
    omschrijving: Mapped[str] = mapped_column(Text, default="")
    partners: Mapped[list] = mapped_column(JSON, default=list)
    rechtsgronden: Mapped[list] = mapped_column(JSON, default=list)
    # A woning may be entered only with toestemming or machtiging (Awb 5:15, Huisvestingswet art 34).
    woning_mogelijk: Mapped[bool] = mapped_column(Boolean, default=False)
    actief: Mapped[bool] = mapped_column(Boolean, default=True)
    volgorde: Mapped[int] = mapped_column(Integer, default=0)

    sjablonen: Mapped[list[ChecklistSjabloon]] = relationship(back_populates="controletype",
                                                                order_by="ChecklistSjabloon.versie")


class ChecklistSjabloon(Base):
    """One version of a type's checklist. Published versions never change: a control keeps
    the version it was carried out with; editing works on a concept that becomes the next version."""
    __tablename__ = "checklist_sjabloon"
    __table_args__ = (UniqueConstraint("controletype_id", "versie"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    controletype_id: Mapped[int] = mapped_column(ForeignKey("controletype.id"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    versie: Mapped[int] = mapped_column(Integer)
    status: Mapped[SjabloonStatus] = mapped_column(enum_kolom(SjabloonStatus, "sjabloonstatus"))
    gepubliceerd_op: Mapped[datetime | None] = mapped_column(DateTime)
    gepubliceerd_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    controletype: Mapped[Controletype] = relationship(back_populates="sjablonen")
    secties: Mapped[list[ChecklistSectie]] = relationship(back_populates="sjabloon", order_by="ChecklistSectie.volgorde",
                                                            cascade="all, delete-orphan")


class ChecklistSectie(Base):
    __tablename__ = "checklist_sectie"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sjabloon_id: Mapped[int] = mapped_column(ForeignKey("checklist_sjabloon.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    titel: Mapped[str] = mapped_column(String(200))
    toelichting: Mapped[str] = mapped_column(Text, default="")
    volgorde: Mapped[int] = mapped_column(Integer)
    # Trafficking signals (brief §4 F): recorded as observed signals, never as a verdict.
    signalen: Mapped[bool] = mapped_column(Boolean, default=False)

    sjabloon: Mapped[ChecklistSjabloon] = relationship(back_populates="secties")
    items: Mapped[list[ChecklistItem]] = relationship(back_populates="sectie", order_by="ChecklistItem.volgorde",
                                                        cascade="all, delete-orphan")


class ChecklistItem(Base):
    __tablename__ = "checklist_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sectie_id: Mapped[int] = mapped_column(ForeignKey("checklist_sectie.id", ondelete="CASCADE"), index=True)
    # Stable across versions: answers and findings of different versions can be compared by code.
    code: Mapped[str] = mapped_column(String(60))
    soort: Mapped[ItemSoort] = mapped_column(enum_kolom(ItemSoort, "itemsoort"))
    tekst: Mapped[str] = mapped_column(String(300))
    hulptekst: Mapped[str] = mapped_column(Text, default="")
    verplicht: Mapped[bool] = mapped_column(Boolean, default=False)
    keuzes: Mapped[list] = mapped_column(JSON, default=list)
    norm: Mapped[str] = mapped_column(String(200), default="")
    volgorde: Mapped[int] = mapped_column(Integer)
    # Retired in a concept: not carried into the next published version.
    vervallen: Mapped[bool] = mapped_column(Boolean, default=False)

    sectie: Mapped[ChecklistSectie] = relationship(back_populates="items")


class Controleronde(Base):
    """Several controles planned together (one evening, one team, several addresses)."""
    __tablename__ = "controleronde"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    naam: Mapped[str] = mapped_column(String(200))
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    aangemaakt_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))

    controles: Mapped[list[Controle]] = relationship(back_populates="ronde", order_by="Controle.gepland_op")


# The toezichthouders assigned to a controle: only they (and the coördinator) may
# record and change it (controles/permissions.py, ``mag_wijzigen``).
controle_toezichthouder = Table(
    "controle_toezichthouder", Base.metadata,
    Column("controle_id", ForeignKey("controle.id", ondelete="CASCADE"), primary_key=True),
    Column("gebruiker_id", ForeignKey("gebruiker.id", ondelete="CASCADE"), primary_key=True, index=True),
)


# Statuses past each step of the lifecycle (``workflow.py``), for the CHECK constraints below.
AFGEROND = ("afgesloten_geen_overtreding", "doorgezet_handhaving", "doorgezet_signaal_riec", "doorgezet_partner",
            "hercontrole_gepland")
NA_VASTSTELLING = ("rapport_vastgesteld", *AFGEROND)
NA_UITVOERING = ("uitgevoerd", "rapport_concept", *NA_VASTSTELLING)


def _IN(waarden) -> str:
    return ", ".join(f"'{w}'" for w in waarden)


class Controle(Base):
    __tablename__ = "controle"
    __table_args__ = (
        # The planning list and "vandaag" filter on gemeente and date; the address page on address.
        Index("ix_controle_gemeente_gepland", "gemeente_id", "gepland_op"),
        Index("ix_controle_gemeente_status", "gemeente_id", "status"),
        # The planning list (newest first over all gemeenten in scope) reads this index backwards
        # and stops after one page; without it 100 000 controles are sorted (326 ms → 0.6 ms).
        Index("ix_controle_gepland_id", "gepland_op", "id"),
        # The lifecycle's moments, held by the database: a status past a step has that step's time
        # (pages such as the suggestions list rely on it; migration h22fuzz01).
        CheckConstraint(f"status NOT IN ({_IN(NA_UITVOERING)}) OR uitgevoerd_op IS NOT NULL", name="uitgevoerd_op"),
        CheckConstraint(f"status NOT IN ({_IN(NA_VASTSTELLING)}) OR vastgesteld_op IS NOT NULL",
                        name="vastgesteld_op"),
        CheckConstraint(f"status NOT IN ({_IN(AFGEROND)}) OR afgerond_op IS NOT NULL", name="afgerond_op"),
        # Their order (Awb 3:2: the rapport is fixed after entry and every observation; h23tijden01).
        CheckConstraint("gestart_op IS NULL OR uitgevoerd_op IS NULL OR gestart_op <= uitgevoerd_op",
                        name="gestart_voor_uitgevoerd"),
        CheckConstraint("uitgevoerd_op IS NULL OR vastgesteld_op IS NULL OR uitgevoerd_op <= vastgesteld_op",
                        name="uitgevoerd_voor_vastgesteld"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    adres_id: Mapped[int | None] = mapped_column(ForeignKey("adres.id"), index=True)
    soort: Mapped[ControleSoort] = mapped_column(enum_kolom(ControleSoort, "controlesoort"))
    controletype_id: Mapped[int | None] = mapped_column(ForeignKey("controletype.id"), index=True)
    sjabloon_id: Mapped[int | None] = mapped_column(ForeignKey("checklist_sjabloon.id"))
    ronde_id: Mapped[int | None] = mapped_column(ForeignKey("controleronde.id"), index=True)
    vorige_controle_id: Mapped[int | None] = mapped_column(ForeignKey("controle.id"))
    status: Mapped[ControleStatus] = mapped_column(enum_kolom(ControleStatus, "controlestatus"))
    gepland_op: Mapped[datetime | None] = mapped_column(DateTime)
    gepland_tot: Mapped[datetime | None] = mapped_column(DateTime)
    partners: Mapped[list] = mapped_column(JSON, default=list)
    rechtsgronden: Mapped[list] = mapped_column(JSON, default=list)
    briefing: Mapped[str] = mapped_column(Text, default="")
    # On site
    gestart_op: Mapped[datetime | None] = mapped_column(DateTime)
    # When the server learnt of the start: a tablet's start time (``gestart_op``) may lie hours before.
    gestart_ontvangen_op: Mapped[datetime | None] = mapped_column(DateTime)
    locatie_lat: Mapped[float | None] = mapped_column(Float)
    locatie_lon: Mapped[float | None] = mapped_column(Float)
    locatie_nauwkeurigheid: Mapped[float | None] = mapped_column(Float)
    toegang: Mapped[Toegang | None] = mapped_column(enum_kolom(Toegang, "toegang"))
    is_woning: Mapped[bool] = mapped_column(Boolean, default=False)
    notities: Mapped[str] = mapped_column(Text, default="")
    uitgevoerd_op: Mapped[datetime | None] = mapped_column(DateTime)
    vastgesteld_op: Mapped[datetime | None] = mapped_column(DateTime)
    afgerond_op: Mapped[datetime | None] = mapped_column(DateTime)
    uitkomst_toelichting: Mapped[str] = mapped_column(Text, default="")
    versie: Mapped[int] = mapped_column(Integer, nullable=False)
    # Set on every saved change, also when only answers changed: the UPDATE moves ``versie`` on.
    gewijzigd_op: Mapped[datetime | None] = mapped_column(DateTime)
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    aangemaakt_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))

    controletype: Mapped[Controletype | None] = relationship(lazy="joined")
    sjabloon: Mapped[ChecklistSjabloon | None] = relationship()
    ronde: Mapped[Controleronde | None] = relationship(back_populates="controles")
    adres = relationship("Adres", lazy="joined")
    bevindingen: Mapped[list[Bevinding]] = relationship(back_populates="controle", order_by="Bevinding.id",
                                                        foreign_keys="Bevinding.controle_id")
    toezichthouders: Mapped[list[Gebruiker]] = relationship(secondary=controle_toezichthouder,
                                                              lazy="selectin")
    antwoorden: Mapped[list[ChecklistAntwoord]] = relationship(back_populates="controle")
    personen: Mapped[list[AangetroffenPersoon]] = relationship(order_by="AangetroffenPersoon.id")
    fotos: Mapped[list[Foto]] = relationship(order_by="Foto.id")
    ondertekeningen: Mapped[list[Ondertekening]] = relationship(order_by="Ondertekening.id")
    addenda: Mapped[list[Addendum]] = relationship(order_by="Addendum.id")
    rapporten: Mapped[list[Rapport]] = relationship(order_by="Rapport.versie")
    uitkomsten: Mapped[list[ControleUitkomst]] = relationship(foreign_keys="ControleUitkomst.controle_id",
                                                              order_by="ControleUitkomst.id")

    __mapper_args__ = {"version_id_col": versie}

    @property
    def titel(self) -> str:
        naam = self.controletype.naam if self.controletype else self.soort.label
        return f"{naam} – {self.adres.regel1}" if self.adres else naam


class ControleUitkomst(Base):
    """One outcome of a controle. A controle may have several: one visit can lead to enforcement,
    a RIEC signal and a referral to a partner together. The rules on the set (what excludes what)
    are in ``afronding.kies_uitkomsten``; the controle's status is the one that reaches furthest
    (``workflow.VOORRANG``). Before migration h23uitkomst01 the one outcome was the status and
    ``Controle.uitkomst_toelichting``; the migration copied those here."""
    __tablename__ = "controle_uitkomst"
    __table_args__ = (
        UniqueConstraint("controle_id", "uitkomst"),
        CheckConstraint(f"uitkomst IN ({_IN(AFGEROND)})", name="alleen_uitkomsten"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # No index of its own: the unique (controle_id, uitkomst) serves lookups by controle.
    controle_id: Mapped[int] = mapped_column(ForeignKey("controle.id"))
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    uitkomst: Mapped[ControleStatus] = mapped_column(enum_kolom(ControleStatus, "controle_uitkomst_status"))
    # What happens now and by whom.
    toelichting: Mapped[str] = mapped_column(Text, default="")
    # For doorgezet_partner: the organisation it went to (a ``Partner`` value).
    partner: Mapped[str] = mapped_column(String(40), default="")
    # For hercontrole_gepland: the follow-up controle, planned in the same step.
    hercontrole_id: Mapped[int | None] = mapped_column(ForeignKey("controle.id"), index=True)
    gekozen_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    gekozen_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))

    hercontrole: Mapped[Controle | None] = relationship(foreign_keys=[hercontrole_id])

    @property
    def partner_label(self) -> str:
        try:
            return Partner(self.partner).label
        except ValueError:
            return self.partner


class ChecklistAntwoord(Base):
    __tablename__ = "checklist_antwoord"
    __table_args__ = (UniqueConstraint("controle_id", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    controle_id: Mapped[int] = mapped_column(ForeignKey("controle.id"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("checklist_item.id"))
    waarde: Mapped[str] = mapped_column(Text, default="")
    toelichting: Mapped[str] = mapped_column(Text, default="")
    gewijzigd_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    gewijzigd_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))

    controle: Mapped[Controle] = relationship(back_populates="antwoorden")
    item: Mapped[ChecklistItem] = relationship(lazy="joined")


class ToetsOordeel(LabelEnum):
    NAGELEEFD = "nageleefd", "Nageleefd"
    OVERTREDEN = "overtreden", "Overtreden"
    NIET_GECONTROLEERD = "niet_gecontroleerd", "Niet gecontroleerd"


class VoorschriftToets(Base):
    """The check of one permit voorschrift in one controle.

    Rows are made when the controle is planned at an address with a permit in force (and
    topped up until it is carried out), so the checks a controle had stay with it when the
    permit changes later. An empty ``oordeel`` means not yet judged.
    """

    __tablename__ = "voorschrift_toets"
    __table_args__ = (UniqueConstraint("controle_id", "voorschrift_id", name="uq_voorschrift_toets"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    controle_id: Mapped[int] = mapped_column(ForeignKey("controle.id"), index=True)
    voorschrift_id: Mapped[int] = mapped_column(ForeignKey("voorschrift.id"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    oordeel: Mapped[str] = mapped_column(String(20), default="")
    toelichting: Mapped[str] = mapped_column(Text, default="")
    gewijzigd_op: Mapped[datetime | None] = mapped_column(DateTime)
    gewijzigd_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))

    voorschrift = relationship("Voorschrift", lazy="joined")


class Bevinding(Base):
    __tablename__ = "bevinding"
    __table_args__ = (
        # Only a device's clock can run ahead of the server's: a time from the server, typed in or
        # corrected lies at or before the receipt (migration h23tijden01).
        CheckConstraint("tijdbron = 'apparaat' OR waargenomen_op <= ontvangen_op", name="waargenomen_voor_ontvangst"),
        # A device time always comes with the clock difference measured at its sync.
        CheckConstraint("tijdbron != 'apparaat' OR klokverschil_s IS NOT NULL", name="apparaat_met_klokverschil"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    controle_id: Mapped[int] = mapped_column(ForeignKey("controle.id"), index=True)
    # Denormalised so every query can filter on the tenant without a join.
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    categorie: Mapped[BevindingCategorie] = mapped_column(enum_kolom(BevindingCategorie, "bevindingcategorie"),
                                                          default=BevindingCategorie.OVERIG)
    omschrijving: Mapped[str] = mapped_column(Text)
    waarneming: Mapped[Waarneming] = mapped_column(enum_kolom(Waarneming, "waarneming"), default=Waarneming.EIGEN)
    ernst: Mapped[Ernst] = mapped_column(enum_kolom(Ernst, "ernst"), default=Ernst.MATIG)
    norm: Mapped[str] = mapped_column(String(200), default="")
    checklist_item_code: Mapped[str | None] = mapped_column(String(60))
    # The permit condition this finding breaches (one of the controle's voorschrift checks).
    voorschrift_id: Mapped[int | None] = mapped_column(ForeignKey("voorschrift.id"), index=True)
    # Closed when a later control finds it resolved (shown on the address page until then).
    opgelost_op: Mapped[datetime | None] = mapped_column(DateTime)
    opgelost_in_controle_id: Mapped[int | None] = mapped_column(ForeignKey("controle.id"))
    opgelost_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    # The moment of observation as recorded: the device's clock (offline or online tablet), the
    # server's, or a typed/corrected time; ``tijdbron`` says which. Never silently replaced.
    waargenomen_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # When the server received the finding (the sync or the form post).
    ontvangen_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Server time at receipt minus the device's ``verzonden_op`` of the bundle (seconds, + = device behind).
    klokverschil_s: Mapped[int | None] = mapped_column(Integer)
    tijdbron: Mapped[Tijdbron] = mapped_column(enum_kolom(Tijdbron, "tijdbron"), default=Tijdbron.SERVER)
    vastgelegd_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    # sha256 of the submitted content: a replay with the same uuid and another body is refused.
    inhoud_hash: Mapped[str | None] = mapped_column(String(64))
    versie: Mapped[int] = mapped_column(Integer, nullable=False)

    controle: Mapped[Controle] = relationship(back_populates="bevindingen", foreign_keys=[controle_id])
    fotos: Mapped[list[Foto]] = relationship(back_populates="bevinding", order_by="Foto.id")
    tijdcorrecties: Mapped[list[BevindingTijdcorrectie]] = relationship(order_by="BevindingTijdcorrectie.id")

    __mapper_args__ = {"version_id_col": versie}


class BevindingTijdcorrectie(Base):
    """A correction of a finding's ``waargenomen_op`` with its reason: append-only (the services
    never update or delete a row), also written to the audit log."""
    __tablename__ = "bevinding_tijdcorrectie"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bevinding_id: Mapped[int] = mapped_column(ForeignKey("bevinding.id"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    oud: Mapped[datetime] = mapped_column(DateTime)
    oude_bron: Mapped[Tijdbron] = mapped_column(enum_kolom(Tijdbron, "tijdbron"))
    nieuw: Mapped[datetime] = mapped_column(DateTime)
    reden: Mapped[str] = mapped_column(Text)
    door_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    door: Mapped[Gebruiker] = relationship(lazy="joined")


class AangetroffenPersoon(Base):
    """Someone met on site, minimal: the role and what was checked. For a sekswerker this row
    holds nothing but the role; the rest is in ``AangetroffenSekswerker``."""
    __tablename__ = "aangetroffen_persoon"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    controle_id: Mapped[int] = mapped_column(ForeignKey("controle.id"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    rol: Mapped[PersoonRol] = mapped_column(enum_kolom(PersoonRol, "persoonrol"))
    naam: Mapped[str] = mapped_column(String(200), default="")
    id_gezien: Mapped[bool] = mapped_column(Boolean, default=False)
    leeftijd_gecontroleerd: Mapped[bool] = mapped_column(Boolean, default=False)
    opmerking: Mapped[str] = mapped_column(Text, default="")
    inhoud_hash: Mapped[str | None] = mapped_column(String(64))
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    aangemaakt_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))


class AangetroffenSekswerker(Base):
    """Special-category data (AVG art. 9), kept apart and minimal (brief §4 E, §8)."""
    __tablename__ = "aangetroffen_sekswerker"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    persoon_id: Mapped[int] = mapped_column(ForeignKey("aangetroffen_persoon.id", ondelete="CASCADE"), unique=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    werknaam: Mapped[str] = mapped_column(String(120), default="")
    geboortejaar: Mapped[int | None] = mapped_column(Integer)
    leeftijd_voldoet: Mapped[bool | None] = mapped_column(Boolean)
    id_gezien: Mapped[bool] = mapped_column(Boolean, default=False)
    nationaliteit: Mapped[str] = mapped_column(String(80), default="")
    ingeschreven_brp_rni: Mapped[bool | None] = mapped_column(Boolean)
    gesprek_aangeboden: Mapped[bool] = mapped_column(Boolean, default=False)
    tolk: Mapped[bool] = mapped_column(Boolean, default=False)
    toelichting: Mapped[str] = mapped_column(Text, default="")

    # No relationship back from AangetroffenPersoon: nothing loads this table by accident.
    persoon: Mapped[AangetroffenPersoon] = relationship()


class Foto(Base):
    """A photo taken on site: re-encoded, EXIF/GPS removed, stored by its hash."""
    __tablename__ = "controle_foto"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    controle_id: Mapped[int] = mapped_column(ForeignKey("controle.id"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    bevinding_id: Mapped[int | None] = mapped_column(ForeignKey("bevinding.id"), index=True)
    sleutel: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    mimetype: Mapped[str] = mapped_column(String(40))
    breedte: Mapped[int] = mapped_column(Integer)
    hoogte: Mapped[int] = mapped_column(Integer)
    grootte: Mapped[int] = mapped_column(Integer)
    bijschrift: Mapped[str] = mapped_column(String(300), default="")
    gemaakt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    gemaakt_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))

    bevinding: Mapped[Bevinding | None] = relationship(back_populates="fotos")


class Ondertekening(Base):
    __tablename__ = "ondertekening"
    __table_args__ = (UniqueConstraint("controle_id", "gebruiker_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    controle_id: Mapped[int] = mapped_column(ForeignKey("controle.id"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    wijze: Mapped[Ondertekenwijze] = mapped_column(enum_kolom(Ondertekenwijze, "ondertekenwijze"))
    naam: Mapped[str] = mapped_column(String(120))
    verklaring: Mapped[str] = mapped_column(Text, default="")
    handtekening_sleutel: Mapped[str | None] = mapped_column(String(200))
    handtekening_sha256: Mapped[str | None] = mapped_column(String(64))
    getekend_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    gebruiker: Mapped[Gebruiker] = relationship(lazy="joined")


class Addendum(Base):
    """A dated correction after the rapport was vastgesteld; the rapport itself never changes."""
    __tablename__ = "controle_addendum"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    controle_id: Mapped[int] = mapped_column(ForeignKey("controle.id"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    tekst: Mapped[str] = mapped_column(Text)
    reden: Mapped[str] = mapped_column(Text)
    door_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    door: Mapped[Gebruiker] = relationship(lazy="joined")


class Rapport(Base):
    """A generated rapport van bevindingen (HTML and PDF), stored with its hashes."""
    __tablename__ = "controle_rapport"
    __table_args__ = (UniqueConstraint("controle_id", "versie"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    controle_id: Mapped[int] = mapped_column(ForeignKey("controle.id"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    versie: Mapped[int] = mapped_column(Integer)
    status: Mapped[RapportStatus] = mapped_column(enum_kolom(RapportStatus, "rapportstatus"))
    html_sleutel: Mapped[str | None] = mapped_column(String(200))
    html_sha256: Mapped[str | None] = mapped_column(String(64))
    pdf_sleutel: Mapped[str | None] = mapped_column(String(200))
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    pdf_grootte: Mapped[int | None] = mapped_column(Integer)
    aangevraagd_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    gemaakt_op: Mapped[datetime | None] = mapped_column(DateTime)
    fout: Mapped[str | None] = mapped_column(Text)


class SyncInzending(Base):
    """One bundle of offline drafts from a tablet (issue 14), processed exactly once.

    Keyed by the bundle's client ``uuid``; ``inhoud_hash`` is the sha256 of its canonical
    body. A replay with the same uuid and body gets ``resultaat`` back; another body is
    refused. Only accepted bundles are kept: a refused one rolls back with everything in it."""
    __tablename__ = "sync_inzending"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    controle_id: Mapped[int] = mapped_column(ForeignKey("controle.id"), index=True)
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    inhoud_hash: Mapped[str] = mapped_column(String(64))
    resultaat: Mapped[dict] = mapped_column(JSON, default=dict)
    ontvangen_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class FotoUpload(Base):
    """A photo arriving in parts (resumable upload), keyed by the photo's client ``uuid``.

    The parts live in the database, not in a local temp file, so any app server can take
    the next part. The last part assembles the photo, stores it as a ``Foto`` and removes
    this row with its parts."""
    __tablename__ = "foto_upload"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    controle_id: Mapped[int] = mapped_column(ForeignKey("controle.id", ondelete="CASCADE"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    totaal: Mapped[int] = mapped_column(Integer)
    ontvangen: Mapped[int] = mapped_column(Integer, default=0)
    bijschrift: Mapped[str] = mapped_column(String(300), default="")
    bevinding_uuid: Mapped[str | None] = mapped_column(String(36))
    # Optional sha256 of the whole photo as the tablet has it: checked when the parts are joined.
    sha256: Mapped[str | None] = mapped_column(String(64))
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    gewijzigd_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class FotoUploadDeel(Base):
    __tablename__ = "foto_upload_deel"
    __table_args__ = (UniqueConstraint("upload_id", "positie"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # No index of its own: the unique (upload_id, positie) serves lookups by upload.
    upload_id: Mapped[int] = mapped_column(ForeignKey("foto_upload.id", ondelete="CASCADE"))
    # The byte offset of this part in the photo.
    positie: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
