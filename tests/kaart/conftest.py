"""A small map world in two gemeenten: buurten (two years), addresses with permits, controls,
findings and BRP counts, with a canary in every sensitive text near the features."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

import pytest
from geoalchemy2.functions import ST_Transform, ST_X, ST_Y
from sqlalchemy import func, select

from handhaving.auth.models import Rol
from handhaving.controles.models import (AangetroffenPersoon, AangetroffenSekswerker, Bevinding, BevindingCategorie,
                                         ControleSoort, ControleStatus, Ernst, PersoonRol)
from handhaving.locaties.models import Buurt, Wijk
from handhaving.overbewoning.models import Bewoning
from tests.factories import ControleFactory, add_adres
from tests.factories.vergunningen import bedrijf, persoon, vergunning

CANARY = "KANARIE-kaart-7f3a"


def vierkant(x1, y1, x2, y2) -> str:
    return f"SRID=28992;MULTIPOLYGON((({x1} {y1},{x2} {y1},{x2} {y2},{x1} {y2},{x1} {y1})))"


def wgs84(session, x: float, y: float) -> tuple[float, float]:
    """(lon, lat) of an RD point, by the database under test."""
    punt = ST_Transform(func.ST_GeomFromText(f"POINT({x} {y})", 28992), 4326)
    lon, lat = session.execute(select(ST_X(punt), ST_Y(punt))).one()
    return lon, lat


@dataclass
class KaartWereld:
    a: object
    b: object
    users: dict
    ids: dict = field(default_factory=dict)


@pytest.fixture
def kaart_wereld(app, world, session) -> KaartWereld:
    a, b = world["a"], world["b"]
    w = KaartWereld(a, b, world["users"])
    wijk = Wijk(gemeente_id=a.id, code="WK990100", naam="Centrum", jaar=2024, kenmerken={},
                geom=vierkant(190_000, 321_000, 192_000, 322_500))
    session.add(wijk)
    session.flush()
    buurt1 = Buurt(gemeente_id=a.id, wijk_id=wijk.id, code="BU99010001", naam="Oude Markt", jaar=2024,
                   kenmerken={}, geom=vierkant(191_000, 321_500, 191_500, 322_000))
    buurt2 = Buurt(gemeente_id=a.id, wijk_id=wijk.id, code="BU99010002", naam="Stationsbuurt", jaar=2024,
                   kenmerken={}, geom=vierkant(191_500, 321_500, 192_000, 322_000))
    # An older boundary year of the same buurt: never on the map.
    oud = Buurt(gemeente_id=a.id, code="BU99010001", naam="Vroegere Markt", jaar=2023, kenmerken={},
                geom=vierkant(191_000, 321_500, 191_500, 322_000))
    buurt_b = Buurt(gemeente_id=b.id, code="BU99020001", naam="Hoogmeer Zuid", jaar=2024, kenmerken={},
                    geom=vierkant(193_000, 321_500, 193_500, 322_000))
    # A buurt of gemeente A without any BRP count: "geen gegevens", not 0.
    leeg = Buurt(gemeente_id=a.id, wijk_id=wijk.id, code="BU99010003", naam="Parkwijk", jaar=2024, kenmerken={},
                 geom=vierkant(191_000, 322_000, 191_500, 322_500))
    session.add_all([buurt1, buurt2, oud, buurt_b, leeg])
    session.flush()

    a1 = add_adres(session, a, "Markt", 1, "6411AA", x=191_100, y=321_600)
    a2 = add_adres(session, a, "Stationsplein", 2, "6411AB", x=191_700, y=321_900)
    b1 = add_adres(session, b, "Zuidweg", 3, "6499AA", x=193_200, y=321_700)
    a1.verblijfsobject.buurt_id, a2.verblijfsobject.buurt_id, b1.verblijfsobject.buurt_id = buurt1.id, buurt2.id, buurt_b.id
    a1.verblijfsobject.oppervlakte = 30
    b1.verblijfsobject.oppervlakte = 30

    with app.app_context():
        houder = persoon(session, a, geslachtsnaam=f"Houder {CANARY}", voornamen=f"Voornaam {CANARY}")
        p1 = vergunning(session, a, houder=houder, adres=a1, inrichting_naam=f"Inrichting {CANARY}",
                        toelichting=f"Toelichting {CANARY}")
        p2 = vergunning(session, a, houder=bedrijf(session, a, naam=f"Bedrijf {CANARY} B.V."), adres=a2,
                        soort="horeca")
        pb = vergunning(session, b, adres=b1)
    c1 = ControleFactory(gemeente=a, adres_id=a1.id, status=ControleStatus.DOORGEZET_HANDHAVING,
                         soort=ControleSoort.PROSTITUTIE_VERGUND, gepland_op=datetime(2025, 3, 10, 10),
                         briefing=f"Briefing {CANARY}", notities=f"Notities {CANARY}",
                         uitkomst_toelichting=f"Uitkomst {CANARY}")
    c2 = ControleFactory(gemeente=a, adres_id=a2.id, status=ControleStatus.GEPLAND,
                         soort=ControleSoort.HUISVESTING, gepland_op=datetime(2025, 6, 1, 9))
    cb = ControleFactory(gemeente=b, adres_id=b1.id, status=ControleStatus.UITGEVOERD,
                         soort=ControleSoort.PROSTITUTIE_VERGUND, gepland_op=datetime(2025, 3, 12, 9))
    session.flush()

    def bevinding(c, gemeente, **kw):
        bev = Bevinding(uuid=str(uuid.uuid4()), controle_id=c.id, gemeente_id=gemeente.id,
                        categorie=BevindingCategorie.HUISVESTING, omschrijving=f"Omschrijving {CANARY}",
                        ernst=Ernst.ERNSTIG, norm=f"Norm {CANARY}", waargenomen_op=datetime(2025, 3, 10, 11), **kw)
        session.add(bev)
        return bev

    f1 = bevinding(c1, a)
    f_opgelost = bevinding(c1, a, opgelost_op=datetime(2025, 5, 1))
    fb = bevinding(cb, b)
    pers = AangetroffenPersoon(uuid=str(uuid.uuid4()), controle_id=c1.id, gemeente_id=a.id,
                               rol=PersoonRol.SEKSWERKER, naam=f"Naam {CANARY}", opmerking=f"Opmerking {CANARY}")
    session.add(pers)
    session.flush()
    session.add(AangetroffenSekswerker(persoon_id=pers.id, gemeente_id=a.id, werknaam=f"Werknaam {CANARY}",
                                       nationaliteit=f"Land {CANARY}", toelichting=f"Toelichting {CANARY}"))
    # BRP counts: a1 flagged (30 m² for 6 persons), a2 not, b1 flagged (other gemeente).
    for vbo, gemeente, personen in ((a1.verblijfsobject, a, 6), (a2.verblijfsobject, a, 2),
                                    (b1.verblijfsobject, b, 6)):
        session.add(Bewoning(gemeente_id=gemeente.id, verblijfsobject_id=vbo.id, peildatum=date(2025, 1, 1),
                             personen=personen, volwassenen=personen, huishoudens=1, achternamen=1,
                             inschrijvingen_12m=0, actueel=True))
    session.commit()
    w.ids = {"a1": a1.id, "a2": a2.id, "b1": b1.id, "vbo_a1": a1.verblijfsobject_id,
             "vbo_a2": a2.verblijfsobject_id, "vbo_b1": b1.verblijfsobject_id,
             "p1": p1.id, "p2": p2.id, "pb": pb.id, "c1": c1.id, "c2": c2.id, "cb": cb.id,
             "f1": f1.id, "f_opgelost": f_opgelost.id, "fb": fb.id,
             "buurt1": buurt1.id, "buurt2": buurt2.id, "oud": oud.id, "buurt_b": buurt_b.id, "leeg": leeg.id,
             "wijk": wijk.id}
    return w


def gebruiker(w: KaartWereld, rol: Rol, gemeente="9901"):
    return w.users[(gemeente, rol)]
