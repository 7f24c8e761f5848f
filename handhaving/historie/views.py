"""Historie: one search over people, companies and addresses in the user's gemeenten, with
what happened before (permits, refusals, revocations, controles, findings and — only the Bibob
dossiers the user may open — which there are). Thin: validate the query, call the service, render."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from handhaving.db import get_session
from handhaving.historie import services
from handhaving.historie.forms import HistorieForm
from handhaving.historie.zoeken import Zoekvraag
from handhaving.security.policy import gemeente_ids

bp = Blueprint("historie", __name__, template_folder="templates")


@bp.get("/")
def index():
    form = HistorieForm(request.args)
    gezocht = any((request.args.get(k) or "").strip() for k in form._fields)
    uitkomst, melding = None, None
    if gezocht and form.validate():
        vraag = Zoekvraag(naam=form.naam.data or "", geboortedatum=form.geboortedatum.data,
                          kvk=form.kvk.data or None, adres=form.adres.data or "")
        if vraag.leeg:
            melding = "Vul een naam, KvK-nummer of adres in; de geboortedatum alleen maakt de zoekvraag niet af."
        else:
            uitkomst = services.zoek_historie(get_session(), current_user, gemeente_ids(), vraag)
    return render_template("historie/index.html", form=form, gezocht=gezocht, uitkomst=uitkomst, melding=melding)
