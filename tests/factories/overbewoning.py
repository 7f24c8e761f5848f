"""BRP counts (Bewoning) and BRP files for the overbewoning tests."""
from __future__ import annotations

from datetime import date

from handhaving.overbewoning.models import Bewoning

KOP = "nummeraanduiding_id;peildatum;personen;volwassenen;huishoudens;achternamen;inschrijvingen_12m"


def bewoning(session, vbo, personen: int, *, peildatum: date = date(2026, 11, 30), actueel: bool = True,
             **tellingen) -> Bewoning:
    """A count for ``vbo`` on ``peildatum``; only flushes."""
    b = Bewoning(gemeente_id=vbo.gemeente_id, verblijfsobject_id=vbo.id, peildatum=peildatum, personen=personen,
                 actueel=actueel, **tellingen)
    session.add(b)
    session.flush()
    return b


def brp_csv(*regels: str, kop: str = KOP) -> bytes:
    """A BRP file from ``;``-separated rows under the standard header."""
    return ("\n".join([kop, *regels]) + "\n").encode("utf-8")
