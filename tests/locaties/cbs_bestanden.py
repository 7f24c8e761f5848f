"""Small CBS Wijk- en Buurtkaart files made in the test: GeoPackage, GeoJSON, TopoJSON.

The layout (RD New) for gemeente 9901, two wijken side by side:

    y 323000 +-----------+-----------+
             | BU99010102|           |
    y 322000 +-----------+ BU99010201|
             | BU99010101|           |
    y 321000 +-----------+-----------+
           x 191000    192000      193000

Points well inside each buurt (PUNTEN) and one outside every buurt.
"""
from __future__ import annotations

import json
import sqlite3
import struct

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, box, mapping

from handhaving.demo import rd_to_wgs84

WIJKEN = [("WK990101", "Centrum", box(191000, 321000, 192000, 323000)),
          ("WK990102", "Oost", box(192000, 321000, 193000, 323000))]
BUURTEN = [("BU99010101", "Binnenstad", box(191000, 321000, 192000, 322000)),
           ("BU99010102", "Kerkbuurt", box(191000, 322000, 192000, 323000)),
           ("BU99010201", "Beukenhof", box(192000, 321000, 193000, 323000))]
# (x, y) → the buurt code expected there; None: outside every buurt.
PUNTEN = {(191500.0, 321500.0): "BU99010101", (191400.0, 322600.0): "BU99010102",
          (192500.0, 321200.0): "BU99010201", (195000.0, 321500.0): None}


def wijk_props(code, naam, jaar=2025, **extra):
    return {"wijkcode": code, "wijknaam": naam, "gemeentecode": "GM" + code[2:6], "gemeentenaam": "Dalveen",
            "jaarstatcode": f"{jaar}{code}", "water": "NEE", "aantal_inwoners": 1200, **extra}


def buurt_props(code, naam, jaar=2025, **extra):
    return {"buurtcode": code, "buurtnaam": naam, "wijkcode": "WK" + code[2:8],
            "gemeentecode": "GM" + code[2:6], "gemeentenaam": "Dalveen", "jaarstatcode": f"{jaar}{code}",
            "water": "NEE", "aantal_inwoners": 640, "percentage_huurwoningen": 41.5, **extra}


def features(jaar=2025, wijken=WIJKEN, buurten=BUURTEN) -> list[tuple[dict, object]]:
    """(properties, RD geometry) for every wijk and buurt of the layout."""
    return ([(wijk_props(c, n, jaar), g) for c, n, g in wijken]
            + [(buurt_props(c, n, jaar), g) for c, n, g in buurten])


def _wgs84(geom):
    def lon_lat(coords):
        lat, lon = rd_to_wgs84(coords[:, 0], coords[:, 1])  # works on arrays too
        return np.column_stack([lon, lat])

    return shapely.transform(geom, lon_lat)


def geojson(items: list[tuple[dict, object]], crs: str | None = "urn:ogc:def:crs:EPSG::28992",
            wgs84: bool = False) -> bytes:
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props,
         "geometry": None if geom is None else mapping(_wgs84(geom) if wgs84 else geom)}
        for props, geom in items]}
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(doc).encode("utf-8")


def gp_blob(geom, srs_id: int, little_endian: bool = True, envelope: bool = True) -> bytes:
    """GeoPackage binary: 'GP', version 0, flags (bit 0 byte order, bits 1-3 envelope), srs_id, envelope, WKB."""
    order = "<" if little_endian else ">"
    flags = (1 if little_endian else 0) | ((1 if envelope else 0) << 1)
    head = b"GP" + bytes([0, flags]) + struct.pack(order + "i", srs_id)
    if envelope:
        minx, miny, maxx, maxy = geom.bounds
        head += struct.pack(order + "4d", minx, maxx, miny, maxy)
    return head + shapely.to_wkb(geom, byte_order=1 if little_endian else 0)


def gpkg(lagen: dict[str, list[tuple[dict, object]]], srid: int = 28992) -> bytes:
    """A GeoPackage with one feature table per layer; geometries with and without envelope."""
    conn = sqlite3.connect(":memory:")
    conn.executescript("""
        CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
            organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL,
            description TEXT);
        CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT,
            description TEXT DEFAULT '', last_change DATETIME, min_x DOUBLE, min_y DOUBLE, max_x DOUBLE,
            max_y DOUBLE, srs_id INTEGER);
        CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
            geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL);
    """)
    conn.execute("INSERT INTO gpkg_spatial_ref_sys VALUES ('Amersfoort / RD New', ?, 'EPSG', ?, 'PROJCS[...]', '')",
                 (srid, srid))
    for laag, items in lagen.items():
        columns = sorted({k for props, _ in items for k in props})
        coldefs = ", ".join(f'"{c}"' for c in columns)
        conn.execute(f'CREATE TABLE "{laag}" (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom BLOB'
                     f'{", " + coldefs if coldefs else ""})')
        conn.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
                     "VALUES (?, 'features', ?, ?)", (laag, laag, srid))
        conn.execute("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'MULTIPOLYGON', ?, 0, 0)", (laag, srid))
        for i, (props, geom) in enumerate(items):
            multi = MultiPolygon([geom]) if geom.geom_type == "Polygon" else geom
            blob = gp_blob(multi, srid, little_endian=i % 2 == 0, envelope=i % 3 != 2)
            conn.execute(f'INSERT INTO "{laag}" (geom{", " + coldefs if coldefs else ""}) '
                         f'VALUES (?{", ?" * len(columns)})', (blob, *[props.get(c) for c in columns]))
    conn.commit()
    data = conn.serialize()
    conn.close()
    return data


def topojson(items: list[tuple[dict, object]], naam: str = "wijkenbuurten") -> bytes:
    """A quantized TopoJSON: every ring is its own arc, delta-encoded (1 m grid)."""
    arcs, geometries = [], []
    for props, geom in items:
        ring = list(geom.exterior.coords)
        q = [(round(x - 190000), round(y - 320000)) for x, y in ring]
        arcs.append([list(q[0])] + [[b[0] - a[0], b[1] - a[1]] for a, b in zip(q, q[1:])])
        geometries.append({"type": "Polygon", "arcs": [[len(arcs) - 1]], "properties": props})
    return json.dumps({"type": "Topology", "crs": {"type": "name", "properties": {"name": "EPSG:28992"}},
                       "transform": {"scale": [1, 1], "translate": [190000, 320000]}, "arcs": arcs,
                       "objects": {naam: {"type": "GeometryCollection", "geometries": geometries}}}).encode()
