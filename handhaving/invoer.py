"""Bounded reading of input: whole numbers, decimals, dates and JSON bodies.

One place decides what a plausible value is, so that no view or service meets an
integer beyond 64 bits, a NaN, a date in year 9999 or JSON nested a thousand deep.
The database and Python's date arithmetic fail on such values with a server error
deep down; here they become a refusal with a Dutch message.

* ``Parameters``: ``request.args`` / ``request.form`` (and ``AlleParameters``:
  ``request.values``) whose ``get(..., type=int|float)``
  refuses out-of-range numbers (400) instead of passing them on.
* ``Datumbereik``: the plausible range of one kind of date, with its message; used by
  query filters (``lees_datum``), form fields (``BinnenBereik``) and the sync JSON.
* ``JsonMetGrenzen``: the app's JSON parser, with a size and depth limit and without
  NaN/Infinity.
"""
from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from flask.json.provider import DefaultJSONProvider
from werkzeug.datastructures import CombinedMultiDict, ImmutableMultiDict
from wtforms.validators import StopValidation

from handhaving.errors import OngeldigeInvoer, OngeldigVerzoek
from handhaving.tijd import vandaag

# Ids are 32-bit on both databases; no count, page or year in a query comes near this.
MAX_GETAL = 2**31 - 1
MIN_GETAL = -MAX_GETAL
# A JSON body: the tablet's largest bundle is well under this (photos go in separate parts).
MAX_JSON_BYTES = 4 * 1024 * 1024
MAX_JSON_DIEPTE = 32


# ---------------------------------------------------------------------------- numbers

def begrensd_getal(tekst, veld: str = "Een getal") -> int:
    """Text → int within ±(2**31-1); ValueError if not a number, OngeldigVerzoek if out of range."""
    waarde = int(tekst)
    if not MIN_GETAL <= waarde <= MAX_GETAL:
        raise OngeldigVerzoek(f"{veld} in het verzoek is te groot of te klein.")
    return waarde


def id_of_none(waarde) -> int | None:
    """A record id from a form or select: digits only, 1 … 2**31-1; anything else is no id (None)."""
    tekst = "" if waarde is None else str(waarde).strip()
    if not (tekst.isascii() and tekst.isdigit()) or len(tekst) > 10:
        return None
    getal = int(tekst)
    return getal if 0 < getal <= MAX_GETAL else None


def eindig_getal(tekst, veld: str = "Een getal") -> float:
    """Text → finite float; NaN and ±inf (also 1e309) are refused (400)."""
    waarde = float(tekst)
    if not math.isfinite(waarde):
        raise OngeldigVerzoek(f"{veld} in het verzoek is geen eindig getal.")
    return waarde


class Parameters(ImmutableMultiDict):
    """Query and form parameters: ``type=int`` and ``type=float`` are bounded.

    Werkzeug returns the default for text that is no number (ValueError); a number out of
    range is not a typo but a crafted request, and answered with 400 and a Dutch message.
    """

    @staticmethod
    def _begrensd(type):
        if type is int:
            return begrensd_getal
        if type is float:
            return eindig_getal
        return type

    def get(self, key, default=None, type=None):
        return super().get(key, default, self._begrensd(type))

    def getlist(self, key, type=None):
        return super().getlist(key, self._begrensd(type))


def json_geheel(waarde, veld: str) -> int:
    """A whole number from a JSON body (number or digits): 0 … 2**31-1, else 422 with ``veld`` named."""
    if isinstance(waarde, bool) or not isinstance(waarde, (int, str)):
        raise OngeldigeInvoer(f"{veld} ontbreekt of is geen getal.")
    try:
        getal = int(waarde)
    except ValueError:
        raise OngeldigeInvoer(f"{veld} is geen getal.") from None
    if not 0 <= getal <= MAX_GETAL:
        raise OngeldigeInvoer(f"{veld} is geen geldig nummer (0 tot en met {MAX_GETAL}).")
    return getal


def json_getal(waarde, veld: str, laagst: float, hoogst: float) -> float | None:
    """A decimal from a JSON body: None if absent, finite and within [laagst, hoogst], else 422."""
    if waarde is None or waarde == "" or isinstance(waarde, bool):
        return None
    try:
        getal = float(waarde)
    except (TypeError, ValueError, OverflowError):
        raise OngeldigeInvoer(f"{veld} is geen getal.") from None
    if not (math.isfinite(getal) and laagst <= getal <= hoogst):
        raise OngeldigeInvoer(f"{veld} moet een getal tussen {laagst:g} en {hoogst:g} zijn.")
    return getal


class AlleParameters(CombinedMultiDict):
    """``request.values`` (query and form together), bounded like ``Parameters``."""

    def get(self, key, default=None, type=None):
        return super().get(key, default, Parameters._begrensd(type))

    def getlist(self, key, type=None):
        return super().getlist(key, Parameters._begrensd(type))


# ---------------------------------------------------------------------------- dates

Grens = date | Callable[[], date]


def jaren_vanaf_vandaag(jaren: int) -> Callable[[], date]:
    def grens() -> date:
        d = vandaag()
        return d.replace(year=d.year + jaren, day=min(d.day, 28))
    return grens


@dataclass(frozen=True)
class Datumbereik:
    """The plausible dates for one kind of field; bounds may depend on today."""

    vroegst: Grens
    laatst: Grens
    waarom: str = ""

    def grenzen(self) -> tuple[date, date]:
        return tuple(g() if callable(g) else g for g in (self.vroegst, self.laatst))  # type: ignore[return-value]

    def fout(self, waarde: date, label: str) -> str | None:
        """The Dutch message if ``waarde`` is outside the range, else None."""
        vroegst, laatst = self.grenzen()
        if vroegst <= waarde <= laatst:
            return None
        return (f"{label} ({waarde:%d-%m-%Y}) ligt niet tussen {vroegst:%d-%m-%Y} en {laatst:%d-%m-%Y}"
                f"{self.waarom}. Controleer de datum.")

    def controleer(self, waarde: date | None, label: str) -> date | None:
        """``waarde`` unchanged, or OngeldigeInvoer (422) with the message."""
        if waarde is not None and (melding := self.fout(waarde, label)):
            raise OngeldigeInvoer(melding)
        return waarde


# Filters on lists and map layers: wide, but far from the ends of Python's calendar.
FILTER = Datumbereik(date(1900, 1, 1), jaren_vanaf_vandaag(100))
# Something that has happened (a tip received, a decision taken): not in the future.
VERLEDEN = Datumbereik(date(1900, 1, 1), vandaag, " (de datum mag niet in de toekomst liggen)")
# A tip or signal on a Bibob file: these files exist digitally since the Wet Bibob (2003).
TIP = Datumbereik(date(2000, 1, 1), vandaag, " (niet vóór 2000 en niet in de toekomst)")
# A step of a Bibob file: since the Wet Bibob; tomorrow is allowed (a step entered just after midnight UTC).
BIBOB_STAP = Datumbereik(date(2000, 1, 1), lambda: vandaag() + timedelta(days=1),
                         " (niet vóór 2000 en niet in de toekomst)")
# A controle is planned at most two years ahead (and not decades back).
GEPLAND = Datumbereik(jaren_vanaf_vandaag(-10), jaren_vanaf_vandaag(2), " (hoogstens twee jaar vooruit)")
# Dates of a relation, a birth, a registration: people and companies in the records of today.
LEVEN = Datumbereik(date(1900, 1, 1), jaren_vanaf_vandaag(50))
# Permit dates (application, decision, start, expiry): expiry may lie decades ahead.
VERGUNNING = Datumbereik(date(1950, 1, 1), jaren_vanaf_vandaag(100))


def lees_datum(tekst: str | None, veld: str, bereik: Datumbereik = FILTER) -> date | None:
    """A ``jjjj-mm-dd`` query parameter → date within ``bereik``, None if empty, else 400."""
    if not tekst:
        return None
    try:
        waarde = date.fromisoformat(tekst.strip())
    except ValueError:
        raise OngeldigVerzoek(f"‘{veld}’ is geen datum (jjjj-mm-dd).") from None
    if melding := bereik.fout(waarde, f"De datum ‘{veld}’"):
        raise OngeldigVerzoek(melding)
    return waarde


class BinnenBereik:
    """WTForms validator: the field's date lies in ``bereik`` (the form is shown again)."""

    def __init__(self, bereik: Datumbereik):
        self.bereik = bereik

    def __call__(self, form, field):
        if field.data is not None and (melding := self.bereik.fout(field.data, field.label.text)):
            raise StopValidation(melding)


# ---------------------------------------------------------------------------- JSON

def _geen_constante(naam: str):
    raise ValueError(f"{naam} is geen geldig JSON-getal")


def _diepte(obj) -> int:
    """Nesting depth, without recursion (the parser already bounds it by the stack)."""
    diepte, laag = 0, [obj]
    while laag:
        diepte += 1
        volgende = []
        for x in laag:
            if isinstance(x, dict):
                volgende.extend(x.values())
            elif isinstance(x, list):
                volgende.extend(x)
        laag = [x for x in volgende if isinstance(x, (dict, list))]
        if diepte > MAX_JSON_DIEPTE:
            break
    return diepte


class JsonMetGrenzen(DefaultJSONProvider):
    """The app's JSON provider: every ``request.get_json`` goes through ``loads``.

    A ValueError is what Flask turns into 400 (or ``None`` with ``silent=True``).
    """

    def loads(self, s, **kwargs):
        if len(s) > MAX_JSON_BYTES:
            raise ValueError("JSON te groot")
        try:
            obj = json.loads(s, parse_constant=_geen_constante, **kwargs)
        except RecursionError:
            raise ValueError("JSON te diep genest") from None
        if _diepte(obj) > MAX_JSON_DIEPTE:
            raise ValueError("JSON te diep genest")
        return obj
