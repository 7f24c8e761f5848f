"""The offline tablet's server side (issue 14): the day's package, bundles synced exactly once
(also with 200 drafts, replays and dropped answers), stale edits, refusals, an expired
session, and photos that arrive in parts."""
from __future__ import annotations

import io
import random
import time
import uuid
from datetime import timedelta

from PIL import Image
from sqlalchemy import func, select

from handhaving.audit.models import AuditRegel
from handhaving.auth.models import Sessie
from handhaving.controles import vastlegging
from handhaving.controles.models import (
    AangetroffenPersoon,
    AangetroffenSekswerker,
    Bevinding,
    ChecklistAntwoord,
    Controle,
    Foto,
    FotoUpload,
    FotoUploadDeel,
    SyncInzending,
)
from handhaving.controles.models import (
    ControleStatus as S,
)
from handhaving.controles.sync import DEEL_MAX, duur_tekst
from handhaving.db import utcnow
from handhaving.security.rules import Rol
from handhaving.storage import get_opslag
from tests.controles.conftest import plan_voor
from tests.factories import add_adres
from tests.factories.controles import vastgestelde_controle
from tests.helpers import csrf_for, login

CANARY = "CANARY-SW-OFFLINE-8812"
JSON = {"Accept": "application/json"}
ANTWOORD = {"ja_nee": "ja", "getal": "2", "tekst": "gezien", "datum": "2026-01-01", "tijd": "10:00"}


def _client(make_client, session, user):
    client = make_client()
    login(client, session, user)
    return client, csrf_for(client)


def _pakket(client) -> dict:
    resp = client.get("/controles/offline/pakket", headers=JSON)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    return resp.json


def _items(controle_json: dict) -> list[dict]:
    return [i for s in controle_json["secties"] for i in s["items"]]


def _verplicht(controle_json: dict) -> dict:
    """Answers for every required item, as the tablet form would fill them in (basis: the package)."""
    w = {"toegang": {"waarde": "openbare_inrichting", "basis": controle_json["waarden"]["toegang"]}}
    for i in _items(controle_json):
        if i["verplicht"]:
            waarde = ANTWOORD.get(i["soort"], (i["keuzes"] or ["x"])[0])
            w[f"a:{i['id']}"] = {"waarde": waarde, "basis": controle_json["waarden"].get(f"a:{i['id']}", "")}
    return w


def _nu_iso(verschuiving: timedelta = timedelta()) -> str:
    return (utcnow() + verschuiving).isoformat() + "Z"


def _bevinding(omschrijving="Geen brandblusser op de gang.", **kw) -> dict:
    return {"uuid": str(uuid.uuid4()), "categorie": "veiligheid", "omschrijving": omschrijving,
            "waarneming": "eigen", "ernst": "matig", "norm": "Bouwbesluit", **kw}


def _inzending(controle_json: dict, **kw) -> dict:
    body = {"uuid": str(uuid.uuid4()), "controle_id": controle_json["id"], "versie": controle_json["versie"],
            "start": {"op": _nu_iso(-timedelta(minutes=40)), "lat": 52.09, "lon": 5.12, "nauwkeurigheid": 15},
            "wijzigingen": {}, "bevindingen": [], "personen": [], "opgelost": [], "afronden": False}
    body.update(kw)
    return body


def _sync(client, token, inzending, verzonden_op=None, headers=None):
    return client.post("/controles/sync", json={"verzonden_op": verzonden_op or _nu_iso(), "inzending": inzending},
                       headers={"X-CSRFToken": token, **JSON, **(headers or {})})


def _aantal(session, model, *where) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model).where(*where))


def _controle_json(pakket: dict, controle_id: int) -> dict:
    [c] = [c for c in pakket["controles"] if c["id"] == controle_id]
    return c


# ---------------------------------------------------------------------------- the package

def test_package_has_todays_controle_with_its_checklist_and_no_sex_worker_data(app, make_client, session, veld):
    users = veld["users"]
    t = users[("9901", Rol.TOEZICHTHOUDER)]
    c = session.get(Controle, veld["controle"].id)
    with app.app_context():
        # On site already: an answer, and a sex worker with a canary in every field she has.
        vastlegging.start(session, t, c)
        item = next(iter(vastlegging.items(session, c).values()))
        vastlegging.sla_op(session, t, c, c.versie, {"notities": vastlegging.Wijziging("Achteringang open."),
                                                     f"t:{item.id}": vastlegging.Wijziging("toelichting")})
        vastlegging.voeg_persoon_toe(session, t, c, uuid=str(uuid.uuid4()), rol="sekswerker",
                                     sekswerker=vastlegging.SekswerkerInvoer(
                                         werknaam=f"W {CANARY}", geboortejaar=1998, nationaliteit=f"N {CANARY}",
                                         toelichting=f"T {CANARY}"))
        # Today in the other gemeente: never in a Dalveen package.
        [b_vandaag] = plan_voor(session, veld["b"], users[("9902", Rol.COORDINATOR)],
                                [users[("9902", Rol.TOEZICHTHOUDER)]], veld["adressen"][2])
    session.commit()

    client, _ = _client(make_client, session, t)
    resp = client.get("/controles/offline/pakket", headers=JSON)
    assert resp.status_code == 200 and resp.headers["Cache-Control"] == "no-store"
    tekst = resp.get_data(as_text=True)
    assert CANARY not in tekst and "werknaam" not in tekst and "geboortejaar" not in tekst
    pakket = resp.json
    assert pakket["gebruiker"] == t.naam and pakket["gemaakt_op"].endswith("Z")
    assert [x["id"] for x in pakket["controles"]] == [c.id]
    cj = pakket["controles"][0]
    assert cj["uuid"] == c.uuid and cj["versie"] == c.versie and cj["status"] == "voorbereid"
    assert cj["bewerkbaar"] is True and cj["team"] == [t.naam] and cj["partners"] == ["Politie / AVIM"]
    assert cj["adres"]["regel1"] == c.adres.regel1 and cj["gestart_op"].endswith("Z")
    assert cj["sjabloon_versie"] == 1 and len(_items(cj)) > 5
    assert all({"id", "code", "soort", "tekst", "verplicht", "keuzes"} <= set(i) for i in _items(cj))
    assert cj["waarden"]["notities"] == "Achteringang open." and cj["waarden"][f"t:{item.id}"] == "toelichting"
    assert cj["aantal_personen"] == 1 and cj["aantal_fotos"] == 0
    assert {k["value"] for k in pakket["keuzes"]["persoon_rol"]} >= {"sekswerker", "exploitant"}
    assert {"bevinding_categorie", "ernst", "waarneming", "toegang"} <= set(pakket["keuzes"])
    # Handing out the package is audited (who took which controles onto a device).
    assert _aantal(session, AuditRegel, AuditRegel.actie == "controle.offline_pakket") == 1

    # The coördinator of Dalveen gets all of today in Dalveen (not in the team, but may edit).
    client, _ = _client(make_client, session, users[("9901", Rol.COORDINATOR)])
    cj = _pakket(client)["controles"]
    assert [x["id"] for x in cj] == [c.id] and cj[0]["bewerkbaar"] is True
    # Hoogmeer's coördinator sees only Hoogmeer's controle of today.
    client, _ = _client(make_client, session, users[("9902", Rol.COORDINATOR)])
    assert [x["id"] for x in _pakket(client)["controles"]] == [b_vandaag.id]
    # Roles without field work get no package.
    client, _ = _client(make_client, session, users[("9901", Rol.VERGUNNINGVERLENER)])
    assert client.get("/controles/offline/pakket", headers=JSON).status_code == 403


# ---------------------------------------------------------------------------- one bundle

def test_bundle_creates_exactly_what_was_sent_and_a_replay_changes_nothing(app, make_client, session, veld):
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    c = veld["controle"]
    client, token = _client(make_client, session, t)
    cj = _controle_json(_pakket(client), c.id)
    assert cj["status"] == "gepland" and cj["gestart_op"] is None
    bevinding = _bevinding()
    exploitant = {"uuid": str(uuid.uuid4()), "rol": "exploitant", "naam": "J. de Vries", "id_gezien": True,
                  "leeftijd_gecontroleerd": False, "opmerking": "Aanwezig", "sekswerker": None}
    sekswerker = {"uuid": str(uuid.uuid4()), "rol": "sekswerker", "naam": "", "id_gezien": False,
                  "leeftijd_gecontroleerd": False, "opmerking": "",
                  "sekswerker": {"werknaam": "Lola", "geboortejaar": 1999, "id_gezien": True,
                                 "nationaliteit": "Roemeens", "ingeschreven_brp_rni": True,
                                 "gesprek_aangeboden": True, "tolk": False, "toelichting": ""}}
    start_op = utcnow() - timedelta(minutes=50)
    inz = _inzending(cj, start={"op": start_op.isoformat() + "Z", "lat": 52.091234, "lon": 5.121234,
                                "nauwkeurigheid": 12},
                     wijzigingen={**_verplicht(cj), "notities": {"waarde": "Offline vastgelegd.", "basis": ""}},
                     bevindingen=[bevinding], personen=[exploitant, sekswerker], afronden=True)
    resp = _sync(client, token, inz)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    body = resp.json
    assert body["herhaald"] is False and body["uuid"] == inz["uuid"] and body["controle_id"] == c.id
    assert body["status"] == "uitgevoerd" and set(body["bevindingen"]) == {bevinding["uuid"]}
    assert set(body["personen"]) == {exploitant["uuid"], sekswerker["uuid"]}

    session.expire_all()
    c = session.get(Controle, c.id)
    assert c.status == S.UITGEVOERD and c.versie == body["versie"] and c.uitgevoerd_op is not None
    assert abs((c.gestart_op - start_op).total_seconds()) < 60  # the tablet's start time, not the arrival
    assert c.locatie_lat == 52.091234 and c.notities == "Offline vastgelegd."
    assert c.toegang.value == "openbare_inrichting"
    with app.app_context():
        waarden = vastlegging.huidige_waarden(session, c)
    assert all(waarden[k] == w["waarde"] for k, w in inz["wijzigingen"].items())
    b = session.execute(select(Bevinding).where(Bevinding.controle_id == c.id)).scalar_one()
    assert (b.uuid, b.omschrijving, b.categorie.value, b.ernst.value, b.norm) == (
        bevinding["uuid"], bevinding["omschrijving"], "veiligheid", "matig", "Bouwbesluit")
    personen = session.execute(select(AangetroffenPersoon).where(AangetroffenPersoon.controle_id == c.id)).scalars().all()
    assert sorted(p.rol.value for p in personen) == ["exploitant", "sekswerker"]
    sw = session.execute(select(AangetroffenSekswerker).join(AangetroffenPersoon, AangetroffenPersoon.id ==
                                                             AangetroffenSekswerker.persoon_id)
                         .where(AangetroffenPersoon.controle_id == c.id)).scalar_one()
    assert (sw.werknaam, sw.geboortejaar, sw.nationaliteit, sw.leeftijd_voldoet) == ("Lola", 1999, "Roemeens", True)
    assert _aantal(session, AuditRegel, AuditRegel.actie == "controle.sync_ontvangen") == 1

    # A replay (the answer was lost): the stored result, nothing twice.
    opnieuw = _sync(client, token, inz)
    assert opnieuw.status_code == 200 and opnieuw.json == {**body, "herhaald": True}
    assert _aantal(session, Bevinding, Bevinding.controle_id == c.id) == 1
    assert _aantal(session, AangetroffenPersoon, AangetroffenPersoon.controle_id == c.id) == 2
    assert _aantal(session, SyncInzending, SyncInzending.uuid == inz["uuid"]) == 1
    assert _aantal(session, AuditRegel, AuditRegel.actie == "controle.sync_ontvangen") == 1
    # The same key with another body: refused, nothing changed.
    versie = session.get(Controle, c.id).versie
    anders = {**inz, "bevindingen": [{**bevinding, "omschrijving": "Iets anders"}]}
    resp = _sync(client, token, anders)
    assert resp.status_code == 422 and resp.json["fout"] == "ongeldige_invoer" and "andere inhoud" in resp.json["melding"]
    assert resp.json["inzending"] == inz["uuid"]
    session.expire_all()
    assert session.get(Controle, c.id).versie == versie
    assert session.execute(select(Bevinding.omschrijving).where(Bevinding.controle_id == c.id)).scalar_one() == \
        bevinding["omschrijving"]
    assert _aantal(session, AuditRegel, AuditRegel.actie == "controle.sync_geweigerd") == 1


def test_sync_needs_the_csrf_header_and_json(app, make_client, session, veld):
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    client, token = _client(make_client, session, t)
    cj = _controle_json(_pakket(client), veld["controle"].id)
    resp = client.post("/controles/sync", json={"verzonden_op": _nu_iso(), "inzending": _inzending(cj)},
                       headers=JSON)
    assert resp.status_code == 400 and resp.json["fout"] == "beveiligingstoken"  # no X-CSRFToken header
    resp = client.post("/controles/sync", data="geen json", headers={"X-CSRFToken": token, **JSON},
                       content_type="text/plain")
    assert resp.status_code == 422 and resp.json["fout"] == "ongeldige_invoer"
    resp = _sync(client, token, {**_inzending(cj), "uuid": "niet-een-uuid"})
    assert resp.status_code == 422 and "sleutel" in resp.json["melding"]
    assert _aantal(session, Bevinding) == 0 and _aantal(session, SyncInzending) == 0


def test_stale_edit_conflicts_on_the_same_field_and_merges_another(app, make_client, session, veld):
    users = veld["users"]
    t, coord = users[("9901", Rol.TOEZICHTHOUDER)], users[("9901", Rol.COORDINATOR)]
    c = session.get(Controle, veld["controle"].id)
    with app.app_context():
        vastlegging.start(session, t, c)
    session.commit()
    client, token = _client(make_client, session, t)
    cj = _controle_json(_pakket(client), c.id)
    ja_nee = [i for i in _items(cj) if i["soort"] == "ja_nee"]
    x, y = ja_nee[0]["id"], ja_nee[1]["id"]
    # Meanwhile the coördinator answers item x at the office.
    with app.app_context():
        c = session.get(Controle, c.id)
        vastlegging.sla_op(session, coord, c, c.versie, {f"a:{x}": vastlegging.Wijziging("ja", "")})
    session.commit()
    bevinding = _bevinding()
    resp = _sync(client, token, _inzending(cj, wijzigingen={f"a:{x}": {"waarde": "nee", "basis": ""}},
                                           bevindingen=[bevinding]))
    assert resp.status_code == 409 and resp.json["fout"] == "verouderde_versie"
    [conflict] = resp.json["conflicten"]
    assert (conflict["veld"], conflict["uw_waarde"], conflict["huidige_waarde"]) == (f"a:{x}", "nee", "ja")
    assert conflict["label"] == ja_nee[0]["tekst"] and resp.json["versie"] > cj["versie"]
    assert _aantal(session, Bevinding, Bevinding.uuid == bevinding["uuid"]) == 0  # nothing of the bundle
    # Another field from the same old version merges.
    resp = _sync(client, token, _inzending(cj, wijzigingen={f"a:{y}": {"waarde": "nee", "basis": ""}},
                                           bevindingen=[bevinding]))
    assert resp.status_code == 200, resp.get_data(as_text=True)
    session.expire_all()
    with app.app_context():
        waarden = vastlegging.huidige_waarden(session, session.get(Controle, c.id))
    assert waarden[f"a:{x}"] == "ja" and waarden[f"a:{y}"] == "nee"
    assert _aantal(session, Bevinding, Bevinding.uuid == bevinding["uuid"]) == 1


def test_refusals_are_dutch_and_leave_nothing(app, make_client, session, veld):
    users = veld["users"]
    t, coord = users[("9901", Rol.TOEZICHTHOUDER)], users[("9901", Rol.COORDINATOR)]
    c = session.get(Controle, veld["controle"].id)
    client, token = _client(make_client, session, t)
    cj = _controle_json(_pakket(client), c.id)
    bevinding = _bevinding()

    # The tablet's clock is three hours and five minutes ahead: nothing processed.
    resp = _sync(client, token, _inzending(cj, bevindingen=[bevinding]),
                 verzonden_op=_nu_iso(timedelta(hours=3, minutes=5, seconds=20)))
    assert resp.status_code == 422 and resp.json["fout"] == "klok_afwijking"
    assert "De klok van uw tablet loopt 3 uur en 5 minuten voor" in resp.json["melding"]
    resp = _sync(client, token, _inzending(cj), verzonden_op=_nu_iso(-timedelta(days=1, minutes=1, seconds=20)))
    assert resp.status_code == 422 and "1 dag en 1 minuut achter" in resp.json["melding"]
    assert duur_tekst(timedelta(hours=2, minutes=1)) == "2 uur en 1 minuut"

    # Afronden with required items missing: 422 with the list, and not even the start is kept.
    resp = _sync(client, token, _inzending(cj, bevindingen=[bevinding], afronden=True,
                                           wijzigingen={"notities": {"waarde": "x", "basis": ""}}))
    assert resp.status_code == 422 and resp.json["melding"].startswith("Nog ")
    assert len(resp.json["problemen"]) > 1
    session.expire_all()
    assert session.get(Controle, c.id).gestart_op is None and session.get(Controle, c.id).notities == ""

    # Afronden after the office changed the controle (new version): 409 with the reason.
    with app.app_context():
        c = session.get(Controle, c.id)
        vastlegging.start(session, coord, c)
    session.commit()
    resp = _sync(client, token, _inzending(cj, wijzigingen=_verplicht(cj), bevindingen=[bevinding], afronden=True))
    assert resp.status_code == 409 and resp.json["fout"] == "controle_gewijzigd"
    assert "gewijzigd sinds u haar op de tablet zette" in resp.json["melding"]
    assert resp.json["versie"] == session.get(Controle, c.id).versie

    # Removed from the team meanwhile: 403, audited, nothing written.
    session.expire_all()
    c = session.get(Controle, c.id)
    c.toezichthouders.remove(session.get(type(t), t.id))
    session.commit()
    resp = _sync(client, token, _inzending(cj, bevindingen=[bevinding]))
    assert resp.status_code == 403 and resp.json["fout"] == "geweigerd"
    assert "niet (meer) in het team" in resp.json["melding"]
    assert _aantal(session, Bevinding, Bevinding.uuid == bevinding["uuid"]) == 0
    assert _aantal(session, SyncInzending) == 0
    assert _aantal(session, AuditRegel, AuditRegel.actie == "controle.wijzigen_geweigerd") >= 1

    # Another gemeente's controle: it does not exist for this user (JSON 404).
    cb = dict(cj, id=veld["controle_b"].id)
    resp = _sync(client, token, _inzending(cb, bevindingen=[bevinding]))
    assert resp.status_code == 404 and resp.json["fout"] == "niet_gevonden"
    assert _aantal(session, AuditRegel, AuditRegel.actie == "controle.sync_geweigerd") == 6


def test_a_draft_for_a_fixed_rapport_is_refused(app, make_client, session, veld):
    users = veld["users"]
    t, coord = users[("9901", Rol.TOEZICHTHOUDER)], users[("9901", Rol.COORDINATOR)]
    with app.app_context():
        vast = vastgestelde_controle(session, veld["a"], coord, t, veld["adressen"][1])
    session.commit()
    client, token = _client(make_client, session, t)
    cj = _controle_json(_pakket(client), vast.id)
    assert cj["bewerkbaar"] is False
    bevinding = _bevinding()
    resp = _sync(client, token, _inzending(cj, bevindingen=[bevinding]))
    assert resp.status_code == 409 and resp.json["fout"] == "ongeldige_overgang"
    assert "vastgesteld" in resp.json["melding"]
    assert _aantal(session, Bevinding, Bevinding.uuid == bevinding["uuid"]) == 0


def test_expired_session_gets_no_write_and_the_draft_goes_after_login(app, make_client, session, veld):
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    client, token = _client(make_client, session, t)
    cj = _controle_json(_pakket(client), veld["controle"].id)
    inz = _inzending(cj, bevindingen=[_bevinding()])
    # Offline longer than the idle timeout: the server-side session has lapsed.
    for sessie in session.execute(select(Sessie).where(Sessie.gebruiker_id == t.id)).scalars():
        sessie.laatst_gezien_op = utcnow() - timedelta(hours=9)
    session.commit()
    resp = _sync(client, token, inz)
    # A JSON 401 (not a redirect that fetch would follow to the login page): the client keeps the
    # draft, asks for a new login and sends again.
    assert resp.status_code == 401 and resp.json["fout"] == "niet_ingelogd" and "/inloggen" in resp.json["inloggen"]
    foto = client.post(f"/controles/{cj['id']}/fotos/{uuid.uuid4()}/delen", query_string={"offset": 0, "totaal": 9},
                       data=b"123456789", content_type="application/octet-stream",
                       headers={"X-CSRFToken": token, **JSON})
    assert foto.status_code == 401 and foto.json["fout"] == "niet_ingelogd"
    assert _aantal(session, Bevinding) == 0 and _aantal(session, SyncInzending) == 0
    # Log in again, fresh CSRF token, the same bundle: stored once.
    login(client, session, t)
    token = csrf_for(client)
    resp = _sync(client, token, inz)
    assert resp.status_code == 200 and resp.json["herhaald"] is False
    assert _sync(client, token, inz).json["herhaald"] is True
    assert _aantal(session, Bevinding) == 1 and _aantal(session, SyncInzending) == 1


# ---------------------------------------------------------------------------- photos in parts

def jpeg_4mb_met_gps() -> bytes:
    w, h = 2400, 1760
    img = Image.frombytes("RGB", (w, h), random.Random(14).randbytes(w * h * 3))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (52.0, 5.0, 0.0), 3: "E", 4: (5.0, 7.0, 0.0)}
    exif[0x010F] = "CameraMerk"
    out = io.BytesIO()
    img.save(out, "JPEG", quality=92, exif=exif)
    data = out.getvalue()
    assert 4_000_000 <= len(data) <= 4_300_000
    return data


def _deel(client, token, controle_id, foto_uuid, data, offset, totaal, **args):
    query = {"offset": offset, "totaal": totaal, **args}
    return client.post(f"/controles/{controle_id}/fotos/{foto_uuid}/delen", query_string=query,
                       data=data[offset:offset + DEEL_MAX], content_type="application/octet-stream",
                       headers={"X-CSRFToken": token, **JSON})


def _gestart(app, session, veld):
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    c = session.get(Controle, veld["controle"].id)
    with app.app_context():
        vastlegging.start(session, t, c)
        b, _ = vastlegging.voeg_bevinding_toe(session, t, c, uuid=str(uuid.uuid4()), categorie="hygiene",
                                              omschrijving="Vieze kamer", waarneming="eigen", ernst="matig")
    session.commit()
    return t, c, b


def test_photo_in_parts_resumes_after_an_interruption_and_loses_its_gps(app, make_client, session, veld):
    t, c, b = _gestart(app, session, veld)
    client, token = _client(make_client, session, t)
    data = jpeg_4mb_met_gps()
    foto_uuid = str(uuid.uuid4())
    url = f"/controles/{c.id}/fotos/{foto_uuid}/delen"
    assert client.get(url).json == {"ontvangen": 0, "klaar": False}  # never started
    # Two parts, then the connection drops.
    resp = _deel(client, token, c.id, foto_uuid, data, 0, len(data), bijschrift="Kamer 3", bevinding_uuid=b.uuid)
    assert resp.status_code == 200 and resp.json == {"ontvangen": DEEL_MAX, "klaar": False}
    assert _deel(client, token, c.id, foto_uuid, data, DEEL_MAX, len(data)).json["ontvangen"] == 2 * DEEL_MAX
    # Back online: where was it? (another app server would answer the same: the parts are in the database)
    assert client.get(url).json == {"ontvangen": 2 * DEEL_MAX, "klaar": False}
    # A wrong offset is told where to resume.
    resp = _deel(client, token, c.id, foto_uuid, data, DEEL_MAX, len(data))
    assert resp.status_code == 409 and resp.json["ontvangen"] == 2 * DEEL_MAX
    resp = _deel(client, token, c.id, foto_uuid, data, 3 * DEEL_MAX + 5, len(data))
    assert resp.status_code == 409 and resp.json["ontvangen"] == 2 * DEEL_MAX
    offset = 2 * DEEL_MAX
    while True:
        resp = _deel(client, token, c.id, foto_uuid, data, offset, len(data))
        offset += DEEL_MAX
        if offset >= len(data):
            break
        assert resp.status_code == 200
    assert resp.status_code == 201, resp.get_data(as_text=True)
    klaar = resp.json
    assert klaar["klaar"] is True and klaar["url"] == f"/controles/{c.id}/fotos/{klaar['foto_id']}"
    session.expire_all()
    foto = session.execute(select(Foto).where(Foto.controle_id == c.id)).scalar_one()
    assert (foto.id, foto.uuid, foto.bevinding_id, foto.bijschrift) == (klaar["foto_id"], foto_uuid, b.id, "Kamer 3")
    with app.app_context():
        opgeslagen = Image.open(io.BytesIO(get_opslag().get(foto.sleutel)))
    assert opgeslagen.getexif() == {} and opgeslagen.size == (2400, 1760)
    assert _aantal(session, FotoUpload) == 0 and _aantal(session, FotoUploadDeel) == 0  # parts removed
    # The answer to the last part was lost: sending it again gives the same body.
    laatste = (len(data) - 1) // DEEL_MAX * DEEL_MAX
    resp = _deel(client, token, c.id, foto_uuid, data, laatste, len(data))
    assert resp.status_code == 200 and resp.json == klaar
    assert client.get(url).json == klaar
    assert _aantal(session, Foto, Foto.controle_id == c.id) == 1


def test_photo_parts_refusals(app, make_client, session, veld):
    t, c, _ = _gestart(app, session, veld)
    client, token = _client(make_client, session, t)
    foto_uuid = str(uuid.uuid4())
    # 20 MB announced: refused at once, nothing stored.
    resp = _deel(client, token, c.id, foto_uuid, b"\xff\xd8" + b"0" * 1000, 0, 20 * 1024 * 1024)
    assert resp.status_code == 422 and resp.json["melding"] == (
        "De foto is te groot (20 MB); de grens is 15 MB. Maak de foto met een lagere resolutie of kies een kleinere.")
    assert _aantal(session, FotoUpload) == 0
    # A first part that does not start at 0.
    resp = _deel(client, token, c.id, foto_uuid, b"x" * 2000, 1000, 3000)
    assert resp.status_code == 409 and resp.json["ontvangen"] == 0
    # A part larger than 1 MiB.
    resp = client.post(f"/controles/{c.id}/fotos/{foto_uuid}/delen", query_string={"offset": 0, "totaal": 3_000_000},
                       data=b"x" * (DEEL_MAX + 1), content_type="application/octet-stream",
                       headers={"X-CSRFToken": token})
    assert resp.status_code == 422 and "1 MiB" in resp.json["melding"]
    # Not a photo at all: refused when the parts are joined; nothing half-stored as a photo.
    resp = _deel(client, token, c.id, foto_uuid, b"geen foto" * 10, 0, 90)
    assert resp.status_code == 422 and "geen foto" in resp.json["melding"]
    assert _aantal(session, Foto) == 0
    # Another gemeente's controle does not exist.
    resp = client.get(f"/controles/{veld['controle_b'].id}/fotos/{foto_uuid}/delen")
    assert resp.status_code == 404 and resp.json["fout"] == "niet_gevonden"


# ---------------------------------------------------------------------------- 200 drafts

class VerbindingWeg(ConnectionError):
    pass


class AntwoordKwijt:
    """WSGI middleware: runs the request to the end (commit included), then drops the answer
    for a share of the requests, as a proxy or a dying connection would."""

    def __init__(self, app, kans: float, rnd: random.Random):
        self.app, self.kans, self.rnd = app, kans, rnd
        self.weggegooid = 0

    def __call__(self, environ, start_response):
        status = {}

        def bewaar(s, headers, exc_info=None):
            status["s"] = (s, headers)
            return lambda _: None

        body = b"".join(self.app(environ, bewaar))
        if environ.get("PATH_INFO") == "/controles/sync" and self.rnd.random() < self.kans:
            self.weggegooid += 1
            raise VerbindingWeg("antwoord verloren na de commit")
        start_response(*status["s"])
        return [body]


def test_200_drafts_with_replays_and_dropped_answers_lose_nothing_and_double_nothing(
        app, make_client, session, veld, monkeypatch):
    rnd = random.Random(2026)
    users = veld["users"]
    t, coord = users[("9901", Rol.TOEZICHTHOUDER)], users[("9901", Rol.COORDINATOR)]
    with app.app_context():
        for i in range(7):  # eight controles today in all
            a = add_adres(session, veld["a"], "Sluisweg", i + 1, "9901BA")
            plan_voor(session, veld["a"], coord, [t], a)
    session.commit()
    client, token = _client(make_client, session, t)
    pakket = _pakket(client)
    assert len(pakket["controles"]) == 8
    # Each bundle changes its own toelichting field (a tablet's drafts never compete with each other).
    velden = {cj["id"]: [f"t:{i['id']}" for i in _items(cj)] for cj in pakket["controles"]}
    bundels = []
    for n in range(200):
        cj = pakket["controles"][n % 8]
        inz = _inzending(cj, bevindingen=[_bevinding(f"Bevinding {n}.{k}", ernst=rnd.choice(["gering", "ernstig"]))
                                          for k in range(rnd.randint(1, 3))])
        if n % 2 == 0:
            inz["wijzigingen"] = {velden[cj["id"]][n // 8 % len(velden[cj["id"]])]: {"waarde": f"toelichting {n}",
                                                                                     "basis": ""}}
        bundels.append(inz)
    # Each sent 1-5 times, in random order; a dropped answer is sent again later.
    wachtrij = [i for i, _ in enumerate(bundels) for _ in range(rnd.randint(1, 5))]
    rnd.shuffle(wachtrij)
    proxy = AntwoordKwijt(app.wsgi_app, 0.10, rnd)
    monkeypatch.setattr(app, "wsgi_app", proxy)
    bevestigd: dict[int, dict] = {}
    verzonden = 0
    begin = time.perf_counter()
    while wachtrij:
        i = wachtrij.pop(0)
        verzonden += 1
        try:
            resp = _sync(client, token, bundels[i])
        except VerbindingWeg:
            wachtrij.insert(rnd.randint(0, len(wachtrij)), i)  # retried later, with back-off
            continue
        assert resp.status_code == 200, resp.get_data(as_text=True)
        assert bevestigd.setdefault(i, resp.json)["bevindingen"] == resp.json["bevindingen"]
    duur = time.perf_counter() - begin
    monkeypatch.undo()
    assert proxy.weggegooid > 10 and len(bevestigd) == 200 and verzonden > 400

    session.expire_all()
    alle = {b.uuid: b for b in session.execute(select(Bevinding)).scalars()}
    gestuurd = {b["uuid"]: b for inz in bundels for b in inz["bevindingen"]}
    verloren = set(gestuurd) - set(alle)
    dubbel = session.execute(select(Bevinding.uuid).group_by(Bevinding.uuid).having(func.count() > 1)).all()
    assert not verloren and not dubbel and len(alle) == len(gestuurd)
    for u, b in gestuurd.items():
        verwacht = vastlegging._hash({"categorie": b["categorie"], "omschrijving": b["omschrijving"],
                                      "waarneming": b["waarneming"], "ernst": b["ernst"], "norm": b["norm"],
                                      "item": None})
        assert alle[u].inhoud_hash == verwacht and alle[u].omschrijving == b["omschrijving"]
    assert _aantal(session, SyncInzending) == 200
    assert _aantal(session, AuditRegel, AuditRegel.actie == "controle.sync_ontvangen") == 200
    rijen = session.execute(select(ChecklistAntwoord.toelichting)).scalars().all()
    assert sorted(rijen) == sorted(w["waarde"] for inz in bundels for w in inz["wijzigingen"].values())
    print(f"\n200 bundels: {verzonden} verzonden, {proxy.weggegooid} antwoorden weggegooid, {duur:.1f} s")

