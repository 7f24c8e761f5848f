"""Gemeenten, users, their role per gemeente, server-side sessions and login attempts."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from handhaving.db import Base, enum_kolom, utcnow

# Roles live in the policy vocabulary (no app imports); re-exported for the models' users.
from handhaving.security.rules import MFA_ROLLEN, ROL_LABELS, Rol  # noqa: F401


def rol_enum():
    return enum_kolom(Rol, "rol", length=30)


class Gemeente(Base):
    __tablename__ = "gemeente"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # CBS gemeentecode, 4 digits with leading zeros ("0034").
    code: Mapped[str] = mapped_column(String(4), unique=True)
    naam: Mapped[str] = mapped_column(String(100), unique=True)
    regio: Mapped[str] = mapped_column(String(100))
    # Per-gemeente policy: second factor for every role, not only the privileged ones.
    mfa_alle_rollen: Mapped[bool] = mapped_column(Boolean, default=False)

    def __repr__(self) -> str:
        return f"<Gemeente {self.code} {self.naam}>"


class Gebruiker(Base):
    __tablename__ = "gebruiker"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gebruikersnaam: Mapped[str] = mapped_column(String(80), unique=True)
    naam: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(200))
    wachtwoord_hash: Mapped[str] = mapped_column(String(200))
    actief: Mapped[bool] = mapped_column(Boolean, default=True)
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # False until the user proved once that the authenticator app works.
    totp_bevestigd: Mapped[bool] = mapped_column(Boolean, default=False)
    # Last accepted TOTP time step: a code is usable once (replay protection).
    totp_laatste_stap: Mapped[int | None] = mapped_column(Integer)
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Set when a beheerder chose the password (new account, reset): the user must
    # pick an own one before doing anything else, so the beheerder no longer knows it.
    wachtwoord_wijzigen_verplicht: Mapped[bool] = mapped_column(Boolean, default=False,
                                                                server_default=false())

    # JSON list of the password/second-factor resets since the last login (who asked, who
    # approved): the first login after them is audited with it, then it is cleared.
    herstel_sinds_inlog: Mapped[str | None] = mapped_column(String(1000))

    rollen: Mapped[list["Roltoewijzing"]] = relationship(
        back_populates="gebruiker", cascade="all, delete-orphan", lazy="selectin"
    )

    # Flask-Login protocol. The id Flask-Login keeps is the server-side session
    # token, so revoking the session record logs the browser out at once.
    is_anonymous = False
    _sessie_token = None

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.actief

    def get_id(self) -> str | None:
        return self._sessie_token

    def rollen_per_gemeente(self) -> dict[int, set[Rol]]:
        result: dict[int, set[Rol]] = {}
        for t in self.rollen:
            result.setdefault(t.gemeente_id, set()).add(t.rol)
        return result

    def alle_rollen(self) -> set[Rol]:
        return {t.rol for t in self.rollen}

    def gemeente_ids_met(self, rollen) -> list[int]:
        """Gemeenten in which this user holds one of ``rollen``."""
        rollen = set(rollen)
        return sorted({t.gemeente_id for t in self.rollen if t.rol in rollen})

    def __repr__(self) -> str:
        return f"<Gebruiker {self.gebruikersnaam}>"


class Roltoewijzing(Base):
    __tablename__ = "roltoewijzing"
    __table_args__ = (UniqueConstraint("gebruiker_id", "gemeente_id", "rol"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"), index=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    rol: Mapped[Rol] = mapped_column(rol_enum())

    gebruiker: Mapped[Gebruiker] = relationship(back_populates="rollen")
    gemeente: Mapped[Gemeente] = relationship(lazy="joined")


class Sessie(Base):
    """A server-side login session; the browser only holds the token."""

    __tablename__ = "sessie"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # SHA-256 of the token: a database reader cannot take over sessions.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"), index=True)
    # "mfa" until the second factor is given, then "volledig".
    fase: Mapped[str] = mapped_column(String(10))
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    laatst_gezien_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    beeindigd_op: Mapped[datetime | None] = mapped_column(DateTime)
    ip: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(200))

    gebruiker: Mapped[Gebruiker] = relationship(lazy="joined")


class Inlogpoging(Base):
    """Failed and successful logins, the shared memory of the login throttle."""

    __tablename__ = "inlogpoging"
    __table_args__ = (
        Index("ix_inlogpoging_account_op", "account", "op"),
        Index("ix_inlogpoging_ip_op", "ip", "op"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Normalised username as typed, also for unknown accounts (no enumeration).
    account: Mapped[str] = mapped_column(String(80))
    ip: Mapped[str] = mapped_column(String(45))
    gelukt: Mapped[bool] = mapped_column(Boolean)
    op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
