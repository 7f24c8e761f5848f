"""Map layers as GeoJSON (WGS84): the area asked for (``bbox`` or a drawn ``vorm``), the
filters, and one query per layer limited to the gemeenten of the request.

Areas arrive in WGS84 and are transformed once to RD New in SQL; the layers are then
selected with the spatial index (PostGIS ``&&`` with an envelope, SpatiaLite through its
``SpatialIndex`` table, which it never consults by itself) and tested exactly with
``ST_Within``/``ST_Intersects`` against the transformed shape, so both databases give the
same answer. Features carry codes, labels, dates, addresses and links: never a name, a
description or anything from Bibob.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

import shapely
from geoalchemy2.functions import ST_Transform, ST_X, ST_Y
from sqlalchemy import and_, case, func, literal, or_, select, text
from sqlalchemy.orm import Session

from handhaving import invoer
from handhaving.controles.models import Bevinding, Controle, ControleSoort, ControleStatus
from handhaving.errors import OngeldigVerzoek
from handhaving.geo import RD_NEW, WGS84
from handhaving.locaties.models import Adres, Buurt, Verblijfsobject, Wijk
from handhaving.overbewoning.indicatoren import TITELS, normen, sql_oppervlakte, sql_vlaggen
from handhaving.overbewoning.models import Bewoning
from handhaving.vergunningen.models import Vergunning, VergunningSoort, Vergunningtype

# More points than a tablet draws smoothly (markers and their popups) and than a user reads on
# one screen; the client says "zoom in" when it is reached. 5 000 cost a whole-town view 0,6 s.
MAX_FEATURES = 2_000
# Width or height of an area in degrees: a street or a city for point layers, a region for outlines.
MAX_GRADEN_PUNTEN = 1.0
MAX_GRADEN_VLAKKEN = 2.5
MAX_PUNTEN_VORM = 200
# WGS84 extent of the Netherlands with a margin (lon/lat); an area must overlap it.
NL = (3.2, 50.6, 7.3, 53.7)
# Outline simplification: about half a screen pixel in metres at zoom 0 at 52° N.
_HALVE_PIXEL_ZOOM0 = 156_543.0 * math.cos(math.radians(52)) / 2
_ZOOM_STANDAARD = 13


class Ongeldig(ValueError):
    """A request the user (or a stale client) can fix: answered with 400 and ``melding``."""

    def __init__(self, melding: str):
        super().__init__(melding)
        self.melding = melding


@dataclass(frozen=True)
class Gebied:
    """The area asked for: a WGS84 polygon (a bbox is a rectangle) and the same shape in RD."""
    wkt_wgs84: str
    wkt_rd: str
    rd_bounds: tuple[float, float, float, float]
    getekend: bool  # a drawn shape (``vorm``) rather than the visible map


@dataclass(frozen=True)
class Filters:
    van: date | None = None
    tot: date | None = None
    soort: str | None = None


# ------------------------------------------------------------------ parsing the request


def _getal(tekst: str) -> float:
    try:
        waarde = float(tekst)
    except (TypeError, ValueError):
        raise Ongeldig(f"‘{tekst[:20]}’ is geen getal.") from None
    if not math.isfinite(waarde):
        raise Ongeldig("Coördinaten moeten eindige getallen zijn.")
    return waarde


def _wgs84_vorm(args, max_graden: float) -> tuple[shapely.Polygon, bool]:
    vorm, bbox = args.get("vorm"), args.get("bbox")
    if vorm:
        if len(vorm) > MAX_PUNTEN_VORM * 40:
            raise Ongeldig(f"De getekende vorm heeft te veel punten (hoogstens {MAX_PUNTEN_VORM}).")
        punten = []
        for paar in vorm.split(","):
            delen = paar.split()
            if len(delen) != 2:
                raise Ongeldig("Een vorm is een lijst ‘lengte breedte’-paren, gescheiden door komma’s.")
            punten.append((_getal(delen[0]), _getal(delen[1])))
        if len(punten) > MAX_PUNTEN_VORM + 1:
            raise Ongeldig(f"De getekende vorm heeft te veel punten (hoogstens {MAX_PUNTEN_VORM}).")
        if len(set(punten)) < 3:
            raise Ongeldig("Een vorm heeft minstens drie verschillende punten nodig.")
        if any(not (NL[0] <= lon <= NL[2] and NL[1] <= lat <= NL[3]) for lon, lat in punten):
            raise Ongeldig("De getekende vorm ligt (deels) buiten Nederland.")
        poly = shapely.Polygon(punten)
        if not poly.is_valid or poly.area == 0:
            raise Ongeldig("De getekende vorm snijdt zichzelf of heeft geen oppervlakte; teken haar opnieuw.")
        getekend = True
    elif bbox:
        delen = bbox.split(",")
        if len(delen) != 4:
            raise Ongeldig("bbox moet vier getallen hebben: minlon,minlat,maxlon,maxlat.")
        minlon, minlat, maxlon, maxlat = (_getal(d) for d in delen)
        if minlon >= maxlon or minlat >= maxlat:
            raise Ongeldig("In bbox moet het minimum kleiner zijn dan het maximum (minlon,minlat,maxlon,maxlat).")
        if maxlon < NL[0] or minlon > NL[2] or maxlat < NL[1] or minlat > NL[3]:
            raise Ongeldig("Dit gebied ligt buiten Nederland.")
        poly = shapely.box(minlon, minlat, maxlon, maxlat)
        getekend = False
    else:
        raise Ongeldig("Geef een gebied op: bbox of vorm.")
    minlon, minlat, maxlon, maxlat = poly.bounds
    if maxlon - minlon > max_graden or maxlat - minlat > max_graden:
        raise Ongeldig(f"Het gebied is te groot (hoogstens {str(max_graden).replace('.', ',')} graad breed "
                       "en hoog); zoom verder in.")
    if not getekend:
        # A view that reaches over the border: only the Dutch part is looked up (RD is not
        # defined far outside the country).
        poly = shapely.box(max(minlon, NL[0]), max(minlat, NL[1]), min(maxlon, NL[2]), min(maxlat, NL[3]))
    return poly, getekend


def lees_gebied(session: Session, args, max_graden: float = MAX_GRADEN_PUNTEN) -> Gebied:
    """``bbox=minlon,minlat,maxlon,maxlat`` or ``vorm=lon lat,lon lat,...`` → Gebied, or Ongeldig."""
    poly, getekend = _wgs84_vorm(args, max_graden)
    wkt = shapely.to_wkt(poly, rounding_precision=7)
    # Transformed by the database (the same PROJ definition the stored data went through).
    wkt_rd = session.execute(select(func.ST_AsText(
        ST_Transform(func.ST_GeomFromText(wkt, WGS84), RD_NEW)))).scalar_one()
    return Gebied(wkt, wkt_rd, tuple(shapely.from_wkt(wkt_rd).bounds), getekend)


def _datum(tekst: str | None, naam: str) -> date | None:
    try:
        return invoer.lees_datum(tekst, naam, invoer.FILTER)
    except OngeldigVerzoek as e:
        raise Ongeldig(e.message) from None


def lees_filters(args, soorten: type | None = None) -> Filters:
    van, tot = _datum(args.get("van"), "van"), _datum(args.get("tot"), "tot")
    if van and tot and van > tot:
        raise Ongeldig("De datum ‘van’ ligt na de datum ‘tot’.")
    soort = args.get("soort") or None
    if soort and soorten is not None and soort not in {s.value for s in soorten}:
        raise Ongeldig("Onbekende soort.")
    return Filters(van, tot, soort if soorten is not None else None)


def zoom(args) -> int:
    try:
        return min(max(int(args.get("zoom", _ZOOM_STANDAARD)), 0), 22)
    except ValueError:
        raise Ongeldig("zoom moet een geheel getal zijn.") from None


# ------------------------------------------------------------------ spatial selection


def _in_gebied(session: Session, tabel: str, id_kolom, geom_kolom, gebied: Gebied, *, vlakken: bool = False):
    """Index prefilter on the RD envelope plus the exact test against the transformed shape."""
    x1, y1, x2, y2 = gebied.rd_bounds
    if session.get_bind().dialect.name == "sqlite":
        # SpatiaLite never uses its R*Tree on its own (tech notes §1).
        index = id_kolom.in_(text(
            "SELECT ROWID FROM SpatialIndex WHERE f_table_name = :tabel "
            "AND f_geometry_column = 'geom' AND search_frame = BuildMbr(:x1, :y1, :x2, :y2, 28992)"
        ).bindparams(tabel=tabel, x1=x1, y1=y1, x2=x2, y2=y2))
    else:
        index = geom_kolom.op("&&")(func.ST_MakeEnvelope(x1, y1, x2, y2, RD_NEW))
    if not gebied.getekend:
        # The visible map: the index's envelope test is enough (it admits at most a few metres
        # beyond the view's edge) and spares an exact test per object, 150 000 for a whole town.
        return index
    vorm = func.ST_GeomFromText(literal(gebied.wkt_rd), RD_NEW)
    exact = func.ST_Intersects(geom_kolom, vorm) if vlakken else func.ST_Within(geom_kolom, vorm)
    # On SQLite the predicate returns 1/0 (and -1 on error), so compare explicitly.
    return and_(index, exact == 1) if session.get_bind().dialect.name == "sqlite" else and_(index, exact)


def _lonlat():
    punt = ST_Transform(Verblijfsobject.geom, WGS84)
    return ST_X(punt).label("lon"), ST_Y(punt).label("lat")


def _adres_kolommen():
    return (Adres.id.label("adres_id"), Adres.openbare_ruimte, Adres.huisnummer, Adres.huisletter,
            Adres.toevoeging, Adres.woonplaats)


def _adres_regel(row) -> str:
    nummer = str(row.huisnummer) + (row.huisletter or "") + (f"-{row.toevoeging}" if row.toevoeging else "")
    return f"{row.openbare_ruimte} {nummer}, {row.woonplaats}"


class Links:
    """Detail links built once per response: url_for per feature costs more than the query."""

    def __init__(self, url_for):
        self._sjablonen = {}
        self._url_for = url_for

    def __call__(self, endpoint: str, argument: str, waarde: int) -> str:
        if endpoint not in self._sjablonen:
            self._sjablonen[endpoint] = self._url_for(endpoint, **{argument: 987654321})
        return self._sjablonen[endpoint].replace("987654321", str(int(waarde)))


def _datum_nl(d) -> str:
    if d is None:
        return "onbekend"
    if isinstance(d, datetime):
        d = d.date()
    return d.strftime("%d-%m-%Y")


def _feature(row, props: dict) -> dict:
    return {"type": "Feature", "id": props["id"],
            "geometry": {"type": "Point", "coordinates": [round(row.lon, 6), round(row.lat, 6)]},
            "properties": props}


def _collectie(features: list[dict]) -> dict:
    afgekapt = len(features) > MAX_FEATURES
    features = features[:MAX_FEATURES]
    return {"type": "FeatureCollection", "features": features, "aantal": len(features), "afgekapt": afgekapt}


def _dag_grenzen(kolom, filters: Filters) -> list:
    """van/tot are whole days, tot included."""
    voorwaarden = []
    if filters.van:
        voorwaarden.append(kolom >= datetime.combine(filters.van, time.min))
    if filters.tot:
        voorwaarden.append(kolom < datetime.combine(filters.tot + timedelta(days=1), time.min))
    return voorwaarden


# ------------------------------------------------------------------ the layers


def vergunningen(session: Session, gemeente_ids: list[int], gebied: Gebied, filters: Filters, link) -> dict:
    """Permits at an address: soort, status, address and link. The holder is left out (a
    natural person's name is person data), and so is everything from Bibob."""
    if not gemeente_ids:
        return _collectie([])
    stmt = (select(Vergunning.id, Vergunning.status, Vergunningtype.soort, Vergunningtype.naam.label("typenaam"),
                   Vergunning.vervaldatum, *_adres_kolommen(), *_lonlat())
            .join(Vergunningtype, Vergunning.vergunningtype_id == Vergunningtype.id)
            .join(Adres, Vergunning.adres_id == Adres.id)
            .join(Verblijfsobject, Adres.verblijfsobject_id == Verblijfsobject.id)
            .where(Vergunning.gemeente_id.in_(gemeente_ids), Adres.gemeente_id.in_(gemeente_ids),
                   _in_gebied(session, "verblijfsobject", Verblijfsobject.id, Verblijfsobject.geom, gebied))
            .order_by(Vergunning.id).limit(MAX_FEATURES + 1))
    if filters.soort:
        stmt = stmt.where(Vergunningtype.soort == VergunningSoort(filters.soort))
    # A period: permits in force somewhere in it (dates unknown count as open-ended).
    if filters.van:
        stmt = stmt.where(or_(Vergunning.vervaldatum.is_(None), Vergunning.vervaldatum >= filters.van))
    if filters.tot:
        stmt = stmt.where(or_(Vergunning.ingangsdatum.is_(None), Vergunning.ingangsdatum <= filters.tot))
    features = []
    for row in session.execute(stmt):
        features.append(_feature(row, {
            "id": row.id, "laag": "vergunningen", "klasse": row.status.value, "titel": row.typenaam,
            "adres": _adres_regel(row), "url": link("vergunningen.detail", "vergunning_id", row.id),
            "adres_url": link("locaties.adres", "adres_id", row.adres_id),
            "regels": [["Soort", row.soort.label], ["Status", row.status.label],
                       ["Vervalt", _datum_nl(row.vervaldatum) if row.vervaldatum else "—"]]}))
    return _collectie(features)


_UITKOMSTGROEP = {
    ControleStatus.GEPLAND: "gepland", ControleStatus.VOORBEREID: "gepland",
    ControleStatus.HERCONTROLE_GEPLAND: "gepland",
    ControleStatus.UITGEVOERD: "uitgevoerd", ControleStatus.RAPPORT_CONCEPT: "uitgevoerd",
    ControleStatus.RAPPORT_VASTGESTELD: "uitgevoerd",
    ControleStatus.AFGESLOTEN_GEEN_OVERTREDING: "geen_overtreding",
    ControleStatus.DOORGEZET_HANDHAVING: "doorgezet", ControleStatus.DOORGEZET_SIGNAAL_RIEC: "doorgezet",
    ControleStatus.DOORGEZET_PARTNER: "doorgezet",
}


def controles(session: Session, gemeente_ids: list[int], gebied: Gebied, filters: Filters, link) -> dict:
    """Controls by outcome (the status, grouped for the colour), soort, date and link."""
    if not gemeente_ids:
        return _collectie([])
    stmt = (select(Controle.id, Controle.status, Controle.soort, Controle.gepland_op, *_adres_kolommen(), *_lonlat())
            .join(Adres, Controle.adres_id == Adres.id)
            .join(Verblijfsobject, Adres.verblijfsobject_id == Verblijfsobject.id)
            .where(Controle.gemeente_id.in_(gemeente_ids), Adres.gemeente_id.in_(gemeente_ids),
                   _in_gebied(session, "verblijfsobject", Verblijfsobject.id, Verblijfsobject.geom, gebied),
                   *_dag_grenzen(Controle.gepland_op, filters))
            .order_by(Controle.id).limit(MAX_FEATURES + 1))
    if filters.soort:
        stmt = stmt.where(Controle.soort == ControleSoort(filters.soort))
    features = []
    for row in session.execute(stmt):
        features.append(_feature(row, {
            "id": row.id, "laag": "controles", "klasse": _UITKOMSTGROEP.get(row.status, "uitgevoerd"),
            "titel": row.soort.label, "adres": _adres_regel(row),
            "url": link("controles.detail", "controle_id", row.id),
            "adres_url": link("locaties.adres", "adres_id", row.adres_id),
            "regels": [["Uitkomst", row.status.label], ["Datum", _datum_nl(row.gepland_op)]]}))
    return _collectie(features)


def bevindingen(session: Session, gemeente_ids: list[int], gebied: Gebied, filters: Filters, link) -> dict:
    """Open findings (not resolved by a later control): categorie, ernst, date, link to the
    controle. The description is left out: it may name people."""
    if not gemeente_ids:
        return _collectie([])
    stmt = (select(Bevinding.id, Bevinding.categorie, Bevinding.ernst, Bevinding.waargenomen_op,
                   Controle.id.label("controle_id"), *_adres_kolommen(), *_lonlat())
            .join(Controle, Bevinding.controle_id == Controle.id)
            .join(Adres, Controle.adres_id == Adres.id)
            .join(Verblijfsobject, Adres.verblijfsobject_id == Verblijfsobject.id)
            .where(Bevinding.gemeente_id.in_(gemeente_ids), Controle.gemeente_id.in_(gemeente_ids),
                   Bevinding.opgelost_op.is_(None),
                   _in_gebied(session, "verblijfsobject", Verblijfsobject.id, Verblijfsobject.geom, gebied),
                   *_dag_grenzen(Bevinding.waargenomen_op, filters))
            .order_by(Bevinding.id).limit(MAX_FEATURES + 1))
    if filters.soort:
        stmt = stmt.where(Controle.soort == ControleSoort(filters.soort))
    features = []
    for row in session.execute(stmt):
        features.append(_feature(row, {
            "id": row.id, "laag": "bevindingen", "klasse": row.ernst.value,
            "titel": f"Open bevinding: {row.categorie.label}", "adres": _adres_regel(row),
            "url": link("controles.detail", "controle_id", row.controle_id),
            "adres_url": link("locaties.adres", "adres_id", row.adres_id),
            "regels": [["Ernst", row.ernst.label], ["Waargenomen", _datum_nl(row.waargenomen_op)]]}))
    return _collectie(features)


def _normen(session: Session, gemeente_ids: list[int]) -> dict:
    return {gid: normen(session, gid) for gid in gemeente_ids}


def _m2_per_persoon(oppervlakte, personen) -> str:
    if not oppervlakte or not personen:
        return "onbekend"
    m2 = (Decimal(oppervlakte) / personen).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{m2}".replace(".", ",")


def overbewoning(session: Session, gemeente_ids: list[int], gebied: Gebied, filters: Filters, link) -> dict:
    """One marker per verblijfsobject with at least one indicator on its current count: the
    flags (code and title), persons and m² per person, and the address to open. Counts only."""
    if not gemeente_ids:
        return _collectie([])
    vlaggen = sql_vlaggen(Bewoning, Verblijfsobject, _normen(session, gemeente_ids))
    stmt = (select(Verblijfsobject.id, sql_oppervlakte(Bewoning, Verblijfsobject).label("oppervlakte"),
                   Bewoning.personen, Bewoning.peildatum,
                   *[case((expr, 1), else_=0).label(f"v_{code}") for code, expr in vlaggen.items()], *_lonlat())
            .join(Bewoning, Bewoning.verblijfsobject_id == Verblijfsobject.id)
            .where(Bewoning.actueel.is_(True), Bewoning.gemeente_id.in_(gemeente_ids),
                   Verblijfsobject.gemeente_id.in_(gemeente_ids), or_(*vlaggen.values()),
                   _in_gebied(session, "verblijfsobject", Verblijfsobject.id, Verblijfsobject.geom, gebied))
            .order_by(Verblijfsobject.id).limit(MAX_FEATURES + 1))
    rows = session.execute(stmt).all()
    adressen = _hoofdadressen(session, gemeente_ids, [r.id for r in rows[:MAX_FEATURES]])
    features = []
    for row in rows:
        codes = [code for code in vlaggen if getattr(row, f"v_{code}")]
        adres = adressen.get(row.id)
        props = {"id": row.id, "laag": "overbewoning", "klasse": "meer" if len(codes) > 1 else "een",
                 "titel": "Overbewoning: " + ("1 signaal" if len(codes) == 1 else f"{len(codes)} signalen"),
                 "vlaggen": [{"code": c, "titel": TITELS[c]} for c in codes],
                 "adres": _adres_regel(adres) if adres else "",
                 "url": link("locaties.adres", "adres_id", adres.adres_id) if adres else None,
                 "regels": [["Personen", str(row.personen)],
                            ["m² per persoon", _m2_per_persoon(row.oppervlakte, row.personen)],
                            ["Peildatum", _datum_nl(row.peildatum)],
                            *[["Signaal", TITELS[c]] for c in codes]]}
        features.append(_feature(row, props))
    return _collectie(features)


def _hoofdadressen(session: Session, gemeente_ids: list[int], vbo_ids: list[int]) -> dict:
    """The address to open per object: its hoofdadres (else its first address)."""
    gevonden: dict = {}
    for start in range(0, len(vbo_ids), 900):  # stay below SQLite's parameter limit
        deel = vbo_ids[start:start + 900]
        stmt = (select(Adres.verblijfsobject_id, *_adres_kolommen())
                .where(Adres.verblijfsobject_id.in_(deel), Adres.gemeente_id.in_(gemeente_ids))
                .order_by(Adres.verblijfsobject_id, Adres.is_nevenadres, Adres.id))
        for row in session.execute(stmt):
            gevonden.setdefault(row.verblijfsobject_id, row)
    return gevonden


def _nieuwste(model, gemeente_ids: list[int]):
    """Rows of the newest imported boundary year per gemeente."""
    jaren = (select(model.gemeente_id, func.max(model.jaar).label("jaar"))
             .where(model.gemeente_id.in_(gemeente_ids)).group_by(model.gemeente_id).subquery())
    return and_(model.gemeente_id == jaren.c.gemeente_id, model.jaar == jaren.c.jaar), jaren


def _vlak_geojson(model, tolerantie: float):
    return func.ST_AsGeoJSON(ST_Transform(func.ST_SimplifyPreserveTopology(model.geom, tolerantie), WGS84), 6)


def tolerantie(zoomniveau: int) -> float:
    return _HALVE_PIXEL_ZOOM0 / (2 ** zoomniveau)


def _vlakken(session: Session, model, tabel: str, gemeente_ids: list[int], gebied: Gebied, tol: float,
             extra=()) -> list:
    nieuwste, jaren = _nieuwste(model, gemeente_ids)
    stmt = (select(model.id, model.code, model.naam, model.jaar, *extra, _vlak_geojson(model, tol).label("geojson"))
            .join(jaren, nieuwste)
            .where(model.gemeente_id.in_(gemeente_ids),
                   _in_gebied(session, tabel, model.id, model.geom, gebied, vlakken=True))
            .order_by(model.code).limit(MAX_FEATURES + 1))
    return session.execute(stmt).all()


def _vlak(row, props: dict) -> dict:
    return {"type": "Feature", "id": props["id"], "geometry": json.loads(row.geojson), "properties": props}


def buurten(session: Session, gemeente_ids: list[int], gebied: Gebied, zoomniveau: int) -> dict:
    """Wijk and buurt outlines (public CBS data) of the newest year per gemeente,
    simplified to about half a screen pixel at the zoom asked for."""
    if not gemeente_ids:
        return _collectie([])
    tol = tolerantie(zoomniveau)
    features = [_vlak(row, {"id": f"wijk-{row.id}", "niveau": "wijk", "code": row.code, "naam": row.naam,
                            "jaar": row.jaar})
                for row in _vlakken(session, Wijk, "wijk", gemeente_ids, gebied, tol)]
    features += [_vlak(row, {"id": f"buurt-{row.id}", "niveau": "buurt", "code": row.code, "naam": row.naam,
                             "jaar": row.jaar})
                 for row in _vlakken(session, Buurt, "buurt", gemeente_ids, gebied, tol)]
    return _collectie(features)


def overbewoning_buurten(session: Session, gemeente_ids: list[int], gebied: Gebied, zoomniveau: int) -> dict:
    """Per buurt: objects with a current count, and how many of them carry an indicator.
    A buurt without counts says so ("geen gegevens"), it is not a buurt with 0."""
    if not gemeente_ids:
        return _collectie([])
    rijen = _vlakken(session, Buurt, "buurt", gemeente_ids, gebied, tolerantie(zoomniveau))
    ids = [r.id for r in rijen[:MAX_FEATURES]]
    vlaggen = sql_vlaggen(Bewoning, Verblijfsobject, _normen(session, gemeente_ids))
    tellingen: dict = {}
    for start in range(0, len(ids), 900):
        stmt = (select(Verblijfsobject.buurt_id, func.count(Verblijfsobject.id).label("objecten"),
                       func.sum(case((or_(*vlaggen.values()), 1), else_=0)).label("gesignaleerd"))
                .join(Bewoning, Bewoning.verblijfsobject_id == Verblijfsobject.id)
                .where(Bewoning.actueel.is_(True), Bewoning.gemeente_id.in_(gemeente_ids),
                       Verblijfsobject.gemeente_id.in_(gemeente_ids),
                       Verblijfsobject.buurt_id.in_(ids[start:start + 900]))
                .group_by(Verblijfsobject.buurt_id))
        for row in session.execute(stmt):
            tellingen[row.buurt_id] = (int(row.objecten), int(row.gesignaleerd or 0))
    features = []
    for row in rijen:
        objecten, gesignaleerd = tellingen.get(row.id, (0, 0))
        aandeel = round(gesignaleerd / objecten, 4) if objecten else None
        features.append(_vlak(row, {
            "id": f"buurt-{row.id}", "code": row.code, "naam": row.naam, "objecten": objecten,
            "gesignaleerd": gesignaleerd if objecten else None, "aandeel": aandeel,
            "klasse": _klasse(aandeel),
            "omschrijving": (f"{gesignaleerd} van {objecten} objecten met een signaal "
                             f"({round(aandeel * 100):d}%)" if objecten else "geen gegevens")}))
    return _collectie(features)


# Choropleth classes: share of counted objects with an indicator.
KLASSEN = (("geen_gegevens", "geen gegevens"), ("k0", "0%"), ("k1", "tot 5%"), ("k2", "5 tot 15%"),
           ("k3", "15% of meer"))


def _klasse(aandeel: float | None) -> str:
    if aandeel is None:
        return "geen_gegevens"
    if aandeel == 0:
        return "k0"
    if aandeel < 0.05:
        return "k1"
    if aandeel < 0.15:
        return "k2"
    return "k3"


# ------------------------------------------------------------------ the page


def uitsnede(session: Session, gemeente_ids: list[int]) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The WGS84 bounds ((south, west), (north, east)) of the user's gemeenten: the newest
    buurt outlines if there are any, else the addresses; None without either."""
    if not gemeente_ids:
        return None
    sqlite = session.get_bind().dialect.name == "sqlite"
    xmin, xmax, ymin, ymax = ((func.MbrMinX, func.MbrMaxX, func.MbrMinY, func.MbrMaxY) if sqlite
                              else (func.ST_XMin, func.ST_XMax, func.ST_YMin, func.ST_YMax))
    nieuwste, jaren = _nieuwste(Buurt, gemeente_ids)
    rd = session.execute(select(func.min(xmin(Buurt.geom)).label("x1"), func.min(ymin(Buurt.geom)).label("y1"),
                                func.max(xmax(Buurt.geom)).label("x2"), func.max(ymax(Buurt.geom)).label("y2"))
                         .join(jaren, nieuwste)).one()
    if rd.x1 is None:
        rd = session.execute(select(func.min(ST_X(Verblijfsobject.geom)).label("x1"),
                                    func.min(ST_Y(Verblijfsobject.geom)).label("y1"),
                                    func.max(ST_X(Verblijfsobject.geom)).label("x2"),
                                    func.max(ST_Y(Verblijfsobject.geom)).label("y2"))
                             .where(Verblijfsobject.gemeente_id.in_(gemeente_ids))).one()
    if rd.x1 is None:
        return None
    hoeken = []
    for x, y in ((rd.x1, rd.y1), (rd.x2, rd.y2)):
        punt = ST_Transform(func.ST_GeomFromText(f"POINT({float(x):.3f} {float(y):.3f})", RD_NEW), WGS84)
        lon, lat = session.execute(select(ST_X(punt), ST_Y(punt))).one()
        hoeken.append((round(lat, 6), round(lon, 6)))
    return hoeken[0], hoeken[1]
