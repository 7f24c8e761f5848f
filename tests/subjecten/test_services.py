"""The subjects register's services: one company stays one subject, numbers and legal grounds
are checked, relations stay inside one gemeente."""
from datetime import date

import pytest
from sqlalchemy import func, select

from handhaving.errors import OngeldigeInvoer
from handhaving.subjecten import services
from handhaving.subjecten.models import Subject, SubjectRelatie
from handhaving.vergunningen.services import rollen_van_subject
from tests.factories.vergunningen import bedrijf, persoon, vergunning

pytestmark = pytest.mark.usefixtures("app_ctx")


def _aantal(session, **filters) -> int:
    return session.execute(select(func.count(Subject.id)).filter_by(**filters)).scalar_one()


def test_one_company_with_three_permits_stays_one_subject(session, world):
    a = world["a"]
    houder = bedrijf(session, a, naam="Rode Lamp Exploitatie B.V.", kvk="01234567")
    vergunningen = [vergunning(session, a, houder=houder) for _ in range(3)]
    # An import or a permit form that meets the same company again finds it, with or without its zero.
    for kvk in ("1234567", "0123 45 67"):
        zelfde, nieuw = services.rechtspersoon_voor_kvk(session, None, a.id, services.RechtspersoonInvoer(
            naam="Rode Lamp Exploitatie", kvk_nummer=kvk))
        assert zelfde.id == houder.id and not nieuw
    assert _aantal(session, gemeente_id=a.id, kvk_nummer="01234567") == 1
    assert {v.houder_id for v in vergunningen} == {houder.id}
    rollen = rollen_van_subject(session, houder)
    assert sorted(v.id for v, _ in rollen) == sorted(v.id for v in vergunningen)
    assert {rol for _, rol in rollen} == {"Vergunninghouder"}


def test_rechtspersoon_voor_kvk_makes_a_new_one_once(session, world):
    a = world["a"]
    eerste, nieuw = services.rechtspersoon_voor_kvk(session, None, a.id, services.RechtspersoonInvoer(
        naam="Nieuw B.V.", kvk_nummer="1234567"))
    tweede, nog_eens = services.rechtspersoon_voor_kvk(session, None, a.id, services.RechtspersoonInvoer(
        naam="Nieuw B.V.", kvk_nummer="01234567"))
    assert nieuw and not nog_eens and eerste.id == tweede.id and eerste.kvk_nummer == "01234567"


def test_the_same_kvk_number_in_another_gemeente_is_another_subject(session, world):
    bedrijf(session, world["a"], kvk="12345678")
    b = bedrijf(session, world["b"], kvk="12345678")
    assert b.gemeente_id == world["b"].id


def test_a_second_company_with_the_same_kvk_number_is_refused(session, world):
    a = world["a"]
    eerste = bedrijf(session, a, naam="Eerste B.V.", kvk="12345678")
    with pytest.raises(OngeldigeInvoer) as e:
        bedrijf(session, a, naam="Kopie B.V.", kvk="1234 5678")
    assert "12345678" in e.value.message and "al in het register" in e.value.message
    assert _aantal(session, gemeente_id=a.id, kvk_nummer="12345678") == 1
    # Editing another company to that number is refused too; editing the company itself is not.
    ander = bedrijf(session, a, naam="Ander B.V.")
    with pytest.raises(OngeldigeInvoer):
        services.wijzig(session, None, ander, services.RechtspersoonInvoer(naam="Ander B.V.", kvk_nummer="12345678"))
    services.wijzig(session, None, eerste, services.RechtspersoonInvoer(naam="Eerste Holding B.V.",
                                                                        kvk_nummer="12345678"))
    assert eerste.naam == "Eerste Holding B.V."


def test_a_malformed_kvk_number_writes_nothing(session, world):
    voor = _aantal(session)
    with pytest.raises(OngeldigeInvoer) as e:
        bedrijf(session, world["a"], kvk="000012345678")
    assert "vestigingsnummer" in e.value.message
    assert _aantal(session) == voor


def test_handelsnamen_are_kept_without_doubles_and_searchable(session, world):
    s = bedrijf(session, world["a"], naam="Holding Noord B.V.", handelsnamen=["Club Venus", " Club  Venus ",
                                                                           "Holding Noord B.V."])
    assert s.handelsnamen == ["Club Venus"]
    assert [x.id for x in services.zoek(session, [world["a"].id], "venus")] == [s.id]
    assert services.zoek(session, [world["b"].id], "venus") == []
    assert [x.id for x in services.zoek(session, [world["a"].id], s.kvk_nummer)] == [s.id]


def test_a_bsn_needs_its_legal_ground(session, world):
    with pytest.raises(OngeldigeInvoer) as e:
        persoon(session, world["a"], bsn="123456782")
    assert "grondslag" in e.value.message
    with pytest.raises(OngeldigeInvoer) as e:
        persoon(session, world["a"], bsn="123456789", bsn_grondslag="Wet Bibob art. 30")
    assert "elfproef" in " ".join(e.value.problemen)
    p = persoon(session, world["a"], bsn="1234 56 782", bsn_grondslag="Wet Bibob art. 30")
    assert p.bsn == "123456782" and p.bsn_grondslag == "Wet Bibob art. 30"


def test_no_grondslag_is_kept_without_a_bsn(session, world):
    p = persoon(session, world["a"], bsn="", bsn_grondslag="Wet Bibob art. 30")
    assert p.bsn is None and p.bsn_grondslag == ""


def test_person_names_are_stored_with_particles_apart(session, world):
    p = persoon(session, world["a"], geslachtsnaam="Vries", voorvoegsel="De", voornamen="Jan Pieter")
    assert p.voorvoegsel == "de" and p.achternaam == "de Vries"
    assert p.sorteernaam == "Vries, J.P. de" and p.weergavenaam == "Jan Pieter de Vries"
    assert [x.id for x in services.zoek(session, [world["a"].id], "vries")] == [p.id]


def test_person_dedupe_on_name_and_date_of_birth(session, world):
    a = world["a"]
    invoer = services.PersoonInvoer(geslachtsnaam="Berg", voorvoegsel="van der", voornamen="Anna",
                                    geboortedatum=date(1990, 3, 4))
    eerste, nieuw = services.persoon_zoeken_of_maken(session, None, a.id, invoer)
    tweede, opnieuw = services.persoon_zoeken_of_maken(session, None, a.id, services.PersoonInvoer(
        geslachtsnaam="Berg", voorvoegsel="Van der", voornamen="Anna", geboortedatum=date(1990, 3, 4)))
    assert nieuw and not opnieuw and tweede.id == eerste.id
    # Another date of birth, or none, is another person.
    ander, _ = services.persoon_zoeken_of_maken(session, None, a.id, services.PersoonInvoer(
        geslachtsnaam="Berg", voorvoegsel="van der", voornamen="Anna", geboortedatum=date(1991, 3, 4)))
    zonder, _ = services.persoon_zoeken_of_maken(session, None, a.id, services.PersoonInvoer(
        geslachtsnaam="Berg", voorvoegsel="van der", voornamen="Anna"))
    assert len({eerste.id, ander.id, zonder.id}) == 3
    # And the same name in another gemeente is that gemeente's own record.
    elders, nieuw_elders = services.persoon_zoeken_of_maken(session, None, world["b"].id, invoer)
    assert nieuw_elders and elders.id != eerste.id


def test_date_of_birth_in_the_future_is_refused(session, world):
    with pytest.raises(OngeldigeInvoer):
        persoon(session, world["a"], geboortedatum=date(date.today().year + 1, 1, 1))


def test_relations_both_directions(session, world):
    a = world["a"]
    bv = bedrijf(session, a, naam="Exploitatie Zuid B.V.")
    holding = bedrijf(session, a, naam="Zuid Holding B.V.")
    jan = persoon(session, a, geslachtsnaam="Bakker", voornamen="Jan")
    services.voeg_relatie_toe(session, None, bv, jan, "bestuurder", sinds=date(2020, 1, 1))
    services.voeg_relatie_toe(session, None, bv, holding, "aandeelhouder", toelichting="100%")
    services.voeg_relatie_toe(session, None, holding, jan, "bestuurder")
    assert [(r.betrokkene.naam or r.betrokkene.geslachtsnaam, r.soort.value) for r in bv.relaties] == [
        ("Bakker", "bestuurder"), ("Zuid Holding B.V.", "aandeelhouder")]
    assert {r.rechtspersoon.naam for r in services.betrokken_bij(session, jan)} == {bv.naam, holding.naam}
    # The same role twice is refused; another role of the same person is not.
    with pytest.raises(OngeldigeInvoer):
        services.voeg_relatie_toe(session, None, bv, jan, "bestuurder")
    services.voeg_relatie_toe(session, None, bv, jan, "aandeelhouder")
    r = bv.relaties[0]
    services.verwijder_relatie(session, None, r)
    session.expire_all()
    assert [x.soort.value for x in services.betrokken_bij(session, jan)] == ["bestuurder", "aandeelhouder"]


def test_a_relation_across_gemeenten_is_refused(session, world):
    bv = bedrijf(session, world["a"])
    elders = persoon(session, world["b"])
    with pytest.raises(OngeldigeInvoer) as e:
        services.voeg_relatie_toe(session, None, bv, elders, "bestuurder")
    assert "andere gemeente" in e.value.message
    assert session.execute(select(func.count(SubjectRelatie.id))).scalar_one() == 0


@pytest.mark.parametrize("soort, fout", [("eigenaar", "soort"), ("bestuurder", "einddatum")])
def test_relation_input_is_checked(session, world, soort, fout):
    bv = bedrijf(session, world["a"])
    p = persoon(session, world["a"])
    with pytest.raises(OngeldigeInvoer) as e:
        services.voeg_relatie_toe(session, None, bv, p, soort, sinds=date(2024, 5, 1), tot=date(2024, 4, 30))
    assert fout in " ".join(e.value.problemen)


def test_a_person_has_no_directors_and_a_company_not_itself(session, world):
    bv = bedrijf(session, world["a"])
    p = persoon(session, world["a"])
    with pytest.raises(OngeldigeInvoer):
        services.voeg_relatie_toe(session, None, p, bv, "bestuurder")
    with pytest.raises(OngeldigeInvoer):
        services.voeg_relatie_toe(session, None, bv, bv, "aandeelhouder")


def test_get_subject_is_tenant_scoped(session, world):
    bv = bedrijf(session, world["a"])
    assert services.get_subject(session, [world["a"].id], bv.id) is bv
    assert services.get_subject(session, [world["b"].id], bv.id) is None
    assert services.get_subject(session, [world["a"].id], 999999) is None
