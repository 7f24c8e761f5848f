"""Headers on every response (pages, errors, static files) and cookie flags."""
import re

import pytest

from handhaving import create_app
from handhaving.auth.models import Rol
from tests.helpers import csrf_for, csrf_from, login


def assert_security_headers(resp, authenticated=False):
    csp = resp.headers.get("Content-Security-Policy", "")
    assert re.search(r"script-src 'self' 'nonce-[\w-]+'", csp), csp
    for part in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "default-src 'self'"):
        assert part in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "same-origin"
    if authenticated:
        assert resp.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path,status", [("/inloggen", 200), ("/bestaat-niet", 404), ("/health", 200),
                                         ("/static/css/handhaving.css", 200), ("/", 302)])
def test_headers_anonymous(client, path, status):
    resp = client.get(path)
    assert resp.status_code == status
    assert_security_headers(resp)


def test_headers_on_every_authenticated_page(app, client, session, world):
    login(client, session, world["users"]["regio"])
    for path in ("/", "/locaties/", "/locaties/zoek?q=ke", "/controles/", "/vergunningen/", "/bibob/",
                 "/account", "/beheer/gebruikers", "/locaties/adres/424242"):
        resp = client.get(path)
        assert resp.status_code in (200, 403, 404)
        assert_security_headers(resp, authenticated=True)


def test_error_500_is_generic_and_has_headers(app, client, session, world, monkeypatch):
    from handhaving.locaties import services

    def boom(*a, **k):
        raise RuntimeError("SELECT * FROM geheim -- stacktrace-canary")

    monkeypatch.setattr(services, "aantallen", boom)
    login(client, session, world["users"][("9901", Rol.TOEZICHTHOUDER)])
    resp = client.get("/locaties/")
    body = resp.get_data(as_text=True)
    assert resp.status_code == 500
    assert "Er ging iets mis" in body and "canary" not in body and "Traceback" not in body
    assert_security_headers(resp, authenticated=True)


def test_database_error_gives_503_with_retry_after(app, client, session, world, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from handhaving.locaties import services

    def down(*a, **k):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    monkeypatch.setattr(services, "aantallen", down)
    login(client, session, world["users"][("9901", Rol.TOEZICHTHOUDER)])
    resp = client.get("/locaties/")
    assert resp.status_code == 503 and resp.headers["Retry-After"] == "30"
    assert "server closed" not in resp.get_data(as_text=True)


def test_nonce_differs_per_response_and_is_used_by_scripts(client, session, world):
    login(client, session, world["users"][("9901", Rol.TOEZICHTHOUDER)])
    a = client.get("/locaties/")
    b = client.get("/locaties/")
    nonce_a = re.search(r"'nonce-([\w-]+)'", a.headers["Content-Security-Policy"]).group(1)
    nonce_b = re.search(r"'nonce-([\w-]+)'", b.headers["Content-Security-Policy"]).group(1)
    assert nonce_a != nonce_b
    html = a.get_data(as_text=True)
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and all(f'nonce="{nonce_a}"' in s or 'type="application/json"' in s for s in scripts)
    assert " style=" not in html  # style attributes would need 'unsafe-inline'


def test_https_cookies_and_hsts(migrated, monkeypatch, db):
    monkeypatch.setenv("HANDHAVING_HTTPS", "1")
    app = create_app({"DATABASE_URL": migrated, "SECRET_KEY": "s" * 48, "TESTING": True})
    app.extensions["handhaving_db"] = db
    client = app.test_client()
    resp = client.get("/inloggen", base_url="https://localhost")
    assert resp.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    cookie = resp.headers["Set-Cookie"]
    assert cookie.startswith("__Host-handhaving=")
    for flag in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"):
        assert flag in cookie
    assert "Domain=" not in cookie


def test_session_cookie_flags_over_http(client):
    resp = client.get("/inloggen")
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_missing_csrf_token_is_refused_in_dutch(client, session, world):
    from sqlalchemy import select

    from handhaving.auth.models import Gebruiker
    admin = world["users"][("9901", Rol.BEHEERDER)]
    target = world["users"][("9901", Rol.TOEZICHTHOUDER)]
    login(client, session, admin)
    resp = client.post(f"/beheer/gebruikers/{target.id}/activering", data={"actie": "deactiveren", "reden": "zonder token"})
    assert resp.status_code == 400
    assert "beveiligingstoken" in resp.get_data(as_text=True)
    session.expire_all()
    assert session.execute(select(Gebruiker.actief).where(Gebruiker.id == target.id)).scalar() is True


def test_expired_login_form_keeps_username(client, session, world):
    resp = client.post("/inloggen", data={"gebruikersnaam": "jan.jansen", "wachtwoord": "geheim wachtwoord"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "Het inlogformulier was verlopen" in html
    assert 'value="jan.jansen"' in html and "geheim wachtwoord" not in html
    assert csrf_from(html)  # a fresh token to try again with


def test_no_state_change_on_get(app, client, session, world, monkeypatch):
    """A GET that tries to write is refused and nothing is stored."""
    from sqlalchemy import func, select

    from handhaving.auth.models import Gemeente
    from handhaving.locaties import services

    real = services.aantallen

    def sneaky(sess, ids):
        sess.add(Gemeente(code="9999", naam="Stiekem", regio="x", mfa_alle_rollen=False))
        sess.flush()
        return real(sess, ids)

    monkeypatch.setattr(services, "aantallen", sneaky)
    login(client, session, world["users"][("9901", Rol.TOEZICHTHOUDER)])
    resp = client.get("/locaties/")
    assert resp.status_code == 500
    session.expire_all()
    assert session.execute(select(func.count()).select_from(Gemeente).where(Gemeente.code == "9999")).scalar() == 0


def test_failed_commit_gives_503_and_keeps_nothing(app, client, session, world, monkeypatch):
    """If the database refuses the commit (disk full, restart), the user gets a clear 503."""
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    from handhaving.auth.models import Gebruiker
    admin = world["users"][("9901", Rol.BEHEERDER)]
    target = world["users"][("9901", Rol.TOEZICHTHOUDER)]
    login(client, session, admin)
    token = csrf_for(client)

    def failing_commit(self):
        raise OperationalError("COMMIT", {}, Exception("database or disk is full"))

    monkeypatch.setattr(Session, "commit", failing_commit)
    resp = client.post(f"/beheer/gebruikers/{target.id}/activering",
                       data={"csrf_token": token, "actie": "deactiveren", "reden": "schijf vol test"})
    monkeypatch.undo()
    assert resp.status_code == 503 and resp.headers["Retry-After"] == "30"
    assert "niets half opgeslagen" in resp.get_data(as_text=True)
    session.expire_all()
    assert session.get(Gebruiker, target.id).actief is True


def test_nul_byte_gives_clear_400(client, session, world):
    page = client.get("/inloggen")
    resp = client.post("/inloggen", data={"csrf_token": csrf_from(page.get_data(as_text=True)),
                                          "gebruikersnaam": "jan\x00", "wachtwoord": "x"})
    assert resp.status_code == 400 and "ongeldig teken" in resp.get_data(as_text=True)
    assert client.get("/locaties/zoek?q=a%00b").status_code in (302, 400)


def test_static_errors_are_not_cached(client):
    """Review finding 11: a 404 under /static/ had no Cache-Control at all."""
    missing = client.get("/static/js/bestaat-niet.js")
    assert missing.status_code == 404
    assert missing.headers["Cache-Control"] == "no-store"
    assert_security_headers(missing)
    asset = client.get("/static/js/kaart.js")
    assert asset.status_code == 200 and asset.headers["Cache-Control"] == "no-cache"
    asset.close()


def test_reverse_proxy_example_sets_the_headers_on_its_own_errors():
    """gunicorn answers an over-long request line itself, without our headers: the
    documented reverse proxy rejects it first and adds the headers to every answer."""
    from pathlib import Path

    conf = (Path(__file__).resolve().parents[2] / "deploy" / "nginx-handhaving.conf").read_text()
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
                   "Strict-Transport-Security", "X-Frame-Options", "Cache-Control"):
        assert re.search(rf"add_header\s+{header}\s+.+\s+always;", conf), header
    assert "large_client_header_buffers 4 4k" in conf and "PROXY_HOPS=1" in conf
