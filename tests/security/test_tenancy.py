"""A record of another gemeente does not exist for you (404), and lists and
search leave it out. Scope follows the role the endpoint needs."""
from sqlalchemy import select

from handhaving.auth.models import Rol
from handhaving.bibob.models import BibobMandaat, BibobOnderzoek, BibobStatus
from tests.factories import make_user
from tests.helpers import login
from tests.factories import add_adres
from handhaving.bibob.acties import BibobActie


def _two_addresses(session, world):
    a = add_adres(session, world["a"], "Kerkstraat", 1, "6411AA")
    b = add_adres(session, world["b"], "Kerkstraat", 2, "6321AA")
    session.commit()
    return a, b


def test_other_gemeente_answers_404(client, session, world):
    a, b = _two_addresses(session, world)
    login(client, session, world["users"][("9901", Rol.TOEZICHTHOUDER)])
    assert client.get(f"/locaties/adres/{a.id}").status_code == 200
    assert client.get(f"/locaties/adres/{b.id}").status_code == 404
    assert client.get("/locaties/adres/999999").status_code == 404


def test_search_is_limited_to_own_gemeente(client, session, world):
    _two_addresses(session, world)
    login(client, session, world["users"][("9901", Rol.TOEZICHTHOUDER)])
    found = client.get("/locaties/zoek?q=kerkstraat").get_json()
    assert [r["label"] for r in found] == ["Kerkstraat 1, 6411 AA Dalveen"]


def test_user_of_two_gemeenten_sees_both(client, session, world):
    _two_addresses(session, world)
    login(client, session, world["users"]["regio"])
    found = client.get("/locaties/zoek?q=kerkstraat").get_json()
    assert len(found) == 2


def test_scope_follows_the_role_per_gemeente(client, session, world):
    """Toezichthouder in A and vergunningverlener in B: Bibob shows only B's."""
    user = make_user(session, "gemengd", [(world["a"], Rol.TOEZICHTHOUDER), (world["b"], Rol.VERGUNNINGVERLENER)])
    session.add(BibobMandaat(gebruiker_id=user.id, gemeente_id=world["b"].id, besluit="Mandaatbesluit 2026-12"))
    for g, nr in ((world["a"], "BIB-A-CANARY-7731"), (world["b"], "BIB-B-CANARY-7732")):
        session.add(BibobOnderzoek(gemeente_id=g.id, zaaknummer=nr, status=BibobStatus.EIGEN_ONDERZOEK,
                                   aanleiding="aanvraag", behandelaar_id=user.id))
    session.commit()
    login(client, session, user)
    html = client.get("/bibob/").get_data(as_text=True)
    assert "BIB-B-CANARY-7732" in html
    assert "BIB-A-CANARY-7731" not in html


def test_bibob_need_to_know_and_every_read_logged(client, session, world):
    from handhaving.audit.models import AuditRegel

    vv = world["users"][("9901", Rol.VERGUNNINGVERLENER)]
    other = make_user(session, "andere.vv", [(world["a"], Rol.VERGUNNINGVERLENER)])
    for u in (vv, other):  # both hold the Bibob right; each sees only the dossier assigned to them
        session.add(BibobMandaat(gebruiker_id=u.id, gemeente_id=world["a"].id, besluit="Mandaatbesluit 2026-12"))
    mine = BibobOnderzoek(gemeente_id=world["a"].id, zaaknummer="BIB-MINE-CANARY", aanleiding="aanvraag",
                          status=BibobStatus.EIGEN_ONDERZOEK, behandelaar_id=vv.id)
    theirs = BibobOnderzoek(gemeente_id=world["a"].id, zaaknummer="BIB-THEIRS-CANARY", aanleiding="aanvraag",
                            status=BibobStatus.EIGEN_ONDERZOEK, behandelaar_id=other.id)
    session.add_all([mine, theirs])
    session.commit()
    login(client, session, vv)
    html = client.get("/bibob/").get_data(as_text=True)
    assert "BIB-MINE-CANARY" in html and "BIB-THEIRS-CANARY" not in html
    session.expire_all()
    reads = session.execute(select(AuditRegel).where(AuditRegel.actie == BibobActie.GELEZEN)).scalars().all()
    assert [(r.object_id, r.actor) for r in reads] == [(str(mine.id), vv.gebruikersnaam)]


def test_toezichthouder_and_beheerder_never_see_bibob(client, session, world):
    for rol in (Rol.TOEZICHTHOUDER, Rol.BEHEERDER):
        c = client.application.test_client()
        login(c, session, world["users"][("9901", rol)])
        assert c.get("/bibob/").status_code == 403


def test_beheerder_cannot_touch_users_of_other_gemeente(client, session, world):
    login(client, session, world["users"][("9901", Rol.BEHEERDER)])
    from tests.helpers import csrf_for
    token = csrf_for(client)
    target = world["users"][("9902", Rol.TOEZICHTHOUDER)]
    resp = client.post(f"/beheer/gebruikers/{target.id}/activering",
                       data={"csrf_token": token, "actie": "deactiveren", "reden": "test reden"})
    assert resp.status_code == 404
    session.expire_all()
    assert session.get(type(target), target.id).actief is True


def test_ids_beyond_the_integer_range_are_404(client, session, world):
    """Review finding 4: such ids reached the database and gave a 500 with the SQL in the log."""
    login(client, session, world["users"][("9901", Rol.BEHEERDER)])
    for path in ("/locaties/adres/2147483648", "/locaties/adres/9223372036854775808",
                 "/locaties/adres/99999999999999999999999", "/locaties/adres/0", "/beheer/gebruikers/2147483648"):
        assert client.get(path).status_code == 404, path
    assert client.get("/locaties/adres/2147483647").status_code == 404
