"""The subjects register over HTTP: who may use it, isolation between gemeenten, bad input
kept and refused with a Dutch message, audited reads, a masked BSN, escaped text."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from handhaving.audit.models import AuditRegel
from handhaving.security.rules import Rol
from handhaving.subjecten import services, views
from handhaving.subjecten.acties import SubjectActie
from handhaving.subjecten.models import Subject, SubjectRelatie
from handhaving.subjecten.permissions import POLICY
from tests.factories.vergunningen import bedrijf, persoon, vergunning
from tests.helpers import csrf_for, login

V = Rol.VERGUNNINGVERLENER


def _client(make_client, session, user):
    c = make_client()
    login(c, session, user)
    return c


@pytest.fixture
def register(app, session, world):
    """In Dalveen a company with a director, a permit and a person with a BSN; in Hoogmeer a company."""
    with app.app_context():
        bv = bedrijf(session, world["a"], naam="Exploitatie Noord B.V.", kvk="01234567")
        jan = persoon(session, world["a"], geslachtsnaam="Vries", voorvoegsel="de", voornamen="Jan",
                      geboortedatum=date(1975, 6, 15), bsn="123456782", bsn_grondslag="Wet Bibob art. 30")
        services.voeg_relatie_toe(session, None, bv, jan, "bestuurder", sinds=date(2019, 1, 1))
        v = vergunning(session, world["a"], houder=bv)
        elders = bedrijf(session, world["b"], naam="Hoogmeer Exploitatie B.V.", kvk="87654321")
        session.commit()
    return {**world, "bv": bv, "jan": jan, "vergunning": v, "elders": elders}


def _aantal(session) -> int:
    session.expire_all()
    return session.execute(select(func.count(Subject.id))).scalar_one()


@pytest.mark.parametrize("rol", [Rol.TOEZICHTHOUDER, Rol.BEHEERDER, Rol.BURGEMEESTER])
def test_roles_without_need_to_know_get_403_everywhere(make_client, session, register, rol):
    client = _client(make_client, session, register["users"][("9901", rol)])
    token = csrf_for(client)
    bv = register["bv"]
    relatie = bv.relaties[0]
    for url in ("/subjecten/", "/subjecten/zoek?q=noord", "/subjecten/nieuw?soort=persoon", f"/subjecten/{bv.id}",
                f"/subjecten/{bv.id}/wijzigen"):
        assert client.get(url).status_code == 403, url
    for url in ("/subjecten/nieuw?soort=rechtspersoon", f"/subjecten/{bv.id}/wijzigen", f"/subjecten/{bv.id}/relaties",
                f"/subjecten/{bv.id}/relaties/{relatie.id}/verwijderen"):
        assert client.post(url, data={"csrf_token": token, "naam": "X"}).status_code == 403, url
    assert _aantal(session) == 3 and session.get(SubjectRelatie, relatie.id) is not None


def test_policy_gives_the_register_to_vergunningverlener_and_coordinator_only():
    for methods in POLICY.values():
        for rollen in methods.values():
            assert rollen == {Rol.VERGUNNINGVERLENER, Rol.COORDINATOR}


def test_vergunningverlener_creates_a_company(make_client, session, register):
    client = _client(make_client, session, register["users"][("9901", V)])
    token = csrf_for(client)
    resp = client.post("/subjecten/nieuw?soort=rechtspersoon", data={
        "csrf_token": token, "naam": "Zuid Exploitatie B.V.", "handelsnamen": "Club Zuid\nZuid Lounge\n",
        "kvk_nummer": "0765 43.21", "rechtsvorm": "bv", "adres_tekst": "Havenweg 3, 9901 AC Dalveen"})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:2000]
    session.expire_all()
    s = session.execute(select(Subject).where(Subject.kvk_nummer == "07654321")).scalar_one()
    assert s.gemeente_id == register["a"].id and s.handelsnamen == ["Club Zuid", "Zuid Lounge"]
    assert s.rechtsvorm.value == "bv" and resp.headers["Location"].endswith(f"/subjecten/{s.id}")
    assert session.execute(select(AuditRegel).where(AuditRegel.actie == SubjectActie.AANGEMAAKT,
                                                    AuditRegel.object_id == str(s.id))).scalar_one()
    page = client.get(f"/subjecten/{s.id}").get_data(as_text=True)
    assert "Zuid Exploitatie B.V." in page and "07654321" in page and "Club Zuid" in page


def test_vergunningverlener_creates_a_person_with_particles_split(make_client, session, register):
    client = _client(make_client, session, register["users"][("9901", V)])
    resp = client.post("/subjecten/nieuw?soort=persoon", data={
        "csrf_token": csrf_for(client), "voornamen": "Anna", "geslachtsnaam": "van der Berg",
        "geboortedatum": "1990-03-04"})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:2000]
    session.expire_all()
    s = session.execute(select(Subject).where(Subject.geslachtsnaam == "Berg")).scalar_one()
    assert s.voorvoegsel == "van der" and s.geboortedatum == date(1990, 3, 4) and s.bsn is None


@pytest.mark.parametrize("kvk, woord", [("000012345678", "vestigingsnummer"), ("1234ABCD", "8 cijfers"),
                                        ("123456789", "RSIN")])
def test_malformed_kvk_is_422_with_dutch_message_input_kept_nothing_written(make_client, session, register, kvk,
                                                                             woord):
    client = _client(make_client, session, register["users"][("9901", V)])
    voor = _aantal(session)
    audit_voor = session.execute(select(func.count(AuditRegel.id))).scalar_one()
    resp = client.post("/subjecten/nieuw?soort=rechtspersoon", data={
        "csrf_token": csrf_for(client), "naam": "Onvindbaar B.V.", "kvk_nummer": kvk, "handelsnamen": "Club X"})
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert woord in page and 'id="kvk_nummer-fout"' in page and 'aria-invalid="true"' in page
    assert 'value="Onvindbaar B.V."' in page and f'value="{kvk}"' in page and "Club X" in page
    assert _aantal(session) == voor
    assert session.execute(select(func.count(AuditRegel.id))).scalar_one() == audit_voor


def test_a_kvk_number_already_in_the_register_links_to_it(make_client, session, register):
    client = _client(make_client, session, register["users"][("9901", V)])
    resp = client.post("/subjecten/nieuw?soort=rechtspersoon", data={
        "csrf_token": csrf_for(client), "naam": "Noord Kopie B.V.", "kvk_nummer": "1234567"})
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert "al in het register" in page and f'href="/subjecten/{register["bv"].id}"' in page
    assert 'value="Noord Kopie B.V."' in page
    assert _aantal(session) == 3


def test_a_bsn_without_legal_ground_is_refused_at_the_field(make_client, session, register):
    client = _client(make_client, session, register["users"][("9901", V)])
    resp = client.post("/subjecten/nieuw?soort=persoon", data={
        "csrf_token": csrf_for(client), "voornamen": "Piet", "geslachtsnaam": "Klaassen", "bsn": "123456782"})
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert "grondslag" in page and 'id="bsn-fout"' in page and 'value="Klaassen"' in page
    assert _aantal(session) == 3


def test_a_user_with_two_gemeenten_chooses_one(make_client, session, register):
    client = _client(make_client, session, register["users"]["regio"])
    page = client.get("/subjecten/nieuw?soort=rechtspersoon").get_data(as_text=True)
    assert 'name="gemeente"' in page and "Hoogmeer" in page and "Dalveen" in page
    resp = client.post("/subjecten/nieuw?soort=rechtspersoon", data={
        "csrf_token": csrf_for(client), "naam": "Regio B.V.", "kvk_nummer": "11112222",
        "gemeente": str(register["b"].id)})
    assert resp.status_code == 302
    session.expire_all()
    assert session.execute(select(Subject.gemeente_id).where(Subject.kvk_nummer == "11112222")).scalar_one() \
        == register["b"].id
    # A gemeente that is not theirs is not taken.
    resp = client.post("/subjecten/nieuw?soort=rechtspersoon", data={
        "csrf_token": csrf_for(client), "naam": "Vreemd B.V.", "gemeente": "999999"})
    assert resp.status_code == 422 and "Kies de gemeente" in resp.get_data(as_text=True)


def test_another_gemeentes_subject_is_404_on_every_route(make_client, session, register):
    client = _client(make_client, session, register["users"][("9902", V)])
    token = csrf_for(client)
    bv, jan = register["bv"], register["jan"]
    relatie = bv.relaties[0]
    for url in (f"/subjecten/{bv.id}", f"/subjecten/{bv.id}/wijzigen", f"/subjecten/{jan.id}"):
        assert client.get(url).status_code == 404, url
    for url, data in ((f"/subjecten/{bv.id}/wijzigen", {"naam": "Overgenomen B.V."}),
                      (f"/subjecten/{bv.id}/relaties", {"ander_id": register["elders"].id, "soort": "financier"}),
                      (f"/subjecten/{bv.id}/relaties/{relatie.id}/verwijderen", {})):
        assert client.post(url, data={"csrf_token": token, **data}).status_code == 404, url
    # Nor can their own company be tied to it, or its relation be removed through their own subject.
    elders = register["elders"]
    resp = client.post(f"/subjecten/{elders.id}/relaties", data={"csrf_token": token, "ander_id": jan.id,
                                                                 "soort": "bestuurder"})
    assert resp.status_code == 422
    assert client.post(f"/subjecten/{elders.id}/relaties/{relatie.id}/verwijderen",
                       data={"csrf_token": token}).status_code == 404
    session.expire_all()
    assert session.get(Subject, bv.id).naam == "Exploitatie Noord B.V."
    assert session.execute(select(func.count(SubjectRelatie.id))).scalar_one() == 1
    # No read of another gemeente's record was logged as a read.
    assert not session.execute(select(AuditRegel).where(AuditRegel.actie == SubjectActie.GELEZEN,
                                                        AuditRegel.object_id == str(bv.id))).first()


def test_the_detail_page_is_an_audited_read(make_client, session, register):
    client = _client(make_client, session, register["users"][("9901", V)])
    jan = register["jan"]
    assert client.get(f"/subjecten/{jan.id}").status_code == 200
    session.expire_all()
    rij = session.execute(select(AuditRegel).where(AuditRegel.actie == SubjectActie.GELEZEN,
                                                   AuditRegel.object_id == str(jan.id))).scalar_one()
    assert rij.object_type == "subject" and rij.gemeente_id == register["a"].id
    assert rij.actor_id == register["users"][("9901", V)].id


def test_the_detail_page_shows_fields_roles_and_relations_with_a_masked_bsn(make_client, session, register):
    client = _client(make_client, session, register["users"][("9901", V)])
    jan, bv, v = register["jan"], register["bv"], register["vergunning"]
    page = client.get(f"/subjecten/{jan.id}").get_data(as_text=True)
    assert "Jan de Vries" in page and "15 juni 1975" in page
    assert "123456782" not in page and "782" in page and "Wet Bibob art. 30" in page
    assert "Exploitatie Noord B.V." in page and "Bestuurder" in page
    page = client.get(f"/subjecten/{bv.id}").get_data(as_text=True)
    assert "01234567" in page and "Vries, J. de" in page and v.zaaknummer in page and "Vergunninghouder" in page
    # The edit form does not send the BSN either.
    page = client.get(f"/subjecten/{jan.id}/wijzigen").get_data(as_text=True)
    assert "123456782" not in page and "•••••• 782" in page
    # The index shows the year of birth only.
    page = client.get("/subjecten/?q=vries").get_data(as_text=True)
    assert "Vries, J. de" in page and "1975" in page and "15 juni" not in page


def test_editing_keeps_the_bsn_unless_removed(make_client, session, register):
    client = _client(make_client, session, register["users"][("9901", V)])
    jan = register["jan"]
    data = {"csrf_token": csrf_for(client), "voornamen": "Jan Willem", "voorvoegsel": "de", "geslachtsnaam": "Vries",
            "geboortedatum": "1975-06-15", "bsn": "", "bsn_grondslag": "Wet Bibob art. 30"}
    assert client.post(f"/subjecten/{jan.id}/wijzigen", data=data).status_code == 302
    session.expire_all()
    s = session.get(Subject, jan.id)
    assert s.voornamen == "Jan Willem" and s.bsn == "123456782"
    assert client.post(f"/subjecten/{jan.id}/wijzigen", data={**data, "bsn_verwijderen": "y"}).status_code == 302
    session.expire_all()
    s = session.get(Subject, jan.id)
    assert s.bsn is None and s.bsn_grondslag == ""


def test_editing_a_company_to_a_bad_kvk_keeps_the_old_values(make_client, session, register):
    client = _client(make_client, session, register["users"][("9901", V)])
    bv = register["bv"]
    resp = client.post(f"/subjecten/{bv.id}/wijzigen", data={"csrf_token": csrf_for(client), "naam": "Nieuw B.V.",
                                                            "kvk_nummer": "000012345678"})
    assert resp.status_code == 422 and "vestigingsnummer" in resp.get_data(as_text=True)
    session.expire_all()
    assert session.get(Subject, bv.id).naam == "Exploitatie Noord B.V."


def test_adding_and_removing_a_relation(make_client, session, register):
    client = _client(make_client, session, register["users"][("9901", V)])
    token = csrf_for(client)
    bv, jan = register["bv"], register["jan"]
    page = client.get(f"/subjecten/{bv.id}").get_data(as_text=True)
    assert f'<option value="{jan.id}">' in page
    resp = client.post(f"/subjecten/{bv.id}/relaties", data={
        "csrf_token": token, "ander_id": jan.id, "soort": "aandeelhouder", "toelichting": "60%"})
    assert resp.status_code == 302
    # From the person's side: a company picked, the relation points from the company to the person.
    holding = None
    with client.application.app_context():
        holding = bedrijf(session, register["a"], naam="Vries Holding B.V.")
        session.commit()
    resp = client.post(f"/subjecten/{jan.id}/relaties", data={"csrf_token": token, "ander_id": holding.id,
                                                               "soort": "bestuurder", "sinds": "2021-02-01"})
    assert resp.status_code == 302
    session.expire_all()
    relaties = session.execute(select(SubjectRelatie).where(SubjectRelatie.betrokkene_id == jan.id)
                               .order_by(SubjectRelatie.id)).scalars().all()
    assert [(r.rechtspersoon_id, r.soort.value) for r in relaties] == [
        (bv.id, "bestuurder"), (bv.id, "aandeelhouder"), (holding.id, "bestuurder")]
    page = client.get(f"/subjecten/{jan.id}").get_data(as_text=True)
    assert "Vries Holding B.V." in page and "1 februari 2021" in page
    # A date range backwards: 422 on the page, nothing written.
    resp = client.post(f"/subjecten/{bv.id}/relaties", data={"csrf_token": token, "ander_id": jan.id,
                                                             "soort": "financier", "sinds": "2024-05-01",
                                                             "tot": "2024-04-01"})
    assert resp.status_code == 422 and "einddatum" in resp.get_data(as_text=True)
    resp = client.post(f"/subjecten/{bv.id}/relaties", data={"csrf_token": token, "ander_id": jan.id,
                                                             "soort": "aandeelhouder"})
    assert resp.status_code == 422 and "al als aandeelhouder" in resp.get_data(as_text=True)
    # Removing: POST with CSRF only.
    weg_id = relaties[2].id
    verwijder = f"/subjecten/{jan.id}/relaties/{weg_id}/verwijderen"
    assert client.get(verwijder).status_code == 405
    assert client.post(verwijder, data={}).status_code == 400
    assert client.post(verwijder, data={"csrf_token": token}).status_code == 302
    session.expire_all()
    assert session.get(SubjectRelatie, weg_id) is None
    assert session.execute(select(AuditRegel).where(AuditRegel.actie == SubjectActie.RELATIE_VERWIJDERD)).first()


def test_with_many_subjects_the_relation_form_searches_first(make_client, session, register, monkeypatch):
    monkeypatch.setattr(views, "MAX_KEUZES", 0)
    client = _client(make_client, session, register["users"][("9901", V)])
    bv, jan = register["bv"], register["jan"]
    page = client.get(f"/subjecten/{bv.id}").get_data(as_text=True)
    assert "zoek eerst" in page and f'<option value="{jan.id}">' not in page
    page = client.get(f"/subjecten/{bv.id}?relatie_q=vries").get_data(as_text=True)
    assert f'<option value="{jan.id}">Vries, J. de (1975)</option>' in page
    # A person is tied to companies only: the person page offers no other people.
    page = client.get(f"/subjecten/{jan.id}?relatie_q=vries").get_data(as_text=True)
    assert f'<option value="{jan.id}">' not in page


def test_zoek_json_is_tenant_scoped(make_client, session, register):
    client = _client(make_client, session, register["users"][("9901", V)])
    resp = client.get("/subjecten/zoek?q=exploitatie", headers={"Accept": "application/json"})
    assert resp.status_code == 200
    ids = [r["id"] for r in resp.json["resultaten"]]
    assert register["bv"].id in ids and register["elders"].id not in ids
    [r] = [r for r in resp.json["resultaten"] if r["id"] == register["bv"].id]
    assert r == {"id": register["bv"].id, "label": "Exploitatie Noord B.V. (KvK 01234567)", "kvk": "01234567",
                 "soort": "rechtspersoon", "gemeente_id": register["a"].id}
    assert client.get("/subjecten/zoek?q=87654321").json["resultaten"] == []
    assert client.get(f"/subjecten/zoek?q=exploitatie&gemeente={register['b'].id}").json["resultaten"] == []
    assert [r["id"] for r in client.get("/subjecten/zoek?q=vries&soort=rechtspersoon").json["resultaten"]] == []
    assert [r["id"] for r in client.get("/subjecten/zoek?q=vries&soort=persoon").json["resultaten"]] \
        == [register["jan"].id]
    # The coördinator of both gemeenten sees both, or one when asked.
    regio = _client(make_client, session, register["users"]["regio"])
    ids = {r["id"] for r in regio.get("/subjecten/zoek?q=exploitatie").json["resultaten"]}
    assert {register["bv"].id, register["elders"].id} <= ids
    ids = {r["id"] for r in regio.get(f"/subjecten/zoek?q=exploitatie&gemeente={register['b'].id}")
           .json["resultaten"]}
    assert ids == {register["elders"].id}


def test_zoek_returns_at_most_twenty(app, make_client, session, register):
    with app.app_context():
        for i in range(25):
            bedrijf(session, register["a"], naam=f"Reeks {i:02d} B.V.")
        session.commit()
    client = _client(make_client, session, register["users"][("9901", V)])
    assert len(client.get("/subjecten/zoek?q=reeks").json["resultaten"]) == 20


def test_index_searches_and_pages(make_client, session, register):
    client = _client(make_client, session, register["users"][("9901", V)])
    page = client.get("/subjecten/").get_data(as_text=True)
    assert "Exploitatie Noord B.V." in page and "Hoogmeer Exploitatie" not in page
    assert "Nieuwe persoon" in page and "Nieuwe onderneming" in page
    page = client.get("/subjecten/?q=01234567").get_data(as_text=True)
    assert "Exploitatie Noord B.V." in page
    page = client.get("/subjecten/?q=noord&soort=persoon").get_data(as_text=True)
    assert "Exploitatie Noord B.V." not in page and "Niemand gevonden" in page


def test_text_with_script_is_escaped(app, make_client, session, register):
    client = _client(make_client, session, register["users"][("9901", V)])
    token = csrf_for(client)
    boos = '<script>alert("x")</script>'
    resp = client.post("/subjecten/nieuw?soort=rechtspersoon", data={
        "csrf_token": token, "naam": f"Boos {boos} B.V.", "handelsnamen": boos, "adres_tekst": boos})
    assert resp.status_code == 302
    session.expire_all()
    s = session.execute(select(Subject).where(Subject.naam.like("Boos%"))).scalar_one()
    client.post(f"/subjecten/{s.id}/relaties", data={"csrf_token": token, "ander_id": register["jan"].id,
                                                     "soort": "financier", "toelichting": boos})
    for url in (f"/subjecten/{s.id}", "/subjecten/?q=boos", f"/subjecten/{register['jan'].id}",
                f"/subjecten/{s.id}/wijzigen"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page and "&lt;script&gt;" in page, url
    # JSON carries it as data, not markup for the page to insert.
    assert json.dumps(client.get("/subjecten/zoek?q=boos").json).count("<script>") == 1
