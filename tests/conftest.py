"""Test set-up: the schema is built by Alembic (never create_all), on SQLite +
SpatiaLite by default or on PostgreSQL + PostGIS when TEST_DATABASE_URL is set.
Each test runs inside one outer transaction that is rolled back afterwards;
the app's sessions join it through SAVEPOINTs (SQLAlchemy 2.0 recipe)."""
from __future__ import annotations

import os
import re

import pyotp
import pytest

from handhaving import create_app
from handhaving.auth.models import Gebruiker, Gemeente, Rol, Roltoewijzing
from handhaving.auth.passwords import hash_password
from handhaving.cli import alembic_config

PASSWORD = "paard fiets wolk lamp"
_HASH = None


def password_hash() -> str:
    global _HASH
    if _HASH is None:
        _HASH = hash_password(PASSWORD)
    return _HASH


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
    yield s
    s.close()


@pytest.fixture
def client(app, db):
    return app.test_client()


@pytest.fixture
def make_client(app, db):
    return lambda: app.test_client()


def make_gemeente(session, code: str, naam: str, **kw) -> Gemeente:
    g = Gemeente(code=code, naam=naam, regio=kw.pop("regio", "Testregio"), mfa_alle_rollen=kw.pop("mfa", False))
    session.add(g)
    session.flush()
    return g


def make_user(session, username: str, rollen: list[tuple[Gemeente, Rol]], totp: bool | None = None,
              naam: str | None = None) -> Gebruiker:
    needs_totp = totp if totp is not None else any(r in (Rol.BURGEMEESTER, Rol.BEHEERDER) for _, r in rollen)
    user = Gebruiker(gebruikersnaam=username, naam=naam or username.replace(".", " ").title(),
                     wachtwoord_hash=password_hash(), actief=True,
                     totp_secret=pyotp.random_base32() if needs_totp else None, totp_bevestigd=needs_totp)
    for gemeente, rol in rollen:
        user.rollen.append(Roltoewijzing(gemeente_id=gemeente.id, rol=rol))
    session.add(user)
    session.flush()
    return user


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


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_from(html: str) -> str:
    m = CSRF_RE.search(html)
    assert m, "geen CSRF-token in de pagina"
    return m.group(1) or m.group(2)


def totp_code(session, user: Gebruiker) -> str:
    """A valid code the server has not seen yet (codes are single-use)."""
    import time

    session.expire_all()
    user = session.get(Gebruiker, user.id)
    totp = pyotp.TOTP(user.totp_secret)
    now_step = int(time.time()) // 30
    # The current step stays valid if a step boundary passes before the server checks it.
    step = now_step if user.totp_laatste_stap is None else max(now_step, user.totp_laatste_stap + 1)
    assert step <= now_step + 1, "geen ongebruikte code meer binnen het venster"
    return totp.generate_otp(step)


def login(client, session, user: Gebruiker, password: str = PASSWORD, follow=False):
    page = client.get("/inloggen")
    resp = client.post("/inloggen", data={"csrf_token": csrf_from(page.get_data(as_text=True)),
                                          "gebruikersnaam": user.gebruikersnaam, "wachtwoord": password})
    if resp.status_code == 302 and "/inloggen/tweede-factor" in resp.headers["Location"]:
        page = client.get("/inloggen/tweede-factor")
        resp = client.post("/inloggen/tweede-factor", data={
            "csrf_token": csrf_from(page.get_data(as_text=True)), "code": totp_code(session, user)})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
    assert "/inloggen" not in resp.headers["Location"]
    return resp


def csrf_for(client) -> str:
    """A CSRF token bound to the client's current session."""
    page = client.get("/account")
    return csrf_from(page.get_data(as_text=True))
