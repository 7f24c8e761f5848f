"""Requests for privileged roles and for resets of confidential accounts, approved by a second beheerder."""
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
    # For a new account: part 1 of its first password (see ``Herstelaanvraag.deel_a``).
    deel_a: Mapped[str | None] = mapped_column(String(100))

    gebruiker: Mapped[Gebruiker] = relationship(foreign_keys=[gebruiker_id])
    gemeente: Mapped[Gemeente] = relationship(lazy="joined")
    aangevraagd_door: Mapped[Gebruiker | None] = relationship(foreign_keys=[aangevraagd_door_id])
    beoordeeld_door: Mapped[Gebruiker | None] = relationship(foreign_keys=[beoordeeld_door_id])


class HerstelSoort(LabelEnum):
    WACHTWOORD = "wachtwoord", "Nieuw wachtwoord"
    TWEEDE_FACTOR = "tweede_factor", "Tweede inlogstap herstellen"


class HerstelStatus(LabelEnum):
    # Expiry is not a stored status: an OPEN request past ``verloopt_op`` is simply dead.
    OPEN = "open", "Wacht op goedkeuring"
    GOEDGEKEURD = "goedgekeurd", "Goedgekeurd"
    AFGEWEZEN = "afgewezen", "Afgewezen"
    INGETROKKEN = "ingetrokken", "Ingetrokken"


class Herstelaanvraag(Base):
    """A password or second-factor reset of an account with confidential access, waiting for a
    second beheerder (issue 22: no single beheerder obtains a working login for it).

    Kept after the decision: who asked and who approved is part of the record.
    """

    __tablename__ = "herstelaanvraag"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"), index=True)
    soort: Mapped[HerstelSoort] = mapped_column(enum_kolom(HerstelSoort, "herstelsoort", length=20))
    status: Mapped[HerstelStatus] = mapped_column(
        enum_kolom(HerstelStatus, "herstelstatus", length=20), default=HerstelStatus.OPEN)
    reden: Mapped[str] = mapped_column(String(500))
    aangevraagd_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id", ondelete="SET NULL"))
    aangevraagd_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    verloopt_op: Mapped[datetime] = mapped_column(DateTime)
    beoordeeld_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id", ondelete="SET NULL"))
    beoordeeld_op: Mapped[datetime | None] = mapped_column(DateTime)
    beoordeling: Mapped[str | None] = mapped_column(String(500))
    # The requester's half of the new password, needed to set the hash at approval and wiped
    # then (or at refusal). Alone it is no password: no hash is ever set without the second half.
    deel_a: Mapped[str | None] = mapped_column(String(100))

    gebruiker: Mapped[Gebruiker] = relationship(foreign_keys=[gebruiker_id])
    aangevraagd_door: Mapped[Gebruiker | None] = relationship(foreign_keys=[aangevraagd_door_id])
    beoordeeld_door: Mapped[Gebruiker | None] = relationship(foreign_keys=[beoordeeld_door_id])

    def verlopen(self, nu: datetime) -> bool:
        return self.status == HerstelStatus.OPEN and self.verloopt_op <= nu
