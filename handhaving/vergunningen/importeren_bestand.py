"""The register import's file as a table of text cells: CSV (UTF-8 or Windows-1252, ``;`` or ``,``,
line ends CRLF, LF or CR alone) or an Excel workbook (.xlsx, its first sheet). No database and no
column names here: ``importeren_lezen`` checks those.

Limits come before parsing, so no file can hold a worker: the header line's bytes before it is
split, its columns before they are compared, a workbook's unpacked size before it is opened.
The upload request looks only at the head of a CSV or the structure of a workbook
(``kop_bij_upload``); the job reads the rest (``open_tabel``).
"""
from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from openpyxl import load_workbook

from handhaving.errors import OngeldigeInvoer

# The 27 known column names take about 400 bytes; a header beyond these limits is not ours.
MAX_KOP_BYTES = 8 * 1024
MAX_KOLOMMEN = 100
# A workbook unpacked (xlsx compresses text 5 to 10 times); the zip's own sizes bound what is read.
MAX_UITGEPAKT = 200 * 1024 * 1024
# A workbook has tens of parts; zipfile parses the whole central directory before anything can be
# checked (150 000 empty entries fit in 13 MB and take seconds), so its size is read first.
MAX_MAP_BYTES = 256 * 1024
WERKMAP = "Excel-werkmap (.xlsx)"

_ZIP = b"PK\x03\x04"
_OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")  # the old .xls format, and a password-protected .xlsx
_GEEN_WERKMAP = ("Het bestand is geen Excel-werkmap (.xlsx). Sla het in Excel op als ‘Excel-werkmap (.xlsx)’ "
                 "of als ‘CSV UTF-8’. Er is niets geïmporteerd.")


class ImportFout(OngeldigeInvoer):
    """The file as a whole cannot be read (format, encoding, header): nothing is imported."""


@dataclass
class Tabel:
    encoding: str                           # "utf-8", "windows-1252" or WERKMAP
    scheidingsteken: str                    # "" for a workbook
    kop: list[str]                          # the header's cells as written
    rijen: Iterator[tuple[int, list[str]]]  # (line or row number, cells) after the header


def getal(n: int) -> str:
    """8192 → '8.192' (Dutch thousands separator)."""
    return f"{n:,}".replace(",", ".")


def _te_lang() -> ImportFout:
    return ImportFout(f"De kopregel (de eerste regel) is langer dan {getal(MAX_KOP_BYTES)} bytes: dat is geen "
                      "kopregel van een vergunningenregister. Er is niets geïmporteerd.")


def _te_breed(aantal: str) -> ImportFout:
    return ImportFout(f"De kopregel heeft {aantal} kolommen; maximaal {MAX_KOLOMMEN}. "
                      "Er is niets geïmporteerd.")


def is_werkmap(raw: bytes, bestandsnaam: str = "") -> bool:
    """By content (a zip) or by name (.xlsx/.xlsm): a file called .xlsx that is not a workbook
    gets the workbook's message, not a list of unknown CSV columns.

    :raise ImportFout: the old binary Excel format (or an encrypted workbook)."""
    if raw.startswith(_OLE2):
        raise ImportFout("Dit is het oude Excel-formaat (.xls) of een met een wachtwoord beveiligde werkmap; "
                         "dat kan niet worden gelezen. Sla het bestand in Excel op als ‘Excel-werkmap (.xlsx)’ "
                         "zonder wachtwoord, of als ‘CSV UTF-8’. Er is niets geïmporteerd.")
    return raw.startswith(_ZIP) or (bestandsnaam or "").lower().endswith((".xlsx", ".xlsm"))


# --- CSV --------------------------------------------------------------------------------------------

def decodeer(raw: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 (a BOM is dropped), else Windows-1252."""
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return raw[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            raise ImportFout("Het bestand begint als UTF-8 maar bevat tekens die geen UTF-8 zijn. Sla het "
                             "opnieuw op als ‘CSV UTF-8’. Er is niets geïmporteerd.") from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "windows-1252"


def _eerste_regel(raw: bytes) -> str:
    """The header line, found within MAX_KOP_BYTES (never by scanning the file), decoded.
    Any line end counts: CR alone (old Mac, some case systems) as well as LF and CRLF."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFout("Het bestand is opgeslagen als Unicode-tekst (UTF-16). Sla het in Excel op als ‘CSV "
                         "UTF-8’ of als ‘Excel-werkmap (.xlsx)’. Er is niets geïmporteerd.")
    begin = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    kop = raw[begin:begin + MAX_KOP_BYTES + 1]
    einden = [i for i in (kop.find(b"\r"), kop.find(b"\n")) if i >= 0]
    if einden:
        kop = kop[:min(einden)]
    elif len(kop) > MAX_KOP_BYTES:
        raise _te_lang()
    try:
        regel = kop.decode("utf-8")
    except UnicodeDecodeError:
        regel = kop.decode("cp1252", errors="replace")
    if not regel.strip():
        raise ImportFout("Het bestand is leeg of de eerste regel is leeg: de eerste regel moet de kolomnamen "
                         "bevatten. Er is niets geïmporteerd.")
    return regel


def _csv_kop(regel: str) -> tuple[str, list[str]]:
    scheiding = ";" if regel.count(";") >= regel.count(",") else ","
    try:
        kop = next(csv.reader([regel], delimiter=scheiding), [])
    except csv.Error as e:
        raise ImportFout(f"De kopregel is geen geldige CSV ({e}). Er is niets geïmporteerd.") from None
    if len(kop) > MAX_KOLOMMEN:
        raise _te_breed(getal(len(kop)))
    return scheiding, kop


def _csv_rijen(tekst: str, scheiding: str) -> Iterator[tuple[int, list[str]]]:
    # newline="": StringIO splits on CR, LF and CRLF and leaves quoted line breaks to csv.
    reader = csv.reader(io.StringIO(tekst, newline=""), delimiter=scheiding)
    try:
        next(reader, None)
        for cellen in reader:
            yield reader.line_num, cellen
    except csv.Error as e:
        raise ImportFout(f"Regel {reader.line_num}: geen geldige CSV ({e}). Er is niets geïmporteerd.") from None


# --- Excel workbook ---------------------------------------------------------------------------------

def controleer_werkmap(raw: bytes) -> None:
    """A zip with a workbook in it, not unpacking beyond MAX_UITGEPAKT; reads only the zip's directory.

    :raise ImportFout: not a workbook, or too big unpacked."""
    if _mapgrootte(raw) > MAX_MAP_BYTES:
        raise ImportFout(_GEEN_WERKMAP)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            delen = z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise ImportFout(_GEEN_WERKMAP) from None
    namen = {d.filename for d in delen}
    if "[Content_Types].xml" not in namen or not any(n.endswith("workbook.xml") for n in namen):
        raise ImportFout(_GEEN_WERKMAP)
    if sum(d.file_size for d in delen) > MAX_UITGEPAKT:
        raise ImportFout(f"De werkmap is uitgepakt groter dan {MAX_UITGEPAKT // (1024 * 1024)} MB. Splits het "
                         "register in delen of sla het op als CSV. Er is niets geïmporteerd.")


def _mapgrootte(raw: bytes) -> int:
    """The central directory's size in bytes from the end record (0 if there is none: then
    zipfile refuses the file itself, quickly)."""
    eind = raw.rfind(b"PK\x05\x06", max(0, len(raw) - 22 - 65535))
    if eind < 0 or len(raw) < eind + 22:
        return 0
    if raw[max(0, eind - 20):eind].startswith(b"PK\x06\x07"):
        return MAX_MAP_BYTES + 1  # zip64 (sizes elsewhere): no workbook under the upload limit needs it
    return int.from_bytes(raw[eind + 12:eind + 16], "little")


def _onleesbaar(waar: str) -> ImportFout:
    return ImportFout(f"Het bestand is geen leesbare Excel-werkmap ({waar}). Open het in Excel en sla het "
                      "opnieuw op als ‘Excel-werkmap (.xlsx)’ of als ‘CSV UTF-8’. Er is niets geïmporteerd.")


def cel(waarde) -> str:
    """A cell as the CSV reader would have it: dates as dd-mm-jjjj, whole numbers without '.0'."""
    if waarde is None:
        return ""
    if isinstance(waarde, str):
        return waarde
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, datetime):
        return waarde.strftime("%d-%m-%Y" if waarde.time() == time() else "%d-%m-%Y %H:%M")
    if isinstance(waarde, date):
        return waarde.strftime("%d-%m-%Y")
    if isinstance(waarde, time):
        return waarde.strftime("%H:%M")
    if isinstance(waarde, float) and waarde.is_integer():
        return str(int(waarde))
    if isinstance(waarde, timedelta):
        return str(waarde)
    return str(waarde)


def _werkmap(raw: bytes) -> Tabel:
    controleer_werkmap(raw)
    try:
        # read_only streams the sheet; data_only takes a formula's last computed value.
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True, keep_links=False)
        ws = wb.worksheets[0]
        # max_col: a row (or a false dimension) of 16 384 columns is never built in full.
        eerste = next(ws.iter_rows(min_row=1, max_row=1, max_col=MAX_KOLOMMEN + 1, values_only=True), ())
    except ImportFout:
        raise
    except Exception:  # openpyxl raises many kinds (zip, XML, key, value errors) on a damaged file
        raise _onleesbaar("de werkmap of het eerste werkblad") from None
    kop = [cel(v) for v in eerste]
    while kop and not kop[-1].strip():
        kop.pop()
    if not kop:
        wb.close()
        raise ImportFout("De eerste rij van het eerste werkblad is leeg: die moet de kolomnamen bevatten. Er is "
                         "niets geïmporteerd.")
    if len(kop) > MAX_KOLOMMEN:
        wb.close()
        raise _te_breed(f"meer dan {MAX_KOLOMMEN}")
    if sum(len(k.encode("utf-8")) + 1 for k in kop) > MAX_KOP_BYTES:
        wb.close()
        raise _te_lang()
    return Tabel(WERKMAP, "", kop, _werkmap_rijen(wb, ws, len(kop)))


def _werkmap_rijen(wb, ws, breedte: int) -> Iterator[tuple[int, list[str]]]:
    regel = 1
    try:
        # One column more than the header: a value right of it is reported, wider is not read.
        for regel, rij in enumerate(ws.iter_rows(min_row=2, max_col=breedte + 1, values_only=True), 2):
            yield regel, [cel(v) for v in rij]
    except Exception:
        raise _onleesbaar(f"rij {regel + 1}") from None
    finally:
        wb.close()


# --- the two entry points -------------------------------------------------------------------------------

def kop_bij_upload(raw: bytes, bestandsnaam: str = "") -> tuple[str, list[str]] | None:
    """In the request: (delimiter, header cells) of a CSV from its first line only; None for a
    workbook, of which only the structure is checked (its header is read by the job).

    :raise ImportFout: not readable as a CSV or a workbook, or beyond a limit."""
    if is_werkmap(raw, bestandsnaam):
        controleer_werkmap(raw)
        return None
    return _csv_kop(_eerste_regel(raw))


def open_tabel(raw: bytes, bestandsnaam: str = "") -> Tabel:
    """In the job: the whole file. Its rows are read lazily; a fault found there raises ImportFout.

    :raise ImportFout: not readable as a CSV or a workbook, or beyond a limit."""
    if is_werkmap(raw, bestandsnaam):
        return _werkmap(raw)
    scheiding, kop = _csv_kop(_eerste_regel(raw))
    tekst, encoding = decodeer(raw)
    return Tabel(encoding, scheiding, kop, _csv_rijen(tekst, scheiding))
