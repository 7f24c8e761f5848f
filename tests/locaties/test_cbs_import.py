"""The CBS Wijk- en Buurtkaart import: GeoPackage/GeoJSON/TopoJSON, checks with feature
numbers, all or nothing, idempotent, and point-in-polygon that answers the same on
SpatiaLite and PostGIS (this module runs on both)."""
import json

import pytest
from geoalchemy2.shape import to_shape
from shapely.geometry import Polygon, box
from sqlalchemy import event, func, select

from handhaving.audit.models import AuditRegel
from handhaving.locaties.bag import import_bag
from handhaving.locaties.cbs import CbsImportFout, import_cbs, wijs_buurten_toe
from handhaving.locaties.cbs import waarden
from handhaving.locaties.cbs.lezen import gpkg_geometrie, gpkg_srs_id
from handhaving.locaties.models import Buurt, Verblijfsobject, Wijk
from tests.factories import add_adres, make_gemeente
from tests.locaties import cbs_bestanden as cbs
from tests.locaties.test_bag_import import csv_bytes, row


@pytest.fixture
def dalveen(session):
    g = make_gemeente(session, "9901", "Dalveen")
    session.commit()
    return g


@pytest.fixture
def adressen(session, dalveen):
    """One verblijfsobject per test point, keyed by the buurt code expected there."""
    result = {}
    for nummer, ((x, y), code) in enumerate(cbs.PUNTEN.items(), start=1):
        result[code] = add_adres(session, dalveen, "Kerkstraat", nummer, "6411AA", x=x, y=y).verblijfsobject
    session.commit()
    return result


def count(session, model):
    return session.execute(select(func.count()).select_from(model)).scalar()


def buurtcodes(session, adressen) -> dict:
    """Expected code → the code of the buurt the object got (None: no buurt)."""
    codes = dict(session.execute(select(Buurt.id, Buurt.code)).all())
    result = {}
    for expected, vbo in adressen.items():
        buurt_id = session.execute(select(Verblijfsobject.buurt_id).where(Verblijfsobject.id == vbo.id)).scalar()
        result[expected] = codes.get(buurt_id)
    return result


def expect_assigned(session, adressen):
    assert buurtcodes(session, adressen) == {code: code for code in adressen}


@pytest.fixture
def writes(db):
    """SQL statements that insert into or update wijk or buurt, on the test connection."""
    seen = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        s = " ".join(statement.split()).upper()
        if s.startswith(("INSERT INTO WIJK", "INSERT INTO BUURT", "UPDATE WIJK", "UPDATE BUURT")):
            seen.append(s)

    event.listen(db.bind, "before_cursor_execute", listener)
    yield seen
    event.remove(db.bind, "before_cursor_execute", listener)


# --- formats -------------------------------------------------------------------------------


def test_geojson_in_rd_imports_and_assigns_buurten(session, adressen):
    rapport = import_cbs(session, cbs.geojson(cbs.features()), bestandsnaam="wijkenbuurten_2025.geojson")
    assert rapport.ok, rapport.samenvatting()
    assert (rapport.formaat, rapport.bron_srid, rapport.jaar) == ("GeoJSON", 28992, 2025)
    assert (rapport.wijken.nieuw, rapport.buurten.nieuw) == (2, 3)
    # The same concrete answers on SpatiaLite and PostGIS, a point outside every buurt included.
    expect_assigned(session, adressen)
    assert rapport.toegewezen == 3 and rapport.zonder_buurt == 1
    buurt = session.execute(select(Buurt).where(Buurt.code == "BU99010102")).unique().scalar_one()
    assert (buurt.naam, buurt.jaar, buurt.wijk.code, buurt.gemeente_id) == ("Kerkbuurt", 2025, "WK990101",
                                                                            adressen[None].gemeente_id)
    # Statistics as delivered; codes, names and text columns are not statistics.
    assert buurt.kenmerken == {"aantal_inwoners": 640, "percentage_huurwoningen": 41.5}
    audit = session.execute(select(AuditRegel).where(AuditRegel.actie == "locaties.cbs_import")).scalar_one()
    assert audit.object_id == "wijkenbuurten_2025.geojson"


def test_geopackage_with_cbs_layers(session, adressen):
    items = cbs.features()
    data = cbs.gpkg({
        "gemeenten": [({"gemeentecode": "GM9901", "gemeentenaam": "Dalveen"}, box(191000, 321000, 193000, 323000))],
        "wijken": [(p, g) for p, g in items if "buurtcode" not in p]
        + [(cbs.wijk_props("WK003401", "Elders"), box(10000, 400000, 11000, 401000))],
        "buurten": [(p, g) for p, g in items if "buurtcode" in p]
        # Another gemeente's faults (here: no name) are its own business.
        + [(cbs.buurt_props("BU00340101", None), box(10000, 400000, 11000, 401000))],
    })
    rapport = import_cbs(session, data)
    assert rapport.ok, rapport.samenvatting()
    assert rapport.formaat == "GeoPackage" and rapport.objecten == 7  # the gemeenten layer is not read
    assert (rapport.wijken.nieuw, rapport.buurten.nieuw) == (2, 3)
    # Gemeente 0034 is not in this installation: skipped and counted, not an error.
    assert rapport.overgeslagen_gemeente == {"GM0034": 2}
    assert "2 objecten van gemeente GM0034" in rapport.samenvatting()
    expect_assigned(session, adressen)


def test_geopackage_binary_header(tmp_path):
    geom = box(0, 0, 1, 1)
    for little in (True, False):
        for envelope in (True, False):
            blob = cbs.gp_blob(geom, 28992, little_endian=little, envelope=envelope)
            assert gpkg_srs_id(blob) == 28992
            assert gpkg_geometrie(blob).equals(geom)
    empty = bytearray(cbs.gp_blob(geom, 28992))
    empty[3] |= 0b10000
    assert gpkg_geometrie(bytes(empty)) is None


def test_geopackage_from_a_path(session, adressen, tmp_path):
    path = tmp_path / "wijkenbuurten_2025.gpkg"
    path.write_bytes(cbs.gpkg({"buurten": [(p, g) for p, g in cbs.features() if "buurtcode" in p]}))
    rapport = import_cbs(session, path)
    assert rapport.ok and rapport.buurten.nieuw == 3 and rapport.wijken.nieuw == 0
    expect_assigned(session, adressen)


def test_geojson_in_wgs84_is_transformed_by_the_database(session, adressen):
    rapport = import_cbs(session, cbs.geojson(cbs.features(), crs=None, wgs84=True))
    assert rapport.ok, rapport.samenvatting()
    assert rapport.bron_srid == 4326
    expect_assigned(session, adressen)
    # Stored in RD New: the corner comes back within a couple of metres.
    geom = session.execute(select(Buurt).where(Buurt.code == "BU99010101")).unique().scalar_one().geom
    x, y = to_shape(geom).bounds[:2]
    assert abs(x - 191000) < 3 and abs(y - 321000) < 3
    again = import_cbs(session, cbs.geojson(cbs.features(), crs=None, wgs84=True))
    assert (again.buurten.ongewijzigd, again.buurten.gewijzigd) == (3, 0)


def test_geojson_crs_names(session, adressen):
    for crs in ("EPSG:28992", "http://www.opengis.net/def/crs/EPSG/0/28992"):
        rapport = import_cbs(session, cbs.geojson(cbs.features(), crs=crs), dry_run=True)
        assert rapport.bron_srid == 28992
    # No crs member but RD coordinates: read as RD New, and said so.
    rapport = import_cbs(session, cbs.geojson(cbs.features(), crs=None), dry_run=True)
    assert rapport.bron_srid == 28992 and "RD New" in rapport.samenvatting()


def test_separate_files_per_layer_in_any_order(session, adressen):
    buurten = [(p, g) for p, g in cbs.features() if "buurtcode" in p]
    wijken = [(p, g) for p, g in cbs.features() if "buurtcode" not in p]
    assert import_cbs(session, cbs.geojson(buurten)).ok
    assert session.execute(select(func.count()).where(Buurt.wijk_id.is_not(None))).scalar() == 0
    assert import_cbs(session, cbs.geojson(wijken)).ok
    linked = dict(session.execute(select(Buurt.code, Wijk.code).join(Wijk, Buurt.wijk_id == Wijk.id)).all())
    assert linked == {"BU99010101": "WK990101", "BU99010102": "WK990101", "BU99010201": "WK990102"}
    expect_assigned(session, adressen)


def test_topojson(session, adressen):
    rapport = import_cbs(session, cbs.topojson(cbs.features()))
    assert rapport.ok and rapport.formaat == "TopoJSON", rapport.samenvatting()
    expect_assigned(session, adressen)


# --- idempotence and dry run ----------------------------------------------------------------


def test_reimport_changes_nothing(session, adressen, writes):
    data = cbs.geojson(cbs.features())
    import_cbs(session, data)
    assert writes
    writes.clear()
    again = import_cbs(session, data)
    assert again.ok
    assert (again.wijken.nieuw, again.wijken.gewijzigd, again.wijken.ongewijzigd) == (0, 0, 2)
    assert (again.buurten.nieuw, again.buurten.gewijzigd, again.buurten.ongewijzigd) == (0, 0, 3)
    assert writes == [] and again.toegewezen == 0
    expect_assigned(session, adressen)


def test_changes_are_updated(session, adressen):
    import_cbs(session, cbs.geojson(cbs.features()))
    items = cbs.features()
    items[2] = (cbs.buurt_props("BU99010101", "Binnenstad-Noord"), items[2][1])
    # Kerkbuurt now takes the whole of Centrum: the point of Binnenstad moves to it.
    items[3] = (items[3][0], box(191000, 321000, 192000, 323000))
    items[2] = (items[2][0], box(191000, 320000, 192000, 321000))
    rapport = import_cbs(session, cbs.geojson(items))
    assert (rapport.buurten.gewijzigd, rapport.buurten.ongewijzigd) == (2, 1)
    assert buurtcodes(session, adressen)["BU99010101"] == "BU99010102"
    assert session.execute(select(Buurt.naam).where(Buurt.code == "BU99010101")).scalar() == "Binnenstad-Noord"


def test_dry_run_writes_nothing(session, adressen, writes):
    rapport = import_cbs(session, cbs.geojson(cbs.features()), dry_run=True)
    assert rapport.ok and (rapport.wijken.nieuw, rapport.buurten.nieuw) == (2, 3)
    assert "Proefimport" in rapport.samenvatting()
    assert writes == [] and count(session, Wijk) == 0 and count(session, Buurt) == 0
    assert all(code is None for code in buurtcodes(session, adressen).values())
    assert count(session, AuditRegel) == 0 or not session.execute(
        select(AuditRegel).where(AuditRegel.actie == "locaties.cbs_import")).first()


# --- rejections -------------------------------------------------------------------------------


def test_file_without_codes_is_refused(session, adressen):
    items = [({"naam": "Iets", "aantal": 3}, box(191000, 321000, 192000, 322000))]
    with pytest.raises(CbsImportFout, match="geen wijk- of buurtcodes"):
        import_cbs(session, cbs.geojson(items))
    assert count(session, Buurt) == 0 and count(session, Wijk) == 0


def test_malformed_codes_are_reported_by_feature_number(session, adressen):
    items = cbs.features()
    items[3] = (cbs.buurt_props("BU990101", "Kort"), items[3][1])       # feature 4: too short
    items[4] = ({**cbs.buurt_props("BU99010201", "Beukenhof"), "buurtcode": None}, items[4][1])  # 5: none
    items.append((cbs.buurt_props("BU99010301", "Elders", wijkcode="WK990102"), box(0, 0, 1, 1)))  # 6
    rapport = import_cbs(session, cbs.geojson(items))
    assert not rapport.ok
    assert rapport.fouten == [
        ("object 4", "buurtcode 'BU990101' is geen BU + 8 cijfers"),
        ("object 5", "buurtcode ontbreekt"),
        ("object 6", "buurtcode BU99010301 begint niet met de 6 cijfers van zijn wijk WK990102"),
    ]
    assert "er is niets geïmporteerd" in rapport.samenvatting() and "object 4" in rapport.samenvatting()
    # All or nothing: the good features are not written either.
    assert count(session, Buurt) == 0 and count(session, Wijk) == 0


def test_missing_code_in_a_buurt_layer_and_wrong_wijk(session, adressen):
    buurten = [(p, g) for p, g in cbs.features() if "buurtcode" in p]
    buurten[0] = ({k: v for k, v in buurten[0][0].items() if k != "buurtcode"}, buurten[0][1])
    buurten[1] = ({**buurten[1][0], "wijkcode": "WK990102"}, buurten[1][1])
    rapport = import_cbs(session, cbs.gpkg({"buurten": buurten}))
    assert rapport.fouten == [
        ("laag buurten, object 1", "buurtcode ontbreekt"),
        ("laag buurten, object 2", "buurtcode BU99010102 begint niet met de 6 cijfers van zijn wijk WK990102"),
    ]
    assert count(session, Buurt) == 0


def test_geometry_checks(session, adressen):
    items = cbs.features()
    # A bow-tie is repaired; a line is no area; a feature without geometry is rejected.
    items[2] = (items[2][0], Polygon([(191000, 321000), (192000, 322000), (192000, 321000), (191000, 322000)]))
    rapport = import_cbs(session, cbs.geojson(items), dry_run=True)
    assert rapport.ok and "ongeldige geometrie hersteld" in rapport.samenvatting()
    items[3] = (items[3][0], None)
    rapport = import_cbs(session, cbs.geojson(items), dry_run=True)
    assert rapport.fouten == [("object 4", "geometrie ontbreekt")]
    doc = json.loads(cbs.geojson(cbs.features()))
    doc["features"][4]["geometry"] = {"type": "Polygon", "coordinates": [[1, 2]]}
    doc["features"][0]["geometry"] = {"type": "LineString", "coordinates": [[191000, 321000], [192000, 322000]]}
    rapport = import_cbs(session, json.dumps(doc).encode(), dry_run=True)
    assert [plaats for plaats, _ in rapport.fouten] == ["object 1", "object 5"]
    assert rapport.fouten[0][1] == "geometrie is een LineString, geen vlak (Polygon of MultiPolygon)"
    assert rapport.fouten[1][1].startswith("geometrie onleesbaar")


def test_duplicate_codes_and_year_rules(session, adressen):
    items = cbs.features()
    rapport = import_cbs(session, cbs.geojson(items + [items[2]]), dry_run=True)
    assert rapport.fouten == [("object 6", "buurtcode BU99010101 komt ook voor bij object 3")]
    no_year = [({k: v for k, v in p.items() if k != "jaarstatcode"}, g) for p, g in items]
    with pytest.raises(CbsImportFout, match="--jaar"):
        import_cbs(session, cbs.geojson(no_year))
    assert import_cbs(session, cbs.geojson(no_year), jaar=2024, dry_run=True).jaar == 2024
    with pytest.raises(CbsImportFout, match="2025"):
        import_cbs(session, cbs.geojson(items), jaar=2024)
    with pytest.raises(CbsImportFout, match="meer dan één jaar"):
        import_cbs(session, cbs.geojson(cbs.features(2024)[:2] + items[2:]))


def test_not_a_map_at_all(session, dalveen):
    for data, match in ((b"a;b;c\n1;2;3\n", "geen GeoPackage, GeoJSON of TopoJSON"),
                        (b'{"type": "Feature"}', "geen GeoJSON-FeatureCollection"),
                        (cbs.gpkg({"gemeenten": [({"gemeentecode": "GM9901"}, box(0, 0, 1, 1))]}),
                         "geen laag met 'wijk' of 'buurt'")):
        with pytest.raises(CbsImportFout, match=match):
            import_cbs(session, data)


# --- years and the BAG import -----------------------------------------------------------------


def test_newer_year_replaces_the_assignment_and_an_older_one_does_not(session, adressen):
    assert import_cbs(session, cbs.geojson(cbs.features(2024))).ok
    expect_assigned(session, adressen)
    ids_2024 = set(session.execute(select(Buurt.id).where(Buurt.jaar == 2024)).scalars())
    # 2025: Binnenstad grew over the whole of Centrum, Kerkbuurt is gone.
    buurten_2025 = [("BU99010101", "Binnenstad", box(191000, 321000, 192000, 323000)), cbs.BUURTEN[2]]
    assert import_cbs(session, cbs.geojson(cbs.features(2025, buurten=buurten_2025))).ok
    got = buurtcodes(session, adressen)
    assert got == {"BU99010101": "BU99010101", "BU99010102": "BU99010101", "BU99010201": "BU99010201",
                   None: None}
    ids = {session.execute(select(Verblijfsobject.buurt_id).where(Verblijfsobject.id == v.id)).scalar()
           for v in adressen.values()} - {None}
    assert not ids & ids_2024
    assert set(session.execute(select(Buurt.jaar).where(Buurt.id.in_(ids))).scalars()) == {2025}
    # Importing an older year later keeps the newest boundaries.
    assert import_cbs(session, cbs.geojson(cbs.features(2023))).ok
    assert buurtcodes(session, adressen) == got


def test_bag_import_assigns_buurten_to_new_addresses(session, dalveen):
    assert import_cbs(session, cbs.geojson(cbs.features())).ok
    report = import_bag(session, csv_bytes(row(x="191500", y="322500")))
    assert report.ok, report.summary()
    vbo = session.execute(select(Verblijfsobject)).scalar_one()
    assert session.get(Buurt, vbo.buurt_id).code == "BU99010102"


def test_assignment_stays_within_the_gemeente(session, adressen):
    hoogmeer = make_gemeente(session, "9902", "Hoogmeer")
    elders = add_adres(session, hoogmeer, "Markt", 1, "6321AA", x=191500, y=321500).verblijfsobject
    assert import_cbs(session, cbs.geojson(cbs.features())).ok
    result = wijs_buurten_toe(session)
    assert result.gewijzigd == 0 and result.jaren[hoogmeer.id] is None
    session.refresh(elders)
    assert elders.buurt_id is None  # a Dalveen buurt never holds a Hoogmeer address


# --- sentinels ----------------------------------------------------------------------------------


def test_sentinels_are_never_numbers(session, adressen):
    items = cbs.features()
    items[2] = (cbs.buurt_props("BU99010101", "Binnenstad", aantal_inwoners=-99995,
                                percentage_huurwoningen=-99997), items[2][1])
    assert import_cbs(session, cbs.geojson(items)).ok
    kenmerken = session.execute(select(Buurt.kenmerken).where(Buurt.code == "BU99010101")).scalar()
    assert kenmerken["aantal_inwoners"] == -99995  # stored as delivered
    assert waarden.toon(kenmerken["aantal_inwoners"]) == "geheim"
    assert waarden.toon(kenmerken["percentage_huurwoningen"]) == "onbekend"
    assert waarden.toon(-99998) == "n.v.t." and waarden.toon(-99999999) == "geheim"
    assert waarden.label(-99995) == "geheim" and waarden.label(640) is None and waarden.label("x") is None
    assert waarden.getal(-99995) is None and waarden.getal(640) == 640 and waarden.getal("12,5") == 12.5
    assert waarden.toon(1234567) == "1.234.567" and waarden.toon(41.5) == "41,5" and waarden.toon(None) == "–"
    assert waarden.toon(-3) == "-3"  # a real negative figure stays a figure
    alle = session.execute(select(Buurt.kenmerken)).scalars().all()
    assert waarden.gemiddelde(k["aantal_inwoners"] for k in alle) == 640
    assert waarden.gemiddelde([-99995, -99997]) is None


# --- CLI ------------------------------------------------------------------------------------------


def test_cli(app, db, session, adressen, tmp_path):
    runner = app.test_cli_runner()
    path = tmp_path / "wijkenbuurten.geojson"
    path.write_bytes(cbs.geojson(cbs.features()))
    result = runner.invoke(args=["cbs", "import", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Proefimport" in result.output and "Buurten 2025: 3 nieuw" in result.output
    assert count(session, Buurt) == 0
    result = runner.invoke(args=["cbs", "import", str(path), "--gemeente", "9901"])
    assert result.exit_code == 0, result.output
    assert "Wijken 2025: 2 nieuw" in result.output and "bij 3 verblijfsobjecten" in result.output
    assert count(session, Buurt) == 3
    bad = tmp_path / "fout.geojson"
    items = cbs.features()
    items[3] = (cbs.buurt_props("BUXX", "Kort"), items[3][1])
    bad.write_bytes(cbs.geojson(items))
    result = runner.invoke(args=["cbs", "import", str(bad)])
    assert result.exit_code == 1 and "object 4: buurtcode 'BUXX' is geen BU + 8 cijfers" in result.output
    leeg = tmp_path / "leeg.geojson"
    leeg.write_bytes(cbs.geojson([({"naam": "x"}, box(0, 0, 1, 1))]))
    result = runner.invoke(args=["cbs", "import", str(leeg), "--jaar", "2025"])
    assert result.exit_code == 2 and "geen wijk- of buurtcodes" in result.output
