"""Hotspot list, planning a huisvestingscontrole from it, recording its outcome, BRP import.

Thin: load (scoped to the user's gemeenten: another gemeente's object is 404), call a
service (``services``, ``importeren``, ``taken`` for the import's background jobs), render or
redirect.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from handhaving.audit import services as audit
from handhaving.auth.models import Gemeente
from handhaving.controles import permissions as controle_permissions
from handhaving.controles import planning
from handhaving.db import get_session
from handhaving.eenmalig.views import eenmalig
from handhaving.errors import OngeldigeInvoer
from handhaving.invoer import id_of_none
from handhaving.jobs.models import TaakStatus
from handhaving.overbewoning import importeren, oppervlakte, services, taken
from handhaving.overbewoning import indicatoren as ind
from handhaving.overbewoning.acties import OverbewoningActie
from handhaving.overbewoning.forms import (BeoordeelForm, ImportForm, OppervlakteForm, PlanForm, UitvoerenForm,
                                           nieuwe_sleutel)
from handhaving.overbewoning.models import BrpImport
from handhaving.overbewoning.permissions import LEZERS
from handhaving.security.policy import gemeente_ids
from handhaving.verzoek import wants_json

bp = Blueprint("overbewoning", __name__, template_folder="templates")

DEFAULT_MAX_BYTES = 30 * 1024 * 1024


def _ongedaan():
    """A refused form is shown again with its input; nothing of the request is kept."""
    g.rollback = True


def _int(naam: str) -> int | None:
    return request.args.get(naam, type=int)


# ---------------------------------------------------------------------------- hotspots

@bp.get("/")
def hotspots():
    """Objects whose newest BRP count sets off at least one indicator (signals, never proof)."""
    session = get_session()
    ids = gemeente_ids()
    f = services.HotspotFilter(gemeente_id=_int("gemeente") if _int("gemeente") in ids else None,
                               wijk_id=_int("wijk"), buurt_id=_int("buurt"),
                               vlag=request.args.get("vlag") if request.args.get("vlag") in ind.VLAGGEN else None,
                               min_overschot=max(0, _int("min_overschot") or 0) or None,
                               sorteer=request.args.get("sorteer", "overschot"),
                               richting=request.args.get("richting"))
    p = services.hotspots(session, ids, f, request.args.get("pagina", 1, type=int))
    services.audit_bekeken(ids, f, p)
    wijken, buurten = services.gebieden(session, [f.gemeente_id] if f.gemeente_id else ids)
    gemeenten = session.execute(select(Gemeente).where(Gemeente.id.in_(ids)).order_by(Gemeente.naam)).scalars().all()
    planbaar = {gid: _toezichthouders(session, gid) for gid in ids if controle_permissions.mag_plannen(current_user, gid)}
    args = {k: v for k, v in request.args.items() if k != "pagina" and v not in ("", None)}
    return render_template("overbewoning/hotspots.html", p=p, f=f, gemeenten=gemeenten, wijken=wijken,
                           buurten=buurten, titels=ind.TITELS, kort=services.KORT, sorteringen=services.SORTERINGEN,
                           planbaar=planbaar, plan_form=PlanForm(formdata=None), nieuwe_sleutel=nieuwe_sleutel,
                           standaard_datum=services.volgende_werkdag(), args=args)


def _toezichthouders(session, gemeente_id: int) -> list[tuple[int, str]]:
    return [(u.id, u.naam) for u in planning.toezichthouders(session, gemeente_id)]


# ---------------------------------------------------------------------------- plan and judge

def _object(adres_id: int, ids: list[int]) -> services.Object:
    obj = services.object_voor_adres(get_session(), ids, adres_id)
    if obj is None:
        abort(404)
    return obj


def _plan_form(session, obj: services.Object, form: PlanForm | None = None) -> PlanForm:
    form = form or PlanForm()
    form.toezichthouder.choices = [(u.id, u.naam) for u in planning.toezichthouders(session, obj.gemeente_id)]
    return form


def _beoordeel_form(obj: services.Object, form: BeoordeelForm | None = None) -> BeoordeelForm:
    form = form or BeoordeelForm()
    form.controle_id.choices = [("", "Kies…")] + [
        (c.id, f"{c.gepland_op:%d-%m-%Y} – {c.controletype.naam if c.controletype else c.soort.label} "
               f"({c.status.label.lower()})") for c in obj.controles]
    return form


@bp.post("/adres/<int:adres_id>/plannen")
@eenmalig
def controle_plannen(adres_id: int):
    """Plan a huisvestingscontrole at this address in one step, the indicators in its briefing."""
    session = get_session()
    ids = [gid for gid in gemeente_ids() if controle_permissions.mag_plannen(current_user, gid)]
    obj = _object(adres_id, ids)
    form = _plan_form(session, obj)
    fout = None
    if form.validate_on_submit():
        try:
            controle = services.plan_controle(session, current_user, ids, adres_id, sleutel=form.verzendsleutel.data,
                                              datum=form.datum.data,
                                              toezichthouder_ids=[form.toezichthouder.data])
        except OngeldigeInvoer as e:
            _ongedaan()
            fout = e
        else:
            flash("De huisvestingscontrole is gepland; de indicatoren staan in de briefing.", "success")
            return redirect(url_for("controles.detail", controle_id=controle.id))
    else:
        problemen = [m for fouten in form.errors.values() for m in fouten]
        fout = OngeldigeInvoer(problemen[0] if problemen else "Controleer de invoer.", problemen)
    if form.datum.data is None and not form.datum.raw_data:
        form.datum.data = services.volgende_werkdag()
    return render_template("overbewoning/plannen.html", obj=obj, form=form, fout=fout), 422


@bp.post("/adres/<int:adres_id>/beoordelen")
@eenmalig
def beoordelen(adres_id: int):
    """Record whether a huisvestingscontrole confirmed overbewoning at this object."""
    session = get_session()
    ids = current_user.gemeente_ids_met(LEZERS)
    ids = [gid for gid in gemeente_ids() if gid in ids]
    obj = _object(adres_id, ids)
    form = _beoordeel_form(obj)
    fout = None
    if form.validate_on_submit():
        try:
            services.beoordeel(session, current_user, ids, adres_id, uitkomst=form.uitkomst.data,
                               controle_id=form.controle_id.data, toelichting=form.toelichting.data or "")
        except OngeldigeInvoer as e:
            _ongedaan()
            fout = e
        else:
            flash("De beoordeling is vastgelegd.", "success")
            return redirect(url_for("locaties.adres", adres_id=adres_id) + "#overbewoning-kop")
    else:
        problemen = [m for fouten in form.errors.values() for m in fouten]
        fout = OngeldigeInvoer(problemen[0] if problemen else "Controleer de invoer.", problemen)
    return render_template("overbewoning/beoordelen.html", obj=obj, form=form, fout=fout), 422


def adresblok(adres_id: int) -> dict:
    """The address page's block: counts per peildatum, the indicators explained, beoordelingen."""
    session = get_session()
    ids = current_user.gemeente_ids_met(LEZERS)
    obj = services.object_voor_adres(session, ids, adres_id)
    if obj is None:
        return {"obj": None}
    mag_plannen = controle_permissions.mag_plannen(current_user, obj.gemeente_id)
    if obj.actueel is not None:
        audit.record_security_event(OverbewoningActie.HOTSPOTS_BEKEKEN, audit.SUCCES, object_type="verblijfsobject",
                                    object_id=obj.vbo.id, gemeente_id=obj.gemeente_id,
                                    details={"bron": "adrespagina", "adres_id": adres_id})
    return {"obj": obj, "mag_plannen": mag_plannen,
            "plan_form": _plan_form(session, obj, PlanForm(formdata=None)) if mag_plannen else None,
            "beoordeel_form": _beoordeel_form(obj, BeoordeelForm(formdata=None)),
            "standaard_datum": services.volgende_werkdag(), "kort": services.KORT}


# ---------------------------------------------------------------------------- BRP import
# Upload (the file refused as a whole at once, else stored and a dry run queued as a job), the
# import's status page (progress, then the report) and "Toepassen" (a second job, queued once).
# The rules are in ``importeren`` (the file against the BAG) and ``taken`` (the jobs).

STAPPEN = {"lezen": "Bestand lezen", "zoeken": "Adressen opzoeken in de BAG",
           "vergelijken": "Vergelijken met de opgeslagen tellingen", "schrijven": "Tellingen opslaan"}
FASEN = {"proef": "Proefimport loopt", "proef_klaar": "Proefimport klaar", "uitvoeren": "Import loopt",
         "uitgevoerd": "Import klaar", "mislukt": "Mislukt"}


def _max_bytes() -> int:
    return int(current_app.config.get("BRP_IMPORT_MAX_BYTES") or DEFAULT_MAX_BYTES)


def _import_pagina(form, gemeenten, *, fout=None, rapport=None, status=200, opp_form=None, opp_fout=None):
    ids = [gm.id for gm in gemeenten]
    session = get_session()
    return render_template("overbewoning/brp_import.html", form=form, gemeenten=gemeenten, fout=fout,
                           opp_form=opp_form or OppervlakteForm(formdata=None), opp_fout=opp_fout,
                           rapport=rapport, kolommen=importeren.KOLOMMEN, max_mb=_max_bytes() // (1024 * 1024),
                           imports=importeren.laatste_imports(session, ids),
                           lopend=taken.recente_imports(session, ids), fasen=FASEN), status


def _gemeenten(session):
    ids = gemeente_ids()
    return session.execute(select(Gemeente).where(Gemeente.id.in_(ids)).order_by(Gemeente.naam)).scalars().all()


def _lees(bestand) -> bytes:
    maximum = _max_bytes()
    raw = bestand.stream.read(maximum + 1)
    if len(raw) > maximum:
        raise OngeldigeInvoer(f"Het bestand is groter dan {maximum // (1024 * 1024)} MB. Splits het in delen "
                              "(bijvoorbeeld per wijk) en importeer ze na elkaar.")
    if not raw:
        raise OngeldigeInvoer("Het bestand is leeg.")
    return raw


@bp.route("/brp-import", methods=["GET", "POST"])
@eenmalig
def brp_import():
    """GET: the upload form (and an applied import's report). POST: check the file, store it and
    queue the dry run; then its status page."""
    session = get_session()
    gemeenten = _gemeenten(session)
    ids = [gm.id for gm in gemeenten]
    form = ImportForm()
    form.gemeente.choices = [(gm.id, gm.naam) for gm in gemeenten]
    if request.method == "GET":
        rapport = None
        if _int("import"):
            bron = session.execute(select(BrpImport).where(BrpImport.id == _int("import"),
                                                           BrpImport.gemeente_id.in_(ids))).scalar_one_or_none()
            if bron is None:
                abort(404)
            rapport = importeren.Rapport.uit_dict(bron.rapport or {"proef": False})
        return _import_pagina(form, gemeenten, rapport=rapport)
    if not form.validate_on_submit():
        problemen = [m for fouten in form.errors.values() for m in fouten]
        return _import_pagina(form, gemeenten, status=422,
                              fout=OngeldigeInvoer(problemen[0] if problemen else "Controleer de invoer.", problemen))
    gemeente_id = form.gemeente.data if len(ids) > 1 else (ids[0] if ids else None)
    try:
        if gemeente_id not in ids:
            raise OngeldigeInvoer("Kies de gemeente waarvoor u de tellingen importeert.")
        import_id = taken.vraag_proef_aan(session, current_user, gemeente_id, _lees(form.bestand.data),
                                          form.bestand.data.filename or "", peildatum=form.peildatum.data,
                                          volledig=form.soort.data == "volledig")
    except OngeldigeInvoer as e:
        _ongedaan()
        # Refused as a whole (personal data, header, size): nothing stored, no job; the refusal is audited.
        audit.record_security_event(OverbewoningActie.BRP_PROEF, audit.MISLUKT, object_type="brp_import",
                                    gemeente_id=gemeente_id if gemeente_id in ids else None,
                                    details={"geweigerd": True})
        return _import_pagina(form, gemeenten, fout=e, status=422)
    return redirect(url_for("overbewoning.brp_import_status", import_id=import_id))


def _stand(import_id: int) -> taken.ImportStand:
    stand = taken.get_import(get_session(), gemeente_ids(), import_id)
    if stand is None:
        abort(404)
    return stand


def _json(stand: taken.ImportStand) -> dict:
    v = (taken.voortgang(stand.id) or {}) if not stand.klaar else {}
    if v.get("proef") != (stand.uitvoer_taak is None):
        v = {}  # the dry run's last progress while applying waits for the worker
    taak = stand.uitvoer_taak or stand.proef_taak
    melding = FASEN[stand.fase]
    if taak.status == TaakStatus.QUEUED and not stand.klaar:
        melding += " – wacht op de verwerking"
    elif v.get("stap"):
        melding = STAPPEN.get(v["stap"], melding)
    return {"id": stand.id, "fase": stand.fase, "klaar": stand.klaar, "melding": melding,
            "gedaan": v.get("gedaan", 0), "totaal": v.get("totaal", 0)}


@bp.get("/brp-import/<int:import_id>")
def brp_import_status(import_id: int):
    """The import's page (progress while a job runs, then the report), or its state as JSON."""
    stand = _stand(import_id)
    data = _json(stand)
    if wants_json() or request.args.get("formaat") == "json":
        return jsonify(data)
    rapport = stand.rapport() if stand.klaar else None
    return render_template("overbewoning/brp_import_status.html", stand=stand, data=data, rapport=rapport,
                           uitvoeren_form=UitvoerenForm(formdata=None), fasen=FASEN)


@bp.post("/brp-import/toepassen")
def brp_import_uitvoeren():
    """Queue applying a dry run without refused rows (once, however often it is pressed)."""
    session = get_session()
    form = UitvoerenForm()
    if not form.validate_on_submit():
        gemeenten = _gemeenten(session)
        import_form = ImportForm(formdata=None)
        import_form.gemeente.choices = [(gm.id, gm.naam) for gm in gemeenten]
        return _import_pagina(import_form, gemeenten, status=422,
                              fout=OngeldigeInvoer("Er is geen proefimport om toe te passen. Laad het bestand opnieuw."))
    import_id = id_of_none(form.proef.data)
    if import_id is None:
        abort(404)
    stand = _stand(import_id)
    taken.vraag_uitvoering_aan(session, current_user, stand)
    flash("Het toepassen is gestart. Deze pagina toont de voortgang.", "success")
    return redirect(url_for("overbewoning.brp_import_status", import_id=import_id))


@bp.post("/brp-import/oppervlakte")
def oppervlakte_opgeven():
    """The beheerder supplies the area of a standplaats or ligplaats (the BAG gives none)."""
    session = get_session()
    gemeenten = _gemeenten(session)
    form = OppervlakteForm()
    import_form = ImportForm(formdata=None)
    import_form.gemeente.choices = [(gm.id, gm.naam) for gm in gemeenten]
    try:
        if not form.validate_on_submit():
            problemen = [m for fouten in form.errors.values() for m in fouten]
            raise OngeldigeInvoer(problemen[0] if problemen else "Controleer de invoer.", problemen)
        m2 = (form.m2.data or "").strip()
        rij = oppervlakte.leg_vast(session, [gm.id for gm in gemeenten], current_user, form.object_id.data,
                                   int(m2) if m2.isdigit() else None, form.toelichting.data)
    except OngeldigeInvoer as e:
        _ongedaan()
        return _import_pagina(import_form, gemeenten, status=422, opp_form=form, opp_fout=e)
    flash(f"Oppervlakte {rij.m2} m² vastgelegd; de indicatoren van dit object rekenen er nu mee.", "success")
    return redirect(url_for("overbewoning.brp_import"))
