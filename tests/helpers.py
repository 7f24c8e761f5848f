"""Shared test helpers: logging in through the real forms, CSRF tokens, TOTP codes."""
from __future__ import annotations

import re
import time

import pyotp

from handhaving.auth.models import Gebruiker
from handhaving.auth.passwords import hash_password

PASSWORD = "paard fiets wolk lamp"
_HASH = None


def password_hash() -> str:
    """Argon2 is slow on purpose: hash the shared test password once."""
    global _HASH
    if _HASH is None:
        _HASH = hash_password(PASSWORD)
    return _HASH


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_from(html: str) -> str:
    m = CSRF_RE.search(html)
    assert m, "geen CSRF-token in de pagina"
    return m.group(1) or m.group(2)


def csrf_for(client) -> str:
    """A CSRF token bound to the client's current session."""
    page = client.get("/account")
    return csrf_from(page.get_data(as_text=True))


def totp_code(session, user: Gebruiker) -> str:
    """A valid code the server has not seen yet (codes are single-use)."""
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
