"""A large BRP file: every row imported, a dry run and a second import change nothing. Runs in
the suite with 3 000 rows; ``BRP_SNELHEID_RIJEN=50000 pytest -s`` prints the rate at that size
(speed figures belong in benchmarks, not in assertions)."""
from __future__ import annotations

import os
import time

from sqlalchemy import insert, select

from handhaving.geo import rd_point_wkt
from handhaving.locaties.models import Adres, Verblijfsobject
from handhaving.overbewoning.importeren import importeer
from tests.factories.overbewoning import brp_csv

N = int(os.environ.get("BRP_SNELHEID_RIJEN", "3000"))


def test_a_large_file_imports_every_row_and_a_second_import_changes_nothing(app_ctx, session, world):
    g = world["a"]
    session.execute(insert(Verblijfsobject), [
        {"gemeente_id": g.id, "bag_id": f"{g.code}01{i:010d}", "object_type": "VBO", "gebruiksdoelen": "woonfunctie",
         "oppervlakte": 30 + i % 120, "geom": rd_point_wkt(191_400.0 + i % 500, 321_800.0 + i // 500)}
        for i in range(N)])
    ids = dict(session.execute(select(Verblijfsobject.bag_id, Verblijfsobject.id)
                               .where(Verblijfsobject.gemeente_id == g.id)).all())
    session.execute(insert(Adres), [
        {"gemeente_id": g.id, "nummeraanduiding_id": f"{g.code}20{i:010d}", "verblijfsobject_id": ids[f"{g.code}01{i:010d}"],
         "openbare_ruimte": "Lange Gang", "zoeknaam": "lange gang", "huisnummer": i + 1, "postcode": "9901AA",
         "woonplaats": "Dalveen", "is_nevenadres": False} for i in range(N)])
    session.flush()
    raw = brp_csv(*(f"{g.code}20{i:010d};2026-11-30;{4 + i % 7};{i % 5};{1 + i % 2};{1 + i % 3};{i % 4}"
                    for i in range(N)))
    uitkomsten = {}
    for naam, proef in (("proef", True), ("eerste import", False), ("zelfde bestand", False)):
        start = time.perf_counter()
        rapport = importeer(session, g.id, raw, proef=proef)
        duur = time.perf_counter() - start
        assert rapport.fouten_totaal == 0 and rapport.rijen == N
        verwacht = {"proef": N, "eerste import": N, "zelfde bestand": 0}[naam]
        assert rapport.aantallen["nieuw"] == verwacht, (naam, rapport.aantallen)
        uitkomsten[naam] = (duur, N / duur)
    dialect = session.get_bind().dialect.name
    for naam, (duur, snelheid) in uitkomsten.items():
        print(f"\n{dialect}: {naam}: {N} rijen in {duur:.1f} s = {snelheid:,.0f} rijen/s")
