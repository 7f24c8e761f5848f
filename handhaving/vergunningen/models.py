"""The APV permit register: vergunningtypen per gemeente, vergunningen, their aanhangsel,
decision history and voorschriften.

Holders, exploitanten and beheerders are subjects (``handhaving.subjecten``): one company with
three permits is one subject. Whether a permit had a Bibob check, and when, is a date here; the
content of an investigation lives only in the Bibob module (Wet Bibob art. 28).
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from handhaving.db import Base, enum_kolom, utcnow
from handhaving.enums import LabelEnum


class VergunningSoort(LabelEnum):
    SEKSINRICHTING = "seksinrichting", "Exploitatievergunning seksinrichting"
    ESCORTBEDRIJF = "escortbedrijf", "Exploitatievergunning escortbedrijf"
    RAAMPROSTITUTIE = "raamprostitutie", "Exploitatievergunning raamprostitutie"
    MASSAGESALON = "massagesalon", "Exploitatievergunning massagesalon"
    HORECA = "horeca", "Horeca-exploitatievergunning"
    ALCOHOLWET = "alcoholwet", "Alcoholwetvergunning"
    HUISVESTING = "huisvesting", "Huisvestingsvergunning / omzettingsvergunning"
    HUISVESTING_ARBEIDSMIGRANTEN = "huisvesting_arbeidsmigranten", "Exploitatievergunning huisvesting arbeidsmigranten"


class VergunningStatus(LabelEnum):
    AANGEVRAAGD = "aangevraagd", "Aangevraagd"
    IN_BEHANDELING = "in_behandeling", "In behandeling"
    VERLEEND = "verleend", "Verleend"
    GEWEIGERD = "geweigerd", "Geweigerd"
    GESCHORST = "geschorst", "Geschorst"
    INGETROKKEN = "ingetrokken", "Ingetrokken"
    VERVALLEN = "vervallen", "Vervallen"


# A permit that binds the holder today: its voorschriften are checked at a controle.
GELDEND = (VergunningStatus.VERLEEND, VergunningStatus.GESCHORST)


class BetrokkeneRol(LabelEnum):
    EXPLOITANT = "exploitant", "Exploitant"
    BEHEERDER = "beheerder", "Beheerder"
    LEIDINGGEVENDE = "leidinggevende", "Leidinggevende"


class VoorschriftCategorie(LabelEnum):
    OPENINGSTIJDEN = "openingstijden", "Openingstijden"
    BEHEER = "beheer", "Beheer en aanwezigheid"
    ADMINISTRATIE = "administratie", "Administratie en registratie"
    SEKSWERKERS = "sekswerkers", "Sekswerkers (leeftijd, zelfbeschikking, hulpverlening)"
    BEZETTING = "bezetting", "Bezetting en inrichting"
    VEILIGHEID = "veiligheid", "Veiligheid en brandveiligheid"
    HYGIENE = "hygiene", "Hygiëne en gezondheid"
    HUISVESTING = "huisvesting", "Huisvesting en bewoning"
    ALCOHOL = "alcohol", "Alcohol"
    OVERIG = "overig", "Overig"


class Vergunningtype(Base):
    """A kind of permit as one gemeente configures it, with the article that grounds it
    (APV numbering differs per gemeente: domain brief §8, §9.3)."""

    __tablename__ = "vergunningtype"
    __table_args__ = (UniqueConstraint("gemeente_id", "soort", name="uq_vergunningtype_gemeente_soort"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    soort: Mapped[VergunningSoort] = mapped_column(enum_kolom(VergunningSoort, "vergunningsoort"))
    naam: Mapped[str] = mapped_column(String(120))
    grondslag: Mapped[str] = mapped_column(String(200))
    # Usual term of a permit of this kind, to suggest a vervaldatum; empty = indefinite.
    geldigheid_maanden: Mapped[int | None] = mapped_column(Integer)
    actief: Mapped[bool] = mapped_column(Boolean, default=True)
    volgorde: Mapped[int] = mapped_column(Integer, default=0)


class Vergunning(Base):
    __tablename__ = "vergunning"
    __table_args__ = (
        UniqueConstraint("gemeente_id", "zaaknummer", name="uq_vergunning_gemeente_zaaknummer"),
        Index("ix_vergunning_gemeente_status_verval", "gemeente_id", "status", "vervaldatum"),
        Index("ix_vergunning_gemeente_type", "gemeente_id", "vergunningtype_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    zaaknummer: Mapped[str] = mapped_column(String(40))
    vergunningtype_id: Mapped[int] = mapped_column(ForeignKey("vergunningtype.id"))
    status: Mapped[VergunningStatus] = mapped_column(enum_kolom(VergunningStatus, "vergunningstatus"))
    houder_id: Mapped[int] = mapped_column(ForeignKey("subject.id"), index=True)
    adres_id: Mapped[int | None] = mapped_column(ForeignKey("adres.id"), index=True)
    # The establishment (inrichting) the permit is for.
    inrichting_naam: Mapped[str] = mapped_column(String(200), default="")
    werkruimten: Mapped[int | None] = mapped_column(Integer)
    max_personen: Mapped[int | None] = mapped_column(Integer)
    openingstijden: Mapped[str] = mapped_column(Text, default="")
    aanvraagdatum: Mapped[date | None] = mapped_column(Date)
    besluitdatum: Mapped[date | None] = mapped_column(Date)
    ingangsdatum: Mapped[date | None] = mapped_column(Date)
    vervaldatum: Mapped[date | None] = mapped_column(Date, index=True)
    # Only that a Bibob check was done and when (also for checks from before this register);
    # what it found is the Bibob module's (art. 28).
    bibob_getoetst_op: Mapped[date | None] = mapped_column(Date)
    toelichting: Mapped[str] = mapped_column(Text, default="")
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    aangemaakt_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    gewijzigd_op: Mapped[datetime | None] = mapped_column(DateTime)

    vergunningtype: Mapped[Vergunningtype] = relationship(lazy="joined")
    houder = relationship("Subject", lazy="joined")
    adres = relationship("Adres")
    betrokkenen: Mapped[list[VergunningBetrokkene]] = relationship(
        back_populates="vergunning", order_by="VergunningBetrokkene.id", cascade="all, delete-orphan")
    voorschriften: Mapped[list[Voorschrift]] = relationship(
        back_populates="vergunning", order_by="Voorschrift.volgorde", cascade="all, delete-orphan")
    besluiten: Mapped[list[VergunningBesluit]] = relationship(
        order_by="VergunningBesluit.id", cascade="all, delete-orphan")

    @property
    def soort(self) -> VergunningSoort:
        return self.vergunningtype.soort

    @property
    def is_geldend(self) -> bool:
        return self.status in GELDEND


class VergunningBetrokkene(Base):
    """The aanhangsel: exploitanten, beheerders and leidinggevenden named on the permit."""

    __tablename__ = "vergunning_betrokkene"
    __table_args__ = (UniqueConstraint("vergunning_id", "subject_id", "rol", name="uq_vergunning_betrokkene"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vergunning_id: Mapped[int] = mapped_column(ForeignKey("vergunning.id", ondelete="CASCADE"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"), index=True)
    rol: Mapped[BetrokkeneRol] = mapped_column(enum_kolom(BetrokkeneRol, "betrokkenerol"))
    sinds: Mapped[date | None] = mapped_column(Date)
    tot: Mapped[date | None] = mapped_column(Date)

    vergunning: Mapped[Vergunning] = relationship(back_populates="betrokkenen")
    subject = relationship("Subject", lazy="joined")


class VergunningBesluit(Base):
    """One step of the decision history: every status change with its date and reasons."""

    __tablename__ = "vergunning_besluit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vergunning_id: Mapped[int] = mapped_column(ForeignKey("vergunning.id", ondelete="CASCADE"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    van_status: Mapped[VergunningStatus | None] = mapped_column(enum_kolom(VergunningStatus, "besluit_van_status"))
    naar_status: Mapped[VergunningStatus] = mapped_column(enum_kolom(VergunningStatus, "besluit_naar_status"))
    handeling: Mapped[str] = mapped_column(String(80))
    datum: Mapped[date] = mapped_column(Date)
    toelichting: Mapped[str] = mapped_column(Text, default="")
    door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    vastgelegd_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    door = relationship("Gebruiker")


class Voorschrift(Base):
    """One condition attached to a permit; checked at every controle at its address."""

    __tablename__ = "voorschrift"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vergunning_id: Mapped[int] = mapped_column(ForeignKey("vergunning.id", ondelete="CASCADE"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    nummer: Mapped[str] = mapped_column(String(10))
    tekst: Mapped[str] = mapped_column(Text)
    categorie: Mapped[VoorschriftCategorie] = mapped_column(enum_kolom(VoorschriftCategorie, "voorschriftcategorie"),
                                                            default=VoorschriftCategorie.OVERIG)
    bron_artikel: Mapped[str] = mapped_column(String(120), default="")
    volgorde: Mapped[int] = mapped_column(Integer, default=0)
    # A voorschrift is never deleted once a controle checked it: it is withdrawn instead.
    vervallen: Mapped[bool] = mapped_column(Boolean, default=False)
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    vergunning: Mapped[Vergunning] = relationship(back_populates="voorschriften")
