"""One recording experience (issue 23): field work on the tablet is the offline app, the
online Vastleggen page is for the office, and it says honestly that it keeps nothing on the
device.

The rule is the offline package's (``sync.veldwerk_ids``): today, the user in the team, and
still recordable on the tablet. Everything else stays on the online page.
"""
from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from handhaving.controles import sync
from handhaving.controles.models import AangetroffenPersoon, Bevinding, Controle, ControleStatus as S, Foto
from handhaving.db import utcnow
from handhaving.security.rules import Rol
from handhaving.tijd import vandaag
from tests.controles.conftest import plan_voor
from tests.controles.test_vastlegging import jpeg_met_gps
from tests.factories import make_user
from tests.helpers import csrf_for, login


def _client(make_client, session, user):
    c = make_client()
    login(c, session, user)
    return c


def _offline(controle_id: int) -> str:
    return f"/controles/offline#controle-{controle_id}"


def _vastleggen(client, controle_id: int):
    return client.get(f"/controles/{controle_id}/vastleggen")


@pytest.mark.parametrize("wie, verwacht", [
    (("9901", Rol.TOEZICHTHOUDER), 303),  # in the team, today: field work, the offline app
    (("9901", Rol.COORDINATOR), 200),     # not in the team: office use, the online page
    ("regio", 200),
    (("9901", Rol.VERGUNNINGVERLENER), 403),
    (("9901", Rol.BURGEMEESTER), 403),
    (("9901", Rol.BEHEERDER), 403),
    (("9902", Rol.TOEZICHTHOUDER), 404),  # another gemeente's controle
    (("9902", Rol.COORDINATOR), 404),
])
def test_vastleggen_of_todays_controle_per_role(make_client, session, veld, wie, verwacht):
    c = veld["controle"]
    resp = _vastleggen(_client(make_client, session, veld["users"][wie]), c.id)
    assert resp.status_code == verwacht, resp.get_data(as_text=True)[:300]
    if verwacht == 303:
        assert resp.headers["Location"].endswith(_offline(c.id))


def test_a_started_controle_of_today_goes_from_start_to_the_offline_app(make_client, session, veld):
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    c = veld["controle"]
    client = _client(make_client, session, t)
    resp = client.post(f"/controles/{c.id}/start", data={"csrf_token": csrf_for(client)}, follow_redirects=False)
    assert resp.status_code == 302
    resp = client.get(resp.headers["Location"])
    assert resp.status_code == 303 and resp.headers["Location"].endswith(_offline(c.id))


def test_a_coordinator_in_the_team_records_in_the_offline_app_too(app, make_client, session, veld):
    beide = make_user(session, "beide.9901", [(veld["a"], Rol.TOEZICHTHOUDER), (veld["a"], Rol.COORDINATOR)])
    session.commit()
    with app.app_context():
        [c] = plan_voor(session, veld["a"], veld["users"][("9901", Rol.COORDINATOR)], [beide], veld["adressen"][1])
        session.commit()
    resp = _vastleggen(_client(make_client, session, beide), c.id)
    assert resp.status_code == 303 and resp.headers["Location"].endswith(_offline(c.id))


def test_a_team_member_keeps_the_online_page_for_another_day(app, make_client, session, veld):
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    with app.app_context():
        [morgen] = plan_voor(session, veld["a"], veld["users"][("9901", Rol.COORDINATOR)], [t], veld["adressen"][1],
                             dag=vandaag() + timedelta(days=1))
        session.commit()
    assert _vastleggen(_client(make_client, session, t), morgen.id).status_code == 200


def test_a_controle_no_longer_recordable_keeps_the_online_page(make_client, session, veld):
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    c = session.get(Controle, veld["controle"].id)
    c.status, c.gestart_op, c.uitgevoerd_op = S.RAPPORT_CONCEPT, utcnow(), utcnow()
    session.commit()
    assert _vastleggen(_client(make_client, session, t), c.id).status_code == 200


def test_a_colleague_outside_the_team_keeps_the_online_page(make_client, session, veld):
    collega = make_user(session, "collega.9901", [(veld["a"], Rol.TOEZICHTHOUDER)])
    session.commit()
    assert _vastleggen(_client(make_client, session, collega), veld["controle"].id).status_code == 200


def test_the_rule_is_the_offline_packages(app, session, veld):
    """One function decides, and what it picks is exactly what the package marks recordable
    for a team member."""
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    coord = veld["users"][("9901", Rol.COORDINATOR)]
    with app.test_request_context():
        ids = [veld["a"].id]
        pakket = sync.pakket(session, t, ids)["controles"]
        assert sync.veldwerk_ids(session, t, ids) == {c["id"] for c in pakket if c["bewerkbaar"]} == {
            veld["controle"].id}
        # The coördinator's package holds today's controle (to help out), but they are not in its team.
        assert veld["controle"].id in {c["id"] for c in sync.pakket(session, coord, ids)["controles"]}
        assert sync.veldwerk_ids(session, coord, ids) == set()


def test_vandaag_openen_leads_to_the_offline_form(make_client, session, veld):
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    c = veld["controle"]
    pagina = _client(make_client, session, t).get("/controles/vandaag").get_data(as_text=True)
    knop = re.search(r'<a class="utrecht-button-link[^"]*" href="([^"]+)">Openen</a>', pagina)
    assert knop and knop.group(1) == _offline(c.id)
    assert f'href="/controles/{c.id}/vastleggen"' not in pagina


def test_detail_and_week_link_field_work_to_the_offline_app(make_client, session, veld):
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    c = veld["controle"]
    client = _client(make_client, session, t)
    client.post(f"/controles/{c.id}/start", data={"csrf_token": csrf_for(client)})
    detail = client.get(f"/controles/{c.id}").get_data(as_text=True)
    assert f'href="{_offline(c.id)}">Verder vastleggen</a>' in detail
    week = client.get("/controles/week").get_data(as_text=True)
    assert f'href="{_offline(c.id)}">Vastleggen' in week
    # The coördinator (not in the team) completes it later on the online page.
    coord = _client(make_client, session, veld["users"][("9901", Rol.COORDINATOR)])
    detail = coord.get(f"/controles/{c.id}").get_data(as_text=True)
    assert f'href="/controles/{c.id}/vastleggen">Verder vastleggen</a>' in detail
    assert "#controle-" not in coord.get("/controles/week").get_data(as_text=True)


def test_the_online_page_says_it_keeps_nothing_on_the_device(make_client, session, veld):
    coord = _client(make_client, session, veld["users"][("9901", Rol.COORDINATOR)])
    coord.post(f"/controles/{veld['controle'].id}/start", data={"csrf_token": csrf_for(coord)})
    pagina = _vastleggen(coord, veld["controle"].id).get_data(as_text=True)
    assert "Wijzigingen worden direct op de server opgeslagen" in pagina
    assert "Zonder verbinding kan op deze pagina niets worden opgeslagen" in pagina
    assert "op dit apparaat" not in pagina
    # The forms that the page sends with fetch, so a lost connection keeps the input.
    assert pagina.count("data-verstuur=") == 3


def _formulier(pagina: str, actie: str) -> dict[str, str]:
    """The fields of one form on the page as the page's script sends them (FormData → JSON)."""
    blok = pagina[pagina.index(f'action="{actie}"'):]
    blok = blok[:blok.index("</form>")]
    velden = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', blok))
    velden.update({n: "" for n in re.findall(r'<(?:textarea|select)[^>]*name="([^"]+)"', blok)})
    velden.pop("csrf_token", None)
    return velden


def test_what_the_online_page_sends_with_fetch_is_kept_once_and_refused_in_json(app, make_client, session, veld):
    """The page's script sends the finding and person forms as JSON and the photo as a form,
    asking for JSON; a refusal comes back as JSON with a Dutch message (shown at the form), and
    sending the same form again (after a lost connection) keeps it once."""
    c = veld["controle"]
    coord = _client(make_client, session, veld["users"][("9901", Rol.COORDINATOR)])
    token = csrf_for(coord)
    coord.post(f"/controles/{c.id}/start", data={"csrf_token": token})
    pagina = _vastleggen(coord, c.id).get_data(as_text=True)
    kop = {"X-CSRFToken": token, "Accept": "application/json"}

    bevinding = {**_formulier(pagina, f"/controles/{c.id}/bevindingen"), "categorie": "hygiene",
                 "waarneming": "eigen", "ernst": "matig", "omschrijving": "", "norm": ""}
    resp = coord.post(f"/controles/{c.id}/bevindingen", json=bevinding, headers=kop)
    assert resp.status_code == 422 and resp.json["melding"], resp.get_data(as_text=True)[:300]
    bevinding["omschrijving"] = "Geen condooms aanwezig"
    for _ in range(2):  # the second time: sent again after the answer was lost
        resp = coord.post(f"/controles/{c.id}/bevindingen", json=bevinding, headers=kop)
        assert resp.status_code in (200, 201) and resp.json["uuid"] == bevinding["uuid"]
    persoon = {**_formulier(pagina, f"/controles/{c.id}/personen"), "rol": "beheerder", "naam": "J. Jansen",
               "id_gezien": "y", "geboortejaar": "", "ingeschreven_brp_rni": ""}
    for _ in range(2):
        resp = coord.post(f"/controles/{c.id}/personen", json=persoon, headers=kop)
        assert resp.status_code in (200, 201), resp.get_data(as_text=True)[:300]
    foto = _formulier(pagina, f"/controles/{c.id}/fotos")
    for _ in range(2):
        resp = coord.post(f"/controles/{c.id}/fotos", headers=kop, content_type="multipart/form-data", data={
            "uuid": foto["uuid"], "bijschrift": "Gang", "bevinding_id": "",
            "foto": (io.BytesIO(jpeg_met_gps()), "IMG_0001.jpg")})
        assert resp.status_code in (200, 201) and resp.json["uuid"] == foto["uuid"], resp.get_data(as_text=True)[:300]
    session.expire_all()
    for model in (Bevinding, AangetroffenPersoon, Foto):
        assert session.execute(select(func.count()).select_from(model).where(model.controle_id == c.id)).scalar_one() == 1
