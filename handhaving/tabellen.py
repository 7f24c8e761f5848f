"""Tables that become stacked rows on a phone, without JavaScript.

``{% filter stapelbaar %}<table>…</table>{% endfilter %}`` gives the table the class
``hh-table--stapel`` and every body cell a ``data-label`` with the text of its column header, so
that below 40em the CSS (``static/css/handhaving.css``) shows each cell as "label: value". The
header stays the one source of the labels. Explicit ARIA roles keep the table a table for screen
readers once the CSS makes its parts blocks (WebKit drops table semantics on ``display: block``).
"""
from __future__ import annotations

import html
import re

from markupsafe import Markup, escape

STAPEL_KLASSE = "hh-table--stapel"
_TAG = re.compile(r"<(/?)(table|thead|tbody|tfoot|tr|th|td)\b([^>]*)>", re.IGNORECASE)
_MARKUP = re.compile(r"<[^>]*>")
_COLSPAN = re.compile(r"""\bcolspan\s*=\s*["']?(\d+)""", re.IGNORECASE)
_SCOPE_COL = re.compile(r"""\bscope\s*=\s*["']?col\b""", re.IGNORECASE)
_CLASS = re.compile(r"""\bclass\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)


def _tekst(fragment: str) -> str:
    """What a header cell says, as plain text (markup dropped, entities decoded, spaces folded)."""
    return " ".join(html.unescape(_MARKUP.sub(" ", fragment)).split())


def _met(attrs: str, naam: str, waarde: str) -> str:
    if re.search(rf"(?<![\w-]){naam}\s*=", attrs, re.IGNORECASE):
        return attrs  # the template said it itself
    return f'{attrs} {naam}="{escape(waarde)}"'


def _span(attrs: str) -> int:
    m = _COLSPAN.search(attrs)
    return max(1, int(m.group(1))) if m else 1


def stapelbaar(rendered) -> Markup:
    """The rendered table(s) with labels on their body cells; see the module docstring.

    A header cell is a ``th`` in ``thead`` or with ``scope="col"``; the last row of them names the
    columns. A table inside a cell is left as it is."""
    # Only markup that is already safe (a rendered block under autoescape) is taken as HTML.
    bron = str(rendered if hasattr(rendered, "__html__") else escape(rendered))
    uit: list[str] = []
    pos = 0
    diepte = 0
    in_kop = False
    koppen: list[str] = []      # the labels of the last header row
    rij_koppen: list[str] = []  # the header row being read
    kolom = 0
    kop: tuple[int, int] | None = None  # of the open header cell: (colspan, where its text starts)
    for m in _TAG.finditer(bron):
        sluit, tag, attrs = m.group(1), m.group(2), m.group(3)
        naam = tag.lower()
        uit.append(bron[pos:m.start()])
        pos = m.end()
        if naam == "table":
            diepte += -1 if sluit else 1
        if diepte != 1 or (naam == "table" and sluit):
            uit.append(m.group(0))
            continue
        if sluit:
            if naam == "thead":
                in_kop = False
            elif naam == "tr" and rij_koppen:
                koppen = rij_koppen
            elif naam == "th" and kop is not None:
                rij_koppen.extend([_tekst(bron[kop[1]:m.start()])] * kop[0])
                kop = None
            uit.append(m.group(0))
            continue
        if naam == "table":
            klasse = _CLASS.search(attrs)
            if klasse:
                attrs = attrs[:klasse.end(2)] + " " + STAPEL_KLASSE + attrs[klasse.end(2):]
            else:
                attrs += f' class="{STAPEL_KLASSE}"'
            attrs = _met(attrs, "role", "table")
            koppen = []
        elif naam in ("thead", "tbody", "tfoot"):
            in_kop = naam == "thead"
            attrs = _met(attrs, "role", "rowgroup")
        elif naam == "tr":
            kolom, rij_koppen = 0, []
            attrs = _met(attrs, "role", "row")
        elif naam == "th" and (in_kop or _SCOPE_COL.search(attrs)):
            kop = (_span(attrs), m.end())
            attrs = _met(attrs, "role", "columnheader")
        else:  # a body cell: td, or th scope="row"
            label = koppen[kolom] if kolom < len(koppen) else ""
            if label:
                attrs = _met(attrs, "data-label", label)
            attrs = _met(attrs, "role", "rowheader" if naam == "th" else "cell")
            kolom += _span(attrs)
        uit.append(f"<{tag}{attrs}>")
    uit.append(bron[pos:])
    # Safe markup in, with only escaped attribute values added: still safe.
    return Markup("".join(uit))  # nosec B704
