"""Opening a Bibob dossier (art. 28): a reason first, an audit row for every read.

The view remembers for a short while which dossiers a user opened, and with which reason (in the
server-side session), so the next page of the same dossier does not ask again; each page read
is still one audit row, and a read that shows the dossier's content carries that reason.
"""
from __future__ import annotations

import time

from flask import session as web_session

from handhaving.audit import services as audit
from handhaving.bibob.acties import BibobActie
from handhaving.errors import OngeldigeInvoer

GELDIG_SECONDEN = 30 * 60
SLEUTEL = "bibob_inzage"


def open_met_reden(o, reden: str) -> None:
    """:raise OngeldigeInvoer: no (meaningful) reason; nothing is opened."""
    reden = " ".join((reden or "").split())
    if len(reden) < 5:
        raise OngeldigeInvoer("Geef de reden waarom u dit Bibob-dossier opent (bijvoorbeeld de aanvraag waarvoor u "
                              "het nodig hebt). Elke inzage wordt vastgelegd.")
    if len(reden) > 300:
        raise OngeldigeInvoer("De reden is maximaal 300 tekens.")
    audit.record_security_event(BibobActie.GEOPEND, audit.SUCCES, object_type="bibob_onderzoek", object_id=o.id,
                                gemeente_id=o.gemeente_id, reden=reden)
    geopend = dict(web_session.get(SLEUTEL) or {})
    geopend[str(o.id)] = [time.time(), reden]
    web_session[SLEUTEL] = geopend


def _geopend(o) -> tuple[float, str | None] | None:
    waarde = (web_session.get(SLEUTEL) or {}).get(str(o.id))
    if waarde is None:
        return None
    # A session from before the reason was kept holds only the moment.
    t, reden = (waarde[0], waarde[1]) if isinstance(waarde, (list, tuple)) else (waarde, None)
    return (t, reden) if time.time() - t < GELDIG_SECONDEN else None


def is_geopend(o) -> bool:
    return _geopend(o) is not None


def reden(o) -> str | None:
    """The reason this dossier was opened with, while it is open."""
    geopend = _geopend(o)
    return geopend[1] if geopend else None


def gelezen(o, weergave: str, reden: str | None = None) -> None:
    """One audit row per read of the dossier (a page, a document, an export, a list naming it),
    with the reason when the read shows its content."""
    audit.record_security_event(BibobActie.GELEZEN, audit.SUCCES, object_type="bibob_onderzoek", object_id=o.id,
                                gemeente_id=o.gemeente_id, reden=reden, details={"weergave": weergave})
