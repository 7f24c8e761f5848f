"""Writing and verifying the audit log.

Two ways in:
* ``record(session, ...)`` writes in the caller's transaction, for changes:
  the change and its audit row commit or roll back together.
* ``record_security_event(...)`` is for events that must survive a rollback
  (login failures, authorization denials, reads of confidential data). In a
  request it is written by the request boundary in its own transaction after
  the main one ended (so SQLite's single writer never waits on itself).
"""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass

from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from handhaving.audit.models import AuditRegel
from handhaving.db import unit_of_work, utcnow

log = logging.getLogger("handhaving.audit")

GENESIS = "0" * 64
SUCCES, GEWEIGERD, MISLUKT = "succes", "geweigerd", "mislukt"
_MAX = {"actie": 60, "object_type": 60, "object_id": 64, "resultaat": 20, "oorsprong": 200, "actor": 120}


def _clean(value, limit: int | None = None):
    """Neutralise CR/LF and control characters (no log injection), cap length."""
    if value is None:
        return None
    value = str(value)
    value = "".join(ch if ch.isprintable() else "\ufffd" for ch in value)
    if limit:
        value = value[:limit]
    return value


def _fields(r: AuditRegel) -> dict:
    return {
        "tijdstip": r.tijdstip.strftime("%Y-%m-%dT%H:%M:%S.%f"),
        "actie": r.actie, "object_type": r.object_type, "object_id": r.object_id,
        "resultaat": r.resultaat, "oorsprong": r.oorsprong, "actor_id": r.actor_id,
        "actor": r.actor, "gemeente_id": r.gemeente_id, "reden": r.reden,
        "details": r.details,
    }


def compute_hash(vorige_hash: str, regel: AuditRegel) -> str:
    payload = json.dumps(_fields(regel), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256((vorige_hash + payload).encode("utf-8")).hexdigest()


def _request_origin() -> str | None:
    if not has_request_context():
        return "cli"
    return _clean(f"{request.remote_addr} {request.method} {request.path}", 200)


def _request_actor():
    if has_request_context() and getattr(current_user, "is_authenticated", False):
        return current_user.id, current_user.gebruikersnaam
    return None, None


@dataclass
class _Event:
    actie: str
    resultaat: str
    object_type: str | None = None
    object_id: str | None = None
    reden: str | None = None
    details: dict | None = None
    gemeente_id: int | None = None
    actor_id: int | None = None
    actor: str | None = None
    oorsprong: str | None = None


def _lock_chain(session: Session) -> None:
    # Serialise writers of the chain. SQLite writers already hold the database
    # write lock (BEGIN IMMEDIATE); PostgreSQL needs a transaction-level lock.
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(8151501)"))


def _insert(session: Session, ev: _Event) -> AuditRegel:
    _lock_chain(session)
    vorige = session.execute(
        select(AuditRegel.hash).order_by(AuditRegel.id.desc()).limit(1)
    ).scalar_one_or_none() or GENESIS
    regel = AuditRegel(
        tijdstip=utcnow(),
        actie=_clean(ev.actie, _MAX["actie"]),
        object_type=_clean(ev.object_type, _MAX["object_type"]),
        object_id=_clean(ev.object_id, _MAX["object_id"]),
        resultaat=_clean(ev.resultaat, _MAX["resultaat"]),
        oorsprong=_clean(ev.oorsprong, _MAX["oorsprong"]),
        actor_id=ev.actor_id,
        actor=_clean(ev.actor, _MAX["actor"]),
        gemeente_id=ev.gemeente_id,
        reden=_clean(ev.reden),
        details=_clean(json.dumps(ev.details, sort_keys=True, ensure_ascii=False)) if ev.details else None,
        vorige_hash=vorige,
    )
    regel.hash = compute_hash(vorige, regel)
    session.add(regel)
    session.flush()
    # Mirrored to the application log for the SIEM; same neutralised fields.
    log.info("audit %s %s %s:%s actor=%s", regel.actie, regel.resultaat,
             regel.object_type, regel.object_id, regel.actor)
    return regel


def _event(actie, resultaat, object_type, object_id, reden, details, gemeente_id, actor_id, actor):
    ev = _Event(actie=actie, resultaat=resultaat, object_type=object_type,
                object_id=None if object_id is None else str(object_id), reden=reden,
                details=details, gemeente_id=gemeente_id, oorsprong=_request_origin())
    if actor_id is None and actor is None:
        ev.actor_id, ev.actor = _request_actor()
    else:
        ev.actor_id, ev.actor = actor_id, actor
    return ev


def record(session: Session, actie: str, resultaat: str = SUCCES, *, object_type=None,
           object_id=None, reden=None, details=None, gemeente_id=None, actor_id=None,
           actor=None) -> AuditRegel:
    """Audit a change inside the caller's transaction."""
    return _insert(session, _event(actie, resultaat, object_type, object_id, reden,
                                   details, gemeente_id, actor_id, actor))


def record_security_event(actie: str, resultaat: str, *, object_type=None, object_id=None,
                          reden=None, details=None, gemeente_id=None, actor_id=None,
                          actor=None) -> None:
    """Audit an event that must be kept even if the request rolls back."""
    ev = _event(actie, resultaat, object_type, object_id, reden, details, gemeente_id,
                actor_id, actor)
    if has_request_context():
        g.setdefault("pending_audit", []).append(ev)
    else:
        write_events([ev])


def write_events(events: list[_Event]) -> None:
    """Write events in a transaction of their own."""
    if not events:
        return
    with unit_of_work() as session:
        for ev in events:
            _insert(session, ev)


def flush_pending() -> None:
    events = g.pop("pending_audit", [])
    write_events(events)


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str | None = None


def verify_chain(session: Session, batch: int = 5000) -> VerifyResult:
    """Recompute the chain; report the first row whose hash or link is wrong."""
    vorige = GENESIS
    checked = 0
    last_id = 0
    while True:
        rows = session.execute(
            select(AuditRegel).where(AuditRegel.id > last_id).order_by(AuditRegel.id).limit(batch)
        ).scalars().all()
        if not rows:
            return VerifyResult(True, checked)
        for r in rows:
            if r.vorige_hash != vorige:
                return VerifyResult(False, checked, r.id, "schakel naar vorige regel verbroken")
            if compute_hash(vorige, r) != r.hash:
                return VerifyResult(False, checked, r.id, "inhoud gewijzigd (hash klopt niet)")
            vorige = r.hash
            checked += 1
            last_id = r.id
        session.expunge_all()
