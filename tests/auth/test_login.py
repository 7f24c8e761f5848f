"""Login, throttling, sessions and the second factor, as users meet them."""
import re
from datetime import timedelta

import pyotp
import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from handhaving.audit.models import AuditRegel
from handhaving.auth.models import Gebruiker, Inlogpoging, Rol, Sessie
from handhaving.db import utcnow
from tests.factories import make_gemeente, make_user
from tests.helpers import PASSWORD, csrf_for, csrf_from, login, totp_code
from handhaving.auth.acties import AuthActie


def _post_login(client, username, password):
    page = client.get("/inloggen")
    return client.post("/inloggen", data={"csrf_token": csrf_from(page.get_data(as_text=True)),
                                          "gebruikersnaam": username, "wachtwoord": password})


def _normalise(html: str) -> str:
    # Tokens and nonces differ per response; everything else must be identical.
    html = re.sub(r'value="[^"]{20,}"', 'value="X"', html)
    return re.sub(r"nonce=\"[^\"]+\"", "", html)


def _single_user(session, username, rol):
    u = make_user(session, username, [(make_gemeente(session, "9901", "Dalveen"), rol)])
    session.commit()
    return u


@pytest.fixture
def user(session):
    return _single_user(session, "jan.toezicht", Rol.TOEZICHTHOUDER)


def test_login_and_logout(client, session, user):
    login(client, session, user)
    assert "Goedendag, Jan Toezicht" in client.get("/").get_data(as_text=True)
    session.expire_all()
    assert session.execute(select(AuditRegel).where(AuditRegel.actie == AuthActie.INLOGGEN,
                                                    AuditRegel.resultaat == "succes")).scalar_one()


def test_wrong_password_and_unknown_user_look_identical(client, session, user):
    wrong = _post_login(client, "jan.toezicht", "verkeerd wachtwoord!")
    unknown = _post_login(client, "niemand.bekend", "verkeerd wachtwoord!")
    assert wrong.status_code == unknown.status_code == 422
    assert "Onjuiste gebruikersnaam of wachtwoord." in wrong.get_data(as_text=True)
    a = _normalise(wrong.get_data(as_text=True)).replace("jan.toezicht", "U")
    b = _normalise(unknown.get_data(as_text=True)).replace("niemand.bekend", "U")
    assert a == b
    # The username is kept, the password never echoed.
    assert 'value="jan.toezicht"' in wrong.get_data(as_text=True)
    assert "verkeerd wachtwoord!" not in wrong.get_data(as_text=True)
    session.expire_all()
    failures = session.execute(select(AuditRegel).where(AuditRegel.actie == AuthActie.INLOGGEN,
                                                        AuditRegel.resultaat == "mislukt")).scalars().all()
    assert {f.object_id for f in failures} == {"jan.toezicht", "niemand.bekend"}


def test_too_long_and_empty_fields_give_dutch_messages(client, session, user):
    resp = _post_login(client, "x" * 81, "")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "hoogstens 80 tekens" in html and "Vul uw wachtwoord in." in html
    assert session.execute(select(func.count()).select_from(Inlogpoging)).scalar() == 0


@pytest.mark.parametrize("username", ["jan.toezicht", "bestaat.niet"])
def test_lock_after_ten_failures(app, client, session, user, username):
    with freeze_time(utcnow()) as clock:
        for _ in range(10):
            _post_login(client, username, "fout fout fout fout")
            clock.tick(timedelta(seconds=40))  # beyond the progressive delay
        resp = _post_login(client, username, PASSWORD if username == "jan.toezicht" else "x")
        assert "Te veel mislukte pogingen" in resp.get_data(as_text=True)
        if username == "jan.toezicht":
            assert client.get("/").status_code == 302  # still not logged in
        clock.tick(timedelta(minutes=16))
        if username == "jan.toezicht":
            resp = _post_login(client, username, PASSWORD)
            assert resp.status_code == 302 and resp.headers["Location"].endswith("/")


def test_progressive_delay_from_fifth_failure(client, session, user):
    with freeze_time(utcnow()) as clock:
        for _ in range(5):
            _post_login(client, "jan.toezicht", "fout fout fout fout")
            clock.tick(timedelta(milliseconds=100))
        resp = _post_login(client, "jan.toezicht", PASSWORD)
        assert "Wacht 1 seconden" in resp.get_data(as_text=True)
        clock.tick(timedelta(seconds=2))
        assert _post_login(client, "jan.toezicht", PASSWORD).status_code == 302


def test_throttle_is_shared_between_workers(app, session, user, tmp_path):
    """Two app instances (as two gunicorn workers) count the same failures."""
    from handhaving import create_app

    other = create_app({**{k: app.config[k] for k in ("DATABASE_URL", "SECRET_KEY")}, "TESTING": True})
    other.extensions["handhaving_db"] = app.extensions["handhaving_db"]
    clients = [app.test_client(), other.test_client()]
    with freeze_time(utcnow()) as clock:
        for i in range(10):
            _post_login(clients[i % 2], "jan.toezicht", "fout fout fout fout")
            clock.tick(timedelta(seconds=40))
        resp = _post_login(clients[0], "jan.toezicht", PASSWORD)
        assert "Te veel mislukte pogingen" in resp.get_data(as_text=True)


def test_new_session_id_at_login(client, session, user):
    """Session fixation: nothing of the pre-login cookie session survives."""
    client.get("/inloggen")
    before = client.get_cookie("handhaving").value
    login(client, session, user)
    after = client.get_cookie("handhaving").value
    assert before != after
    tokens = session.execute(select(Sessie.token_hash)).scalars().all()
    assert len(tokens) == 1 and len(tokens[0]) == 64


def test_cookie_replay_after_logout_fails(app, client, session, user):
    login(client, session, user)
    stolen = client.get_cookie("handhaving").value
    client.post("/uitloggen", data={"csrf_token": csrf_for(client)})
    thief = app.test_client()
    thief.set_cookie("handhaving", stolen)
    resp = thief.get("/")
    assert resp.status_code == 302 and "/inloggen" in resp.headers["Location"]


def test_deactivation_ends_live_sessions(app, client, session, world):
    victim = world["users"][("9901", Rol.TOEZICHTHOUDER)]
    login(client, session, victim)
    assert client.get("/").status_code == 200
    admin = app.test_client()
    login(admin, session, world["users"][("9901", Rol.BEHEERDER)])
    resp = admin.post(f"/beheer/gebruikers/{victim.id}/activering",
                      data={"csrf_token": csrf_for(admin), "actie": "deactiveren", "reden": "uit dienst per 1-12"})
    assert resp.status_code == 302
    resp = client.get("/")
    assert resp.status_code == 302 and "/inloggen" in resp.headers["Location"]
    session.expire_all()
    row = session.execute(select(AuditRegel).where(AuditRegel.actie == AuthActie.GEBRUIKER_GEDEACTIVEERD)).scalar_one()
    assert row.reden == "uit dienst per 1-12" and row.actor == world["users"][("9901", Rol.BEHEERDER)].gebruikersnaam


def test_deactivation_needs_a_reason(app, session, world):
    admin = app.test_client()
    target = world["users"][("9901", Rol.TOEZICHTHOUDER)]
    login(admin, session, world["users"][("9901", Rol.BEHEERDER)])
    resp = admin.post(f"/beheer/gebruikers/{target.id}/activering",
                      data={"csrf_token": csrf_for(admin), "actie": "deactiveren", "reden": ""}, follow_redirects=True)
    assert "Geef een reden op" in resp.get_data(as_text=True)
    session.expire_all()
    assert session.get(Gebruiker, target.id).actief is True


def test_idle_timeout(client, session, user):
    with freeze_time(utcnow()) as clock:
        login(client, session, user)
        clock.tick(timedelta(minutes=19))
        assert client.get("/").status_code == 200
        clock.tick(timedelta(minutes=19))
        assert client.get("/").status_code == 200  # activity resets the idle clock
        clock.tick(timedelta(minutes=21))
        resp = client.get("/", follow_redirects=True)
        assert "Uw sessie is verlopen" in resp.get_data(as_text=True)


def test_absolute_timeout(client, session, user):
    with freeze_time(utcnow()) as clock:
        login(client, session, user)
        for _ in range(31):  # active all day, every 19 minutes: 9 h 49 min
            clock.tick(timedelta(minutes=19))
            assert client.get("/").status_code == 200
        clock.tick(timedelta(minutes=19))  # 10 h 8 min: past the absolute limit
        assert client.get("/").status_code == 302


# --- second factor ---------------------------------------------------------

@pytest.fixture
def burgemeester(session):
    return _single_user(session, "burgemeester.test", Rol.BURGEMEESTER)


def test_password_alone_is_not_enough_for_burgemeester(client, session, burgemeester):
    resp = _post_login(client, "burgemeester.test", PASSWORD)
    assert resp.headers["Location"].endswith("/inloggen/tweede-factor")
    assert client.get("/").status_code == 302


def test_totp_code_works_once(app, client, session, burgemeester):
    code = totp_code(session, burgemeester)
    _post_login(client, "burgemeester.test", PASSWORD)
    page = client.get("/inloggen/tweede-factor")
    resp = client.post("/inloggen/tweede-factor", data={"csrf_token": csrf_from(page.get_data(as_text=True)), "code": code})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/")
    # The same code in another browser is refused.
    other = app.test_client()
    _post_login(other, "burgemeester.test", PASSWORD)
    page = other.get("/inloggen/tweede-factor")
    resp = other.post("/inloggen/tweede-factor", data={"csrf_token": csrf_from(page.get_data(as_text=True)), "code": code})
    assert resp.status_code == 422
    assert "onjuist of al gebruikt" in resp.get_data(as_text=True)


def test_malformed_code_gives_dutch_message(client, session, burgemeester):
    _post_login(client, "burgemeester.test", PASSWORD)
    page = client.get("/inloggen/tweede-factor")
    resp = client.post("/inloggen/tweede-factor", data={"csrf_token": csrf_from(page.get_data(as_text=True)), "code": "12ab"})
    assert resp.status_code == 422
    assert "6 cijfers" in resp.get_data(as_text=True)


def test_enrolment_shows_qr_then_requires_code(client, session):
    g = make_gemeente(session, "9901", "Dalveen")
    u = make_user(session, "nieuwe.beheerder", [(g, Rol.BEHEERDER)], totp=False)
    session.commit()
    _post_login(client, "nieuwe.beheerder", PASSWORD)
    html = client.get("/inloggen/tweede-factor").get_data(as_text=True)
    assert "Authenticator-app koppelen" in html and "<svg" in html
    session.expire_all()
    secret = session.get(Gebruiker, u.id).totp_secret
    assert secret and secret in html
    resp = client.post("/inloggen/tweede-factor", data={"csrf_token": csrf_from(html), "code": pyotp.TOTP(secret).now()})
    assert resp.status_code == 302
    session.expire_all()
    assert session.get(Gebruiker, u.id).totp_bevestigd is True


def test_mfa_for_all_roles_per_gemeente(client, session):
    g = make_gemeente(session, "9901", "Dalveen", mfa=True)
    make_user(session, "toezicht.mfa", [(g, Rol.TOEZICHTHOUDER)], totp=False)
    session.commit()
    resp = _post_login(client, "toezicht.mfa", PASSWORD)
    assert resp.headers["Location"].endswith("/inloggen/tweede-factor")


def test_mfa_step_expires(client, session, burgemeester):
    with freeze_time(utcnow()) as clock:
        _post_login(client, "burgemeester.test", PASSWORD)
        clock.tick(timedelta(minutes=6))
        resp = client.get("/inloggen/tweede-factor")
        assert resp.status_code == 302 and resp.headers["Location"].endswith("/inloggen")


def test_open_redirect_is_refused(client, session, user):
    client.get("/inloggen?next=https://evil.example/")
    resp = _post_login(client, "jan.toezicht", PASSWORD)
    # the GET above stored next; the login page GET inside _post_login has no next
    assert resp.headers["Location"] in ("/", "http://localhost/")


def test_next_page_after_login(client, session, user):
    resp = client.get("/locaties/?q=kerk")
    assert "/inloggen?next=" in resp.headers["Location"]
    client.get(resp.headers["Location"])
    page = client.get("/inloggen")
    resp = client.post("/inloggen", data={"csrf_token": csrf_from(page.get_data(as_text=True)),
                                          "gebruikersnaam": "jan.toezicht", "wachtwoord": PASSWORD})
    assert resp.headers["Location"].endswith("/locaties/?q=kerk")


def _change(client, current, new, repeat=None):
    page = client.get("/account")
    return client.post("/account", data={"csrf_token": csrf_from(page.get_data(as_text=True)), "huidig": current,
                                         "nieuw": new, "herhaal": new if repeat is None else repeat})


def test_change_password_ends_other_sessions(app, client, session, user):
    login(client, session, user)
    other = app.test_client()
    login(other, session, user)
    resp = _change(client, PASSWORD, "zeven zwanen op het ijs")
    assert resp.status_code == 302
    assert client.get("/").status_code == 200          # this device stays logged in
    assert other.get("/").status_code == 302           # the other one is logged out
    session.expire_all()
    from handhaving.auth.passwords import verify_password
    assert verify_password(session.get(Gebruiker, user.id).wachtwoord_hash, "zeven zwanen op het ijs")


@pytest.mark.parametrize("current,new,repeat,message", [
    ("fout fout fout", "zeven zwanen op het ijs", None, "huidige wachtwoord klopt niet"),
    (PASSWORD, "kort", None, "minstens 12 tekens"),
    (PASSWORD, "Wachtwoord2026!", None, "veelgebruikte"),
    (PASSWORD, "zeven zwanen op het ijs", "zeven zwanen", "niet gelijk"),
])
def test_change_password_refusals(client, session, user, current, new, repeat, message):
    login(client, session, user)
    before = session.get(Gebruiker, user.id).wachtwoord_hash
    resp = _change(client, current, new, repeat)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and message in html
    assert new not in html.replace("zeven zwanen op het ijs", "") or new == "zeven zwanen op het ijs"
    session.expire_all()
    assert session.get(Gebruiker, user.id).wachtwoord_hash == before


def test_housekeeping_removes_old_attempts_and_sessions(app, client, session, user):
    from handhaving.auth.services import housekeeping
    with freeze_time(utcnow() - timedelta(days=100)):
        login(client, session, user)
        _post_login(app.test_client(), "jan.toezicht", "fout fout fout fout")
    login(app.test_client(), session, user)
    result = housekeeping(session)
    session.flush()
    assert result == {"inlogpogingen": 2, "sessies": 1}
    assert session.execute(select(func.count()).select_from(Sessie)).scalar() == 1
    res = app.test_cli_runner().invoke(args=["onderhoud", "opschonen"])
    assert res.exit_code == 0 and "Verwijderd" in res.output


def test_account_page_title_and_form(client, session, user):
    login(client, session, user)
    html = client.get("/account").get_data(as_text=True)
    assert "<title>Mijn account – Handhaving</title>" in html
    assert html.count('id="wachtwoord"') == 1


def test_see_and_end_other_sessions(app, client, session, user):
    login(client, session, user)
    other = app.test_client()
    login(other, session, user)
    html = client.get("/account").get_data(as_text=True)
    assert html.count("dit apparaat") == 1 and "Overal anders uitloggen" in html
    resp = client.post("/account/sessies", data={"csrf_token": csrf_for(client)}, follow_redirects=True)
    assert "op 1 ander(e)" in resp.get_data(as_text=True)
    assert other.get("/").status_code == 302 and client.get("/").status_code == 200


@pytest.mark.parametrize("nxt", ["/locaties/\r\nSet-Cookie: x=1", "/%0d%0aX: y", "/\\evil.example/", "/a b"])
def test_next_with_control_characters_or_backslash_goes_home(client, session, user, nxt):
    """Review finding 5: a CR/LF in `next` made a correct login a 500."""
    client.get("/inloggen", query_string={"next": nxt})
    resp = _post_login(client, "jan.toezicht", PASSWORD)
    assert resp.status_code == 302
    assert resp.headers["Location"] in ("/", "http://localhost/")
