"""The rules on hand-made cases, and ``bereken`` and ``sql_vlaggen`` agreeing on the test database."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from handhaving.locaties.models import Verblijfsobject
from handhaving.overbewoning import indicatoren as ind
from handhaving.overbewoning.models import Bewoning
from tests.factories import VerblijfsobjectFactory
from tests.factories.base import bind
from tests.factories.overbewoning import bewoning

# (name, object_type, oppervlakte, gebruiksdoelen, counts, expected flags)
GEVALLEN = [
    ("niemand", "VBO", 50, "woonfunctie", dict(personen=0), []),
    ("oppervlakte onbekend", "VBO", None, "woonfunctie", dict(personen=9), []),
    ("oppervlakte nul", "VBO", 0, "woonfunctie", dict(personen=9), []),
    ("precies op de norm", "VBO", 48, "woonfunctie", dict(personen=4), []),
    ("net onder de norm", "VBO", 47, "woonfunctie", dict(personen=4), [ind.BOUWNORM]),
    ("standplaats 6 m²", "STA", 30, "", dict(personen=5), []),
    ("standplaats onder 6 m²", "STA", 30, "", dict(personen=6), [ind.BOUWNORM]),
    ("ligplaats", "LIG", 20, "", dict(personen=2), [ind.BOUWNORM]),
    ("kantoor met inschrijvingen", "VBO", 20, "kantoorfunctie", dict(personen=3), [ind.GEEN_WOONFUNCTIE]),
    ("gemengd met woonfunctie", "VBO", 30, "woonfunctie,winkelfunctie", dict(personen=3), [ind.BOUWNORM]),
    ("gebruiksdoel onbekend", "VBO", 100, None, dict(personen=2), []),
    ("volwassenen in huishoudens", "VBO", 200, "woonfunctie", dict(personen=5, volwassenen=4, huishoudens=2),
     [ind.VOLWASSENEN]),
    ("volwassenen één huishouden", "VBO", 200, "woonfunctie", dict(personen=5, volwassenen=5, huishoudens=1), []),
    ("achternamen zonder huishoudens", "VBO", 200, "woonfunctie", dict(personen=4, volwassenen=4, achternamen=3),
     [ind.VOLWASSENEN]),
    ("verloop op de drempel", "VBO", 200, "woonfunctie", dict(personen=2, inschrijvingen_12m=6), [ind.VERLOOP]),
    ("verloop eronder", "VBO", 200, "woonfunctie", dict(personen=2, inschrijvingen_12m=5), []),
    ("alles", "VBO", 20, "woonfunctie", dict(personen=6, volwassenen=6, huishoudens=3, inschrijvingen_12m=9),
     [ind.BOUWNORM, ind.VOLWASSENEN, ind.VERLOOP]),
    # The BAG gives a standplaats or ligplaats no area: the one supplied with the count (BRP file or
    # beheerder, ``Bewoning.oppervlakte``) is used; a BAG area always wins.
    ("standplaats zonder oppervlakte", "STA", None, "", dict(personen=6), []),
    ("standplaats opgegeven onder 6 m²", "STA", None, "", dict(personen=6, oppervlakte=30), [ind.BOUWNORM]),
    ("standplaats opgegeven op 6 m²", "STA", None, "", dict(personen=5, oppervlakte=30), []),
    ("ligplaats opgegeven", "LIG", None, "", dict(personen=3, oppervlakte=30), [ind.BOUWNORM]),
    ("BAG-oppervlakte gaat voor", "VBO", 100, "woonfunctie", dict(personen=6, oppervlakte=30), []),
    ("BAG-oppervlakte nul, opgegeven", "STA", 0, "", dict(personen=6, oppervlakte=30), [ind.BOUWNORM]),
]


def _bereken(object_type, opp, doelen, tellingen, normen=ind.Normen()):
    tellingen = dict(tellingen)
    opgegeven = tellingen.pop("oppervlakte", None)  # supplied with the count (Bewoning.oppervlakte)
    return ind.bereken(object_type=object_type, oppervlakte=opp, opgegeven_oppervlakte=opgegeven,
                       gebruiksdoelen=[d for d in (doelen or "").split(",") if d], normen=normen, **tellingen)


@pytest.mark.parametrize("naam,object_type,opp,doelen,tellingen,verwacht", GEVALLEN, ids=[g[0] for g in GEVALLEN])
def test_bereken(naam, object_type, opp, doelen, tellingen, verwacht):
    assert _bereken(object_type, opp, doelen, tellingen).vlaggen == verwacht


def test_formule_invoer_en_getallen():
    i = _bereken("VBO", 47, "woonfunctie", dict(personen=4))
    assert (i.m2_per_persoon, i.max_personen, i.overschot) == (Decimal("11.8"), 3, 1)
    regel = i.regels[0]
    assert regel.code == ind.BOUWNORM and regel.uitkomst is True
    assert "47 m² ÷ 4 personen" in regel.invoer and "< 12 m²" in regel.formule
    zonder = _bereken("VBO", None, "woonfunctie", dict(personen=3))
    assert zonder.regels[0].uitkomst is None and zonder.max_personen is None
    sta = _bereken("STA", 30, "", dict(personen=5))
    assert sta.norm_m2 == Decimal("6") and sta.max_personen == 5 and "standplaats" in sta.regels[0].formule
    # Codes and numbers only in the snapshot kept with a beoordeling.
    assert set(i.als_dict()) == {"peildatum", "personen", "oppervlakte", "norm_m2", "m2_per_persoon",
                                 "max_personen", "overschot", "vlaggen"}


def test_gemeentelijke_normen():
    streng = ind.Normen(m2=Decimal("15"), volwassenen=3, verloop=3)
    assert _bereken("VBO", 58, "woonfunctie", dict(personen=4), streng).vlaggen == [ind.BOUWNORM]
    assert _bereken("VBO", 200, "woonfunctie", dict(personen=3, volwassenen=3, huishoudens=2, inschrijvingen_12m=3),
                    streng).vlaggen == [ind.VOLWASSENEN, ind.VERLOOP]


@pytest.mark.parametrize("normen", [ind.Normen(), ind.Normen(m2=Decimal("12.5"), m2_standplaats=Decimal("7"),
                                                             volwassenen=3, verloop=5)], ids=["standaard", "eigen"])
def test_bereken_en_sql_zijn_het_eens(session, world, normen):
    bind(session)
    verwacht = {}
    for naam, object_type, opp, doelen, tellingen, _ in GEVALLEN:
        vbo = VerblijfsobjectFactory(gemeente=world["a"], object_type=object_type, oppervlakte=opp,
                                     gebruiksdoelen=doelen)
        bewoning(session, vbo, **tellingen)
        verwacht[vbo.id] = (naam, _bereken(object_type, opp, doelen, tellingen, normen).vlaggen)
    vlaggen = ind.sql_vlaggen(Bewoning, Verblijfsobject, {world["a"].id: normen})
    stmt = select(Bewoning.verblijfsobject_id, *(v.label(k) for k, v in vlaggen.items())).join(
        Verblijfsobject, Verblijfsobject.id == Bewoning.verblijfsobject_id).where(
        Bewoning.verblijfsobject_id.in_(verwacht))
    for rij in session.execute(stmt).mappings():
        naam, uit_python = verwacht[rij["verblijfsobject_id"]]
        uit_sql = [k for k in ind.VLAGGEN if rij[k]]
        assert uit_sql == uit_python, naam


def test_hotspot_rekenwaarden_in_sql(app, session, world):
    """Max persons and excess as the list sorts them equal ``bereken`` (floor, not rounding)."""
    from handhaving.overbewoning import services
    bind(session)
    gevallen = {}
    for opp, personen in ((47, 4), (71, 9), (23, 2), (30, 6), (100, 2)):
        vbo = VerblijfsobjectFactory(gemeente=world["a"], oppervlakte=opp)
        bewoning(session, vbo, personen)
        gevallen[vbo.id] = _bereken("VBO", opp, "woonfunctie", dict(personen=personen))
    normen = {world["a"].id: ind.Normen()}
    max_p, overschot, m2 = services._rekenwaarden(session, normen)
    for vid, mp, ov, m in session.execute(select(Bewoning.verblijfsobject_id, max_p, overschot, m2).join(
            Verblijfsobject, Verblijfsobject.id == Bewoning.verblijfsobject_id)
            .where(Bewoning.verblijfsobject_id.in_(gevallen))):
        assert (mp, ov) == (gevallen[vid].max_personen, gevallen[vid].overschot)
        assert round(float(m), 1) == float(gevallen[vid].m2_per_persoon)


def test_bereken_en_sql_zijn_het_eens_op_de_actuele_telling_na_meerdere_peildata(app, session, buurt):
    """One object with a hoofd- and a nevenadres, counted on two peildata (both addresses on both):
    the current count holds both addresses' persons, and Python and SQL flag it alike; an older
    count that met the norm differently is history, not current."""
    from datetime import date

    from handhaving.overbewoning.importeren import importeer
    from tests.factories.overbewoning import brp_csv

    a1, neven = buurt["a1"], buurt["neven"]  # 40 m², woonfunctie
    with app.app_context():
        rapport = importeer(session, buurt["a"].id, brp_csv(
            f"{a1.nummeraanduiding_id};2026-10-31;2;;;;", f"{neven.nummeraanduiding_id};2026-10-31;1;;;;",
            f"{a1.nummeraanduiding_id};2026-11-30;3;;;;", f"{neven.nummeraanduiding_id};2026-11-30;1;;;;"),
            proef=False)
    assert rapport.fouten == []
    vlaggen = ind.sql_vlaggen(Bewoning, Verblijfsobject, {buurt["a"].id: ind.Normen()})
    rijen = session.execute(select(Bewoning, *(v.label(k) for k, v in vlaggen.items())).join(
        Verblijfsobject, Verblijfsobject.id == Bewoning.verblijfsobject_id).where(
        Bewoning.verblijfsobject_id == a1.verblijfsobject_id).order_by(Bewoning.peildatum)).all()
    assert [(r[0].peildatum, r[0].personen, r[0].actueel) for r in rijen] == [
        (date(2026, 10, 31), 3, False), (date(2026, 11, 30), 4, True)]
    for rij in rijen:
        uit_sql = [k for k in ind.VLAGGEN if getattr(rij, k)]
        assert uit_sql == _bereken("VBO", 40, "woonfunctie", dict(personen=rij[0].personen)).vlaggen
    # 40 m² ÷ 4 = 10 m² < 12 m² on the current count; 40 ÷ 3 = 13,3 m² on the older one.
    assert [k for k in ind.VLAGGEN if getattr(rijen[-1], k)] == [ind.BOUWNORM]


def test_hotspot_rekenwaarden_in_sql_met_opgegeven_oppervlakte(app, session, world):
    """A standplaats without BAG area and 30 m² supplied with the count: the list's max persons,
    excess and m² per person equal ``bereken`` (6 m² norm: at most 5 persons)."""
    from handhaving.overbewoning import services
    bind(session)
    vbo = VerblijfsobjectFactory(gemeente=world["a"], object_type="STA", oppervlakte=None, gebruiksdoelen=None)
    bewoning(session, vbo, 6, oppervlakte=30, oppervlakte_bron="beheerder")
    verwacht = _bereken("STA", None, "", dict(personen=6, oppervlakte=30))
    assert (verwacht.max_personen, verwacht.overschot) == (5, 1)
    max_p, overschot, m2 = services._rekenwaarden(session, {world["a"].id: ind.Normen()})
    mp, ov, m = session.execute(select(max_p, overschot, m2).select_from(Bewoning).join(
        Verblijfsobject, Verblijfsobject.id == Bewoning.verblijfsobject_id)
        .where(Bewoning.verblijfsobject_id == vbo.id)).one()
    assert (mp, ov) == (5, 1) and round(float(m), 1) == float(verwacht.m2_per_persoon) == 5.0
