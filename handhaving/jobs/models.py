"""One row per background job: its idempotency key, status, attempts and last error."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from handhaving.auth.models import Gebruiker, Gemeente
from handhaving.db import Base, enum_kolom, utcnow
from handhaving.enums import LabelEnum


class TaakStatus(LabelEnum):
    QUEUED = "queued", "In de wachtrij"
    BEZIG = "bezig", "Bezig"
    KLAAR = "klaar", "Klaar"
    MISLUKT = "mislukt", "Mislukt"


class Achtergrondtaak(Base):
    """A job asked for by a transaction; the row commits or rolls back with it.

    The queue message carries only ``taak_sleutel``: name and arguments are read
    from this row, so no data of the job sits in Redis or the queue file, and a
    message for a key whose row does not exist (rolled back) or is done is a no-op.
    """

    __tablename__ = "achtergrondtaak"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Idempotency key chosen by the caller ("rapport:controle:12:v3"): asking twice runs once.
    taak_sleutel: Mapped[str] = mapped_column(String(200), unique=True)
    naam: Mapped[str] = mapped_column(String(100))
    # JSON list of the positional arguments: ids and plain values, never documents.
    argumenten: Mapped[str] = mapped_column(Text, default="[]", server_default=text("'[]'"))
    gemeente_id: Mapped[int | None] = mapped_column(ForeignKey("gemeente.id"), index=True)
    status: Mapped[TaakStatus] = mapped_column(enum_kolom(TaakStatus, "taakstatus", length=20),
                                               default=TaakStatus.QUEUED, index=True)
    pogingen: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    # Exception class and message, capped; never a stack trace (it can hold personal data).
    laatste_fout: Mapped[str | None] = mapped_column(String(500))
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    gestart_op: Mapped[datetime | None] = mapped_column(DateTime)
    klaar_op: Mapped[datetime | None] = mapped_column(DateTime)
    aangevraagd_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id", ondelete="SET NULL"))

    gemeente: Mapped[Gemeente | None] = relationship(lazy="joined")
    aangevraagd_door: Mapped[Gebruiker | None] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<Achtergrondtaak {self.id} {self.naam} {self.status.value}>"
