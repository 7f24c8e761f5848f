"""Import of an existing permit register: upload (header checked at once, then a dry run as a
job), the status page with progress and report, and the import itself (a second job).

Thin: the rules are in ``importeren`` (the file against the register) and ``taken`` (the jobs).
"""
from __future__ import annotations

from flask import abort, current_app, flash, g, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from handhaving.auth.models import Gemeente
from handhaving.db import get_session
from handhaving.eenmalig.views import eenmalig
from handhaving.errors import OngeldigeInvoer
from handhaving.jobs.models import TaakStatus
from handhaving.security.policy import gemeente_ids
from handhaving.vergunningen import taken
from handhaving.vergunningen.blueprint import bp
from handhaving.vergunningen.forms_import import ImportForm, UitvoerenForm
from handhaving.vergunningen.importeren_lezen import KOLOMMEN
from handhaving.verzoek import wants_json

# The file itself is stored as uploaded; a register of 5 000 permits with 20 000 voorschriften
# is about 5 MB. Below MAX_CONTENT_LENGTH, so this limit answers with its own message.
DEFAULT_MAX_BYTES = 15 * 1024 * 1024
VOORBEELD = "voorbeelden/vergunningen-voorbeeld.csv"
STAPPEN = {"lezen": "Bestand lezen", "vergelijken": "Vergelijken met het register",
           "schrijven": "Vergunningen opslaan"}
FASEN = {"proef": "Proefimport loopt", "proef_klaar": "Proefimport klaar", "uitvoeren": "Import loopt",
         "uitgevoerd": "Import klaar", "mislukt": "Mislukt"}


def _max_bytes() -> int:
    return int(current_app.config.get("VERGUNNING_IMPORT_MAX_BYTES") or DEFAULT_MAX_BYTES)


def _lees(bestand) -> bytes:
    maximum = _max_bytes()
    raw = bestand.stream.read(maximum + 1)
    if len(raw) > maximum:
        raise OngeldigeInvoer(f"Het bestand is groter dan {maximum // (1024 * 1024)} MB. Splits het register "
                              "in delen (bijvoorbeeld per soort vergunning) en importeer ze na elkaar.")
    if not raw:
        raise OngeldigeInvoer("Het bestand is leeg.")
    return raw


@bp.route("/importeren", methods=["GET", "POST"])
@eenmalig
def importeren():
    """GET: the upload form. POST: check the header, store the file, queue the dry run."""
    session = get_session()
    ids = gemeente_ids()
    gemeenten = session.execute(select(Gemeente).where(Gemeente.id.in_(ids)).order_by(Gemeente.naam)).scalars().all()
    form = ImportForm()
    form.gemeente.choices = [(gm.id, gm.naam) for gm in gemeenten]
    fout = None
    if form.validate_on_submit():
        gemeente_id = form.gemeente.data if len(ids) > 1 else ids[0]
        try:
            if gemeente_id not in ids:
                raise OngeldigeInvoer("Kies de gemeente waarvoor u het register importeert.")
            import_id = taken.vraag_proef_aan(session, current_user, gemeente_id, _lees(form.bestand.data),
                                              form.bestand.data.filename or "")
        except OngeldigeInvoer as e:
            g.rollback = True
            fout = e
        else:
            return redirect(url_for("vergunningen.import_status", import_id=import_id))
    status = 422 if request.method == "POST" else 200
    return render_template("vergunningen/importeren.html", form=form, gemeenten=gemeenten, fout=fout,
                           kolommen=KOLOMMEN, voorbeeld=VOORBEELD,
                           max_mb=_max_bytes() // (1024 * 1024)), status


def _stand(import_id: int) -> taken.ImportStand:
    stand = taken.get_import(get_session(), gemeente_ids(), import_id)
    if stand is None:
        abort(404)
    return stand


def _json(stand: taken.ImportStand) -> dict:
    v = (taken.voortgang(stand.id) or {}) if not stand.klaar else {}
    taak = stand.uitvoer_taak or stand.proef_taak
    melding = FASEN[stand.fase]
    if taak.status == TaakStatus.QUEUED and not stand.klaar:
        melding += " – wacht op de verwerking"
    elif v.get("stap"):
        melding = STAPPEN.get(v["stap"], melding)
    return {"id": stand.id, "fase": stand.fase, "klaar": stand.klaar, "melding": melding,
            "gedaan": v.get("gedaan", 0), "totaal": v.get("totaal", 0)}


@bp.get("/importeren/<int:import_id>")
def import_status(import_id: int):
    """The import's page (progress while a job runs, then the report), or its state as JSON."""
    stand = _stand(import_id)
    data = _json(stand)
    if wants_json() or request.args.get("formaat") == "json":
        return jsonify(data)
    rapport = stand.rapport() if stand.klaar else None
    return render_template("vergunningen/import_status.html", stand=stand, data=data, rapport=rapport,
                           form=UitvoerenForm(), fasen=FASEN)


@bp.post("/importeren/<int:import_id>/uitvoeren")
def import_uitvoeren(import_id: int):
    """Queue the import of a dry run without errors (once, however often it is pressed)."""
    stand = _stand(import_id)
    form = UitvoerenForm()
    if not form.validate_on_submit():
        abort(400)
    taken.vraag_uitvoering_aan(get_session(), current_user, stand)
    flash("De import is gestart. Deze pagina toont de voortgang.", "success")
    return redirect(url_for("vergunningen.import_status", import_id=import_id))
