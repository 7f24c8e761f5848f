"""Functional administration: accounts and roles of the beheerder's gemeenten, audit log."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from handhaving.audit.services import verify_chain
from handhaving.auth import services as auth_services
from handhaving.auth.models import Rol
from handhaving.beheer import services
from handhaving.beheer.forms import (ActiveringForm, GemeenteInstellingenForm, NieuweGebruikerForm, RedenForm,
                                     RolToevoegenForm)
from handhaving.db import get_session
from handhaving.security.policy import gemeente_ids

bp = Blueprint("beheer", __name__, template_folder="templates")


def _load(gebruiker_id: int):
    gebruiker = services.get_gebruiker(get_session(), gemeente_ids(), gebruiker_id)
    if gebruiker is None:
        abort(404)
    return gebruiker


def _gemeente_choices(form):
    form.gemeente.choices = [SelectChoice(g.id, g.naam) for g in services.gemeenten(get_session(), gemeente_ids())]


@bp.get("/gebruikers")
def gebruikers():
    return render_template("beheer/gebruikers.html", gebruikers=services.gebruikers(get_session(), gemeente_ids()))


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
def nieuwe_gebruiker():
    form = NieuweGebruikerForm()
    _gemeente_choices(form)
    error = None
    if form.validate_on_submit():
        user, wachtwoord, error = services.nieuwe_gebruiker(
            get_session(), gemeente_ids(), form.gebruikersnaam.data, form.naam.data, form.email.data,
            form.gemeente.data, Rol(form.rol.data))
        if user is not None:
            # Shown once, on this page only (never in a cookie or the audit log).
            return render_template("beheer/aangemaakt.html", gebruiker=user, wachtwoord=wachtwoord), 201
    elif request.method == "POST":
        error = "Controleer de gemarkeerde velden."
    return render_template("beheer/nieuwe_gebruiker.html", form=form, error=error), (422 if error else 200)


@bp.get("/gebruikers/<int:gebruiker_id>")
def gebruiker(gebruiker_id: int):
    user = _load(gebruiker_id)
    rol_form = RolToevoegenForm()
    _gemeente_choices(rol_form)
    return render_template("beheer/gebruiker.html", gebruiker=user, rol_form=rol_form,
                           activering_form=ActiveringForm(), reden_form=RedenForm(),
                           eigen_gemeenten=set(gemeente_ids()))


@bp.post("/gebruikers/<int:gebruiker_id>/activering")
def activering(gebruiker_id: int):
    gebruiker = _load(gebruiker_id)
    form = ActiveringForm()
    back = redirect(url_for("beheer.gebruiker", gebruiker_id=gebruiker.id))
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(errors[0], "error")
        return back
    if gebruiker.id == current_user.id:
        flash("U kunt uw eigen account niet deactiveren.", "error")
        return back
    actief = form.actie.data == "activeren"
    ended = auth_services.set_active(get_session(), gebruiker, actief, form.reden.data)
    flash(f"{gebruiker.naam} is {'geactiveerd' if actief else 'gedeactiveerd'}"
          + (f"; {ended} open sessie(s) beëindigd." if ended else "."), "success")
    return back


@bp.post("/gebruikers/<int:gebruiker_id>/rollen")
def rol_toevoegen(gebruiker_id: int):
    gebruiker = _load(gebruiker_id)
    form = RolToevoegenForm()
    _gemeente_choices(form)
    if not form.validate_on_submit():
        flash("Kies een gemeente en een rol.", "error")
    else:
        error = services.rol_toevoegen(get_session(), gemeente_ids(), gebruiker, form.gemeente.data, Rol(form.rol.data))
        flash(error or f"Rol toegekend aan {gebruiker.naam}.", "error" if error else "success")
    return redirect(url_for("beheer.gebruiker", gebruiker_id=gebruiker.id))


@bp.post("/gebruikers/<int:gebruiker_id>/rollen/<int:toewijzing_id>/intrekken")
def rol_intrekken(gebruiker_id: int, toewijzing_id: int):
    gebruiker = _load(gebruiker_id)
    error = services.rol_intrekken(get_session(), gemeente_ids(), gebruiker, toewijzing_id)
    flash(error or f"Rol ingetrokken; dit geldt direct voor {gebruiker.naam}.", "error" if error else "success")
    return redirect(url_for("beheer.gebruiker", gebruiker_id=gebruiker.id))


def _reden_or_flash():
    form = RedenForm()
    if form.validate_on_submit():
        return form.reden.data
    for errors in form.errors.values():
        flash(errors[0], "error")
    return None


@bp.post("/gebruikers/<int:gebruiker_id>/wachtwoord")
def wachtwoord_herstellen(gebruiker_id: int):
    gebruiker = _load(gebruiker_id)
    reden = _reden_or_flash()
    if reden is None:
        return redirect(url_for("beheer.gebruiker", gebruiker_id=gebruiker.id))
    wachtwoord = services.wachtwoord_herstellen(get_session(), gebruiker, reden)
    return render_template("beheer/aangemaakt.html", gebruiker=gebruiker, wachtwoord=wachtwoord, hersteld=True)


@bp.post("/gebruikers/<int:gebruiker_id>/tweede-factor")
def tweede_factor_herstellen(gebruiker_id: int):
    gebruiker = _load(gebruiker_id)
    reden = _reden_or_flash()
    if reden is not None:
        services.tweede_factor_herstellen(get_session(), gebruiker, reden)
        flash(f"De tweede inlogstap van {gebruiker.naam} is hersteld; bij de volgende keer inloggen koppelt "
              "de gebruiker een nieuwe authenticator-app.", "success")
    return redirect(url_for("beheer.gebruiker", gebruiker_id=gebruiker.id))


@bp.get("/gemeenten")
def gemeenten():
    lijst = services.gemeenten(get_session(), gemeente_ids())
    return render_template("beheer/gemeenten.html", gemeenten=lijst,
                           forms={g.id: GemeenteInstellingenForm(prefix=f"g{g.id}",
                                                                 mfa_alle_rollen=g.mfa_alle_rollen) for g in lijst})


@bp.post("/gemeenten/<int:gemeente_id>")
def gemeente_instellingen(gemeente_id: int):
    gemeente = next((g for g in services.gemeenten(get_session(), gemeente_ids()) if g.id == gemeente_id), None)
    if gemeente is None:
        abort(404)
    form = GemeenteInstellingenForm(prefix=f"g{gemeente.id}")
    if form.validate_on_submit():
        services.mfa_alle_rollen_instellen(get_session(), gemeente, form.mfa_alle_rollen.data, form.reden.data)
        flash(f"Instellingen van {gemeente.naam} opgeslagen.", "success")
    else:
        for errors in form.errors.values():
            flash(errors[0], "error")
    return redirect(url_for("beheer.gemeenten"))


@bp.get("/auditlog")
def auditlog():
    session = get_session()
    return render_template("beheer/auditlog.html", regels=services.recente_auditregels(session, gemeente_ids()),
                           controle=verify_chain(session), totaal=services.aantal_auditregels(session))
