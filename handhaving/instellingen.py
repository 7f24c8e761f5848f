"""Per-gemeente settings that domains declare (norms, terms, APV article numbers).

A domain lists its ``Instelling`` objects in its ``domein.py``; the beheerder of
a gemeente sees each one with its meaning and changes it on the page
*Gemeente-instellingen*. Values live in the database (``gemeente_instelling``);
a gemeente that has not set one gets the default.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from flask import current_app
from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from handhaving.db import Base, utcnow
from handhaving.errors import OngeldigeInvoer

GEHEEL, DECIMAAL, TEKST = "geheel", "decimaal", "tekst"


@dataclass(frozen=True)
class Instelling:
    sleutel: str
    label: str
    uitleg: str  # what it means and where it is used, shown next to the field
    soort: str  # GEHEEL, DECIMAAL or TEKST
    standaard: object
    eenheid: str = ""
    minimum: float | None = None
    maximum: float | None = None
    max_lengte: int = 60

    def lees(self, tekst: str):
        """The typed value of what a beheerder typed, or OngeldigeInvoer in Dutch."""
        tekst = (tekst or "").strip()
        if not tekst:
            raise OngeldigeInvoer(f"Vul een waarde in voor ‘{self.label}’.")
        if self.soort == TEKST:
            if len(tekst) > self.max_lengte:
                raise OngeldigeInvoer(f"‘{self.label}’ heeft hoogstens {self.max_lengte} tekens.")
            return tekst
        try:
            waarde = int(tekst) if self.soort == GEHEEL else Decimal(tekst.replace(",", "."))
        except (ValueError, InvalidOperation):
            soort = "een geheel getal" if self.soort == GEHEEL else "een getal"
            raise OngeldigeInvoer(f"‘{self.label}’ moet {soort} zijn.") from None
        if self.soort == DECIMAAL and not waarde.is_finite():
            raise OngeldigeInvoer(f"‘{self.label}’ moet een getal zijn.")
        if self.minimum is not None and waarde < self.minimum or self.maximum is not None and waarde > self.maximum:
            raise OngeldigeInvoer(f"‘{self.label}’ ligt tussen {_getal(self.minimum)} en {_getal(self.maximum)}"
                                  f"{' ' + self.eenheid if self.eenheid else ''}.")
        return waarde

    def toon(self, waarde) -> str:
        return _getal(waarde) if self.soort != TEKST else str(waarde)


def _getal(v) -> str:
    return str(v).replace(".", ",") if v is not None else "—"


class GemeenteInstelling(Base):
    """A value a gemeente chose; absent = the declared default."""

    __tablename__ = "gemeente_instelling"
    __table_args__ = (UniqueConstraint("gemeente_id", "sleutel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id", ondelete="CASCADE"), index=True)
    sleutel: Mapped[str] = mapped_column(String(60))
    # Stored as text in the notation of ``Instelling.lees``; typed on reading.
    waarde: Mapped[str] = mapped_column(String(200))
    gewijzigd_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    gewijzigd_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id", ondelete="SET NULL"))


def gedeclareerd(app=None) -> list[tuple[str, Instelling]]:
    """(domain name, setting) for every setting the app's domains declare, in domain order."""
    domeinen = (app or current_app).extensions["handhaving_domeinen"]
    return [(d.naam, i) for d in domeinen for i in d.instellingen]


def waarde(session: Session, gemeente_id: int, instelling: Instelling):
    """The gemeente's value of ``instelling``, typed; the default when not set."""
    tekst = session.execute(
        select(GemeenteInstelling.waarde).where(GemeenteInstelling.gemeente_id == gemeente_id,
                                                GemeenteInstelling.sleutel == instelling.sleutel)
    ).scalar_one_or_none()
    return instelling.standaard if tekst is None else instelling.lees(tekst)


def waarden(session: Session, gemeente_id: int) -> dict[str, str]:
    """All values a gemeente set, as stored text (for the settings page)."""
    return dict(session.execute(
        select(GemeenteInstelling.sleutel, GemeenteInstelling.waarde)
        .where(GemeenteInstelling.gemeente_id == gemeente_id)).all())
