"""Login, server-side sessions, throttling and the second factor."""
from __future__ import annotations

import enum
import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
from flask import current_app, flash, g, has_request_context, redirect, request, url_for
from flask_login import LoginManager
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from handhaving.audit import services as audit
from handhaving.auth.models import MFA_ROLLEN, Gebruiker, Gemeente, Inlogpoging, Rol, Roltoewijzing, Sessie
from handhaving.auth.passwords import hash_password, needs_rehash, verify_password
from handhaving.db import get_session, lock_for, utcnow

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.session_protection = None  # server-side sessions do this job
login_manager.login_message = "Log in om verder te gaan."
login_manager.login_message_category = "info"

FASE_MFA, FASE_VOLLEDIG = "mfa", "volledig"
MFA_PENDING_MINUTES = 5


def normalise_username(username: str) -> str:
    """Lower-case, trimmed, at most 80 characters, control and format characters
    (CR/LF, RTL override …) replaced: the name is stored and logged as typed at a
    failed login, so it must not be able to forge log lines."""
    cleaned = "".join(ch if ch.isprintable() else "\ufffd" for ch in (username or "")[:200])
    return cleaned.strip().lower()[:80]


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _cfg(key):
    return current_app.config[key]


# --- sessions -------------------------------------------------------------

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


@login_manager.user_loader
def load_user(token: str):
    session = get_session()
    sessie = find_session(session, token)
    if sessie is None or sessie.fase != FASE_VOLLEDIG:
        return None
    now = utcnow()
    reason = session_expired(sessie, now)
    if reason:
        if sessie.beeindigd_op is None:
            sessie_id = sessie.id
            from handhaving.web import after_commit
            after_commit(lambda: _end_session_independently(sessie_id))
            audit.record_security_event("auth.sessie_verlopen", audit.SUCCES, object_type="sessie",
                                        object_id=sessie_id, actor_id=sessie.gebruiker_id,
                                        actor=sessie.gebruiker.gebruikersnaam, details={"reden": reason})
        g.session_ended_reason = reason
        return None
    if now - sessie.laatst_gezien_op > timedelta(seconds=60):
        # Written after the request in its own short transaction: a read-only
        # page must not need the SQLite write lock.
        sessie_id = sessie.id
        from handhaving.web import after_commit
        after_commit(lambda: _touch_session(sessie_id, now))
    user = sessie.gebruiker
    user._sessie_token = token
    g.sessie = sessie
    return user


def _independent(fn):
    from handhaving.db import get_db, writing
    s = get_db().new_session()
    try:
        with writing():
            fn(s)
            s.commit()
    finally:
        s.close()


def _touch_session(sessie_id: int, now: datetime) -> None:
    _independent(lambda s: s.execute(update(Sessie).where(Sessie.id == sessie_id)
                                     .values(laatst_gezien_op=now)))


def _end_session_independently(sessie_id: int) -> None:
    _independent(lambda s: s.execute(update(Sessie).where(Sessie.id == sessie_id,
                                                          Sessie.beeindigd_op.is_(None))
                                     .values(beeindigd_op=utcnow())))


@login_manager.unauthorized_handler
def _unauthorized():
    reason = g.get("session_ended_reason")
    if reason in ("inactief", "maximale duur"):
        flash("Uw sessie is verlopen. Log opnieuw in; wat u niet had opgeslagen, moet u opnieuw invoeren.", "warning")
    elif reason in ("beeindigd", "gedeactiveerd"):
        flash("U bent uitgelogd. Log opnieuw in om verder te gaan.", "info")
    else:
        flash(login_manager.login_message, "info")
    nxt = request.full_path if request.method == "GET" else None
    if nxt and nxt.endswith("?"):
        nxt = nxt[:-1]
    return redirect(url_for("auth.login", next=nxt) if nxt and nxt != "/" else url_for("auth.login"))


# --- throttling -----------------------------------------------------------

@dataclass
class Throttle:
    blocked: bool
    message: str | None = None


def check_throttle(session: Session, account: str, ip: str, now: datetime | None = None) -> Throttle:
    """Decide from the shared table whether another attempt may be made.

    Per account: from the 5th failure a growing wait (1, 2, 4 … s), from the
    10th a lock for the whole window. Per IP: beyond LOGIN_IP_DELAY_AFTER
    failures in the window, a wait of LOGIN_IP_DELAY_SECONDS after the address's
    last failure. Never a lock per IP: behind a proxy or NAT a whole town hall
    shares one address, and one attacker must not lock all of them out.
    The same rules apply to unknown accounts, so answers do not reveal which
    accounts exist. Callers hold the account's lock (``_lock_account``), so
    that this check and the recording of the attempt are one atomic step.
    """
    clock = (lambda: now) if now is not None else utcnow
    now = clock()
    window_start = now - timedelta(minutes=_cfg("LOGIN_WINDOW_MINUTES"))
    last_ok = session.execute(
        select(func.max(Inlogpoging.op)).where(Inlogpoging.account == account, Inlogpoging.gelukt.is_(True))
    ).scalar()
    since = max(window_start, last_ok) if last_ok else window_start
    fails, last_fail = session.execute(
        select(func.count(), func.max(Inlogpoging.op))
        .where(Inlogpoging.account == account, Inlogpoging.gelukt.is_(False), Inlogpoging.op > since)
    ).one()
    lock_msg = (f"Te veel mislukte pogingen. Probeer het over {_cfg('LOGIN_WINDOW_MINUTES')} minuten "
                "opnieuw, of vraag de functioneel beheerder om hulp.")
    if fails >= _cfg("LOGIN_LOCK_AFTER"):
        return Throttle(True, lock_msg)
    if fails >= _cfg("LOGIN_DELAY_AFTER") and last_fail is not None:
        wait = 2 ** (fails - _cfg("LOGIN_DELAY_AFTER"))
        remaining = wait - (now - last_fail).total_seconds()
        if remaining > 0:
            return Throttle(True, f"Te veel mislukte pogingen. Wacht {math.ceil(remaining)} seconden en probeer het opnieuw.")
    ip_fails = session.execute(
        select(func.count()).where(Inlogpoging.ip == ip, Inlogpoging.gelukt.is_(False),
                                   Inlogpoging.op > window_start)
    ).scalar()
    if ip_fails >= _cfg("LOGIN_IP_DELAY_AFTER"):
        # One attempt per delay for this address: serialise its attempts (over
        # all accounts), or parallel requests would all pass this check at once.
        # Only past the limit, so a busy office normally logs in unhindered.
        lock_for(session, LOCK_LOGIN_IP, ip)
        now = clock()
        ip_last_fail = session.execute(
            select(func.max(Inlogpoging.op)).where(Inlogpoging.ip == ip, Inlogpoging.gelukt.is_(False))
        ).scalar()
        if ip_last_fail is not None:
            remaining = _cfg("LOGIN_IP_DELAY_SECONDS") - (now - ip_last_fail).total_seconds()
            if remaining > 0:
                return Throttle(True, "Te veel mislukte pogingen vanaf dit netwerk. "
                                      f"Wacht {math.ceil(remaining)} seconden en probeer het opnieuw.")
    return Throttle(False)


# Advisory-lock namespaces (PostgreSQL); the audit chain uses the single key 8151501.
LOCK_LOGIN_ACCOUNT = 8151502
LOCK_LOGIN_IP = 8151503


def _lock_account(session: Session, account: str) -> None:
    """Serialise login steps per account until the request commits: the throttle's
    check and the recording of the attempt must not interleave across workers.
    Lock order: account, then IP (check_throttle), then the audit chain."""
    lock_for(session, LOCK_LOGIN_ACCOUNT, account)


def _attempt(session: Session, account: str, ip: str, ok: bool) -> None:
    session.add(Inlogpoging(account=account, ip=ip, gelukt=ok, op=utcnow()))
    session.flush()


# --- login ----------------------------------------------------------------

class LoginStatus(enum.Enum):
    OK = "ok"
    MFA = "mfa"
    MFA_INSTELLEN = "mfa_instellen"
    FOUT = "fout"
    GEBLOKKEERD = "geblokkeerd"


@dataclass
class LoginResult:
    status: LoginStatus
    message: str | None = None
    user: Gebruiker | None = None
    token: str | None = None


FOUT_MELDING = "Onjuiste gebruikersnaam of wachtwoord."


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
    _lock_account(session, account)
    throttle = check_throttle(session, account, ip)
    if throttle.blocked:
        audit.record_security_event("auth.inloggen", audit.GEWEIGERD, object_type="account",
                                    object_id=account, details={"reden": "throttle"})
        return LoginResult(LoginStatus.GEBLOKKEERD, throttle.message)
    user = session.execute(
        select(Gebruiker).where(Gebruiker.gebruikersnaam == account)
    ).scalar_one_or_none()
    ok = verify_password(user.wachtwoord_hash if user else None, password)
    if not ok or not user.actief:
        _attempt(session, account, ip, False)
        audit.record_security_event("auth.inloggen", audit.MISLUKT, object_type="account",
                                    object_id=account)
        return LoginResult(LoginStatus.FOUT, FOUT_MELDING)
    if needs_rehash(user.wachtwoord_hash):
        user.wachtwoord_hash = hash_password(password)
    if requires_mfa(session, user):
        token = start_session(session, user, FASE_MFA, ip, user_agent)
        audit.record(session, "auth.wachtwoord_juist", audit.SUCCES, object_type="gebruiker",
                     object_id=user.id, actor_id=user.id, actor=user.gebruikersnaam,
                     details={"volgende_stap": "tweede factor"})
        if not user.totp_bevestigd:
            if user.totp_secret is None:
                user.totp_secret = pyotp.random_base32()
            return LoginResult(LoginStatus.MFA_INSTELLEN, user=user, token=token)
        return LoginResult(LoginStatus.MFA, user=user, token=token)
    _attempt(session, account, ip, True)
    token = start_session(session, user, FASE_VOLLEDIG, ip, user_agent)
    audit.record(session, "auth.inloggen", audit.SUCCES, object_type="gebruiker", object_id=user.id,
                 actor_id=user.id, actor=user.gebruikersnaam)
    return LoginResult(LoginStatus.OK, user=user, token=token)


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
    _lock_account(session, account)
    throttle = check_throttle(session, account, ip)
    if throttle.blocked:
        audit.record_security_event("auth.tweede_factor", audit.GEWEIGERD, object_type="gebruiker",
                                    object_id=user.id, details={"reden": "throttle"})
        return LoginResult(LoginStatus.GEBLOKKEERD, throttle.message)
    from datetime import timezone
    step = _matching_step(user.totp_secret, code, datetime.now(timezone.utc))
    if step is None or not _claim_step(session, user, step):
        _attempt(session, account, ip, False)
        audit.record_security_event("auth.tweede_factor", audit.MISLUKT, object_type="gebruiker",
                                    object_id=user.id, actor_id=user.id, actor=account)
        return LoginResult(LoginStatus.FOUT, "De code is onjuist of al gebruikt. Wacht op de volgende code en probeer het opnieuw.")
    end_session(session, sessie)
    _attempt(session, account, ip, True)
    # A fresh token for the full session: nothing from before the second factor is reused.
    token = start_session(session, user, FASE_VOLLEDIG, ip, sessie.user_agent)
    audit.record(session, "auth.inloggen", audit.SUCCES, object_type="gebruiker", object_id=user.id,
                 actor_id=user.id, actor=account, details={"tweede_factor": True})
    return LoginResult(LoginStatus.OK, user=user, token=token)


def logout(session: Session, user: Gebruiker, sessie: Sessie | None) -> None:
    if sessie is not None:
        end_session(session, sessie)
    audit.record(session, "auth.uitloggen", audit.SUCCES, object_type="gebruiker", object_id=user.id)


# --- account administration ---------------------------------------------

def create_user(session: Session, gebruikersnaam: str, naam: str, wachtwoord: str,
                rollen: list[tuple[Gemeente, Rol]], email: str | None = None,
                totp_secret: str | None = None) -> Gebruiker:
    user = Gebruiker(gebruikersnaam=normalise_username(gebruikersnaam), naam=naam, email=email,
                     wachtwoord_hash=hash_password(wachtwoord), actief=True, totp_secret=totp_secret,
                     totp_bevestigd=totp_secret is not None)
    for gemeente, rol in rollen:
        user.rollen.append(Roltoewijzing(gemeente_id=gemeente.id, rol=rol))
    session.add(user)
    session.flush()
    audit.record(session, "gebruiker.aangemaakt", audit.SUCCES, object_type="gebruiker",
                 object_id=user.id, details={"gebruikersnaam": user.gebruikersnaam,
                                             "rollen": sorted(f"{g.code}:{r.value}" for g, r in rollen)})
    return user


def set_active(session: Session, user: Gebruiker, actief: bool, reden: str) -> int:
    """(De)activate an account; deactivation ends its sessions at once."""
    user.actief = actief
    ended = 0 if actief else end_all_sessions(session, user)
    session.flush()
    audit.record(session, "gebruiker.geactiveerd" if actief else "gebruiker.gedeactiveerd",
                 audit.SUCCES, object_type="gebruiker", object_id=user.id, reden=reden,
                 details={"sessies_beeindigd": ended})
    return ended


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
    audit.record(session, "auth.andere_sessies_beeindigd", audit.SUCCES, object_type="gebruiker",
                 object_id=user.id, details={"sessies_beeindigd": ended})
    return ended


def change_password(session: Session, user: Gebruiker, current: str, new: str,
                    keep_sessie: Sessie | None) -> list[str]:
    """Change the own password. Returns problems (Dutch); ends the user's other sessions."""
    from handhaving.auth.passwords import password_problems

    if not verify_password(user.wachtwoord_hash, current):
        audit.record_security_event("auth.wachtwoord_wijzigen", audit.MISLUKT, object_type="gebruiker",
                                    object_id=user.id, details={"reden": "huidig wachtwoord onjuist"})
        return ["Uw huidige wachtwoord klopt niet."]
    problems = password_problems(new, _cfg("PASSWORD_MIN_LENGTH"), user.gebruikersnaam, user.naam)
    if verify_password(user.wachtwoord_hash, new):
        problems.append("Kies een ander wachtwoord dan uw huidige.")
    if problems:
        return problems
    user.wachtwoord_hash = hash_password(new)
    user.wachtwoord_wijzigen_verplicht = False
    session.flush()
    audit.record(session, "auth.wachtwoord_gewijzigd", audit.SUCCES, object_type="gebruiker", object_id=user.id)
    end_other_sessions(session, user, keep_sessie)
    return []


def housekeeping(session: Session, now: datetime | None = None, attempts_days: int = 30,
                 sessions_days: int = 90) -> dict:
    """Remove old login attempts and ended/expired sessions (data minimisation)."""
    from sqlalchemy import delete, or_

    now = now or utcnow()
    attempts = session.execute(delete(Inlogpoging).where(Inlogpoging.op < now - timedelta(days=attempts_days))).rowcount
    cutoff = now - timedelta(days=sessions_days)
    sessions = session.execute(delete(Sessie).where(or_(Sessie.beeindigd_op < cutoff,
                                                         Sessie.laatst_gezien_op < cutoff))).rowcount
    audit.record(session, "onderhoud.opgeschoond", audit.SUCCES, object_type="inlogpoging/sessie",
                 details={"inlogpogingen": attempts, "sessies": sessions})
    return {"inlogpogingen": attempts, "sessies": sessions}


def client_ip() -> str:
    return (request.remote_addr or "onbekend")[:45] if has_request_context() else "cli"
