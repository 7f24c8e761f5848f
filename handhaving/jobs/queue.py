"""The queue: one huey instance per app, chosen by ``JOBS_BACKEND``, and enqueue-on-commit.

huey does the queueing, the workers, the retries and their delays. What it
cannot know is the app's transaction: ``enqueue`` writes the job's row in the
caller's session and hands huey the message only after that session
committed; the message carries nothing but the row's key.
"""
from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path

from flask import Flask, current_app, g, has_request_context
from flask_login import current_user
from huey import MemoryHuey, PostgresHuey, RedisHuey, SqliteHuey
from huey.api import Huey
from sqlalchemy import event, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from handhaving import web
from handhaving.db import utcnow
from handhaving.jobs import lifecycle
from handhaving.jobs.models import Achtergrondtaak, TaakStatus
from handhaving.jobs.registry import Taak

log = logging.getLogger("handhaving.jobs")

BACKENDS = ("sqlite", "redis", "postgres", "immediate")
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
_PENDING = "handhaving_jobs_na_commit"
_lock = threading.Lock()


def _setting(config, key: str, default: str) -> str:
    # Deploy-time settings come from load_config(); the environment is the fallback
    # for an app built with a partial config (tests, benchmarks).
    value = config.get(key) or os.environ.get(key)
    return value or default


def make_huey(config) -> Huey:
    """The huey instance for ``JOBS_BACKEND``.

    sqlite (default): a file ``<INSTANCE_DIR>/taken.db`` next to the database, no extra service.
    redis: ``REDIS_URL``. postgres: tables ``taken_*`` in the app's own PostgreSQL database.
    immediate: runs each job at once in the enqueuing process (development only).
    Results are not stored (``results=False``): the job's row is the result, and
    huey's error results would hold stack traces.
    """
    backend = _setting(config, "JOBS_BACKEND", "sqlite").lower()
    name = _setting(config, "JOBS_NAME", "handhaving")
    common = {"results": False, "utc": True}
    if backend == "sqlite":
        path = Path(_setting(config, "JOBS_SQLITE_PATH", str(Path(config["INSTANCE_DIR"]) / "taken.db")))
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(name, filename=str(path), **common)
    if backend == "redis":
        return RedisHuey(name, url=_setting(config, "REDIS_URL", DEFAULT_REDIS_URL), **common)
    if backend == "postgres":
        url = make_url(config["DATABASE_URL"]).set(drivername="postgresql")
        return PostgresHuey(name, dsn=url.render_as_string(hide_password=False), table_prefix="taken",
                            **common)
    if backend == "immediate":
        return MemoryHuey(name, immediate=True, **common)
    raise ValueError(f"JOBS_BACKEND moet een van {', '.join(BACKENDS)} zijn, niet {backend!r}")


class JobQueue:
    """An app's huey instance plus the one huey task that runs every job by its key."""

    def __init__(self, app: Flask, huey: Huey):
        self.app = app
        self.huey = huey
        # One huey task for all jobs: the message is only the key, the row says
        # which job with which arguments (see lifecycle.run).
        self._run = huey.task(context=True, name="voer_taak_uit")(self._execute)

    def _execute(self, sleutel: str, task=None) -> None:
        # Worker threads have no app context; the consumer built this app once.
        with self.app.app_context():
            lifecycle.run(sleutel, retries_left=task.retries if task is not None else 0)

    def send(self, sleutel: str, definitie: Taak | None) -> None:
        """Hand the message to huey now (callers: after commit only)."""
        settings = {}
        if definitie is not None:
            settings = {"retries": definitie.retries, "retry_delay": definitie.retry_delay,
                        "retry_backoff": definitie.retry_backoff}
        self.huey.enqueue(self._run.s(sleutel, **settings))

    def consumer(self, workers: int = 2, **options):
        """huey's own consumer with this app: threads, short polling for the SQLite file."""
        # SQLite storage is polled: every 10 ms right after a job, slowing to every
        # 0.5 s when idle (so an idle worker answers within half a second). Redis blocks.
        defaults = {"worker_type": "thread", "periodic": False, "initial_delay": 0.01,
                    "backoff": 1.5, "max_delay": 0.5, "scheduler_interval": 1}
        return self.huey.create_consumer(workers=workers, **{**defaults, **options})


def get_queue(app: Flask | None = None) -> JobQueue:
    """The app's queue, made on first use (after gunicorn forked, never before)."""
    app = app or current_app._get_current_object()
    queue = app.extensions.get("handhaving_jobs")
    if queue is None:
        with _lock:
            queue = app.extensions.get("handhaving_jobs")
            if queue is None:
                queue = app.extensions["handhaving_jobs"] = JobQueue(app, make_huey(app.config))
    return queue


def enqueue(session: Session, definitie: Taak, *args, sleutel: str, gemeente_id: int | None = None,
            aangevraagd_door_id: int | None = None) -> Achtergrondtaak:
    """Ask for a job in the caller's transaction; huey gets it only once that transaction commits.

    ``sleutel`` is the idempotency key: asking again with a key that exists
    (queued, running, done or failed) adds nothing and returns the existing row.
    ``args`` must be JSON values (ids, not documents). Run a failed job again
    with ``opnieuw_aanbieden`` (beheer), not with a second enqueue.
    """
    if not sleutel or len(sleutel) > 200:
        raise ValueError("Een taaksleutel heeft 1 tot 200 tekens")
    values = {
        "taak_sleutel": sleutel, "naam": definitie.naam, "argumenten": json.dumps(list(args)),
        "gemeente_id": gemeente_id, "status": TaakStatus.QUEUED, "pogingen": 0,
        "aangemaakt_op": utcnow(), "aangevraagd_door_id": aangevraagd_door_id or _request_user_id(),
    }
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    # ON CONFLICT DO NOTHING: two transactions asking at once neither fail nor both run it.
    inserted = session.execute(insert(Achtergrondtaak).values(**values)
                               .on_conflict_do_nothing(index_elements=["taak_sleutel"])
                               .returning(Achtergrondtaak.id)).scalar_one_or_none()
    session.info["wrote"] = True  # a Core insert does not flush: keep "no writes on GET" honest
    row = session.execute(select(Achtergrondtaak).where(Achtergrondtaak.taak_sleutel == sleutel)).scalar_one()
    if row.naam != definitie.naam:
        raise ValueError(f"Taaksleutel {sleutel!r} hoort al bij de taak {row.naam}")
    if inserted is not None:
        send_after_commit(session, row.taak_sleutel, definitie)
    return row


def send_after_commit(session: Session, sleutel: str, definitie: Taak | None) -> None:
    """Queue the message for when ``session``'s transaction commits; a rollback drops it."""
    app = current_app._get_current_object()

    def send():
        get_queue(app).send(sleutel, definitie)

    if has_request_context() and g.get("_db_session") is session:
        # The request boundary commits; its after-commit steps never turn the answer into an error.
        web.after_commit(send)
        return
    pending = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = []
        event.listen(session, "after_commit", _send_pending)
        event.listen(session, "after_transaction_end", _discard_pending)
    pending.append(send)


def _send_pending(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a SAVEPOINT was released: the transaction has not committed yet
    pending, session.info[_PENDING] = session.info.get(_PENDING) or [], []
    for send in pending:
        try:
            send()
        except Exception:
            # Committed is committed: the row stays "queued" and can be offered again.
            log.exception("Taak na commit niet aan de wachtrij gegeven")


def _discard_pending(session: Session, transaction) -> None:
    # The outermost transaction ended: after a commit the list is already sent
    # and empty; after a rollback (or a close without commit) it is dropped here.
    # A rolled-back SAVEPOINT keeps the list: a message whose row was rolled
    # back finds no row and does nothing.
    if transaction.parent is None and not transaction.nested:
        session.info[_PENDING] = []


def _request_user_id() -> int | None:
    if not has_request_context():
        return None
    return current_user.id if getattr(current_user, "is_authenticated", False) else None
