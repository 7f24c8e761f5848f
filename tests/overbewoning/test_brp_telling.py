"""BRP counts that were wrong without a warning: a standplaats without area, partial counts of
one object (two peildata, or object and address rows added up), a full file that did not
replace, and headers or fields that ran a request past its timeout or into a 500."""
from __future__ import annotations

import time
from datetime import date

import pytest
from sqlalchemy import select

from handhaving.audit.models import AuditRegel
from handhaving.auth.models import Rol
from handhaving.errors import OngeldigeInvoer
from handhaving.overbewoning import indicatoren as ind
from handhaving.overbewoning import oppervlakte, services
from handhaving.overbewoning.acties import OverbewoningActie
from handhaving.overbewoning.importeren import ImportFout, controleer_bestand, importeer
from handhaving.overbewoning.models import Bewoning
from tests.factories import VerblijfsobjectFactory, add_adres
from tests.factories.base import bind
from tests.factories.overbewoning import brp_csv

PD = "2026-11-30"


def _num(adres):
    return adres.nummeraanduiding_id


@pytest.fixture
def standplaats(app, session, buurt):
    """A woonwagen: the BAG gives a standplaats no area."""
    bind(session)
    vbo = VerblijfsobjectFactory(gemeente=buurt["a"], object_type="STA", oppervlakte=None, gebruiksdoelen=None)
    adres = add_adres(session, buurt["a"], "Woonwagenpad", 2, "9901AE", vbo=vbo)
    session.commit()
    return adres


def _tellingen(session, vbo_id) -> list[tuple]:
    return session.execute(select(Bewoning.peildatum, Bewoning.personen, Bewoning.actueel, Bewoning.oppervlakte,
                                  Bewoning.oppervlakte_bron).where(Bewoning.verblijfsobject_id == vbo_id)
                           .order_by(Bewoning.peildatum)).all()


# --- a standplaats gets its area from the occupancy data or the beheerder ----------------------------

def test_a_standplaats_gets_its_area_from_the_occupancy_file_and_then_the_6_m2_norm(app_ctx, session, buurt,
                                                                                  standplaats):
    kop = "nummeraanduiding_id;peildatum;personen;oppervlakte"
    rapport = importeer(session, buurt["a"].id, brp_csv(f"{_num(standplaats)};{PD};6;30", kop=kop), proef=False)
    assert rapport.fouten == [] and rapport.uitgevoerd
    bew = session.execute(select(Bewoning)).scalar_one()
    assert (bew.oppervlakte, bew.oppervlakte_bron) == (30, "brp")
    uitkomst = services.bereken(bew, standplaats.verblijfsobject, ind.Normen())
    # 30 m² ÷ 6 personen = 5 m² < 6 m² (standplaats)
    assert uitkomst.vlaggen == [ind.BOUWNORM] and uitkomst.norm_m2 == 6 and uitkomst.oppervlakte == 30
    assert "opgegeven" in uitkomst.regels[0].invoer


def test_an_area_in_the_file_for_an_object_whose_area_the_bag_gives_is_a_refused_row(app_ctx, session, buurt):
    kop = "nummeraanduiding_id;peildatum;personen;oppervlakte"
    rapport = importeer(session, buurt["a"].id, brp_csv(f"{_num(buurt['a2'])};{PD};2;50", kop=kop), proef=True)
    assert [(f["regel"], f["kolom"]) for f in rapport.fouten] == [(2, "oppervlakte")]
    assert "BAG" in rapport.fouten[0]["melding"]


def test_the_beheerder_supplies_the_area_of_a_standplaats_and_later_counts_keep_it(app_ctx, session, buurt,
                                                                                 standplaats):
    vbo = standplaats.verblijfsobject
    importeer(session, buurt["a"].id, brp_csv(f"{_num(standplaats)};2026-06-30;5;;;;"), proef=False)
    user = buurt["users"][("9901", Rol.BEHEERDER)]
    oppervlakte.leg_vast(session, [buurt["a"].id], user, vbo.bag_id, 28, "Gemeten bij de controle")
    assert _tellingen(session, vbo.id) == [(date(2026, 6, 30), 5, True, 28, "beheerder")]
    # 28 m² ÷ 5 = 5,6 m² < 6 m²: the count that had no area now gets the norm.
    bew = session.execute(select(Bewoning)).scalar_one()
    assert services.bereken(bew, vbo, ind.Normen()).vlaggen == [ind.BOUWNORM]
    # A later file without an area: the beheerder's area holds for it too.
    importeer(session, buurt["a"].id, brp_csv(f"{_num(standplaats)};{PD};4;;;;"), proef=False)
    assert _tellingen(session, vbo.id)[-1] == (date(2026, 11, 30), 4, True, 28, "beheerder")
    regel = session.execute(select(AuditRegel).where(
        AuditRegel.actie == OverbewoningActie.OPPERVLAKTE_OPGEGEVEN)).scalar_one()
    assert regel.gemeente_id == buurt["a"].id and "28" in regel.details


def test_the_beheerder_cannot_overrule_the_bag_area_nor_reach_another_gemeente(app_ctx, session, buurt):
    user = buurt["users"][("9901", Rol.BEHEERDER)]
    with pytest.raises(OngeldigeInvoer, match="BAG"):
        oppervlakte.leg_vast(session, [buurt["a"].id], user, buurt["a2"].verblijfsobject.bag_id, 50, "")
    with pytest.raises(OngeldigeInvoer, match="niet gevonden"):
        oppervlakte.leg_vast(session, [buurt["a"].id], user, buurt["b1"].verblijfsobject.bag_id, 50, "")
    with pytest.raises(OngeldigeInvoer, match="tussen"):
        oppervlakte.leg_vast(session, [buurt["a"].id], user, buurt["a2"].verblijfsobject.bag_id, 0, "")


# --- one count per object per peildatum ---------------------------------------------------------------

def test_hoofdadres_and_nevenadres_with_different_peildata_are_refused_not_two_partial_counts(app_ctx, session,
                                                                                            buurt):
    a1, neven = buurt["a1"], buurt["neven"]
    raw = brp_csv(f"{_num(a1)};2026-11-30;3;;;;", f"{_num(neven)};2026-10-31;2;;;;")
    rapport = importeer(session, buurt["a"].id, raw, proef=False)
    assert not rapport.uitgevoerd and session.execute(select(Bewoning)).first() is None
    assert [(f["regel"], f["kolom"]) for f in rapport.fouten] == [(3, "peildatum")]
    melding = rapport.fouten[0]["melding"]
    assert "regel 2" in melding and "30-11-2026" in melding and "31-10-2026" in melding


def test_both_addresses_on_both_peildata_give_one_full_count_per_peildatum(app_ctx, session, buurt):
    a1, neven = buurt["a1"], buurt["neven"]
    raw = brp_csv(f"{_num(a1)};2026-10-31;3;;;;", f"{_num(neven)};2026-10-31;1;;;;",
                  f"{_num(a1)};2026-11-30;3;;;;", f"{_num(neven)};2026-11-30;2;;;;")
    rapport = importeer(session, buurt["a"].id, raw, proef=False)
    assert rapport.fouten == []
    assert [(p, n, a) for p, n, a, _, _ in _tellingen(session, a1.verblijfsobject_id)] == [
        (date(2026, 10, 31), 4, False), (date(2026, 11, 30), 5, True)]


def test_a_row_by_object_id_and_a_row_by_one_of_its_addresses_are_refused_not_added_up(app_ctx, session, buurt):
    a1 = buurt["a1"]
    kop = "nummeraanduiding_id;verblijfsobject_id;peildatum;personen"
    raw = brp_csv(f";{a1.verblijfsobject.bag_id};{PD};4", f"{_num(a1)};;{PD};4", kop=kop)
    rapport = importeer(session, buurt["a"].id, raw, proef=False)
    assert not rapport.uitgevoerd and session.execute(select(Bewoning)).first() is None
    assert [(f["regel"], f["kolom"]) for f in rapport.fouten] == [(3, "nummeraanduiding_id")]
    assert "regel 2" in rapport.fouten[0]["melding"] and "verblijfsobject_id" in rapport.fouten[0]["melding"]


# --- a full file replaces -----------------------------------------------------------------------------

def test_a_full_file_replaces_an_address_missing_from_it_gets_zero_and_loses_its_flag(app_ctx, session, buurt):
    a1, a2 = buurt["a1"], buurt["a2"]
    importeer(session, buurt["a"].id, brp_csv(f"{_num(a1)};2026-10-31;6;;;;", f"{_num(a2)};2026-10-31;2;;;;"),
              proef=False, volledig=True)
    bew = session.execute(select(Bewoning).where(Bewoning.verblijfsobject_id == a1.verblijfsobject_id)).scalar_one()
    assert services.bereken(bew, a1.verblijfsobject, ind.Normen()).vlaggen == [ind.BOUWNORM]  # 40 m², 6 persons
    # The newer full file has no row for a1: nobody is registered there any more.
    proef = importeer(session, buurt["a"].id, brp_csv(f"{_num(a2)};{PD};2;;;;"), proef=True, volledig=True)
    assert proef.vervallen == 1 and "1 verblijfsobject" in proef.samenvatting()
    rapport = importeer(session, buurt["a"].id, brp_csv(f"{_num(a2)};{PD};2;;;;"), proef=False, volledig=True)
    assert rapport.vervallen == 1 and rapport.aantallen == {"nieuw": 1, "gewijzigd": 0, "ongewijzigd": 0}
    assert [(p, n, a) for p, n, a, _, _ in _tellingen(session, a1.verblijfsobject_id)] == [
        (date(2026, 10, 31), 6, False), (date(2026, 11, 30), 0, True)]
    actueel = session.execute(select(Bewoning).where(Bewoning.verblijfsobject_id == a1.verblijfsobject_id,
                                                     Bewoning.actueel.is_(True))).scalar_one()
    assert services.bereken(actueel, a1.verblijfsobject, ind.Normen()).vlaggen == []
    # The same full file again: nothing changes.
    opnieuw = importeer(session, buurt["a"].id, brp_csv(f"{_num(a2)};{PD};2;;;;"), proef=False, volledig=True)
    assert opnieuw.vervallen == 0 and opnieuw.aantallen["ongewijzigd"] == 1


def test_a_supplement_keeps_the_counts_of_objects_not_in_it(app_ctx, session, buurt):
    a1, a2 = buurt["a1"], buurt["a2"]
    importeer(session, buurt["a"].id, brp_csv(f"{_num(a1)};2026-10-31;6;;;;"), proef=False)
    rapport = importeer(session, buurt["a"].id, brp_csv(f"{_num(a2)};{PD};2;;;;"), proef=False, volledig=False)
    assert rapport.vervallen == 0
    assert [(p, n, a) for p, n, a, _, _ in _tellingen(session, a1.verblijfsobject_id)] == [
        (date(2026, 10, 31), 6, True)]


# --- header and field limits ----------------------------------------------------------------------------

def test_a_header_of_40000_columns_is_refused_at_once(app_ctx, session, buurt):
    for kolom in ("personen", "opmerking"):
        raw = (";".join(["nummeraanduiding_id", *[kolom] * 40_000]) + "\n").encode()
        start = time.perf_counter()
        with pytest.raises(ImportFout, match="kopregel"):
            controleer_bestand(raw, date(2026, 11, 30))
        with pytest.raises(ImportFout, match="kopregel"):
            importeer(session, buurt["a"].id, raw, proef=True, peildatum=date(2026, 11, 30))
        assert time.perf_counter() - start < 1.0


def test_a_repeated_column_is_still_named(app_ctx, session, buurt):
    with pytest.raises(ImportFout, match="‘personen’ staat twee keer"):
        controleer_bestand(brp_csv("1;2;3", kop="nummeraanduiding_id;personen;personen"), date(2026, 11, 30))


def test_a_field_over_128_kib_is_refused_in_dutch_with_its_line_number(app_ctx, session, buurt):
    raw = brp_csv(f"{_num(buurt['a2'])};{PD};2;;;;", f"{_num(buurt['a1'])};{PD};\"{'1' * 200_000}\";;;;")
    with pytest.raises(ImportFout, match=r"regel 3.*128 KiB"):
        controleer_bestand(raw)
    with pytest.raises(ImportFout, match=r"regel 3.*128 KiB"):
        importeer(session, buurt["a"].id, raw, proef=True)
