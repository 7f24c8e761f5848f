"""The append-only, hash-chained audit log (BIO 8.15.01)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from handhaving.db import Base, utcnow


class AuditRegel(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Tijdstempel (UTC), Actie, Object, Resultaat, Oorsprong, Actor.
    tijdstip: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actie: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str | None] = mapped_column(String(60))
    object_id: Mapped[str | None] = mapped_column(String(64))
    resultaat: Mapped[str] = mapped_column(String(20))
    oorsprong: Mapped[str | None] = mapped_column(String(200))
    actor_id: Mapped[int | None] = mapped_column(Integer, index=True)
    actor: Mapped[str | None] = mapped_column(String(120))
    gemeente_id: Mapped[int | None] = mapped_column(Integer, index=True)
    reden: Mapped[str | None] = mapped_column(Text)
    details: Mapped[str | None] = mapped_column(Text)
    vorige_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
