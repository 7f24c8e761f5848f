"""The functional administrator manages accounts and roles of their own gemeenten."""
import re

from sqlalchemy import select

from handhaving.audit.models import AuditRegel
from handhaving.auth.models import Gebruiker, Rol
from tests.helpers import csrf_for, csrf_from, login
from handhaving.beheer.acties import BeheerActie
from handhaving.bibob.acties import BibobActie


def _admin(client, session, world):
    login(client, session, world["users"][("9901", Rol.BEHEERDER)])


def _create(client, **fields):
    """Submit the new-user form as a browser would (token from the form page)."""
    page = client.get("/beheer/gebruikers/nieuw")
    return client.post("/beheer/gebruikers/nieuw",
                       data={"csrf_token": csrf_from(page.get_data(as_text=True)), "rol": "toezichthouder", **fields})


def test_create_user_shows_first_password_once(app, client, session, world):
    _admin(client, session, world)
    resp = _create(client, gebruikersnaam="Eva.Smit", naam="Eva Smit", email="eva.smit@dalveen.example",
                   gemeente=world["a"].id)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 201
    wachtwoord = re.search(r'hh-secret">([^<]+)<', html).group(1)
    session.expire_all()
    user = session.execute(select(Gebruiker).where(Gebruiker.gebruikersnaam == "eva.smit")).scalar_one()
    assert [(t.gemeente_id, t.rol) for t in user.rollen] == [(world["a"].id, Rol.TOEZICHTHOUDER)]
    # The new user can log in with it; it is nowhere in the audit log.
    login(app.test_client(), session, user, password=wachtwoord)
    assert not any(wachtwoord in (r.details or "") for r in session.execute(select(AuditRegel)).scalars())


def test_create_user_bad_input_keeps_what_was_typed(client, session, world):
    _admin(client, session, world)
    resp = _create(client, gebruikersnaam="eva smit!", naam="Eva Smit", email="geen-mail", gemeente=world["a"].id)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "alleen letters, cijfers" in html and "geen geldig e-mailadres" in html
    assert 'value="Eva Smit"' in html and 'value="eva smit!"' in html
    assert session.execute(select(Gebruiker).where(Gebruiker.naam == "Eva Smit")).first() is None


def test_cannot_create_user_in_other_gemeente(client, session, world):
    _admin(client, session, world)
    resp = _create(client, gebruikersnaam="indringer", naam="X", gemeente=world["b"].id, rol="beheerder")
    assert resp.status_code == 422
    assert session.execute(select(Gebruiker).where(Gebruiker.gebruikersnaam == "indringer")).first() is None


def test_duplicate_username(client, session, world):
    _admin(client, session, world)
    resp = _create(client, gebruikersnaam="toezichthouder.9901", naam="X", gemeente=world["a"].id)
    assert resp.status_code == 422 and "bestaat al in uw gemeente" in resp.get_data(as_text=True)


def test_username_of_another_gemeente_is_not_confirmed(client, session, world):
    """The answer for a Hoogmeer account is the answer for a reserved name: nothing confirmed."""
    _admin(client, session, world)
    taken = _create(client, gebruikersnaam="toezichthouder.9902", naam="X", gemeente=world["a"].id)
    reserved = _create(client, gebruikersnaam="admin", naam="X", gemeente=world["a"].id)
    assert taken.status_code == reserved.status_code == 422
    taken_html, reserved_html = taken.get_data(as_text=True), reserved.get_data(as_text=True)
    assert "bestaat al" not in taken_html
    assert "kan niet worden gebruikt" in taken_html and "kan niet worden gebruikt" in reserved_html


def test_revoking_a_role_takes_effect_at_once(app, client, session, world):
    victim = world["users"][("9901", Rol.COORDINATOR)]
    vc = app.test_client()
    login(vc, session, victim)
    assert vc.get("/controles/").status_code == 200
    _admin(client, session, world)
    toewijzing = victim.rollen[0]
    resp = client.post(f"/beheer/gebruikers/{victim.id}/rollen/{toewijzing.id}/intrekken",
                       data={"csrf_token": csrf_for(client)})
    assert resp.status_code == 302
    assert vc.get("/controles/").status_code == 403
    session.expire_all()
    assert session.execute(select(AuditRegel).where(AuditRegel.actie == BeheerActie.ROL_INGETROKKEN)).scalar_one()


def test_grant_role(client, session, world):
    target = world["users"][("9901", Rol.COORDINATOR)]
    _admin(client, session, world)
    client.post(f"/beheer/gebruikers/{target.id}/rollen",
                data={"csrf_token": csrf_for(client), "gemeente": world["a"].id, "rol": "toezichthouder"})
    session.expire_all()
    assert {t.rol for t in session.get(Gebruiker, target.id).rollen} == {Rol.TOEZICHTHOUDER, Rol.COORDINATOR}
    # Not in a gemeente the beheerder does not manage.
    resp = client.post(f"/beheer/gebruikers/{target.id}/rollen",
                       data={"csrf_token": csrf_for(client), "gemeente": world["b"].id, "rol": "beheerder"},
                       follow_redirects=True)
    assert "Kies een gemeente" in resp.get_data(as_text=True)
    session.expire_all()
    assert len(session.get(Gebruiker, target.id).rollen) == 2


def _goedkeuren(app, session, world, target) -> str:
    """A second beheerder of Dalveen approves the open reset of ``target`` (issue 22: four eyes)."""
    from handhaving.beheer.models import Herstelaanvraag
    from tests.factories import make_user
    second = make_user(session, "beheerder2.9901", [(world["a"], Rol.BEHEERDER)])
    session.commit()
    aanvraag = session.execute(select(Herstelaanvraag).where(Herstelaanvraag.gebruiker_id == target.id)).scalar_one()
    b = app.test_client()
    login(b, session, second)
    return b.post(f"/beheer/herstelaanvragen/{aanvraag.id}/goedkeuren",
                  data={"csrf_token": csrf_for(b)}).get_data(as_text=True)


def test_reset_password_shows_new_one_and_ends_sessions(app, client, session, world):
    target = world["users"][("9901", Rol.TOEZICHTHOUDER)]
    victim_client = app.test_client()
    login(victim_client, session, target)
    _admin(client, session, world)
    resp = client.post(f"/beheer/gebruikers/{target.id}/wachtwoord",
                       data={"csrf_token": csrf_for(client), "reden": "wachtwoord vergeten, gebeld"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "Nieuw wachtwoord" in html
    deel_1 = re.search(r'id="deel-1">([^<]+)<', html).group(1)
    # Only the approval changes the account and ends its sessions.
    assert victim_client.get("/").status_code == 200
    deel_2 = re.search(r'id="deel-2">([^<]+)<', _goedkeuren(app, session, world, target)).group(1)
    assert victim_client.get("/").status_code == 302
    login(app.test_client(), session, target, password=f"{deel_1} {deel_2}")


def test_reset_needs_a_reason(client, session, world):
    target = world["users"][("9901", Rol.TOEZICHTHOUDER)]
    _admin(client, session, world)
    before = target.wachtwoord_hash
    resp = client.post(f"/beheer/gebruikers/{target.id}/wachtwoord", data={"csrf_token": csrf_for(client), "reden": ""},
                       follow_redirects=True)
    assert "Geef een reden op" in resp.get_data(as_text=True)
    session.expire_all()
    assert session.get(Gebruiker, target.id).wachtwoord_hash == before


def test_reset_second_factor_leads_to_enrolment(app, client, session, world):
    from tests.helpers import PASSWORD
    target = world["users"][("9901", Rol.BURGEMEESTER)]
    _admin(client, session, world)
    client.post(f"/beheer/gebruikers/{target.id}/tweede-factor",
                data={"csrf_token": csrf_for(client), "reden": "telefoon verloren"})
    _goedkeuren(app, session, world, target)
    other = app.test_client()
    page = other.get("/inloggen")
    other.post("/inloggen", data={"csrf_token": csrf_from(page.get_data(as_text=True)),
                                  "gebruikersnaam": target.gebruikersnaam, "wachtwoord": PASSWORD})
    assert "Authenticator-app koppelen" in other.get("/inloggen/tweede-factor").get_data(as_text=True)


def test_mfa_for_all_roles_setting(app, client, session, world):
    from tests.helpers import PASSWORD
    _admin(client, session, world)
    page = client.get("/beheer/gemeenten").get_data(as_text=True)
    g = world["a"]
    resp = client.post(f"/beheer/gemeenten/{g.id}", data={"csrf_token": csrf_from(page), f"g{g.id}-csrf_token": csrf_from(page),
                                                          f"g{g.id}-mfa_alle_rollen": "y", f"g{g.id}-reden": "BIO-advies"})
    assert resp.status_code == 302
    other = app.test_client()
    page = other.get("/inloggen")
    resp = other.post("/inloggen", data={"csrf_token": csrf_from(page.get_data(as_text=True)),
                                         "gebruikersnaam": "toezichthouder.9901", "wachtwoord": PASSWORD})
    assert resp.headers["Location"].endswith("/inloggen/tweede-factor")
    # Not for the other gemeente's users.
    resp = client.post(f"/beheer/gemeenten/{world['b'].id}", data={"csrf_token": csrf_for(client)})
    assert resp.status_code == 404


def test_audit_view_shows_no_rows_of_another_gemeente(client, session, world):
    """A regional coordinator's Bibob read in Hoogmeer is not Dalveen's beheerder's business."""
    from handhaving.audit import services as audit
    regio = world["users"]["regio"]
    audit.record(session, BibobActie.GELEZEN, audit.SUCCES, object_type="bibob_onderzoek", object_id="HOOGMEER-CANARY",
                 gemeente_id=world["b"].id, actor_id=regio.id, actor=regio.gebruikersnaam)
    audit.record(session, BibobActie.GELEZEN, audit.SUCCES, object_type="bibob_onderzoek", object_id="DALVEEN-CANARY",
                 gemeente_id=world["a"].id, actor_id=regio.id, actor=regio.gebruikersnaam)
    session.commit()
    _admin(client, session, world)
    html = client.get("/beheer/auditlog").get_data(as_text=True)
    assert "DALVEEN-CANARY" in html and "HOOGMEER-CANARY" not in html
