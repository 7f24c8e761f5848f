"""Issue 22.1: no single beheerder obtains a working login for an account with confidential access.

An account whose roles open Bibob dossiers (Wet Bibob art. 28), special-category personal data
(AVG art. 9: sex workers met at a controle) or beheer rights is reset only with a second beheerder,
like granting those roles. The new password is split: the requesting beheerder sees part 1, the
approving one part 2 (split knowledge), so neither alone can log in.
"""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from handhaving.audit.models import AuditRegel
from handhaving.auth.acties import AuthActie
from handhaving.auth.models import Gebruiker, Rol
from handhaving.auth.passwords import verify_password
from handhaving.beheer import herstel
from handhaving.beheer.acties import BeheerActie
from handhaving.beheer.models import Herstelaanvraag, HerstelStatus, Rolaanvraag
from handhaving.db import utcnow
from handhaving.security.policy import rollen_met_bijzondere_gegevens
from tests.factories import make_user
from tests.helpers import PASSWORD, csrf_for, csrf_from, login

NIEUW = "zeilboot regenjas kompas 71"


def _as(app, session, user):
    c = app.test_client()
    login(c, session, user)
    return c


def _reload(session, user):
    session.expire_all()
    return session.get(Gebruiker, user.id)


def _deel(html: str, n: int) -> str:
    m = re.search(rf'id="deel-{n}">([^<]+)<', html)
    assert m, f"deel {n} niet getoond"
    return m.group(1)


def _kan_inloggen(app, password: str, user) -> bool:
    c = app.test_client()
    page = c.get("/inloggen").get_data(as_text=True)
    resp = c.post("/inloggen", data={"csrf_token": csrf_from(page), "gebruikersnaam": user.gebruikersnaam,
                                     "wachtwoord": password})
    # A wrong password re-renders the form (422); a right one redirects (home, or the second factor).
    return resp.status_code == 302


def _open(session, user) -> Herstelaanvraag:
    session.expire_all()
    return session.execute(select(Herstelaanvraag).where(Herstelaanvraag.gebruiker_id == user.id)
                           .order_by(Herstelaanvraag.id.desc())).scalars().first()


@pytest.fixture
def tweede(session, world):
    user = make_user(session, "beheerder2.9901", [(world["a"], Rol.BEHEERDER)])
    session.commit()
    return user


def test_one_beheerder_alone_cannot_obtain_a_working_login_for_a_coordinator_with_bibob_access(
        app, session, world, tweede):
    target = world["users"][("9901", Rol.COORDINATOR)]
    before = target.wachtwoord_hash
    a = _as(app, session, world["users"][("9901", Rol.BEHEERDER)])
    resp = a.post(f"/beheer/gebruikers/{target.id}/wachtwoord",
                  data={"csrf_token": csrf_for(a), "reden": "wachtwoord vergeten, gebeld"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "tweede beheerder" in html
    deel_1 = _deel(html, 1)
    assert 'hh-secret">' not in html  # no whole password on the page
    # Nothing changed yet: the old password works, part 1 is no password, sessions live on.
    assert _reload(session, target).wachtwoord_hash == before
    assert _kan_inloggen(app, PASSWORD, target)
    assert not _kan_inloggen(app, deel_1, target)
    # The requester cannot approve it: 403, audited, still nothing changed.
    aanvraag = _open(session, target)
    resp = a.post(f"/beheer/herstelaanvragen/{aanvraag.id}/goedkeuren", data={"csrf_token": csrf_for(a)})
    assert resp.status_code == 403 and "tweede beheerder" in resp.get_data(as_text=True)
    assert _reload(session, target).wachtwoord_hash == before
    assert session.execute(select(AuditRegel).where(AuditRegel.actie == BeheerActie.GEWEIGERD,
                                                    AuditRegel.object_id == str(target.id))).first()
    # Nor does the coordinator's page or the overview offer A a way to get the password alone.
    page = a.get(f"/beheer/gebruikers/{target.id}").get_data(as_text=True)
    assert "Herstel wacht op goedkeuring" in page
    assert f"/beheer/herstelaanvragen/{aanvraag.id}/goedkeuren" not in page

    b = _as(app, session, tweede)
    assert "wachtwoord vergeten, gebeld" in b.get("/beheer/gebruikers").get_data(as_text=True)
    resp = b.post(f"/beheer/herstelaanvragen/{aanvraag.id}/goedkeuren", data={"csrf_token": csrf_for(b)})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    deel_2 = _deel(html, 2)
    assert deel_1 not in html  # B alone does not know the whole password either
    assert not _kan_inloggen(app, deel_2, target)
    assert not _kan_inloggen(app, PASSWORD, target)
    c = app.test_client()
    login(c, session, target, password=f"{deel_1} {deel_2}")
    assert c.get("/bibob/").headers["Location"].endswith("/account")  # own password first
    user = _reload(session, target)
    assert user.wachtwoord_wijzigen_verplicht
    aanvraag = session.get(Herstelaanvraag, aanvraag.id)
    assert aanvraag.status == HerstelStatus.GOEDGEKEURD and aanvraag.beoordeeld_door_id == tweede.id
    assert aanvraag.deel_a is None  # part 1 is not kept once used
    row = session.execute(select(AuditRegel).where(AuditRegel.actie == BeheerActie.WACHTWOORD_HERSTELD,
                                                   AuditRegel.object_id == str(target.id))).scalar_one()
    assert row.actor_id == tweede.id and '"vier_ogen": true' in row.details
    # No part of the password in the audit log.
    for r in session.execute(select(AuditRegel)).scalars():
        assert deel_1 not in (r.details or "") and deel_2 not in (r.details or "")


def test_the_account_itself_cannot_approve_its_own_reset(app, session, world, tweede):
    """A beheerder account is confidential too (it approves role requests)."""
    a = _as(app, session, world["users"][("9901", Rol.BEHEERDER)])
    a.post(f"/beheer/gebruikers/{tweede.id}/wachtwoord", data={"csrf_token": csrf_for(a), "reden": "vergeten"})
    aanvraag = _open(session, tweede)
    assert aanvraag is not None and aanvraag.status == HerstelStatus.OPEN
    b = _as(app, session, tweede)
    resp = b.post(f"/beheer/herstelaanvragen/{aanvraag.id}/goedkeuren", data={"csrf_token": csrf_for(b)})
    assert resp.status_code == 403
    assert _open(session, tweede).status == HerstelStatus.OPEN


def test_a_second_factor_reset_of_a_burgemeester_waits_for_a_second_beheerder(app, session, world, tweede):
    target = world["users"][("9901", Rol.BURGEMEESTER)]
    secret = target.totp_secret
    a = _as(app, session, world["users"][("9901", Rol.BEHEERDER)])
    resp = a.post(f"/beheer/gebruikers/{target.id}/tweede-factor",
                  data={"csrf_token": csrf_for(a), "reden": "telefoon verloren"}, follow_redirects=True)
    assert "tweede beheerder" in resp.get_data(as_text=True)
    user = _reload(session, target)
    assert user.totp_secret == secret and user.totp_bevestigd
    aanvraag = _open(session, target)
    assert a.post(f"/beheer/herstelaanvragen/{aanvraag.id}/goedkeuren",
                  data={"csrf_token": csrf_for(a)}).status_code == 403
    assert _reload(session, target).totp_secret == secret
    # The burgemeester still logs in with the old phone until the approval.
    login(app.test_client(), session, target)

    b = _as(app, session, tweede)
    assert b.post(f"/beheer/herstelaanvragen/{aanvraag.id}/goedkeuren",
                  data={"csrf_token": csrf_for(b)}).status_code == 302
    user = _reload(session, target)
    assert user.totp_secret is None and not user.totp_bevestigd
    other = app.test_client()
    page = other.get("/inloggen")
    other.post("/inloggen", data={"csrf_token": csrf_from(page.get_data(as_text=True)),
                                  "gebruikersnaam": target.gebruikersnaam, "wachtwoord": PASSWORD})
    assert "Authenticator-app koppelen" in other.get("/inloggen/tweede-factor").get_data(as_text=True)
    # Linking the new app completes the first login after the reset: audited as such.
    login(app.test_client(), session, target)
    session.expire_all()
    row = session.execute(select(AuditRegel).where(AuditRegel.actie == AuthActie.EERSTE_INLOG_NA_HERSTEL)
                          ).scalar_one()
    assert '"soort": "tweede_factor"' in row.details and f'"goedgekeurd_door": {tweede.id}' in row.details


def test_the_first_login_after_a_reset_is_audited_naming_the_reset_and_both_beheerders(
        app, session, world, tweede):
    target = world["users"][("9901", Rol.COORDINATOR)]
    first = world["users"][("9901", Rol.BEHEERDER)]
    a = _as(app, session, first)
    deel_1 = _deel(a.post(f"/beheer/gebruikers/{target.id}/wachtwoord",
                          data={"csrf_token": csrf_for(a), "reden": "vergeten"}).get_data(as_text=True), 1)
    aanvraag = _open(session, target)
    b = _as(app, session, tweede)
    deel_2 = _deel(b.post(f"/beheer/herstelaanvragen/{aanvraag.id}/goedkeuren",
                          data={"csrf_token": csrf_for(b)}).get_data(as_text=True), 2)
    c = app.test_client()
    login(c, session, target, password=f"{deel_1} {deel_2}")
    session.expire_all()
    rows = session.execute(select(AuditRegel).where(AuditRegel.actie == AuthActie.EERSTE_INLOG_NA_HERSTEL)
                           ).scalars().all()
    assert len(rows) == 1
    row = rows[0]
    assert row.actor_id == target.id and row.object_id == str(target.id)
    assert f'"aanvraag": {aanvraag.id}' in row.details
    assert f'"aangevraagd_door": {first.id}' in row.details and f'"goedgekeurd_door": {tweede.id}' in row.details
    # Only the first login is that event.
    c.post("/account", data={"csrf_token": csrf_for(c), "huidig": f"{deel_1} {deel_2}", "nieuw": NIEUW,
                             "herhaal": NIEUW})
    login(app.test_client(), session, target, password=NIEUW)
    session.expire_all()
    assert len(session.execute(select(AuditRegel).where(
        AuditRegel.actie == AuthActie.EERSTE_INLOG_NA_HERSTEL)).all()) == 1


def test_confidential_roles_are_derived_from_the_policy(app):
    """Bibob: every role that opens a Bibob page; special category: every role that opens a page
    showing sex workers' data (controles.detail); plus beheer rights."""
    with app.app_context():
        assert rollen_met_bijzondere_gegevens() == {Rol.TOEZICHTHOUDER, Rol.COORDINATOR}
        assert herstel.vertrouwelijke_rollen() == {Rol.TOEZICHTHOUDER, Rol.COORDINATOR, Rol.VERGUNNINGVERLENER,
                                                   Rol.BURGEMEESTER, Rol.BEHEERDER}


def test_an_account_without_confidential_roles_is_still_reset_by_one_beheerder(app, session, world, monkeypatch):
    """Today every role carries confidential access; the single-beheerder path stays for a role
    that does not (simulated by a policy in which the toezichthouder sees no special-category data)."""
    monkeypatch.setitem(app.extensions, "handhaving_bijzondere_rollen", frozenset({Rol.COORDINATOR}))
    target = world["users"][("9901", Rol.TOEZICHTHOUDER)]
    a = _as(app, session, world["users"][("9901", Rol.BEHEERDER)])
    html = a.post(f"/beheer/gebruikers/{target.id}/wachtwoord",
                  data={"csrf_token": csrf_for(a), "reden": "vergeten"}).get_data(as_text=True)
    wachtwoord = re.search(r'hh-secret">([^<]+)<', html).group(1)
    assert _open(session, target) is None
    login(app.test_client(), session, target, password=wachtwoord)
    session.expire_all()
    row = session.execute(select(AuditRegel).where(AuditRegel.actie == AuthActie.EERSTE_INLOG_NA_HERSTEL)
                          ).scalar_one()
    assert '"vier_ogen": false' in row.details


def test_a_reset_request_is_404_for_a_beheerder_of_another_gemeente(app, session, world):
    target = world["users"][("9901", Rol.COORDINATOR)]
    a = _as(app, session, world["users"][("9901", Rol.BEHEERDER)])
    a.post(f"/beheer/gebruikers/{target.id}/wachtwoord", data={"csrf_token": csrf_for(a), "reden": "vergeten"})
    aanvraag = _open(session, target)
    h = _as(app, session, world["users"][("9902", Rol.BEHEERDER)])
    for actie in ("goedkeuren", "afwijzen"):
        assert h.post(f"/beheer/herstelaanvragen/{aanvraag.id}/{actie}",
                      data={"csrf_token": csrf_for(h), "reden": "niet van ons"}).status_code == 404
    assert "vergeten" not in h.get("/beheer/gebruikers").get_data(as_text=True)
    assert _open(session, target).status == HerstelStatus.OPEN


def test_a_reset_request_cannot_be_approved_twice_or_after_withdrawal_refusal_or_expiry(
        app, session, world, tweede):
    target = world["users"][("9901", Rol.COORDINATOR)]
    first = world["users"][("9901", Rol.BEHEERDER)]
    a = _as(app, session, first)
    b = _as(app, session, tweede)

    def aanvragen():
        a.post(f"/beheer/gebruikers/{target.id}/wachtwoord", data={"csrf_token": csrf_for(a), "reden": "vergeten"})
        return _open(session, target)

    # Approved twice: the second is 409 and produces no new password.
    r = aanvragen()
    assert b.post(f"/beheer/herstelaanvragen/{r.id}/goedkeuren", data={"csrf_token": csrf_for(b)}).status_code == 200
    hash_na = _reload(session, target).wachtwoord_hash
    resp = b.post(f"/beheer/herstelaanvragen/{r.id}/goedkeuren", data={"csrf_token": csrf_for(b)})
    assert resp.status_code == 409 and 'id="deel-2"' not in resp.get_data(as_text=True)
    assert _reload(session, target).wachtwoord_hash == hash_na

    # Withdrawn by the requester, then approval is 409.
    r = aanvragen()
    assert a.post(f"/beheer/herstelaanvragen/{r.id}/afwijzen",
                  data={"csrf_token": csrf_for(a), "reden": "toch gevonden"}).status_code == 302
    assert _open(session, target).status == HerstelStatus.INGETROKKEN and _open(session, target).deel_a is None
    assert b.post(f"/beheer/herstelaanvragen/{r.id}/goedkeuren", data={"csrf_token": csrf_for(b)}).status_code == 409
    assert _reload(session, target).wachtwoord_hash == hash_na

    # Refused by the second beheerder, then approval is 409.
    r = aanvragen()
    assert b.post(f"/beheer/herstelaanvragen/{r.id}/afwijzen",
                  data={"csrf_token": csrf_for(b), "reden": "niet nagebeld"}).status_code == 302
    assert _open(session, target).status == HerstelStatus.AFGEWEZEN
    assert b.post(f"/beheer/herstelaanvragen/{r.id}/goedkeuren", data={"csrf_token": csrf_for(b)}).status_code == 409

    # Expired (24 hours): approval does nothing.
    r = aanvragen()
    r.verloopt_op = utcnow() - timedelta(seconds=1)
    session.commit()
    resp = b.post(f"/beheer/herstelaanvragen/{r.id}/goedkeuren", data={"csrf_token": csrf_for(b)})
    assert resp.status_code == 409 and "verlopen" in resp.get_data(as_text=True)
    assert _reload(session, target).wachtwoord_hash == hash_na
    # An expired request no longer blocks a new one, and is not listed as waiting.
    assert "Herstel wacht op goedkeuring" not in b.get(f"/beheer/gebruikers/{target.id}").get_data(as_text=True)
    nieuw = aanvragen()
    assert nieuw.id != r.id and nieuw.status == HerstelStatus.OPEN

    # A second open request of the same kind is refused with a message (422), not a duplicate.
    resp = a.post(f"/beheer/gebruikers/{target.id}/wachtwoord", data={"csrf_token": csrf_for(a), "reden": "nogmaals"})
    assert resp.status_code == 422 and "wacht al" in resp.get_data(as_text=True)
    assert len(session.execute(select(Herstelaanvraag).where(
        Herstelaanvraag.status == HerstelStatus.OPEN, Herstelaanvraag.gebruiker_id == target.id)).all()) == 2


def test_refusing_a_reset_needs_a_reason(app, session, world, tweede):
    target = world["users"][("9901", Rol.COORDINATOR)]
    a = _as(app, session, world["users"][("9901", Rol.BEHEERDER)])
    a.post(f"/beheer/gebruikers/{target.id}/wachtwoord", data={"csrf_token": csrf_for(a), "reden": "vergeten"})
    r = _open(session, target)
    b = _as(app, session, tweede)
    resp = b.post(f"/beheer/herstelaanvragen/{r.id}/afwijzen", data={"csrf_token": csrf_for(b), "reden": ""})
    assert resp.status_code == 422 and "Geef een reden op" in resp.get_data(as_text=True)
    assert _open(session, target).status == HerstelStatus.OPEN


def test_the_password_parts_check_the_verifier(app, session, world, tweede):
    """Service level: the approval sets a hash of part 1 + space + part 2, nothing else."""
    target = world["users"][("9901", Rol.VERGUNNINGVERLENER)]
    first = world["users"][("9901", Rol.BEHEERDER)]
    with app.test_request_context():
        uitkomst = herstel.wachtwoord_herstellen(session, [world["a"].id], first, target, "vergeten")
        assert uitkomst.wachtwoord is None and uitkomst.aanvraag is not None and uitkomst.deel
        deel_2 = herstel.herstel_goedkeuren(session, [world["a"].id], tweede, uitkomst.aanvraag)
        assert verify_password(target.wachtwoord_hash, f"{uitkomst.deel} {deel_2}")
        assert not verify_password(target.wachtwoord_hash, PASSWORD)


def test_a_new_account_with_a_bibob_role_has_no_working_password_until_a_second_beheerder_approves(
        app, session, world, tweede):
    """The same hole at creation: A makes 'jan' with the coördinator role requested and would know
    the first password when B approves the role. So that password is split the same way."""
    a = _as(app, session, world["users"][("9901", Rol.BEHEERDER)])
    page = a.get("/beheer/gebruikers/nieuw").get_data(as_text=True)
    resp = a.post("/beheer/gebruikers/nieuw", data={
        "csrf_token": csrf_from(page), "gebruikersnaam": "jan.coord", "naam": "Jan Coord", "gemeente": world["a"].id,
        "rol": "coordinator", "reden": "nieuwe coördinator"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 201 and 'hh-secret">' not in html
    deel_1 = _deel(html, 1)
    user = session.execute(select(Gebruiker).where(Gebruiker.gebruikersnaam == "jan.coord")).scalar_one()
    assert not _kan_inloggen(app, deel_1, user)

    aanvraag = session.execute(select(Rolaanvraag).where(Rolaanvraag.gebruiker_id == user.id)).scalar_one()
    b = _as(app, session, tweede)
    resp = b.post(f"/beheer/rolaanvragen/{aanvraag.id}/goedkeuren", data={"csrf_token": csrf_for(b)})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    deel_2 = _deel(html, 2)
    assert deel_1 not in html and not _kan_inloggen(app, deel_2, user)
    assert _kan_inloggen(app, f"{deel_1} {deel_2}", user)
    session.expire_all()
    assert session.get(Rolaanvraag, aanvraag.id).deel_a is None


def test_a_role_request_for_an_existing_account_changes_no_password(app, session, world, tweede):
    target = world["users"][("9901", Rol.TOEZICHTHOUDER)]
    a = _as(app, session, world["users"][("9901", Rol.BEHEERDER)])
    a.post(f"/beheer/gebruikers/{target.id}/rollen", data={"csrf_token": csrf_for(a), "gemeente": world["a"].id,
                                                           "rol": "coordinator", "reden": "vervanging"})
    aanvraag = session.execute(select(Rolaanvraag).where(Rolaanvraag.gebruiker_id == target.id)).scalar_one()
    assert aanvraag.deel_a is None
    b = _as(app, session, tweede)
    assert b.post(f"/beheer/rolaanvragen/{aanvraag.id}/goedkeuren", data={"csrf_token": csrf_for(b)}).status_code == 302
    assert _kan_inloggen(app, PASSWORD, target)


def test_a_second_approval_from_a_stale_page_changes_nothing(app, session, world, tweede):
    """Two beheerders press 'Goedkeuren' on the same request: the one whose copy is stale gets
    409 from the conditional UPDATE, not a second password."""
    from handhaving.errors import OngeldigeOvergang
    derde = make_user(session, "beheerder3.9901", [(world["a"], Rol.BEHEERDER)])
    target = world["users"][("9901", Rol.COORDINATOR)]
    first = world["users"][("9901", Rol.BEHEERDER)]
    ids = [world["a"].id]
    with app.test_request_context():
        uitkomst = herstel.wachtwoord_herstellen(session, ids, first, target, "vergeten")
        session.commit()
        stale = uitkomst.aanvraag
        assert stale.status == HerstelStatus.OPEN  # loaded now, kept in this session's identity map
    # Meanwhile the second beheerder approves in another request.
    b = _as(app, session, tweede)
    deel_2 = _deel(b.post(f"/beheer/herstelaanvragen/{stale.id}/goedkeuren",
                          data={"csrf_token": csrf_for(b)}).get_data(as_text=True), 2)
    with app.test_request_context():
        assert stale.status == HerstelStatus.OPEN  # still the stale copy
        # The check on the loaded copy passes; the conditional UPDATE is what refuses.
        with pytest.raises(OngeldigeOvergang, match="zojuist al beoordeeld"):
            herstel.herstel_goedkeuren(session, ids, derde, stale)
    assert verify_password(_reload(session, target).wachtwoord_hash, f"{uitkomst.deel} {deel_2}")
