"""The NLExtract BAG import: real columns, validation with line numbers,
all-or-nothing, idempotent."""
import pytest
from sqlalchemy import func, select

from handhaving.locaties.bag import FULL_COLUMNS, SMALL_COLUMNS, ImportError_, import_bag, pad_bag_id
from handhaving.locaties.models import Adres, Verblijfsobject
from tests.factories import make_gemeente

HEADER = ";".join(FULL_COLUMNS)


def row(**kw):
    base = dict(openbareruimte="Kerkstraat", huisnummer="12", huisletter="", huisnummertoevoeging="",
                postcode="6411AB", woonplaats="Dalveen", gemeente="Dalveen", provincie="Limburg",
                nummeraanduiding="9901200000000001", verblijfsobjectgebruiksdoel="woonfunctie",
                oppervlakteverblijfsobject="85", verblijfsobjectstatus="Verblijfsobject in gebruik",
                object_id="9901010000000001", object_type="VBO", nevenadres="f", pandid="9901100000000001",
                pandstatus="Pand in gebruik", pandbouwjaar="1932", x="191400.123", y="321800.456",
                lon="5.9", lat="50.9")
    base.update(kw)
    return ";".join(str(base[c]) for c in FULL_COLUMNS)


def csv_bytes(*rows, header=HEADER, encoding="utf-8"):
    return ("\n".join([header, *rows]) + "\n").encode(encoding)


@pytest.fixture
def dalveen(session):
    g = make_gemeente(session, "9901", "Dalveen")
    session.commit()
    return g


def count(session, model):
    return session.execute(select(func.count()).select_from(model)).scalar()


def test_import_full_file(session, dalveen):
    data = csv_bytes(
        row(),
        row(huisnummer="14", huisletter="a", nummeraanduiding="9901200000000002", object_id="9901010000000002",
            verblijfsobjectgebruiksdoel="woonfunctie,winkelfunctie"),
        # a nevenadres of the first object
        row(openbareruimte="Marktstraat", huisnummer="1", nummeraanduiding="9901200000000003", nevenadres="t"),
    )
    report = import_bag(session, data)
    assert report.ok, report.summary()
    assert (report.vbo_new, report.adres_new) == (2, 3)
    vbo = session.execute(select(Verblijfsobject).where(Verblijfsobject.bag_id == "9901010000000002")).scalar_one()
    assert vbo.gebruiksdoel_lijst == ["winkelfunctie", "woonfunctie"]
    adres = session.execute(select(Adres).where(Adres.huisnummer == 14)).unique().scalar_one()
    assert adres.huisletter == "A" and adres.regel1 == "Kerkstraat 14A"
    first = session.execute(select(Verblijfsobject).where(Verblijfsobject.bag_id == "9901010000000001")).scalar_one()
    assert len(first.adressen) == 2 and sum(a.is_nevenadres for a in first.adressen) == 1
    # Stored as delivered, in RD New.
    from geoalchemy2.functions import ST_SRID, ST_X
    x, srid = session.execute(select(ST_X(Verblijfsobject.geom), ST_SRID(Verblijfsobject.geom))
                              .where(Verblijfsobject.id == first.id)).one()
    assert srid == 28992 and abs(x - 191400.123) < 0.001


def test_reimport_is_idempotent_and_updates_changes(session, dalveen):
    data = csv_bytes(row(), row(huisnummer="14", nummeraanduiding="9901200000000002", object_id="9901010000000002"))
    import_bag(session, data)
    again = import_bag(session, data)
    assert (again.vbo_new, again.vbo_changed, again.vbo_unchanged) == (0, 0, 2)
    assert (again.adres_new, again.adres_changed, again.adres_unchanged) == (0, 0, 2)
    changed = csv_bytes(row(oppervlakteverblijfsobject="90"),
                        row(huisnummer="14", nummeraanduiding="9901200000000002", object_id="9901010000000002"))
    third = import_bag(session, changed)
    assert (third.vbo_changed, third.vbo_unchanged) == (1, 1)
    assert count(session, Verblijfsobject) == 2 and count(session, Adres) == 2


def test_bad_rows_are_reported_and_nothing_is_written(session, dalveen):
    data = csv_bytes(
        row(),
        row(nummeraanduiding="9901200000000002", object_id="9901010000000002", postcode="0123AB"),
        row(nummeraanduiding="9901200000000003", object_id="9901010000000003", x="10", y="10"),
        row(nummeraanduiding="9901200000000004", object_id="9901010000000004", huisnummer="abc"),
        row(nummeraanduiding="9901200000000005", object_id="9901010000000005", verblijfsobjectgebruiksdoel="casino"),
    )
    report = import_bag(session, data)
    assert not report.ok
    lines = dict(report.errors)
    assert set(lines) == {3, 4, 5, 6}
    assert "postcode" in lines[3] and "Nederland" in lines[4] and "huisnummer" in lines[5] and "casino" in lines[6]
    assert count(session, Verblijfsobject) == 0 and count(session, Adres) == 0
    assert "regel 3" in report.summary() and "niets geïmporteerd" in report.summary()


def test_windows_1252_file(session, dalveen):
    data = csv_bytes(row(openbareruimte="Israëlsstraat"), encoding="cp1252")
    report = import_bag(session, data)
    assert report.ok and report.encoding == "cp1252"
    assert session.execute(select(Adres.zoeknaam)).scalar() == "israelsstraat"


def test_integer_ids_are_padded(session):
    make_gemeente(session, "0034", "Almere")
    session.commit()
    data = csv_bytes(row(gemeente="Almere", woonplaats="Almere", nummeraanduiding="34200000000001",
                         object_id="34010000000001", pandid="34100000000001"))
    report = import_bag(session, data)
    assert report.ok, report.summary()
    assert session.execute(select(Verblijfsobject.bag_id)).scalar() == "0034010000000001"
    assert pad_bag_id("34200000000001", "20", "x") == "0034200000000001"
    with pytest.raises(ValueError):
        pad_bag_id("0034010000000001", "20", "nummeraanduiding")


def test_other_gemeenten_are_skipped(session, dalveen):
    report = import_bag(session, csv_bytes(row(), row(gemeente="Utrecht", object_id="0344010000000001",
                                                    nummeraanduiding="0344200000000001")))
    assert report.ok and report.skipped_other_gemeente == {"Utrecht": 1}
    assert count(session, Adres) == 1


def test_small_variant(session, dalveen):
    header = ";".join(SMALL_COLUMNS)
    line = "Kerkstraat;3;;;6411AB;Dalveen;Dalveen;Limburg;9901010000000009;VBO;false;191400;321800;5.9;50.9"
    report = import_bag(session, csv_bytes(line, header=header))
    assert report.ok and report.variant == "bagadres.csv"
    again = import_bag(session, csv_bytes(line, header=header))
    assert again.adres_unchanged == 1 and count(session, Adres) == 1


def test_unknown_header(session, dalveen):
    with pytest.raises(ImportError_):
        import_bag(session, b"a;b;c\n1;2;3\n")


def test_dry_run_writes_nothing(session, dalveen):
    report = import_bag(session, csv_bytes(row()), dry_run=True)
    assert report.ok and report.vbo_new == 1
    assert count(session, Verblijfsobject) == 0


def test_cli_import(app, db, session, dalveen, tmp_path):
    path = tmp_path / "bagadres-full.csv"
    path.write_bytes(csv_bytes(row()))
    result = app.test_cli_runner().invoke(args=["bag", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 nieuw" in result.output
    bad = tmp_path / "fout.csv"
    bad.write_bytes(csv_bytes(row(postcode="XX")))
    result = app.test_cli_runner().invoke(args=["bag", "import", str(bad)])
    assert result.exit_code == 1 and "regel 2" in result.output


# --- real NLExtract files: ligplaatsen, standplaatsen, quoting, streaming (issue 12) ----------

NUMERIC = {"huisnummer", "oppervlakteverblijfsobject", "pandbouwjaar", "x", "y", "lon", "lat"}


def nlextract(*rows: dict, columns=FULL_COLUMNS, encoding="utf-8") -> bytes:
    """Written as NLExtract does: text quoted (so an empty field is ""), numbers not."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([(float(r[c]) if "." in str(r[c]) else int(r[c])) if c in NUMERIC and r[c] != "" else r[c]
                         for c in columns])
    return out.getvalue().encode(encoding)


def fields(**kw) -> dict:
    return {**dict(zip(FULL_COLUMNS, row().split(";"))), **kw}


def plaats(kind: str, serial: int, **kw) -> dict:
    """A ligplaats or standplaats row as NLExtract writes it: no area, no pand."""
    code, doel = {"LIG": ("02", "Ligplaats"), "STA": ("03", "Standplaats")}[kind]
    return fields(**{"object_type": kind, "object_id": f"9901{code}{serial:010d}",
                     "verblijfsobjectgebruiksdoel": doel, "oppervlakteverblijfsobject": "0",
                     "verblijfsobjectstatus": "Plaats aangewezen", "pandid": "", "pandstatus": "",
                     "pandbouwjaar": "", **kw})


def realistic_file() -> bytes:
    return nlextract(
        fields(),
        # a nevenadres of the first verblijfsobject, in another street
        fields(openbareruimte="Marktstraat", huisnummer="1", nummeraanduiding="9901200000000002", nevenadres="t"),
        plaats("LIG", 1, openbareruimte="Havenkade", huisnummer="3", postcode="6411AC",
               nummeraanduiding="9901200000000003", x="191500.0", y="321900.0"),
        plaats("STA", 1, openbareruimte="Woonwagenpad", huisnummer="7", huisletter="a", postcode="6411AD",
               nummeraanduiding="9901200000000004", verblijfsobjectgebruiksdoel="standplaats"),
        plaats("STA", 2, openbareruimte="Woonwagenpad", huisnummer="9", postcode="6411AD",
               nummeraanduiding="9901200000000005", oppervlakteverblijfsobject=""),
        # a standplaats with a nevenadres too
        plaats("STA", 2, openbareruimte="Kampweg", huisnummer="2", postcode="6411AE",
               nummeraanduiding="9901200000000006", nevenadres="t"),
    )


def test_ligplaatsen_standplaatsen_and_nevenadressen(session, dalveen):
    data = realistic_file()
    assert b';"";"";' in data and b";0;" in data  # quoted empty fields, oppervlakte 0
    report = import_bag(session, data)
    assert report.ok, report.summary()
    assert report.objecten_per_soort == {"VBO": 1, "LIG": 1, "STA": 2}
    assert (report.vbo_new, report.adres_new, report.nevenadressen) == (4, 6, 2)
    assert "(1 verblijfsobject, 1 ligplaats, 2 standplaatsen)" in report.summary()
    sta = session.execute(select(Verblijfsobject).where(Verblijfsobject.object_type == "STA")
                          .order_by(Verblijfsobject.bag_id)).scalars().all()
    assert [v.bag_id for v in sta] == ["9901030000000001", "9901030000000002"]
    assert all(v.gebruiksdoelen == "standplaats" and v.oppervlakte is None and v.pand_id is None
               and v.bouwjaar is None and v.status == "Plaats aangewezen" for v in sta)
    assert sorted((a.regel1, a.is_nevenadres) for a in sta[1].adressen) == [("Kampweg 2", True),
                                                                           ("Woonwagenpad 9", False)]
    lig = session.execute(select(Verblijfsobject).where(Verblijfsobject.object_type == "LIG")).scalar_one()
    assert lig.gebruiksdoel_lijst == ["ligplaats"] and lig.adressen[0].volledig == "Havenkade 3, 6411 AC Dalveen"
    vbo = session.execute(select(Verblijfsobject).where(Verblijfsobject.object_type == "VBO")).scalar_one()
    assert vbo.oppervlakte == 85 and sum(a.is_nevenadres for a in vbo.adressen) == 1
    again = import_bag(session, data)
    assert (again.vbo_unchanged, again.adres_unchanged, again.vbo_new + again.vbo_changed,
            again.adres_new + again.adres_changed) == (4, 6, 0, 0)
    assert count(session, Verblijfsobject) == 4 and count(session, Adres) == 6


def test_ligplaats_and_standplaats_keep_their_checks(session, dalveen):
    data = nlextract(
        plaats("LIG", 1, pandid="9901100000000001"),
        plaats("STA", 2, nummeraanduiding="9901200000000002", oppervlakteverblijfsobject="85"),
        plaats("STA", 3, nummeraanduiding="9901200000000003", verblijfsobjectgebruiksdoel="woonfunctie"),
        fields(nummeraanduiding="9901200000000004", object_id="9901010000000004",
               verblijfsobjectgebruiksdoel="Ligplaats"),
        plaats("LIG", 5, nummeraanduiding="9901200000000005", object_id="9901030000000005"),
        plaats("STA", 6, nummeraanduiding="9901200000000006", x="10", y="10"),
        plaats("STA", 7, nummeraanduiding="9901200000000007"),  # fine, but the file has errors
    )
    report = import_bag(session, data)
    lines = dict(report.errors)
    assert set(lines) == {2, 3, 4, 5, 6, 7}
    assert "pand" in lines[2] and "oppervlakte" in lines[3] and "woonfunctie" in lines[4]
    assert "ligplaats" in lines[5] and "objecttypecode 03, verwacht 02" in lines[6] and "Nederland" in lines[7]
    assert count(session, Verblijfsobject) == 0 and count(session, Adres) == 0


def test_missing_column_is_a_clear_dutch_message_and_writes_nothing(session, dalveen):
    columns = [c for c in FULL_COLUMNS if c != "pandid"]
    with pytest.raises(ImportError_) as exc:
        import_bag(session, nlextract(fields(), columns=columns))
    assert str(exc.value) == ("Dit lijkt een bagadres-full.csv, maar deze kolom ontbreekt in de kopregel: "
                              "pandid. Er is niets geïmporteerd.")
    columns = [c for c in FULL_COLUMNS if c not in ("x", "y")]
    with pytest.raises(ImportError_, match="deze kolommen ontbreken in de kopregel: x, y"):
        import_bag(session, nlextract(fields(), columns=columns))
    with pytest.raises(ImportError_, match="deze kolom ontbreekt in de kopregel: object_type"):
        import_bag(session, nlextract(fields(), columns=[c for c in SMALL_COLUMNS if c != "object_type"]))
    with pytest.raises(ImportError_, match="leeg"):
        import_bag(session, b"")
    assert count(session, Verblijfsobject) == 0 and count(session, Adres) == 0


def test_missing_column_in_the_cli(app, db, session, dalveen, tmp_path):
    path = tmp_path / "bagadres-full.csv"
    path.write_bytes(nlextract(fields(), columns=[c for c in FULL_COLUMNS if c != "nummeraanduiding"]))
    result = app.test_cli_runner().invoke(args=["bag", "import", str(path)])
    assert result.exit_code == 2 and "kolom ontbreekt in de kopregel: nummeraanduiding" in result.output
    assert count(session, Adres) == 0


def test_columns_are_read_by_name(session, dalveen):
    # Another order, an extra column, and no provincie/lon/lat (not used).
    columns = ["object_id", "x", "y", "postcode", "huisnummer", "openbareruimte", "extra", "woonplaats",
               "gemeente", "huisletter", "huisnummertoevoeging", "nummeraanduiding", "object_type", "nevenadres",
               "verblijfsobjectgebruiksdoel", "oppervlakteverblijfsobject", "verblijfsobjectstatus", "pandid",
               "pandstatus", "pandbouwjaar"]
    report = import_bag(session, nlextract(fields(extra="?"), plaats("STA", 1, nummeraanduiding="9901200000000002",
                                                                     extra=""), columns=columns))
    assert report.ok and report.variant == "bagadres-full.csv", report.summary()
    adres = session.execute(select(Adres).where(Adres.huisnummer == 12).order_by(Adres.id)).unique().scalars().first()
    assert adres.volledig == "Kerkstraat 12, 6411 AB Dalveen" and adres.verblijfsobject.oppervlakte == 85
    assert report.objecten_per_soort == {"VBO": 1, "STA": 1}


def test_streams_from_a_path_and_from_file_objects(session, dalveen, tmp_path):
    import io

    path = tmp_path / "bagadres-full.csv"
    path.write_bytes(realistic_file())
    report = import_bag(session, path, bestandsnaam=path.name)
    assert report.ok and report.adres_new == 6
    with path.open("rb") as fh:
        assert import_bag(session, fh).adres_unchanged == 6
        assert not fh.closed  # the caller's file stays the caller's

    class OneWay(io.RawIOBase):  # e.g. a pipe: no seek
        def __init__(self, data):
            self._data = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, b):
            return self._data.readinto(b)

    assert import_bag(session, io.BufferedReader(OneWay(path.read_bytes()))).adres_unchanged == 6


def _pipe(data: bytes):
    """A stream that cannot seek, as from a pipe."""
    import os

    r, w = os.pipe()
    os.write(w, data)  # small enough for the pipe buffer
    os.close(w)
    return open(r, "rb")


def test_windows_1252_after_the_sample(session, dalveen, monkeypatch):
    from handhaving.locaties.bag import lezen

    monkeypatch.setattr(lezen, "SAMPLE_BYTES", 600)  # the sample is ASCII, like most of a real file
    rows = [fields(nummeraanduiding=f"99012000000000{n:02d}", object_id=f"99010100000000{n:02d}",
                   huisnummer=str(n)) for n in range(1, 6)]
    rows[-1]["openbareruimte"] = "Israëlsstraat"
    data = nlextract(*rows, encoding="cp1252")
    assert data.index("ë".encode("cp1252")) > 600
    report = import_bag(session, _pipe(data))  # streamed once, no second pass needed
    assert report.ok and report.encoding == "cp1252" and report.rows == 5, report.summary()
    assert session.execute(select(Adres.openbare_ruimte).where(Adres.huisnummer == 5)).scalar() == "Israëlsstraat"
    assert import_bag(session, data, encoding="cp1252").adres_unchanged == 5


def test_dry_run_with_plaatsen_writes_nothing(session, dalveen):
    report = import_bag(session, realistic_file(), dry_run=True)
    assert report.ok and (report.vbo_new, report.adres_new) == (4, 6)
    assert "Proefimport" in report.summary()
    assert count(session, Verblijfsobject) == 0 and count(session, Adres) == 0


def test_file_wide_checks(session, dalveen):
    make_gemeente(session, "9902", "Hoogmeer")
    session.commit()
    data = nlextract(
        fields(),
        fields(gemeente="Hoogmeer", nummeraanduiding="9901200000000002"),  # same object, other gemeente
        fields(huisnummer="14", object_id="9901010000000003"),  # nummeraanduiding of line 2 again
        plaats("STA", 4, nummeraanduiding="9901200000000004"),
        plaats("STA", 4, nummeraanduiding="9901200000000004", nevenadres="t"),
    )
    report = import_bag(session, data)
    assert report.errors == [(3, "object 9901010000000001 staat ook bij een andere gemeente"),
                             (4, "nummeraanduiding 9901200000000001 komt twee keer voor"),
                             (6, "nummeraanduiding 9901200000000004 komt twee keer voor")]
    assert count(session, Verblijfsobject) == 0 and count(session, Adres) == 0


def test_an_address_that_moves_to_another_object(session, dalveen):
    first = nlextract(fields(), fields(huisnummer="14", nummeraanduiding="9901200000000002",
                                       object_id="9901010000000002"))
    import_bag(session, first)
    # BAG corrected the object: nummeraanduiding 2 now belongs to a (new) standplaats.
    moved = nlextract(fields(), plaats("STA", 3, huisnummer="14", nummeraanduiding="9901200000000002"))
    dry = import_bag(session, moved, dry_run=True)
    assert (dry.vbo_new, dry.adres_changed, dry.adres_unchanged) == (1, 1, 1)
    report = import_bag(session, moved)
    assert (report.vbo_new, report.vbo_unchanged, report.adres_changed, report.adres_unchanged) == (1, 1, 1, 1)
    adres = session.execute(select(Adres).where(Adres.nummeraanduiding_id == "9901200000000002")).unique().scalar_one()
    assert adres.verblijfsobject.bag_id == "9901030000000003" and adres.verblijfsobject.object_type == "STA"
    assert count(session, Adres) == 2


def test_objects_loaded_before_a_reimport_show_the_new_values(session, dalveen):
    import_bag(session, nlextract(fields()))
    vbo = session.execute(select(Verblijfsobject)).scalar_one()
    assert vbo.oppervlakte == 85
    import_bag(session, nlextract(fields(oppervlakteverblijfsobject="90")))
    assert vbo.oppervlakte == 90
