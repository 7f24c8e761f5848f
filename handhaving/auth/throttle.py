"""The login throttle, stored in the database so it holds across workers."""
from __future__ import annotations

import enum

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handhaving.auth.models import Inlogpoging
from handhaving.db import lock_for, utcnow


def _cfg(key):
    return current_app.config[key]


class Blokkade(enum.Enum):
    """Why an attempt may not be made now; the views word it for the user."""
    VERGRENDELD = "vergrendeld"      # per account, for the rest of the window
    WACHT = "wacht"                  # per account, growing delay
    WACHT_NETWERK = "wacht_netwerk"  # per IP address, fixed delay


@dataclass
class Throttle:
    blocked: bool
    reden: Blokkade | None = None
    seconden: int | None = None  # to wait, or the window's length in seconds for VERGRENDELD


def check_throttle(session: Session, account: str, ip: str, now: datetime | None = None) -> Throttle:
    """Decide from the shared table whether another attempt may be made.

    Per account: from the 5th failure a growing wait (1, 2, 4 … s), from the
    10th a lock for the whole window. Per IP: beyond LOGIN_IP_DELAY_AFTER
    failures in the window, a wait of LOGIN_IP_DELAY_SECONDS after the address's
    last failure. Never a lock per IP: behind a proxy or NAT a whole town hall
    shares one address, and one attacker must not lock all of them out.
    The same rules apply to unknown accounts, so answers do not reveal which
    accounts exist. Callers hold the account's lock (``lock_account``), so
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
    if fails >= _cfg("LOGIN_LOCK_AFTER"):
        return Throttle(True, Blokkade.VERGRENDELD, _cfg("LOGIN_WINDOW_MINUTES") * 60)
    if fails >= _cfg("LOGIN_DELAY_AFTER") and last_fail is not None:
        wait = 2 ** (fails - _cfg("LOGIN_DELAY_AFTER"))
        remaining = wait - (now - last_fail).total_seconds()
        if remaining > 0:
            return Throttle(True, Blokkade.WACHT, math.ceil(remaining))
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
                return Throttle(True, Blokkade.WACHT_NETWERK, math.ceil(remaining))
    return Throttle(False)


# Advisory-lock namespaces (PostgreSQL); the audit chain uses the single key 8151501.
LOCK_LOGIN_ACCOUNT = 8151502


LOCK_LOGIN_IP = 8151503


def lock_account(session: Session, account: str) -> None:
    """Serialise login steps per account until the request commits: the throttle's
    check and the recording of the attempt must not interleave across workers.
    Lock order: account, then IP (check_throttle), then the audit chain."""
    lock_for(session, LOCK_LOGIN_ACCOUNT, account)


def record_attempt(session: Session, account: str, ip: str, ok: bool) -> None:
    session.add(Inlogpoging(account=account, ip=ip, gelukt=ok, op=utcnow()))
    session.flush()
