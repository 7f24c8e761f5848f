"""Logging in: password, second factor (TOTP), logging out."""
from __future__ import annotations

import enum
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pyotp
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from handhaving.audit import services as audit
from handhaving.auth.accounts import normalise_username
from handhaving.auth.acties import AuthActie
from handhaving.auth.models import MFA_ROLLEN, Gebruiker, Gemeente, Sessie
from handhaving.auth.passwords import hash_password, needs_rehash, verify_password
from handhaving.auth.sessies import FASE_MFA, FASE_VOLLEDIG, end_session, find_session, start_session
from handhaving.auth.throttle import Throttle, check_throttle, lock_account, record_attempt
from handhaving.db import utcnow

MFA_PENDING_MINUTES = 5


class LoginStatus(enum.Enum):
    OK = "ok"
    MFA = "mfa"
    MFA_INSTELLEN = "mfa_instellen"
    FOUT = "fout"
    GEBLOKKEERD = "geblokkeerd"


@dataclass
class LoginResult:
    status: LoginStatus
    throttle: Throttle | None = None
    user: Gebruiker | None = None
    token: str | None = None




def requires_mfa(session: Session, user: Gebruiker) -> bool:
    if user.alle_rollen() & MFA_ROLLEN:
        return True
    gemeente_ids = list(user.rollen_per_gemeente())
    if not gemeente_ids:
        return False
    return bool(session.execute(
        select(func.count()).select_from(Gemeente)
        .where(Gemeente.id.in_(gemeente_ids), Gemeente.mfa_alle_rollen.is_(True))
    ).scalar())


def authenticate(session: Session, username: str, password: str, ip: str,
                 user_agent: str | None = None) -> LoginResult:
    """Check a password login. Unknown user and wrong password look identical."""
    account = normalise_username(username)
    lock_account(session, account)
    throttle = check_throttle(session, account, ip)
    if throttle.blocked:
        audit.record_security_event(AuthActie.INLOGGEN, audit.GEWEIGERD, object_type="account",
                                    object_id=account, details={"reden": "throttle"})
        return LoginResult(LoginStatus.GEBLOKKEERD, throttle=throttle)
    user = session.execute(
        select(Gebruiker).where(Gebruiker.gebruikersnaam == account)
    ).scalar_one_or_none()
    ok = verify_password(user.wachtwoord_hash if user else None, password)
    if not ok or not user.actief:
        record_attempt(session, account, ip, False)
        audit.record_security_event(AuthActie.INLOGGEN, audit.MISLUKT, object_type="account",
                                    object_id=account)
        return LoginResult(LoginStatus.FOUT)
    if needs_rehash(user.wachtwoord_hash):
        user.wachtwoord_hash = hash_password(password)
    if requires_mfa(session, user):
        token = start_session(session, user, FASE_MFA, ip, user_agent)
        audit.record(session, AuthActie.WACHTWOORD_JUIST, audit.SUCCES, object_type="gebruiker",
                     object_id=user.id, actor_id=user.id, actor=user.gebruikersnaam,
                     details={"volgende_stap": "tweede factor"})
        if not user.totp_bevestigd:
            if user.totp_secret is None:
                user.totp_secret = pyotp.random_base32()
            return LoginResult(LoginStatus.MFA_INSTELLEN, user=user, token=token)
        return LoginResult(LoginStatus.MFA, user=user, token=token)
    record_attempt(session, account, ip, True)
    token = start_session(session, user, FASE_VOLLEDIG, ip, user_agent)
    audit.record(session, AuthActie.INLOGGEN, audit.SUCCES, object_type="gebruiker", object_id=user.id,
                 actor_id=user.id, actor=user.gebruikersnaam)
    _eerste_inlog_na_herstel(session, user)
    return LoginResult(LoginStatus.OK, user=user, token=token)


def _eerste_inlog_na_herstel(session: Session, user: Gebruiker) -> None:
    """The first full login after a beheerder reset the password or second factor is its own
    audit event, naming the reset(s) and the beheerders: whoever used the handed-over
    credentials is then on record next to that reset."""
    if not user.herstel_sinds_inlog:
        return
    try:
        herstel = json.loads(user.herstel_sinds_inlog)
    except ValueError:
        herstel = []
    audit.record(session, AuthActie.EERSTE_INLOG_NA_HERSTEL, audit.SUCCES, object_type="gebruiker",
                 object_id=user.id, actor_id=user.id, actor=user.gebruikersnaam,
                 details={"herstel": herstel})
    user.herstel_sinds_inlog = None
    session.flush()


def pending_mfa_session(session: Session, token: str | None) -> Sessie | None:
    sessie = find_session(session, token)
    if sessie is None or sessie.fase != FASE_MFA or sessie.beeindigd_op is not None:
        return None
    if utcnow() - sessie.aangemaakt_op > timedelta(minutes=MFA_PENDING_MINUTES):
        return None
    if not sessie.gebruiker.actief:
        return None
    return sessie


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    totp = pyotp.TOTP(secret)
    code = (code or "").replace(" ", "")
    if not code.isdigit() or len(code) != 6:
        return None
    step_now = int(now.timestamp()) // totp.interval
    for step in (step_now - 1, step_now, step_now + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _claim_step(session: Session, user: Gebruiker, step: int) -> bool:
    """Mark ``step`` as used unless it or a later one was: True for exactly one caller.

    One conditional UPDATE, not read-then-write: on PostgreSQL a concurrent
    second UPDATE waits for the first one's row lock, re-evaluates the WHERE
    after its commit and matches nothing; on SQLite writers are serialised.
    """
    result = session.execute(
        update(Gebruiker)
        .where(Gebruiker.id == user.id,
               or_(Gebruiker.totp_laatste_stap.is_(None), Gebruiker.totp_laatste_stap < step))
        .values(totp_laatste_stap=step, totp_bevestigd=True)
        .execution_options(synchronize_session=False)
    )
    # The database holds the truth now: reload on next access, and never let a
    # later flush of this object write an old value back.
    session.expire(user, ["totp_laatste_stap", "totp_bevestigd"])
    return result.rowcount == 1


def verify_second_factor(session: Session, sessie: Sessie, code: str, ip: str) -> LoginResult:
    """Complete a login with a TOTP code; each code is accepted once."""
    user = sessie.gebruiker
    account = user.gebruikersnaam
    lock_account(session, account)
    throttle = check_throttle(session, account, ip)
    if throttle.blocked:
        audit.record_security_event(AuthActie.TWEEDE_FACTOR, audit.GEWEIGERD, object_type="gebruiker",
                                    object_id=user.id, details={"reden": "throttle"})
        return LoginResult(LoginStatus.GEBLOKKEERD, throttle=throttle)
    step = _matching_step(user.totp_secret, code, datetime.now(timezone.utc))
    if step is None or not _claim_step(session, user, step):
        record_attempt(session, account, ip, False)
        audit.record_security_event(AuthActie.TWEEDE_FACTOR, audit.MISLUKT, object_type="gebruiker",
                                    object_id=user.id, actor_id=user.id, actor=account)
        return LoginResult(LoginStatus.FOUT)
    end_session(session, sessie)
    record_attempt(session, account, ip, True)
    # A fresh token for the full session: nothing from before the second factor is reused.
    token = start_session(session, user, FASE_VOLLEDIG, ip, sessie.user_agent)
    audit.record(session, AuthActie.INLOGGEN, audit.SUCCES, object_type="gebruiker", object_id=user.id,
                 actor_id=user.id, actor=account, details={"tweede_factor": True})
    _eerste_inlog_na_herstel(session, user)
    return LoginResult(LoginStatus.OK, user=user, token=token)


def logout(session: Session, user: Gebruiker, sessie: Sessie | None) -> None:
    if sessie is not None:
        end_session(session, sessie)
    audit.record(session, AuthActie.UITLOGGEN, audit.SUCCES, object_type="gebruiker", object_id=user.id)
