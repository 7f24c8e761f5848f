"""Outlines as the import needs them: a valid 2D MultiPolygon, repaired where possible.

Real CBS files hold self-touching rings, bow-ties and collapsed holes. They are
repaired with ``make_valid`` (method ``structure``: parts that overlap are united,
never cut out of each other, and collapsed rings are dropped), whatever comes out
is reduced to its polygonal part and kept as a MultiPolygon, however many parts
it has. Messages are Dutch: the geometry library's English reasons are translated
here, and its exceptions never reach the user.
"""
from __future__ import annotations

import re

import numpy as np
import shapely
from shapely.errors import ShapelyError
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity


# RD New box around the Netherlands with its coastal and border waters, kept wide on purpose: it
# catches a wrong coordinate system or garbage (1e308), not a buurt a few kilometres out to sea.
NL_RD = (-100_000.0, 200_000.0, 400_000.0, 750_000.0)  # minx, miny, maxx, maxy


def buiten_nederland(geom: BaseGeometry) -> bool:
    """True when the RD New outline reaches outside the box around the Netherlands."""
    minx, miny, maxx, maxy = geom.bounds
    return minx < NL_RD[0] or miny < NL_RD[1] or maxx > NL_RD[2] or maxy > NL_RD[3]


class GeometrieFout(ValueError):
    """A geometry that cannot be used; the message is Dutch and names the cause."""


# GEOS TopologyValidationError messages (explain_validity) → Dutch.
REDENEN = {
    "self-intersection": "de rand snijdt zichzelf",
    "ring self-intersection": "een rand raakt of kruist zichzelf",
    "hole lies outside shell": "een gat ligt buiten de buitenrand",
    "holes are nested": "een gat ligt binnen een ander gat",
    "interior is disconnected": "de gaten verdelen het vlak in losse stukken",
    "nested shells": "een deel ligt binnen een ander deel",
    "duplicate rings": "een rand komt twee keer voor",
    "too few distinct points in geometry component": "een rand heeft minder dan 4 punten",
    "too few points in geometry component": "een rand heeft minder dan 4 punten",
    "invalid coordinate": "een coördinaat is geen getal",
    "ring is not closed": "een rand is niet gesloten",
    "repeated point": "een punt komt direct twee keer voor",
}
_REDEN_RE = re.compile(r"^(?P<reden>.*?)\s*\[(?P<plek>[^\]]*)\]\s*$")


def reden(geom: BaseGeometry) -> str:
    """Why ``geom`` is invalid, in Dutch, with the place (coordinates of the file)."""
    try:
        tekst = explain_validity(geom)
    except ShapelyError:
        return "de geometrie is ongeldig"
    match = _REDEN_RE.match(tekst)
    oorzaak, plek = (match["reden"], match["plek"]) if match else (tekst, "")
    nl = REDENEN.get(oorzaak.strip().lower(), "de geometrie is ongeldig")
    return f"{nl} bij punt {plek}" if plek else nl


def polygonaal(geom: BaseGeometry) -> MultiPolygon:
    """The polygonal part of any geometry (a GeometryCollection from make_valid holds
    lines and points besides polygons, and may nest a MultiPolygon)."""
    delen: list[Polygon] = []

    def verzamel(g: BaseGeometry) -> None:
        if g.is_empty:
            return
        if isinstance(g, Polygon):
            delen.append(g)
        elif g.geom_type in ("MultiPolygon", "GeometryCollection"):
            for deel in shapely.get_parts(g):
                verzamel(deel)

    verzamel(geom)
    return MultiPolygon(delen)


def vlak(geom: BaseGeometry | None) -> tuple[MultiPolygon, str | None]:
    """The geometry as a valid 2D MultiPolygon and, when it had to be repaired, the
    Dutch note why. Raises GeometrieFout."""
    if geom is None or geom.is_empty:
        raise GeometrieFout("geometrie ontbreekt")
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        raise GeometrieFout(f"geometrie is een {geom.geom_type}, geen vlak (Polygon of MultiPolygon)")
    geom = shapely.force_2d(geom)
    # NaN or infinity makes GEOS raise instead of answering is_valid.
    if not np.isfinite(shapely.get_coordinates(geom)).all():
        raise GeometrieFout("geometrie bevat een coördinaat die geen eindig getal is (NaN of oneindig)")
    opmerking = None
    try:
        if not geom.is_valid:
            oorzaak = reden(geom)
            hersteld = polygonaal(shapely.make_valid(geom, method="structure", keep_collapsed=False))
            if hersteld.is_empty or not hersteld.is_valid:
                raise GeometrieFout(f"geometrie is ongeldig ({oorzaak}); na herstel blijft er geen vlak over")
            geom = hersteld
            delen = len(hersteld.geoms)
            opmerking = f"ongeldige geometrie hersteld ({oorzaak}); nu {delen} {'deel' if delen == 1 else 'delen'}"
    except ShapelyError:
        raise GeometrieFout("geometrie is ongeldig en niet te herstellen") from None
    if isinstance(geom, Polygon):
        geom = MultiPolygon([geom])
    return geom, opmerking


def ringen_vlak(ringen: list) -> Polygon | None:
    """A Polygon from rings of (x, y) coordinates; None when its outer ring has no area.

    A ring of fewer than 4 points (after closing) encloses nothing: a hole like that is
    dropped, an outer ring like that drops the polygon. Raises GeometrieFout for
    coordinates that are no numbers."""
    gesloten = []
    if not isinstance(ringen, (list, tuple)):
        raise GeometrieFout("geometrie onleesbaar: een vlak is geen lijst van randen")
    if not ringen or not ringen[0]:
        return None  # no outer ring: its holes mean nothing
    for ring in ringen:
        try:
            # x and y of each point; a stray z on some points (mixed dimensions) is dropped.
            punten = np.asarray([p[:2] for p in ring], dtype=float)
        except (TypeError, ValueError, KeyError):
            raise GeometrieFout("geometrie onleesbaar: een rand bestaat niet uit paren getallen") from None
        if punten.size == 0:
            continue
        if punten.ndim != 2 or punten.shape[1] != 2:
            raise GeometrieFout("geometrie onleesbaar: een rand bestaat niet uit paren getallen")
        if not np.array_equal(punten[0], punten[-1]):
            punten = np.vstack([punten, punten[:1]])
        gesloten.append(punten)
    if not gesloten or len(gesloten[0]) < 4:  # an empty or area-less outer ring
        return None
    return Polygon(gesloten[0], [r for r in gesloten[1:] if len(r) >= 4])


def uit_ringen(polygonen: list[list]) -> MultiPolygon:
    """A MultiPolygon from a list of polygons given as rings. Raises GeometrieFout when
    no polygon has an outer ring with area (every outer ring has fewer than 4 points)."""
    if not isinstance(polygonen, (list, tuple)):
        raise GeometrieFout("geometrie onleesbaar: de coördinaten zijn geen lijst")
    # A polygon without an outer ring is empty, not broken.
    polygonen = [r for r in polygonen if not (isinstance(r, (list, tuple)) and (not r or not r[0]))]
    delen = [p for p in (ringen_vlak(r) for r in polygonen) if p is not None]
    if not delen and polygonen:
        raise GeometrieFout("geometrie heeft geen oppervlak: elke buitenrand heeft minder dan 4 punten")
    return MultiPolygon(delen)
