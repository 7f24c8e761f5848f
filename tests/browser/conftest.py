"""Browser tests: the real app, served over HTTP from a fresh database with demo
data (SQLite + SpatiaLite, or PostgreSQL via TEST_BROWSER_DATABASE_URL), driven by Debian's Chromium through Playwright (sync API).

* ``live_server`` – session-scoped: migrate (Alembic), seed, serve on 127.0.0.1:<random>.
* ``browser`` – session-scoped Chromium (never ``playwright install``).
* ``page`` – per test, an iPad Pro 11 viewport with touch; any console error or
  uncaught page error (CSP violations included) fails the test.

Helpers for the tests: ``login``, ``run_axe`` and ``serious_violations``.
"""
from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path

import pyotp
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("HANDHAVING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-results" / "screenshots"
ADDRESSES_PER_GEMEENTE = 300
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(items):
    # Belt and braces: everything in this directory is a browser test.
    here = Path(__file__).parent
    for item in items:
        if item.path.parent == here:
            item.add_marker(pytest.mark.browser)


# --- the app -------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_app(tmp_path_factory):
    """A fresh database, migrated by Alembic and filled with the demo data: SQLite by
    default, or the empty PostgreSQL database in TEST_BROWSER_DATABASE_URL."""
    from alembic import command

    from handhaving import create_app, demo
    from handhaving.cli import alembic_config
    from handhaving.db import writing

    tmp = tmp_path_factory.mktemp("browser")
    url = os.environ.get("TEST_BROWSER_DATABASE_URL") or f"sqlite:///{tmp / 'browser.db'}"
    command.upgrade(alembic_config(url), "head")
    app = create_app({
        "DATABASE_URL": url,
        "SECRET_KEY": "browser-test-secret-" + "x" * 40,
        "INSTANCE_DIR": str(tmp),
        "TESTING": False,  # exercise the app as it runs, CSRF and all
    })
    with app.app_context():
        session = app.extensions["handhaving_db"].new_session()
        try:
            with writing():
                demo.seed(session, addresses_per_gemeente=ADDRESSES_PER_GEMEENTE)
                session.commit()
        finally:
            session.close()
    yield app
    app.extensions["handhaving_db"].engine.dispose()


@pytest.fixture(scope="session")
def live_server(browser_app):
    """Base URL of the app served by werkzeug in a daemon thread."""
    from werkzeug.serving import WSGIRequestHandler, make_server

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args, **kwargs):  # keep the test output readable
            pass

    server = make_server("127.0.0.1", 0, browser_app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="browser-live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def db_session(browser_app):
    """Read access to the served database (e.g. the TOTP state of a user)."""
    session = browser_app.extensions["handhaving_db"].new_session()
    yield session
    session.close()


# --- the browser ---------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium ontbreekt op {CHROMIUM} (scripts/setup.sh test installeert het).", pytrace=False)
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def ipad(playwright_instance) -> dict:
    """Context options of an iPad Pro 11 (834×1194, touch), usable with Chromium."""
    device = dict(playwright_instance.devices["iPad Pro 11"])
    device.pop("default_browser_type", None)
    return device


class PageErrors:
    def __init__(self):
        self.messages: list[str] = []

    def console(self, msg):
        if msg.type == "error":
            loc = msg.location or {}
            self.messages.append(f"console.error: {msg.text} ({loc.get('url', '')}:{loc.get('lineNumber', '')})")

    def pageerror(self, exc):
        self.messages.append(f"pageerror: {exc}")


def _console_report(messages: list[str]) -> str:
    return "Fouten in de browserconsole:\n  " + "\n  ".join(messages)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    # Console errors seen while the test ran fail the test itself (not only its teardown).
    result = yield
    pg = item.funcargs.get("page")
    errors = getattr(pg, "errors", None)
    if errors is not None and errors.messages:
        messages, errors.messages = errors.messages, []
        pytest.fail(_console_report(messages), pytrace=False)
    return result


@pytest.fixture
def page(browser, ipad, live_server):
    """One fresh context per test; console errors and page errors fail the test
    (in the call phase, or at teardown for anything reported later)."""
    context = browser.new_context(**ipad, base_url=live_server, locale="nl-NL", timezone_id="Europe/Amsterdam")
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    errors = PageErrors()
    pg.on("console", errors.console)
    pg.on("pageerror", errors.pageerror)
    pg.errors = errors
    yield pg
    context.close()
    if errors.messages:
        pytest.fail(_console_report(errors.messages), pytrace=False)


# --- helpers -------------------------------------------------------------------


def totp_code(db_session, username: str) -> str:
    """A code the server has not accepted yet (codes are single-use per step)."""
    from handhaving.auth.models import Gebruiker
    from handhaving.demo import totp_secret_for
    from sqlalchemy import select

    db_session.rollback()  # see what the server committed
    secret = totp_secret_for(db_session, username)
    assert secret, f"{username} heeft geen TOTP-sleutel"
    last = db_session.execute(select(Gebruiker.totp_laatste_stap)
                              .where(Gebruiker.gebruikersnaam == username)).scalar()
    totp = pyotp.TOTP(secret)
    now_step = int(time.time()) // totp.interval
    # The current step (not the previous one): still valid if a step boundary passes meanwhile.
    step = now_step if last is None else max(now_step, last + 1)
    assert step <= now_step + 1, "geen ongebruikte TOTP-code meer binnen het venster"
    return totp.generate_otp(step)


def login(page, db_session, username: str, on_second_factor=None):
    """Log in through the forms; ``on_second_factor(page)`` runs on the 2FA page."""
    from handhaving.demo import DEMO_PASSWORD

    page.goto("/inloggen")
    page.get_by_label("Gebruikersnaam", exact=True).fill(username)
    page.get_by_label("Wachtwoord", exact=True).fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    if "/inloggen/tweede-factor" in page.url:
        if on_second_factor:
            on_second_factor(page)
        page.locator("input[name=code]").fill(totp_code(db_session, username))
        with page.expect_navigation():
            page.get_by_role("button", name="Bevestigen").click()
    assert re.search(r"/$", page.url), f"niet op de startpagina na inloggen: {page.url}"


def run_axe(page) -> list[dict]:
    """axe-core violations of the current page (injected by evaluate: the CSP blocks script tags)."""
    if not AXE_JS.exists():
        pytest.fail(f"axe-core ontbreekt ({AXE_JS}); draai scripts/setup.sh test (npm ci).", pytrace=False)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate("""async () => {
        const r = await axe.run(document);
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.map(n => n.target.join(' '))}));
    }""")


def serious_violations(page) -> list[dict]:
    return [v for v in run_axe(page) if v["impact"] in ("serious", "critical")]


def describe(violations: list[dict], where: str) -> str:
    lines = [f"axe-core: {len(violations)} ernstige schending(en) op {where}:"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} -> {', '.join(v['targets'][:5])}")
    return "\n".join(lines)
