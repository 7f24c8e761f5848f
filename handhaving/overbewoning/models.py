"""BRP occupancy counts per verblijfsobject and what a huisvestingscontrole found.

Counts only: the BRP import refuses names, BSNs and nationality (domain brief §7, §8).
History is kept per peildatum; ``actueel`` marks each object's newest count.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from handhaving.db import Base, enum_kolom, utcnow
from handhaving.enums import LabelEnum


class BrpImport(Base):
    """One applied BRP file: who, when, which file (hash) and its report."""

    __tablename__ = "brp_import"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    bestandsnaam: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    peildatum: Mapped[date] = mapped_column(Date)
    regels: Mapped[int] = mapped_column(Integer, default=0)
    # Counts per outcome (nieuw, gewijzigd, ongewijzigd) and the rejected rows with line numbers.
    rapport: Mapped[dict] = mapped_column(JSON, default=dict)
    ingelezen_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ingelezen_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))


class Bewoning(Base):
    """Registered persons at one verblijfsobject (all its addresses together) on a peildatum."""

    __tablename__ = "bewoning"
    __table_args__ = (
        UniqueConstraint("verblijfsobject_id", "peildatum", name="uq_bewoning_verblijfsobject_peildatum"),
        # The hotspot list and the map read the newest count per object of a gemeente.
        Index("ix_bewoning_gemeente_actueel", "gemeente_id", "actueel"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    verblijfsobject_id: Mapped[int] = mapped_column(ForeignKey("verblijfsobject.id"), index=True)
    peildatum: Mapped[date] = mapped_column(Date)
    personen: Mapped[int] = mapped_column(Integer)
    volwassenen: Mapped[int | None] = mapped_column(Integer)
    huishoudens: Mapped[int | None] = mapped_column(Integer)
    achternamen: Mapped[int | None] = mapped_column(Integer)
    inschrijvingen_12m: Mapped[int | None] = mapped_column(Integer)
    actueel: Mapped[bool] = mapped_column(Boolean, default=True)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("brp_import.id"))
    # The area for this count when the BAG gives none (a standplaats or ligplaats has none): from
    # the BRP file's ``oppervlakte`` column (bron "brp") or the beheerder's (bron "beheerder").
    # The BAG's own area always wins (``indicatoren.gebruikte_oppervlakte``).
    oppervlakte: Mapped[int | None] = mapped_column(Integer)
    oppervlakte_bron: Mapped[str | None] = mapped_column(String(10))

    verblijfsobject = relationship("Verblijfsobject", lazy="joined")


class OpgegevenOppervlakte(Base):
    """The area a beheerder supplied for an object the BAG gives none (a woonwagen's standplaats,
    a woonboot's ligplaats): used by every count of the object that has no area from the file."""

    __tablename__ = "opgegeven_oppervlakte"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    verblijfsobject_id: Mapped[int] = mapped_column(ForeignKey("verblijfsobject.id"), unique=True)
    m2: Mapped[int] = mapped_column(Integer)
    toelichting: Mapped[str] = mapped_column(Text, default="")
    vastgelegd_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    vastgelegd_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))


class Beoordeling(LabelEnum):
    BEVESTIGD = "bevestigd", "Overbewoning bevestigd"
    NIET_BEVESTIGD = "niet_bevestigd", "Overbewoning niet bevestigd"


class Indicatorbeoordeling(Base):
    """What a huisvestingscontrole found about an indicator: confirmed or not, with the
    inputs as they were (so a later BRP count does not rewrite what was judged)."""

    __tablename__ = "indicatorbeoordeling"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    verblijfsobject_id: Mapped[int] = mapped_column(ForeignKey("verblijfsobject.id"), index=True)
    bewoning_id: Mapped[int | None] = mapped_column(ForeignKey("bewoning.id"))
    controle_id: Mapped[int | None] = mapped_column(ForeignKey("controle.id"), index=True)
    uitkomst: Mapped[Beoordeling] = mapped_column(enum_kolom(Beoordeling, "indicatorbeoordeling_uitkomst"))
    toelichting: Mapped[str] = mapped_column(Text, default="")
    # The flags and inputs shown when the control was planned (codes and numbers, no persons).
    indicatoren: Mapped[dict] = mapped_column(JSON, default=dict)
    vastgelegd_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    vastgelegd_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
