"""History search finds what people type (hardening issue, item 14): a surname written together
with its particles, "v.d." as a particle, a one-letter typo, an abbreviated street name with a
full stop, a date of birth with day and month swapped (lower, not gone), the people and companies
at an address beyond permit holders, and the permits of the companies a director directs."""
from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from handhaving.controles.models import AangetroffenPersoon, AangetroffenSekswerker, PersoonRol, VoorschriftToets
from handhaving.historie.services import zoek_historie
from handhaving.historie.zoeken import Zoekvraag, ontleed_naam, zoek
from handhaving.locaties.services import zoek_adressen
from handhaving.security.rules import Rol
from handhaving.subjecten import services as subjecten
from handhaving.tijd import vandaag
from tests.factories import ControleFactory, add_adres
from tests.factories.vergunningen import bedrijf, persoon, vergunning
from tests.historie.test_zoeken import _zoek, register  # noqa: F401  (fixture)


@pytest.fixture
def meer(app, session, register):  # noqa: F811
    a = register["a"]
    with app.app_context():
        extra = {
            "kees": persoon(session, a, "Berg", voorvoegsel="van der", voornamen="Kees", geboortedatum=date(1971, 8, 2)),
            "smit": persoon(session, a, "Smit", voornamen="Piet", geboortedatum=date(1982, 4, 9)),
            "bakker": persoon(session, a, "Bakker", voornamen="Sanne", geboortedatum=date(1988, 11, 3)),
        }
        session.commit()
    return {**register, **extra}


def _ids(treffers) -> list[int]:
    return [t.subject_id for t in treffers]


@pytest.mark.parametrize("q", ["Vanderberg", "vanderberg", "Kees Vanderberg", "Vanderberg, K.", "VanDerBerg"])
def test_a_surname_written_together_with_its_particles_is_found(session, meer, app_ctx, q):
    treffers = _zoek(session, meer, naam=q)
    assert _ids(treffers)[:1] == [meer["kees"].id], q
    assert treffers[0].score >= 80


def test_a_surname_with_particles_written_together_finds_de_vries(session, meer, app_ctx):
    ids = _ids(_zoek(session, meer, naam="Jan Devries"))
    assert ids[0] == meer["jan"].id


@pytest.mark.parametrize("q", ["K. v.d. Berg", "v.d. Berg", "K. vd Berg", "Berg, K. v.d.", "K. v/d Berg"])
def test_v_d_is_read_as_a_particle_not_as_initials(session, meer, app_ctx, q):
    naam = ontleed_naam(q)
    assert "v" not in naam.voorletters and "d" not in naam.voorletters, naam
    treffers = _zoek(session, meer, naam=q)
    assert _ids(treffers)[0] == meer["kees"].id, q
    assert not any("klopt niet" in r for r in treffers[0].redenen), treffers[0].redenen


@pytest.mark.parametrize("q,wie", [
    ("Fijkstra", "dijkstra"),    # first letter wrong
    ("Dijktra", "dijkstra"),     # one letter left out
    ("Dijkstraa", "dijkstra"),   # one letter too many
    ("Nakker", "bakker"),        # first letter wrong, short name
    ("Bakkre", "bakker"),        # two letters swapped at the end
    ("Anna Dijksrta", "dijkstra"),
])
def test_a_one_letter_typo_in_a_surname_still_finds_the_person(session, meer, app_ctx, q, wie):
    treffers = _zoek(session, meer, naam=q)
    assert meer[wie].id in _ids(treffers)[:3], (q, [t.redenen for t in treffers[:3]])


def test_a_date_of_birth_with_day_and_month_swapped_lowers_the_score_instead_of_removing(session, meer, app_ctx):
    goed = _zoek(session, meer, naam="Piet Smit", geboortedatum=date(1982, 4, 9))
    verwisseld = _zoek(session, meer, naam="Piet Smit", geboortedatum=date(1982, 9, 4))
    anders = _zoek(session, meer, naam="Piet Smit", geboortedatum=date(1979, 2, 20))
    smit = meer["smit"].id
    assert smit in _ids(verwisseld)
    t_goed = goed[_ids(goed).index(smit)]
    t_verwisseld = verwisseld[_ids(verwisseld).index(smit)]
    assert t_verwisseld.score < t_goed.score
    assert any("dag en maand verwisseld" in r for r in t_verwisseld.redenen)
    assert smit not in _ids(anders)       # another date is still another person


@pytest.mark.parametrize("q", ["Kerkstr. 12", "kerkstr.12", "Burg. de Withstr. 5", "burg. de withstraat 5",
                               "Burgemeester de Withstr. 5", "Burg.de Withstraat 5"])
def test_an_abbreviated_street_name_with_a_full_stop_is_found(session, meer, app_ctx, q):
    add_adres(session, meer["a"], "Burgemeester de Withstraat", 5, "6412BB")
    session.flush()
    gevonden = zoek_adressen(session, [meer["a"].id], q)
    assert gevonden, q
    verwacht = "Kerkstraat" if q.lower().startswith("kerk") else "Burgemeester de Withstraat"
    assert {a.openbare_ruimte for a in gevonden} == {verwacht}, q


def test_an_address_search_finds_people_registered_there_and_people_met_at_its_controls(app, session, meer):
    a, adres, c = meer["a"], meer["adres"], meer["controle"]
    with app.app_context():
        bewoner = persoon(session, a, "Hendriks", voornamen="Mia", adres_id=adres.id)
        session.add(AangetroffenPersoon(uuid=str(uuid.uuid4()), controle_id=c.id, gemeente_id=a.id,
                                        rol=PersoonRol.BEHEERDER, naam="Kees van der Berg"))
        # A sex worker met there is never linked to anyone by the search (special category).
        sw = AangetroffenPersoon(uuid=str(uuid.uuid4()), controle_id=c.id, gemeente_id=a.id,
                                 rol=PersoonRol.SEKSWERKER, naam="Piet Smit")
        session.add(sw)
        session.flush()
        session.add(AangetroffenSekswerker(persoon_id=sw.id, gemeente_id=a.id, werknaam="Piet Smit"))
        session.commit()
        treffers = zoek(session, [a.id], Zoekvraag(adres="Kerkstraat 12"), controle_gemeenten=[a.id])
        zonder_controles = _ids(zoek(session, [a.id], Zoekvraag(adres="Kerkstraat 12")))
    ids = _ids(treffers)
    assert {meer["bv"].id, meer["jan"].id, bewoner.id, meer["kees"].id} <= set(ids)
    assert meer["smit"].id not in ids
    kees = treffers[ids.index(meer["kees"].id)]
    assert any("Aangetroffen bij een controle op dit adres" in r and "Beheerder" in r for r in kees.redenen)
    assert any("Ingeschreven op dit adres" in r for r in treffers[ids.index(bewoner.id)].redenen)
    # Who may not see controles (the vergunningverlener) gets no link through them.
    assert meer["kees"].id not in zonder_controles and bewoner.id in zonder_controles


def test_an_address_search_finds_the_company_whose_permit_was_checked_there(app, session, meer):
    """A permit registered elsewhere (e.g. the company's office) but checked in a controle at
    this address: the controle links the company to the place."""
    a = meer["a"]
    with app.app_context():
        kantoor = add_adres(session, a, "Stationsweg", 1, "6413CC")
        pand = add_adres(session, a, "Molenstraat", 8, "6414DD")
        houder = bedrijf(session, a, naam="Massagesalon Zen V.O.F.", kvk="87654321")
        v = vergunning(session, a, houder=houder, adres=kantoor)
        c = ControleFactory(gemeente=a, adres_id=pand.id, gepland_op=vandaag() - timedelta(days=3))
        session.add(VoorschriftToets(controle_id=c.id, gemeente_id=a.id, voorschrift_id=v.voorschriften[0].id))
        session.commit()
        treffers = zoek(session, [a.id], Zoekvraag(adres="Molenstraat 8"), controle_gemeenten=[a.id])
    assert houder.id in _ids(treffers)
    assert any("gecontroleerd" in r for r in treffers[_ids(treffers).index(houder.id)].redenen)


def test_searching_a_director_shows_the_permits_of_the_companies_they_direct(app, session, meer):
    coord = meer["users"][("9901", Rol.COORDINATOR)]
    with app.app_context():
        subjecten.voeg_relatie_toe(session, None, meer["bv"], meer["karel"], "bestuurder",
                                   sinds=date(2019, 1, 1))
        session.commit()
        uitkomst = zoek_historie(session, coord, [meer["a"].id], Zoekvraag(naam="Karel de Vries"))
    karel = next(h for h in uitkomst.resultaten if h.subject.id == meer["karel"].id)
    rollen = {v.id: rol for v, rol in karel.vergunningen}
    assert meer["vergunning"].id in rollen
    assert "Bestuurder" in rollen[meer["vergunning"].id] and "Exploitatie Noord B.V." in rollen[meer["vergunning"].id]
