"""Hostile input in every form field: never a server error, never unescaped, nothing half-written."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from handhaving.auth.models import Gebruiker, Rol
from tests.helpers import csrf_from, login

NASTY = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1000, max_size=3000),
    st.sampled_from(["<script>alert(1)</script>", "\x00", "' OR 1=1 --", "𝕳𝖆𝖓𝖉𝖍𝖆𝖛𝖎𝖓𝖌", "\r\nSet-Cookie: x=1",
                     "{{ 7*7 }}", "../../etc/passwd", "a" * 100_000]),
)
FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _client(app, session, user):
    """One logged-in client per user for all examples (TOTP codes are single-use)."""
    if getattr(user, "_fuzz_client", None) is None:
        user._fuzz_client = app.test_client()
        login(user._fuzz_client, session, user)
    return user._fuzz_client


def _ok(resp):
    html = resp.get_data(as_text=True)
    assert resp.status_code < 500, html[:300]
    assert "<script>alert(1)</script>" not in html
    return html


@FUZZ
@given(username=NASTY, password=NASTY)
def test_login_form(client, session, username, password):
    page = client.get("/inloggen")
    resp = client.post("/inloggen", data={"csrf_token": csrf_from(page.get_data(as_text=True)),
                                          "gebruikersnaam": username, "wachtwoord": password})
    _ok(resp)


@FUZZ
@given(q=NASTY)
def test_address_search(app, session, world, q):
    client = _client(app, session, world["users"][("9901", Rol.TOEZICHTHOUDER)])
    _ok(client.get("/locaties/zoek", query_string={"q": q}))
    _ok(client.get("/locaties/", query_string={"q": q}))


@FUZZ
@given(username=NASTY, naam=NASTY, email=NASTY)
def test_create_user_form(app, session, world, username, naam, email):
    client = _client(app, session, world["users"][("9901", Rol.BEHEERDER)])
    before = session.execute(select(func.count()).select_from(Gebruiker)).scalar()
    page = client.get("/beheer/gebruikers/nieuw")
    resp = client.post("/beheer/gebruikers/nieuw", data={
        "csrf_token": csrf_from(page.get_data(as_text=True)), "gebruikersnaam": username, "naam": naam,
        "email": email, "gemeente": world["a"].id, "rol": "toezichthouder"})
    _ok(resp)
    session.expire_all()
    after = session.execute(select(func.count()).select_from(Gebruiker)).scalar()
    assert after - before == (1 if resp.status_code == 201 else 0)
