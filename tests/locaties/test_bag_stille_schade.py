"""BAG import: files that used to import nothing, wipe data or do quiet damage
without a word (issue 22, items 8–10)."""
import unicodedata

import pytest
from sqlalchemy import func, select

from handhaving.locaties.bag import FULL_COLUMNS, SMALL_COLUMNS, ImportError_, import_bag
from handhaving.locaties.models import Adres, Verblijfsobject
from handhaving.locaties.nederland import in_nederland
from tests.factories import make_gemeente
from tests.locaties.test_bag_import import fields, nlextract, plaats


@pytest.fixture
def dalveen(session):
    g = make_gemeente(session, "9901", "Dalveen")
    session.commit()
    return g


def count(session, model):
    return session.execute(select(func.count()).select_from(model)).scalar()


def vbo(session, bag_id="9901010000000001") -> Verblijfsobject:
    return session.execute(select(Verblijfsobject).where(Verblijfsobject.bag_id == bag_id)).scalar_one()


# --- 8. the gemeente: by CBS code where the file has it, else by normalised name ---------------

@pytest.mark.parametrize("in_bestand", [
    "Sudwest Fryslan",                                     # accents
    "Súdwest Fryslân",                                     # a space for the hyphen
    "SúdwestFryslân",                                      # no hyphen at all
    unicodedata.normalize("NFD", "Súdwest-Fryslân"),       # another Unicode normal form
    "  SÚDWEST-FRYSLÂN ",
])
def test_a_gemeente_name_that_differs_only_by_accents_hyphen_space_or_normal_form_still_imports(session,
                                                                                             in_bestand):
    make_gemeente(session, "1900", unicodedata.normalize("NFC", "Súdwest-Fryslân"))
    session.commit()
    report = import_bag(session, nlextract(fields(gemeente=in_bestand, object_id="1900010000000001",
                                                  nummeraanduiding="1900200000000001",
                                                  pandid="1900100000000001")))
    assert report.ok, report.summary()
    assert report.adres_new == 1 and not report.skipped_other_gemeente
    assert count(session, Adres) == 1


def test_the_cbs_gemeentecode_in_the_file_decides_over_the_name(session, dalveen):
    hoogmeer = make_gemeente(session, "9902", "Hoogmeer")
    session.commit()
    columns = [*FULL_COLUMNS, "gemeentecode"]
    data = nlextract(
        fields(gemeente="Dalveen (oude naam)", gemeentecode="9901"),
        # the name says Dalveen, the code says Hoogmeer: the code wins
        fields(gemeente="Dalveen", gemeentecode="GM9902", object_id="9901010000000002",
               nummeraanduiding="9901200000000002", huisnummer="14"),
        # no code on this line: the name decides
        fields(gemeente="Dalveen", gemeentecode="", object_id="9901010000000003",
               nummeraanduiding="9901200000000003", huisnummer="16"),
        columns=columns)
    report = import_bag(session, data)
    assert report.ok, report.summary()
    per_gemeente = dict(session.execute(select(Verblijfsobject.bag_id, Verblijfsobject.gemeente_id)).all())
    assert per_gemeente == {"9901010000000001": dalveen.id, "9901010000000002": hoogmeer.id,
                            "9901010000000003": dalveen.id}


def test_an_import_that_imports_nothing_for_a_selected_gemeente_fails_and_says_why(session, dalveen):
    data = nlextract(fields(gemeente="Dalfeen"), fields(gemeente="Utrecht", object_id="0344010000000001",
                                                        nummeraanduiding="0344200000000001"))
    with pytest.raises(ImportError_) as exc:
        import_bag(session, data, gemeente_codes=["9901"])
    message = str(exc.value)
    assert "Dalveen (9901)" in message and "geen enkele regel" in message.lower()
    assert "Dalfeen (1 regel)" in message and "Utrecht (1 regel)" in message
    assert "niets geïmporteerd" in message
    # Without a selection: the installation's gemeenten, none of which is in the file.
    with pytest.raises(ImportError_, match="Dalveen \\(9901\\)"):
        import_bag(session, data)
    # A code that this installation does not have.
    with pytest.raises(ImportError_, match="gemeentecode 0999 .* niet in deze installatie"):
        import_bag(session, nlextract(fields()), gemeente_codes=["0999"])
    assert count(session, Adres) == 0


def test_the_cli_exits_non_zero_and_says_why_when_a_selected_gemeente_gets_nothing(app, db, session, dalveen,
                                                                                   tmp_path):
    path = tmp_path / "bagadres-full.csv"
    path.write_bytes(nlextract(fields(gemeente="Dalfeen")))
    result = app.test_cli_runner().invoke(args=["bag", "import", "--gemeente", "9901", str(path)])
    assert result.exit_code != 0
    assert "Dalveen (9901)" in result.output and "Dalfeen (1 regel)" in result.output


# --- 9. the short layout leaves what it lacks ---------------------------------------------------

def test_the_short_layout_after_the_full_one_keeps_oppervlakte_gebruiksdoel_status_pand_and_bouwjaar(
        session, dalveen):
    full = nlextract(fields(verblijfsobjectgebruiksdoel="woonfunctie,winkelfunctie"),
                     plaats("STA", 1, nummeraanduiding="9901200000000002"))
    assert import_bag(session, full).ok
    short = nlextract({**fields(), "x": "191410.0"}, plaats("STA", 1, nummeraanduiding="9901200000000002"),
                      columns=SMALL_COLUMNS)
    report = import_bag(session, short)
    assert report.ok and report.variant == "bagadres.csv", report.summary()
    v = vbo(session)
    assert (v.oppervlakte, v.gebruiksdoelen, v.status, v.pand_id, v.pand_status, v.bouwjaar) == (
        85, "winkelfunctie,woonfunctie", "Verblijfsobject in gebruik", "9901100000000001", "Pand in gebruik",
        1932)
    sta = vbo(session, "9901030000000001")
    assert (sta.gebruiksdoelen, sta.status) == ("standplaats", "Plaats aangewezen")
    # What the short layout does have still counts: the moved point.
    assert (report.vbo_changed, report.vbo_unchanged) == (1, 1)
    again = import_bag(session, short)
    assert (again.vbo_changed, again.vbo_unchanged, again.adres_changed) == (0, 2, 0)


# --- 10. quiet damage ---------------------------------------------------------------------------

# RD New of the town centres (from WGS84 with the formulas in scripts/nederland_omtrek.py).
BUITEN = {"Antwerpen": (86032, 359424), "Luik": (167935, 293337), "Duisburg": (250465, 383220)}
BINNEN = {"Maastricht": (176395, 317951), "Kerkrade": (203070, 319800), "Vaals": (199500, 309199),
          "Eijsden": (177768, 310058), "Venlo": (209649, 375940), "Enschede": (257959, 471394),
          "Terneuzen": (46350, 373024), "Sluis": (15472, 370772), "Baarle-Nassau": (123214, 383978),
          "Baarle-Hertog (enclave, omringd door Nederland)": (122970, 383570),
          "Eemshaven": (250876, 606934), "Den Helder": (112853, 552625), "Texel": (115623, 562728),
          "Vlieland": (133849, 589992), "Terschelling": (143867, 597081), "Ameland": (180432, 607152),
          "Schiermonnikoog": (206307, 610699), "Rottumeroog": (233417, 617747),
          "Amersfoort": (155000, 463000)}


@pytest.mark.parametrize("plaats_naam", sorted(BINNEN))
def test_border_towns_and_the_wadden_islands_lie_in_the_netherlands(plaats_naam):
    assert in_nederland(*BINNEN[plaats_naam])


@pytest.mark.parametrize("plaats_naam", sorted(BUITEN))
def test_antwerpen_luik_and_duisburg_do_not_lie_in_the_netherlands(plaats_naam):
    assert not in_nederland(*BUITEN[plaats_naam])
    assert not in_nederland(float("nan"), 400000) and not in_nederland(10, 10)


def test_points_in_antwerpen_luik_and_duisburg_are_refused_with_their_line(session, dalveen):
    rows = [fields(nummeraanduiding=f"99012000000000{n:02d}", object_id=f"99010100000000{n:02d}",
                   huisnummer=str(n), x=f"{x}.0", y=f"{y}.0")
            for n, (x, y) in enumerate(BUITEN.values(), 1)]
    report = import_bag(session, nlextract(*rows))
    assert [n for n, _ in report.errors] == [2, 3, 4]
    assert all("ligt niet in Nederland" in msg for _, msg in report.errors)
    assert count(session, Verblijfsobject) == 0


def test_a_file_mixing_windows_1252_and_utf8_reads_each_line_in_its_own_encoding(session, dalveen):
    cp1252 = nlextract(fields(openbareruimte="Israëlsstraat"), encoding="cp1252")
    utf8 = nlextract(fields(openbareruimte="Kërkstraat", nummeraanduiding="9901200000000002",
                            object_id="9901010000000002", huisnummer="1")).split(b"\n", 1)[1]
    report = import_bag(session, cp1252 + utf8)
    assert report.ok, report.summary()
    straten = set(session.execute(select(Adres.openbare_ruimte)).scalars())
    assert straten == {"Israëlsstraat", "Kërkstraat"}  # not KÃ«rkstraat
    assert report.regels_cp1252 == [2]
    assert "regel 2" in report.summary() and "Windows-1252" in report.summary()


def test_a_utf8_file_with_one_windows_1252_line_reads_that_line_too(session, dalveen):
    good = nlextract(fields(openbareruimte="Israëlsstraat"))
    bad = nlextract(fields(openbareruimte="Citroënstraat", nummeraanduiding="9901200000000002",
                           object_id="9901010000000002", huisnummer="1"),
                    encoding="cp1252").split(b"\n", 1)[1]
    report = import_bag(session, good + bad)
    assert report.ok and report.regels_cp1252 == [3], report.summary()
    assert set(session.execute(select(Adres.openbare_ruimte)).scalars()) == {"Israëlsstraat", "Citroënstraat"}


def test_an_explicit_encoding_is_strict_and_names_the_line(session, dalveen):
    cp1252 = nlextract(fields(openbareruimte="Israëlsstraat"), encoding="cp1252")
    report = import_bag(session, cp1252, encoding="utf-8")
    assert report.errors == [(2, "de regel is geen geldige utf-8-tekst")]
    assert count(session, Adres) == 0


@pytest.mark.parametrize("waarde", ["75,6", "75.6", "0,5"])
def test_an_oppervlakte_with_a_fraction_is_refused_with_its_line_number(session, dalveen, waarde):
    data = nlextract(fields(), fields(oppervlakteverblijfsobject="77", nummeraanduiding="9901200000000002",
                                      object_id="9901010000000002"))
    # unquoted, as Excel writes it
    report = import_bag(session, data.replace(b";77;", f";{waarde};".encode()))
    assert report.errors == [(3, f"oppervlakte '{waarde}' is geen geheel getal (de BAG telt in hele m²)")]
    assert count(session, Verblijfsobject) == 0


def test_whole_numbers_written_with_a_decimal_zero_are_fine(session, dalveen):
    data = nlextract(fields(oppervlakteverblijfsobject="77", huisnummer="12.0"))
    report = import_bag(session, data.replace(b";77;", b";75,0;"))
    assert report.ok, report.summary()
    assert vbo(session).oppervlakte == 75


def test_two_conflicting_lines_for_one_object_are_reported_and_nothing_is_written(session, dalveen):
    data = nlextract(
        fields(),
        # a nevenadres of the same object, but with another area, pand year and point
        fields(openbareruimte="Marktstraat", huisnummer="1", nummeraanduiding="9901200000000002",
               nevenadres="t", oppervlakteverblijfsobject="90", pandbouwjaar="1933", x="191500.0"),
        # a nevenadres that agrees: fine
        fields(openbareruimte="Marktstraat", huisnummer="3", nummeraanduiding="9901200000000003",
               nevenadres="t"),
    )
    report = import_bag(session, data)
    assert report.errors == [(3, "object 9901010000000001 staat op regel 2 met andere gegevens: "
                                 "oppervlakte 85 ≠ 90, bouwjaar 1932 ≠ 1933, x 191400.123 ≠ 191500.0")]
    assert count(session, Verblijfsobject) == 0 and count(session, Adres) == 0


def test_the_demo_file_never_has_conflicting_lines_for_one_object():
    import csv
    import io

    from handhaving.demo import DEMO_GEMEENTEN, generate_bag_csv

    velden = ["verblijfsobjectgebruiksdoel", "oppervlakteverblijfsobject", "verblijfsobjectstatus", "pandid",
              "pandstatus", "pandbouwjaar", "x", "y"]
    per_object: dict[str, tuple] = {}
    rows = csv.DictReader(io.StringIO(generate_bag_csv(DEMO_GEMEENTEN[0], 5000).decode()), delimiter=";")
    for r in rows:
        waarden = tuple(r[v] for v in velden)
        assert per_object.setdefault(r["object_id"], waarden) == waarden
    assert len(per_object) < rows.line_num - 1  # the file does have nevenadressen
