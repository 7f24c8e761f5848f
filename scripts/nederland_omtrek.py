#!/usr/bin/env python3
"""Build ``handhaving/locaties/data/nederland_rd.geojson``: the outline a BAG point
must fall in (``handhaving.locaties.nederland.in_nederland``).

    .venv/bin/python scripts/nederland_omtrek.py NLD.geojson BEL.geojson DEU.geojson

Input: Natural Earth 1:10m *Admin 0 – Countries* (public domain,
naturalearthdata.com), one country per file as in github.com/AshKyd/geojson-regions
``public/countries/10m/{NLD,BEL,DEU}.geojson``. Only the European part of NLD is used.

Derivation, in RD New metres (the formulas below, accurate to about a metre in and
near the Netherlands; no pyproj needed):

    land      = NLD, European part
    outline   = land + 22 km  (12 nautical miles: territorial sea, Wadden, Eems-Dollard)
              − (BEL ∪ DEU − (land + 3 km))   (neighbours' land beyond a 3 km margin)

The 3 km margin absorbs the 1:10m border's error (about a kilometre) so border
towns (Kerkrade, Vaals, Baarle-Nassau with its enclaves, Sluis) stay inside;
Antwerpen, Liège and Duisburg lie 15–40 km outside. The result is simplified with
a tolerance T after growing it by T, so the simplification never cuts into it.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.ops import unary_union

OUT = Path(__file__).resolve().parent.parent / "handhaving" / "locaties" / "data" / "nederland_rd.geojson"
SEA_M = 22_224       # 12 nautical miles
MARGIN_M = 3_000     # into Belgium and Germany
TOLERANCE_M = 400    # simplification (the outline only grows by it)

# Schreutelkamp & Strang van Hees, "Benaderingsformules voor de transformatie tussen
# RD- en WGS84-kaartcoördinaten" (2001): x/y as polynomials in the offset from Amersfoort.
_R = {(0, 1): 190094.945, (1, 1): -11832.228, (2, 1): -114.221, (0, 3): -32.391, (1, 0): -0.705,
      (3, 1): -2.340, (1, 3): -0.608, (0, 2): -0.008, (2, 3): 0.148}
_S = {(1, 0): 309056.544, (0, 2): 3638.893, (2, 0): 73.077, (1, 2): -157.984, (3, 0): 59.788,
      (0, 1): 0.433, (2, 2): -6.439, (1, 1): -0.032, (0, 4): 0.092, (1, 4): -0.054}


def wgs84_to_rd(lon: float, lat: float) -> tuple[float, float]:
    dphi, dlam = 0.36 * (lat - 52.15517440), 0.36 * (lon - 5.38720621)
    x = 155000 + sum(c * dphi ** p * dlam ** q for (p, q), c in _R.items())
    y = 463000 + sum(c * dphi ** p * dlam ** q for (p, q), c in _S.items())
    return x, y


def _rd(geom):
    return shapely.transform(geom, lambda xy: np.array([wgs84_to_rd(lon, lat) for lon, lat in xy]))


def _load(path: str, europe_only: bool = False):
    data = json.loads(Path(path).read_text())
    geom = shape(data["geometry"] if "geometry" in data else data["features"][0]["geometry"])
    parts = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    if europe_only:  # NLD includes the Caribbean islands
        parts = [p for p in parts if p.centroid.y > 45]
    return _rd(unary_union(parts))


def build(nld: str, bel: str, deu: str):
    land = _load(nld, europe_only=True)
    neighbours = unary_union([_load(bel), _load(deu)])
    outline = land.buffer(SEA_M).difference(neighbours.difference(land.buffer(MARGIN_M)))
    outline = outline.buffer(TOLERANCE_M).simplify(TOLERANCE_M)
    # Slivers left over from the subtraction carry no addresses: keep the real parts.
    parts = [p for p in (outline.geoms if isinstance(outline, MultiPolygon) else [outline])
             if p.area > 1e6]
    outline = MultiPolygon([Polygon(p.exterior, [i for i in p.interiors if Polygon(i).area > 1e6])
                            for p in parts])
    return outline


def main(argv: list[str]) -> None:
    if len(argv) != 3:
        raise SystemExit(__doc__)
    outline = build(*argv)
    rounded = json.loads(json.dumps(mapping(outline)), parse_float=lambda s: round(float(s)))
    points = sum(len(p.exterior.coords) + sum(len(i.coords) for i in p.interiors) for p in outline.geoms)
    doc = {"type": "Feature",
           "properties": {"naam": "Nederland (land + territoriale zee), RD New (EPSG:28992)",
                          "bron": "Natural Earth 1:10m Admin 0 (NLD, BEL, DEU), public domain",
                          "afleiding": f"NL + {SEA_M} m − (BE ∪ DE − (NL + {MARGIN_M} m)); "
                                       f"+{TOLERANCE_M} m, vereenvoudigd {TOLERANCE_M} m; "
                                       "scripts/nederland_omtrek.py",
                          "punten": points},
           "geometry": rounded}
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(doc, separators=(",", ":")) + "\n")
    print(f"{OUT}: {len(outline.geoms)} delen, {points} punten, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
