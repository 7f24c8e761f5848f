"""Controles and their bevindingen.

Records a tablet may create offline carry a client-generated ``uuid`` (the
idempotency key for exactly-once sync) and a ``versie`` counter (optimistic
locking: a stale edit is refused instead of overwriting).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from handhaving.auth.models import Gebruiker  # noqa: F401  (relationship target)
from handhaving.db import Base, enum_kolom, utcnow
from handhaving.enums import LabelEnum


class ControleSoort(LabelEnum):
    PROSTITUTIE_VERGUND = "prostitutiecontrole_vergund", "Prostitutiecontrole vergunde sector"
    PROSTITUTIE_ONVERGUND = "prostitutiecontrole_onvergund", "Prostitutiecontrole onvergunde sector"
    INTEGRAAL = "integrale_controle", "Integrale controle"


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


# The toezichthouders assigned to a controle: only they (and the coördinator) may
# record and change it (controles/permissions.py, ``mag_wijzigen``).
controle_toezichthouder = Table(
    "controle_toezichthouder", Base.metadata,
    Column("controle_id", ForeignKey("controle.id", ondelete="CASCADE"), primary_key=True),
    Column("gebruiker_id", ForeignKey("gebruiker.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Controle(Base):
    __tablename__ = "controle"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    adres_id: Mapped[int | None] = mapped_column(ForeignKey("adres.id"), index=True)
    soort: Mapped[ControleSoort] = mapped_column(enum_kolom(ControleSoort, "controlesoort"))
    status: Mapped[ControleStatus] = mapped_column(enum_kolom(ControleStatus, "controlestatus"))
    gepland_op: Mapped[datetime | None] = mapped_column(DateTime)
    uitgevoerd_op: Mapped[datetime | None] = mapped_column(DateTime)
    versie: Mapped[int] = mapped_column(Integer, nullable=False)
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    aangemaakt_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))

    bevindingen: Mapped[list["Bevinding"]] = relationship(back_populates="controle")
    toezichthouders: Mapped[list["Gebruiker"]] = relationship(secondary=controle_toezichthouder,
                                                              lazy="selectin")

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
