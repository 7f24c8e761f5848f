"""History search: sound-alike keys, particles in any order, initials, diacritics, spelling
variants, KvK numbers with and without the leading zero, date of birth, addresses; the ranking
(exact > variant > weak); tenant isolation; Bibob outcomes only with the right, one audit row
per investigation shown; the page over HTTP (roles, escaping, a Dutch hint)."""
from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from handhaving.audit.models import AuditRegel
from handhaving.bibob import services as bibob
from handhaving.bibob.acties import BibobActie
from handhaving.bibob.models import BibobMandaat
from handhaving.controles.models import Bevinding, Ernst
from handhaving.historie.acties import HistorieActie
from handhaving.historie.zoeken import Zoekvraag, zoek
from handhaving.security.rules import Rol
from handhaving.subjecten.models import Subject
from handhaving.subjecten.namen import zoeksleutel
from handhaving.tijd import vandaag
from handhaving.vergunningen import services as vergunningen
from tests.factories import ControleFactory, add_adres
from tests.factories.vergunningen import bedrijf, persoon, vergunning
from tests.helpers import login

V, C = Rol.VERGUNNINGVERLENER, Rol.COORDINATOR


@pytest.fixture
def register(app, session, world):
    """Dalveen: two De Vries, Jansen/Janssen/Jansma, Dijkstra, Dübel, a company with a permit at
    Kerkstraat 12 (De Vries on its aanhangsel), a refused permit, a controle with a finding.
    Hoogmeer: another Jan de Vries and a company with the same KvK number."""
    a, b = world["a"], world["b"]
    with app.app_context():
        p = {
            "jan": persoon(session, a, "Vries", voorvoegsel="de", voornamen="Jan Pieter", geboortedatum=date(1975, 6, 15)),
            "karel": persoon(session, a, "Vries", voorvoegsel="de", voornamen="Karel", geboortedatum=date(1980, 1, 1)),
            "onbekend": persoon(session, a, "Vries", voorvoegsel="de", voornamen="Jelle", geboortedatum=None),
            "jansen": persoon(session, a, "Jansen", voornamen="Piet", geboortedatum=date(1980, 5, 1)),
            "janssen": persoon(session, a, "Janssen", voornamen="Pieter", geboortedatum=date(1970, 2, 2)),
            "jansma": persoon(session, a, "Jansma", voornamen="Piet", geboortedatum=date(1960, 3, 3)),
            "dijkstra": persoon(session, a, "Dijkstra", voornamen="Anna", geboortedatum=date(1990, 4, 4)),
            "dubel": persoon(session, a, "Dübel", voornamen="Erik", geboortedatum=date(1985, 7, 7)),
            "bv": bedrijf(session, a, naam="Exploitatie Noord B.V.", kvk="01234567", handelsnamen=["Club Lumière"]),
            "elders": persoon(session, b, "Vries", voorvoegsel="de", voornamen="Berend Jan",
                              geboortedatum=date(1975, 6, 15)),
            "elders_bv": bedrijf(session, b, naam="Hoogmeer Noord B.V.", kvk="01234567"),
        }
        adres = add_adres(session, a, "Kerkstraat", 12, "6411AA")
        v = vergunning(session, a, houder=p["bv"], adres=adres)
        vergunningen.voeg_betrokkene_toe(session, None, v, p["jan"], "beheerder")
        geweigerd = vergunning(session, a, houder=p["jansen"], soort="horeca", status="aangevraagd")
        vergunningen.wijzig_status(session, None, geweigerd, "in_behandeling", datum=vandaag() - timedelta(days=40))
        vergunningen.wijzig_status(session, None, geweigerd, "geweigerd", datum=vandaag() - timedelta(days=30),
                                   toelichting="Niet voldaan aan de eisen.")
        c = ControleFactory(gemeente=a, adres_id=adres.id, gepland_op=vandaag() - timedelta(days=20))
        session.add(Bevinding(uuid=str(uuid.uuid4()), controle_id=c.id, gemeente_id=a.id,
                              omschrijving="Geen beheerder aanwezig.", ernst=Ernst.ERNSTIG, norm="APV art. 3:9"))
        session.commit()
    return {**world, **p, "adres": adres, "vergunning": v, "geweigerd": geweigerd, "controle": c}


def _namen(session, treffers) -> list[str]:
    return [session.get(Subject, t.subject_id).weergavenaam for t in treffers]


def _zoek(session, register, **kw):
    return zoek(session, [register["a"].id], Zoekvraag(**kw))


# ---------------------------------------------------------------------------- keys

@pytest.mark.parametrize("namen", [
    ("Jansen", "Janssen", "Jansens"), ("de Vries", "Vriës", "Vries"), ("Mohamed", "Mohammed"),
    ("IJzerman", "Yzerman"), ("Dijkstra", "Dykstra"), ("Bakker", "Backer"), ("Meijer", "Meyer", "Meier"),
    ("Smit", "Smid", "Smidt"), ("Yilmaz", "Ijlmaz"),
])
def test_spelling_variants_share_a_sound_alike_key(namen):
    assert len({zoeksleutel(n) for n in namen}) == 1, {n: zoeksleutel(n) for n in namen}


def test_keys_leave_out_particles_and_are_set_by_the_services(register):
    assert zoeksleutel("van der Berg", "Jan") == "berg jan"
    assert register["jan"].zoeksleutel == "fris jan piter"
    assert register["bv"].zoeksleutel == "eksploitati nort club lumire"


# ---------------------------------------------------------------------------- names

@pytest.mark.parametrize("q", ["J. de Vries", "Vries, J. de", "de Vries, Jan", "jan vries", "Vries Jan de",
                               "J.P. de Vries", "Jan Pieter de Vries"])
def test_particles_in_any_order_and_initials(session, register, app_ctx, q):
    treffers = _zoek(session, register, naam=q)
    assert treffers[0].subject_id == register["jan"].id, _namen(session, treffers)
    assert register["elders"].id not in [t.subject_id for t in treffers]


def test_initials_choose_between_namesakes(session, register, app_ctx):
    treffers = _zoek(session, register, naam="K. de Vries")
    assert treffers[0].subject_id == register["karel"].id
    assert "Voorletter K klopt" in treffers[0].redenen
    jan = next(t for t in treffers if t.subject_id == register["jan"].id)
    assert "Voorletter K klopt niet" in jan.redenen and jan.score < treffers[0].score
    pj = _zoek(session, register, naam="J.P. de Vries")[0]
    assert pj.subject_id == register["jan"].id and "Voorletter P klopt" in pj.redenen


def test_diacritics_do_not_matter(session, register, app_ctx):
    for q, wie in (("Dubel", "dubel"), ("Dübel", "dubel"), ("Vriës, Karel", "karel")):
        t = _zoek(session, register, naam=q)[0]
        assert t.subject_id == register[wie].id and t.score == 100, q


def test_spelling_variants_rank_exact_then_variant_then_weak(session, register, app_ctx):
    treffers = _zoek(session, register, naam="Janssen")
    ids = [t.subject_id for t in treffers]
    assert ids[:3] == [register["janssen"].id, register["jansen"].id, register["jansma"].id], _namen(session, treffers)
    exact, variant, zwak = treffers[:3]
    assert exact.score == 100 > variant.score > zwak.score
    assert "Achternaam gelijk: ‘Janssen’" in exact.redenen
    assert any(r.startswith("Achternaam klinkt als ‘Jansen’") for r in variant.redenen)
    d = _zoek(session, register, naam="Dykstra")[0]
    assert d.subject_id == register["dijkstra"].id and d.score >= 90


def test_rows_without_a_key_are_still_found(session, register, app_ctx):
    register["dijkstra"].zoeksleutel = ""
    session.flush()
    assert _zoek(session, register, naam="Dijkstra")[0].subject_id == register["dijkstra"].id


def test_companies_match_on_name_and_trade_name(session, register, app_ctx):
    t = _zoek(session, register, naam="Exploitatie Noord BV")[0]
    assert t.subject_id == register["bv"].id and t.score == 100
    t = _zoek(session, register, naam="club lumiere")[0]
    assert t.subject_id == register["bv"].id and "Handelsnaam gelijk: ‘Club Lumière’" in t.redenen


# ---------------------------------------------------------------------------- numbers, dates, addresses

@pytest.mark.parametrize("kvk", ["01234567", "1234567"])
def test_kvk_with_and_without_the_leading_zero(client, session, register, kvk):
    login(client, session, register["users"][("9901", V)])
    for params in ({"kvk": kvk}, {"naam": kvk}):
        html = client.get("/historie/", query_string=params).get_data(as_text=True)
        assert "Exploitatie Noord B.V." in html and "KvK-nummer gelijk" in html, params
        assert "Hoogmeer Noord" not in html


def test_a_vestigingsnummer_gets_a_dutch_hint(client, session, register):
    login(client, session, register["users"][("9901", V)])
    html = client.get("/historie/?kvk=000012345678").get_data(as_text=True)
    assert "vestigingsnummer" in html and "Exploitatie Noord" not in html


def test_date_of_birth_narrows_persons(session, register, app_ctx):
    treffers = _zoek(session, register, naam="de Vries", geboortedatum=date(1975, 6, 15))
    ids = [t.subject_id for t in treffers]
    assert ids[0] == register["jan"].id and "Geboortedatum gelijk" in treffers[0].redenen
    assert register["karel"].id not in ids             # another date of birth: another person
    assert register["onbekend"].id in ids              # unknown: kept, lower
    assert treffers[ids.index(register["onbekend"].id)].score < treffers[0].score


def test_address_finds_holder_and_aanhangsel(session, register, app_ctx):
    for q in ("Kerkstraat 12", "6411 AA 12"):
        treffers = _zoek(session, register, adres=q)
        assert {t.subject_id for t in treffers} == {register["bv"].id, register["jan"].id}, q
        assert all(any(r.startswith("Vergunning op dit adres") for r in t.redenen) for t in treffers)


def test_another_gemeente_is_never_found(session, register, app_ctx):
    for kw in ({"naam": "Berend Jan de Vries"}, {"kvk": "01234567"}, {"naam": "Hoogmeer Noord"}):
        ids = {t.subject_id for t in _zoek(session, register, **kw)}
        assert not ids & {register["elders"].id, register["elders_bv"].id}, kw


# ---------------------------------------------------------------------------- the page

def _bibob_onderzoek(session, register):
    """An investigation of the company's permit (betrokkenen: the company and its beheerder)
    with an LBB advice: ernstig gevaar, ground a."""
    coord = register["users"][("9901", C)]
    o = bibob.maak_onderzoek(session, coord, register["a"].id,
                             bibob.OnderzoekInvoer(aanleiding="aanvraag", vergunning_id=register["vergunning"].id))
    d = vandaag() - timedelta(days=60)
    bibob.stap(session, coord, o, "formulier_opgevraagd", bibob.StapInvoer(datum=d))
    bibob.stap(session, coord, o, "formulier_ontvangen", bibob.StapInvoer(datum=d + timedelta(days=5)))
    bibob.stap(session, coord, o, "eigen_onderzoek", bibob.StapInvoer(datum=d + timedelta(days=6)))
    bibob.stap(session, coord, o, "advies_lbb_aangevraagd", bibob.StapInvoer(
        datum=d + timedelta(days=10), betrokkene_geinformeerd_op=d + timedelta(days=10)))
    bibob.stap(session, coord, o, "advies_ontvangen", bibob.StapInvoer(
        datum=d + timedelta(days=40), advies_mate="ernstig", advies_grond="a"))
    session.commit()
    return o


def _bibob_reads(session) -> list[AuditRegel]:
    session.expire_all()
    return list(session.execute(select(AuditRegel).where(AuditRegel.actie == BibobActie.GELEZEN)).scalars())


def test_coordinator_sees_which_bibob_dossiers_there_are_never_the_outcome_and_each_is_logged(
        app, client, session, register):
    with app.app_context():
        o = _bibob_onderzoek(session, register)
    coord = register["users"][("9901", C)]
    login(client, session, coord)
    html = client.get("/historie/?naam=Exploitatie+Noord").get_data(as_text=True)
    # The outcome is read in the dossier, after a reason (Wet Bibob art. 28; tests/bibob/test_api.py).
    assert o.zaaknummer in html and "Ernstig gevaar" not in html
    reads = _bibob_reads(session)
    assert [(r.object_id, r.actor) for r in reads] == [(str(o.id), coord.gebruikersnaam)]
    assert '"weergave": "historie"' in reads[0].details
    # The address finds the company and its beheerder, both betrokkene: one investigation, one row.
    html = client.get("/historie/?adres=Kerkstraat+12").get_data(as_text=True)
    assert html.count(o.zaaknummer) == 2
    assert len(_bibob_reads(session)) == 2


def test_vergunningverlener_without_mandate_sees_nothing_of_bibob(app, client, session, register):
    with app.app_context():
        o = _bibob_onderzoek(session, register)
    login(client, session, register["users"][("9901", V)])
    html = client.get("/historie/?naam=Exploitatie+Noord").get_data(as_text=True)
    assert "Exploitatie Noord B.V." in html
    for verboden in (o.zaaknummer, "Ernstig gevaar", "Eerdere Bibob", "Bibob-onderzoek"):
        assert verboden not in html
    assert _bibob_reads(session) == []


def test_vergunningverlener_with_mandate_sees_only_the_dossiers_assigned_to_them(app, client, session, register):
    with app.app_context():
        o = _bibob_onderzoek(session, register)
    vv = register["users"][("9901", V)]
    session.add(BibobMandaat(gebruiker_id=vv.id, gemeente_id=register["a"].id, besluit="Mandaatbesluit 2026-12"))
    session.commit()
    login(client, session, vv)
    assert o.zaaknummer not in client.get("/historie/?naam=J.+de+Vries").get_data(as_text=True)
    assert _bibob_reads(session) == []
    o.behandelaar_id = vv.id
    session.commit()
    html = client.get("/historie/?naam=J.+de+Vries").get_data(as_text=True)
    assert o.zaaknummer in html
    assert [(r.object_id, r.actor) for r in _bibob_reads(session)] == [(str(o.id), vv.gebruikersnaam)]


def test_page_shows_permits_refusals_controles_and_findings(client, session, register):
    login(client, session, register["users"][("9901", V)])
    html = client.get("/historie/?naam=Exploitatie+Noord").get_data(as_text=True)
    assert register["vergunning"].zaaknummer in html and "Gemeente Dalveen" in html
    assert "1 controle op de adressen" in html and "Geen beheerder aanwezig." in html and "Ernstig" in html
    html = client.get("/historie/?naam=Piet+Jansen").get_data(as_text=True)
    assert register["geweigerd"].zaaknummer in html and "Weigering" in html
    session.expire_all()
    zoekregels = session.execute(select(AuditRegel).where(AuditRegel.actie == HistorieActie.GEZOCHT)).scalars().all()
    assert len(zoekregels) == 2 and "Jansen" not in (zoekregels[-1].details or "")


@pytest.mark.parametrize("rol, status", [(V, 200), (C, 200), (Rol.TOEZICHTHOUDER, 403), (Rol.BEHEERDER, 403),
                                         (Rol.BURGEMEESTER, 403)])
def test_who_may_search(client, session, register, rol, status):
    login(client, session, register["users"][("9901", rol)])
    assert client.get("/historie/?naam=Vries").status_code == status


def test_names_are_escaped(app, client, session, register):
    with app.app_context():
        bedrijf(session, register["a"], naam="<script>alert(1)</script> Horeca B.V.", kvk="07654321")
        session.commit()
    login(client, session, register["users"][("9901", V)])
    html = client.get("/historie/?kvk=7654321").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Horeca B.V." in html and "<script>alert(1)" not in html


def test_an_empty_or_date_only_query_asks_for_more(client, session, register):
    login(client, session, register["users"][("9901", V)])
    assert "Niemand gevonden" not in client.get("/historie/").get_data(as_text=True)
    html = client.get("/historie/?geboortedatum=1975-06-15").get_data(as_text=True)
    assert "Vul een naam, KvK-nummer of adres in" in html
