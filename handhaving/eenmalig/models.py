"""The used form keys: one row per successful submit of a creating form."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from handhaving.db import Base, utcnow


class Verzendsleutel(Base):
    """A form key that was used, and where its result is.

    Unique per actor: a second submit with the same key (also a concurrent one, which waits
    on this index until the first commits) finds this row and is sent to ``doel``. The row is
    written in the transaction that creates the object, so it exists exactly when the object
    does.
    """

    __tablename__ = "verzendsleutel"
    __table_args__ = (UniqueConstraint("gebruiker_id", "sleutel", name="uq_verzendsleutel_gebruiker_sleutel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sleutel: Mapped[str] = mapped_column(String(36))
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"))
    # The endpoint the key was used on: the same key on another form is refused, not replayed.
    endpoint: Mapped[str] = mapped_column(String(100))
    # The first row the submit created (table, primary key, its gemeente if it has one).
    object_type: Mapped[str | None] = mapped_column(String(60))
    object_id: Mapped[int | None] = mapped_column(Integer)
    gemeente_id: Mapped[int | None] = mapped_column(ForeignKey("gemeente.id", ondelete="CASCADE"))
    # Where the first submit sent the user (a path on this site): the second one goes there too.
    doel: Mapped[str | None] = mapped_column(String(2000))
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<Verzendsleutel {self.endpoint} {self.object_type}:{self.object_id}>"
