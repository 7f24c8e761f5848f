"""Serving stored files: only through a route that checked access, always with an audit row,
as a download, never cached or sniffed. Runs on both backends and on both databases.

The real app has no file route yet (controle photos come with their domain); this module
builds its own app with one test route that behaves like such a route will: look up the
object, check it belongs to the user's gemeente, then ``bestand_response``.
"""
from __future__ import annotations

import hashlib
import io

import pytest
from flask import Blueprint, abort, g, request
from sqlalchemy import select

from handhaving import create_app
from handhaving.audit.models import AuditRegel
from handhaving.security.rules import ALLE_ROLLEN, Rol
from handhaving.storage import OpslagFout, get_opslag
from handhaving.storage.serve import bestand_response, content_disposition
from handhaving.storage.uploads import FOTO, controleer_upload
from tests.helpers import login
from tests.storage.conftest import overwrite_raw
from tests.storage.test_uploads import CANARY, exif_with_gps, photo

ACTIE = "testbestand.bekeken"
# The test route's "domain table": id → (key, file name, type, gemeente id).
BESTANDEN: dict[int, tuple[str, str, str, int]] = {}

bp = Blueprint("opslagtest", __name__)


@bp.get("/opslagtest/<int:id>")
def bestand(id):
    """Shaped like a future domain route: object lookup and check, then the file."""
    if id not in BESTANDEN:
        abort(404)
    key, naam, mimetype, gemeente_id = BESTANDEN[id]
    if gemeente_id not in g.gemeente_ids:
        abort(404)  # another gemeente's file: as if it does not exist
    return bestand_response(key, naam, mimetype, audit_actie=ACTIE, object_type="testbestand",
                            object_id=id, gemeente_id=gemeente_id, inline=request.args.get("inline") == "1")


@pytest.fixture(scope="module")
def app(migrated, tmp_path_factory):
    """The normal app plus the test route (the session-wide app stays untouched)."""
    app = create_app({
        "DATABASE_URL": migrated,
        "TESTING": True,
        "SECRET_KEY": "test-secret-" + "x" * 40,
        "INSTANCE_DIR": str(tmp_path_factory.mktemp("instance-opslag")),
    })
    app.register_blueprint(bp)
    app.extensions["handhaving_policy"]["opslagtest.bestand"] = {"GET": ALLE_ROLLEN}
    yield app
    app.extensions["handhaving_db"].engine.dispose()


@pytest.fixture
def served(app, opslag, monkeypatch):
    """The app on the ``opslag`` backend: every test below runs on local files and on S3."""
    monkeypatch.setitem(app.extensions, "handhaving_opslag", opslag)
    BESTANDEN.clear()
    yield opslag
    BESTANDEN.clear()


def audit_rows(session, object_id) -> list[AuditRegel]:
    session.expire_all()
    return session.execute(select(AuditRegel).where(AuditRegel.actie == ACTIE,
                                                    AuditRegel.object_id == str(object_id))
                           .order_by(AuditRegel.id)).scalars().all()


def inspecteur(world):
    """A toezichthouder of gemeente A (9901)."""
    return world["users"][("9901", Rol.TOEZICHTHOUDER)]


def test_file_is_served_as_download_with_audit_row(client, session, world, served):
    checked = controleer_upload(photo("JPEG", size=(120, 90), exif=exif_with_gps()), FOTO)
    key = served.put(checked.data).key
    BESTANDEN[1] = (key, "gevel Dorpsstraat 1.jpg", checked.mimetype, world["a"].id)
    user = inspecteur(world)
    login(client, session, user)

    resp = client.get("/opslagtest/1")
    assert resp.status_code == 200
    assert resp.headers["Content-Disposition"] == 'attachment; filename="gevel Dorpsstraat 1.jpg"'
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in resp.headers["Cache-Control"]
    assert resp.headers["Content-Type"] == "image/jpeg"
    assert int(resp.headers["Content-Length"]) == len(checked.data)
    body = resp.get_data()
    assert hashlib.sha256(body).hexdigest() == key
    assert CANARY.encode() not in body

    rows = audit_rows(session, 1)
    assert len(rows) == 1
    row = rows[0]
    assert (row.resultaat, row.object_type, row.gemeente_id, row.actor_id) == (
        "succes", "testbestand", world["a"].id, user.id)
    assert key in row.details and "Dorpsstraat" not in (row.details or "")


def test_inline_only_for_photos_when_asked(client, session, world, served):
    png = controleer_upload(photo("PNG"), FOTO)
    BESTANDEN[1] = (served.put(png.data).key, "foto.png", png.mimetype, world["a"].id)
    BESTANDEN[2] = (served.put(b"<html><script>alert(1)</script>").key, "pagina.html", "text/html", world["a"].id)
    login(client, session, inspecteur(world))
    assert client.get("/opslagtest/1?inline=1").headers["Content-Disposition"].startswith("inline;")
    assert client.get("/opslagtest/1").headers["Content-Disposition"].startswith("attachment;")
    html = client.get("/opslagtest/2?inline=1")
    assert html.headers["Content-Disposition"].startswith("attachment;")
    assert html.headers["X-Content-Type-Options"] == "nosniff"


def test_another_gemeentes_file_is_not_served_and_not_read(client, session, world, served):
    BESTANDEN[3] = (served.put(b"van Hoogmeer").key, "b.pdf", "application/pdf", world["b"].id)
    login(client, session, inspecteur(world))
    assert client.get("/opslagtest/3").status_code == 404
    assert audit_rows(session, 3) == []


def test_anonymous_gets_the_login_page_and_no_file(client, session, world, served):
    BESTANDEN[1] = (served.put(b"geheim").key, "a.pdf", "application/pdf", world["a"].id)
    resp = client.get("/opslagtest/1")
    assert resp.status_code == 302 and "/inloggen" in resp.headers["Location"]
    assert b"geheim" not in resp.get_data()
    assert audit_rows(session, 1) == []


def test_missing_file_is_a_404_with_a_failed_audit_row(client, session, world, served):
    BESTANDEN[4] = (hashlib.sha256(b"nooit opgeslagen").hexdigest(), "weg.pdf", "application/pdf", world["a"].id)
    login(client, session, inspecteur(world))
    assert client.get("/opslagtest/4").status_code == 404
    rows = audit_rows(session, 4)
    assert [r.resultaat for r in rows] == ["mislukt"]


def test_damaged_file_never_arrives_complete(client, session, world, served):
    data = b"A" * (3 * 1024 * 1024)
    key = served.put(io.BytesIO(data)).key
    overwrite_raw(served, key, b"B" * len(data))
    BESTANDEN[5] = (key, "bewijs.pdf", "application/pdf", world["a"].id)
    login(client, session, inspecteur(world))
    resp = client.get("/opslagtest/5", buffered=False)
    received = b""
    with pytest.raises(Exception, match="beschadigd"):
        for chunk in resp.response:
            received += chunk
    resp.close()
    assert len(received) < len(data)


def test_storage_down_gives_a_503_with_retry_after(client, session, world, served, monkeypatch):
    def unreachable(key):
        raise OpslagFout("De bestandsopslag is niet bereikbaar.")

    monkeypatch.setattr(served, "open", unreachable)
    BESTANDEN[6] = (hashlib.sha256(b"x").hexdigest(), "x.pdf", "application/pdf", world["a"].id)
    login(client, session, inspecteur(world))
    resp = client.get("/opslagtest/6")
    assert resp.status_code == 503 and resp.headers["Retry-After"] == "30"
    assert "bestandsopslag is even niet bereikbaar" in resp.get_data(as_text=True)
    assert audit_rows(session, 6) == []


def test_content_disposition_names_are_safe():
    assert content_disposition("../../etc/passwd") == 'attachment; filename="passwd"'
    assert content_disposition('a"b;\r\nSet-Cookie: x.pdf') == 'attachment; filename="abSet-Cookie: x.pdf"'
    assert content_disposition("rapport Ĳsselstraat.pdf") == (
        "attachment; filename=\"rapport IJsselstraat.pdf\"; filename*=UTF-8''rapport%20%C4%B2sselstraat.pdf")
    assert content_disposition("") == 'attachment; filename="bestand"'


def test_the_app_uses_its_configured_backend(app):
    with app.app_context():
        assert get_opslag().naam == "lokaal"
