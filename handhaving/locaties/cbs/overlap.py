"""Buurten of one file that overlap each other, with the addresses caught in both.

A point in two buurten gets the lowest code (``toewijzen``), so an overlap changes
counts per buurt without anyone noticing. It is not a reason to refuse the year
(CBS files are topologically clean; an overlap means a local edit or a mixed file),
but the report names each pair, its area and the number of verblijfsobjecten that
lie in both.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.errors import ShapelyError
from shapely.geometry import MultiPolygon
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handhaving.locaties.cbs.controle import Gebied
from handhaving.locaties.cbs.geometrie import polygonaal
from handhaving.locaties.models import Verblijfsobject

# Below this (m²) two outlines only touch: a shared border drawn twice with rounding.
OVERLAP_MIN_M2 = 1.0


@dataclass(frozen=True)
class Overlap:
    buurt_a: str
    buurt_b: str
    m2: float
    verblijfsobjecten: int

    def tekst(self) -> str:
        return (f"buurten {self.buurt_a} en {self.buurt_b} overlappen ({self.m2:,.0f} m²); "
                f"{self.verblijfsobjecten} verblijfsobject(en) liggen in beide en krijgen {self.buurt_a} "
                "(de laagste code)").replace(",", ".")


def overlappende_buurten(session: Session, gebieden: list[Gebied], geoms: list[MultiPolygon],
                         gemeenten: dict[str, int]) -> list[Overlap]:
    """Pairs of buurten of the same gemeente in this file whose RD outlines overlap."""
    buurten = sorted(((g, geom) for g, geom in zip(gebieden, geoms) if g.soort == "buurt"),
                     key=lambda pair: pair[0].code)
    if len(buurten) < 2:
        return []
    tree = shapely.STRtree([geom for _, geom in buurten])
    links, rechts = tree.query([geom for _, geom in buurten], predicate="intersects")
    result = []
    for i, j in zip(links.tolist(), rechts.tolist()):
        (a, geom_a), (b, geom_b) = buurten[i], buurten[j]
        if i >= j or a.gemeentecode != b.gemeentecode:
            continue
        try:
            gedeeld = polygonaal(geom_a.intersection(geom_b))
        except ShapelyError:
            continue  # both are valid, so this does not happen in practice; never block the year on it
        if gedeeld.area < OVERLAP_MIN_M2:
            continue
        result.append(Overlap(a.code, b.code, gedeeld.area,
                              _punten_in(session, gemeenten[a.gemeentecode], gedeeld)))
    return result


def _punten_in(session: Session, gemeente_id: int, geom: MultiPolygon) -> int:
    minx, miny, maxx, maxy = geom.bounds
    x, y = func.ST_X(Verblijfsobject.geom), func.ST_Y(Verblijfsobject.geom)
    rows = session.execute(select(x, y).where(Verblijfsobject.gemeente_id == gemeente_id,
                                              x.between(minx, maxx), y.between(miny, maxy))).all()
    if not rows:
        return 0
    return int(np.count_nonzero(shapely.intersects(geom, shapely.points(np.asarray(rows, dtype=float)))))
