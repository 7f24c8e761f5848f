"""The register import's file: header limits and linear checks (a big header cannot hold a worker),
CR-only CSV, Excel workbooks (.xlsx), and BAG addresses written the way case systems export them."""
from __future__ import annotations

import csv
import io
import time
import zipfile
from datetime import datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from handhaving.jobs.models import Achtergrondtaak
from handhaving.vergunningen import importeren, importeren_bestand, taken
from handhaving.vergunningen.importeren_lezen import NAMEN, ImportFout
from handhaving.vergunningen.models import Vergunning
from tests.factories import add_adres
from tests.helpers import csrf_for
from tests.jobs.conftest import drain
from tests.vergunningen.test_import import (  # noqa: F401 (adressen and queue are fixtures)
    _client,
    adressen,
    club,
    csv_bytes,
    goede_rijen,
    proef,
    queue,
    rapport,
    tel,
    uitvoeren,
    vv,
)


def _upload(client, raw: bytes, naam: str, token: str | None = None):
    return client.post("/vergunningen/importeren", data={
        "csrf_token": token or csrf_for(client), "bestand": (io.BytesIO(raw), naam)},
        content_type="multipart/form-data")


def _na_upload(session, queue, gemeente, resp) -> taken.ImportStand:
    """The dry run the upload queued, run."""
    assert drain(queue) == 1
    session.expire_all()
    return taken.get_import(session, [gemeente.id], int(resp.headers["Location"].rsplit("/", 1)[1]))


def _taken(session) -> int:
    return session.scalar(select(func.count()).select_from(Achtergrondtaak))


# --- header limits (a header check must never hold a worker) ----------------------------------------

def test_a_header_of_40000_columns_is_refused_at_once_naming_the_limit(app, make_client, session, queue, world):
    client = _client(make_client, session, vv(world))
    raw = (";".join(f"kolom{i}" for i in range(40_000)) + "\r\n" + ";" * 39_999 + "\r\n").encode()
    token = csrf_for(client)
    start = time.perf_counter()
    resp = _upload(client, raw, "breed.csv", token)
    duur = time.perf_counter() - start
    print(f"POST 40 000 kolommen ({len(raw) // 1024} KB): {resp.status_code} in {duur * 1000:.0f} ms")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert f"{importeren_bestand.MAX_KOP_BYTES:_}".replace("_", ".") in html and "bytes" in html
    assert duur < 1.0, f"{duur:.2f} s"
    assert len(html) < 50_000  # the refusal does not echo 40 000 column names
    assert _taken(session) == 0


def test_a_header_with_more_columns_than_allowed_is_refused_naming_the_limit(app, session, world):
    raw = (";".join(["zaaknummer"] * (importeren_bestand.MAX_KOLOMMEN + 1)) + "\n").encode()
    with app.app_context(), pytest.raises(ImportFout) as e:
        taken.vraag_proef_aan(session, vv(world), world["a"].id, raw, "veel.csv")
    assert f"maximaal {importeren_bestand.MAX_KOLOMMEN}" in e.value.message
    assert f"{importeren_bestand.MAX_KOLOMMEN + 1} kolommen" in e.value.message


def test_duplicate_columns_are_named_with_their_positions(app, session, world):
    raw = csv_bytes(goede_rijen(), kolommen=[*NAMEN, "status", "soort"])
    with app.app_context(), pytest.raises(ImportFout) as e:
        taken.vraag_proef_aan(session, vv(world), world["a"].id, raw, "dubbel.csv")
    assert "soort (kolom 2 en 29)" in e.value.message and "status (kolom 3 en 28)" in e.value.message
    assert _taken(session) == 0


def test_duplicate_check_is_linear_even_without_the_limits(app, session, world, monkeypatch):
    # The limits are the first defence; the checks behind them must not be quadratic either.
    monkeypatch.setattr(importeren_bestand, "MAX_KOP_BYTES", 10**7, raising=False)
    monkeypatch.setattr(importeren_bestand, "MAX_KOLOMMEN", 10**6, raising=False)
    raw = (";".join(["zaaknummer", "soort", "status"] * 20_000) + "\n").encode()
    start = time.perf_counter()
    with app.app_context(), pytest.raises(ImportFout) as e:
        taken.vraag_proef_aan(session, vv(world), world["a"].id, raw, "dubbel.csv")
    duur = time.perf_counter() - start
    assert duur < 1.0, f"{duur:.2f} s"
    assert "zaaknummer (20000 keer: kolom 1, 4, 7, …)" in e.value.message
    assert len(e.value.message) < 5_000


def test_the_upload_request_reads_only_the_head_and_the_job_reads_the_rest(app, session, queue, world, adressen):
    # Invalid UTF-8 at the very end of a file with a BOM: only reading the whole file finds it,
    # so the request accepts it and the dry run reports it.
    raw = csv_bytes(goede_rijen()) + "Z-9;horeca;verleend;Caf\xe9".encode("cp1252") + b"\r\n"
    with app.app_context():
        import_id = taken.vraag_proef_aan(session, vv(world), world["a"].id, raw, "register.csv")
        session.commit()
    assert drain(queue) == 1
    session.expire_all()
    stand = taken.get_import(session, [world["a"].id], import_id)
    assert "geen UTF-8" in rapport(app, stand).fouten[0]["melding"] and not stand.kan_uitvoeren


# --- CSV with CR line ends, Excel workbooks ---------------------------------------------------------

def _cr_only(rijen) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, NAMEN, delimiter=";", lineterminator="\r")
    w.writeheader()
    w.writerows(rijen)
    return buf.getvalue().encode("cp1252")


def test_a_csv_with_only_carriage_returns_imports(app, make_client, session, queue, world, adressen):
    a, user = world["a"], vv(world)
    client = _client(make_client, session, user)
    resp = _upload(client, _cr_only(goede_rijen()), "mac.csv")
    assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
    stand = _na_upload(session, queue, a, resp)
    r = rapport(app, stand)
    assert r.fouten == [] and r.rijen == 4 and r.vergunningen == 3
    uitvoeren(app, session, queue, stand, user)
    assert tel(session, Vergunning, a) == 3


def test_a_utf16_text_file_gets_a_dutch_message(app, make_client, session, queue, world):
    client = _client(make_client, session, vv(world))
    raw = "\ufeff" + "\t".join(NAMEN) + "\r\n"
    resp = _upload(client, raw.encode("utf-16-le"), "register.txt")
    assert resp.status_code == 422 and "UTF-16" in resp.get_data(as_text=True)
    assert _taken(session) == 0


def xlsx_bytes(rijen: list[dict], kolommen=None, getypt: bool = True) -> bytes:
    """A workbook as Excel saves one: numbers as numbers, dates as dates (``getypt``)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Vergunningen"
    kolommen = kolommen or NAMEN
    ws.append(kolommen)
    for r in rijen:
        cellen = []
        for k in kolommen:
            v = r.get(k, "")
            if getypt and v and k in ("huisnummer", "werkruimten", "houder_kvk") and v.isdigit():
                v = int(v)
            elif getypt and v and k.endswith("datum") and v[2:3] == "-":
                v = datetime.strptime(v, "%d-%m-%Y")
            cellen.append(v if v != "" else None)
        ws.append(cellen)
    wb.create_sheet("Toelichting").append(["Dit blad wordt niet gelezen."])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_an_xlsx_imports_the_same_rows_as_the_equivalent_csv(app, make_client, session, queue, world, adressen):
    a, user = world["a"], vv(world)
    uit_csv = rapport(app, proef(app, session, queue, a, user, csv_bytes(goede_rijen())))
    client = _client(make_client, session, user)
    resp = _upload(client, xlsx_bytes(goede_rijen()), "register.xlsx")
    assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
    stand = _na_upload(session, queue, a, resp)
    uit_xlsx = rapport(app, stand)
    assert uit_xlsx.fouten == []
    assert (uit_xlsx.rijen, uit_xlsx.vergunningen, uit_xlsx.aantallen) == (
        uit_csv.rijen, uit_csv.vergunningen, uit_csv.aantallen)
    assert uit_xlsx.wijzigingen == uit_csv.wijzigingen
    uitvoeren(app, session, queue, stand, user)
    v = session.execute(select(Vergunning).where(Vergunning.zaaknummer == "Z-2021-0142")).scalar_one()
    assert v.werkruimten == 6 and v.aanvraagdatum.isoformat() == "2021-02-03" and v.houder.kvk_nummer == "01234567"
    assert v.adres_id == adressen["12"].id
    assert tel(session, Vergunning, a) == 3


def test_an_xlsx_row_error_names_the_row_of_the_sheet(app, session, queue, world, adressen):
    a, user = world["a"], vv(world)
    rijen = [*goede_rijen(), {}, club(zaaknummer="Z-9", soort="kermisvergunning")]  # row 6 empty, row 7 wrong
    r = rapport(app, proef(app, session, queue, a, user, xlsx_bytes(rijen)))
    assert [(f["regel"], f["kolom"]) for f in r.fouten] == [(7, "soort")]


def _zip(namen: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for naam, data in namen.items():
            z.writestr(naam, data)
    return buf.getvalue()


@pytest.mark.parametrize("raw, naam, woorden", [
    (b"PK\x03\x04 dit is geen zip", "register.xlsx", ["geen Excel-werkmap"]),
    (_zip({"woord.txt": b"hallo"}), "register.xlsx", ["geen Excel-werkmap"]),
    (b"zaaknummer;soort;status\r\n", "register.xlsx", ["geen Excel-werkmap"]),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "register.xls", [".xls", "Excel-werkmap (.xlsx)"]),
    (_zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<kapot"}), "register.xlsx",
     ["geen leesbare Excel-werkmap"]),
])
def test_an_xlsx_that_is_not_a_workbook_gets_a_dutch_message(app, make_client, session, queue, world, raw, naam,
                                                               woorden):
    a, user = world["a"], vv(world)
    client = _client(make_client, session, user)
    resp = _upload(client, raw, naam)
    if resp.status_code == 422:  # refused on the form, nothing queued
        html = resp.get_data(as_text=True)
        assert all(w in html for w in woorden), html[:2000]
        assert _taken(session) == 0
        return
    # Only the workbook's structure is checked in the request; the job opens it and reports.
    assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
    stand = _na_upload(session, queue, a, resp)
    meldingen = " ".join(f["melding"] for f in rapport(app, stand).fouten)
    assert all(w in meldingen for w in woorden), meldingen
    assert not stand.kan_uitvoeren


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused(app, session, world, monkeypatch):
    monkeypatch.setattr(importeren_bestand, "MAX_UITGEPAKT", 100_000, raising=False)
    raw = _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>", "xl/sharedStrings.xml": b" " * 200_000})
    with app.app_context(), pytest.raises(ImportFout) as e:
        taken.vraag_proef_aan(session, vv(world), world["a"].id, raw, "bom.xlsx")
    assert "uitgepakt" in e.value.message


def test_a_zip_with_very_many_parts_is_refused_before_its_directory_is_parsed(app, session, world):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for i in range(100_000):  # 9 MB, under the upload limit; zipfile needs seconds to list it
            z.writestr(str(i), b"")
    start = time.perf_counter()
    with app.app_context(), pytest.raises(ImportFout) as e:
        taken.vraag_proef_aan(session, vv(world), world["a"].id, buf.getvalue(), "delen.xlsx")
    duur = time.perf_counter() - start
    assert "geen Excel-werkmap" in e.value.message
    assert duur < 0.5, f"{duur:.2f} s"


# --- addresses as case systems write them -------------------------------------------------------------

@pytest.fixture
def bag(world, session):
    """6411AC: 12A only; 14A and 14-A both; 16A-1 and 16-A1 both."""
    a = world["a"]
    uit = {"12A": add_adres(session, a, "Singel", 12, "6411AC", huisletter="A"),
           "14A": add_adres(session, a, "Singel", 14, "6411AC", huisletter="A"),
           "14-A": add_adres(session, a, "Singel", 14, "6411AC", toevoeging="A"),
           "16A-1": add_adres(session, a, "Singel", 16, "6411AC", huisletter="A", toevoeging="1"),
           "16-A1": add_adres(session, a, "Singel", 16, "6411AC", toevoeging="A1")}
    session.commit()
    return uit


def _importeer(app, session, world, nummer: str, letter: str, toevoeging: str):
    rij = club(zaaknummer="Z-ADRES", postcode="6411AC", huisnummer=nummer, huisletter=letter, toevoeging=toevoeging,
               beheerders="", voorschrift_nummer="", voorschrift_tekst="")
    with app.app_context():
        r = importeren.importeer(session, world["a"].id, csv_bytes([rij]), proef=False)
    adres_id = session.scalar(select(Vergunning.adres_id).where(Vergunning.zaaknummer == "Z-ADRES"))
    return r, adres_id


@pytest.mark.parametrize("nummer, letter, toevoeging", [
    ("12", "", "A"), ("12", "", "a"), ("12", "", "-A"), ("12A", "", ""), ("12-A", "", ""), ("12 a", "", ""),
    ("12", "A", ""),
])
def test_huisnummer_with_addition_a_is_matched_to_bag_huisletter_a(app, session, world, bag, nummer, letter,
                                                                    toevoeging):
    r, adres_id = _importeer(app, session, world, nummer, letter, toevoeging)
    assert r.fouten == [] and adres_id == bag["12A"].id


@pytest.mark.parametrize("nummer, letter, toevoeging, verwacht", [
    # Both 14A and 14-A exist: what the file says exactly decides (the column, or the notation:
    # a letter right after the number, or after a space, is a huisletter; after a dash a toevoeging).
    ("14", "A", "", "14A"), ("14", "", "A", "14-A"), ("14A", "", "", "14A"), ("14 a", "", "", "14A"),
    ("14-A", "", "", "14-A"), ("16A-1", "", "", "16A-1"), ("16", "", "A1", "16-A1"), ("16", "A", "1", "16A-1"),
])
def test_when_huisletter_and_toevoeging_both_exist_the_exact_notation_decides(app, session, world, bag, nummer,
                                                                              letter, toevoeging, verwacht):
    r, adres_id = _importeer(app, session, world, nummer, letter, toevoeging)
    assert r.fouten == [] and adres_id == bag[verwacht].id


def test_an_addition_that_fits_two_bag_addresses_and_neither_exactly_is_an_error_naming_both(app, session,
                                                                                            world, bag):
    r, adres_id = _importeer(app, session, world, "16", "", "A 1")
    assert adres_id is None and [f["kolom"] for f in r.fouten] == ["toevoeging"]
    melding = r.fouten[0]["melding"]
    assert "niet eenduidig" in melding and "16A-1" in melding and "16-A1" in melding


def test_an_unknown_addition_offers_the_addresses_the_bag_has_at_that_number(app, session, world, bag):
    r, adres_id = _importeer(app, session, world, "12", "", "B")
    assert adres_id is None
    melding = r.fouten[0]["melding"]
    assert "6411AC 12-B staat niet in de BAG-adressen" in melding and "Wel bekend op dit nummer: 12A." in melding
