"""Controles and their bevindingen.

Records a tablet may create offline carry a client-generated ``uuid`` (the
idempotency key for exactly-once sync) and a ``versie`` counter (optimistic
locking: a stale edit is refused instead of overwriting).
"""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, Enum, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from handhaving.db import Base, utcnow


class ControleSoort(str, enum.Enum):
    PROSTITUTIE_VERGUND = "prostitutiecontrole_vergund"
    PROSTITUTIE_ONVERGUND = "prostitutiecontrole_onvergund"
    INTEGRAAL = "integrale_controle"


class ControleStatus(str, enum.Enum):
    """Lifecycle from the domain brief §2; transitions follow with the controles issue."""
    GEPLAND = "gepland"
    VOORBEREID = "voorbereid"
    UITGEVOERD = "uitgevoerd"
    RAPPORT_CONCEPT = "rapport_concept"
    RAPPORT_VASTGESTELD = "rapport_vastgesteld"
    AFGESLOTEN_GEEN_OVERTREDING = "afgesloten_geen_overtreding"
    DOORGEZET_HANDHAVING = "doorgezet_handhaving"
    DOORGEZET_SIGNAAL_RIEC = "doorgezet_signaal_riec"
    DOORGEZET_PARTNER = "doorgezet_partner"
    HERCONTROLE_GEPLAND = "hercontrole_gepland"


def _enum(cls, name):
    return Enum(cls, native_enum=False, length=40, create_constraint=True, name=name,
                values_callable=lambda e: [m.value for m in e], validate_strings=True)


class Controle(Base):
    __tablename__ = "controle"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    adres_id: Mapped[int | None] = mapped_column(ForeignKey("adres.id"), index=True)
    soort: Mapped[ControleSoort] = mapped_column(_enum(ControleSoort, "controlesoort"))
    status: Mapped[ControleStatus] = mapped_column(_enum(ControleStatus, "controlestatus"))
    gepland_op: Mapped[datetime | None] = mapped_column(DateTime)
    uitgevoerd_op: Mapped[datetime | None] = mapped_column(DateTime)
    versie: Mapped[int] = mapped_column(Integer, nullable=False)
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    aangemaakt_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))

    bevindingen: Mapped[list["Bevinding"]] = relationship(back_populates="controle")

    __mapper_args__ = {"version_id_col": versie}


class Bevinding(Base):
    __tablename__ = "bevinding"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    controle_id: Mapped[int] = mapped_column(ForeignKey("controle.id"), index=True)
    # Denormalised so every query can filter on the tenant without a join.
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    omschrijving: Mapped[str] = mapped_column(Text)
    waargenomen_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    versie: Mapped[int] = mapped_column(Integer, nullable=False)

    controle: Mapped[Controle] = relationship(back_populates="bevindingen")

    __mapper_args__ = {"version_id_col": versie}
