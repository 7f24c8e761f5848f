"""Bad input at the root (issue 22): numbers past 64 bits, dates such as 9999-12-31, JSON nested
too deep, NaN and infinity, implausible dates, and lifecycle invariants held by the database.
Each is refused with a Dutch message, never a server error, and nothing is stored."""
from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta

import pytest
from flask import request
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from handhaving import invoer
from handhaving.auth.models import Rol
from handhaving.bibob.forms import BetrokkeneForm, TipForm
from handhaving.bibob.models import BibobOnderzoek, BibobStatus
from handhaving.controles import services, sjablonen, vastlegging
from handhaving.controles.forms import PlanForm
from handhaving.controles.models import AFGEROND, NA_UITVOERING, Controle
from handhaving.controles.models import ControleStatus as S
from handhaving.controles.workflow import UITKOMSTEN
from handhaving.db import utcnow
from handhaving.errors import OngeldigeInvoer
from handhaving.subjecten.forms import RelatieForm
from handhaving.tijd import vandaag
from tests.controles.conftest import plan_voor
from tests.factories import add_adres
from tests.helpers import csrf_for, csrf_from, login

JSON = {"Accept": "application/json"}
TE_GROOT = str(2**64)


@pytest.fixture
def veld(app, session, world):
    with app.app_context():
        sjablonen.installeer_standaard(session, world["a"].id)
        adres = add_adres(session, world["a"], "Kanaalstraat", 12, "9901AB")
        users = world["users"]
        [c] = plan_voor(session, world["a"], users[("9901", Rol.COORDINATOR)], [users[("9901", Rol.TOEZICHTHOUDER)]],
                        adres)
    session.commit()
    return {**world, "controle": c, "adres": adres}


def _client(make_client, session, user):
    client = make_client()
    login(client, session, user)
    return client


# ---------------------------------------------------------------------------- 64-bit integers

@pytest.mark.parametrize("url", ["/controles/?pagina=" + TE_GROOT, "/subjecten/?pagina=" + TE_GROOT,
                                 "/controles/plannen?adres=" + TE_GROOT, "/overbewoning/?buurt=" + TE_GROOT,
                                 "/kaart/?adres=" + TE_GROOT])
def test_a_query_number_beyond_64_bits_is_a_400_with_a_dutch_message(make_client, session, veld, url):
    client = _client(make_client, session, veld["users"][("9901", Rol.COORDINATOR)])
    resp = client.get(url)
    assert resp.status_code == 400
    assert "te groot of te klein" in resp.get_data(as_text=True)


def test_parameters_bound_int_and_float_at_the_root(app):
    with app.test_request_context("/?a=12&b=" + TE_GROOT + "&c=nan&d=1.5&e=x"):
        assert request.args.get("a", type=int) == 12
        assert request.args.get("e", 7, type=int) == 7  # no number: the default, as before
        assert request.args.get("d", type=float) == 1.5
        for naam, soort in (("b", int), ("c", float)):
            with pytest.raises(invoer.OngeldigVerzoek):
                request.args.get(naam, type=soort)
    # request.values (query and form together) too: Bibob's "nieuw" reads it.
    with app.test_request_context("/?a=" + TE_GROOT, method="POST", data={"f": TE_GROOT, "g": "3"}):
        assert request.values.get("g", type=int) == 3
        for naam in ("a", "f"):
            with pytest.raises(invoer.OngeldigVerzoek):
                request.values.get(naam, type=int)


def test_a_form_id_beyond_64_bits_is_a_form_error_not_a_query(app):
    with app.test_request_context():
        form = BetrokkeneForm(formdata=MultiDict({"subject_id": TE_GROOT}), meta={"csrf": False})
        assert not form.validate()
        assert form.subject_id.errors == ["Kies een persoon of onderneming."]
        relatie = RelatieForm(formdata=MultiDict({"ander_id": TE_GROOT, "soort": "bestuurder"}), meta={"csrf": False})
        assert not relatie.validate() and relatie.ander_id.data is None


def test_a_sync_controle_id_beyond_64_bits_is_refused_with_a_dutch_reason(make_client, session, veld):
    client = _client(make_client, session, veld["users"][("9901", Rol.TOEZICHTHOUDER)])
    inzending = {"uuid": str(uuid.uuid4()), "controle_id": 2**64, "versie": 1}
    resp = client.post("/controles/sync", json={"verzonden_op": utcnow().isoformat() + "Z", "inzending": inzending},
                       headers={"X-CSRFToken": csrf_for(client), **JSON})
    assert resp.status_code == 422
    assert "geen geldig nummer" in resp.json["melding"]


# ---------------------------------------------------------------------------- 9999-12-31

@pytest.mark.parametrize("url", ["/controles/?tot=9999-12-31", "/controles/?van=0001-01-01"])
def test_a_list_filter_on_9999_12_31_is_a_form_message_not_an_error(make_client, session, veld, url):
    client = _client(make_client, session, veld["users"][("9901", Rol.COORDINATOR)])
    resp = client.get(url)
    assert resp.status_code == 200
    assert "ligt niet tussen 01-01-1900 en" in resp.get_data(as_text=True)


def test_the_week_view_of_9999_12_31_is_a_400_with_a_dutch_message(make_client, session, veld):
    client = _client(make_client, session, veld["users"][("9901", Rol.COORDINATOR)])
    resp = client.get("/controles/week?dag=9999-12-31")
    assert resp.status_code == 400
    assert "De datum ‘dag’ (31-12-9999) ligt niet tussen" in resp.get_data(as_text=True)
    assert client.get("/controles/week?dag=" + vandaag().isoformat()).status_code == 200


@pytest.mark.parametrize("laag", ["controles", "bevindingen"])
def test_a_map_layer_until_9999_12_31_is_a_400_with_a_dutch_message(make_client, session, veld, laag):
    client = _client(make_client, session, veld["users"][("9901", Rol.COORDINATOR)])
    resp = client.get(f"/kaart/lagen/{laag}?bbox=5.95,50.85,6.0,50.9&tot=9999-12-31", headers=JSON)
    assert resp.status_code == 400
    assert "ligt niet tussen" in resp.get_data(as_text=True)


# ---------------------------------------------------------------------------- JSON

@pytest.mark.parametrize("body", [b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 100 + b"1" + b"}" * 100])
@pytest.mark.parametrize("pad", ["/controles/sync", "/controles/{id}/vastleggen"])
def test_deeply_nested_json_is_a_400_on_every_json_endpoint(make_client, session, veld, body, pad):
    client = _client(make_client, session, veld["users"][("9901", Rol.TOEZICHTHOUDER)])
    resp = client.post(pad.format(id=veld["controle"].id), data=body, content_type="application/json",
                       headers={"X-CSRFToken": csrf_for(client), **JSON})
    assert resp.status_code == 400
    assert "te diep genest" in resp.json["melding"]


def test_nan_and_infinity_in_json_are_a_400(make_client, session, veld):
    client = _client(make_client, session, veld["users"][("9901", Rol.TOEZICHTHOUDER)])
    for body in (b'{"versie": NaN}', b'{"versie": Infinity}', b"-Infinity"):
        resp = client.post(f"/controles/{veld['controle'].id}/vastleggen", data=body,
                           content_type="application/json", headers={"X-CSRFToken": csrf_for(client), **JSON})
        assert resp.status_code == 400, body


def test_a_json_body_that_is_no_object_is_a_400(make_client, session, veld):
    client = _client(make_client, session, veld["users"][("9901", Rol.TOEZICHTHOUDER)])
    resp = client.post(f"/controles/{veld['controle'].id}/bevindingen", json="tekst",
                       headers={"X-CSRFToken": csrf_for(client), **JSON})
    assert resp.status_code == 400
    assert "JSON-object" in resp.json["melding"]


# ---------------------------------------------------------------------------- floats

@pytest.mark.parametrize("waarde", ["-inf", "nan", "1e309"])
def test_a_start_accuracy_of_minus_infinity_is_refused_on_the_form(make_client, session, veld, waarde):
    client = _client(make_client, session, veld["users"][("9901", Rol.TOEZICHTHOUDER)])
    c = veld["controle"]
    resp = client.post(f"/controles/{c.id}/start", data={"csrf_token": csrf_for(client), "versie": c.versie,
                                                          "lat": "52.1", "lon": "5.1", "nauwkeurigheid": waarde})
    assert resp.status_code == 400
    assert "geen eindig getal" in resp.get_data(as_text=True)
    session.expire_all()
    assert session.get(Controle, c.id).gestart_op is None


@pytest.mark.parametrize("veldnaam,waarde,melding", [
    ("nauwkeurigheid", "-Infinity", "nauwkeurigheid"), ("nauwkeurigheid", -5, "nauwkeurigheid"),
    ("lat", 1e308, "breedtegraad"), ("op", "9999-12-31T23:59:59Z", "niet tussen 2000 en 2100"),
    ("op", "0001-01-01T00:00:00Z", "niet tussen 2000 en 2100")])
def test_an_implausible_start_in_the_sync_bundle_is_a_422_with_a_dutch_reason(make_client, session, veld, veldnaam,
                                                                                waarde, melding):
    client = _client(make_client, session, veld["users"][("9901", Rol.TOEZICHTHOUDER)])
    c = veld["controle"]
    start = {"op": (utcnow() - timedelta(minutes=5)).isoformat() + "Z", "lat": 52.0, "lon": 5.1, "nauwkeurigheid": 10}
    start[veldnaam] = waarde
    body = b'{"verzonden_op": "%s", "inzending": {"uuid": "%s", "controle_id": %d, "versie": %d, "start": {%s}}}' % (
        (utcnow().isoformat() + "Z").encode(), str(uuid.uuid4()).encode(), c.id, c.versie,
        ", ".join(f'"{k}": {v if not isinstance(v, str) or v == "-Infinity" else chr(34) + v + chr(34)}'
                  for k, v in start.items()).encode())
    resp = client.post("/controles/sync", data=body, content_type="application/json",
                       headers={"X-CSRFToken": csrf_for(client), **JSON})
    assert resp.status_code in (400, 422), resp.get_data(as_text=True)[:300]
    assert melding in resp.json["melding"] or "JSON" in resp.json["melding"]
    session.expire_all()
    assert session.get(Controle, c.id).gestart_op is None


def test_the_start_service_refuses_an_infinite_accuracy(app, session, veld):
    with app.app_context(), pytest.raises(OngeldigeInvoer, match="nauwkeurigheid"):
        vastlegging.start(session, veld["users"][("9901", Rol.TOEZICHTHOUDER)], veld["controle"], lat=52.0, lon=5.0,
                          nauwkeurigheid=float("-inf"))


# ---------------------------------------------------------------------------- implausible dates

def _fouten(form_cls, data, app):
    with app.test_request_context():
        form = form_cls(formdata=MultiDict(data), meta={"csrf": False})
        for veld in form:
            if getattr(veld, "choices", ()) is None:
                veld.choices = []  # the view fills these from the database
        form.validate()
        return {naam: veld.errors for naam, veld in form._fields.items() if veld.errors}


def test_a_controle_planned_on_9999_12_31_is_refused_with_a_dutch_message(app):
    fouten = _fouten(PlanForm, {"datum": "9999-12-31"}, app)
    assert "hoogstens twee jaar vooruit" in fouten["datum"][0]


def test_planning_service_refuses_a_date_more_than_two_years_ahead(app, session, veld):
    users = veld["users"]
    with app.app_context(), pytest.raises(OngeldigeInvoer) as e:
        plan_voor(session, veld["a"], users[("9901", Rol.COORDINATOR)], [users[("9901", Rol.TOEZICHTHOUDER)]],
                  veld["adres"], dag=vandaag() + timedelta(days=3 * 366))
    assert any("hoogstens twee jaar vooruit" in p for p in e.value.problemen)


def test_a_tip_received_on_0001_01_01_is_refused_with_a_dutch_message(app):
    fouten = _fouten(TipForm, {"ontvangen_op": "0001-01-01"}, app)
    assert "niet vóór 2000" in fouten["ontvangen_op"][0]


def test_relation_dates_in_year_1_are_refused_with_a_dutch_message(app):
    fouten = _fouten(RelatieForm, {"sinds": "0001-01-01", "tot": "0001-02-01"}, app)
    assert "ligt niet tussen 01-01-1900" in fouten["sinds"][0]
    assert "ligt niet tussen 01-01-1900" in fouten["tot"][0]


def test_the_date_ranges_move_with_today():
    vroegst, laatst = invoer.GEPLAND.grenzen()
    assert laatst.year == vandaag().year + 2 and vroegst.year == vandaag().year - 10
    assert invoer.TIP.fout(date(1999, 12, 31), "x") and not invoer.TIP.fout(vandaag(), "x")


# ---------------------------------------------------------------------------- lifecycle in the database

def test_the_check_constraints_name_every_status_past_each_step():
    assert set(NA_UITVOERING) == {s.value for s in S} - {S.GEPLAND.value, S.VOORBEREID.value}
    assert set(AFGEROND) == {u.value for u in UITKOMSTEN}


@pytest.mark.parametrize("status,kolom", [("uitgevoerd", "uitgevoerd_op"), ("rapport_concept", "uitgevoerd_op"),
                                          ("rapport_vastgesteld", "vastgesteld_op"),
                                          ("doorgezet_handhaving", "afgerond_op")])
def test_a_controle_past_a_step_without_its_time_is_impossible_in_the_database(session, veld, status, kolom):
    c = veld["controle"]
    nu = datetime(2026, 1, 1)
    tijden = {"uitgevoerd_op": nu, "vastgesteld_op": nu, "afgerond_op": nu, kolom: None}
    with pytest.raises(IntegrityError):
        with session.begin_nested():
            session.execute(text("UPDATE controle SET status = :s, uitgevoerd_op = :u, vastgesteld_op = :v, "
                                 "afgerond_op = :a WHERE id = :id"),
                            {"s": status, "u": tijden["uitgevoerd_op"], "v": tijden["vastgesteld_op"],
                             "a": tijden["afgerond_op"], "id": c.id})
    # With the time it is allowed, so the suggestions page only ever sees complete controles.
    with session.begin_nested():
        session.execute(text("UPDATE controle SET status = :s, uitgevoerd_op = :t, vastgesteld_op = :t, "
                             "afgerond_op = :t WHERE id = :id"), {"s": status, "t": nu, "id": c.id})


def test_the_suggestions_page_answers_with_controles_past_uitgevoerd(make_client, session, veld):
    c = veld["controle"]
    session.execute(text("UPDATE controle SET status = 'uitgevoerd', uitgevoerd_op = :t WHERE id = :id"),
                    {"t": datetime(2026, 1, 1), "id": c.id})
    session.commit()
    client = _client(make_client, session, veld["users"][("9901", Rol.COORDINATOR)])
    assert client.get("/controles/suggesties").status_code == 200


@pytest.mark.parametrize("status,kolom", [("besluit", "besluit_op"), ("gearchiveerd", "gearchiveerd_op")])
def test_a_bibob_file_at_the_decision_without_its_date_is_impossible_in_the_database(session, world, status, kolom):
    datums = {"besluit_op": date(2026, 1, 1), "gearchiveerd_op": date(2026, 1, 2), kolom: None}
    with pytest.raises(IntegrityError):
        with session.begin_nested():
            session.add(BibobOnderzoek(gemeente_id=world["a"].id, zaaknummer="BIB-CHECK", aanleiding="aanvraag",
                                       status=BibobStatus(status), **datums))
    with session.begin_nested():
        session.add(BibobOnderzoek(gemeente_id=world["a"].id, zaaknummer="BIB-CHECK", aanleiding="aanvraag",
                                   status=BibobStatus(status), besluit_op=date(2026, 1, 1),
                                   gearchiveerd_op=date(2026, 1, 2)))


def test_a_controle_step_without_its_own_time_gets_it_from_the_transition(app, session, veld):
    c = veld["controle"]
    coordinator = veld["users"][("9901", Rol.COORDINATOR)]
    with app.app_context():
        services.bereid_voor(session, coordinator, c, c.versie)
        services.leg_uitvoering_vast(session, coordinator, c, c.versie)
    assert c.status == S.UITGEVOERD and c.uitgevoerd_op is not None


def test_a_photo_part_offset_beyond_64_bits_is_a_400_in_json(make_client, session, veld):
    client = _client(make_client, session, veld["users"][("9901", Rol.TOEZICHTHOUDER)])
    resp = client.post(f"/controles/{veld['controle'].id}/fotos/{uuid.uuid4()}/delen?offset={TE_GROOT}&totaal=10",
                       data=b"0123456789", content_type="application/octet-stream",
                       headers={"X-CSRFToken": csrf_for(client)})
    assert resp.status_code == 400
    assert "te groot of te klein" in resp.json["melding"]


def test_an_id_from_a_form_is_digits_within_32_bits_or_none():
    assert [invoer.id_of_none(x) for x in ("12", " 7 ", str(2**31 - 1))] == [12, 7, 2**31 - 1]
    assert all(invoer.id_of_none(x) is None for x in ("0", "-1", str(2**31), TE_GROOT, "٣", "1e3", "", None))


def test_a_finding_on_a_voorschrift_id_beyond_64_bits_is_refused_with_a_dutch_message(app, make_client, session,
                                                                                      veld):
    client = _client(make_client, session, veld["users"][("9901", Rol.TOEZICHTHOUDER)])
    c = veld["controle"]
    token = csrf_for(client)
    client.post(f"/controles/{c.id}/start", data={"csrf_token": token, "versie": c.versie})
    resp = client.post(f"/controles/{c.id}/bevindingen", headers={"X-CSRFToken": token, **JSON},
                       json={"uuid": str(uuid.uuid4()), "categorie": "veiligheid", "omschrijving": "x",
                             "waarneming": "eigen", "ernst": "matig", "norm": "x", "voorschrift_id": TE_GROOT})
    assert resp.status_code == 422, resp.get_data(as_text=True)[:300]
    assert resp.json["melding"] == vastlegging.NIET_OP_ADRES


@pytest.mark.parametrize("veldnaam,waarde,melding", [("adres_ids", TE_GROOT, "Een gekozen adres bestaat niet."),
                                                     ("datum", "9999-12-31", "hoogstens twee jaar vooruit")])
def test_the_planning_form_refuses_a_64_bit_address_or_a_date_in_9999_and_keeps_the_input(make_client, session, veld,
                                                                                         veldnaam, waarde, melding):
    users = veld["users"]
    client = _client(make_client, session, users[("9901", Rol.COORDINATOR)])
    page = client.get("/controles/plannen").get_data(as_text=True)
    sleutel = re.search(r'name="verzendsleutel" type="hidden" value="([^"]+)"', page).group(1)
    data = {"csrf_token": csrf_from(page), "verzendsleutel": sleutel, "controletype_id": veld["controle"].controletype_id,
            "adres_ids": veld["adres"].id, "datum": (vandaag() + timedelta(days=3)).isoformat(), "van": "20:00",
            "tot": "22:00", "toezichthouder_ids": users[("9901", Rol.TOEZICHTHOUDER)].id,
            "briefing": "Briefing die blijft staan", veldnaam: waarde}
    resp = client.post("/controles/plannen", data=data)
    body = resp.get_data(as_text=True)
    assert resp.status_code in (200, 422) and melding in body and "Briefing die blijft staan" in body
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Controle).where(Controle.uuid == sleutel)) == 0
