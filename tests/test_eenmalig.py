"""One submit, one result: the form key (verzendsleutel) and ``@eenmalig``.

Every POST endpoint is either once-only (its view is decorated, its form carries the key, and a
test sends it twice) or listed below with the reason it needs no key; a new creating form that
has neither fails here. Also: a key on another form, a refused submit, old keys, and a truly
concurrent double submit on PostgreSQL."""
from __future__ import annotations

import threading
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from handhaving.auth.models import Gebruiker, Gemeente, Roltoewijzing
from handhaving.db import utcnow
from handhaving.eenmalig import services
from handhaving.eenmalig.models import Verzendsleutel
from handhaving.security.rules import Rol
from handhaving.subjecten.models import Subject, SubjectSoort
from tests.factories import base as factories_base
from tests.factories import make_gemeente, make_user
from tests.helpers import csrf_for, login
from tests.helpers_eenmalig import verborgen_velden

ROOT = Path(__file__).resolve().parent

# Every once-only endpoint and the test that sends its form twice.
EENMALIG = {
    "beheer.bibob_mandaat_verlenen": "beheer/test_eenmalig.py::test_a_bibob_mandate_sent_twice_is_recorded_once",
    "beheer.nieuwe_gebruiker":
        "beheer/test_eenmalig.py::test_a_new_account_sent_twice_is_created_once_and_the_password_shown_once",
    "beheer.rol_toevoegen": "beheer/test_eenmalig.py::test_a_role_request_sent_twice_is_requested_once",
    "bibob.betrokkene_toevoegen": "bibob/test_eenmalig.py::test_a_bibob_betrokkene_sent_twice_is_added_once",
    "bibob.document_toevoegen": "bibob/test_eenmalig.py::test_a_bibob_document_sent_twice_is_stored_once",
    "bibob.nieuw": "bibob/test_eenmalig.py::test_a_new_bibob_dossier_sent_twice_is_started_once",
    "bibob.tip_toevoegen": "bibob/test_eenmalig.py::test_a_bibob_tip_sent_twice_is_recorded_once",
    "bibob.zienswijze": "bibob/test_eenmalig.py::test_a_zienswijze_sent_twice_is_recorded_once",
    "controles.bevinding_tijd":
        "controles/test_waarneemtijd.py::test_a_time_correction_sent_twice_is_recorded_once",
    "controles.item_toevoegen": "controles/test_eenmalig.py::test_a_checklist_question_sent_twice_is_added_once",
    "controles.sectie_toevoegen": "controles/test_eenmalig.py::test_a_checklist_section_sent_twice_is_added_once",
    "controles.plannen":
        "controles/test_views.py::test_planning_a_date_in_the_past_keeps_the_input_and_a_double_submit_plans_once",
    "controles.uitkomst": "controles/test_uitkomsten.py::"
                          "test_the_page_offers_the_hercontrole_from_the_checklist_and_a_double_submit_closes_once",
    "overbewoning.beoordelen":
        "overbewoning/test_eenmalig.py::test_an_overbewoning_beoordeling_sent_twice_is_recorded_once",
    "overbewoning.brp_import": "overbewoning/test_eenmalig.py::test_a_brp_import_sent_twice_is_queued_once",
    "overbewoning.controle_plannen":
        "overbewoning/test_eenmalig.py::test_a_huisvestingscontrole_planned_twice_from_the_address_is_planned_once",
    "subjecten.nieuw": "subjecten/test_eenmalig.py::test_a_new_person_sent_twice_is_created_once",
    "subjecten.relatie_toevoegen": "subjecten/test_eenmalig.py::test_a_relation_sent_twice_is_created_once",
    "vergunningen.betrokkene_toevoegen": "vergunningen/test_eenmalig.py::test_a_betrokkene_sent_twice_is_added_once",
    "vergunningen.importeren": "vergunningen/test_eenmalig.py::test_a_register_import_sent_twice_is_queued_once",
    "vergunningen.nieuw": "vergunningen/test_eenmalig.py::test_a_new_permit_sent_twice_is_registered_once",
    "vergunningen.voorschrift_toevoegen": "vergunningen/test_eenmalig.py::test_a_voorschrift_sent_twice_is_added_once",
}

# Why these need no form key. Kinds of reason: it changes an existing row (a second submit sets
# the same value or is refused by the version/transition check); it is exactly-once already by a
# key of its own; it creates nothing.
NIET_AANMAKEND = {
    "auth.account": "wijzigt het eigen account",
    "auth.andere_sessies_beeindigen": "beëindigt sessies: twee keer is hetzelfde",
    "auth.login": "inloggen maakt geen gegevens; de throttle telt elke poging bewust",
    "auth.logout": "beëindigt de sessie",
    "auth.tweede_factor": "codes zijn eenmalig (totp_laatste_stap)",
    "beheer.aanvraag_afwijzen": "overgang van een open aanvraag; de tweede wordt geweigerd",
    "beheer.aanvraag_goedkeuren": "overgang van een open aanvraag; de tweede wordt geweigerd",
    "beheer.activering": "zet een vlag",
    "beheer.bibob_mandaat_intrekken": "overgang; de tweede wordt geweigerd",
    "beheer.gemeente_instellingen": "wijzigt instellingen",
    "overbewoning.oppervlakte_opgeven": "legt de oppervlakte van één object vast of wijzigt die (één rij per object)",
    "beheer.instelling_wijzigen": "wijzigt een instelling",
    "beheer.rol_intrekken": "verwijdert; de tweede vindt niets meer",
    "beheer.taak_opnieuw": "biedt een mislukte taak opnieuw aan; een lopende wordt niet nog eens aangeboden",
    "beheer.herstel_afwijzen": "overgang van een open herstelaanvraag; de tweede wordt geweigerd (409)",
    "beheer.herstel_goedkeuren": "overgang van een open herstelaanvraag; de tweede wordt geweigerd (409)",
    "beheer.tweede_factor_herstellen": "een tweede open herstelaanvraag wordt geweigerd (422); zonder vier ogen toont "
                                       "het eenmalig een nieuw geheim, bewust bij elke vraag",
    "beheer.wachtwoord_herstellen": "een tweede open herstelaanvraag wordt geweigerd (422); zonder vier ogen toont "
                                    "het eenmalig een nieuw wachtwoord, bewust bij elke vraag",
    "bibob.export": "een download (elk met een auditregel), geen nieuw gegeven in het dossier",
    "bibob.openen": "legt de reden van inzage vast; elke inzage wordt bewust gelogd",
    "bibob.stap": "overgang in de workflow; de tweede wordt geweigerd (409)",
    "bibob.verlengen": "overgang; een tweede verlenging wordt geweigerd",
    "controles.aanwijzing": "wijzigt een aanwijzing",
    "controles.addendum": "eenmalig op de uuid van het addendum (tablet en formulier)",
    "controles.afronden": "overgang in de workflow",
    "controles.bevinding_opgelost": "zet een vlag",
    "controles.bevinding_toevoegen": "eenmalig op de uuid van de bevinding (offline tablet, sync)",
    "controles.bevinding_verwijderen": "verwijdert; de tweede vindt niets meer",
    "controles.concept_maken": "er is hoogstens één concept: de tweede opent het bestaande",
    "controles.foto_delen": "eenmalig op de uuid van de foto (hervatbare upload)",
    "controles.foto_toevoegen": "eenmalig op de uuid van de foto",
    "controles.foto_verwijderen": "verwijdert; de tweede vindt niets meer",
    "controles.item_verplaatsen": "wijzigt de volgorde",
    "controles.item_vervallen": "zet een vlag",
    "controles.item_wijzigen": "wijzigt een item",
    "controles.ondertekenen": "één ondertekening per persoon en rol; de tweede wordt geweigerd",
    "controles.persoon_toevoegen": "eenmalig op de uuid van de persoon (offline tablet, sync)",
    "controles.persoon_verwijderen": "verwijdert; de tweede vindt niets meer",
    "controles.planning_wijzigen": "wijzigt met versiecontrole (409 bij een verouderde versie)",
    "controles.rapport_opnieuw": "taak met een eigen sleutel (rapport, controle, versie)",
    "controles.rapport_terug": "overgang in de workflow",
    "controles.sjabloon_publiceren": "overgang: een gepubliceerd sjabloon wordt niet nog eens gepubliceerd",
    "controles.standaard_laden": "vult alleen aan wat ontbreekt",
    "controles.starten": "overgang in de workflow",
    "controles.sync": "eenmalig op uuid en inhoudshash per inzending (offline tablet)",
    "controles.terug_naar_planning": "overgang in de workflow",
    "controles.vastleggen": "overgang in de workflow",
    "controles.vaststellen": "overgang in de workflow",
    "controles.voorbereiden": "zet een vlag",
    "overbewoning.brp_import_uitvoeren": "taak met een eigen sleutel per proefimport",
    "subjecten.relatie_verwijderen": "verwijdert; de tweede vindt niets meer",
    "subjecten.wijzigen": "wijzigt een bestaand subject",
    "vergunningen.betrokkene_verwijderen": "verwijdert; de tweede vindt niets meer",
    "vergunningen.import_uitvoeren": "taak met een eigen sleutel per proefimport",
    "vergunningen.status": "overgang in de workflow; de tweede wordt geweigerd",
    "vergunningen.type_wijzigen": "wijzigt een type",
    "vergunningen.typen_aanvullen": "vult alleen aan wat ontbreekt",
    "vergunningen.voorschrift_vervallen": "zet een vlag",
    "vergunningen.wijzigen": "wijzigt een bestaande vergunning",
}


def _post_endpoints(app):
    return {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in (rule.methods or ())}


def test_every_post_endpoint_is_once_only_or_says_why_it_needs_no_key(app):
    eenmalig = {e for e in _post_endpoints(app) if getattr(app.view_functions[e], "eenmalig", False)}
    onbekend = _post_endpoints(app) - eenmalig - set(NIET_AANMAKEND)
    assert not onbekend, (f"POST-routes zonder verzendsleutel en zonder reden: {sorted(onbekend)}. Maakt de route "
                          "iets aan, geef het formulier EenmaligForm en de view @eenmalig.")
    assert eenmalig == set(EENMALIG), "elke @eenmalig-route heeft een test die het formulier twee keer verstuurt"
    assert not eenmalig & set(NIET_AANMAKEND)
    assert set(NIET_AANMAKEND) <= _post_endpoints(app), "verouderde regels in NIET_AANMAKEND"


@pytest.mark.parametrize("endpoint", sorted(EENMALIG))
def test_each_once_only_endpoint_has_its_double_submit_test(endpoint):
    bestand, naam = EENMALIG[endpoint].split("::")
    assert f"def {naam}(" in (ROOT / bestand).read_text(encoding="utf-8")


@pytest.fixture
def vv(session, world):
    return world["users"][("9901", Rol.VERGUNNINGVERLENER)]


def _tel(session):
    session.expire_all()
    return session.execute(select(func.count(Subject.id))).scalar_one()


def test_a_refused_submit_keeps_its_key_free_for_the_corrected_one(make_client, session, vv):
    client = make_client()
    login(client, session, vv)
    pagina = client.get("/subjecten/nieuw?soort=rechtspersoon").get_data(as_text=True)
    velden = verborgen_velden(pagina, "/subjecten/nieuw?soort=rechtspersoon")
    voor = _tel(session)
    fout = client.post("/subjecten/nieuw?soort=rechtspersoon", data={**velden, "naam": "X B.V.", "kvk_nummer": "12"})
    assert fout.status_code == 422 and _tel(session) == voor
    # The page shown again keeps the same key; sending it corrected creates the company once.
    assert verborgen_velden(fout.get_data(as_text=True), "/subjecten/nieuw?soort=rechtspersoon") == velden
    goed = client.post("/subjecten/nieuw?soort=rechtspersoon", data={**velden, "naam": "X B.V.",
                                                                     "kvk_nummer": "12345678"})
    assert goed.status_code == 302 and _tel(session) == voor + 1
    session.expire_all()
    rij = session.execute(select(Verzendsleutel).where(Verzendsleutel.sleutel == velden["verzendsleutel"])).scalar_one()
    assert rij.object_type == "subject" and rij.gemeente_id == vv.rollen[0].gemeente_id
    assert goed.headers["Location"] == rij.doel == f"/subjecten/{rij.object_id}"


def test_a_key_sent_to_another_form_is_refused_with_409_and_nothing_is_written(make_client, session, vv):
    client = make_client()
    login(client, session, vv)
    velden = verborgen_velden(client.get("/subjecten/nieuw?soort=persoon").get_data(as_text=True),
                              "/subjecten/nieuw?soort=persoon")
    assert client.post("/subjecten/nieuw?soort=persoon",
                       data={**velden, "voornamen": "Anna", "geslachtsnaam": "Berg"}).status_code == 302
    voor = _tel(session)
    andere = session.execute(select(Subject).order_by(Subject.id.desc())).scalars().first()
    resp = client.post(f"/subjecten/{andere.id}/relaties", data={**velden, "ander_id": "1", "soort": "financier"})
    assert resp.status_code == 409 and "al verstuurd" in resp.get_data(as_text=True)
    assert _tel(session) == voor


def test_another_users_key_is_theirs_alone(make_client, session, world, vv):
    tweede = world["users"][("9901", Rol.COORDINATOR)]
    sleutel = str(uuid.uuid4())
    for user, naam in ((vv, "Een B.V."), (tweede, "Twee B.V.")):
        client = make_client()
        login(client, session, user)
        resp = client.post("/subjecten/nieuw?soort=rechtspersoon", data={
            "csrf_token": csrf_for(client), "verzendsleutel": sleutel, "naam": naam})
        assert resp.status_code == 302
    session.expire_all()
    assert session.execute(select(func.count()).select_from(Verzendsleutel)
                           .where(Verzendsleutel.sleutel == sleutel)).scalar_one() == 2


def test_keys_older_than_the_csrf_token_are_forgotten(app, session, world, vv):
    nu = utcnow()
    for leeftijd in (timedelta(hours=1), timedelta(days=3)):
        session.add(Verzendsleutel(sleutel=str(uuid.uuid4()), gebruiker_id=vv.id, endpoint="subjecten.nieuw",
                                   doel="/subjecten/1", aangemaakt_op=nu - leeftijd))
    session.flush()
    limiet = timedelta(seconds=app.config["WTF_CSRF_TIME_LIMIT"])
    assert services.opschonen(session, limiet + services.BEWAREN_NA_CSRF, now=nu) == 1
    assert session.execute(select(func.count()).select_from(Verzendsleutel)).scalar_one() == 1
    res = app.test_cli_runner().invoke(args=["onderhoud", "opschonen"])
    assert res.exit_code == 0 and "verzendsleutels" in res.output


# ---------------------------------------------------------------------------- concurrent, PostgreSQL

@pytest.fixture
def pg_engine(app):
    """Connections of their own (not the test's rolled-back one): two transactions really race."""
    database = app.extensions["handhaving_db"]
    if database.sqlite:
        pytest.skip("SQLite serialises writers at BEGIN IMMEDIATE; the race needs PostgreSQL")
    return database.engine


def test_two_concurrent_submits_with_one_key_create_one_row_and_both_lead_to_it(pg_engine):
    """Two transactions with the same key: the second waits on the unique key until the first
    commits, then gets the first one's result instead of creating a second company."""
    code = f"8{uuid.uuid4().int % 900 + 100}"
    with Session(pg_engine) as s:
        g = make_gemeente(s, code, f"Racedorp {code}")
        u = make_user(s, f"race.{code}", [(g, Rol.VERGUNNINGVERLENER)])
        s.commit()
        gid, uid = g.id, u.id
    factories_base.bind(None)
    sleutel = str(uuid.uuid4())
    eerste_gereserveerd = threading.Event()
    uitkomst: dict = {}

    def verzend(naam: str, wacht_op: threading.Event | None):
        with Session(pg_engine) as s:
            actor = s.get(Gebruiker, uid)
            if wacht_op is not None:
                assert wacht_op.wait(10)
            rij, eerder = services.reserveer(s, actor, "subjecten.nieuw", sleutel)
            if wacht_op is None:
                eerste_gereserveerd.set()
            if eerder:
                uitkomst[naam] = ("eerder", rij.doel)
                s.rollback()
                return
            services.begin_volgen(s)
            subject = Subject(gemeente_id=gid, soort=SubjectSoort.RECHTSPERSOON, naam="Race B.V.")
            s.add(subject)
            s.flush()
            gemaakt = services.gemaakt(s)
            threading.Event().wait(0.5)  # the first transaction stays open while the second tries the key
            services.leg_vast(s, rij, f"/subjecten/{subject.id}", gemaakt)
            s.commit()
            uitkomst[naam] = ("nieuw", f"/subjecten/{subject.id}")

    threads = [threading.Thread(target=verzend, args=("een", None)),
               threading.Thread(target=verzend, args=("twee", eerste_gereserveerd))]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert uitkomst["een"][0] == "nieuw" and uitkomst["twee"] == ("eerder", uitkomst["een"][1])
        with Session(pg_engine) as s:
            assert s.execute(select(func.count()).select_from(Subject)
                             .where(Subject.gemeente_id == gid)).scalar_one() == 1
    finally:
        with Session(pg_engine) as s:
            s.execute(delete(Verzendsleutel).where(Verzendsleutel.gebruiker_id == uid))
            s.execute(delete(Subject).where(Subject.gemeente_id == gid))
            s.execute(delete(Roltoewijzing).where(Roltoewijzing.gebruiker_id == uid))
            s.execute(delete(Gebruiker).where(Gebruiker.id == uid))
            s.execute(delete(Gemeente).where(Gemeente.id == gid))
            s.commit()
