"""The login throttle and the single use of TOTP codes live in the database, so they
hold across gunicorn workers (an in-memory limiter would give every worker its own
count) and under parallel requests (each check-and-set is atomic).

These tests start real gunicorn servers. When the suite runs on PostgreSQL
(TEST_DATABASE_URL) they get a throw-away PostgreSQL database of their own,
named after the suite's database; otherwise a SQLite file."""
import contextlib
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyotp
import pytest
from alembic import command
from sqlalchemy import create_engine, delete, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from handhaving.auth.models import Gebruiker, Inlogpoging, Rol
from handhaving.cli import alembic_config
from handhaving.db import make_engine
from tests.factories import make_gemeente, make_user
from tests.helpers import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
WRONG = "fout fout fout fout"
BURGEMEESTERS = ["burgemeester.een", "burgemeester.twee", "burgemeester.drie"]
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# gunicorn calls this once a worker has loaded the app: then it can take requests.
GUNICORN_CONF = "def post_worker_init(worker):\n    worker.log.info('Worker ready: %s', worker.pid)\n"


@pytest.fixture(scope="module")
def server_db(tmp_path_factory):
    """A migrated, seeded database that gunicorn servers of this module share."""
    suite_url = os.environ.get("TEST_DATABASE_URL", "")
    if suite_url.startswith("postgresql"):
        # Named after the suite's database: runs against other test databases do not collide.
        name = f"{make_url(suite_url).database}_workers"
        out = subprocess.run(["bash", str(ROOT / "scripts" / "test_db.sh"), name], cwd=ROOT,
                             check=True, capture_output=True, text=True)
        url = out.stdout.strip().splitlines()[-1]
    else:
        name = None
        url = f"sqlite:///{tmp_path_factory.mktemp('workers') / 'workers.db'}"
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    with Session(engine) as s:
        g = make_gemeente(s, "9901", "Dalveen")
        for username in ("jan", "piet"):
            make_user(s, username, [(g, Rol.TOEZICHTHOUDER)])
        for username in BURGEMEESTERS:
            make_user(s, username, [(g, Rol.BURGEMEESTER)])
        s.commit()
    engine.dispose()
    yield url
    if name:
        admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _query(url: str, stmt):
    engine = make_engine(url)
    try:
        with Session(engine) as s:
            result = s.execute(stmt)
            if stmt.is_select:
                return result.scalar()
            s.commit()
    finally:
        engine.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _gunicorn(url: str, tmp_path: Path, workers: int, **settings):
    """A gunicorn server with ``workers`` sync workers, all ready to take requests."""
    _query(url, delete(Inlogpoging))  # every test starts with a clean throttle
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "w" * 48, "HANDHAVING_INSTANCE": str(tmp_path),
           "LOGIN_IP_DELAY_AFTER": "1000", **settings}
    conf = tmp_path / "gunicorn_conf.py"
    conf.write_text(GUNICORN_CONF)
    log_path = tmp_path / "gunicorn.log"
    port = _free_port()
    with open(log_path, "wb") as log_file:
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", str(workers),
                                   "--config", str(conf), "--bind", f"127.0.0.1:{port}",
                                   "handhaving:create_app()"],
                                  env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log_file)
    try:
        deadline = time.monotonic() + 60
        while log_path.read_text().count("Worker ready") < workers:
            assert server.poll() is None and time.monotonic() < deadline, log_path.read_text()[-2000:]
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    booted = set(re.findall(r"Booting worker with pid: (\d+)", log_path.read_text()))
    assert len(booted) == workers, log_path.read_text()[-2000:]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class _Browser:
    """One browser: its own cookies; redirects are returned, not followed."""

    def __init__(self, base: str):
        self.base = base
        cookies = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(cookies, _NoRedirect)

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            resp = self.opener.open(self.base + path, body, timeout=60)
        except urllib.error.HTTPError as exc:  # 302 and 422 alike
            resp = exc
        with resp:
            return resp.getcode(), resp.headers.get("Location", ""), resp.read().decode()

    def csrf(self, path: str) -> str:
        status, _, html = self.request(path)
        assert status == 200, html[:500]
        return CSRF_RE.search(html).group(1)

    def login(self, username: str, password: str, token: str | None = None) -> tuple[int, str, str]:
        return self.request("/inloggen", {"csrf_token": token or self.csrf("/inloggen"),
                                          "gebruikersnaam": username, "wachtwoord": password})


def _parallel(calls) -> list:
    """Run the calls in threads that start at the same moment."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        barrier.wait(timeout=60)
        try:
            results[i] = call()
        except Exception as exc:  # reported by the caller's assertions
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_lock_holds_across_two_gunicorn_workers(server_db, tmp_path):
    with _gunicorn(server_db, tmp_path, workers=2, LOGIN_DELAY_AFTER="100", LOGIN_LOCK_AFTER="6") as base:
        # Each attempt on a new connection: the two workers share the work.
        for _ in range(6):
            status, _, html = _Browser(base).login("jan", WRONG)
            assert status == 422 and "Onjuiste gebruikersnaam of wachtwoord" in html
        status, _, html = _Browser(base).login("jan", PASSWORD)
        assert status == 422 and "Te veel mislukte pogingen" in html


def test_totp_code_is_accepted_once_under_parallel_requests(server_db, tmp_path):
    """Four sessions send the same fresh code at the same moment: one gets in."""
    with _gunicorn(server_db, tmp_path, workers=4, LOGIN_DELAY_AFTER="100", LOGIN_LOCK_AFTER="100") as base:
        for username in BURGEMEESTERS:  # one round per user: each has all codes unused
            secret = _query(server_db, select(Gebruiker.totp_secret)
                            .where(Gebruiker.gebruikersnaam == username))
            browsers = [_Browser(base) for _ in range(4)]
            tokens = []
            for b in browsers:
                status, location, _ = b.login(username, PASSWORD)
                assert status == 302 and location.endswith("/inloggen/tweede-factor")
                tokens.append(b.csrf("/inloggen/tweede-factor"))
            code = pyotp.TOTP(secret).now()
            results = _parallel([lambda b=b, t=t: b.request("/inloggen/tweede-factor",
                                                            {"csrf_token": t, "code": code})
                                 for b, t in zip(browsers, tokens)])
            assert all(isinstance(r, tuple) for r in results), results
            accepted = [r for r in results if r[0] == 302 and "/inloggen" not in r[1]]
            refused = [r for r in results if r[0] == 422 and "onjuist of al gebruikt" in r[2]]
            assert (len(accepted), len(refused)) == (1, 3), [r[:2] for r in results]


def test_throttle_counts_every_parallel_attempt(server_db, tmp_path):
    """40 wrong passwords at once: exactly LOGIN_LOCK_AFTER of them reach the password check."""
    with _gunicorn(server_db, tmp_path, workers=4, LOGIN_DELAY_AFTER="100", LOGIN_LOCK_AFTER="5") as base:
        for account in ("piet", "bestaat.niet", "ook.onbekend"):  # unknown accounts are throttled alike
            browsers = [_Browser(base) for _ in range(40)]
            tokens = [b.csrf("/inloggen") for b in browsers]
            results = _parallel([lambda b=b, t=t: b.login(account, WRONG, t)
                                 for b, t in zip(browsers, tokens)])
            bodies = [r[2] for r in results if isinstance(r, tuple) and r[0] == 422]
            assert len(bodies) == 40, results
            checked = _query(server_db, select(func.count()).select_from(Inlogpoging)
                             .where(Inlogpoging.account == account, Inlogpoging.gelukt.is_(False)))
            assert checked == 5, account
            assert sum("Onjuiste gebruikersnaam of wachtwoord" in b for b in bodies) == 5
            assert sum("Te veel mislukte pogingen" in b for b in bodies) == 35


def test_ip_delay_holds_under_parallel_attempts(server_db, tmp_path):
    """Beyond the per-IP limit an address gets one attempt per delay, also in parallel."""
    # Every attempt is past the limit: one may try, the others must wait.
    settings = {"LOGIN_IP_DELAY_AFTER": "0", "LOGIN_IP_DELAY_SECONDS": "60"}
    with _gunicorn(server_db, tmp_path, workers=4, **settings) as base:
        browsers = [_Browser(base) for _ in range(12)]
        tokens = [b.csrf("/inloggen") for b in browsers]
        results = _parallel([lambda i=i, b=b, t=t: b.login(f"onbekend{i}", WRONG, t)
                             for i, (b, t) in enumerate(zip(browsers, tokens))])
    bodies = [r[2] for r in results if isinstance(r, tuple) and r[0] == 422]
    assert len(bodies) == 12, results
    assert _query(server_db, select(func.count()).select_from(Inlogpoging)) == 1
    assert sum("Onjuiste gebruikersnaam of wachtwoord" in b for b in bodies) == 1
    assert sum(bool(re.search(r"Wacht \d+ seconden", b)) for b in bodies) == 11
