"""Database wiring: engine, declarative base and the request-scoped session.

One code base runs on SQLite + SpatiaLite (embedded default) and PostgreSQL +
PostGIS (production). Services receive a session and only ``flush()``; the
request boundary (``handhaving.web``) commits or rolls back.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone

from flask import current_app, g, has_request_context
from sqlalchemy import Enum, MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session

# Constraint names must be stable so migrations behave the same on both databases.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Debian's module name; geoalchemy2 reads this variable when it loads the extension.
os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def enum_kolom(cls, name: str, length: int = 40) -> Enum:
    """The one way to store a status or kind: its readable value as text with a
    CHECK constraint, identical on SQLite and PostgreSQL (no native enum types)."""
    return Enum(cls, native_enum=False, length=length, create_constraint=True, name=name,
                values_callable=lambda e: [m.value for m in e], validate_strings=True)


def utcnow() -> datetime:
    """Naive UTC timestamp: stored identically on SQLite and PostgreSQL."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def is_sqlite(url_or_engine) -> bool:
    url = str(getattr(url_or_engine, "url", url_or_engine))
    return url.startswith("sqlite")


def make_engine(url: str, **kwargs) -> Engine:
    """Create an engine with the per-dialect settings the app relies on."""
    if is_sqlite(url):
        engine = create_engine(
            url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs
        )
        _configure_sqlite(engine)
    else:
        # JIT compilation pays off for long analytical queries, not for a web app's: it added
        # 40 ms to a 70 ms map layer at 20 000 addresses and seconds to the permit list (issue 15).
        connect_args = {"options": "-c jit=off", **kwargs.pop("connect_args", {})}
        engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    from geoalchemy2.admin.dialects.sqlite import init_spatialite, load_spatialite_driver

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        # Take transaction control away from pysqlite so that SAVEPOINTs work
        # and writes can start with BEGIN IMMEDIATE (see _begin below).
        dbapi_conn.isolation_level = None
        load_spatialite_driver(dbapi_conn)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()
        # transaction=True: ~0.1 s instead of 12-15 s on a new file (tech notes).
        init_spatialite(dbapi_conn, transaction=True)

    @event.listens_for(engine, "begin")
    def _begin(conn):
        # Writers take the lock up front: a deferred transaction that upgrades
        # to a write lock fails at once with SQLITE_BUSY instead of waiting.
        conn.exec_driver_sql(f"BEGIN {_begin_mode()}")


_writing: ContextVar[bool] = ContextVar("handhaving_writing", default=False)


@contextmanager
def writing():
    """Transactions started inside this block take the SQLite write lock at BEGIN."""
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


def _begin_mode() -> str:
    if _writing.get() or (has_request_context() and g.get("db_write", False)):
        return "IMMEDIATE"
    return "DEFERRED"


def lock_for(session: Session, namespace: int, key: str) -> None:
    """Serialise transactions that work on ``key`` until the caller's transaction ends.

    For a read-check-write that must be atomic across workers (login throttle).
    PostgreSQL: a transaction-level advisory lock on (namespace, hashtext(key)),
    released by the commit or rollback; a hash collision only serialises more.
    SQLite: nothing to take. A writing transaction (POST request, ``writing()``)
    began with BEGIN IMMEDIATE and holds the database write lock already; a
    deferred one that read and then tries to write after another writer
    committed fails with SQLITE_BUSY instead of racing (WAL snapshot check).
    """
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy import text

        session.execute(text("SELECT pg_advisory_xact_lock(:ns, hashtext(:key))"),
                        {"ns": namespace, "key": key})


class Database:
    """Holds the engine and hands out sessions; stored in ``app.extensions``."""

    def __init__(self, url: str, debug: bool = False):
        self.url = url
        # Outside debug, errors and logs show the SQL but never its parameters
        # (they can hold names, addresses or a typed password).
        self.engine = make_engine(url, hide_parameters=not debug)
        # ``bind`` is the engine, or one test connection (savepoint isolation).
        self.bind = self.engine
        self.session_options: dict = {}

    @property
    def sqlite(self) -> bool:
        return is_sqlite(self.url)

    def new_session(self) -> Session:
        return Session(bind=self.bind, expire_on_commit=False, **self.session_options)


@event.listens_for(Session, "after_flush")
def _mark_written(session, _flush_context):
    # Lets the request boundary refuse writes made while answering a GET.
    session.info["wrote"] = True


def get_db() -> Database:
    return current_app.extensions["handhaving_db"]


def get_session() -> Session:
    """The session of the current request (created on first use)."""
    sess = g.get("_db_session")
    if sess is None:
        sess = get_db().new_session()
        g._db_session = sess
    return sess


@contextmanager
def unit_of_work(write: bool = True) -> Iterator[Session]:
    """A transaction of its own outside the request's: CLI commands, jobs, after-commit steps.

    ``with unit_of_work() as session:`` commits when the block ends normally and
    rolls back when anything (also ``sys.exit``) leaves it; the session is always
    closed. ``write=True`` takes the SQLite write lock at BEGIN (``writing()``).
    ``write=False`` is for reading: it never commits, and a write in it is a
    programming error that is rolled back and raised, as on a GET request.
    """
    session = get_db().new_session()
    try:
        if write:
            with writing():
                yield session
                session.commit()
        else:
            yield session
            if session.info.get("wrote"):
                raise RuntimeError("Write in a read-only unit of work")
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def init_app(app) -> None:
    app.extensions["handhaving_db"] = Database(app.config["DATABASE_URL"], debug=app.config.get("DEBUG", False))

    @app.teardown_appcontext
    def _close_session(exc):
        sess = g.pop("_db_session", None)
        if sess is not None:
            # Whatever the request boundary did not commit is thrown away.
            sess.rollback()
            sess.close()


def grant_app_role(connection, role: str) -> None:
    """PostgreSQL: give the runtime role what it needs, and on audit_log only
    SELECT and INSERT. Run as the owner after every ``db upgrade``; the owner
    (migrations) and the runtime role (the app) are then separate."""
    from sqlalchemy import text

    if not role.replace("_", "").isalnum():
        raise ValueError("Ongeldige rolnaam")
    for stmt in (
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {role}",
    ):
        connection.execute(text(stmt))
