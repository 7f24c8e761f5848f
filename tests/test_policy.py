"""The role × endpoint matrix: every route is in the policy, and every cell holds."""
import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from handhaving.audit.models import AuditRegel
from handhaving.auth.models import Rol
from handhaving.beheer.models import HerstelSoort, Herstelaanvraag, Rolaanvraag
from handhaving.bibob import services as bibob_services
from handhaving.bibob.models import BibobMandaat
from handhaving.controles import sjablonen
from handhaving.db import utcnow
from handhaving.jobs.models import Achtergrondtaak, TaakStatus
from handhaving.security.acties import KernActie
from handhaving.security.policy import AUTHENTICATED, PUBLIC, get_policy
from handhaving.subjecten import services as subjecten_services
from handhaving.vergunningen import services as vergunningen_services
from tests.factories import add_adres, bestanden, make_user
from tests.factories.controles import vastgestelde_controle
from tests.factories.vergunningen import persoon, vergunning
from tests.helpers import csrf_for, login

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - IGNORED_METHODS):
            yield rule, method


def test_every_route_is_in_the_policy(app):
    policy = get_policy(app)
    missing = [f"{rule.endpoint} {method}" for rule, method in routes(app)
               if method not in policy.get(rule.endpoint, {})]
    assert not missing, f"Routes zonder autorisatieregel: {missing}"


def test_policy_has_no_stale_entries(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert not set(get_policy(app)) - endpoints


def test_no_route_answers_options_automatically(app):
    assert all("OPTIONS" not in (rule.methods or ()) for rule in app.url_map.iter_rules())


def _url(app, rule, world, session):
    """Build a URL for the rule with arguments that exist in the caller's gemeente A."""
    args = {}
    if "adres_id" in rule.arguments:
        args["adres_id"] = world["adres_a"].id
    if "gebruiker_id" in rule.arguments:
        args["gebruiker_id"] = world["doelwit"].id
    if "gemeente_id" in rule.arguments:
        args["gemeente_id"] = world["a"].id
    if "toewijzing_id" in rule.arguments:
        args["toewijzing_id"] = world["doelwit"].rollen[0].id
    if "aanvraag_id" in rule.arguments:
        args["aanvraag_id"] = world["aanvraag"].id
    if "herstel_id" in rule.arguments:
        args["herstel_id"] = world["herstel"].id
    if "taak_id" in rule.arguments:
        args["taak_id"] = world["taak"].id
    if "sleutel" in rule.arguments:
        args["sleutel"] = "overbewoning_norm_m2"
    if "filename" in rule.arguments:
        args["filename"] = "css/handhaving.css"
    if "import_id" in rule.arguments:
        args["import_id"] = world["brp_import" if rule.endpoint.startswith("overbewoning.") else "import"].id
    if "uuid" in rule.arguments:
        # A photo upload that never started: its state is "0 bytes received" (200).
        args["uuid"] = "0f6e2c1a-6a51-4c6e-9a43-3f1d7f2b9c10"
    v = world.get("vergunning")
    for naam, waarde in (("vergunning_id", lambda: v.id), ("voorschrift_id", lambda: v.voorschriften[0].id),
                         ("betrokkene_id", lambda: v.betrokkenen[0].id), ("type_id", lambda: v.vergunningtype_id)):
        if naam in rule.arguments:
            args[naam] = waarde()
    for naam, waarde in (("subject_id", lambda: world["subject"].id), ("relatie_id", lambda: world["relatie"].id)):
        if naam in rule.arguments:
            args[naam] = waarde()
    c = world.get("controle")
    for naam, waarde in (("controle_id", lambda: c.id), ("bevinding_id", lambda: c.bevindingen[0].id),
                         ("persoon_id", lambda: c.personen[0].id), ("foto_id", lambda: c.fotos[0].id),
                         ("ondertekening_id", lambda: c.ondertekeningen[0].id), ("versie", lambda: 1),
                         ("controletype_id", lambda: world["controletype"].id),
                         ("sjabloon_id", lambda: world["controletype"].sjablonen[0].id),
                         ("item_id", lambda: world["controletype"].sjablonen[0].secties[0].items[0].id)):
        if naam in rule.arguments:
            args[naam] = waarde()
    for naam, waarde in (("onderzoek_id", lambda: world["onderzoek"].id),
                         ("document_id", lambda: world["document"].id), ("mandaat_id", lambda: world["mandaat"].id)):
        if naam in rule.arguments:
            args[naam] = waarde()
    if rule.endpoint.startswith("kaart.") and rule.endpoint != "kaart.index":
        # The map's layers answer 400 without an area: a small one in the Netherlands.
        args["bbox"] = "5.95,50.85,6.0,50.9"
    with app.test_request_context():
        from flask import url_for
        return url_for(rule.endpoint, **args)


@pytest.fixture
def matrix_world(app, world, session):
    world["adres_a"] = add_adres(session, world["a"], "Kerkstraat", 1, "6411AA")
    # The account that administrative POSTs act on (two roles: revoking one leaves it in scope).
    world["doelwit"] = make_user(session, "doelwit", [(world["a"], Rol.TOEZICHTHOUDER),
                                                      (world["a"], Rol.COORDINATOR)])
    # An open role request by the beheerder itself: approving it is refused (four eyes),
    # refusing it without a reason is a form error, so it stays open for every cell.
    world["aanvraag"] = Rolaanvraag(gebruiker_id=world["doelwit"].id, gemeente_id=world["a"].id,
                                    rol=Rol.VERGUNNINGVERLENER, reden="matrix",
                                    aangevraagd_door_id=world["users"][("9901", Rol.BEHEERDER)].id)
    session.add(world["aanvraag"])
    # An open password reset of that account asked by another beheerder: the beheerder may approve
    # it (200, part 2 shown) and refusing it without a reason is a form error (422).
    world["herstel"] = Herstelaanvraag(gebruiker_id=world["doelwit"].id, soort=HerstelSoort.WACHTWOORD,
                                       reden="matrix", deel_a="matrix deel 11", verloopt_op=utcnow() + timedelta(hours=1),
                                       aangevraagd_door_id=make_user(session, "beheerder.matrix",
                                                                     [(world["a"], Rol.BEHEERDER)]).id)
    session.add(world["herstel"])
    # A failed background job in gemeente A: "opnieuw" queues it (message to the test queue file).
    world["taak"] = Achtergrondtaak(taak_sleutel="matrix:taak", naam="matrix.taak", gemeente_id=world["a"].id,
                                    status=TaakStatus.MISLUKT, pogingen=4, laatste_fout="RuntimeError: matrix")
    session.add(world["taak"])
    # A dry run of a permit import in gemeente A, still queued: its status page answers, "Importeren" is 409.
    world["import"] = Achtergrondtaak(taak_sleutel="matrix:import", naam="vergunningen.import_proef",
                                      gemeente_id=world["a"].id, status=TaakStatus.QUEUED,
                                      argumenten=json.dumps([world["a"].id, "0" * 64, "matrix.csv", None]))
    session.add(world["import"])
    # The same for a web BRP import (overbewoning): its status page answers for the beheerder.
    world["brp_import"] = Achtergrondtaak(taak_sleutel="matrix:brp-import", naam="overbewoning.brp_import_proef",
                                          gemeente_id=world["a"].id, status=TaakStatus.QUEUED,
                                          argumenten=json.dumps([world["a"].id, "0" * 64, "matrix.csv", None, None]))
    session.add(world["brp_import"])
    # A controle with a fixed rapport in gemeente A: every child route has a real object; steps that
    # would change it are refused by its state (409), so each cell sees the same controle.
    with app.app_context():
        sjablonen.installeer_standaard(session, world["a"].id)
        world["controle"] = vastgestelde_controle(
            session, world["a"], world["users"][("9901", Rol.COORDINATOR)],
            world["users"][("9901", Rol.TOEZICHTHOUDER)], world["adres_a"], met_pdf=True)
    world["controletype"] = world["controle"].controletype
    # A permit in force at the same address, with voorschriften and a beheerder on the aanhangsel.
    with app.app_context():
        world["vergunning"] = vergunning(session, world["a"], adres=world["adres_a"])
        vergunningen_services.voeg_betrokkene_toe(session, None, world["vergunning"],
                                                  persoon(session, world["a"]), "beheerder")
        # A company with a director: the subjects register's pages (removing it is one cell per role).
        world["subject"] = world["vergunning"].houder
        world["relatie"] = subjecten_services.voeg_relatie_toe(session, None, world["subject"],
                                                               persoon(session, world["a"], "Matrix"), "bestuurder")
    # A Bibob dossier at the decision in gemeente A, assigned to the mandated vergunningverlener: the
    # coördinator, that vergunningverlener and the burgemeester (decision file) may open it. Nothing
    # is opened with a reason, so the dossier's pages redirect to the reason page (302) and a POST
    # without data is refused (422).
    with app.app_context():
        coordinator = world["users"][("9901", Rol.COORDINATOR)]
        vv = world["users"][("9901", Rol.VERGUNNINGVERLENER)]
        world["mandaat"] = BibobMandaat(gebruiker_id=vv.id, gemeente_id=world["a"].id, besluit="Mandaat matrix")
        session.add(world["mandaat"])
        session.flush()
        o = bibob_services.maak_onderzoek(session, coordinator, world["a"].id, bibob_services.OnderzoekInvoer(
            aanleiding="aanvraag", vergunning_id=world["vergunning"].id, behandelaar_id=vv.id))
        for naar, extra in (("formulier_opgevraagd", {}), ("formulier_ontvangen", {}), ("eigen_onderzoek", {}),
                            ("conclusie_eigen_onderzoek", {"bevindingen": "Matrix", "conclusie": "geen_gevaar"}),
                            ("besluit", {"besluit": "verlenen"})):
            bibob_services.stap(session, coordinator, o, naar,
                                bibob_services.StapInvoer(datum=date.today(), **extra))
        world["onderzoek"] = o
        world["document"] = bibob_services.voeg_document_toe(session, coordinator, o, data=bestanden.pdf("matrix"),
                                                             bestandsnaam="matrix.pdf")
    session.commit()
    return world


def _expected(rule_roles, rol):
    if rule_roles == PUBLIC or rule_roles == AUTHENTICATED:
        return True
    return rol in rule_roles


def _cells(app):
    policy = get_policy(app)
    for rule, method in routes(app):
        yield rule, method, policy[rule.endpoint][method]


def test_anonymous_is_sent_to_login(app, client, matrix_world, session):
    for rule, method, roles in _cells(app):
        url = _url(app, rule, matrix_world, session)
        if roles == PUBLIC:
            continue
        resp = client.open(url, method=method,
                           data={"csrf_token": "x"} if method == "POST" else None)
        if method == "POST":
            # No session, so no valid CSRF token: refused before anything happens.
            assert resp.status_code in (302, 400), (rule.endpoint, resp.status_code)
            continue
        assert resp.status_code == 302, (rule.endpoint, resp.status_code)
        assert "/inloggen" in resp.headers["Location"], rule.endpoint


@pytest.mark.parametrize("rol", list(Rol), ids=lambda r: r.value)
def test_role_matrix(app, make_client, matrix_world, session, rol):
    client = make_client()
    user = matrix_world["users"][("9901", rol)]
    login(client, session, user)
    token = csrf_for(client)
    denied_before = session.execute(select(AuditRegel).where(AuditRegel.actie == KernActie.AUTORISATIE_GEWEIGERD)).all()
    denials = 0
    for rule, method, roles in _cells(app):
        if rule.endpoint in ("auth.logout", "static", "auth.login", "auth.tweede_factor"):
            continue  # logout ends the session; login pages redirect logged-in users
        url = _url(app, rule, matrix_world, session)
        resp = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
        if _expected(roles, rol):
            # Allowed: answered (a POST without form data gets its validation message, or a
            # refusal by the object's state, e.g. editing a controle whose rapport is fixed).
            assert resp.status_code in ((200, 302) if method == "GET" else (200, 201, 302, 409, 422)), \
                (rol, rule.endpoint, method, resp.status_code)
            if resp.status_code == 302:
                assert "/inloggen" not in resp.headers["Location"], (rol, rule.endpoint)
        else:
            assert resp.status_code == 403, (rol, rule.endpoint, method, resp.status_code)
            denials += 1
    # Every denial left an audit row, even though the request itself rolled back.
    session.expire_all()
    denied_after = session.execute(select(AuditRegel).where(AuditRegel.actie == KernActie.AUTORISATIE_GEWEIGERD)).all()
    assert len(denied_after) - len(denied_before) == denials


def test_logout_is_post_only_and_works(app, client, matrix_world, session):
    login(client, session, matrix_world["users"][("9901", Rol.TOEZICHTHOUDER)])
    assert client.get("/uitloggen").status_code == 405
    token = csrf_for(client)
    resp = client.post("/uitloggen", data={"csrf_token": token})
    assert resp.status_code == 302 and "/inloggen" in resp.headers["Location"]
    assert client.get("/").status_code == 302
