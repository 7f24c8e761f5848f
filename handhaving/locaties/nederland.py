"""Is an RD New point in the Netherlands? Against the country's outline, not a box.

The outline (``data/nederland_rd.geojson``, 278 points) is land plus territorial
sea, with a 3 km margin into Belgium and Germany; how it was made is in
``scripts/nederland_omtrek.py``. A box around the country holds Antwerpen, Liège
and Duisburg; this outline does not.

Speed: a file holds hundreds of thousands of points in a few hundred square
kilometres, so the answer is cached per 1 km cell: a cell wholly inside or wholly
outside decides without a polygon test; only cells on the border test the point.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import shapely
from shapely.geometry import shape

OMTREK_PAD = Path(__file__).resolve().parent / "data" / "nederland_rd.geojson"
_CEL = 1_000  # metres


@lru_cache(maxsize=1)
def omtrek():
    """The outline as a prepared shapely geometry (RD New), read once."""
    geom = shape(json.loads(OMTREK_PAD.read_text(encoding="utf-8"))["geometry"])
    shapely.prepare(geom)
    return geom


@lru_cache(maxsize=1 << 16)
def _cel(i: int, j: int) -> bool | None:
    """True: the cell lies wholly inside; False: wholly outside; None: on the border."""
    cel = shapely.box(i * _CEL, j * _CEL, (i + 1) * _CEL, (j + 1) * _CEL)
    geom = omtrek()
    if geom.contains_properly(cel):
        return True
    if not geom.intersects(cel):
        return False
    return None


def in_nederland(x: float, y: float) -> bool:
    """RD New x, y (metres) within the Netherlands' land and territorial sea."""
    try:
        binnen = _cel(int(x // _CEL), int(y // _CEL))
    except (ValueError, OverflowError):  # nan or infinity
        return False
    if binnen is None:
        return bool(shapely.contains_xy(omtrek(), x, y))
    return binnen
