"""Who may change an account (review findings 1 and 3).

Rules (README, "Beheer van accounts"):
* password, second factor and (de)activation act on the whole account, so only a
  beheerder of every gemeente the account works for may do them;
* nobody grants roles to themselves;
* a role with Bibob access, or the beheerder role, waits for a second beheerder;
* a password a beheerder chose must be changed at the first login.
"""
import re

from sqlalchemy import select

from handhaving.audit.models import AuditRegel
from handhaving.auth.models import Gebruiker, Rol
from handhaving.auth.passwords import verify_password
from handhaving.beheer.models import AanvraagStatus, HerstelStatus, Herstelaanvraag, Rolaanvraag
from tests.factories import make_user
from tests.helpers import PASSWORD, csrf_for, login
from handhaving.beheer.acties import BeheerActie

NIEUW = "zeilboot regenjas kompas 71"


def _as(app, session, user):
    c = app.test_client()
    login(c, session, user)
    return c


def _reload(session, user):
    session.expire_all()
    return session.get(Gebruiker, user.id)


def test_beheerder_of_one_gemeente_cannot_take_over_a_shared_account(app, session, world):
    regio = world["users"]["regio"]
    before = regio.wachtwoord_hash
    c = _as(app, session, world["users"][("9901", Rol.BEHEERDER)])
    page = c.get(f"/beheer/gebruikers/{regio.id}").get_data(as_text=True)
    assert "werkt ook voor Hoogmeer" in page and "Nieuw wachtwoord maken" not in page

    resp = c.post(f"/beheer/gebruikers/{regio.id}/wachtwoord",
                  data={"csrf_token": csrf_for(c), "reden": "wachtwoord vergeten"}, follow_redirects=True)
    html = resp.get_data(as_text=True)
    assert "hh-secret" not in html and "Alleen een beheerder van alle gemeenten" in html
    for path, data in ((f"/beheer/gebruikers/{regio.id}/tweede-factor", {"reden": "telefoon kwijt"}),
                       (f"/beheer/gebruikers/{regio.id}/activering", {"reden": "uit dienst", "actie": "deactiveren"})):
        assert "Alleen een beheerder van alle gemeenten" in c.post(
            path, data={"csrf_token": csrf_for(c), **data}, follow_redirects=True).get_data(as_text=True)
    regio = _reload(session, regio)
    assert regio.wachtwoord_hash == before and regio.actief
    assert verify_password(regio.wachtwoord_hash, PASSWORD)
    refusals = session.execute(select(AuditRegel).where(AuditRegel.actie == BeheerActie.GEWEIGERD,
                                                        AuditRegel.object_id == str(regio.id))).scalars().all()
    assert len(refusals) == 3
    # The own gemeente's role may still be revoked: that only concerns Dalveen.
    dalveen_rol = next(t for t in regio.rollen if t.gemeente_id == world["a"].id)
    c.post(f"/beheer/gebruikers/{regio.id}/rollen/{dalveen_rol.id}/intrekken", data={"csrf_token": csrf_for(c)})
    assert {t.gemeente_id for t in _reload(session, regio).rollen} == {world["b"].id}


def _herstel_goedkeuren(app, session, second, target) -> str:
    """The second beheerder approves the open reset of ``target``; returns the page."""
    aanvraag = session.execute(select(Herstelaanvraag).where(Herstelaanvraag.gebruiker_id == target.id,
                                                             Herstelaanvraag.status == HerstelStatus.OPEN)).scalar_one()
    b = _as(app, session, second)
    resp = b.post(f"/beheer/herstelaanvragen/{aanvraag.id}/goedkeuren", data={"csrf_token": csrf_for(b)})
    assert resp.status_code in (200, 302)
    return resp.get_data(as_text=True)


def _deel(html, n):
    return re.search(rf'id="deel-{n}">([^<]+)<', html).group(1)


def test_regional_beheerder_resets_a_shared_account_and_both_gemeenten_see_it(app, session, world):
    regio = world["users"]["regio"]
    beheer_regio = make_user(session, "beheerder.regio", [(world["a"], Rol.BEHEERDER), (world["b"], Rol.BEHEERDER)])
    tweede_regio = make_user(session, "beheerder2.regio", [(world["a"], Rol.BEHEERDER), (world["b"], Rol.BEHEERDER)])
    session.commit()
    c = _as(app, session, beheer_regio)
    resp = c.post(f"/beheer/gebruikers/{regio.id}/wachtwoord",
                  data={"csrf_token": csrf_for(c), "reden": "ticket 4711, gebeld"})
    assert resp.status_code == 200 and 'id="deel-1"' in resp.get_data(as_text=True)
    # A coördinator has Bibob access: a second beheerder of both gemeenten approves (issue 22).
    assert 'id="deel-2"' in _herstel_goedkeuren(app, session, tweede_regio, regio)
    # The row has no single gemeente, but each gemeente's beheerder sees it.
    for code in ("9901", "9902"):
        html = _as(app, session, world["users"][(code, Rol.BEHEERDER)]).get("/beheer/auditlog").get_data(as_text=True)
        assert BeheerActie.WACHTWOORD_HERSTELD in html and "ticket 4711" in html


def test_a_reset_password_must_be_changed_at_first_login(app, session, world):
    target = world["users"][("9901", Rol.TOEZICHTHOUDER)]
    second = make_user(session, "beheerder2.9901", [(world["a"], Rol.BEHEERDER)])
    session.commit()
    admin = _as(app, session, world["users"][("9901", Rol.BEHEERDER)])
    html = admin.post(f"/beheer/gebruikers/{target.id}/wachtwoord",
                      data={"csrf_token": csrf_for(admin), "reden": "vergeten"}).get_data(as_text=True)
    # A toezichthouder sees the sex workers of the team's controles: four eyes, password in two parts.
    first = f"{_deel(html, 1)} {_deel(_herstel_goedkeuren(app, session, second, target), 2)}"

    c = app.test_client()
    login(c, session, target, password=first)
    for path in ("/", "/locaties/", "/controles/"):
        resp = c.get(path)
        assert resp.status_code == 302 and resp.headers["Location"].endswith("/account"), path
    assert "Kies hieronder eerst een eigen wachtwoord" in c.get("/account").get_data(as_text=True)
    resp = c.post("/account", data={"csrf_token": csrf_for(c), "huidig": first, "nieuw": NIEUW, "herhaal": NIEUW})
    assert resp.status_code == 302
    assert c.get("/controles/").status_code == 200
    assert not _reload(session, target).wachtwoord_wijzigen_verplicht


def test_nobody_grants_roles_to_themselves(app, session, world):
    me = world["users"][("9901", Rol.BEHEERDER)]
    c = _as(app, session, me)
    for rol in ("coordinator", "toezichthouder"):
        resp = c.post(f"/beheer/gebruikers/{me.id}/rollen", follow_redirects=True,
                      data={"csrf_token": csrf_for(c), "gemeente": world["a"].id, "rol": rol, "reden": "even nodig"})
        assert "U kunt uzelf geen rollen geven" in resp.get_data(as_text=True)
    assert {t.rol for t in _reload(session, me).rollen} == {Rol.BEHEERDER}
    assert session.execute(select(Rolaanvraag)).first() is None
    assert c.get("/bibob/").status_code == 403


def test_a_bibob_role_needs_a_second_beheerder(app, session, world):
    target = world["users"][("9901", Rol.TOEZICHTHOUDER)]
    first = world["users"][("9901", Rol.BEHEERDER)]
    second = make_user(session, "beheerder2.9901", [(world["a"], Rol.BEHEERDER)])
    session.commit()
    a = _as(app, session, first)
    # Without a reason the request is not made (the second beheerder needs one to judge it).
    resp = a.post(f"/beheer/gebruikers/{target.id}/rollen", follow_redirects=True,
                  data={"csrf_token": csrf_for(a), "gemeente": world["a"].id, "rol": "coordinator"})
    assert "Geef een toelichting" in resp.get_data(as_text=True)
    resp = a.post(f"/beheer/gebruikers/{target.id}/rollen", follow_redirects=True,
                  data={"csrf_token": csrf_for(a), "gemeente": world["a"].id, "rol": "coordinator",
                        "reden": "vervanging coördinator tijdens verlof"})
    assert "wacht op goedkeuring" in resp.get_data(as_text=True).lower()
    aanvraag = session.execute(select(Rolaanvraag)).scalar_one()
    t = app.test_client()
    login(t, session, target)
    assert t.get("/bibob/").status_code == 403

    # The one who asked cannot approve.
    resp = a.post(f"/beheer/rolaanvragen/{aanvraag.id}/goedkeuren", data={"csrf_token": csrf_for(a)},
                  follow_redirects=True)
    assert "Een tweede beheerder moet deze rol goedkeuren" in resp.get_data(as_text=True)
    assert Rol.COORDINATOR not in _reload(session, target).alle_rollen()
    # A beheerder of another gemeente does not even see it.
    h = _as(app, session, world["users"][("9902", Rol.BEHEERDER)])
    assert h.post(f"/beheer/rolaanvragen/{aanvraag.id}/goedkeuren", data={"csrf_token": csrf_for(h)}).status_code == 404

    b = _as(app, session, second)
    assert "vervanging coördinator tijdens verlof" in b.get("/beheer/gebruikers").get_data(as_text=True)
    assert b.post(f"/beheer/rolaanvragen/{aanvraag.id}/goedkeuren", data={"csrf_token": csrf_for(b)}).status_code == 302
    assert t.get("/bibob/").status_code == 200
    session.expire_all()
    aanvraag = session.get(Rolaanvraag, aanvraag.id)
    assert aanvraag.status == AanvraagStatus.GOEDGEKEURD and aanvraag.beoordeeld_door_id == second.id
    row = session.execute(select(AuditRegel).where(AuditRegel.actie == BeheerActie.ROL_TOEGEKEND,
                                                   AuditRegel.object_id == str(target.id))).scalar_one()
    assert row.actor_id == second.id and '"vier_ogen": true' in row.details


def test_whoever_gets_the_role_cannot_approve_it(app, session, world):
    second = make_user(session, "beheerder2.9901", [(world["a"], Rol.BEHEERDER)])
    session.commit()
    a = _as(app, session, world["users"][("9901", Rol.BEHEERDER)])
    a.post(f"/beheer/gebruikers/{second.id}/rollen",
           data={"csrf_token": csrf_for(a), "gemeente": world["a"].id, "rol": "coordinator", "reden": "dubbelrol"})
    aanvraag = session.execute(select(Rolaanvraag)).scalar_one()
    b = _as(app, session, second)
    b.post(f"/beheer/rolaanvragen/{aanvraag.id}/goedkeuren", data={"csrf_token": csrf_for(b)})
    assert Rol.COORDINATOR not in _reload(session, second).alle_rollen()


def test_a_new_beheerder_account_waits_for_four_eyes(app, session, world):
    """Otherwise one beheerder makes a second beheerder account and approves its own requests."""
    a = _as(app, session, world["users"][("9901", Rol.BEHEERDER)])
    page = a.get("/beheer/gebruikers/nieuw").get_data(as_text=True)
    from tests.helpers import csrf_from
    resp = a.post("/beheer/gebruikers/nieuw", data={
        "csrf_token": csrf_from(page), "gebruikersnaam": "sok.pop", "naam": "Sok Pop", "gemeente": world["a"].id,
        "rol": "beheerder", "reden": "tweede beheerder"})
    assert resp.status_code == 201 and "wacht op goedkeuring" in resp.get_data(as_text=True)
    user = session.execute(select(Gebruiker).where(Gebruiker.gebruikersnaam == "sok.pop")).scalar_one()
    assert user.rollen == [] and user.wachtwoord_wijzigen_verplicht
    # Still visible to the beheerder who created it (its request is in Dalveen).
    assert "Sok Pop" in a.get("/beheer/gebruikers").get_data(as_text=True)
