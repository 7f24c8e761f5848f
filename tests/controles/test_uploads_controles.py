"""Every way a controle takes a file goes through the app's one upload check
(storage/uploads.py): the photo form, the tablet's photo in parts, the drawn signature.
A web page behind an image signature and a pixel bomb are refused in Dutch; nothing is stored."""
from __future__ import annotations

import base64
import uuid

import pytest
from sqlalchemy import func, select

from handhaving.controles import afronding, sync, vastlegging
from handhaving.controles.models import Controle, Foto
from handhaving.errors import OngeldigeInvoer
from handhaving.security.rules import Rol
from tests.factories import bestanden
from tests.helpers import csrf_for, login

JSON = {"Accept": "application/json"}


def _gestart(app, session, veld):
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    c = session.get(Controle, veld["controle"].id)
    with app.app_context():
        vastlegging.start(session, t, c)
    session.commit()
    return t, c


def _fotos(session) -> int:
    session.expire_all()
    return session.execute(select(func.count()).select_from(Foto)).scalar_one()


@pytest.mark.parametrize("data,melding", [(bestanden.html_als_jpeg(), "webpagina"),
                                          (bestanden.png_bom(30_000, 30_000), "beeldpunten|onredelijk groot")])
def test_the_photo_form_refuses_a_polyglot_and_a_pixel_bomb(app, session, veld, data, melding):
    t, c = _gestart(app, session, veld)
    with app.app_context(), pytest.raises(OngeldigeInvoer, match=melding):
        vastlegging.voeg_foto_toe(session, t, c, uuid=str(uuid.uuid4()), data=data)
    assert _fotos(session) == 0


def test_a_photo_sent_in_parts_is_checked_when_it_is_complete(app, make_client, session, veld):
    t, c = _gestart(app, session, veld)
    client = make_client()
    login(client, session, t)
    token = csrf_for(client)
    data = bestanden.html_als_jpeg()
    resp = client.post(f"/controles/{c.id}/fotos/{uuid.uuid4()}/delen",
                       query_string={"offset": 0, "totaal": len(data)}, data=data,
                       content_type="application/octet-stream", headers={"X-CSRFToken": token, **JSON})
    assert resp.status_code == 422, resp.get_data(as_text=True)
    assert "webpagina" in resp.get_data(as_text=True)
    assert _fotos(session) == 0 and sync.DEEL_MAX >= len(data)


@pytest.mark.parametrize("data,melding", [(b"\x89PNG\r\n\x1a\n" + bestanden.HTML, "webpagina"),
                                          (bestanden.png_bom(30_000, 30_000), "beeldpunten|onredelijk groot")])
def test_a_drawn_signature_goes_through_the_same_check(data, melding):
    with pytest.raises(OngeldigeInvoer, match=melding):
        afronding._png("data:image/png;base64," + base64.b64encode(data).decode())
