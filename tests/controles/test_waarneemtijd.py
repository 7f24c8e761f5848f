"""When a finding was observed (issue 23): the device's time of an offline finding is kept, not
the moment it reached the server; receipt and clock difference beside it; times checked against
the controle's start and afronden (Awb 3:2: the rapport van bevindingen states when the facts were
observed); a correction needs a reason, is kept append-only and audited, and is refused after
vaststelling."""
from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from handhaving.audit.models import AuditRegel
from handhaving.cli import alembic_config
from handhaving.controles import rapport as rapporten
from handhaving.controles import vastlegging
from handhaving.controles.acties import ControleActie
from handhaving.controles.instellingen import KLOKVERSCHIL_TOLERANTIE
from handhaving.controles.models import (
    Bevinding,
    BevindingTijdcorrectie,
    Controle,
    ControleStatus,
    Rapport,
    RapportStatus,
    SyncInzending,
    Tijdbron,
)
from handhaving.db import make_engine, utcnow
from handhaving.errors import OngeldigeInvoer
from handhaving.instellingen import GemeenteInstelling
from handhaving.security.rules import Rol
from handhaving.tijd import naar_lokaal
from tests.controles.test_sync import _bevinding, _client, _controle_json, _inzending, _nu_iso, _pakket, _sync
from tests.factories import add_adres, make_user
from tests.factories.controles import vastgestelde_controle
from tests.helpers import csrf_for
from tests.helpers_eenmalig import tweemaal



def _iso(moment) -> str:
    return moment.isoformat() + "Z"


def _bevindingen(session, controle_id) -> list[Bevinding]:
    session.expire_all()
    return session.execute(select(Bevinding).where(Bevinding.controle_id == controle_id)
                           .order_by(Bevinding.id)).scalars().all()


def _tel(session, model, *where):
    def tel():
        session.expire_all()
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()
    return tel


def _gestart(session, app, veld, geleden=timedelta(hours=1)) -> Controle:
    """The veld controle started on site ``geleden`` ago (by its toezichthouder)."""
    c = session.get(Controle, veld["controle"].id)
    with app.app_context():
        vastlegging.start(session, veld["users"][("9901", Rol.TOEZICHTHOUDER)], c)
    c.gestart_op = utcnow() - geleden
    session.commit()
    return c


def _server_bevinding(session, app, veld, c, omschrijving="Nooduitgang geblokkeerd.") -> Bevinding:
    with app.app_context():
        b, _ = vastlegging.voeg_bevinding_toe(session, veld["users"][("9901", Rol.TOEZICHTHOUDER)], c,
                                              uuid=str(uuid.uuid4()), categorie="veiligheid",
                                              omschrijving=omschrijving, waarneming="eigen", ernst="matig")
    session.commit()
    return b


def _lokaal(moment) -> tuple[str, str]:
    lokaal = naar_lokaal(moment)
    return lokaal.strftime("%Y-%m-%d"), lokaal.strftime("%H:%M")


# ---------------------------------------------------------------------------- offline: the device's time

def test_an_offline_finding_keeps_the_device_time_not_the_moment_it_reached_the_server(app, make_client, session,
                                                                                      veld):
    client, token = _client(make_client, session, veld["users"][("9901", Rol.TOEZICHTHOUDER)])
    cj = _controle_json(_pakket(client), veld["controle"].id)
    # Started 50 minutes ago, the finding recorded 40 minutes ago; the tablet is back online now.
    gezien = utcnow() - timedelta(minutes=40)
    inz = _inzending(cj, start={"op": _iso(utcnow() - timedelta(minutes=50)), "lat": None, "lon": None,
                                "nauwkeurigheid": None},
                     bevindingen=[_bevinding(waargenomen_op=_iso(gezien))])
    voor = utcnow()
    resp = _sync(client, token, inz)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    [b] = _bevindingen(session, cj["id"])
    assert abs((b.waargenomen_op - gezien).total_seconds()) < 1, "the time of observation is the device's"
    assert b.tijdbron == Tijdbron.APPARAAT
    assert b.ontvangen_op >= voor and b.ontvangen_op - b.waargenomen_op > timedelta(minutes=39)
    assert b.klokverschil_s is not None and abs(b.klokverschil_s) <= 2
    regel = session.execute(select(AuditRegel).where(AuditRegel.actie == ControleActie.BEVINDING_VASTGELEGD,
                                                     AuditRegel.object_id == str(b.id))).scalar_one()
    assert json.loads(regel.details)["tijdbron"] == "apparaat"
    # The start likewise: the tablet's time (started 40 minutes ago), and when the server learnt of it.
    c = session.get(Controle, cj["id"])
    assert c.gestart_op < gezien < c.gestart_ontvangen_op and c.gestart_ontvangen_op >= voor


def test_a_clock_off_more_than_the_tolerance_is_kept_as_it_was_and_shown_as_a_warning(app, make_client, session,
                                                                                      veld):
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    client, token = _client(make_client, session, t)
    cj = _controle_json(_pakket(client), veld["controle"].id)
    # The tablet's clock runs 7 minutes behind (the gemeente's tolerance: 5 minutes by default).
    achter = timedelta(minutes=7)
    gezien_tablet = utcnow() - timedelta(minutes=30) - achter
    inz = _inzending(cj, start={"op": _iso(utcnow() - timedelta(minutes=50) - achter), "lat": None, "lon": None,
                                "nauwkeurigheid": None},
                     bevindingen=[_bevinding(waargenomen_op=_iso(gezien_tablet))])
    resp = _sync(client, token, inz, verzonden_op=_nu_iso(-achter))
    assert resp.status_code == 200, resp.get_data(as_text=True)
    [b] = _bevindingen(session, cj["id"])
    # Not silently "fixed": the device's time stays, the difference is stored beside it.
    assert abs((b.waargenomen_op - gezien_tablet).total_seconds()) < 1
    assert 415 <= b.klokverschil_s <= 425
    pagina = client.get(f"/controles/{cj['id']}/bevindingen/{b.id}/tijd").get_data(as_text=True)
    assert 'id="klok-waarschuwing"' in pagina and "7 min" in pagina and "achter" in pagina
    assert "meer dan 5 minuten" in pagina
    # The findings list says it too.
    assert "klok apparaat 7 min achter" in client.get(f"/controles/{cj['id']}").get_data(as_text=True)
    # A gemeente that allows 10 minutes sees no warning.
    session.add(GemeenteInstelling(gemeente_id=veld["a"].id, sleutel=KLOKVERSCHIL_TOLERANTIE.sleutel, waarde="10"))
    session.commit()
    pagina = client.get(f"/controles/{cj['id']}/bevindingen/{b.id}/tijd").get_data(as_text=True)
    assert 'id="klok-waarschuwing"' not in pagina


@pytest.mark.parametrize("geval, melding", [
    ("na_ontvangst", "ligt na de ontvangst"),
    ("voor_start", "vóór de start van de controle"),
    ("onzin", "geen geldig tijdstip"),
])
def test_a_device_time_that_cannot_be_true_is_refused_and_nothing_is_written(app, make_client, session, veld, geval,
                                                                            melding):
    client, token = _client(make_client, session, veld["users"][("9901", Rol.TOEZICHTHOUDER)])
    cj = _controle_json(_pakket(client), veld["controle"].id)
    waarde = {"na_ontvangst": _iso(utcnow() + timedelta(minutes=20)),
              "voor_start": _iso(utcnow() - timedelta(hours=2)), "onzin": "gisteravond"}[geval]
    inz = _inzending(cj, bevindingen=[_bevinding(waargenomen_op=waarde)])  # started 40 minutes ago
    resp = _sync(client, token, inz)
    assert resp.status_code == 422, resp.get_data(as_text=True)
    assert melding in resp.json["melding"]
    assert _bevindingen(session, cj["id"]) == []
    assert _tel(session, SyncInzending, SyncInzending.uuid == inz["uuid"])() == 0
    c = session.get(Controle, cj["id"])
    assert c.gestart_op is None, "nothing of the bundle is kept, not even its start"


# ---------------------------------------------------------------------------- online: server time or typed

def test_the_online_form_records_the_server_time_or_the_time_written_down_later(app, make_client, session, veld):
    c = _gestart(session, app, veld)
    client, token = _client(make_client, session, veld["users"][("9901", Rol.TOEZICHTHOUDER)])
    url = f"/controles/{c.id}/bevindingen"
    gegevens = {"csrf_token": token, "categorie": "hygiene", "waarneming": "eigen", "ernst": "matig"}
    # The team's field work is the offline app; the online page (with the field) is the office's.
    kantoor, _ = _client(make_client, session, veld["users"][("9901", Rol.COORDINATOR)])
    assert 'name="waargenomen_om"' in kantoor.get(f"/controles/{c.id}/vastleggen").get_data(as_text=True)
    resp = client.post(url, data={**gegevens, "uuid": str(uuid.uuid4()), "omschrijving": "Geen zeep."})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:2000]
    [nu] = _bevindingen(session, c.id)
    assert nu.tijdbron == Tijdbron.SERVER and nu.waargenomen_op == nu.ontvangen_op and nu.klokverschil_s is None

    eerder = utcnow() - timedelta(minutes=20)
    resp = client.post(url, data={**gegevens, "uuid": str(uuid.uuid4()), "omschrijving": "Geen handdoeken.",
                                  "waargenomen_om": _lokaal(eerder)[1]})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:2000]
    later = _bevindingen(session, c.id)[1]
    assert later.tijdbron == Tijdbron.OPGEGEVEN and later.waargenomen_op == eerder.replace(second=0, microsecond=0)
    assert later.ontvangen_op > later.waargenomen_op


def test_a_time_in_the_future_is_refused_with_the_input_kept(app, make_client, session, veld):
    c = _gestart(session, app, veld)
    client, token = _client(make_client, session, veld["users"][("9901", Rol.TOEZICHTHOUDER)])
    straks = utcnow() + timedelta(minutes=30)
    resp = client.post(f"/controles/{c.id}/bevindingen", data={
        "csrf_token": token, "uuid": str(uuid.uuid4()), "categorie": "hygiene", "waarneming": "eigen",
        "ernst": "matig", "omschrijving": "Matras op de vloer, kamer 4.", "waargenomen_om": _lokaal(straks)[1]})
    assert resp.status_code == 422
    tekst = resp.get_data(as_text=True)
    assert "ligt in de toekomst" in tekst and "Matras op de vloer, kamer 4." in tekst
    assert _bevindingen(session, c.id) == []


def test_after_afronden_a_finding_needs_the_time_it_was_observed(app, session, veld):
    c = _gestart(session, app, veld)
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    c.status, c.uitgevoerd_op = ControleStatus.UITGEVOERD, utcnow() - timedelta(minutes=5)
    session.commit()
    with app.app_context():
        with pytest.raises(OngeldigeInvoer, match="Waargenomen om"):
            vastlegging.voeg_bevinding_toe(session, t, c, uuid=str(uuid.uuid4()), categorie="overig",
                                           omschrijving="Later opgeschreven.", waarneming="eigen", ernst="gering")
        session.rollback()
        b, _ = vastlegging.voeg_bevinding_toe(
            session, t, c, uuid=str(uuid.uuid4()), categorie="overig", omschrijving="Later opgeschreven.",
            waarneming="eigen", ernst="gering",
            tijd=vastlegging.waargenomen_om(c, _lokaal(utcnow() - timedelta(minutes=15))[1]))
    assert b.tijdbron == Tijdbron.OPGEGEVEN and c.gestart_op <= b.waargenomen_op <= c.uitgevoerd_op


# ---------------------------------------------------------------------------- correcting the time

def test_the_team_corrects_the_time_with_a_reason_kept_in_its_table_the_audit_log_and_the_rapport(
        app, make_client, session, veld):
    c = _gestart(session, app, veld)
    b = _server_bevinding(session, app, veld, c)
    oud = b.waargenomen_op
    t = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    client, _ = _client(make_client, session, t)
    pagina = f"/controles/{c.id}/bevindingen/{b.id}/tijd"
    tekst = client.get(pagina).get_data(as_text=True)
    assert 'id="tijd-waargenomen"' in tekst and 'id="tijd-ontvangen"' in tekst and 'id="tijd-klokverschil"' in tekst
    assert "Tijd corrigeren" in tekst
    nieuw = utcnow() - timedelta(minutes=35)
    datum, tijd = _lokaal(nieuw)
    resp = client.post(pagina, data={"csrf_token": csrf_for(client), "datum": datum, "tijd": tijd,
                                     "reden": "Pas na afloop in de auto opgeschreven."})
    assert resp.status_code == 303 and resp.headers["Location"].endswith(pagina)
    session.expire_all()
    b = session.get(Bevinding, b.id)
    [k] = b.tijdcorrecties
    assert (k.oud, k.oude_bron, k.nieuw, k.door_id) == (oud, Tijdbron.SERVER, nieuw.replace(second=0, microsecond=0),
                                                         t.id)
    assert k.reden == "Pas na afloop in de auto opgeschreven."
    assert b.waargenomen_op == k.nieuw and b.tijdbron == Tijdbron.CORRECTIE and b.ontvangen_op > b.waargenomen_op
    regel = session.execute(select(AuditRegel).where(
        AuditRegel.actie == ControleActie.BEVINDING_TIJD_GECORRIGEERD, AuditRegel.object_id == str(b.id))).scalar_one()
    details = json.loads(regel.details)
    assert regel.reden == k.reden and regel.actor_id == t.id
    assert details["oud"] == _iso(oud) and details["nieuw"] == _iso(k.nieuw) and details["oude_bron"] == "server"
    tekst = client.get(pagina).get_data(as_text=True)
    assert "Pas na afloop in de auto opgeschreven." in tekst and 'id="correcties"' in tekst
    # The rapport van bevindingen: the observation time, the receipt beside it, the correction with its reason.
    with app.app_context():
        c = session.get(Controle, c.id)
        r = Rapport(controle_id=c.id, gemeente_id=c.gemeente_id, versie=1, status=RapportStatus.WACHT)
        session.add(r)
        session.flush()
        html = rapporten.bouw_html(session, c, r)
    from handhaving.templating import datum_tijd
    assert f"{datum_tijd(k.nieuw)} (gecorrigeerd)" in html
    assert "Ontvangen door de server" in html and datum_tijd(b.ontvangen_op) in html
    assert "Tijd gecorrigeerd" in html and "Pas na afloop in de auto opgeschreven." in html
    assert f"van {datum_tijd(oud)} naar {datum_tijd(k.nieuw)}" in html


def test_a_time_correction_sent_twice_is_recorded_once(app, make_client, session, veld):
    c = _gestart(session, app, veld)
    b = _server_bevinding(session, app, veld, c)
    client, _ = _client(make_client, session, veld["users"][("9901", Rol.TOEZICHTHOUDER)])
    pagina = f"/controles/{c.id}/bevindingen/{b.id}/tijd"
    datum, tijd = _lokaal(b.ontvangen_op - timedelta(minutes=25))
    tweemaal(client, pagina, pagina, {"datum": datum, "tijd": tijd, "reden": "Later opgeschreven."},
             _tel(session, BevindingTijdcorrectie))
    assert _tel(session, AuditRegel, AuditRegel.actie == ControleActie.BEVINDING_TIJD_GECORRIGEERD)() == 1


def test_a_correction_from_a_page_older_than_another_correction_is_refused(app, make_client, session, veld):
    c = _gestart(session, app, veld)
    b = _server_bevinding(session, app, veld, c)
    versie = b.versie
    client, token = _client(make_client, session, veld["users"][("9901", Rol.TOEZICHTHOUDER)])
    pagina = f"/controles/{c.id}/bevindingen/{b.id}/tijd"
    for minuten, status in ((30, 303), (20, 409)):
        datum, tijd = _lokaal(b.ontvangen_op - timedelta(minutes=minuten))
        resp = client.post(pagina, data={"csrf_token": token, "datum": datum, "tijd": tijd, "versie": str(versie),
                                         "reden": f"Correctie {minuten}"})
        assert resp.status_code == status, resp.get_data(as_text=True)[:2000]
    assert "intussen gewijzigd" in resp.get_data(as_text=True)
    assert [k.reden for k in session.execute(select(BevindingTijdcorrectie)).scalars()] == ["Correctie 30"]


@pytest.mark.parametrize("invoer, melding", [
    ({"reden": ""}, "Geef de reden van de correctie"),
    ({"verschuiving": timedelta(minutes=10)}, "ligt na de ontvangst"),
    ({"verschuiving": -timedelta(hours=2)}, "vóór de start van de controle"),
    ({"tijd": "25:99"}, "vul de gemarkeerde velden aan"),
])
def test_a_correction_without_reason_or_with_an_impossible_time_is_refused_with_the_input_kept(
        app, make_client, session, veld, invoer, melding):
    c = _gestart(session, app, veld)
    b = _server_bevinding(session, app, veld, c)
    client, token = _client(make_client, session, veld["users"][("9901", Rol.TOEZICHTHOUDER)])
    datum, tijd = _lokaal(b.ontvangen_op + invoer.get("verschuiving", -timedelta(minutes=20)))
    data = {"csrf_token": token, "datum": datum, "tijd": invoer.get("tijd", tijd),
            "reden": invoer.get("reden", "Klok stond verkeerd, kamer 7.")}
    resp = client.post(f"/controles/{c.id}/bevindingen/{b.id}/tijd", data=data)
    tekst = resp.get_data(as_text=True)
    assert resp.status_code == 422, tekst[:2000]
    assert melding in tekst
    assert f'value="{datum}"' in tekst and (not data["reden"] or data["reden"] in tekst)
    session.expire_all()
    assert session.get(Bevinding, b.id).tijdbron == Tijdbron.SERVER
    assert _tel(session, BevindingTijdcorrectie)() == 0
    assert _tel(session, AuditRegel, AuditRegel.actie == ControleActie.BEVINDING_TIJD_GECORRIGEERD)() == 0


def test_only_the_team_and_the_coordinator_correct_and_another_gemeente_gets_404(app, make_client, session, veld):
    c = _gestart(session, app, veld)
    b = _server_bevinding(session, app, veld, c)
    ander = make_user(session, "th.ander", [(veld["a"], Rol.TOEZICHTHOUDER)])
    session.commit()
    pagina = f"/controles/{c.id}/bevindingen/{b.id}/tijd"
    datum, tijd = _lokaal(b.ontvangen_op - timedelta(minutes=10))
    data = {"datum": datum, "tijd": tijd, "reden": "Verkeerde tijd."}

    client, token = _client(make_client, session, ander)
    tekst = client.get(pagina).get_data(as_text=True)
    assert "Alleen de toegewezen toezichthouders" in tekst and 'name="reden"' not in tekst
    assert client.post(pagina, data={**data, "csrf_token": token}).status_code == 403

    client, token = _client(make_client, session, veld["users"][("9902", Rol.COORDINATOR)])
    assert client.get(pagina).status_code == 404
    assert client.post(pagina, data={**data, "csrf_token": token}).status_code == 404

    # A finding of another controle under this controle's address: 404.
    client, token = _client(make_client, session, veld["users"][("9901", Rol.COORDINATOR)])
    assert client.get(f"/controles/{veld['controle_b'].id}/bevindingen/{b.id}/tijd").status_code == 404
    assert client.post(pagina, data={**data, "csrf_token": token}).status_code == 303
    assert _tel(session, BevindingTijdcorrectie)() == 1


def test_after_vaststelling_a_correction_is_refused_use_an_addendum(app, make_client, session, veld):
    users = veld["users"]
    t = users[("9901", Rol.TOEZICHTHOUDER)]
    with app.app_context():
        c = vastgestelde_controle(session, veld["a"], users[("9901", Rol.COORDINATOR)], t,
                                  add_adres(session, veld["a"], "Molenweg", 2, "9901AD"))
    session.commit()
    [b] = c.bevindingen
    client, token = _client(make_client, session, t)
    pagina = f"/controles/{c.id}/bevindingen/{b.id}/tijd"
    assert "addendum" in client.get(pagina).get_data(as_text=True)
    datum, tijd = _lokaal(b.ontvangen_op - timedelta(minutes=1))
    resp = client.post(pagina, data={"csrf_token": token, "datum": datum, "tijd": tijd, "reden": "Te laat."})
    assert resp.status_code == 409 and "addendum" in resp.get_data(as_text=True)
    assert _tel(session, BevindingTijdcorrectie)() == 0


# ---------------------------------------------------------------------------- the database holds the order

def test_the_database_refuses_times_out_of_order(app, session, veld):
    c = _gestart(session, app, veld)
    b = _server_bevinding(session, app, veld, c)
    with pytest.raises(IntegrityError), session.begin_nested():
        b.waargenomen_op = b.ontvangen_op + timedelta(seconds=1)  # a server time after its own receipt
        session.flush()
    session.rollback()
    c = session.get(Controle, c.id)
    with pytest.raises(IntegrityError), session.begin_nested():
        c.status, c.uitgevoerd_op = ControleStatus.UITGEVOERD, c.gestart_op - timedelta(minutes=1)
        session.flush()
    session.rollback()
    b = session.get(Bevinding, b.id)
    with pytest.raises(IntegrityError), session.begin_nested():
        b.tijdbron = Tijdbron.APPARAAT  # a device time without its clock difference
        session.flush()


# ---------------------------------------------------------------------------- the migration



def test_the_migration_stamps_existing_findings_as_received_when_observed(lege_database):
    url = lege_database("tijden_migratie")
    cfg = alembic_config(url)
    command.upgrade(cfg, "h22fuzz01")
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO gemeente (id, code, naam, regio, mfa_alle_rollen) "
                              "VALUES (1, '9901', 'Dalveen', 'Midden', false)"))
            conn.execute(text(
                "INSERT INTO controle (id, uuid, gemeente_id, soort, status, partners, rechtsgronden, briefing, "
                "is_woning, notities, uitkomst_toelichting, versie, aangemaakt_op, gestart_op, uitgevoerd_op) "
                "VALUES (1, 'c1', 1, 'integrale_controle', 'uitgevoerd', '[]', '[]', '', false, '', '', 1, "
                "'2026-11-01 08:00:00', '2026-11-02 10:00:00', '2026-11-02 09:00:00')"))
            conn.execute(text(
                "INSERT INTO bevinding (id, uuid, controle_id, gemeente_id, categorie, omschrijving, waarneming, "
                "ernst, norm, waargenomen_op, versie) VALUES (1, 'b1', 1, 1, 'overig', 'x', 'eigen', 'matig', '', "
                "'2026-11-02 10:30:00', 1)"))
            conn.execute(text("INSERT INTO gebruiker (id, gebruikersnaam, naam, wachtwoord_hash, actief, "
                              "totp_bevestigd, aangemaakt_op, wachtwoord_wijzigen_verplicht) VALUES (1, 'th', 'T', "
                              "'x', true, false, '2026-11-01 08:00:00', false)"))
            conn.execute(text("INSERT INTO controle_toezichthouder (controle_id, gebruiker_id) VALUES (1, 1)"))
        command.upgrade(cfg, "h23tijden01")
        with engine.connect() as conn:
            rij = conn.execute(text("SELECT waargenomen_op, ontvangen_op, tijdbron, klokverschil_s FROM bevinding")
                               ).one()
            assert (str(rij[0]), str(rij[1]), rij[2], rij[3]) == ("2026-11-02 10:30:00", "2026-11-02 10:30:00",
                                                                   "server", None)
            # A start after its afronden (written by no service): afronden raised to the start.
            assert str(conn.execute(text("SELECT uitgevoerd_op FROM controle")).scalar_one()) == "2026-11-02 10:00:00"
            # Rebuilding the table (SQLite) keeps the team (its rows cascade on delete).
            assert conn.execute(text("SELECT controle_id, gebruiker_id FROM controle_toezichthouder")).all() == [(1, 1)]
            ontvangen = conn.execute(text("SELECT gestart_ontvangen_op FROM controle")).scalar_one()
            assert str(ontvangen) == "2026-11-02 10:00:00"
        command.downgrade(cfg, "h22fuzz01")
        with engine.connect() as conn:
            assert str(conn.execute(text("SELECT waargenomen_op FROM bevinding")).scalar_one()) == "2026-11-02 10:30:00"
            assert conn.execute(text("SELECT controle_id, gebruiker_id FROM controle_toezichthouder")).all() == [(1, 1)]
    finally:
        engine.dispose()
