"""The APV permit register: vergunningen and their voorschriften."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, DateTime, Enum, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from handhaving.db import Base, utcnow


class VergunningSoort(str, enum.Enum):
    SEKSINRICHTING = "seksinrichting"
    ESCORTBEDRIJF = "escortbedrijf"
    RAAMPROSTITUTIE = "raamprostitutie"
    MASSAGESALON = "massagesalon"
    HORECA = "horeca"
    HUISVESTING_ARBEIDSMIGRANTEN = "huisvesting_arbeidsmigranten"


class VergunningStatus(str, enum.Enum):
    AANGEVRAAGD = "aangevraagd"
    IN_BEHANDELING = "in_behandeling"
    VERLEEND = "verleend"
    GEWEIGERD = "geweigerd"
    GESCHORST = "geschorst"
    INGETROKKEN = "ingetrokken"
    VERLOPEN = "verlopen"


def _enum(cls, name):
    return Enum(cls, native_enum=False, length=40, create_constraint=True, name=name,
                values_callable=lambda e: [m.value for m in e], validate_strings=True)


class Vergunning(Base):
    __tablename__ = "vergunning"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    zaaknummer: Mapped[str] = mapped_column(String(40))
    soort: Mapped[VergunningSoort] = mapped_column(_enum(VergunningSoort, "vergunningsoort"))
    status: Mapped[VergunningStatus] = mapped_column(_enum(VergunningStatus, "vergunningstatus"))
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
