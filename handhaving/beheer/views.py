from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from handhaving.audit.services import verify_chain
from handhaving.auth import services as auth_services
from handhaving.beheer import services
from handhaving.beheer.forms import ActiveringForm
from handhaving.db import get_session
from handhaving.security.policy import gemeente_ids

bp = Blueprint("beheer", __name__, template_folder="templates")


@bp.get("/gebruikers")
def gebruikers():
    return render_template("beheer/gebruikers.html", gebruikers=services.gebruikers(get_session(), gemeente_ids()),
                           form=ActiveringForm())


@bp.post("/gebruikers/<int:gebruiker_id>/activering")
def activering(gebruiker_id: int):
    session = get_session()
    gebruiker = services.get_gebruiker(session, gemeente_ids(), gebruiker_id)
    if gebruiker is None:
        abort(404)
    form = ActiveringForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(errors[0], "error")
        return redirect(url_for("beheer.gebruikers"))
    if gebruiker.id == current_user.id:
        flash("U kunt uw eigen account niet deactiveren.", "error")
        return redirect(url_for("beheer.gebruikers"))
    actief = form.actie.data == "activeren"
    ended = auth_services.set_active(session, gebruiker, actief, form.reden.data)
    flash(f"{gebruiker.naam} is {'geactiveerd' if actief else 'gedeactiveerd'}"
          + (f"; {ended} open sessie(s) beëindigd." if ended else "."), "success")
    return redirect(url_for("beheer.gebruikers"))


@bp.get("/auditlog")
def auditlog():
    session = get_session()
    return render_template("beheer/auditlog.html", regels=services.recente_auditregels(session, gemeente_ids()),
                           controle=verify_chain(session), totaal=services.aantal_auditregels(session))
