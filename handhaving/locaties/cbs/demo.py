"""Demo wijken and buurten around the demo addresses, imported through the real importer.

For each demo gemeente the extent of its addresses (plus a margin) is cut into
wijken by wavy north-south lines and each wijk into buurten by wavy east-west
lines, so the outlines tile the extent without gaps or overlaps and every demo
address lies in exactly one buurt. The outlines are written as a CBS-style
GeoJSON in RD New (codes, names, a few statistics with one ``-99995``) and
loaded with :func:`import_cbs`, the same path a municipality's file takes.
"""
from __future__ import annotations

import json
import random

import shapely
from geoalchemy2.functions import ST_X, ST_Y
from shapely.geometry import MultiPolygon, Polygon, box, mapping
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handhaving.auth.models import Gemeente
from handhaving.geo import RD_NEW
from handhaving.locaties.cbs.importeren import import_cbs
from handhaving.locaties.models import Adres, Verblijfsobject

DEMO_JAAR = 2025
MARGE = 400.0  # metres around the outermost address
GOLVEN = 6     # kinks per dividing line

# Per gemeente: wijken west to east (name, index of the woonplaats they lie in, buurten south to north).
WIJKEN = {
    "9901": [("Dalveen-Centrum", 0, ["Binnenstad", "Kerkbuurt", "Molenkwartier"]),
             ("Dalveen-Oost", 0, ["Beukenhof", "Oranjebuurt", "Schildersbuurt", "Bedrijventerrein De Horst"]),
             ("Ulsterhoven", 1, ["Ulsterhoven-Dorp", "Geulzicht"])],
    "9902": [("Hoogmeer-West", 0, ["Oude Kern", "Kloosterveld"]),
             ("Hoogmeer-Zuid", 0, ["Meerzicht", "De Bongerd", "Industrieterrein Hoogmeer"]),
             ("Brakel aan de Geul", 1, ["Brakel-Dorp", "Geulhoeve"])],
}


def _lijn(start: float, eind: float, vast: float, afwijking: float, rnd: random.Random,
          verticaal: bool) -> list[tuple[float, float]]:
    """A wavy dividing line from ``start`` to ``eind`` around ``vast``; its ends stay on
    ``vast`` so it meets the outer box where the straight line would."""
    punten = []
    for i in range(GOLVEN + 1):
        langs = start + (eind - start) * i / GOLVEN
        dwars = vast if i in (0, GOLVEN) else vast + rnd.uniform(-afwijking, afwijking)
        punten.append((dwars, langs) if verticaal else (langs, dwars))
    return punten


def _stroken(lijnen: list[list[tuple[float, float]]]) -> list[Polygon]:
    """The polygons between consecutive lines (each list runs in the same direction)."""
    return [Polygon(a + b[::-1]) for a, b in zip(lijnen, lijnen[1:])]


def _kwantiel(waarden: list[float], fractie: float) -> float:
    waarden = sorted(waarden)
    return waarden[min(len(waarden) - 1, int(fractie * len(waarden)))]


def _oplopend(snedes: list[float], minimum: float = 60.0) -> list[float]:
    """Cuts at least ``minimum`` metres apart: with few addresses two quantiles can coincide,
    which would leave an empty wijk or buurt (the importer rightly refuses an empty outline).
    Falls back to even spacing when the extent is too small for that."""
    uit = [snedes[0]]
    for waarde in snedes[1:-1]:
        uit.append(max(waarde, uit[-1] + minimum))
    if uit[-1] + minimum > snedes[-1]:
        stap = (snedes[-1] - snedes[0]) / (len(snedes) - 1)
        return [snedes[0] + i * stap for i in range(len(snedes))]
    return uit + [snedes[-1]]


def _lijnen(snedes: list[float], start: float, eind: float, rnd: random.Random,
            verticaal: bool) -> list[list[tuple[float, float]]]:
    """Wavy lines at ``snedes`` (outer ones straight); a line wanders at most a fifth of
    the distance to its neighbours, so lines never cross."""
    result = []
    for i, vast in enumerate(snedes):
        binnen = 0 < i < len(snedes) - 1
        afwijking = 0.2 * min(vast - snedes[i - 1], snedes[i + 1] - vast) if binnen else 0.0
        result.append(_lijn(start, eind, vast, afwijking, rnd, verticaal))
    return result


def indeling(extent: tuple[float, float, float, float], wijken: list[tuple[str, int, list[str]]],
             punten: list[tuple[float, float, int]], seed: str) -> list[tuple[int, Polygon, list[Polygon]]]:
    """(wijk number, wijk outline, buurt outlines) tiling ``extent`` (xmin, ymin, xmax, ymax).

    ``punten``: (x, y, woonplaats index) of the addresses. Wijken are cut north-south so
    each woonplaats holds its own wijken with about as many addresses each; buurten are
    cut east-west at the quantiles of their wijk's addresses, so no buurt is empty.
    """
    rnd = random.Random(seed)
    xmin, ymin, xmax, ymax = extent
    buiten = box(*extent)
    snedes = [xmin]
    for wp in sorted({w for _, w, _ in wijken}):
        xs = [x for x, _, p in punten if p == wp] or [xmin, xmax]
        aantal = sum(1 for _, w, _ in wijken if w == wp)
        if len(snedes) > 1:  # between two woonplaatsen: halfway the gap
            vorige = [x for x, _, p in punten if p == wp - 1] or [snedes[-1]]
            snedes.append((max(vorige) + min(xs)) / 2)
        snedes += [_kwantiel(xs, k / aantal) for k in range(1, aantal)]
    snedes.append(xmax)
    snedes = _oplopend(snedes)
    result = []
    for nummer, (wijk, (_, _, buurten)) in enumerate(zip(_stroken(_lijnen(snedes, ymin, ymax, rnd, True)), wijken),
                                                     start=1):
        links, rechts = snedes[nummer - 1], snedes[nummer]
        ys = [y for x, y, _ in punten if links <= x < rechts] or [ymin, ymax]
        hoogtes = _oplopend([ymin] + [_kwantiel(ys, j / len(buurten)) for j in range(1, len(buurten))] + [ymax])
        delen = [wijk.intersection(strook).intersection(buiten)
                 for strook in _stroken(_lijnen(hoogtes, xmin, xmax, rnd, False))]
        result.append((nummer, wijk, delen))
    return result


def _multi(geom) -> MultiPolygon:
    """Only the areas: an intersection along a shared edge may add stray line pieces."""
    return MultiPolygon([p for p in shapely.get_parts(geom) if isinstance(p, Polygon) and p.area > 0]
                        if not isinstance(geom, Polygon) else [geom])


def cbs_geojson(gemeente: Gemeente, extent: tuple[float, float, float, float],
                punten: list[tuple[float, float, int]], jaar: int = DEMO_JAAR) -> bytes:
    """A CBS-style GeoJSON (RD New) with the wijken and buurten of one demo gemeente."""
    wijken = WIJKEN[gemeente.code]
    rnd = random.Random(f"cbs-{gemeente.code}")
    features = []
    geheim_gezet = False
    adressen = len(punten)
    for nummer, wijk_geom, buurt_geoms in indeling(extent, wijken, punten, f"cbs-{gemeente.code}"):
        wijknaam, _, buurtnamen = wijken[nummer - 1]
        wijkcode = f"WK{gemeente.code}{nummer:02d}"
        inwoners_wijk = 0
        for b, (naam, geom) in enumerate(zip(buurtnamen, buurt_geoms), start=1):
            inwoners = int(adressen / 8 * rnd.uniform(1.4, 2.6))
            woningen = int(inwoners / rnd.uniform(1.9, 2.4))
            if "terrein" in naam.lower() and not geheim_gezet:
                # Few residents: CBS withholds the figure (privacy), as real files do.
                inwoners, geheim_gezet = -99995, True
            else:
                inwoners_wijk += inwoners
            features.append({"type": "Feature", "geometry": mapping(_multi(geom)), "properties": {
                "buurtcode": f"BU{gemeente.code}{nummer:02d}{b:02d}", "buurtnaam": naam, "wijkcode": wijkcode,
                "gemeentecode": f"GM{gemeente.code}", "gemeentenaam": gemeente.naam,
                "jaarstatcode": f"{jaar}BU{gemeente.code}{nummer:02d}{b:02d}", "water": "NEE",
                "aantal_inwoners": inwoners, "aantal_woningen": woningen,
                "gemiddelde_woningwaarde": rnd.randrange(210, 460) if inwoners > 0 else -99997,
                "percentage_huurwoningen": round(rnd.uniform(18, 65), 1)}})
        features.append({"type": "Feature", "geometry": mapping(_multi(wijk_geom)), "properties": {
            "wijkcode": wijkcode, "wijknaam": wijknaam, "gemeentecode": f"GM{gemeente.code}",
            "gemeentenaam": gemeente.naam, "jaarstatcode": f"{jaar}WK{gemeente.code}{nummer:02d}",
            "water": "NEE", "aantal_inwoners": inwoners_wijk}})
    return json.dumps({"type": "FeatureCollection", "name": f"wijkenbuurten_{jaar}_{gemeente.code}",
                       "crs": {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{RD_NEW}"}},
                       "features": features}).encode("utf-8")


def seed_gebieden(session: Session, gemeenten) -> None:
    """Wijk and buurt outlines for the demo gemeenten, imported as jaar 2025; every demo
    verblijfsobject gets its buurt. Flushes only."""
    for gemeente in gemeenten:
        if gemeente.code not in WIJKEN:
            continue
        # Each object once, with the woonplaats of its lowest address; woonplaatsen west to east.
        rows = session.execute(
            select(ST_X(Verblijfsobject.geom), ST_Y(Verblijfsobject.geom), func.min(Adres.woonplaats))
            .join(Adres, Adres.verblijfsobject_id == Verblijfsobject.id)
            .where(Verblijfsobject.gemeente_id == gemeente.id).group_by(Verblijfsobject.id)).all()
        if not rows:
            continue
        midden = {}
        for x, _, wp in rows:
            midden.setdefault(wp, []).append(x)
        volgorde = sorted(midden, key=lambda wp: sum(midden[wp]) / len(midden[wp]))
        # More woonplaatsen than the layout knows: the extra ones join the last.
        index = {wp: min(i, max(w for _, w, _ in WIJKEN[gemeente.code])) for i, wp in enumerate(volgorde)}
        punten = [(x, y, index[wp]) for x, y, wp in rows]
        xs, ys = [p[0] for p in punten], [p[1] for p in punten]
        extent = (min(xs) - MARGE, min(ys) - MARGE, max(xs) + MARGE, max(ys) + MARGE)
        rapport = import_cbs(session, cbs_geojson(gemeente, extent, punten), gemeente_codes=[gemeente.code],
                             bestandsnaam=f"demo-wijkenbuurten-{gemeente.code}.geojson")
        if not rapport.ok:
            raise RuntimeError(rapport.samenvatting())
