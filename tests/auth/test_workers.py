"""The login throttle lives in the database, so it holds across gunicorn workers
(an in-memory limiter would give every worker its own count)."""
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from alembic import command

from handhaving.cli import alembic_config

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _attempt(base: str, username: str, password: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(f"{base}/inloggen", timeout=10).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode({"csrf_token": token, "gebruikersnaam": username, "wachtwoord": password})
    try:
        return opener.open(f"{base}/inloggen", data.encode(), timeout=10).read().decode()
    except urllib.error.HTTPError as exc:  # 422: the form again, with the message
        return exc.read().decode()


def test_lock_holds_across_two_gunicorn_workers(tmp_path):
    url = f"sqlite:///{tmp_path / 'workers.db'}"
    command.upgrade(alembic_config(url), "head")
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "w" * 48, "HANDHAVING_INSTANCE": str(tmp_path),
           "LOGIN_DELAY_AFTER": "100", "LOGIN_LOCK_AFTER": "6"}
    seed = ("from handhaving import create_app; from handhaving.db import writing\n"
            "from handhaving.auth.models import Gemeente, Rol; from handhaving.auth.services import create_user\n"
            "app = create_app(); s = app.extensions['handhaving_db'].new_session()\n"
            "with app.app_context(), writing():\n"
            "    g = Gemeente(code='9901', naam='Dalveen', regio='r', mfa_alle_rollen=False); s.add(g); s.flush()\n"
            "    create_user(s, 'jan', 'Jan', 'paard fiets wolk lamp', [(g, Rol.TOEZICHTHOUDER)]); s.commit()\n")
    subprocess.run([sys.executable, "-c", seed], env=env, cwd=ROOT, check=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
                               "handhaving:create_app()"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        # Each attempt on a new connection: the two workers share the work.
        for _ in range(6):
            assert "Onjuiste gebruikersnaam of wachtwoord" in _attempt(base, "jan", "fout fout fout fout")
        assert "Te veel mislukte pogingen" in _attempt(base, "jan", "paard fiets wolk lamp")
    finally:
        server.terminate()
        _, err = server.communicate(timeout=10)
    booted = set(re.findall(rb"Booting worker with pid: (\d+)", err))
    assert len(booted) == 2, err.decode()[-2000:]
