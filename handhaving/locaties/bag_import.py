"""Import of the NLExtract flat BAG export (``bagadres-full.csv`` and ``bagadres.csv``).

Semicolon-delimited, one header row, UTF-8 or Windows-1252. Every row is
validated first; one bad row means nothing is written and the report lists the
line numbers. Re-importing the same file changes nothing (upsert on the BAG
ids, unchanged rows are not touched).
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from handhaving.audit import services as audit
from handhaving.auth.models import Gemeente
from handhaving.geo import rd_plausible, rd_point_wkt
from handhaving.locaties.models import GEBRUIKSDOELEN, Adres, Verblijfsobject

FULL_COLUMNS = ["openbareruimte", "huisnummer", "huisletter", "huisnummertoevoeging", "postcode",
                "woonplaats", "gemeente", "provincie", "nummeraanduiding", "verblijfsobjectgebruiksdoel",
                "oppervlakteverblijfsobject", "verblijfsobjectstatus", "object_id", "object_type",
                "nevenadres", "pandid", "pandstatus", "pandbouwjaar", "x", "y", "lon", "lat"]
SMALL_COLUMNS = ["openbareruimte", "huisnummer", "huisletter", "huisnummertoevoeging", "postcode",
                 "woonplaats", "gemeente", "provincie", "object_id", "object_type", "nevenadres",
                 "x", "y", "lon", "lat"]
OBJECT_TYPE_CODE = {"VBO": "01", "LIG": "02", "STA": "03"}
POSTCODE_RE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")
MAX_ERRORS = 200


class ImportError_(Exception):
    pass


@dataclass
class ImportReport:
    variant: str = ""
    encoding: str = ""
    rows: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    skipped_other_gemeente: dict[str, int] = field(default_factory=dict)
    vbo_new: int = 0
    vbo_changed: int = 0
    vbo_unchanged: int = 0
    adres_new: int = 0
    adres_changed: int = 0
    adres_unchanged: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        lines = [f"Bestand: {self.variant}, codering {self.encoding}, {self.rows} rijen."]
        if self.errors:
            lines.append(f"{len(self.errors)} fout(en); er is niets geïmporteerd:")
            lines += [f"  regel {n}: {msg}" for n, msg in self.errors[:50]]
            if len(self.errors) > 50:
                lines.append(f"  … en {len(self.errors) - 50} meer")
            return "\n".join(lines)
        verb = "zou" if self.dry_run else ""
        lines.append(f"Verblijfsobjecten: {self.vbo_new} nieuw, {self.vbo_changed} gewijzigd, "
                     f"{self.vbo_unchanged} ongewijzigd{' (proefimport)' if verb else ''}.")
        lines.append(f"Adressen: {self.adres_new} nieuw, {self.adres_changed} gewijzigd, "
                     f"{self.adres_unchanged} ongewijzigd.")
        for naam, n in sorted(self.skipped_other_gemeente.items()):
            lines.append(f"Overgeslagen: {n} rijen van gemeente {naam} (niet in deze installatie).")
        return "\n".join(lines)


def search_name(value: str) -> str:
    """'Sint-Pieterstraat ' → 'sint-pieterstraat', accents removed (é → e)."""
    value = unicodedata.normalize("NFKD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return " ".join(value.lower().split())


def pad_bag_id(value: str, expect_type: str | None, what: str) -> str:
    value = (value or "").strip()
    if not value.isdigit() or len(value) > 16:
        raise ValueError(f"{what} '{value}' is geen BAG-id (16 cijfers)")
    value = value.zfill(16)  # integer exports drop the leading zeros
    if expect_type and value[4:6] != expect_type:
        raise ValueError(f"{what} {value} heeft objecttypecode {value[4:6]}, verwacht {expect_type}")
    return value


def _decode(raw: bytes, encoding: str | None) -> tuple[str, str]:
    if encoding and encoding != "auto":
        return raw.decode(encoding), encoding
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252"), "cp1252"


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


def _int(value: str, what: str, lo: int, hi: int) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        number = int(float(value.replace(",", ".")))
    except ValueError:
        raise ValueError(f"{what} '{value}' is geen geheel getal") from None
    if not lo <= number <= hi:
        raise ValueError(f"{what} {number} ligt buiten {lo}–{hi}")
    return number


def _gebruiksdoelen(value: str) -> str | None:
    value = (value or "").strip().strip("{}")
    if not value:
        return None
    parts = [p.strip().strip('"').lower() for p in re.split(r"[,|;/]", value) if p.strip()]
    for p in parts:
        if p not in GEBRUIKSDOELEN:
            raise ValueError(f"gebruiksdoel '{p}' is onbekend")
    return ",".join(sorted(set(parts)))


def parse_row(row: dict, full: bool) -> tuple[dict, dict]:
    """One CSV row → (verblijfsobject fields, adres fields). Raises ValueError in Dutch."""
    object_type = (row["object_type"] or "").strip().upper()
    if object_type not in OBJECT_TYPE_CODE:
        raise ValueError(f"object_type '{row['object_type']}' is niet VBO, LIG of STA")
    bag_id = pad_bag_id(row["object_id"], OBJECT_TYPE_CODE[object_type], "object_id")
    x, y = _float(row["x"], "x"), _float(row["y"], "y")
    if not rd_plausible(x, y):
        raise ValueError(f"coördinaat ({x:.0f}, {y:.0f}) ligt niet in Nederland (RD New)")
    huisnummer = _int(row["huisnummer"], "huisnummer", 1, 99999)
    if huisnummer is None:
        raise ValueError("huisnummer ontbreekt")
    letter = (row["huisletter"] or "").strip().upper() or None
    if letter and not re.fullmatch(r"[A-Z]", letter):
        raise ValueError(f"huisletter '{letter}' is geen enkele letter")
    toevoeging = (row["huisnummertoevoeging"] or "").strip().upper() or None
    if toevoeging and not re.fullmatch(r"[A-Z0-9]{1,4}", toevoeging):
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
        pand_raw = (row.get("pandid") or "").strip()
        pand_id = pad_bag_id(pand_raw, "10", "pandid") if pand_raw else None
        vbo = {
            "gebruiksdoelen": _gebruiksdoelen(row["verblijfsobjectgebruiksdoel"]),
            "oppervlakte": _int(row["oppervlakteverblijfsobject"], "oppervlakte", 1, 999999),
            "status": (row["verblijfsobjectstatus"] or "").strip()[:60] or None,
            "pand_id": pand_id,
            "pand_status": (row["pandstatus"] or "").strip()[:60] or None,
            "bouwjaar": _int(row["pandbouwjaar"], "pandbouwjaar", 1000, 2100),
        }
    else:
        # The small export has no nummeraanduiding id: such addresses are matched
        # on their verblijfsobject and address parts instead.
        nummeraanduiding = None
        vbo = {"gebruiksdoelen": None, "oppervlakte": None, "status": None, "pand_id": None,
               "pand_status": None, "bouwjaar": None}
    vbo.update({"bag_id": bag_id, "object_type": object_type, "x": round(x, 3), "y": round(y, 3)})
    adres = {
        "nummeraanduiding_id": nummeraanduiding, "openbare_ruimte": straat[:120],
        "zoeknaam": search_name(straat)[:120], "huisnummer": huisnummer, "huisletter": letter,
        "toevoeging": toevoeging, "postcode": postcode, "woonplaats": woonplaats[:80],
        "is_nevenadres": _bool(row["nevenadres"]),
    }
    return vbo, adres


def _natural_key(vbo_id, a: dict) -> tuple:
    return (vbo_id, a["huisnummer"], a["huisletter"] or "", a["toevoeging"] or "", a["postcode"] or "")


VBO_FIELDS = ("object_type", "gebruiksdoelen", "oppervlakte", "status", "pand_id", "pand_status", "bouwjaar")
ADRES_FIELDS = ("openbare_ruimte", "zoeknaam", "huisnummer", "huisletter", "toevoeging", "postcode",
                "woonplaats", "is_nevenadres")


def read_rows(raw: bytes, encoding: str | None, gemeenten: dict[str, Gemeente],
              report: ImportReport) -> list[tuple[int, Gemeente, dict, dict]]:
    text, report.encoding = _decode(raw, encoding)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=";")
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    if header[: len(FULL_COLUMNS)] == FULL_COLUMNS:
        full, report.variant = True, "bagadres-full.csv"
    elif header[: len(SMALL_COLUMNS)] == SMALL_COLUMNS:
        full, report.variant = False, "bagadres.csv"
    else:
        raise ImportError_("De kopregel past niet bij bagadres-full.csv of bagadres.csv "
                           "(puntkomma-gescheiden, kolommen zoals beschreven in de README).")
    parsed = []
    for row in reader:
        line = reader.line_num
        report.rows += 1
        naam = " ".join((row.get("gemeente") or "").split())
        gemeente = gemeenten.get(naam.lower())
        if gemeente is None:
            report.skipped_other_gemeente[naam or "(leeg)"] = report.skipped_other_gemeente.get(naam or "(leeg)", 0) + 1
            continue
        if None in row or any(v is None for v in row.values()):
            report.errors.append((line, "aantal kolommen klopt niet met de kopregel"))
        else:
            try:
                vbo, adres = parse_row(row, full)
                parsed.append((line, gemeente, vbo, adres))
            except ValueError as exc:
                report.errors.append((line, str(exc)))
        if len(report.errors) >= MAX_ERRORS:
            report.errors.append((line, f"gestopt na {MAX_ERRORS} fouten"))
            break
    return parsed


def import_bag(session: Session, raw: bytes, *, encoding: str | None = None,
               gemeente_codes: list[str] | None = None, dry_run: bool = False,
               bestandsnaam: str = "") -> ImportReport:
    """Validate the whole file, then upsert. Only flushes: the caller commits."""
    report = ImportReport(dry_run=dry_run)
    query = select(Gemeente)
    if gemeente_codes:
        query = query.where(Gemeente.code.in_(gemeente_codes))
    gemeenten = {g.naam.lower(): g for g in session.execute(query).scalars()}
    rows = read_rows(raw, encoding, gemeenten, report)
    if report.errors:
        return report
    # The same verblijfsobject must not sit in two gemeenten within one file.
    seen_vbo: dict[str, tuple[int, dict]] = {}
    seen_na: set[str] = set()
    for line, gemeente, vbo, adres in rows:
        prev = seen_vbo.get(vbo["bag_id"])
        if prev and prev[0] != gemeente.id:
            report.errors.append((line, f"verblijfsobject {vbo['bag_id']} staat ook bij een andere gemeente"))
        seen_vbo.setdefault(vbo["bag_id"], (gemeente.id, vbo))
        na = adres["nummeraanduiding_id"]
        if na:
            if na in seen_na:
                report.errors.append((line, f"nummeraanduiding {na} komt twee keer voor"))
            seen_na.add(na)
    if report.errors:
        return report
    _upsert(session, rows, seen_vbo, report, dry_run)
    if not dry_run:
        audit.record(session, "locaties.bag_import", audit.SUCCES, object_type="bag_bestand",
                     object_id=bestandsnaam[:64] or None,
                     details={"rijen": report.rows, "vbo_nieuw": report.vbo_new,
                              "vbo_gewijzigd": report.vbo_changed, "adres_nieuw": report.adres_new,
                              "adres_gewijzigd": report.adres_changed})
    return report


def _chunks(items, size=900):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _upsert(session, rows, vbos, report, dry_run) -> None:
    from geoalchemy2.functions import ST_X, ST_Y
    from sqlalchemy import text

    if session.get_bind().dialect.name == "postgresql":
        # The IN-lookups below repeat hundreds of times; a generic plan cached while
        # the table was nearly empty turns them into sequential scans.
        session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))

    existing: dict[str, tuple] = {}
    for chunk in _chunks(vbos):
        for r in session.execute(
            select(Verblijfsobject.id, Verblijfsobject.bag_id, Verblijfsobject.gemeente_id,
                   *[getattr(Verblijfsobject, f) for f in VBO_FIELDS],
                   ST_X(Verblijfsobject.geom), ST_Y(Verblijfsobject.geom))
            .where(Verblijfsobject.bag_id.in_(chunk))
        ):
            existing[r[1]] = r
    new_vbo, changed_vbo = [], []
    for bag_id, (gemeente_id, v) in vbos.items():
        values = {f: v[f] for f in VBO_FIELDS}
        values.update(bag_id=bag_id, gemeente_id=gemeente_id, geom=rd_point_wkt(v["x"], v["y"]))
        old = existing.get(bag_id)
        if old is None:
            new_vbo.append(values)
            continue
        same = (old[2] == gemeente_id and tuple(old[3:3 + len(VBO_FIELDS)]) == tuple(v[f] for f in VBO_FIELDS)
                and abs(old[-2] - v["x"]) < 0.001 and abs(old[-1] - v["y"]) < 0.001)
        if same:
            report.vbo_unchanged += 1
        else:
            changed_vbo.append((old[0], values))
    report.vbo_new, report.vbo_changed = len(new_vbo), len(changed_vbo)
    if not dry_run:
        _write(session, Verblijfsobject, new_vbo, changed_vbo)
    ids = {}
    for chunk in _chunks(vbos):
        ids.update(session.execute(select(Verblijfsobject.bag_id, Verblijfsobject.id)
                                   .where(Verblijfsobject.bag_id.in_(chunk))).all())

    vbo_ids = [i for i in ids.values()]
    by_na, by_key = {}, {}
    for chunk in _chunks(vbo_ids):
        for a in session.execute(
            select(Adres.id, Adres.nummeraanduiding_id, Adres.verblijfsobject_id, Adres.gemeente_id,
                   *[getattr(Adres, f) for f in ADRES_FIELDS]).where(Adres.verblijfsobject_id.in_(chunk))
        ):
            fields = dict(zip(ADRES_FIELDS, a[4:]))
            entry = (a[0], a[2], a[3], fields)
            if a[1]:
                by_na[a[1]] = entry
            by_key[_natural_key(a[2], fields)] = entry
    new_adres, changed_adres = [], []
    for _line, gemeente, vbo, adres in rows:
        vbo_id = ids.get(vbo["bag_id"])
        old = by_na.get(adres["nummeraanduiding_id"]) if adres["nummeraanduiding_id"] else None
        if old is None and vbo_id is not None:
            old = by_key.get(_natural_key(vbo_id, adres))
        values = dict(adres, gemeente_id=gemeente.id, verblijfsobject_id=vbo_id)
        if adres["nummeraanduiding_id"] is None:
            values.pop("nummeraanduiding_id")
        if old is None:
            new_adres.append(values)
        elif old[1] == vbo_id and old[2] == gemeente.id and all(old[3][f] == adres[f] for f in ADRES_FIELDS):
            report.adres_unchanged += 1
        else:
            changed_adres.append((old[0], values))
    report.adres_new, report.adres_changed = len(new_adres), len(changed_adres)
    if not dry_run:
        _write(session, Adres, new_adres, changed_adres)
    session.flush()


def _write(session, model, new: list[dict], changed: list[tuple[int, dict]]) -> None:
    """Insert in batches (executemany); update changed rows one by one."""
    for chunk in _chunks(new, 2000):
        session.execute(insert(model.__table__), chunk)
    for row_id, values in changed:
        session.execute(update(model).where(model.id == row_id).values(**values))
