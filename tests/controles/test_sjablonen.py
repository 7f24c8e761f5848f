"""Control types and their checklist versions; the toezichthouders' aanwijzingen.

A published version never changes (a controle keeps its own version); a beheerder
edits a concept that becomes the next version. Beheer pages are the beheerder's,
scoped to their gemeenten.
"""
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from handhaving.audit.models import AuditRegel
from handhaving.auth.models import Rol
from handhaving.controles import sjablonen, standaard
from handhaving.controles.acties import ControleActie
from handhaving.controles.models import (
    Aanwijzing,
    ChecklistSjabloon,
    Controle,
    Controletype,
    ItemSoort,
    Partner,
    SjabloonStatus,
)
from handhaving.controles.sjablonen import OngeldigeVelden
from handhaving.errors import Geweigerd, OngeldigeInvoer, OngeldigeOvergang
from tests.factories import ControleFactory, make_user
from tests.helpers import csrf_for, login

CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")


@pytest.fixture
def beheerder(world):
    return world["users"][("9901", Rol.BEHEERDER)]


@pytest.fixture
def geladen(session, world, beheerder):
    """Default types in both gemeenten."""
    sjablonen.installeer_standaard(session, world["a"].id, beheerder)
    sjablonen.installeer_standaard(session, world["b"].id)
    session.commit()
    return world


def _type(session, gemeente, code="prostitutie_vergund") -> Controletype:
    return session.execute(select(Controletype).where(Controletype.gemeente_id == gemeente.id,
                                                      Controletype.code == code)).scalar_one()


def _items(sjabloon):
    return [i for s in sjabloon.secties for i in s.items]


def _momentopname(sjabloon):
    return [(s.code, s.titel, [(i.code, i.tekst, i.soort, i.verplicht, i.volgorde, i.vervallen) for i in s.items])
            for s in sjabloon.secties]


# --- the defaults ---------------------------------------------------------------------------------


def test_standaard_is_idempotent(session, world, beheerder):
    a = world["a"]
    assert sjablonen.installeer_standaard(session, a.id, beheerder) == len(standaard.STANDAARD_TYPEN)
    assert sjablonen.installeer_standaard(session, a.id, beheerder) == 0
    # A type the gemeente removed is the only one added again (by code).
    aantal = session.execute(select(func.count()).select_from(Controletype)
                             .where(Controletype.gemeente_id == a.id)).scalar()
    assert aantal == len(standaard.STANDAARD_TYPEN) >= 7
    assert sjablonen.installeer_standaard(session, world["b"].id) == len(standaard.STANDAARD_TYPEN)
    geladen = session.execute(select(AuditRegel).where(AuditRegel.actie == ControleActie.TYPEN_GELADEN)).scalars().all()
    assert [r.gemeente_id for r in geladen] == [a.id, world["b"].id]
    assert not sjablonen.ontbrekende_standaardtypen(session, a.id)


def test_every_default_type_has_a_published_version_1(session, geladen):
    codes = {t.code for t in sjablonen.typen(session, [geladen["a"].id])}
    assert {"prostitutie_vergund", "prostitutie_onvergund", "integraal_horeca", "integraal_massagesalon",
            "integraal_bedrijfsverzamelgebouw", "huisvesting_arbeidsmigranten", "huisvesting_overbewoning"} <= codes
    for ct in sjablonen.typen(session, [geladen["a"].id]):
        versie = sjablonen.gepubliceerd(session, ct)
        assert versie is not None and versie.versie == 1 and versie.gepubliceerd_op is not None, ct.code
        assert sjablonen.concept(session, ct) is None
        secties = versie.secties
        assert [s.code for s in secties] == [standaard.sectiecode(n) for n in range(1, len(secties) + 1)]
        assert secties[0].code == "A" and secties[0].titel == "Context"
        assert secties[-1].titel == "Afsluiting"
        item_codes = [i.code for i in _items(versie)]
        assert len(item_codes) == len(set(item_codes)), ct.code
        assert all(CODE_RE.match(c) for c in item_codes), ct.code
        assert all(any(i.verplicht for i in s.items) or s.signalen for s in secties), ct.code
        assert ct.partners and all(Partner(p) for p in ct.partners)
        assert ct.rechtsgronden and set(ct.rechtsgronden) <= set(standaard.RECHTSGRONDEN)
        assert ct.woning_mogelijk == (ct.code.startswith("huisvesting") or ct.code in (
            "prostitutie_onvergund", "integraal_bedrijfsverzamelgebouw"))
        # Entry basis is recorded on the controle, not asked again; the legitimatiebewijs is.
        legitimatie = next(i for i in secties[0].items if i.code == "legitimatie_getoond")
        assert legitimatie.verplicht and legitimatie.soort == ItemSoort.JA_NEE and legitimatie.norm == "Awb 5:12"
        assert not any("toegang" in i.code for i in _items(versie))
    onvergund = _type(session, geladen["a"], "prostitutie_onvergund")
    assert onvergund.partners == [Partner.POLITIE.value]
    vergund = sjablonen.gepubliceerd(session, _type(session, geladen["a"]))
    assert [s.titel for s in vergund.secties] == [
        "Context", "Vergunning", "Exploitant en beheer", "Administratie", "Sekswerkers", "Signalen van mensenhandel",
        "Omstandigheden en hygiëne", "Afsluiting"]
    gebruik = next(i for i in _items(vergund) if i.code == "feitelijk_gebruik")
    assert gebruik.soort == ItemSoort.KEUZE and "Raamprostitutie" in gebruik.keuzes and "Escortbedrijf" in gebruik.keuzes
    huisvesting = sjablonen.gepubliceerd(session, _type(session, geladen["a"], "huisvesting_arbeidsmigranten"))
    assert {"personen_per_kamer", "gbo_per_persoon", "snf_certificaat", "huisvesting_gekoppeld_aan_contract",
            "vluchtwegen_vrij"} <= {i.code for i in _items(huisvesting)}


def test_all_item_kinds_are_used(session, geladen):
    gebruikt = set()
    for ct in sjablonen.typen(session, [geladen["a"].id]):
        for item in _items(sjablonen.gepubliceerd(session, ct)):
            gebruikt.add(item.soort)
            if item.soort == ItemSoort.KEUZE:
                assert len(item.keuzes) >= 2
            else:
                assert item.keuzes == []
    assert gebruikt == set(ItemSoort)


def test_signals_section_is_flagged_and_holds_observations(session, geladen):
    for ct in sjablonen.typen(session, [geladen["a"].id]):
        signalen = [s for s in sjablonen.gepubliceerd(session, ct).secties if s.signalen]
        assert len(signalen) == 1, ct.code
        sectie = signalen[0]
        assert sectie.toelichting == "Een signaal is een waarneming, geen oordeel."
        vragen = [i for i in sectie.items if i.soort == ItemSoort.JA_NEE]
        assert len(vragen) >= 11 and all(i.hulptekst for i in vragen)
        assert not any(i.verplicht for i in vragen)
    sekswerkers = next(s for s in sjablonen.gepubliceerd(session, _type(session, geladen["a"])).secties
                       if s.titel == "Sekswerkers")
    # Only totals at checklist level; per-person data lives elsewhere.
    assert {i.soort for i in sekswerkers.items} <= {ItemSoort.GETAL, ItemSoort.JA_NEE}


# --- versions -------------------------------------------------------------------------------------


def test_concept_edit_publish_creates_v2_and_v1_stays(session, geladen, beheerder):
    ct = _type(session, geladen["a"])
    v1 = sjablonen.gepubliceerd(session, ct)
    voor = _momentopname(v1)
    controle = ControleFactory(gemeente=geladen["a"], controletype_id=ct.id, sjabloon_id=v1.id)
    session.flush()

    concept = sjablonen.maak_concept(session, beheerder, ct)
    assert concept.versie == 2 and concept.status == SjabloonStatus.CONCEPT
    assert sjablonen.maak_concept(session, beheerder, ct) is concept
    assert [i.code for i in _items(concept)] == [i.code for i in _items(v1)]
    assert not {i.id for i in _items(concept)} & {i.id for i in _items(v1)}
    eerste = concept.secties[1].items[0]
    sjablonen.wijzig_item(session, beheerder, eerste, eerste.soort.value, "Exploitatievergunning getoond",
                          "Nieuwe uitleg", True, "", "APV art. 3:4")
    nieuw = sjablonen.voeg_item_toe(session, beheerder, concept.secties[1], "datum", "Datum laatste wijziging",
                                    verplicht=False)
    sectie = sjablonen.voeg_sectie_toe(session, beheerder, concept, "Eigen vragen", "Lokaal beleid")
    sjablonen.voeg_item_toe(session, beheerder, sectie, "keuze", "Soort pand", keuzes="Vrijstaand\nRijtjeshuis")
    assert sectie.code == standaard.sectiecode(len(concept.secties))
    sjablonen.publiceer(session, beheerder, concept)
    session.commit()
    session.expire_all()

    assert sjablonen.gepubliceerd(session, ct).id == concept.id
    v1 = session.get(ChecklistSjabloon, v1.id)
    assert v1.status == SjabloonStatus.VERVANGEN
    assert _momentopname(v1) == voor
    v2 = session.get(ChecklistSjabloon, concept.id)
    assert v2.status == SjabloonStatus.GEPUBLICEERD and v2.gepubliceerd_door_id == beheerder.id
    assert v2.secties[1].items[0].tekst == "Exploitatievergunning getoond"
    assert nieuw.code not in {i.code for i in _items(v1)}
    assert [s.titel for s in v2.secties][-1] == "Eigen vragen"
    # The controle carried out with v1 still sees v1's items.
    controle = session.get(Controle, controle.id)
    assert controle.sjabloon_id == v1.id
    assert _momentopname(controle.sjabloon) == voor
    assert sjablonen.get_gepubliceerd_sjabloon_voor(session, ct.id).id == v2.id
    assert [v.versie for v in sjablonen.versies(session, ct)] == [2, 1]
    acties = [(r.actie, r.details) for r in session.execute(
        select(AuditRegel).where(AuditRegel.object_type == "checklist_sjabloon")).scalars()]
    assert acties[-1][0] == ControleActie.SJABLOON_GEPUBLICEERD
    assert sum(1 for a, _ in acties if a == ControleActie.SJABLOON_GEWIJZIGD) == 5


def test_a_published_version_cannot_be_edited(session, geladen, beheerder):
    ct = _type(session, geladen["a"])
    v1 = sjablonen.gepubliceerd(session, ct)
    item = v1.secties[0].items[1]
    pogingen = [
        lambda: sjablonen.wijzig_item(session, beheerder, item, "ja_nee", "Anders"),
        lambda: sjablonen.voeg_item_toe(session, beheerder, v1.secties[0], "tekst", "Extra"),
        lambda: sjablonen.voeg_sectie_toe(session, beheerder, v1, "Extra"),
        lambda: sjablonen.verplaats_item(session, beheerder, item, "op"),
        lambda: sjablonen.laat_vervallen(session, beheerder, item),
        lambda: sjablonen.publiceer(session, beheerder, v1),
    ]
    for poging in pogingen:
        with pytest.raises(OngeldigeOvergang, match="verandert niet meer"):
            poging()
    assert item.tekst != "Anders" and not item.vervallen


def test_reorder_within_a_section(session, geladen, beheerder):
    concept = sjablonen.maak_concept(session, beheerder, _type(session, geladen["a"]))
    sectie = concept.secties[0]
    codes = [i.code for i in sectie.items]
    assert sjablonen.verplaats_item(session, beheerder, sectie.items[1], "op")
    session.expire(sectie, ["items"])
    assert [i.code for i in sectie.items] == [codes[1], codes[0], *codes[2:]]
    assert not sjablonen.verplaats_item(session, beheerder, sectie.items[0], "op")
    assert not sjablonen.verplaats_item(session, beheerder, sectie.items[-1], "neer")
    assert sjablonen.verplaats_item(session, beheerder, sectie.items[0], "neer")
    session.expire(sectie, ["items"])
    assert [i.code for i in sectie.items] == codes
    with pytest.raises(OngeldigeInvoer):
        sjablonen.verplaats_item(session, beheerder, sectie.items[0], "links")


def test_retired_item_is_left_out_of_the_next_version(session, geladen, beheerder):
    ct = _type(session, geladen["a"])
    v1 = sjablonen.gepubliceerd(session, ct)
    concept = sjablonen.maak_concept(session, beheerder, ct)
    item = next(i for i in _items(concept) if i.code == "werktijden_geregistreerd")
    sjablonen.laat_vervallen(session, beheerder, item)
    sjablonen.laat_vervallen(session, beheerder, item, vervallen=False)  # taken back
    assert not item.vervallen
    sjablonen.laat_vervallen(session, beheerder, item, vervallen=True)
    assert sjablonen.aantal_items(concept) == sjablonen.aantal_items(v1) - 1
    sjablonen.publiceer(session, beheerder, concept)
    session.commit()
    session.expire_all()
    v2 = sjablonen.gepubliceerd(session, ct)
    assert "werktijden_geregistreerd" not in {i.code for i in _items(v2)}
    assert not any(i.vervallen for i in _items(v2))
    assert "werktijden_geregistreerd" in {i.code for i in _items(session.get(ChecklistSjabloon, v1.id))}
    v3 = sjablonen.maak_concept(session, beheerder, ct)
    assert v3.versie == 3 and "werktijden_geregistreerd" not in {i.code for i in _items(v3)}


def test_an_empty_checklist_is_not_published(session, geladen, beheerder):
    ct = _type(session, geladen["a"])
    concept = sjablonen.maak_concept(session, beheerder, ct)
    for item in _items(concept):
        sjablonen.laat_vervallen(session, beheerder, item)
    with pytest.raises(OngeldigeInvoer, match="lege controlelijst"):
        sjablonen.publiceer(session, beheerder, concept)
    assert concept.status == SjabloonStatus.CONCEPT
    assert sjablonen.gepubliceerd(session, ct).versie == 1


def test_item_rules(session, geladen, beheerder):
    ct = _type(session, geladen["a"])
    concept = sjablonen.maak_concept(session, beheerder, ct)
    sectie = concept.secties[0]
    with pytest.raises(OngeldigeVelden) as fout:
        sjablonen.voeg_item_toe(session, beheerder, sectie, "keuze", "  ", keuzes="Alleen één")
    assert set(fout.value.velden) == {"tekst", "keuzes"} and fout.value.status == 422
    assert "ten minste twee keuzes" in fout.value.velden["keuzes"]
    with pytest.raises(OngeldigeVelden) as fout:
        sjablonen.voeg_item_toe(session, beheerder, sectie, "onbekend", "Vraag")
    assert "soort" in fout.value.velden
    # A new item never takes the code of an item of any version.
    dubbel = sjablonen.voeg_item_toe(session, beheerder, sectie, "ja_nee", "Legitimatie getoond")
    zelfde = sjablonen.voeg_item_toe(session, beheerder, sectie, "ja_nee", "Legitimatie getoond")
    assert dubbel.code == "legitimatie_getoond_2" and zelfde.code == "legitimatie_getoond_3"
    # An existing item keeps its kind of answer (answers are compared by code); a new one may change.
    bestaand = sectie.items[0]
    with pytest.raises(OngeldigeVelden) as fout:
        sjablonen.wijzig_item(session, beheerder, bestaand, "getal", bestaand.tekst)
    assert "verandert niet" in fout.value.velden["soort"]
    sjablonen.wijzig_item(session, beheerder, dubbel, "tekst", "Legitimatie getoond, toelichting")
    assert dubbel.soort == ItemSoort.TEKST
    with pytest.raises(OngeldigeVelden):
        sjablonen.voeg_sectie_toe(session, beheerder, concept, "context")


def test_only_the_gemeente_s_beheerder_edits(session, geladen, beheerder):
    hoogmeer = _type(session, geladen["b"])
    with pytest.raises(Geweigerd) as fout:
        sjablonen.maak_concept(session, beheerder, hoogmeer)
    assert fout.value.status == 403
    with pytest.raises(Geweigerd):
        sjablonen.maak_concept(session, geladen["users"][("9901", Rol.COORDINATOR)], _type(session, geladen["a"]))


# --- aanwijzingen ---------------------------------------------------------------------------------


def test_aanwijzing_service(session, world, beheerder):
    a = world["a"]
    tz = world["users"][("9901", Rol.TOEZICHTHOUDER)]
    tot = date.today() + timedelta(days=365)
    assert [r.gebruiker.id for r in sjablonen.toezichthouders(session, a.id)] == [tz.id]
    sjablonen.zet_aanwijzing(session, beheerder, a.id, tz.id, "Besluit 2026/14", "LEG-0042", tot.isoformat())
    aanwijzing = sjablonen.aanwijzingen(session, a.id)[tz.id]
    assert (aanwijzing.besluit, aanwijzing.legitimatienummer, aanwijzing.geldig_tot.date()) == (
        "Besluit 2026/14", "LEG-0042", tot)
    # The same again changes nothing and writes no audit row.
    sjablonen.zet_aanwijzing(session, beheerder, a.id, tz.id, "Besluit 2026/14", "LEG-0042", tot.strftime("%d-%m-%Y"))
    regels = session.execute(select(AuditRegel).where(AuditRegel.actie == ControleActie.AANWIJZING_GEWIJZIGD)).scalars().all()
    assert len(regels) == 1 and "LEG-0042" not in (regels[0].details or "")
    # Not a toezichthouder of this gemeente: nothing to set.
    assert sjablonen.zet_aanwijzing(session, beheerder, a.id, world["users"][("9902", Rol.TOEZICHTHOUDER)].id,
                                    "B", "L", None) is None
    assert sjablonen.zet_aanwijzing(session, beheerder, a.id, world["users"][("9901", Rol.COORDINATOR)].id,
                                    "B", "L", None) is None
    with pytest.raises(OngeldigeVelden) as fout:
        sjablonen.zet_aanwijzing(session, beheerder, a.id, tz.id, "", "L", "2001-01-01")
    assert set(fout.value.velden) == {"besluit", "geldig_tot"}


# --- the pages ------------------------------------------------------------------------------------


def _login(client, session, world, rol=Rol.BEHEERDER, code="9901"):
    login(client, session, world["users"][(code, rol)])
    return csrf_for(client)


def test_beheerder_loads_defaults_and_makes_a_concept(client, session, world):
    token = _login(client, session, world)
    page = client.get("/controles/beheer/typen")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Standaardtypen laden" in html and "Dalveen" in html
    resp = client.post("/controles/beheer/typen/standaard", data={"csrf_token": token})
    assert resp.status_code == 302
    html = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "7 standaardtype(n) geladen" in html and "Prostitutiecontrole vergunde sector" in html
    assert "Standaardtypen laden" not in html
    ct = _type(session, world["a"])
    html = client.get(f"/controles/beheer/typen/{ct.id}").get_data(as_text=True)
    assert "Versie 1 (in gebruik)" in html and "Concept maken" in html and "Een signaal is een waarneming" in html
    resp = client.post(f"/controles/beheer/typen/{ct.id}/concept", data={"csrf_token": token})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("#concept")
    html = client.get(f"/controles/beheer/typen/{ct.id}").get_data(as_text=True)
    assert "Publiceren als versie 2" in html and "Laten vervallen" in html and "Omhoog" in html
    session.expire_all()
    concept = sjablonen.concept(session, ct)
    item = concept.secties[0].items[1]
    code, codes_a = item.code, [i.code for i in concept.secties[0].items]
    resp = client.post(f"/controles/beheer/items/{item.id}/verplaatsen", data={"csrf_token": token, "richting": "op"})
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"#item-{item.id}")
    resp = client.post(f"/controles/beheer/items/{item.id}/vervallen", data={"csrf_token": token, "vervallen": "ja"})
    assert resp.status_code == 302
    resp = client.post(f"/controles/beheer/sjablonen/{concept.id}/items", data={
        "csrf_token": token, "sectie_id": concept.secties[0].id, "soort": "tijd", "tekst": "Tijdstip vertrek"})
    assert resp.status_code == 302
    resp = client.post(f"/controles/beheer/sjablonen/{concept.id}/publiceren", data={"csrf_token": token})
    assert resp.status_code == 302
    html = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Versie 2 van ‘Prostitutiecontrole vergunde sector’ is gepubliceerd" in html
    session.expire_all()
    v2 = sjablonen.gepubliceerd(session, ct)
    assert v2.versie == 2
    # Moved up, then retired: left out; the rest of section A in its order, the new question last.
    assert [i.code for i in v2.secties[0].items] == [c for c in codes_a if c != code] + ["tijdstip_vertrek"]
    assert code not in {i.code for i in _items(v2)}
    assert any(i.tekst == "Tijdstip vertrek" and i.soort == ItemSoort.TIJD for i in _items(v2))


def test_editing_a_published_version_through_the_page_is_refused(client, session, geladen):
    token = _login(client, session, geladen)
    v1 = sjablonen.gepubliceerd(session, _type(session, geladen["a"]))
    item = v1.secties[0].items[0]
    resp = client.post(f"/controles/beheer/items/{item.id}", data={
        "csrf_token": token, "soort": "ja_nee", "tekst": "Gewijzigd"}, follow_redirects=True)
    assert resp.status_code == 200 and "verandert niet meer" in resp.get_data(as_text=True)
    resp = client.post(f"/controles/beheer/sjablonen/{v1.id}/publiceren", data={"csrf_token": token},
                       follow_redirects=True)
    assert "verandert niet meer" in resp.get_data(as_text=True)
    session.expire_all()
    assert session.get(type(item), item.id).tekst != "Gewijzigd"


def test_bad_input_gets_a_dutch_message_and_keeps_what_was_typed(client, session, geladen):
    token = _login(client, session, geladen)
    ct = _type(session, geladen["a"])
    concept = sjablonen.maak_concept(session, geladen["users"][("9901", Rol.BEHEERDER)], ct)
    session.commit()
    item = concept.secties[1].items[0]
    resp = client.post(f"/controles/beheer/items/{item.id}", data={
        "csrf_token": token, "soort": item.soort.value, "tekst": "", "hulptekst": "Mijn uitleg <b>hier</b>",
        "norm": "APV 3:7"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "Vul de vraag in." in html and "Mijn uitleg &lt;b&gt;hier&lt;/b&gt;" in html and 'value="APV 3:7"' in html
    assert f'id="i{item.id}-tekst"' in html and 'aria-invalid="true"' in html
    resp = client.post(f"/controles/beheer/sjablonen/{concept.id}/items", data={
        "csrf_token": token, "sectie_id": concept.secties[2].id, "soort": "keuze", "tekst": "Soort beheer",
        "keuzes": "Eén"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "ten minste twee keuzes" in html and 'value="Soort beheer"' in html
    resp = client.post(f"/controles/beheer/sjablonen/{concept.id}/secties", data={"csrf_token": token, "titel": " "})
    assert resp.status_code == 422 and "Vul een titel in." in resp.get_data(as_text=True)
    session.expire_all()
    assert session.get(type(item), item.id).tekst == item.tekst


def test_beheerder_gets_404_on_another_gemeente_s_objects(client, session, geladen):
    token = _login(client, session, geladen)
    ct = _type(session, geladen["b"])
    v1 = sjablonen.gepubliceerd(session, ct)
    item = v1.secties[0].items[0]
    assert client.get(f"/controles/beheer/typen/{ct.id}").status_code == 404
    for url, data in ((f"/controles/beheer/typen/{ct.id}/concept", {}),
                      (f"/controles/beheer/sjablonen/{v1.id}/secties", {"titel": "X"}),
                      (f"/controles/beheer/sjablonen/{v1.id}/items", {"sectie_id": v1.secties[0].id}),
                      (f"/controles/beheer/sjablonen/{v1.id}/publiceren", {}),
                      (f"/controles/beheer/items/{item.id}", {"tekst": "X", "soort": "ja_nee"}),
                      (f"/controles/beheer/items/{item.id}/verplaatsen", {"richting": "neer"}),
                      (f"/controles/beheer/items/{item.id}/vervallen", {"vervallen": "ja"}),
                      ("/controles/beheer/typen/standaard", {"gemeente": geladen["b"].id})):
        assert client.post(url, data={"csrf_token": token, **data}).status_code == 404, url
    assert client.get(f"/controles/beheer/typen?gemeente={geladen['b'].id}").status_code == 404
    assert client.get("/controles/beheer/toezichthouders?gemeente=abc").status_code == 404
    tz_b = geladen["users"][("9902", Rol.TOEZICHTHOUDER)]
    assert client.post(f"/controles/beheer/toezichthouders/{tz_b.id}", data={
        "csrf_token": token, "besluit": "B", "legitimatienummer": "L"}).status_code == 404
    session.expire_all()
    assert sjablonen.concept(session, ct) is None


@pytest.mark.parametrize("rol", [Rol.COORDINATOR, Rol.TOEZICHTHOUDER], ids=lambda r: r.value)
def test_coordinator_and_toezichthouder_may_not_manage(client, session, geladen, rol):
    token = _login(client, session, geladen, rol)
    ct = _type(session, geladen["a"])
    v1 = sjablonen.gepubliceerd(session, ct)
    item = v1.secties[0].items[0]
    tz = geladen["users"][("9901", Rol.TOEZICHTHOUDER)]
    assert client.get("/controles/beheer/typen").status_code == 403
    assert client.get(f"/controles/beheer/typen/{ct.id}").status_code == 403
    for url in ("/controles/beheer/typen/standaard", f"/controles/beheer/typen/{ct.id}/concept",
                f"/controles/beheer/sjablonen/{v1.id}/secties", f"/controles/beheer/sjablonen/{v1.id}/items",
                f"/controles/beheer/sjablonen/{v1.id}/publiceren", f"/controles/beheer/items/{item.id}",
                f"/controles/beheer/items/{item.id}/verplaatsen", f"/controles/beheer/items/{item.id}/vervallen",
                f"/controles/beheer/toezichthouders/{tz.id}"):
        assert client.post(url, data={"csrf_token": token, "besluit": "B", "legitimatienummer": "L"}).status_code == 403, url
    assert client.get("/controles/beheer/toezichthouders").status_code == (200 if rol == Rol.COORDINATOR else 403)
    session.expire_all()
    assert sjablonen.concept(session, ct) is None
    assert not session.execute(select(Aanwijzing)).first()


def test_aanwijzing_is_set_and_shown(app, client, session, world):
    token = _login(client, session, world)
    tz = world["users"][("9901", Rol.TOEZICHTHOUDER)]
    html = client.get("/controles/beheer/toezichthouders").get_data(as_text=True)
    assert tz.naam in html and "Nog geen aanwijzing geregistreerd" in html
    assert world["users"][("9901", Rol.COORDINATOR)].naam not in html
    assert world["users"][("9902", Rol.TOEZICHTHOUDER)].naam not in html
    tot = date.today() + timedelta(days=400)
    resp = client.post(f"/controles/beheer/toezichthouders/{tz.id}", data={
        "csrf_token": token, "gemeente": world["a"].id, "besluit": "Aanwijzingsbesluit 2026-07",
        "legitimatienummer": "DV-0012", "geldig_tot": tot.isoformat()})
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"#t-{tz.id}")
    html = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Aanwijzing en legitimatiebewijs van" in html and 'value="DV-0012"' in html
    assert f"Geldig tot {tot.strftime('%d-%m-%Y')}" in html
    # The coördinator sees it, read-only.
    coordinator = app.test_client()
    _login(coordinator, session, world, Rol.COORDINATOR)
    html = coordinator.get("/controles/beheer/toezichthouders").get_data(as_text=True)
    assert "Aanwijzingsbesluit 2026-07" in html and "DV-0012" in html and tot.strftime("%d-%m-%Y") in html
    assert "<form method=\"post\" action=\"/controles/beheer/toezichthouders" not in html
    assert "Alleen de functioneel beheerder" in html
    # Bad input: a Dutch message at the field, what was typed kept, nothing stored.
    resp = client.post(f"/controles/beheer/toezichthouders/{tz.id}", data={
        "csrf_token": token, "besluit": "Nieuw besluit", "legitimatienummer": "", "geldig_tot": "31-02-2027"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "Vul het nummer van het legitimatiebewijs in." in html and "Vul een geldige datum in" in html
    assert 'value="Nieuw besluit"' in html and 'value="31-02-2027"' in html
    session.expire_all()
    assert sjablonen.aanwijzingen(session, world["a"].id)[tz.id].besluit == "Aanwijzingsbesluit 2026-07"
    # Someone who is not a toezichthouder of the gemeente: no such row.
    assert client.post(f"/controles/beheer/toezichthouders/{world['users'][('9901', Rol.COORDINATOR)].id}", data={
        "csrf_token": token, "besluit": "B", "legitimatienummer": "L"}).status_code == 404


def test_beheerder_of_two_gemeenten_picks_one(client, session, world):
    regio = make_user(session, "beheerder.regio", [(world["a"], Rol.BEHEERDER), (world["b"], Rol.BEHEERDER)])
    session.commit()
    login(client, session, regio)
    token = csrf_for(client)
    html = client.get("/controles/beheer/typen").get_data(as_text=True)
    assert 'id="gemeente-keuze"' in html and "Dalveen" in html
    html = client.get(f"/controles/beheer/typen?gemeente={world['b'].id}").get_data(as_text=True)
    assert "Controletypen en controlelijsten <span class=\"hh-muted\">– Hoogmeer" in html
    resp = client.post("/controles/beheer/typen/standaard", data={"csrf_token": token, "gemeente": world["b"].id})
    assert resp.status_code == 302 and f"gemeente={world['b'].id}" in resp.headers["Location"]
    session.expire_all()
    assert sjablonen.typen(session, [world["b"].id]) and not sjablonen.typen(session, [world["a"].id])
    html = client.get(f"/controles/beheer/toezichthouders?gemeente={world['b'].id}").get_data(as_text=True)
    assert world["users"][("9902", Rol.TOEZICHTHOUDER)].naam in html
    assert world["users"][("9901", Rol.TOEZICHTHOUDER)].naam not in html
    assert client.get("/controles/beheer/typen?gemeente=999999").status_code == 404
