"""The NLExtract BAG import: real columns, validation with line numbers,
all-or-nothing, idempotent."""
import pytest
from sqlalchemy import func, select

from handhaving.locaties.bag_import import FULL_COLUMNS, SMALL_COLUMNS, ImportError_, import_bag, pad_bag_id
from handhaving.locaties.models import Adres, Verblijfsobject
from tests.conftest import make_gemeente

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
