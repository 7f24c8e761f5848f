"""Checking read features before anything is written.

Each feature becomes a :class:`Gebied` or a rejection with its place in the
file ("laag buurten, object 12"). Columns are found by name, with the
shapefile-era aliases (``BU_CODE``, ``WK_NAAM``, ``JRSTATCODE`` …) as well.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from shapely.geometry import MultiPolygon
from shapely.geometry.base import BaseGeometry

from handhaving.locaties.cbs.geometrie import vlak as geldig_vlak
from handhaving.locaties.cbs.lezen import Bestand, CbsImportFout, Object
from handhaving.locaties.cbs.rapport import CbsRapport

KOLOMMEN = {
    "buurtcode": ("buurtcode", "bu_code"),
    "wijkcode": ("wijkcode", "wk_code"),
    "code": ("statcode", "code"),
    "gemeentecode": ("gemeentecode", "gm_code"),
    "buurtnaam": ("buurtnaam", "bu_naam"),
    "wijknaam": ("wijknaam", "wk_naam"),
    "naam": ("statnaam", "naam"),
    "jaarstatcode": ("jaarstatcode", "jrstatcode"),
    "jaar": ("jaar",),
}
# Not statistics: identifiers, names and figures that only describe the drawn shape.
GEEN_KENMERK = {alias for aliassen in KOLOMMEN.values() for alias in aliassen} | {
    "gemeentenaam", "gm_naam", "fid", "id", "objectid", "ogc_fid", "shape_length", "shape_area",
    "shape_leng", "geom", "geometry", "geometrie"}
CODE_RE = {"wijk": re.compile(r"^WK\d{6}$"), "buurt": re.compile(r"^BU\d{8}$")}
CODE_UITLEG = {"wijk": "WK + 6 cijfers", "buurt": "BU + 8 cijfers"}
JAAR_BEREIK = (1990, 2100)


@dataclass
class Gebied:
    soort: str          # "wijk" or "buurt"
    code: str
    naam: str
    gemeentecode: str   # 4 digits
    jaar: int
    kenmerken: dict
    geom: MultiPolygon  # in the file's SRID
    plaats: str

    @property
    def wijkcode(self) -> str:
        return "WK" + self.code[2:8]


def _waarde(props: dict, kolom: str):
    for alias in KOLOMMEN[kolom]:
        value = props.get(alias)
        if value is not None and str(value).strip() != "":
            return value
    return None


def _tekst(value) -> str | None:
    return None if value is None else " ".join(str(value).split()) or None


def heeft_code(obj: Object) -> bool:
    return any(_waarde(obj.eigenschappen, k) is not None for k in ("buurtcode", "wijkcode", "code"))


def jaar_van(obj: Object) -> int | None:
    stat = _tekst(_waarde(obj.eigenschappen, "jaarstatcode"))
    if stat and stat[:4].isdigit():
        return int(stat[:4])
    jaar = _waarde(obj.eigenschappen, "jaar")
    try:
        return int(float(jaar)) if jaar is not None else None
    except (TypeError, ValueError):
        return None


def bepaal_jaar(bestand: Bestand, jaar: int | None) -> int:
    """The boundary year: the option, else the file's ``jaarstatcode``/``jaar`` (one year per file)."""
    jaren = {j for j in (jaar_van(o) for o in bestand.objecten) if j is not None}
    if jaar is not None and jaren and jaren != {jaar}:
        # Boundaries stored under the wrong year would silently replace the right ones.
        raise CbsImportFout(f"Het bestand is van {', '.join(map(str, sorted(jaren)))} (jaarstatcode/jaar), maar "
                            f"--jaar zegt {jaar}. Er is niets geïmporteerd.")
    if jaar is None:
        if not jaren:
            raise CbsImportFout("Het jaar van de grenzen staat niet in het bestand (kolom jaarstatcode of "
                                "jaar); geef het op met --jaar. Er is niets geïmporteerd.")
        if len(jaren) > 1:
            lijst = ", ".join(map(str, sorted(jaren)))
            raise CbsImportFout(f"Het bestand bevat grenzen van meer dan één jaar ({lijst}); importeer één "
                                "jaar tegelijk of kies er een met --jaar. Er is niets geïmporteerd.")
        jaar = jaren.pop()
    if not JAAR_BEREIK[0] <= jaar <= JAAR_BEREIK[1]:
        raise CbsImportFout(f"Jaar {jaar} ligt niet tussen {JAAR_BEREIK[0]} en {JAAR_BEREIK[1]}. "
                            "Er is niets geïmporteerd.")
    return jaar


def kenmerken_van(props: dict) -> dict:
    """Every numeric column besides codes, names and geometry, as delivered (sentinels kept)."""
    result = {}
    for key, value in props.items():
        if key in GEEN_KENMERK or isinstance(value, bool):
            continue
        if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
            result[key] = value
    return dict(sorted(result.items()))


def vlak(geom: BaseGeometry | None, plaats: str, rapport: CbsRapport) -> MultiPolygon:
    """The geometry as a valid 2D MultiPolygon (see :mod:`.geometrie`); a repair is noted
    in the report. Raises GeometrieFout (a ValueError) with a Dutch message."""
    geom, opmerking = geldig_vlak(geom)
    if opmerking:
        rapport.opmerkingen.append(f"{plaats}: {opmerking}")
    return geom


def controleer(bestand: Bestand, jaar: int | None, gemeente_codes: set[str],
               rapport: CbsRapport) -> list[Gebied]:
    """Features → Gebieden of the chosen gemeenten; rejections go to ``rapport.fouten``.

    Raises CbsImportFout when the file has no wijk- or buurtcodes at all or no usable year.
    """
    rapport.objecten = len(bestand.objecten)
    if not any(heeft_code(o) for o in bestand.objecten):
        raise CbsImportFout(
            "Het bestand bevat geen wijk- of buurtcodes: geen enkel object heeft een kolom wijkcode, buurtcode "
            "(of WK_CODE/BU_CODE) met een waarde. Is dit wel de CBS Wijk- en Buurtkaart? Er is niets geïmporteerd.")
    rapport.jaar = jaar = bepaal_jaar(bestand, jaar)
    gebieden: list[Gebied] = []
    gezien: dict[str, str] = {}
    for obj in bestand.objecten:
        try:
            gebied = _gebied(obj, bestand.laag_soort.get(obj.laag), jaar, gemeente_codes, rapport)
        except ValueError as exc:
            rapport.fouten.append((obj.plaats, str(exc)))
            continue
        if gebied is None:
            rapport.overgeslagen_overig += 1
            continue
        if isinstance(gebied, str):
            key = f"GM{gebied}"
            rapport.overgeslagen_gemeente[key] = rapport.overgeslagen_gemeente.get(key, 0) + 1
            continue
        if gebied.code in gezien:
            rapport.fouten.append((obj.plaats, f"{gebied.soort}code {gebied.code} komt ook voor bij "
                                               f"{gezien[gebied.code]}"))
            continue
        gezien[gebied.code] = obj.plaats
        gebieden.append(gebied)
    return gebieden


def _soort_uit_kolommen(props: dict) -> str | None:
    """In one file with both kinds a buurt carries a buurtcode column (and its wijkcode too),
    a wijk only a wijkcode; a file with a generic code column is told by the prefix."""
    if any(k in props for k in KOLOMMEN["buurtcode"] + KOLOMMEN["buurtnaam"]):
        return "buurt"
    if any(k in props for k in KOLOMMEN["wijkcode"] + KOLOMMEN["wijknaam"]):
        return "wijk"
    return None


def _gebied(obj: Object, laag_soort: str | None, jaar: int, gemeente_codes: set[str],
            rapport: CbsRapport) -> Gebied | str | None:
    """One feature → Gebied; None for what is no wijk or buurt (a gemeente); the gemeente
    code (4 digits) for a feature of a gemeente not imported. Raises ValueError.

    A feature of another gemeente is skipped as soon as its code says so: its name or
    outline is that gemeente's business and must not block this import."""
    props = obj.eigenschappen
    soort = laag_soort or _soort_uit_kolommen(props)
    if soort is not None:
        code = _tekst(_waarde(props, f"{soort}code") or _waarde(props, "code"))
        if code is None:
            raise ValueError(f"{soort}code ontbreekt")
        code = code.upper()
    else:
        code = _tekst(_waarde(props, "code"))
        if code is None:
            if _waarde(props, "gemeentecode") is not None:
                return None  # a gemeente outline in a combined file
            raise ValueError("wijkcode of buurtcode ontbreekt")
        code = code.upper()
        if code.startswith("GM"):
            return None
        soort = {"WK": "wijk", "BU": "buurt"}.get(code[:2])
        if soort is None:
            raise ValueError(f"code '{code}' is geen wijkcode (WK + 6 cijfers) of buurtcode (BU + 8 cijfers)")
    if not CODE_RE[soort].match(code):
        raise ValueError(f"{soort}code '{code}' is geen {CODE_UITLEG[soort]}")
    if code[2:6] not in gemeente_codes:
        return code[2:6]
    if soort == "buurt":
        wijkcode = _tekst(_waarde(props, "wijkcode"))
        if wijkcode and wijkcode.upper() != "WK" + code[2:8]:
            raise ValueError(f"buurtcode {code} begint niet met de 6 cijfers van zijn wijk {wijkcode}")
    gemeentecode = _tekst(_waarde(props, "gemeentecode"))
    if gemeentecode:
        digits = gemeentecode.upper().removeprefix("GM").zfill(4)
        if digits != code[2:6]:
            raise ValueError(f"{soort}code {code} hoort niet bij gemeentecode {gemeentecode}")
    naam = _tekst(_waarde(props, f"{soort}naam") or _waarde(props, "naam"))
    if not naam:
        raise ValueError(f"{soort}naam ontbreekt bij {code}")
    return Gebied(soort, code, naam[:120], code[2:6], jaar, kenmerken_van(props),
                  vlak(obj.geometrie(), obj.plaats, rapport), obj.plaats)
