"""The permit register's pages: list, one permit, register, decide, aanhangsel, voorschriften,
and the types per gemeente (beheer). Rules live in ``services``; views read forms and answer."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from handhaving.auth.models import Gemeente
from handhaving.bibob import api as bibob_api
from handhaving.db import get_session
from handhaving.eenmalig.views import eenmalig
from handhaving.errors import OngeldigeInvoer
from handhaving.locaties.services import get_adres
from handhaving.security.policy import gemeente_ids
from handhaving.subjecten import services as subjecten
from handhaving.vergunningen import (
    permissions,
    services,
    views_import,  # noqa: F401  (registers the import routes on bp)
)
from handhaving.vergunningen.blueprint import bp
from handhaving.vergunningen.forms import (
    BetrokkeneForm,
    FilterForm,
    StatusForm,
    TypeForm,
    VergunningForm,
    VoorschriftForm,
    WijzigForm,
)
from handhaving.vergunningen.models import (
    VergunningBetrokkene,
    VergunningSoort,
    VergunningStatus,
    Vergunningtype,
)
from handhaving.vergunningen.workflow import VERGUNNING_WORKFLOW


def _vergunning(vergunning_id: int):
    v = services.get_vergunning(get_session(), gemeente_ids(), vergunning_id)
    if v is None:
        abort(404)
    return v


def _ongedaan():
    """A refused form is shown again with its input; nothing of the request is kept."""
    g.rollback = True


def _gemeente_keuze(ids: list[int]) -> int:
    gekozen = request.values.get("gemeente", type=int)
    if gekozen in ids:
        return gekozen
    if not ids:
        abort(403)
    return ids[0]


def _gemeenten(ids):
    return get_session().execute(select(Gemeente).where(Gemeente.id.in_(ids)).order_by(Gemeente.naam)).scalars().all()


# ---------------------------------------------------------------------------- list

@bp.get("/")
def index():
    session = get_session()
    form = FilterForm(request.args)
    form.validate()
    f = services.Filter(q=form.q.data or "", soort=form.soort.data or "", status=form.status.data or "",
                        overtredingen=bool(form.overtredingen.data), verloopt=bool(form.verloopt.data),
                        pagina=max(1, request.args.get("pagina", 1, type=int) or 1))
    ids = gemeente_ids()
    pagina = services.lijst(session, ids, f)
    args = {k: v for k, v in request.args.items() if k != "pagina" and v}
    mag_registreren = bool(current_user.gemeente_ids_met(permissions.SCHRIJVERS))
    return render_template("vergunningen/index.html", form=form, pagina=pagina, args=args,
                           overtreden=services.met_overtredingen(session, [v.id for v in pagina.vergunningen]),
                           mag_registreren=mag_registreren)


# ---------------------------------------------------------------------------- one permit

def _detail(v, *, fout=None, status_form=None, betrokkene_form=None, voorschrift_form=None, status=200):
    session = get_session()
    stappen = VERGUNNING_WORKFLOW.mogelijk(v.status)
    status_form = status_form or StatusForm(formdata=None)
    status_form.naar.choices = [("", "— kies —")] + [(o.naar.value, o.handeling) for o in stappen]
    return render_template(
        "vergunningen/detail.html", v=v, naleving=services.naleving(session, v),
        # Art. 28: the register's own date for everyone; a dossier only for whoever may open it.
        bibob_dossiers=bibob_api.dossiers_van_vergunning(session, current_user, gemeente_ids(), v.id),
        stappen=stappen, fout=fout,
        status_form=status_form, betrokkene_form=betrokkene_form or BetrokkeneForm(formdata=None),
        voorschrift_form=voorschrift_form or VoorschriftForm(formdata=None),
        mag_wijzigen=permissions.mag_wijzigen(current_user, v),
        mag_subjecten_zien=permissions.mag_subjecten_zien(current_user, v.gemeente_id), S=VergunningStatus), status


@bp.get("/<int:vergunning_id>")
def detail(vergunning_id: int):
    v = services.lees_vergunning(get_session(), gemeente_ids(), vergunning_id)
    if v is None:
        abort(404)
    return _detail(v)


def _adres_id(session, gemeente_id: int, form) -> int | None:
    if not (form.postcode.data or "").strip() and not (form.huisnummer.data or "").strip():
        return None
    return services.adres_op_postcode(session, gemeente_id, form.postcode.data, form.huisnummer.data).id


def _voorschriften(tekst: str | None) -> list[dict]:
    return [{"tekst": regel.strip(), "categorie": "overig"} for regel in (tekst or "").splitlines() if regel.strip()]


@bp.route("/nieuw", methods=["GET", "POST"])
@eenmalig
def nieuw():
    session = get_session()
    ids = current_user.gemeente_ids_met(permissions.SCHRIJVERS)
    gemeente_id = _gemeente_keuze(ids)
    form = VergunningForm()
    houder = None
    if request.values.get("houder", type=int):
        houder = subjecten.get_subject(session, [gemeente_id], request.values.get("houder", type=int))
    if request.method == "GET" and request.args.get("adres", type=int):
        adres = get_adres(session, [gemeente_id], request.args.get("adres", type=int))
        if adres is not None:
            form.postcode.data, form.huisnummer.data = adres.postcode_weergave, adres.huisnummer_volledig
    fout = None
    if form.validate_on_submit():
        try:
            h = houder or services.houder_voor(session, current_user, gemeente_id, services.HouderInvoer(
                kvk=form.houder_kvk.data or "", naam=form.houder_naam.data or "",
                rechtsvorm=form.houder_rechtsvorm.data or "", voornamen=form.houder_voornamen.data or "",
                voorvoegsel=form.houder_voorvoegsel.data or "", geslachtsnaam=form.houder_geslachtsnaam.data or "",
                geboortedatum=form.houder_geboortedatum.data))
            v = services.maak_vergunning(session, current_user, gemeente_id, services.VergunningInvoer(
                soort=form.soort.data, houder_id=h.id, adres_id=_adres_id(session, gemeente_id, form),
                zaaknummer=form.zaaknummer.data or "", inrichting_naam=form.inrichting_naam.data or "",
                werkruimten=form.werkruimten.data, max_personen=form.max_personen.data,
                openingstijden=form.openingstijden.data or "", aanvraagdatum=form.aanvraagdatum.data,
                toelichting=form.toelichting.data or "", bibob_getoetst_op=form.bibob_getoetst_op.data,
                status=form.status.data, besluitdatum=form.besluitdatum.data, ingangsdatum=form.ingangsdatum.data,
                vervaldatum=form.vervaldatum.data, voorschriften=_voorschriften(form.voorschriften.data)))
        except OngeldigeInvoer as e:
            _ongedaan()
            fout = e
        else:
            flash(f"Vergunning {v.zaaknummer} is geregistreerd.", "success")
            return redirect(url_for("vergunningen.detail", vergunning_id=v.id))
    return render_template("vergunningen/nieuw.html", form=form, fout=fout, houder=houder, gemeente_id=gemeente_id,
                           gemeenten=_gemeenten(ids)), 422 if request.method == "POST" else 200


@bp.route("/<int:vergunning_id>/wijzigen", methods=["GET", "POST"])
def wijzigen(vergunning_id: int):
    session = get_session()
    v = _vergunning(vergunning_id)
    form = WijzigForm(obj=v) if request.method == "GET" else WijzigForm()
    if request.method == "GET" and v.adres:
        form.postcode.data, form.huisnummer.data = v.adres.postcode_weergave, v.adres.huisnummer_volledig
    fout = None
    if form.validate_on_submit():
        try:
            services.wijzig_vergunning(session, current_user, v, services.VergunningInvoer(
                soort=v.soort.value, houder_id=v.houder_id, adres_id=_adres_id(session, v.gemeente_id, form),
                inrichting_naam=form.inrichting_naam.data or "", werkruimten=form.werkruimten.data,
                max_personen=form.max_personen.data, openingstijden=form.openingstijden.data or "",
                aanvraagdatum=form.aanvraagdatum.data, toelichting=form.toelichting.data or "",
                bibob_getoetst_op=form.bibob_getoetst_op.data))
        except OngeldigeInvoer as e:
            _ongedaan()
            fout = e
        else:
            flash("De gegevens van de vergunning zijn opgeslagen.", "success")
            return redirect(url_for("vergunningen.detail", vergunning_id=v.id))
    return render_template("vergunningen/wijzigen.html", v=v, form=form, fout=fout), \
        422 if request.method == "POST" else 200


@bp.post("/<int:vergunning_id>/status")
def status(vergunning_id: int):
    session = get_session()
    v = _vergunning(vergunning_id)
    form = StatusForm()
    form.naar.choices = [(o.naar.value, o.handeling) for o in VERGUNNING_WORKFLOW.mogelijk(v.status)]
    if not form.validate_on_submit():
        return _detail(v, fout=OngeldigeInvoer("Kies het besluit en vul de datum in."), status_form=form, status=422)
    try:
        # An illegal step raises OngeldigeOvergang: 409 from the request boundary.
        besluit = services.wijzig_status(session, current_user, v, form.naar.data, datum=form.datum.data,
                                         toelichting=form.toelichting.data or "", ingangsdatum=form.ingangsdatum.data,
                                         vervaldatum=form.vervaldatum.data)
    except OngeldigeInvoer as e:
        _ongedaan()
        return _detail(v, fout=e, status_form=form, status=422)
    flash(f"Besluit vastgelegd: {besluit.handeling.lower()}. De vergunning is nu {v.status.label.lower()}.",
          "success")
    return redirect(url_for("vergunningen.detail", vergunning_id=v.id))


# ---------------------------------------------------------------------------- aanhangsel

@bp.post("/<int:vergunning_id>/betrokkenen")
@eenmalig
def betrokkene_toevoegen(vergunning_id: int):
    session = get_session()
    v = _vergunning(vergunning_id)
    form = BetrokkeneForm()
    if not form.validate_on_submit():
        return _detail(v, fout=OngeldigeInvoer("Kies de rol en vul de persoon of onderneming in."),
                       betrokkene_form=form, status=422)
    try:
        subject = services.houder_voor(session, current_user, v.gemeente_id, services.HouderInvoer(
            subject_id=request.form.get("subject_id", type=int), kvk=form.kvk.data or "", naam=form.naam.data or "",
            voornamen=form.voornamen.data or "", voorvoegsel=form.voorvoegsel.data or "",
            geslachtsnaam=form.geslachtsnaam.data or "", geboortedatum=form.geboortedatum.data))
        b = services.voeg_betrokkene_toe(session, current_user, v, subject, form.rol.data, form.sinds.data)
    except OngeldigeInvoer as e:
        _ongedaan()
        return _detail(v, fout=e, betrokkene_form=form, status=422)
    flash(f"{b.subject.weergavenaam} staat nu als {b.rol.label.lower()} op het aanhangsel.", "success")
    return redirect(url_for("vergunningen.detail", vergunning_id=v.id, _anchor="aanhangsel"))


@bp.post("/<int:vergunning_id>/betrokkenen/<int:betrokkene_id>/verwijderen")
def betrokkene_verwijderen(vergunning_id: int, betrokkene_id: int):
    session = get_session()
    v = _vergunning(vergunning_id)
    b = session.get(VergunningBetrokkene, betrokkene_id)
    if b is None or b.vergunning_id != v.id:
        abort(404)
    services.verwijder_betrokkene(session, current_user, b)
    flash("Van het aanhangsel verwijderd.", "success")
    return redirect(url_for("vergunningen.detail", vergunning_id=v.id, _anchor="aanhangsel"))


# ---------------------------------------------------------------------------- voorschriften

@bp.post("/<int:vergunning_id>/voorschriften")
@eenmalig
def voorschrift_toevoegen(vergunning_id: int):
    session = get_session()
    v = _vergunning(vergunning_id)
    form = VoorschriftForm()
    if not form.validate_on_submit():
        return _detail(v, fout=OngeldigeInvoer("Vul de tekst van het voorschrift in."), voorschrift_form=form,
                       status=422)
    try:
        vs = services.voeg_voorschrift_toe(session, current_user, v, tekst=form.tekst.data,
                                           categorie=form.categorie.data, bron_artikel=form.bron_artikel.data or "",
                                           nummer=form.nummer.data or "")
    except OngeldigeInvoer as e:
        _ongedaan()
        return _detail(v, fout=e, voorschrift_form=form, status=422)
    flash(f"Voorschrift {vs.nummer} is toegevoegd.", "success")
    return redirect(url_for("vergunningen.detail", vergunning_id=v.id, _anchor="voorschriften"))


@bp.post("/<int:vergunning_id>/voorschriften/<int:voorschrift_id>/vervallen")
def voorschrift_vervallen(vergunning_id: int, voorschrift_id: int):
    session = get_session()
    v = _vergunning(vergunning_id)
    vs = services.get_voorschrift(session, [v.gemeente_id], voorschrift_id)
    if vs is None or vs.vergunning_id != v.id:
        abort(404)
    vervallen = request.form.get("vervallen", "1") == "1"
    services.zet_voorschrift_vervallen(session, current_user, vs, vervallen)
    flash(f"Voorschrift {vs.nummer} is {'vervallen' if vervallen else 'weer van kracht'}.", "success")
    return redirect(url_for("vergunningen.detail", vergunning_id=v.id, _anchor="voorschriften"))


# ---------------------------------------------------------------------------- beheer: types

@bp.get("/typen")
def typen():
    session = get_session()
    ids = gemeente_ids()
    gemeente_id = _gemeente_keuze(ids)
    return render_template("vergunningen/typen.html", typen=services.typen(session, gemeente_id),
                           gemeente_id=gemeente_id, gemeenten=_gemeenten(ids), form=TypeForm(formdata=None),
                           alle_soorten=len(VergunningSoort))


@bp.post("/typen/aanvullen")
def typen_aanvullen():
    ids = gemeente_ids()
    gemeente_id = _gemeente_keuze(ids)
    services.zorg_voor_typen(get_session(), gemeente_id)
    flash("De ontbrekende standaardtypen zijn toegevoegd; controleer de grondslag per type.", "success")
    return redirect(url_for("vergunningen.typen", gemeente=gemeente_id))


@bp.post("/typen/<int:type_id>")
def type_wijzigen(type_id: int):
    session = get_session()
    t = session.get(Vergunningtype, type_id)
    if t is None or t.gemeente_id not in gemeente_ids():
        abort(404)
    form = TypeForm()
    try:
        if not form.validate_on_submit():
            raise OngeldigeInvoer(next(iter(form.errors.values()))[0])
        services.wijzig_type(session, current_user, t, naam=form.naam.data, grondslag=form.grondslag.data,
                             geldigheid_maanden=form.geldigheid_maanden.data, actief=bool(form.actief.data))
    except OngeldigeInvoer as e:
        _ongedaan()
        return render_template("vergunningen/typen.html", typen=services.typen(session, t.gemeente_id),
                               gemeente_id=t.gemeente_id, gemeenten=_gemeenten(gemeente_ids()), form=form, fout=e,
                               fout_type_id=t.id, alle_soorten=len(VergunningSoort)), 422
    flash(f"Vergunningtype ‘{t.naam}’ is opgeslagen.", "success")
    return redirect(url_for("vergunningen.typen", gemeente=t.gemeente_id))


# ---------------------------------------------------------------------------- address page

def adresblok(adres_id: int) -> dict:
    """The address page's block: the permits at this address (same verblijfsobject)."""
    session = get_session()
    ids = current_user.gemeente_ids_met(permissions.LEZERS)
    adres = get_adres(session, ids, adres_id)
    vergunningen = services.op_adres(session, ids, adres) if adres else []
    return {"vergunningen": vergunningen, "adres_id": adres_id,
            "mag_registreren": adres is not None and adres.gemeente_id in
            current_user.gemeente_ids_met(permissions.SCHRIJVERS)}
