"""Reading NLExtract's flat BAG export (``bagadres-full.csv`` and ``bagadres.csv``).

The file is streamed and decoded line by line (UTF-8, else Windows-1252),
``csv.DictReader`` reads rows by column name (column order and extra columns do
not matter), and each row is validated on its own with its line number. Nothing
here touches the database; :func:`lees_rijen` yields flat tuples in
:data:`RIJ_VELDEN` order.
"""
from __future__ import annotations

import codecs
import csv
import io
import math
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import BinaryIO

from handhaving.locaties.bag.rapport import ImportReport
from handhaving.locaties.models import GEBRUIKSDOELEN
from handhaving.locaties.nederland import in_nederland

# The columns as NLExtract writes them, in its order (the reader itself goes by name).
FULL_COLUMNS = ["openbareruimte", "huisnummer", "huisletter", "huisnummertoevoeging", "postcode",
                "woonplaats", "gemeente", "provincie", "nummeraanduiding", "verblijfsobjectgebruiksdoel",
                "oppervlakteverblijfsobject", "verblijfsobjectstatus", "object_id", "object_type",
                "nevenadres", "pandid", "pandstatus", "pandbouwjaar", "x", "y", "lon", "lat"]
SMALL_COLUMNS = ["openbareruimte", "huisnummer", "huisletter", "huisnummertoevoeging", "postcode",
                 "woonplaats", "gemeente", "provincie", "object_id", "object_type", "nevenadres",
                 "x", "y", "lon", "lat"]
# provincie, lon and lat are not used (the RD point is stored as delivered): they may be absent.
NOT_REQUIRED = {"provincie", "lon", "lat"}
# Not NLExtract's, but some exports add it: where a line has it, it decides the gemeente.
GEMEENTECODE = "gemeentecode"
REQUIRED_SMALL = [c for c in SMALL_COLUMNS if c not in NOT_REQUIRED]
FULL_ONLY = [c for c in FULL_COLUMNS if c not in SMALL_COLUMNS]

OBJECT_TYPE_CODE = {"VBO": "01", "LIG": "02", "STA": "03"}
# NLExtract writes "Ligplaats" / "Standplaats" as the gebruiksdoel of these objects.
PLAATS_DOEL = {"LIG": "ligplaats", "STA": "standplaats"}
OBJECT_NAAM = {"VBO": "verblijfsobject", "LIG": "ligplaats", "STA": "standplaats"}

# One parsed row, in this order: what the store needs, nothing else.
RIJ_VELDEN = ("regel", "gemeente_id",
              "bag_id", "object_type", "gebruiksdoelen", "oppervlakte", "status", "pand_id", "pand_status",
              "bouwjaar", "x", "y",
              "nummeraanduiding_id", "openbare_ruimte", "zoeknaam", "huisnummer", "huisletter", "toevoeging",
              "postcode", "woonplaats", "is_nevenadres")

POSTCODE_RE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")
_LETTER_RE = re.compile(r"^[A-Z]$")
_TOEVOEGING_RE = re.compile(r"^[A-Z0-9]{1,4}$")
_DOEL_SPLIT_RE = re.compile(r"[,|;/]")
MAX_ERRORS = 200
# The BAG catalogue defines oppervlakte as a whole number of m² (1–999999): a fraction
# means the file was edited, and rounding it would hide that.
HELE_M2 = " (de BAG telt in hele m²)"
SAMPLE_BYTES = 1 << 20  # the first read (the encoding is decided per line, not on this)


class ImportError_(Exception):
    """The file cannot be read as a BAG export at all (header, encoding). Dutch message."""


BagImportFout = ImportError_


def search_name(value: str) -> str:
    """'Sint-Pieterstraat ' → 'sint-pieterstraat', accents removed (é → e)."""
    value = unicodedata.normalize("NFKD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return " ".join(value.lower().split())


@lru_cache(maxsize=1024)  # a file repeats a handful of names on every line
def gemeente_sleutel(naam: str) -> str:
    """A gemeente name as compared: 'Súdwest-Fryslân', 'Sudwest Fryslan' and its NFD
    form all give 'sudwestfryslan' (accents, case, hyphens, spaces and the Unicode
    normal form do not count)."""
    naam = unicodedata.normalize("NFKD", naam).casefold()
    return "".join(ch for ch in naam if ch.isalnum() and not unicodedata.combining(ch))


def gemeentecode(value: str) -> str:
    """A CBS gemeentecode as stored: 'GM0034', '34' and '0034' give '0034'."""
    value = (value or "").strip().upper().removeprefix("GM")
    return value.zfill(4) if value.isdigit() and len(value) <= 4 else value


@dataclass(frozen=True)
class Gemeenten:
    """The gemeenten a file is imported for: found by CBS code where a line has
    one, else by normalised name."""
    per_code: dict[str, int]
    per_naam: dict[str, int]

    @classmethod
    def van(cls, rijen) -> Gemeenten:
        """From (id, code, naam) rows."""
        rijen = list(rijen)
        return cls({code: id_ for id_, code, _ in rijen},
                   {gemeente_sleutel(naam): id_ for id_, _, naam in rijen})

    def zoek(self, code: str, naam: str) -> int | None:
        if code:
            return self.per_code.get(gemeentecode(code))
        return self.per_naam.get(gemeente_sleutel(naam))


def pad_bag_id(value: str, expect_type: str | None, what: str) -> str:
    value = (value or "").strip()
    if not value.isdigit() or len(value) > 16:
        raise ValueError(f"{what} '{value}' is geen BAG-id (16 cijfers)")
    value = value.zfill(16)  # integer exports drop the leading zeros
    if expect_type and value[4:6] != expect_type:
        raise ValueError(f"{what} {value} heeft objecttypecode {value[4:6]}, verwacht {expect_type}")
    return value


def _bool(value: str) -> bool:
    v = (value or "").strip().lower()
    if v in ("t", "true", "1", "j", "ja", "y"):
        return True
    if v in ("f", "false", "0", "n", "nee", ""):
        return False
    raise ValueError(f"nevenadres '{value}' is geen ja/nee-waarde")


def _float(value: str, what: str) -> float:
    try:
        return float((value or "").strip().replace(",", "."))
    except ValueError:
        raise ValueError(f"{what} '{value}' is geen getal") from None


def _int(value: str, what: str, lo: int, hi: int, eenheid: str = "") -> int | None:
    """A whole number; "75.0" is one, "75,6" is refused (never silently cut to 75)."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        number = int(value)
    else:
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            number = math.nan
        if not number.is_integer():
            raise ValueError(f"{what} '{value}' is geen geheel getal{eenheid}")
        number = int(number)
    if not lo <= number <= hi:
        raise ValueError(f"{what} {number} ligt buiten {lo}–{hi}")
    return number


@lru_cache(maxsize=8192)
def _zoeknaam(straat: str) -> str:
    """search_name per street, computed once: a file repeats each street many times."""
    return search_name(straat)[:120]


@lru_cache(maxsize=1024)
def _gebruiksdoelen(value: str) -> str | None:
    value = (value or "").strip().strip("{}")
    if not value:
        return None
    parts = [p.strip().strip('"').lower() for p in _DOEL_SPLIT_RE.split(value) if p.strip()]
    for p in parts:
        if p in PLAATS_DOEL.values():
            raise ValueError(f"gebruiksdoel '{p}' hoort bij object_type "
                             f"{'LIG' if p == 'ligplaats' else 'STA'}, niet bij een verblijfsobject")
        if p not in GEBRUIKSDOELEN:
            raise ValueError(f"gebruiksdoel '{p}' is onbekend")
    return ",".join(sorted(set(parts)))


def _plaats(row: dict, object_type: str) -> tuple:
    """A ligplaats or standplaats: no gebruiksdoel but its own kind, no area, no pand."""
    naam = OBJECT_NAAM[object_type]
    doel = (row["verblijfsobjectgebruiksdoel"] or "").strip().strip("{}").strip('"').lower()
    if doel and doel != PLAATS_DOEL[object_type]:
        raise ValueError(f"een {naam} heeft gebruiksdoel '{PLAATS_DOEL[object_type].capitalize()}' of geen, "
                         f"niet '{row['verblijfsobjectgebruiksdoel'].strip()}'")
    opp = _int(row["oppervlakteverblijfsobject"], "oppervlakte", 0, 999999, HELE_M2)
    if opp:
        raise ValueError(f"een {naam} heeft geen oppervlakte (gevonden: {opp})")
    if (row["pandid"] or "").strip():
        raise ValueError(f"een {naam} ligt niet in een pand (pandid moet leeg zijn)")
    return (PLAATS_DOEL[object_type], None, (row["verblijfsobjectstatus"] or "").strip()[:60] or None,
            None, None, None)


def parse_row(row: dict, full: bool) -> tuple:
    """One CSV row (by column name) → the fields of :data:`RIJ_VELDEN` after
    ``regel`` and ``gemeente_id``. Raises ValueError with a Dutch message."""
    object_type = (row["object_type"] or "").strip().upper()
    if object_type not in OBJECT_TYPE_CODE:
        raise ValueError(f"object_type '{row['object_type']}' is niet VBO, LIG of STA")
    bag_id = pad_bag_id(row["object_id"], OBJECT_TYPE_CODE[object_type], "object_id")
    x, y = _float(row["x"], "x"), _float(row["y"], "y")
    if not in_nederland(x, y):
        raise ValueError(f"coördinaat ({x:.0f}, {y:.0f}) ligt niet in Nederland (RD New)")
    huisnummer = _int(row["huisnummer"], "huisnummer", 1, 99999)
    if huisnummer is None:
        raise ValueError("huisnummer ontbreekt")
    letter = (row["huisletter"] or "").strip().upper() or None
    if letter and not _LETTER_RE.match(letter):
        raise ValueError(f"huisletter '{letter}' is geen enkele letter")
    toevoeging = (row["huisnummertoevoeging"] or "").strip().upper() or None
    if toevoeging and not _TOEVOEGING_RE.match(toevoeging):
        raise ValueError(f"huisnummertoevoeging '{toevoeging}' heeft meer dan 4 letters/cijfers")
    postcode = (row["postcode"] or "").replace(" ", "").upper() or None
    if postcode and not POSTCODE_RE.match(postcode):
        raise ValueError(f"postcode '{row['postcode']}' is geen geldige postcode")
    straat = " ".join((row["openbareruimte"] or "").split())
    if not straat:
        raise ValueError("openbareruimte (straatnaam) ontbreekt")
    woonplaats = " ".join((row["woonplaats"] or "").split())
    if not woonplaats:
        raise ValueError("woonplaats ontbreekt")
    if full:
        nummeraanduiding = pad_bag_id(row["nummeraanduiding"], "20", "nummeraanduiding")
        if object_type == "VBO":
            pand_raw = (row["pandid"] or "").strip()
            obj = (_gebruiksdoelen(row["verblijfsobjectgebruiksdoel"]),
                   _int(row["oppervlakteverblijfsobject"], "oppervlakte", 1, 999999, HELE_M2),
                   (row["verblijfsobjectstatus"] or "").strip()[:60] or None,
                   pad_bag_id(pand_raw, "10", "pandid") if pand_raw else None,
                   (row["pandstatus"] or "").strip()[:60] or None,
                   _int(row["pandbouwjaar"], "pandbouwjaar", 1000, 2100))
        else:
            obj = _plaats(row, object_type)
    else:
        # The small export has no nummeraanduiding id, use, area or pand: such
        # addresses are matched on their object and address parts instead.
        nummeraanduiding = None
        obj = (PLAATS_DOEL.get(object_type), None, None, None, None, None)
    return (bag_id, object_type, *obj, round(x, 3), round(y, 3),
            nummeraanduiding, straat[:120], _zoeknaam(straat), huisnummer, letter, toevoeging,
            postcode, woonplaats[:80], _bool(row["nevenadres"]))


# --- the byte stream and its text ------------------------------------------------------


class _Prefixed(io.RawIOBase):
    """The caller's stream with its already-read sample put back in front; never
    closes the caller's stream."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head, self._rest = memoryview(head), rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


class Bron:
    """Where the bytes come from: bytes, a path (opened and closed here) or a binary
    file object (read from where it stands, left open)."""

    def __init__(self, source):
        self._owned = None
        if isinstance(source, (bytes, bytearray, memoryview)):
            self.stream = io.BytesIO(source)
        elif isinstance(source, (str, os.PathLike)):
            self.stream = self._owned = open(source, "rb")  # noqa: SIM115 - closed by close()
        elif hasattr(source, "read"):
            self.stream = source
        else:
            raise TypeError("bron moet bytes, een pad of een binair bestand zijn")

    def sample_and_lines(self) -> tuple[bytes, Iterator[bytes]]:
        """The first SAMPLE_BYTES and all lines as bytes."""
        sample = self.stream.read(SAMPLE_BYTES)
        return sample, iter(io.BufferedReader(_Prefixed(sample, self.stream), buffer_size=1 << 16))

    def close(self) -> None:
        if self._owned is not None:
            self._owned.close()


def _text_lines(lines: Iterator[bytes], encoding: str, auto: bool, report: ImportReport) -> Iterator[str]:
    """Decode line by line (csv gets the line endings it needs).

    ``auto`` decides per line: UTF-8 when the line is valid UTF-8, else
    Windows-1252, and the numbers of those lines go into the report. Per line,
    because a file that mixes the two (pasted together, or edited in Excel) read
    as one encoding stores "KÃ«rkstraat"; a Windows-1252 line with accents is
    practically never valid UTF-8, so the test is reliable. A chosen encoding is
    strict: a line it cannot decode is a row error.
    """
    regels_cp1252 = report.regels_cp1252
    utf8_tekst = False  # a non-ASCII line that was valid UTF-8
    for n, raw in enumerate(lines, 1):
        if n == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        try:
            line = raw.decode(encoding)
        except UnicodeDecodeError:
            try:
                if not auto:
                    raise
                line = raw.decode("cp1252")
            except UnicodeDecodeError:
                report.errors.append((n, f"de regel is geen geldige {encoding}-tekst"
                                         + (" en ook geen Windows-1252" if auto else "")))
                line = raw.decode(encoding, errors="replace")
            else:
                report.cp1252_aantal += 1
                if len(regels_cp1252) < MAX_ERRORS:
                    regels_cp1252.append(n)
                report.encoding = "utf-8 en cp1252 (per regel)" if utf8_tekst else "cp1252"
        else:
            if auto and not utf8_tekst and not raw.isascii():
                utf8_tekst = True
                if report.cp1252_aantal:
                    report.encoding = "utf-8 en cp1252 (per regel)"
        yield line


# --- the header and the rows -------------------------------------------------------------


def _check_header(fieldnames: list[str] | None) -> tuple[list[str], bool, str]:
    if not fieldnames:
        raise ImportError_("Het bestand is leeg: er is geen kopregel.")
    header = [(h or "").strip().strip('"').lower() for h in fieldnames]
    double = sorted({h for h in header if h and header.count(h) > 1})
    if double:
        raise ImportError_(f"De kopregel bevat dubbele kolommen: {', '.join(double)}.")
    present = set(header)
    if len(header) == 1 and ";" not in fieldnames[0] and ("," in fieldnames[0] or "\t" in fieldnames[0]):
        raise ImportError_("De kopregel is niet puntkomma-gescheiden. Een NLExtract-bestand gebruikt ';' "
                           "als scheidingsteken.")
    missing_small = [c for c in REQUIRED_SMALL if c not in present]
    has_full = [c for c in FULL_ONLY if c in present]
    if not missing_small and len(has_full) == len(FULL_ONLY):
        return header, True, "bagadres-full.csv"
    if not missing_small and not has_full:
        return header, False, "bagadres.csv"
    if len(missing_small) == len(REQUIRED_SMALL):
        raise ImportError_(
            "De kopregel past niet bij bagadres-full.csv of bagadres.csv (NLExtract). Verwacht "
            f"puntkomma-gescheiden kolommen (volgorde maakt niet uit): {';'.join(FULL_COLUMNS)}. "
            "Er is niets geïmporteerd.")
    variant, needed = ("bagadres-full.csv", REQUIRED_SMALL + FULL_ONLY) if has_full \
        else ("bagadres.csv", REQUIRED_SMALL)
    missing = [c for c in needed if c not in present]
    word = "kolom ontbreekt" if len(missing) == 1 else "kolommen ontbreken"
    raise ImportError_(f"Dit lijkt een {variant}, maar deze {word} in de kopregel: {', '.join(missing)}. "
                       "Er is niets geïmporteerd.")


def open_bestand(bron: Bron, encoding: str | None, report: ImportReport) -> tuple[csv.DictReader, bool]:
    """Check the header (raises ImportError_ in Dutch) before any row is read."""
    auto = not encoding or encoding == "auto"
    _sample, lines = bron.sample_and_lines()
    if auto:
        encoding = "utf-8"
    else:
        try:
            encoding = codecs.lookup(encoding).name
        except LookupError:
            raise ImportError_(f"Onbekende tekencodering '{encoding}' (gebruik utf-8, cp1252 of auto).") from None
    report.encoding = "utf-8" if encoding == "utf-8-sig" else encoding
    reader = csv.DictReader(_text_lines(lines, report.encoding, auto, report), delimiter=";")
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        raise ImportError_(f"De kopregel is geen geldige CSV: {exc}.") from None
    header, full, report.variant = _check_header(fieldnames)
    reader.fieldnames = header
    return reader, full


def lees_rijen(reader: csv.DictReader, full: bool, gemeenten: Gemeenten,
               report: ImportReport) -> Iterator[tuple]:
    """Parsed rows of this import's gemeenten, in :data:`RIJ_VELDEN` order.

    Row errors go to ``report.errors`` with their line number; reading stops
    after MAX_ERRORS. A broken CSV structure raises ImportError_. Lines per
    gemeente found go to ``report.regels_per_gemeente``.
    """
    skipped = report.skipped_other_gemeente
    gevonden = report.regels_per_gemeente
    met_code = GEMEENTECODE in (reader.fieldnames or ())
    gezocht: dict[tuple[str, str], int | None] = {}  # a file repeats a few gemeenten on every line
    errors = report.errors
    line = reader.line_num
    rows = iter(reader)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportError_(f"Regel {line + 1}: geen geldige CSV ({exc}). Er is niets geïmporteerd.") from None
        line = reader.line_num
        report.rows += 1
        code = (row[GEMEENTECODE] or "").strip() if met_code else ""
        try:
            gemeente_id = gezocht[code, row["gemeente"]]
        except KeyError:
            gemeente_id = gezocht[code, row["gemeente"]] = gemeenten.zoek(code, row["gemeente"] or "")
        if gemeente_id is None:
            naam = " ".join((row["gemeente"] or "").split())
            key = (f"{naam} ({code})" if code else naam) or "(leeg)"
            skipped[key] = skipped.get(key, 0) + 1
            continue
        gevonden[gemeente_id] = gevonden.get(gemeente_id, 0) + 1
        if None in row or None in row.values():
            errors.append((line, "aantal kolommen klopt niet met de kopregel"))
        else:
            try:
                parsed = parse_row(row, full)
            except ValueError as exc:
                errors.append((line, str(exc)))
            else:
                yield (line, gemeente_id, *parsed)
                continue
        if len(errors) >= MAX_ERRORS:
            errors.append((line, f"gestopt na {MAX_ERRORS} fouten"))
            report.stopped = True
            return
