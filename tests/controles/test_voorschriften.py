"""Permit voorschriften checked at a controle (issue 15): the checks made at planning, recorded
through the autosave and the tablet's sync, a finding that names the voorschrift it breaches,
another gemeente's voorschrift refused, and the compliance history on the permit."""
from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from handhaving.controles import rapport as rapport_module
from handhaving.controles import services, vastlegging, voorschriften
from handhaving.controles.models import Bevinding, Controle, Rapport, VoorschriftToets
from handhaving.errors import OngeldigeInvoer
from handhaving.security.rules import Rol
from handhaving.tijd import vandaag
from handhaving.vergunningen import services as vergunningen
from tests.controles.conftest import plan_voor
from tests.controles.test_sync import _bevinding, _client, _controle_json, _inzending, _pakket, _sync
from tests.factories.vergunningen import vergunning

JSON = {"Accept": "application/json"}


def _aantal(session, model, *where) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def vergund(app, session, veld):
    """At Havenweg 3 (Dalveen) a permit in force with three voorschriften (one withdrawn), a
    revoked permit and an application; a controle planned there today. In Hoogmeer a permit at
    Dorpsstraat 1 with a controle planned there."""
    users = veld["users"]
    a1, a2, b1 = veld["adressen"]
    with app.app_context():
        v = vergunning(session, veld["a"], adres=a2, voorschriften=(
            "Het bedrijf is gesloten tussen 04.00 en 10.00 uur.", "Tijdens openingstijden is een beheerder aanwezig.",
            "Het register van sekswerkers ligt ter inzage."))
        vergunningen.zet_voorschrift_vervallen(session, None, v.voorschriften[2])
        ingetrokken = vergunning(session, veld["a"], adres=a2, voorschriften=("Ingetrokken voorschrift.",))
        vergunningen.wijzig_status(session, None, ingetrokken, "ingetrokken", datum=vandaag(),
                                   toelichting="Herhaalde overtredingen.")
        vergunning(session, veld["a"], adres=a2, status="aangevraagd", voorschriften=("Aangevraagd voorschrift.",))
        elders = vergunning(session, veld["a"], adres=a1, voorschriften=("Voorschrift op een ander adres.",))
        vb = vergunning(session, veld["b"], adres=b1, voorschriften=("Voorschrift van Hoogmeer.",))
        [c] = plan_voor(session, veld["a"], users[("9901", Rol.COORDINATOR)], [users[("9901", Rol.TOEZICHTHOUDER)]], a2)
        [cb] = plan_voor(session, veld["b"], users[("9902", Rol.COORDINATOR)], [users[("9902", Rol.TOEZICHTHOUDER)]],
                         b1)
        session.commit()
    return {**veld, "vergunning": v, "ingetrokken": ingetrokken, "elders": elders, "vergunning_b": vb,
            "controle": c, "controle_b2": cb, "t": users[("9901", Rol.TOEZICHTHOUDER)],
            # Planned at Kanaalstraat 12 (veld) before the permit there was registered.
            "controle_kanaal": veld["controle"]}


def _gestart(session, vergund) -> Controle:
    c = session.get(Controle, vergund["controle"].id)
    vastlegging.start(session, vergund["t"], c)
    return c


def test_a_controle_at_a_permitted_address_gets_one_check_per_voorschrift(app_ctx, session, vergund):
    v = vergund["vergunning"]
    c = vergund["controle"]
    toetsen = voorschriften.toetsen(session, c)
    # Only the permit in force, only its voorschriften not withdrawn; not revoked, applied for or elsewhere.
    assert [t.voorschrift.id for t in toetsen] == [vs.id for vs in v.voorschriften[:2]]
    assert all(t.toets.oordeel == "" and t.vergunning.id == v.id for t in toetsen)
    assert toetsen[0].label.startswith(f"Voorschrift 1 van vergunning {v.zaaknummer}: Het bedrijf")
    # Hoogmeer's controle checks Hoogmeer's permit only.
    assert [t.vergunning.id for t in voorschriften.toetsen(session, vergund["controle_b2"])] == \
        [vergund["vergunning_b"].id]
    # Topping up twice creates nothing twice.
    assert voorschriften.vul_aan(session, c) == []
    assert _aantal(session, VoorschriftToets, VoorschriftToets.controle_id == c.id) == 2


def test_checks_are_topped_up_at_voorbereiden_and_start_while_editable(app_ctx, session, vergund):
    t = vergund["t"]
    # Planned before the permit at Kanaalstraat existed: no checks yet; voorbereiden adds them.
    oud = session.get(Controle, vergund["controle_kanaal"].id)
    assert oud.status.value == "gepland" and voorschriften.toetsen(session, oud) == []
    services.bereid_voor(session, vergund["users"][("9901", Rol.COORDINATOR)], oud, oud.versie)
    assert [x.vergunning.id for x in voorschriften.toetsen(session, oud)] == [vergund["elders"].id]
    # A voorschrift added before the start is added at the start.
    nieuw = vergunningen.voeg_voorschrift_toe(session, None, vergund["elders"], tekst="Nieuw voorschrift.",
                                             categorie="overig")
    vastlegging.start(session, t, oud)
    assert nieuw.id in {x.voorschrift_id for x in voorschriften.toetsen(session, oud)}
    # After the field work is closed no check is added any more.
    c = _gestart(session, vergund)
    c.status = c.status.__class__("rapport_concept")
    c.uitgevoerd_op = c.gestart_op  # a rapport follows the field work (CHECK constraint)
    session.flush()
    later = vergunningen.voeg_voorschrift_toe(session, None, vergund["vergunning"], tekst="Later.", categorie="overig")
    assert voorschriften.vul_aan(session, c) == []
    assert later.id not in {x.voorschrift_id for x in voorschriften.toetsen(session, c)}


def test_saving_checks_through_sla_op_and_refusing_a_foreign_voorschrift(app_ctx, session, vergund):
    t = vergund["t"]
    c = _gestart(session, vergund)
    vs1, vs2 = vergund["vergunning"].voorschriften[:2]
    versie = c.versie
    vastlegging.sla_op(session, t, c, c.versie, {f"v:{vs1.id}": vastlegging.Wijziging("nageleefd"),
                                                 f"vt:{vs1.id}": vastlegging.Wijziging("Gesloten om 04.00."),
                                                 f"v:{vs2.id}": vastlegging.Wijziging("niet_gecontroleerd")})
    assert c.versie > versie  # a saved check moves the version on like any field
    waarden = vastlegging.huidige_waarden(session, c)
    assert (waarden[f"v:{vs1.id}"], waarden[f"vt:{vs1.id}"], waarden[f"v:{vs2.id}"]) == (
        "nageleefd", "Gesloten om 04.00.", "niet_gecontroleerd")
    toets = session.execute(select(VoorschriftToets).where(VoorschriftToets.voorschrift_id == vs1.id)).scalar_one()
    assert toets.gewijzigd_door_id == t.id and toets.gewijzigd_op is not None
    # A value that is no judgement, and a voorschrift that is not one of this controle's checks.
    with pytest.raises(OngeldigeInvoer, match="kies nageleefd, overtreden of niet gecontroleerd"):
        vastlegging.sla_op(session, t, c, c.versie, {f"v:{vs1.id}": vastlegging.Wijziging("misschien")})
    vreemd = vergund["vergunning_b"].voorschriften[0]
    for key in (f"v:{vreemd.id}", f"vt:{vreemd.id}", f"v:{vergund['elders'].voorschriften[0].id}"):
        with pytest.raises(OngeldigeInvoer) as e:
            vastlegging.sla_op(session, t, c, c.versie, {key: vastlegging.Wijziging("nageleefd")})
        assert e.value.message == "Dit voorschrift hoort niet bij een vergunning op het adres van deze controle."
    assert vastlegging.huidige_waarden(session, c)[f"v:{vs1.id}"] == "nageleefd"


def test_stale_save_of_a_check_is_409_with_both_values(app, make_client, session, vergund):
    t = vergund["t"]
    with app.app_context():
        c = _gestart(session, vergund)
        session.commit()
    vs1 = vergund["vergunning"].voorschriften[0]
    client, token = _client(make_client, session, t)
    # Today's team member records in the offline app; the online page is the office's.
    kantoor, _ = _client(make_client, session, vergund["users"][("9901", Rol.COORDINATOR)])
    page = kantoor.get(f"/controles/{c.id}/vastleggen").get_data(as_text=True)
    versie = int(re.search(r'data-versie="(\d+)"', page).group(1))
    resp = client.post(f"/controles/{c.id}/vastleggen", json={"versie": versie, "wijzigingen": {
        f"v:{vs1.id}": {"waarde": "overtreden", "basis": ""}}}, headers={"X-CSRFToken": token, **JSON})
    assert resp.status_code == 200 and resp.json["waarden"][f"v:{vs1.id}"] == "overtreden"
    # A colleague with the old version and the old basis: refused, both values shown.
    resp = client.post(f"/controles/{c.id}/vastleggen", json={"versie": versie, "wijzigingen": {
        f"v:{vs1.id}": {"waarde": "nageleefd", "basis": ""}}}, headers={"X-CSRFToken": token, **JSON})
    assert resp.status_code == 409
    [conflict] = resp.json["conflicten"]
    assert (conflict["veld"], conflict["uw_waarde"], conflict["huidige_waarde"]) == (f"v:{vs1.id}", "nageleefd",
                                                                                   "overtreden")
    assert conflict["label"].startswith(f"Voorschrift 1 van vergunning {vergund['vergunning'].zaaknummer}: ")
    session.expire_all()
    with app.app_context():
        assert vastlegging.huidige_waarden(session, session.get(Controle, c.id))[f"v:{vs1.id}"] == "overtreden"


def test_a_finding_naming_a_voorschrift_makes_it_overtreden_in_the_permits_history(app_ctx, session, vergund):
    t = vergund["t"]
    c = _gestart(session, vergund)
    v = vergund["vergunning"]
    vs1, vs2 = v.voorschriften[:2]
    vastlegging.sla_op(session, t, c, c.versie, {f"v:{vs1.id}": vastlegging.Wijziging("nageleefd"),
                                                 f"v:{vs2.id}": vastlegging.Wijziging("nageleefd")})
    versie = c.versie
    sleutel = str(uuid.uuid4())
    b, nieuw = vastlegging.voeg_bevinding_toe(
        session, t, c, uuid=sleutel, categorie="vergunning", omschrijving="Om 05.00 uur open.", waarneming="eigen",
        ernst="ernstig", voorschrift_id=vs1.id)
    # The check changed, so the version moves on: a stale save of that field is a conflict.
    assert nieuw and b.voorschrift_id == vs1.id and c.versie == versie + 1
    waarden = vastlegging.huidige_waarden(session, c)
    assert (waarden[f"v:{vs1.id}"], waarden[f"v:{vs2.id}"]) == ("overtreden", "nageleefd")
    # A replay is the same finding; the same key with another voorschrift is refused.
    assert vastlegging.voeg_bevinding_toe(
        session, t, c, uuid=sleutel, categorie="vergunning", omschrijving="Om 05.00 uur open.", waarneming="eigen",
        ernst="ernstig", voorschrift_id=vs1.id) == (b, False)
    with pytest.raises(OngeldigeInvoer, match="al gebruikt"):
        vastlegging.voeg_bevinding_toe(
            session, t, c, uuid=sleutel, categorie="vergunning", omschrijving="Om 05.00 uur open.",
            waarneming="eigen", ernst="ernstig", voorschrift_id=vs2.id)
    naleving = {n.voorschrift.id: n for n in vergunningen.naleving(session, v)}
    assert naleving[vs1.id].laatste == "overtreden"
    [moment] = naleving[vs1.id].momenten
    assert moment.controle.id == c.id and moment.bevindingen == [b]
    assert naleving[vs2.id].laatste == "nageleefd"


def test_the_hash_of_a_finding_without_voorschrift_is_unchanged(app_ctx, session, vergund):
    """Bevindingen stored before issue 15 keep matching their replays."""
    c = _gestart(session, vergund)
    b, _ = vastlegging.voeg_bevinding_toe(session, vergund["t"], c, uuid=str(uuid.uuid4()), categorie="veiligheid",
                                          omschrijving="Nooduitgang geblokkeerd.", waarneming="eigen", ernst="matig")
    assert b.inhoud_hash == vastlegging._hash({"categorie": "veiligheid", "omschrijving": "Nooduitgang geblokkeerd.",
                                               "waarneming": "eigen", "ernst": "matig", "norm": "", "item": None})


def test_another_gemeentes_voorschrift_on_a_finding_is_422_and_nothing_written(app, make_client, session, vergund):
    t = vergund["t"]
    with app.app_context():
        c = _gestart(session, vergund)
        session.commit()
    vreemd = vergund["vergunning_b"].voorschriften[0]
    elders = vergund["elders"].voorschriften[0]
    client, token = _client(make_client, session, t)
    for voorschrift_id in (vreemd.id, elders.id, "abc"):
        resp = client.post(f"/controles/{c.id}/bevindingen", json={
            "uuid": str(uuid.uuid4()), "categorie": "vergunning", "omschrijving": "Open na sluitingstijd.",
            "waarneming": "eigen", "ernst": "ernstig", "voorschrift_id": voorschrift_id},
            headers={"X-CSRFToken": token, **JSON})
        assert resp.status_code == 422, resp.get_data(as_text=True)
        assert resp.json["melding"] == "Dit voorschrift hoort niet bij een vergunning op het adres van deze controle."
    # The plain form: the same message on the page, the input kept.
    resp = client.post(f"/controles/{c.id}/bevindingen", data={
        "csrf_token": token, "uuid": str(uuid.uuid4()), "categorie": "vergunning",
        "omschrijving": "Open na sluitingstijd.", "waarneming": "eigen", "ernst": "ernstig", "norm": "",
        "voorschrift_id": str(vreemd.id)})
    assert resp.status_code == 422
    assert "Dit voorschrift hoort niet bij een vergunning op het adres van deze controle." in resp.get_data(as_text=True)
    assert _aantal(session, Bevinding, Bevinding.controle_id == c.id) == 0
    assert _aantal(session, VoorschriftToets, VoorschriftToets.controle_id == c.id,
                   VoorschriftToets.oordeel != "") == 0
    # With one of its own voorschriften over HTTP the finding is made and the check overtreden.
    vs = vergund["vergunning"].voorschriften[1]
    resp = client.post(f"/controles/{c.id}/bevindingen", data={
        "csrf_token": token, "uuid": str(uuid.uuid4()), "categorie": "vergunning",
        "omschrijving": "Geen beheerder aanwezig.", "waarneming": "eigen", "ernst": "ernstig", "norm": "",
        "voorschrift_id": str(vs.id)})
    assert resp.status_code == 302
    page = client.get(f"/controles/{c.id}").get_data(as_text=True)
    assert "Overtreden: Voorschrift 2 van vergunning" in page and "Voorschriften van de vergunning" in page


def test_the_online_form_shows_the_voorschriften_and_the_finding_select(app, make_client, session, vergund):
    with app.app_context():
        c = _gestart(session, vergund)
        session.commit()
    v = vergund["vergunning"]
    # The online page is the office's (today's team member records in the offline app).
    client, _ = _client(make_client, session, vergund["users"][("9901", Rol.COORDINATOR)])
    page = client.get(f"/controles/{c.id}/vastleggen").get_data(as_text=True)
    assert "Voorschriften van de vergunning" in page and v.zaaknummer in page
    assert "Het bedrijf is gesloten tussen 04.00 en 10.00 uur." in page
    assert "Het register van sekswerkers ligt ter inzage." not in page  # withdrawn before the controle
    for vs in v.voorschriften[:2]:
        assert f'name="v:{vs.id}" value="nageleefd"' in page and f'name="vt:{vs.id}"' in page
        assert f'<option value="{vs.id}">' in page  # the finding's "Overtreden voorschrift"
    assert "Ingetrokken voorschrift." not in page and "Voorschrift op een ander adres." not in page
    # Without checks (planned before the permit there): no section, no select.
    kanaal = client.get(f"/controles/{vergund['controle_kanaal'].id}").get_data(as_text=True)
    assert "Voorschriften van de vergunning" not in kanaal
    # The plain form (no JavaScript) saves the checks too.
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    versie = int(re.search(r'data-versie="(\d+)"', page).group(1))
    vs1 = v.voorschriften[0]
    resp = client.post(f"/controles/{c.id}/vastleggen", data={
        "csrf_token": token, "versie": str(versie), "notities": "", f"v:{vs1.id}": "nageleefd",
        f"vt:{vs1.id}": "Dicht om 04.00."})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
    session.expire_all()
    with app.app_context():
        waarden = vastlegging.huidige_waarden(session, session.get(Controle, c.id))
    assert (waarden[f"v:{vs1.id}"], waarden[f"vt:{vs1.id}"]) == ("nageleefd", "Dicht om 04.00.")
    detail = client.get(f"/controles/{c.id}").get_data(as_text=True)
    assert "1 nageleefd" in detail and "Dicht om 04.00." in detail


def test_the_offline_package_and_the_sync_carry_the_voorschriften(app, make_client, session, vergund):
    t = vergund["t"]
    v = vergund["vergunning"]
    vs1, vs2 = v.voorschriften[:2]
    client, token = _client(make_client, session, t)
    pakket = _pakket(client)
    cj = _controle_json(pakket, vergund["controle"].id)
    [vj] = cj["vergunningen"]
    assert vj == {"zaaknummer": v.zaaknummer, "soort": "Exploitatievergunning seksinrichting",
                  "houder": v.houder.weergavenaam, "vervaldatum": v.vervaldatum.isoformat(),
                  "voorschriften": [{"id": vs.id, "nummer": vs.nummer, "tekst": vs.tekst, "categorie": "Overig",
                                     "bron_artikel": vs.bron_artikel} for vs in (vs1, vs2)]}
    assert cj["waarden"][f"v:{vs1.id}"] == "" and cj["waarden"][f"vt:{vs2.id}"] == ""
    tekst = client.get("/controles/offline/pakket", headers=JSON).get_data(as_text=True)
    assert "bibob" not in tekst.lower() and "kvk" not in tekst.lower()
    assert "Voorschrift van Hoogmeer." not in tekst and "Ingetrokken voorschrift." not in tekst
    # The controle at Kanaalstraat (no checks) has an empty list.
    assert _controle_json(pakket, vergund["controle_kanaal"].id)["vergunningen"] == []

    bevinding = _bevinding("Om 05.00 uur open.", categorie="vergunning", voorschrift_id=vs1.id)
    inz = _inzending(cj, wijzigingen={f"v:{vs2.id}": {"waarde": "nageleefd", "basis": ""},
                                      f"vt:{vs2.id}": {"waarde": "Beheerder mevr. K. aanwezig.", "basis": ""}},
                     bevindingen=[bevinding])
    resp = _sync(client, token, inz)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    session.expire_all()
    with app.app_context():
        c = session.get(Controle, vergund["controle"].id)
        waarden = vastlegging.huidige_waarden(session, c)
        assert (waarden[f"v:{vs1.id}"], waarden[f"v:{vs2.id}"], waarden[f"vt:{vs2.id}"]) == (
            "overtreden", "nageleefd", "Beheerder mevr. K. aanwezig.")
        b = session.execute(select(Bevinding).where(Bevinding.uuid == bevinding["uuid"])).scalar_one()
        assert b.voorschrift_id == vs1.id

    # A stale tablet changing the same check: 409 with both values, nothing of the bundle kept.
    cj2 = _controle_json(_pakket(client), c.id)
    assert cj2["bevindingen"][0]["voorschrift_id"] == vs1.id
    inz = _inzending(cj, start=None, wijzigingen={f"v:{vs2.id}": {"waarde": "overtreden", "basis": ""}})
    resp = _sync(client, token, inz)
    assert resp.status_code == 409
    [conflict] = resp.json["conflicten"]
    assert (conflict["uw_waarde"], conflict["huidige_waarde"]) == ("overtreden", "nageleefd")

    # Another gemeente's voorschrift in a bundle: 422, nothing of the bundle written.
    vreemd = vergund["vergunning_b"].voorschriften[0]
    cj3 = _controle_json(_pakket(client), c.id)
    inz = _inzending(cj3, start=None, wijzigingen={f"vt:{vs1.id}": {"waarde": "Niet bewaard.", "basis": ""}},
                     bevindingen=[_bevinding("Vreemd.", voorschrift_id=vreemd.id)])
    resp = _sync(client, token, inz)
    assert resp.status_code == 422
    assert resp.json["melding"] == "Dit voorschrift hoort niet bij een vergunning op het adres van deze controle."
    session.expire_all()
    with app.app_context():
        assert vastlegging.huidige_waarden(session, session.get(Controle, c.id))[f"vt:{vs1.id}"] == ""
    assert _aantal(session, Bevinding, Bevinding.controle_id == c.id) == 1


def test_the_rapport_lists_each_check_with_its_judgement(app_ctx, session, vergund):
    t = vergund["t"]
    c = _gestart(session, vergund)
    vs1, vs2 = vergund["vergunning"].voorschriften[:2]
    vastlegging.sla_op(session, t, c, c.versie, {f"v:{vs2.id}": vastlegging.Wijziging("nageleefd"),
                                                 f"vt:{vs2.id}": vastlegging.Wijziging("Beheerder aanwezig.")})
    vastlegging.voeg_bevinding_toe(session, t, c, uuid=str(uuid.uuid4()), categorie="vergunning",
                                   omschrijving="Om 05.00 uur open.", waarneming="eigen", ernst="ernstig",
                                   voorschrift_id=vs1.id)
    html = rapport_module.bouw_html(session, c, Rapport(controle_id=c.id, gemeente_id=c.gemeente_id, versie=1,
                                                        aangevraagd_op=c.gestart_op + timedelta(hours=1)))
    assert "Voorschriften van de vergunning" in html and vergund["vergunning"].zaaknummer in html
    assert "Het bedrijf is gesloten tussen 04.00 en 10.00 uur." in html and "Beheerder aanwezig." in html
    assert "Overtreden voorschrift" in html and "bevinding 1" in html
