"""Server-side login sessions: the browser holds only a random token."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from handhaving.audit import services as audit
from handhaving.auth.acties import AuthActie
from handhaving.auth.models import Gebruiker, Inlogpoging, Sessie
from handhaving.db import unit_of_work, utcnow


def _cfg(key):
    return current_app.config[key]


FASE_MFA, FASE_VOLLEDIG = "mfa", "volledig"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, user: Gebruiker, fase: str, ip: str | None,
                  user_agent: str | None) -> str:
    """Create a session record and return its (secret) token."""
    token = secrets.token_urlsafe(32)
    session.add(Sessie(token_hash=_token_hash(token), gebruiker_id=user.id, fase=fase,
                       ip=ip, user_agent=(user_agent or "")[:200]))
    session.flush()
    return token


def find_session(session: Session, token: str | None) -> Sessie | None:
    if not token:
        return None
    return session.execute(
        select(Sessie).where(Sessie.token_hash == _token_hash(token))
    ).scalar_one_or_none()


def session_expired(sessie: Sessie, now: datetime) -> str | None:
    """Why the session is no longer valid, or None."""
    if sessie.beeindigd_op is not None:
        return "beeindigd"
    if not sessie.gebruiker.actief:
        return "gedeactiveerd"
    if now - sessie.laatst_gezien_op > timedelta(minutes=_cfg("SESSION_IDLE_MINUTES")):
        return "inactief"
    if now - sessie.aangemaakt_op > timedelta(hours=_cfg("SESSION_ABSOLUTE_HOURS")):
        return "maximale duur"
    return None


def end_session(session: Session, sessie: Sessie) -> None:
    if sessie.beeindigd_op is None:
        sessie.beeindigd_op = utcnow()
        session.flush()


def end_all_sessions(session: Session, user: Gebruiker) -> int:
    """Revoke every live session of ``user`` (deactivation, password change)."""
    result = session.execute(
        update(Sessie).where(Sessie.gebruiker_id == user.id, Sessie.beeindigd_op.is_(None))
        .values(beeindigd_op=utcnow())
    )
    return result.rowcount or 0


def _in_own_transaction(fn):
    with unit_of_work() as s:
        fn(s)


def touch_session(sessie_id: int, now: datetime) -> None:
    _in_own_transaction(lambda s: s.execute(update(Sessie).where(Sessie.id == sessie_id)
                                     .values(laatst_gezien_op=now)))


def end_session_independently(sessie_id: int) -> None:
    _in_own_transaction(lambda s: s.execute(update(Sessie).where(Sessie.id == sessie_id,
                                                          Sessie.beeindigd_op.is_(None))
                                     .values(beeindigd_op=utcnow())))


def live_sessions(session: Session, user: Gebruiker) -> list[Sessie]:
    """The user's sessions that are still valid, newest first."""
    now = utcnow()
    rows = session.execute(
        select(Sessie).where(Sessie.gebruiker_id == user.id, Sessie.beeindigd_op.is_(None),
                             Sessie.fase == FASE_VOLLEDIG).order_by(Sessie.laatst_gezien_op.desc())
    ).scalars().all()
    return [r for r in rows if session_expired(r, now) is None]


def end_other_sessions(session: Session, user: Gebruiker, keep: Sessie | None) -> int:
    ended = session.execute(
        update(Sessie).where(Sessie.gebruiker_id == user.id, Sessie.beeindigd_op.is_(None),
                             Sessie.id != (keep.id if keep else -1))
        .values(beeindigd_op=utcnow())
    ).rowcount or 0
    audit.record(session, AuthActie.ANDERE_SESSIES_BEEINDIGD, audit.SUCCES, object_type="gebruiker",
                 object_id=user.id, details={"sessies_beeindigd": ended})
    return ended


def housekeeping(session: Session, now: datetime | None = None, attempts_days: int = 30,
                 sessions_days: int = 90) -> dict:
    """Remove old login attempts and ended/expired sessions (data minimisation)."""

    now = now or utcnow()
    attempts = session.execute(delete(Inlogpoging).where(Inlogpoging.op < now - timedelta(days=attempts_days))).rowcount
    cutoff = now - timedelta(days=sessions_days)
    sessions = session.execute(delete(Sessie).where(or_(Sessie.beeindigd_op < cutoff,
                                                         Sessie.laatst_gezien_op < cutoff))).rowcount
    audit.record(session, AuthActie.OPGESCHOOND, audit.SUCCES, object_type="inlogpoging/sessie",
                 details={"inlogpogingen": attempts, "sessies": sessions})
    return {"inlogpogingen": attempts, "sessies": sessions}
