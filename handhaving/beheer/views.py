"""Functional administration: accounts and roles of the beheerder's gemeenten, audit log."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from handhaving.audit.anchor import anchor_path, verify_anchors
from handhaving.audit.services import verify_chain
from handhaving.auth.models import Rol
from handhaving.beheer import herstel, services
from handhaving.beheer.forms import (ActiveringForm, GemeenteInstellingenForm, InstellingForm, NieuweGebruikerForm,
                                     RedenForm, RolToevoegenForm)
from handhaving.bibob import api as bibob_api
from handhaving.db import get_session
from handhaving.eenmalig.views import eenmalig
from handhaving.errors import DomeinFout, OngeldigeInvoer
from handhaving.jobs import services as taak_services
from handhaving.security.policy import gemeente_ids

bp = Blueprint("beheer", __name__, template_folder="templates")


def _load(gebruiker_id: int):
    gebruiker = services.get_gebruiker(get_session(), gemeente_ids(), gebruiker_id)
    if gebruiker is None:
        abort(404)
    return gebruiker


def _gemeente_choices(form):
    form.gemeente.choices = [SelectChoice(g.id, g.naam) for g in services.gemeenten(get_session(), gemeente_ids())]


def _flash_fout(exc: DomeinFout) -> None:
    flash(exc.message, "error")


@bp.get("/gebruikers")
def gebruikers():
    session = get_session()
    return render_template("beheer/gebruikers.html", gebruikers=services.gebruikers(session, gemeente_ids()),
                           aanvragen=services.open_aanvragen(session, gemeente_ids()),
                           mag_goedkeuren=services.mag_goedkeuren,
                           herstelaanvragen=herstel.open_herstelaanvragen(session, gemeente_ids()),
                           mag_herstel_goedkeuren=herstel.mag_herstel_goedkeuren, geldig_uren=_geldig_uren())


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
@eenmalig
def nieuwe_gebruiker():
    form = NieuweGebruikerForm()
    _gemeente_choices(form)
    error = None
    if form.validate_on_submit():
        try:
            user, wachtwoord, aanvraag = services.nieuwe_gebruiker(
                get_session(), gemeente_ids(), current_user, form.gebruikersnaam.data, form.naam.data,
                form.email.data, form.gemeente.data, Rol(form.rol.data), form.reden.data)
        except DomeinFout as exc:
            error = exc.message
        else:
            # Shown once, on this page only (never in a cookie or the audit log).
            # Location: where a second submit of this form is sent (the password is not shown again).
            return render_template("beheer/aangemaakt.html", gebruiker=user, wachtwoord=wachtwoord,
                                   aanvraag=aanvraag), 201, {"Location": url_for("beheer.gebruiker",
                                                                                 gebruiker_id=user.id)}
    elif request.method == "POST":
        error = "Controleer de gemarkeerde velden."
    return render_template("beheer/nieuwe_gebruiker.html", form=form, error=error,
                           vier_ogen=services.vier_ogen_rollen()), (422 if error else 200)


@bp.get("/gebruikers/<int:gebruiker_id>")
def gebruiker(gebruiker_id: int):
    session = get_session()
    user = _load(gebruiker_id)
    rol_form = RolToevoegenForm()
    _gemeente_choices(rol_form)
    return render_template("beheer/gebruiker.html", gebruiker=user, rol_form=rol_form,
                           activering_form=ActiveringForm(), reden_form=RedenForm(),
                           eigen_gemeenten=set(gemeente_ids()),
                           andere_gemeenten=services.andere_gemeenten(session, gemeente_ids(), user),
                           aanvragen=services.open_aanvragen(session, gemeente_ids(), user.id),
                           mag_goedkeuren=services.mag_goedkeuren, vier_ogen=services.vier_ogen_rollen(),
                           herstelaanvragen=herstel.open_herstelaanvragen(session, gemeente_ids(), user.id),
                           mag_herstel_goedkeuren=herstel.mag_herstel_goedkeuren, geldig_uren=_geldig_uren(),
                           herstel_vier_ogen=herstel.vraagt_vier_ogen(session, user),
                           **_bibob_mandaten(session, user))


def _bibob_mandaten(session, user) -> dict:
    """The user's Bibob mandates in the beheerder's gemeenten, and where one can be granted."""
    eigen = gemeente_ids()
    mandaten = bibob_api.mandaten(session, current_user, eigen, user.id)
    actief = {m.gemeente_id for m in mandaten if m.ingetrokken_op is None}
    rollen = user.rollen_per_gemeente()
    gemeenten = services.gemeenten(session, eigen)
    kan = [g for g in gemeenten if Rol.VERGUNNINGVERLENER in rollen.get(g.id, set()) and g.id not in actief]
    return {"bibob_mandaten": mandaten, "bibob_mandaat_gemeenten": kan,
            "bibob_gemeente_namen": {g.id: g.naam for g in gemeenten}}


def _terug(gebruiker):
    return redirect(url_for("beheer.gebruiker", gebruiker_id=gebruiker.id))


@bp.post("/gebruikers/<int:gebruiker_id>/activering")
def activering(gebruiker_id: int):
    gebruiker = _load(gebruiker_id)
    form = ActiveringForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(errors[0], "error")
        return _terug(gebruiker)
    actief = form.actie.data == "activeren"
    try:
        ended = services.activering(get_session(), gemeente_ids(), current_user, gebruiker, actief, form.reden.data)
    except DomeinFout as exc:
        _flash_fout(exc)
        return _terug(gebruiker)
    flash(f"{gebruiker.naam} is {'geactiveerd' if actief else 'gedeactiveerd'}"
          + (f"; {ended} open sessie(s) beëindigd." if ended else "."), "success")
    return _terug(gebruiker)


@bp.post("/gebruikers/<int:gebruiker_id>/rollen")
@eenmalig
def rol_toevoegen(gebruiker_id: int):
    gebruiker = _load(gebruiker_id)
    form = RolToevoegenForm()
    _gemeente_choices(form)
    if not form.validate_on_submit():
        flash("Kies een gemeente en een rol.", "error")
        return _terug(gebruiker)
    try:
        aanvraag = services.rol_toevoegen(get_session(), gemeente_ids(), current_user, gebruiker,
                                          form.gemeente.data, Rol(form.rol.data), form.reden.data)
    except DomeinFout as exc:
        _flash_fout(exc)
    else:
        if aanvraag is not None:
            flash(f"De rol {aanvraag.rol.label} is aangevraagd. Hij wordt actief als een tweede beheerder van "
                  f"{aanvraag.gemeente.naam} hem goedkeurt.", "info")
        else:
            flash(f"Rol toegekend aan {gebruiker.naam}.", "success")
    return _terug(gebruiker)


@bp.post("/gebruikers/<int:gebruiker_id>/rollen/<int:toewijzing_id>/intrekken")
def rol_intrekken(gebruiker_id: int, toewijzing_id: int):
    gebruiker = _load(gebruiker_id)
    try:
        services.rol_intrekken(get_session(), gemeente_ids(), gebruiker, toewijzing_id)
    except DomeinFout as exc:
        _flash_fout(exc)
    else:
        flash(f"Rol ingetrokken; dit geldt direct voor {gebruiker.naam}.", "success")
    return _terug(gebruiker)


@bp.post("/gebruikers/<int:gebruiker_id>/bibob-mandaat")
@eenmalig
def bibob_mandaat_verlenen(gebruiker_id: int):
    """Record a vergunningverlener's Bibob mandate (the mandaatbesluit) in one of the beheerder's gemeenten."""
    gebruiker = _load(gebruiker_id)
    gemeente_id = request.form.get("gemeente", type=int)
    try:
        bibob_api.verleen_mandaat(get_session(), current_user, gemeente_ids(), gemeente_id, gebruiker,
                                  request.form.get("besluit", ""))
    except DomeinFout as exc:
        _flash_fout(exc)
    else:
        flash(f"Bibob-mandaat vastgelegd voor {gebruiker.naam}; dit geldt direct.", "success")
    return _terug(gebruiker)


@bp.post("/bibob-mandaten/<int:mandaat_id>/intrekken")
def bibob_mandaat_intrekken(mandaat_id: int):
    mandaat = bibob_api.mandaat(get_session(), current_user, gemeente_ids(), mandaat_id)
    if mandaat is None:
        abort(404)
    try:
        bibob_api.trek_mandaat_in(get_session(), current_user, gemeente_ids(), mandaat.id)
    except DomeinFout as exc:
        _flash_fout(exc)
    else:
        flash(f"Bibob-mandaat van {mandaat.gebruiker_naam} ingetrokken; dit geldt direct.", "success")
    return redirect(url_for("beheer.gebruiker", gebruiker_id=mandaat.gebruiker_id))


def _load_aanvraag(aanvraag_id: int):
    aanvraag = services.get_open_aanvraag(get_session(), gemeente_ids(), aanvraag_id)
    if aanvraag is None:
        abort(404)
    return aanvraag


@bp.post("/rolaanvragen/<int:aanvraag_id>/goedkeuren")
def aanvraag_goedkeuren(aanvraag_id: int):
    aanvraag = _load_aanvraag(aanvraag_id)
    try:
        deel = services.aanvraag_goedkeuren(get_session(), current_user, aanvraag)
    except DomeinFout as exc:
        _flash_fout(exc)
    else:
        if deel is not None:
            # A new account: part 2 of its first password, shown once to the approver.
            return render_template("beheer/herstel_deel.html", gebruiker=aanvraag.gebruiker, aanvraag=aanvraag,
                                   deel=deel, nummer=2, nieuw=True)
        flash(f"Goedgekeurd: {aanvraag.gebruiker.naam} is nu {aanvraag.rol.label.lower()} in "
              f"{aanvraag.gemeente.naam}.", "success")
    return _terug(aanvraag.gebruiker)


@bp.post("/rolaanvragen/<int:aanvraag_id>/afwijzen")
def aanvraag_afwijzen(aanvraag_id: int):
    aanvraag = _load_aanvraag(aanvraag_id)
    reden = _reden_or_flash()
    if reden is not None:
        services.aanvraag_afwijzen(get_session(), current_user, aanvraag, reden)
        flash(f"De aanvraag voor {aanvraag.rol.label.lower()} is afgewezen.", "success")
    return _terug(aanvraag.gebruiker)


def _reden_or_flash():
    form = RedenForm()
    if form.validate_on_submit():
        return form.reden.data
    for errors in form.errors.values():
        flash(errors[0], "error")
    return None


@bp.post("/gebruikers/<int:gebruiker_id>/wachtwoord")
def wachtwoord_herstellen(gebruiker_id: int):
    """Refusals (scope, own account, a request already waiting) go to the one error handler."""
    gebruiker = _load(gebruiker_id)
    reden = _reden_or_flash()
    if reden is None:
        return _terug(gebruiker)
    uitkomst = herstel.wachtwoord_herstellen(get_session(), gemeente_ids(), current_user, gebruiker, reden)
    if uitkomst.aanvraag is not None:
        # Part 1 only, shown once on this page (never in a cookie, the database log or the audit log).
        return render_template("beheer/herstel_deel.html", gebruiker=gebruiker, aanvraag=uitkomst.aanvraag,
                               deel=uitkomst.deel, nummer=1, geldig_uren=_geldig_uren())
    return render_template("beheer/aangemaakt.html", gebruiker=gebruiker, wachtwoord=uitkomst.wachtwoord,
                           hersteld=True)


@bp.post("/gebruikers/<int:gebruiker_id>/tweede-factor")
def tweede_factor_herstellen(gebruiker_id: int):
    gebruiker = _load(gebruiker_id)
    reden = _reden_or_flash()
    if reden is None:
        return _terug(gebruiker)
    uitkomst = herstel.tweede_factor_herstellen(get_session(), gemeente_ids(), current_user, gebruiker, reden)
    if uitkomst.aanvraag is not None:
        flash(f"Aangevraagd: de tweede inlogstap van {gebruiker.naam} wordt hersteld zodra een tweede beheerder "
              f"dit goedkeurt (binnen {_geldig_uren()} uur). Tot dan werkt de huidige authenticator-app.", "info")
    else:
        flash(f"De tweede inlogstap van {gebruiker.naam} is hersteld; bij de volgende keer inloggen koppelt "
              "de gebruiker een nieuwe authenticator-app.", "success")
    return _terug(gebruiker)


def _geldig_uren() -> int:
    return int(herstel.GELDIG.total_seconds() // 3600)


def _load_herstel(herstel_id: int):
    aanvraag = herstel.get_herstelaanvraag(get_session(), gemeente_ids(), herstel_id)
    if aanvraag is None:
        abort(404)
    return aanvraag


@bp.post("/herstelaanvragen/<int:herstel_id>/goedkeuren")
def herstel_goedkeuren(herstel_id: int):
    aanvraag = _load_herstel(herstel_id)
    gebruiker = aanvraag.gebruiker
    deel = herstel.herstel_goedkeuren(get_session(), gemeente_ids(), current_user, aanvraag)
    if deel is None:
        flash(f"Goedgekeurd: de tweede inlogstap van {gebruiker.naam} is hersteld; bij de volgende keer inloggen "
              "koppelt de gebruiker een nieuwe authenticator-app.", "success")
        return _terug(gebruiker)
    return render_template("beheer/herstel_deel.html", gebruiker=gebruiker, aanvraag=aanvraag, deel=deel,
                           nummer=2, geldig_uren=_geldig_uren())


@bp.post("/herstelaanvragen/<int:herstel_id>/afwijzen")
def herstel_afwijzen(herstel_id: int):
    aanvraag = _load_herstel(herstel_id)
    form = RedenForm()
    if not form.validate_on_submit():
        raise OngeldigeInvoer(next(iter(form.errors.values()))[0])
    status = herstel.herstel_afwijzen(get_session(), current_user, aanvraag, form.reden.data)
    flash(f"De aanvraag ‘{aanvraag.soort.label.lower()}’ voor {aanvraag.gebruiker.naam} is "
          f"{status.label.lower()}.", "success")
    return _terug(aanvraag.gebruiker)


def _eigen_gemeente(gemeente_id: int):
    gemeente = next((g for g in services.gemeenten(get_session(), gemeente_ids()) if g.id == gemeente_id), None)
    if gemeente is None:
        abort(404)
    return gemeente


def _gemeenten_pagina(fout: dict | None = None, status: int = 200):
    session = get_session()
    lijst = services.gemeenten(session, gemeente_ids())
    return render_template("beheer/gemeenten.html", gemeenten=lijst,
                           forms={g.id: GemeenteInstellingenForm(prefix=f"g{g.id}", mfa_alle_rollen=g.mfa_alle_rollen)
                                  for g in lijst},
                           instellingen={g.id: services.instellingen_overzicht(session, g) for g in lijst},
                           fout=fout or {}), status


@bp.get("/gemeenten")
def gemeenten():
    return _gemeenten_pagina()


@bp.post("/gemeenten/<int:gemeente_id>")
def gemeente_instellingen(gemeente_id: int):
    gemeente = _eigen_gemeente(gemeente_id)
    form = GemeenteInstellingenForm(prefix=f"g{gemeente.id}")
    if form.validate_on_submit():
        services.mfa_alle_rollen_instellen(get_session(), gemeente, form.mfa_alle_rollen.data, form.reden.data)
        flash(f"Instellingen van {gemeente.naam} opgeslagen.", "success")
    else:
        for errors in form.errors.values():
            flash(errors[0], "error")
    return redirect(url_for("beheer.gemeenten"))


@bp.post("/gemeenten/<int:gemeente_id>/instellingen/<sleutel>")
def instelling_wijzigen(gemeente_id: int, sleutel: str):
    gemeente = _eigen_gemeente(gemeente_id)
    form = InstellingForm()
    melding = None
    if form.validate_on_submit():
        try:
            services.instelling_wijzigen(get_session(), current_user, gemeente, sleutel, form.waarde.data,
                                         form.reden.data)
        except DomeinFout as exc:
            melding = exc.message
        else:
            flash(f"Instelling opgeslagen voor {gemeente.naam}.", "success")
            return redirect(url_for("beheer.gemeenten") + f"#i-{gemeente.id}-{sleutel}")
    else:
        melding = next(iter(form.errors.values()))[0]
    # The page again, with the message at the field and what was typed kept.
    return _gemeenten_pagina({"gemeente_id": gemeente.id, "sleutel": sleutel, "melding": melding,
                              "waarde": form.waarde.data or "", "reden": form.reden.data or ""}, 422)


@bp.get("/auditlog")
def auditlog():
    session = get_session()
    return render_template("beheer/auditlog.html", regels=services.recente_auditregels(session, gemeente_ids()),
                           controle=verify_chain(session), totaal=services.aantal_auditregels(session),
                           ankers=verify_anchors(session, anchor_path(current_app.config)))


@bp.get("/taken")
def taken():
    """Background jobs of the beheerder's gemeenten: failed ones first, then the latest."""
    session = get_session()
    return render_template("beheer/taken.html",
                           mislukt=taak_services.mislukte_taken(session, gemeente_ids(), current_user.id),
                           recent=taak_services.recente_taken(session, gemeente_ids(), current_user.id),
                           kan_opnieuw=taak_services.kan_opnieuw, omschrijving=taak_services.omschrijving)


@bp.post("/taken/<int:taak_id>/opnieuw")
def taak_opnieuw(taak_id: int):
    taak = taak_services.get_taak_voor_beheer(get_session(), gemeente_ids(), current_user.id, taak_id)
    if taak is None:
        abort(404)
    try:
        taak_services.opnieuw_aanbieden(get_session(), current_user, taak)
    except DomeinFout as exc:
        _flash_fout(exc)
    else:
        flash(f"Taak {taak.id} ({taak.naam}) staat weer in de wachtrij.", "success")
    return redirect(url_for("beheer.taken"))
