"""Test set-up: the schema is built by Alembic (never create_all), on SQLite +
SpatiaLite by default or on PostgreSQL + PostGIS when TEST_DATABASE_URL is set.
Each test runs inside one outer transaction that is rolled back afterwards;
the app's sessions join it through SAVEPOINTs (SQLAlchemy 2.0 recipe)."""
from __future__ import annotations

import os

import pytest

from handhaving import create_app
from handhaving.auth.models import Rol
from handhaving.cli import alembic_config
from tests.factories import base as factories_base
from tests.factories import make_gemeente, make_user


def pytest_report_header(config):
    url = os.environ.get("TEST_DATABASE_URL")
    return f"database: {'PostgreSQL + PostGIS (' + url.split('@')[-1] + ')' if url else 'SQLite + SpatiaLite'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def migrated(database_url) -> str:
    from alembic import command

    cfg = alembic_config(database_url)
    # Up, down and up again: every migration must work in both directions.
    command.upgrade(cfg, "head")
    command.downgrade(cfg, "base")
    command.upgrade(cfg, "head")
    return database_url


@pytest.fixture(scope="session")
def app(migrated, tmp_path_factory):
    app = create_app({
        "DATABASE_URL": migrated,
        "TESTING": True,
        "SECRET_KEY": "test-secret-" + "x" * 40,
        "INSTANCE_DIR": str(tmp_path_factory.mktemp("instance")),
    })
    yield app
    app.extensions["handhaving_db"].engine.dispose()


@pytest.fixture
def db(app):
    """The app's database, bound to one connection whose transaction is rolled back."""
    database = app.extensions["handhaving_db"]
    connection = database.engine.connect()
    outer = connection.begin()
    database.bind = connection
    database.session_options = {"join_transaction_mode": "create_savepoint"}
    try:
        yield database
    finally:
        database.bind = database.engine
        database.session_options = {}
        outer.rollback()
        connection.close()


@pytest.fixture
def session(db):
    # No app context here: a pushed context would be reused by the test
    # client and share ``g`` between requests.
    s = db.new_session()
    factories_base.bind(s)
    yield s
    factories_base.bind(None)
    s.close()


@pytest.fixture
def client(app, db):
    return app.test_client()


@pytest.fixture
def make_client(app, db):
    return lambda: app.test_client()


@pytest.fixture
def world(session):
    """Two gemeenten, one user per role in each, and one user working for both."""
    a = make_gemeente(session, "9901", "Dalveen")
    b = make_gemeente(session, "9902", "Hoogmeer")
    users = {}
    for g in (a, b):
        for rol in Rol:
            users[(g.code, rol)] = make_user(session, f"{rol.value}.{g.code}", [(g, rol)])
    users["regio"] = make_user(session, "coordinator.regio", [(a, Rol.COORDINATOR), (b, Rol.COORDINATOR)])
    session.commit()
    return {"a": a, "b": b, "users": users}


@pytest.fixture
def lege_database(tmp_path_factory):
    """``lege_database(naam)`` → the URL of an empty database for a migration test: a file for the
    SQLite run, a PostgreSQL database beside the suite's for the PostgreSQL run (dropped after the
    test)."""
    import subprocess
    from pathlib import Path

    from sqlalchemy import create_engine, make_url, text

    root = Path(__file__).resolve().parents[1]
    suite_url = os.environ.get("TEST_DATABASE_URL", "")
    gemaakt: list[str] = []

    def maak(naam: str) -> str:
        if not suite_url.startswith("postgresql"):
            return f"sqlite:///{tmp_path_factory.mktemp(naam) / 'm.db'}"
        db = f"{make_url(suite_url).database}_{naam}"
        out = subprocess.run(["bash", str(root / "scripts" / "test_db.sh"), db], cwd=root,
                             check=True, capture_output=True, text=True)
        url = out.stdout.strip().splitlines()[-1]
        gemaakt.append(url)
        return url

    yield maak
    for url in gemaakt:
        admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
        admin.dispose()
