"""The answer to a confirmed bundle (issue 23): the server's values of the fields the tablet
sent and the new versie, so the tablet can hold the server's version. Correcting one's own
synced answer is then no conflict; a colleague's change of the same field still is."""
from __future__ import annotations

from handhaving.controles import vastlegging
from handhaving.controles.models import Controle
from handhaving.security.rules import Rol
from tests.controles.test_sync import _client, _controle_json, _inzending, _items, _pakket, _sync


def _ja_nee(cj: dict) -> list[int]:
    return [i["id"] for i in _items(cj) if i["soort"] == "ja_nee"]


def _getal(cj: dict) -> int | None:
    return next((i["id"] for i in _items(cj) if i["soort"] == "getal"), None)


def test_the_answer_holds_the_servers_value_of_every_sent_field_and_the_new_versie(app, make_client, session, veld):
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    client, token = _client(make_client, session, t)
    cj = _controle_json(_pakket(client), veld["controle"].id)
    x = _ja_nee(cj)[0]
    wijzigingen = {f"a:{x}": {"waarde": "ja", "basis": ""}, "notities": {"waarde": "  Gezien.  ", "basis": ""}}
    getal = _getal(cj)
    if getal is not None:
        wijzigingen[f"a:{getal}"] = {"waarde": "2.50", "basis": ""}
    inz = _inzending(cj, wijzigingen=wijzigingen)
    resp = _sync(client, token, inz)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    body = resp.json
    session.expire_all()
    c = session.get(Controle, cj["id"])
    with app.app_context():
        server = vastlegging.huidige_waarden(session, c)
    # Exactly the sent fields, as the server stored them (normalised), and the versie after the bundle.
    assert body["waarden"] == {k: server[k] for k in wijzigingen}
    assert body["waarden"]["notities"] == "Gezien."
    if getal is not None:
        assert body["waarden"][f"a:{getal}"] == "2,5"
    assert body["versie"] == c.versie and body["versie"] > cj["versie"]
    assert body["gestart_op"] and body["bewerkbaar"] is True and body["status"] == c.status.value
    assert body["status_label"] == c.status.label
    # A replay gives the same answer (what the server held when it processed the bundle).
    assert _sync(client, token, inz).json == {**body, "herhaald": True}


def test_correcting_ones_own_synced_answer_is_no_conflict(app, make_client, session, veld):
    users = veld["users"]
    t, coord = users[("9901", Rol.TOEZICHTHOUDER)], users[("9901", Rol.COORDINATOR)]
    client, token = _client(make_client, session, t)
    cj = _controle_json(_pakket(client), veld["controle"].id)
    x, y = _ja_nee(cj)[:2]
    eerste = _sync(client, token, _inzending(cj, wijzigingen={f"a:{x}": {"waarde": "ja", "basis": ""}})).json
    # The office answers another item meanwhile: the versie moves on past the tablet's.
    session.expire_all()
    with app.app_context():
        c = session.get(Controle, cj["id"])
        vastlegging.sla_op(session, coord, c, c.versie, {f"a:{y}": vastlegging.Wijziging("nvt", "")})
    session.commit()
    # The tablet corrects its own answer from what the answer gave it (versie and basis).
    tweede = _sync(client, token, _inzending(cj, versie=eerste["versie"], start=None, wijzigingen={
        f"a:{x}": {"waarde": "nee", "basis": eerste["waarden"][f"a:{x}"]}}))
    assert tweede.status_code == 200, tweede.get_data(as_text=True)
    assert tweede.json["waarden"] == {f"a:{x}": "nee"}
    session.expire_all()
    with app.app_context():
        waarden = vastlegging.huidige_waarden(session, session.get(Controle, cj["id"]))
    assert (waarden[f"a:{x}"], waarden[f"a:{y}"]) == ("nee", "nvt")


def test_a_colleagues_change_of_a_synced_field_still_conflicts_with_both_values(app, make_client, session, veld):
    users = veld["users"]
    t, coord = users[("9901", Rol.TOEZICHTHOUDER)], users[("9901", Rol.COORDINATOR)]
    client, token = _client(make_client, session, t)
    cj = _controle_json(_pakket(client), veld["controle"].id)
    x = _ja_nee(cj)[0]
    eerste = _sync(client, token, _inzending(cj, wijzigingen={f"a:{x}": {"waarde": "ja", "basis": ""}})).json
    session.expire_all()
    with app.app_context():
        c = session.get(Controle, cj["id"])
        vastlegging.sla_op(session, coord, c, c.versie, {f"a:{x}": vastlegging.Wijziging("nvt", "ja")})
    session.commit()
    resp = _sync(client, token, _inzending(cj, versie=eerste["versie"], start=None, wijzigingen={
        f"a:{x}": {"waarde": "nee", "basis": eerste["waarden"][f"a:{x}"]}}))
    assert resp.status_code == 409 and resp.json["fout"] == "verouderde_versie"
    [conflict] = resp.json["conflicten"]
    assert (conflict["veld"], conflict["uw_waarde"], conflict["huidige_waarde"]) == (f"a:{x}", "nee", "nvt")
    session.expire_all()
    with app.app_context():
        assert vastlegging.huidige_waarden(session, session.get(Controle, cj["id"]))[f"a:{x}"] == "nvt"
