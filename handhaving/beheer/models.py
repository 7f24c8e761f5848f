"""Requests for privileged roles, approved by a second beheerder (four eyes)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from handhaving.auth.models import Gebruiker, Gemeente, Rol, rol_enum
from handhaving.db import Base, enum_kolom, utcnow
from handhaving.enums import LabelEnum


class AanvraagStatus(LabelEnum):
    OPEN = "open", "Wacht op goedkeuring"
    GOEDGEKEURD = "goedgekeurd", "Goedgekeurd"
    AFGEWEZEN = "afgewezen", "Afgewezen"


class Rolaanvraag(Base):
    """A role that carries Bibob access or beheer rights, waiting for a second beheerder.

    Kept after the decision: who asked and who approved is part of the record.
    """

    __tablename__ = "rolaanvraag"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    rol: Mapped[Rol] = mapped_column(rol_enum())
    status: Mapped[AanvraagStatus] = mapped_column(
        enum_kolom(AanvraagStatus, "aanvraagstatus", length=20), default=AanvraagStatus.OPEN)
    reden: Mapped[str] = mapped_column(String(500))
    aangevraagd_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id", ondelete="SET NULL"))
    aangevraagd_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    beoordeeld_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id", ondelete="SET NULL"))
    beoordeeld_op: Mapped[datetime | None] = mapped_column(DateTime)

    gebruiker: Mapped[Gebruiker] = relationship(foreign_keys=[gebruiker_id])
    gemeente: Mapped[Gemeente] = relationship(lazy="joined")
    aangevraagd_door: Mapped[Gebruiker | None] = relationship(foreign_keys=[aangevraagd_door_id])
    beoordeeld_door: Mapped[Gebruiker | None] = relationship(foreign_keys=[beoordeeld_door_id])
