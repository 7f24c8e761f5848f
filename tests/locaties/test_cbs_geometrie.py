"""Real CBS outlines: repaired, kept as MultiPolygons, never a traceback, messages in Dutch,
and buurten that overlap reported with the addresses they share (SpatiaLite and PostGIS)."""
import json
import re

import pytest
from geoalchemy2.shape import to_shape
from shapely.geometry import MultiPolygon, Polygon, box
from sqlalchemy import select

from handhaving.locaties.cbs import CbsImportFout, import_cbs
from handhaving.locaties.models import Buurt, Wijk
from tests.factories import add_adres
from tests.locaties import cbs_bestanden as cbs
from tests.locaties.test_cbs_import import adressen, dalveen  # noqa: F401 (fixtures)

# Words of the geometry library's (GEOS/shapely/numpy) messages that must never reach a user.
ENGELS = re.compile(r"(?i)\b(self-intersection|ring|hole|shell|too few|points?|invalid|coordinates?|could not|"
                    r"convert|unknown|linearring|requires|encountered|argument|must|exception|array|nested)\b")

SQ = [[192000, 321000], [193000, 321000], [193000, 323000], [192000, 323000], [192000, 321000]]
BOW_TIE = [[[192000, 321000], [193000, 323000], [193000, 321000], [192000, 323000], [192000, 321000]]]
# make_valid of this MultiPolygon gives a GeometryCollection: a MultiPolygon (the bow-tie's two
# triangles and the square) plus the line of the spike.
MET_SPRIET = [[[[192000, 321000], [192500, 322000], [192500, 321000], [192000, 322000], [192000, 321000]]],
              [[[192600, 321000], [193000, 321000], [193000, 323000], [192600, 323000], [192600, 321000],
                [192600, 320500], [192600, 321000]]]]
INF = float("inf")
NAN = float("nan")

# name → (GeoJSON geometry, expected: "ok" or the start of the rejection)
GEVALLEN = {
    "strik (bow-tie)": ({"type": "Polygon", "coordinates": BOW_TIE}, "ok"),
    "rand die zichzelf raakt": ({"type": "Polygon", "coordinates": [[
        [192000, 321000], [193000, 321000], [193000, 323000], [192500, 321000], [192000, 323000],
        [192000, 321000]]]}, "ok"),
    "gat met 3 punten": ({"type": "Polygon", "coordinates": [SQ, [[192100, 321100], [192200, 321100],
                                                                   [192100, 321100]]]}, "ok"),
    "buitenrand met 3 punten": ({"type": "Polygon", "coordinates": [[[192000, 321000], [193000, 321000],
                                                                       [192000, 321000]]]},
                                "geometrie heeft geen oppervlak"),
    "herstel geeft GeometryCollection": ({"type": "MultiPolygon", "coordinates": MET_SPRIET}, "ok"),
    "lege geometrie": ({"type": "Polygon", "coordinates": []}, "geometrie ontbreekt"),
    "lege rand": ({"type": "Polygon", "coordinates": [[]]}, "geometrie ontbreekt"),
    "gat buiten de buitenrand": ({"type": "Polygon", "coordinates": [SQ, [
        [192100, 321100], [192200, 321100], [192200, 321200], [192100, 321100]][:0] + [
        [192000, 324000], [192500, 324000], [192500, 324500], [192000, 324000]]]}, "ok"),
    "oneindige coördinaat": ({"type": "Polygon", "coordinates": [[[192000, 321000], [INF, 321000],
                                                                    [193000, 323000], [192000, 321000]]]},
                             "geometrie bevat een coördinaat die geen eindig getal is"),
    "coördinaat NaN": ({"type": "Polygon", "coordinates": [[[192000, 321000], [NAN, 321000],
                                                             [193000, 323000], [192000, 321000]]]},
                       "geometrie bevat een coördinaat die geen eindig getal is"),
    "tekst als coördinaat": ({"type": "Polygon", "coordinates": [[["a", "b"], [1, 2], [3, 4], ["a", "b"]]]},
                             "geometrie onleesbaar"),
    "coördinaten van ongelijke lengte": ({"type": "Polygon", "coordinates": [[SQ[0] + [5]] + SQ[1:]]}, "ok"),
    "onbekend type": ({"type": "Foo", "coordinates": []}, "geometrie onleesbaar"),
    "reusachtige coördinaten": ({"type": "Polygon", "coordinates": [[[0, 0], [1e308, 0], [1e308, 1e308],
                                                                       [0, 0]]]},
                                "geometrie ligt (deels) buiten Nederland"),
}


def _geojson_met(geometrie) -> bytes:
    """The test layout with wijk Oost (object 2) and buurt Beukenhof (object 5) replaced."""
    doc = json.loads(cbs.geojson(cbs.features()))
    doc["features"][1]["geometry"] = geometrie
    doc["features"][4]["geometry"] = geometrie
    return json.dumps(doc).encode()  # json writes inf/nan as Infinity/NaN and reads them back


@pytest.mark.parametrize("naam", list(GEVALLEN))
def test_every_broken_outline_is_repaired_or_refused_in_dutch_never_a_traceback(session, adressen, naam):
    geometrie, verwacht = GEVALLEN[naam]
    rapport = import_cbs(session, _geojson_met(geometrie))
    meldingen = [m for _, m in rapport.fouten] + rapport.opmerkingen
    assert not [m for m in meldingen if ENGELS.search(m)], meldingen
    if verwacht == "ok":
        assert rapport.ok, rapport.fouten
        assert session.execute(select(Buurt).where(Buurt.code == "BU99010201")).unique().scalar_one()
    else:
        assert [p for p, _ in rapport.fouten] == ["object 2", "object 5"]
        assert all(m.startswith(verwacht) for _, m in rapport.fouten), rapport.fouten
        assert session.execute(select(Buurt)).first() is None  # nothing half-imported


def test_a_repair_that_leaves_a_multi_part_outline_keeps_every_part(session, adressen):
    rapport = import_cbs(session, _geojson_met({"type": "MultiPolygon", "coordinates": MET_SPRIET}))
    assert rapport.ok, rapport.fouten
    buurt = session.execute(select(Buurt).where(Buurt.code == "BU99010201")).unique().scalar_one()
    geom = to_shape(buurt.geom)
    assert isinstance(geom, MultiPolygon) and len(geom.geoms) == 3 and geom.is_valid
    # the two triangles of the bow-tie (2 × 125 000 m²) and the square (400 × 2 000 m²)
    assert geom.area == pytest.approx(250_000 + 800_000)
    assert any(o.startswith("object 5: ongeldige geometrie hersteld (") and o.endswith("; nu 3 delen")
               for o in rapport.opmerkingen), rapport.opmerkingen


def test_parts_of_one_outline_that_overlap_are_united_not_cut_out_of_each_other(session, adressen):
    # 800 × 1 500 m and 800 × 1 000 m, sharing 600 × 500 m
    overlap = {"type": "MultiPolygon", "coordinates": [
        [[[192000, 321000], [192800, 321000], [192800, 322500], [192000, 322500], [192000, 321000]]],
        [[[192200, 322000], [193000, 322000], [193000, 323000], [192200, 323000], [192200, 322000]]]]}
    rapport = import_cbs(session, _geojson_met(overlap))
    assert rapport.ok, rapport.fouten
    wijk = session.execute(select(Wijk).where(Wijk.code == "WK990102")).unique().scalar_one()
    assert to_shape(wijk.geom).area == pytest.approx(1_200_000 + 800_000 - 300_000)  # union, no hole


def test_a_repaired_bow_tie_says_why_in_dutch(session, adressen):
    rapport = import_cbs(session, _geojson_met({"type": "Polygon", "coordinates": BOW_TIE}), dry_run=True)
    assert "object 5: ongeldige geometrie hersteld (de rand snijdt zichzelf bij punt 192500 322000); " \
           "nu 2 delen" in rapport.opmerkingen


@pytest.mark.parametrize("vorm", ["gpkg", "topojson"])
def test_geopackage_and_topojson_outlines_are_repaired_the_same_way(session, adressen, vorm):
    items = cbs.features()
    strik = Polygon(BOW_TIE[0])
    if vorm == "gpkg":
        items[4] = (items[4][0], strik)
        data = cbs.gpkg({"wijken": items[:2], "buurten": items[2:]})
    else:
        # a hole of 3 points (no area) in the buurt's outline
        items[4] = (items[4][0], Polygon(SQ))
        data = json.loads(cbs.topojson(items))
        data["arcs"].append([[2100, 1100], [100, 0], [-100, 0]])
        data["objects"]["wijkenbuurten"]["geometries"][4]["arcs"].append([len(data["arcs"]) - 1])
        data = json.dumps(data).encode()
    rapport = import_cbs(session, data)
    assert rapport.ok, rapport.fouten
    assert not [m for m in rapport.opmerkingen if ENGELS.search(m)]


def test_a_geopackage_geometry_that_is_no_wkb_is_refused_in_dutch(session, adressen):
    items = cbs.features()
    data = cbs.gpkg({"wijken": items[:2], "buurten": items[2:]})
    import sqlite3
    conn = sqlite3.connect(":memory:")
    conn.deserialize(data)
    conn.execute("UPDATE buurten SET geom = X'47500001E6100000DEADBEEF' WHERE fid = 3")
    conn.commit()
    rapport = import_cbs(session, conn.serialize())
    assert rapport.fouten == [("laag buurten, object 3",
                               "geometrie onleesbaar: geen geldige WKB na de GeoPackage-kop")]


@pytest.mark.parametrize("kapot", [
    lambda d: d.update(crs={"type": "EPSG", "properties": {"code": "abc"}}),
    lambda d: d.update(features=[{"type": "Feature", "properties": {"buurtcode": "BU99010101"},
                                  "geometry": {"type": "Polygon", "coordinates": [[["x", 1]]]}}], crs=None),
], ids=["crs-code geen getal", "eerste coördinaat tekst"])
def test_a_geojson_whose_structure_is_broken_is_refused_as_a_file_not_a_traceback(session, adressen, kapot):
    doc = json.loads(cbs.geojson(cbs.features()))
    kapot(doc)
    with pytest.raises(CbsImportFout, match="niet volgens de standaard opgebouwd"):
        import_cbs(session, json.dumps(doc).encode())


def test_a_topojson_without_scale_in_its_transform_is_refused_as_a_file(session, adressen):
    doc = json.loads(cbs.topojson(cbs.features()))
    del doc["transform"]["scale"]
    with pytest.raises(CbsImportFout, match="TopoJSON-bestand is niet volgens de standaard opgebouwd"):
        import_cbs(session, json.dumps(doc).encode())


def test_overlapping_buurten_are_reported_with_the_number_of_addresses_in_both(session, adressen, dalveen):
    # Kerkbuurt drawn 200 m too far south: it overlaps Binnenstad on 1 000 m × 200 m.
    items = cbs.features()
    items[3] = (items[3][0], box(191000, 321800, 192000, 323000))
    add_adres(session, dalveen, "Kerkstraat", 90, "6411AA", x=191500.0, y=321900.0)
    add_adres(session, dalveen, "Kerkstraat", 91, "6411AA", x=191200.0, y=321850.0)
    session.commit()
    rapport = import_cbs(session, cbs.geojson(items), dry_run=True)
    assert rapport.ok
    assert [(o.buurt_a, o.buurt_b, round(o.m2), o.verblijfsobjecten) for o in rapport.overlappingen] == [
        ("BU99010101", "BU99010102", 200_000, 2)]
    assert ("buurten BU99010101 en BU99010102 overlappen (200.000 m²); 2 verblijfsobject(en) liggen in beide "
            "en krijgen BU99010101 (de laagste code)") in rapport.opmerkingen
    assert "Let op: buurten BU99010101 en BU99010102 overlappen" in rapport.samenvatting()


def test_buurten_that_only_share_a_border_are_no_overlap(session, adressen):
    rapport = import_cbs(session, cbs.geojson(cbs.features()), dry_run=True)
    assert rapport.overlappingen == [] and rapport.ok


