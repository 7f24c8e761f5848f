"""The confidential export of a Bibob dossier (Wet Bibob art. 28): a PDF that says on every page
that it is confidential, to whom it was given and on which ground of art. 28 lid 1, by whom and
when. The export is audited (``BibobActie.EXPORT``) with recipient and ground, never content.

The HTML is rendered from plain data (no request context needed) and printed by WeasyPrint, which
may load nothing but ``data:`` URLs.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from PIL import ImageFile
from sqlalchemy.orm import Session

from handhaving.audit import services as audit
from handhaving.auth.models import Gemeente
from handhaving.bibob import services
from handhaving.bibob import termijnen as tm
from handhaving.bibob.acties import BibobActie
from handhaving.bibob.forms import EXPORT_GRONDEN
from handhaving.bibob.models import BibobOnderzoek
from handhaving.errors import OngeldigeInvoer
from handhaving.tijd import vandaag

TEMPLATE = "bibob/export_pdf.html"
MARKERING = "VERTROUWELIJK – art. 28 Wet Bibob"
GRONDEN = dict(EXPORT_GRONDEN)


@dataclass(frozen=True)
class Verstrekking:
    ontvanger: str
    grond: str           # key of GRONDEN
    grond_label: str
    door: str
    op: date


def controleer(ontvanger: str, grond: str) -> tuple[str, str]:
    """:raise OngeldigeInvoer: no recipient or no ground of art. 28 lid 1."""
    ontvanger = " ".join((ontvanger or "").split())
    problemen = []
    if not ontvanger:
        problemen.append("Vul in aan wie u het dossier verstrekt (naam en organisatie). Een export zonder "
                         "ontvanger is niet toegestaan (art. 28 Wet Bibob).")
    elif len(ontvanger) > 200:
        problemen.append("Ontvanger: maximaal 200 tekens.")
    if grond not in GRONDEN:
        problemen.append("Kies de grond uit art. 28 lid 1 Wet Bibob waarop u het dossier verstrekt.")
    if problemen:
        raise OngeldigeInvoer(problemen[0], problemen)
    return ontvanger, grond


def bestandsnaam(o: BibobOnderzoek) -> str:
    veilig = "".join(c for c in o.zaaknummer if c.isalnum() or c in "-_") or str(o.id)
    return f"VERTROUWELIJK-{veilig}.pdf"


def bouw_html(session: Session, o: BibobOnderzoek, v: Verstrekking) -> str:
    """The export as one self-contained HTML document (needs an app context)."""
    p = services.perioden(session, o.gemeente_id)
    gemeente = session.get(Gemeente, o.gemeente_id)
    context = {
        "markering": MARKERING, "v": v, "o": o, "gemeente": gemeente.naam if gemeente else "",
        "termijnen": tm.termijnen(o, vandaag(), p), "hergebruik_tot": tm.hergebruik_tot(o, p),
    }
    return current_app.jinja_env.get_template(TEMPLATE).render(**context)


def bouw_pdf(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # WeasyPrint switches Pillow's LOAD_TRUNCATED_IMAGES on when imported; the upload checks
    # rely on it being off (see controles/rapport.py).
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def exporteer(session: Session, user, o: BibobOnderzoek, *, ontvanger: str, grond: str) -> bytes:
    """The PDF for this recipient and ground, audited. The caller checked that the user may open
    the dossier and opened it with a reason.

    :raise OngeldigeInvoer: no recipient or ground; nothing is made or logged.
    """
    ontvanger, grond = controleer(ontvanger, grond)
    v = Verstrekking(ontvanger=ontvanger, grond=grond, grond_label=GRONDEN[grond], door=user.naam, op=vandaag())
    pdf = bouw_pdf(bouw_html(session, o, v))
    # A security event: kept with the request's outcome whatever it is, written before the file leaves.
    audit.record_security_event(BibobActie.EXPORT, audit.SUCCES, object_type="bibob_onderzoek", object_id=o.id,
                                gemeente_id=o.gemeente_id, details={"ontvanger": ontvanger, "grond": grond})
    return pdf
