"""Reading a CBS Wijk- en Buurtkaart: GeoPackage, GeoJSON or TopoJSON.

The format is told by the content, not the name: a GeoPackage is an SQLite
file (read with the standard ``sqlite3`` module and shapely, no GDAL), JSON
is GeoJSON (``FeatureCollection``) or TopoJSON (``Topology``). The result is
a :class:`Bestand`: the source SRID and every feature with its properties
(keys lower-cased, so columns are found by name whatever their case) and its
shapely geometry in the source SRID. Nothing here touches the app database;
checking the features is :mod:`handhaving.locaties.cbs.controle`.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from handhaving.geo import RD_NEW, WGS84, rd_plausible
from handhaving.locaties.cbs.geometrie import GeometrieFout, uit_ringen

SQLITE_MAGIC = b"SQLite format 3\x00"
# GeoPackage binary header, flags bits 1-3: envelope contents → envelope size in bytes.
ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


class CbsImportFout(Exception):
    """The file cannot be read as a Wijk- en Buurtkaart at all. Dutch message; nothing is written."""


@dataclass
class Object:
    """One feature as read. Its geometry is decoded only when asked for: a national
    file holds every gemeente, and most of them are skipped."""
    laag: str | None        # GeoPackage table or TopoJSON object; None for GeoJSON
    nummer: int             # 1-based position in its layer (GeoPackage: the feature id)
    eigenschappen: dict     # keys lower-cased
    ruw: object = None      # the undecoded geometry (GeoPackage blob, GeoJSON or TopoJSON member)
    lezer: Callable[[object], BaseGeometry | None] | None = None

    @property
    def plaats(self) -> str:
        return f"laag {self.laag}, object {self.nummer}" if self.laag else f"object {self.nummer}"

    def geometrie(self) -> BaseGeometry | None:
        """The shapely geometry in the file's SRID; raises ValueError (Dutch) when unreadable."""
        if self.ruw is None or self.lezer is None:
            return None
        try:
            return self.lezer(self.ruw)
        except GeometrieFout:
            raise
        except (AttributeError, IndexError, KeyError, TypeError, ValueError, shapely.errors.ShapelyError):
            # The library's own (English) text means nothing to the user; the cause is the structure.
            raise GeometrieFout("geometrie onleesbaar: de opbouw of de coördinaten kloppen niet") from None


@dataclass
class Bestand:
    formaat: str
    srid: int
    objecten: list[Object]
    # 'wijk' / 'buurt' per layer whose name says so; a layer named for both or neither is None.
    laag_soort: dict[str | None, str | None] = field(default_factory=dict)
    opmerkingen: list[str] = field(default_factory=list)


def soort_van_laag(naam: str | None) -> str | None:
    name = (naam or "").lower()
    wijk, buurt = "wijk" in name, "buurt" in name
    if wijk and not buurt:
        return "wijk"
    if buurt and not wijk:
        return "buurt"
    return None


def lees_bestand(source) -> Bestand:
    """``source``: bytes, a path or a binary file object. Raises CbsImportFout."""
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
        if head == SQLITE_MAGIC:
            # Read-only through a URI; as_uri() escapes '?' and '#' in the path.
            return _lees_gpkg(sqlite3.connect(Path(source).resolve().as_uri() + "?mode=ro", uri=True))
        with open(source, "rb") as fh:
            data = fh.read()
    elif isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif hasattr(source, "read"):
        data = source.read()
    else:
        raise TypeError("bron moet bytes, een pad of een binair bestand zijn")
    if data.startswith(SQLITE_MAGIC):
        conn = sqlite3.connect(":memory:")
        conn.deserialize(data)
        return _lees_gpkg(conn)
    return _lees_json(data)


# --- GeoPackage ----------------------------------------------------------------------------


def gpkg_geometrie(blob: bytes | None) -> BaseGeometry | None:
    """GeoPackage binary (OGC 12-128r18 §2.1.3) → shapely geometry, None when empty."""
    if blob is None:
        return None
    blob = bytes(blob)
    if blob[:2] != b"GP":
        raise GeometrieFout("geometrie onleesbaar: geen GeoPackage-geometrie (kop 'GP' ontbreekt)")
    flags = blob[3]
    envelope = (flags >> 1) & 0b111
    if envelope not in ENVELOPE_BYTES:
        raise GeometrieFout(f"geometrie onleesbaar: onbekende envelopcode {envelope} in de geometriekop")
    if flags & 0b10000:  # the empty-geometry flag
        return None
    try:
        geom = shapely.from_wkb(blob[8 + ENVELOPE_BYTES[envelope]:])
    except shapely.errors.ShapelyError:
        raise GeometrieFout("geometrie onleesbaar: geen geldige WKB na de GeoPackage-kop") from None
    return None if geom.is_empty else geom


def gpkg_srs_id(blob: bytes) -> int:
    """The srs_id in a GeoPackage geometry header (byte order from flag bit 0)."""
    return struct.unpack("<i" if blob[3] & 1 else ">i", bytes(blob[4:8]))[0]


def _lees_gpkg(conn: sqlite3.Connection) -> Bestand:
    try:
        return _gpkg(conn)
    except sqlite3.DatabaseError as exc:
        raise CbsImportFout(f"Dit SQLite-bestand is geen leesbare GeoPackage ({exc}). "
                            "Er is niets geïmporteerd.") from None
    finally:
        conn.close()


def _gpkg(conn: sqlite3.Connection) -> Bestand:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    if not {"gpkg_contents", "gpkg_geometry_columns", "gpkg_spatial_ref_sys"} <= tables:
        raise CbsImportFout("Dit SQLite-bestand is geen GeoPackage (de tabellen gpkg_contents, "
                            "gpkg_geometry_columns en gpkg_spatial_ref_sys ontbreken). Er is niets geïmporteerd.")
    lagen = conn.execute(
        "SELECT c.table_name, g.column_name, s.organization, s.organization_coordsys_id, g.srs_id "
        "FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name "
        "LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id "
        "WHERE c.data_type = 'features' ORDER BY c.table_name").fetchall()
    gekozen = [laag for laag in lagen if "wijk" in laag[0].lower() or "buurt" in laag[0].lower()]
    if not gekozen:
        namen = ", ".join(laag[0] for laag in lagen) or "geen"
        raise CbsImportFout(f"Deze GeoPackage heeft geen laag met 'wijk' of 'buurt' in de naam (lagen: {namen}). "
                            "Er is niets geïmporteerd.")
    srids = set()
    objecten: list[Object] = []
    laag_soort: dict[str | None, str | None] = {}
    for table, column, organisatie, coordsys, srs_id in gekozen:
        if (organisatie or "").upper() == "EPSG" and coordsys:
            srids.add(int(coordsys))
        elif srs_id and srs_id > 0:
            srids.add(int(srs_id))  # GeoPackages usually number their SRS after EPSG
        else:
            raise CbsImportFout(f"Laag {table} heeft geen bekend coördinatenstelsel (srs_id {srs_id}). "
                                "Er is niets geïmporteerd.")
        laag_soort[table] = soort_van_laag(table)
        quoted = _ident(table)
        # The table name comes from the file's own gpkg_contents, quoted as an identifier, and the query
        # runs on a connection to that uploaded file alone (read-only or in memory), never the app's database.
        cur = conn.execute(f"SELECT rowid AS __nummer, * FROM {quoted} ORDER BY rowid")  # nosec B608
        names = [d[0] for d in cur.description]
        for row in cur:
            values = dict(zip(names, row))
            nummer = values.pop("__nummer")
            blob = values.pop(column, None)
            eigenschappen = {k.lower(): v for k, v in values.items() if k.lower() != column.lower()}
            objecten.append(Object(table, nummer, eigenschappen, blob, gpkg_geometrie))
    if len(srids) > 1:
        stelsels = ", ".join(f"EPSG:{srid}" for srid in sorted(srids))
        raise CbsImportFout(f"De lagen gebruiken verschillende coördinatenstelsels ({stelsels}). "
                            "Er is niets geïmporteerd.")
    return Bestand("GeoPackage", srids.pop(), objecten, laag_soort)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- GeoJSON and TopoJSON ----------------------------------------------------------------


def _lees_json(data: bytes) -> Bestand:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise CbsImportFout("Dit bestand is geen GeoPackage, GeoJSON of TopoJSON. "
                            "Er is niets geïmporteerd.") from None
    kind = doc.get("type") if isinstance(doc, dict) else None
    try:
        if kind == "FeatureCollection":
            return _geojson(doc)
        if kind == "Topology":
            return _topojson(doc)
    except (AttributeError, IndexError, KeyError, TypeError, ValueError, OverflowError):
        # A member of the wrong kind (a string where a list belongs, a crs code that is no
        # number, a transform without scale): the structure, not one feature, is broken.
        raise CbsImportFout(f"Dit {'GeoJSON' if kind == 'FeatureCollection' else 'TopoJSON'}-bestand is niet "
                            "volgens de standaard opgebouwd (een lid heeft de verkeerde vorm, bijvoorbeeld crs, "
                            "transform, arcs of features). Er is niets geïmporteerd.") from None
    raise CbsImportFout(f"Dit JSON-bestand is geen GeoJSON-FeatureCollection of TopoJSON-Topology "
                        f"(type: {kind!r}). Er is niets geïmporteerd.")


def srid_uit_crs(crs) -> int | None:
    """The legacy GeoJSON ``crs`` member → EPSG code (CRS84 is 4326); None if absent."""
    if not isinstance(crs, dict):
        return None
    props = crs.get("properties") or {}
    if str(crs.get("type", "")).upper() == "EPSG" and props.get("code"):
        return int(props["code"])
    name = str(props.get("name") or "")
    if "CRS84" in name.upper():
        return WGS84
    if "EPSG" in name.upper():
        digits = re.findall(r"\d+", name.upper().split("EPSG")[-1])
        if digits:
            return int(digits[-1])
    raise CbsImportFout(f"Het coördinatenstelsel '{name}' in het crs-lid is niet te lezen "
                        "(verwacht bijvoorbeeld EPSG:28992). Er is niets geïmporteerd.")


def _eerste_punt(coords):
    while isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (list, tuple)):
        coords = coords[0]
    return coords if isinstance(coords, (list, tuple)) and len(coords) >= 2 else None


def _raad_srid(punt, bestand: Bestand) -> int:
    """No crs member: GeoJSON means WGS84, but Dutch exports often are RD New without saying so."""
    if punt is not None:
        x, y = float(punt[0]), float(punt[1])
        if (abs(x) > 180 or abs(y) > 90) and rd_plausible(x, y):
            bestand.opmerkingen.append("het bestand noemt geen coördinatenstelsel; de coördinaten zijn "
                                       "gelezen als RD New (EPSG:28992)")
            return RD_NEW
    return WGS84


def _geojson(doc: dict) -> Bestand:
    features = doc.get("features")
    if not isinstance(features, list):
        raise CbsImportFout("Deze GeoJSON-FeatureCollection heeft geen lijst 'features'. Er is niets geïmporteerd.")
    bestand = Bestand("GeoJSON", WGS84, [], {None: None})
    srid = srid_uit_crs(doc.get("crs"))
    for nummer, feature in enumerate(features, start=1):
        props = feature.get("properties") if isinstance(feature, dict) else None
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        bestand.objecten.append(Object(None, nummer, {str(k).lower(): v for k, v in (props or {}).items()},
                                       geometry or None, geojson_geometrie))
    if srid is None:
        first = next((f["geometry"].get("coordinates") for f in features
                      if isinstance(f, dict) and isinstance(f.get("geometry"), dict)), None)
        srid = _raad_srid(_eerste_punt(first), bestand)
    bestand.srid = srid
    return bestand


def geojson_geometrie(g) -> BaseGeometry | None:
    """A GeoJSON geometry; polygons are built ring by ring, so a ring without area is
    dropped (see ``geometrie.ringen_vlak``) instead of failing the whole feature."""
    if not isinstance(g, dict):
        raise GeometrieFout("geometrie onleesbaar: geen GeoJSON-geometrie")
    kind, coords = g.get("type"), g.get("coordinates")
    if kind == "Polygon":
        return uit_ringen([coords] if coords else [])
    if kind == "MultiPolygon":
        return uit_ringen(coords or [])
    return shape(g)


def _topojson(doc: dict) -> Bestand:
    arcs = _topo_arcs(doc)
    bestand = Bestand("TopoJSON", WGS84, [])
    srid = srid_uit_crs(doc.get("crs"))
    for naam, obj in (doc.get("objects") or {}).items():
        bestand.laag_soort[naam] = soort_van_laag(naam)
        geometries = obj.get("geometries", []) if obj.get("type") == "GeometryCollection" else [obj]
        for nummer, g in enumerate(geometries, start=1):
            props = {str(k).lower(): v for k, v in (g.get("properties") or {}).items()}
            bestand.objecten.append(Object(naam, nummer, props, g, lambda member: _topo_geometrie(member, arcs)))
    if srid is None:
        bestand.srid = _raad_srid(arcs[0][0] if arcs and arcs[0] else None, bestand)
    else:
        bestand.srid = srid
    return bestand


def _topo_arcs(doc: dict) -> list[list[tuple[float, float]]]:
    """Arcs in coordinates: quantized arcs are delta-encoded and scaled by ``transform``."""
    transform = doc.get("transform")
    result = []
    for arc in doc.get("arcs") or []:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for p in arc:
                x, y = x + p[0], y + p[1]
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(p[0]), float(p[1])) for p in arc]
        result.append(points)
    return result


def _topo_ring(indices: list[int], arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])  # consecutive arcs share their end point
    return points


def _topo_geometrie(g: dict, arcs) -> BaseGeometry | None:
    kind = g.get("type")
    if kind == "Polygon":
        return uit_ringen([[_topo_ring(r, arcs) for r in g["arcs"]]])
    if kind == "MultiPolygon":
        return uit_ringen([[_topo_ring(r, arcs) for r in poly] for poly in g["arcs"]])
    if kind is None:
        return None
    raise GeometrieFout(f"geometrie is een {kind}, geen vlak (Polygon of MultiPolygon)")
