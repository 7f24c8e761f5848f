"""What the controles views share: loading a controle in the user's scope (another
gemeente's is 404), reading the version a form carried, answering JSON or a redirect, and
the context every controle page shows."""
from __future__ import annotations

from flask import abort, flash, g, jsonify, redirect, request, url_for
from flask_login import current_user
from werkzeug.routing import BuildError

from handhaving.controles import permissions, services, sjablonen, sync, vastlegging, voorschriften
from handhaving.controles.models import ControleStatus, Toegang
from handhaving.controles.workflow import UITKOMSTEN
from handhaving.db import get_session
from handhaving.security.policy import allowed, gemeente_ids
from handhaving.verzoek import wants_json


def _controle(controle_id: int):
    c = services.get_controle(get_session(), gemeente_ids(), controle_id)
    if c is None:
        abort(404)
    return c


def _kind(model, controle, kind_id: int):
    rij = get_session().get(model, kind_id)
    if rij is None or rij.controle_id != controle.id:
        abort(404)
    return rij


def _versie(form_value) -> int:
    try:
        return int(form_value)
    except (TypeError, ValueError):
        return -1


def _ongedaan():
    """A refused form is shown again with its input; nothing of the request is kept."""
    g.rollback = True


def _gemeente_keuze(ids: list[int]) -> int:
    """The gemeente a planner works in now (a ?gemeente= of their own, else the first)."""
    gekozen = request.values.get("gemeente", type=int)
    if gekozen in ids:
        return gekozen
    if not ids:
        abort(403)
    return ids[0]


def _json_of_redirect(data: dict, doel: str, melding: str | None = None, status: int = 200):
    if wants_json():
        return jsonify(data), status
    if melding:
        flash(melding, "success")
    return redirect(doel)



def _vergunning_url(vergunning) -> str | None:
    """The permit page, for who may read the register (it is another domain's page)."""
    if not allowed("vergunningen.detail"):
        return None
    try:
        return url_for("vergunningen.detail", vergunning_id=vergunning.id)
    except BuildError:
        return None


def _offline_url(controle_id: int) -> str:
    return url_for("controles.offline") + f"#controle-{controle_id}"


def _op_tablet() -> set[int]:
    """Ids of the controles this user records in the offline app (one rule: the package's)."""
    return sync.veldwerk_ids(get_session(), current_user, gemeente_ids())


def _vastleg_links(op_tablet: set[int]) -> dict:
    """Where "Vastleggen" leads: the offline app for field work on the tablet, the online
    page for the rest (office use). One page records a controle, never two."""
    def vastleg_url(controle) -> str:
        if controle.id in op_tablet:
            return _offline_url(controle.id)
        return url_for("controles.vastleggen", controle_id=controle.id)
    return {"op_tablet": op_tablet, "vastleg_url": vastleg_url}


def _aanwijzingen(session, gemeente_id):
    return sjablonen.aanwijzingen(session, gemeente_id)



def _context(c, met_sekswerkers: bool = False):
    """What every controle page shows. Sex workers' data only where the page shows it: each
    record shown is one audited read (none for pages that do not show it)."""
    session = get_session()
    personen, aantal_sw = vastlegging.personen_zonder_sekswerkers(session, c)
    toetsen = voorschriften.toetsen(session, c)
    return dict(
        # The permit voorschriften checked at this controle, and per voorschrift a short name
        # for the findings that name one.
        toetsen=toetsen, toetsen_per_vergunning=voorschriften.per_vergunning(toetsen),
        toetsen_samenvatting=voorschriften.samenvatting(toetsen),
        voorschrift_labels={t.voorschrift_id: t.label for t in toetsen}, oordelen=voorschriften.OORDELEN,
        vergunning_url=_vergunning_url,
        controle=c, mag_wijzigen=permissions.mag_wijzigen(current_user, c),
        in_team=permissions.in_team(current_user, c),
        personen=personen, aantal_sekswerkers=aantal_sw,
        sekswerkers=vastlegging.sekswerkers(session, current_user, c) if met_sekswerkers else [],
        aanwijzingen=_aanwijzingen(session, c.gemeente_id),
        uitkomsten=UITKOMSTEN, S=ControleStatus, Toegang=Toegang, **_vastleg_links(_op_tablet()))


