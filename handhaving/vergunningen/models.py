"""The APV permit register: vergunningen and their voorschriften."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from handhaving.db import Base, enum_kolom, utcnow
from handhaving.enums import LabelEnum


class VergunningSoort(LabelEnum):
    SEKSINRICHTING = "seksinrichting", "Exploitatievergunning seksinrichting"
    ESCORTBEDRIJF = "escortbedrijf", "Escortbedrijf"
    RAAMPROSTITUTIE = "raamprostitutie", "Raamprostitutie"
    MASSAGESALON = "massagesalon", "Massagesalon"
    HORECA = "horeca", "Horeca-exploitatievergunning"
    HUISVESTING_ARBEIDSMIGRANTEN = "huisvesting_arbeidsmigranten", "Huisvesting arbeidsmigranten"


class VergunningStatus(LabelEnum):
    AANGEVRAAGD = "aangevraagd", "Aangevraagd"
    IN_BEHANDELING = "in_behandeling", "In behandeling"
    VERLEEND = "verleend", "Verleend"
    GEWEIGERD = "geweigerd", "Geweigerd"
    GESCHORST = "geschorst", "Geschorst"
    INGETROKKEN = "ingetrokken", "Ingetrokken"
    VERLOPEN = "verlopen", "Vervallen"


class Vergunning(Base):
    __tablename__ = "vergunning"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    zaaknummer: Mapped[str] = mapped_column(String(40))
    soort: Mapped[VergunningSoort] = mapped_column(enum_kolom(VergunningSoort, "vergunningsoort"))
    status: Mapped[VergunningStatus] = mapped_column(enum_kolom(VergunningStatus, "vergunningstatus"))
    adres_id: Mapped[int | None] = mapped_column(ForeignKey("adres.id"), index=True)
    houder: Mapped[str] = mapped_column(String(200))
    kvk_nummer: Mapped[str | None] = mapped_column(String(8))
    # APV article as configured by the gemeente (numbering differs per APV).
    apv_artikel: Mapped[str | None] = mapped_column(String(40))
    geldig_van: Mapped[date | None] = mapped_column(Date)
    geldig_tot: Mapped[date | None] = mapped_column(Date)
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    voorschriften: Mapped[list["Voorschrift"]] = relationship(back_populates="vergunning")


class Voorschrift(Base):
    __tablename__ = "voorschrift"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vergunning_id: Mapped[int] = mapped_column(ForeignKey("vergunning.id"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    nummer: Mapped[str] = mapped_column(String(10))
    tekst: Mapped[str] = mapped_column(Text)

    vergunning: Mapped[Vergunning] = relationship(back_populates="voorschriften")
