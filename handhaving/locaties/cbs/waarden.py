"""CBS statistic values with their negative sentinels, for display and arithmetic.

CBS writes codes instead of figures where a figure is withheld or missing
(data-formats.md §2): ``-99995`` (geheim, privacy), ``-99997`` (onbekend),
and in older deliveries eight-digit variants such as ``-99999999``. They are
stored as delivered in ``kenmerken``; everything that shows, sums or averages
a figure goes through this module so a sentinel never appears as a number.
Imports nothing of the app, so templates and reports can use it freely.
"""
from __future__ import annotations

from collections.abc import Iterable
from numbers import Real

# No real CBS wijk/buurt figure comes near this; every value at or below it is a code.
SENTINEL_GRENS = -99990

GEHEIM, ONBEKEND, NVT = "geheim", "onbekend", "n.v.t."
SENTINEL_LABELS: dict[int, str] = {
    -99995: GEHEIM,
    -99997: ONBEKEND,
    -99996: NVT,
    -99998: NVT,
    -99999999: GEHEIM,
    -99999997: ONBEKEND,
    -99999998: NVT,
}


def _number(value) -> float | int | None:
    """A real number (bool excluded), or a numeric string as CSV-like sources give it."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Real):
        return value
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            return None
        return int(number) if number.is_integer() else number
    return None


def is_sentinel(value) -> bool:
    """True for a CBS code in place of a figure (any number at or below -99990)."""
    number = _number(value)
    return number is not None and number <= SENTINEL_GRENS


def label(value) -> str | None:
    """'geheim', 'onbekend' or 'n.v.t.' for a sentinel; None for anything else."""
    if not is_sentinel(value):
        return None
    return SENTINEL_LABELS.get(int(_number(value)), ONBEKEND)


def getal(value) -> float | int | None:
    """The figure to compute with: None for a sentinel, an empty or a non-numeric value."""
    number = _number(value)
    if number is None or number <= SENTINEL_GRENS:
        return None
    return number


def getallen(values: Iterable) -> list[float | int]:
    """Only the real figures of ``values`` (for sums, averages, charts)."""
    return [n for n in (getal(v) for v in values) if n is not None]


def gemiddelde(values: Iterable) -> float | None:
    """Mean of the real figures; None when there are none (never averages a sentinel)."""
    numbers = getallen(values)
    return sum(numbers) / len(numbers) if numbers else None


def toon(value, leeg: str = "–") -> str:
    """Dutch display text: a label for a sentinel, ``leeg`` for nothing, else the
    figure in Dutch notation (1.234 / 12,5). Usable as a Jinja filter."""
    sentinel = label(value)
    if sentinel is not None:
        return sentinel
    number = getal(value)
    if number is None:
        return leeg if value is None or value == "" else str(value)
    if isinstance(number, float) and not number.is_integer():
        text = f"{number:,.1f}"
    else:
        text = f"{int(number):,d}"
    # English grouping to Dutch: 1,234.5 → 1.234,5
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
