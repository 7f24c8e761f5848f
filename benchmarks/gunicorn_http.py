"""What the HTTP benchmarks share: gunicorn started on a free port against a database, and a
logged-in user over real HTTP (a new connection per request, urllib), plus Debian's Chromium."""
from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks.run import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("HANDHAVING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class Client:
    """A logged-in user over real HTTP, a new connection per request (urllib)."""

    def __init__(self, base: str, username: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        html = self.opener.open(f"{base}/inloggen", timeout=10).read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
        with self.opener.open(f"{base}/inloggen", urllib.parse.urlencode(
                {"csrf_token": token, "gebruikersnaam": username, "wachtwoord": PASSWORD}).encode(),
                timeout=10) as resp:
            resp.read()
            if "/inloggen" in resp.url:
                raise SystemExit(f"Inloggen als {username} mislukte ({resp.url}); tweede factor nodig?")

    def get(self, path: str) -> tuple[float, bytes]:
        start = time.perf_counter()
        with self.opener.open(self.base + path, timeout=30) as resp:
            body = resp.read()
            if resp.status != 200 or "/inloggen" in resp.url:
                raise SystemExit(f"{path} gaf {resp.status} ({resp.url})")
        return (time.perf_counter() - start) * 1000, body

    def post_json(self, path: str, data: dict, csrf: str) -> tuple[float, dict]:
        req = urllib.request.Request(self.base + path, data=json.dumps(data).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Accept": "application/json",
                                              "X-CSRFToken": csrf})
        start = time.perf_counter()
        try:
            with self.opener.open(req, timeout=30) as resp:
                body = resp.read()
        except urllib.error.HTTPError as e:
            raise SystemExit(f"POST {path} gaf {e.code}: {e.read()[:300]!r}") from None
        return (time.perf_counter() - start) * 1000, json.loads(body)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(url: str, instance_dir: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "benchmark-secret-" + "x" * 40,
           "HANDHAVING_INSTANCE": instance_dir, "HANDHAVING_ENV": "development"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
                               "handhaving:create_app()"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{base}/health", timeout=1).read()
            return server, base
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn startte niet")
