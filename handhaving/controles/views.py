"""Controles: the URL table of planning and field work. Thin: load (scoped to the user's
gemeenten: another gemeente's controle is 404), call a service, render or redirect.

The recording endpoints answer JSON to the tablet's autosave (and later its offline sync)
and a page to a plain form post; the same services serve both.
"""
from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from handhaving.auth.models import Gemeente
from handhaving import invoer
from handhaving.controles import (
    afronding,
    permissions,
    planning,
    services,
    vastlegging,
    views_afronding,  # noqa: F401  (closing: afronden, signing, vaststellen, outcome, rapport)
    views_beheer,  # noqa: F401  (registers the beheer routes on bp)
    views_offline,  # noqa: F401  (the offline tablet: page, service worker, package, key)
    views_sync,  # noqa: F401  (the offline tablet's sync API)
    views_tijden,  # noqa: F401  (correcting when a finding was observed)
)
from handhaving.controles.acties import ControleActie
from handhaving.controles.blueprint import bp
from handhaving.controles.forms import (
    AddendumForm,
    BevindingForm,
    FilterForm,
    FotoForm,
    OndertekenForm,
    PersoonForm,
    PlanForm,
    RedenForm,
    UitkomstForm,
    VersieForm,
)
from handhaving.controles.models import (
    AangetroffenPersoon,
    Bevinding,
    ChecklistSectie,
    Controletype,
    Foto,
)
from handhaving.controles.standaard import RECHTSGRONDEN
from handhaving.controles.views_gedeeld import (
    _aanwijzingen,
    _context,
    _controle,
    _gemeente_keuze,
    _json_of_redirect,
    _kind,
    _offline_url,
    _ongedaan,
    _op_tablet,
    _vastleg_links,
    _versie,
)
from handhaving.db import get_session
from handhaving.eenmalig.views import eenmalig
from handhaving.errors import OngeldigeInvoer
from handhaving.locaties.models import Adres
from handhaving.security.policy import gemeente_ids
from handhaving.storage.serve import bestand_response
from handhaving.tijd import naar_lokaal, vandaag
from handhaving.verzoek import json_object
from handhaving.web import wants_json

# ---------------------------------------------------------------------------- overviews

@bp.get("/")
def index():
    session = get_session()
    ids = gemeente_ids()
    form = FilterForm(request.args)
    typen = session.execute(select(Controletype).where(Controletype.gemeente_id.in_(ids))
                            .order_by(Controletype.volgorde, Controletype.naam)).scalars().all()
    form.controletype_id.choices = [("", "Alle")] + [(t.id, t.naam) for t in typen]
    mensen = {u.id: u for gid in ids for u in planning.toezichthouders(session, gid)}
    form.toezichthouder_id.choices = [("", "Iedereen")] + [(u.id, u.naam) for u in mensen.values()]
    f = planning.Filter()
    if form.validate():
        f = planning.Filter(status=form.status.data or "", controletype_id=form.controletype_id.data,
                            van=form.van.data, tot=form.tot.data, toezichthouder_id=form.toezichthouder_id.data,
                            adres=form.adres.data or "")
    pagina = max(1, request.args.get("pagina", 1, type=int) or 1)
    controles, meer = planning.lijst(session, ids, f, pagina)
    args = {k: v for k, v in request.args.items() if k != "pagina"}
    return render_template("controles/index.html", form=form, controles=controles, pagina=pagina, meer=meer,
                           args=args)


@bp.get("/week")
def week():
    session = get_session()
    dag = invoer.lees_datum(request.args.get("dag"), "dag") or vandaag()
    maandag = dag - timedelta(days=dag.weekday())
    mijn = request.args.get("mijn") == "1"
    dagen = planning.week(session, gemeente_ids(), maandag, current_user.id if mijn else None)
    return render_template("controles/week.html", dagen=dagen, maandag=maandag, mijn=mijn, vandaag=vandaag(),
                           vorige=maandag - timedelta(days=7), volgende=maandag + timedelta(days=7),
                           **_vastleg_links(_op_tablet()))


@bp.get("/vandaag", endpoint="vandaag")
def vandaag_view():
    session = get_session()
    ids = gemeente_ids()
    eigen = planning.vandaag_voor(session, ids, current_user)
    planner = any(permissions.mag_plannen(current_user, gid) for gid in ids)
    alle = planning.vandaag_voor(session, ids, current_user, alle=True) if planner else []
    return render_template("controles/vandaag.html", eigen=eigen, alle=alle, planner=planner, dag=vandaag(),
                           **_vastleg_links(_op_tablet()))


def startblok_vandaag() -> dict:
    """The start page's block: the user's own controles of today."""
    ids = current_user.gemeente_ids_met(permissions.CONTROLE_ROLLEN)
    return {"vandaag": planning.vandaag_voor(get_session(), ids, current_user)}


def adresblok(adres_id: int) -> dict:
    """The address page's block: this address's controles and open findings."""
    session = get_session()
    ids = current_user.gemeente_ids_met(permissions.CONTROLE_ROLLEN)
    return {"controles": planning.voor_adres(session, ids, adres_id), "adres_id": adres_id,
            "bevindingen": planning.open_bevindingen_voor_adres(session, ids, adres_id),
            "mag_plannen": any(permissions.mag_plannen(current_user, g) for g in ids)}


@bp.get("/suggesties")
def suggesties():
    session = get_session()
    ids = gemeente_ids()
    gemeente_id = _gemeente_keuze(ids)
    gemeenten = session.execute(select(Gemeente).where(Gemeente.id.in_(ids)).order_by(Gemeente.naam)).scalars().all()
    return render_template("controles/suggesties.html", suggesties=planning.suggesties(session, gemeente_id),
                           gemeente_id=gemeente_id, gemeenten=gemeenten)


# ---------------------------------------------------------------------------- planning

def _plan_form(session, gemeente_id: int, form: PlanForm, controle=None, typen=None) -> PlanForm:
    typen = planning.actieve_typen(session, gemeente_id) if typen is None else typen
    form.controletype_id.choices = [(t.id, t.naam) for t in typen]
    mensen = planning.toezichthouders(session, gemeente_id)
    form.toezichthouder_ids.choices = [(u.id, u.naam) for u in mensen]
    form.rechtsgronden.choices = [(r, r) for r in RECHTSGRONDEN]
    # A posted id past 32 bits is no address (and would overflow the query); the service says so.
    ids = [i for i in form.adres_ids.data or ([controle.adres_id] if controle else []) if invoer.id_of_none(i)]
    adressen = session.execute(select(Adres).where(Adres.id.in_(ids or [0]), Adres.gemeente_id == gemeente_id)
                               ).scalars().all()
    form.adres_ids.choices = [(a.id, a.volledig) for a in adressen]
    return form


def _plan(form: PlanForm) -> planning.Plan:
    return planning.Plan(uuid=form.verzendsleutel.data, controletype_id=form.controletype_id.data,
                         adres_ids=list(dict.fromkeys(form.adres_ids.data or [])), datum=form.datum.data,
                         van=form.van.data, tot=form.tot.data, toezichthouder_ids=form.toezichthouder_ids.data or [],
                         partners=form.partners.data or [], rechtsgronden=form.rechtsgronden.data or [],
                         briefing=form.briefing.data or "", ronde_naam=form.ronde_naam.data or "")


@bp.route("/plannen", methods=["GET", "POST"])
@eenmalig
def plannen():
    session = get_session()
    ids = gemeente_ids()
    gemeente_id = _gemeente_keuze(ids)
    typen = planning.actieve_typen(session, gemeente_id)
    form = _plan_form(session, gemeente_id, PlanForm(), typen=typen)
    if request.method == "GET":
        form.datum.data = form.datum.data or vandaag() + timedelta(days=1)
        if request.args.get("adres", type=int):
            adres = session.execute(select(Adres).where(Adres.id == request.args.get("adres", type=int),
                                                        Adres.gemeente_id == gemeente_id)).scalar_one_or_none()
            if adres:
                form.adres_ids.choices = [(adres.id, adres.volledig)]
                form.adres_ids.data = [adres.id]
        # The type the form opens with has its defaults ticked in the page itself (no script
        # needed); after a failed post the user's own ticks stay as sent.
        if gekozen := planning.begin_type(typen, request.args.get("type", type=int)):
            standaard = planning.standaard_keuzes([gekozen])[gekozen.id]
            form.controletype_id.data = gekozen.id
            form.partners.data, form.rechtsgronden.data = standaard["partners"], standaard["rechtsgronden"]
    fout = None
    if form.validate_on_submit():
        try:
            controles = planning.plan_controles(session, current_user, gemeente_id, _plan(form))
        except OngeldigeInvoer as e:
            _ongedaan()
            fout = e
        else:
            if len(controles) == 1:
                flash("De controle is gepland.", "success")
                return redirect(url_for("controles.detail", controle_id=controles[0].id))
            flash(f"{len(controles)} controles zijn gepland als één ronde.", "success")
            return redirect(url_for("controles.index", van=form.datum.data.isoformat(),
                                    tot=form.datum.data.isoformat()))
    status = 422 if request.method == "POST" else 200
    gemeenten = session.execute(select(Gemeente).where(Gemeente.id.in_(ids)).order_by(Gemeente.naam)).scalars().all()
    return render_template("controles/plannen.html", form=form, fout=fout, gemeente_id=gemeente_id,
                           typen={t.id: t for t in typen}, typen_standaard=planning.standaard_keuzes(typen),
                           aanwijzingen=_aanwijzingen(session, gemeente_id),
                           gemeenten=gemeenten), status


@bp.route("/<int:controle_id>/planning", methods=["GET", "POST"])
def planning_wijzigen(controle_id: int):
    session = get_session()
    c = _controle(controle_id)
    form = _plan_form(session, c.gemeente_id, PlanForm(), c)
    if request.method == "GET":
        begin = naar_lokaal(c.gepland_op) if c.gepland_op else None
        form.controletype_id.data = c.controletype_id
        form.adres_ids.data = [c.adres_id]
        form.datum.data = begin.date() if begin else vandaag()
        form.van.data = begin.time() if begin else None
        form.tot.data = naar_lokaal(c.gepland_tot).time() if c.gepland_tot else None
        form.toezichthouder_ids.data = [u.id for u in c.toezichthouders]
        form.partners.data = list(c.partners or [])
        form.rechtsgronden.data = list(c.rechtsgronden or [])
        form.briefing.data = c.briefing
        form.versie.data = c.versie
    fout = None
    if form.validate_on_submit():
        try:
            planning.wijzig_planning(session, current_user, c, _versie(form.versie.data), _plan(form))
        except OngeldigeInvoer as e:
            _ongedaan()
            fout = e
        else:
            flash("De planning is gewijzigd.", "success")
            return redirect(url_for("controles.detail", controle_id=c.id))
    return render_template("controles/plannen.html", form=form, fout=fout, controle=c, gemeente_id=c.gemeente_id,
                           typen={}, aanwijzingen=_aanwijzingen(session, c.gemeente_id), gemeenten=[]), \
        (422 if request.method == "POST" else 200)


# ---------------------------------------------------------------------------- one controle

@bp.get("/<int:controle_id>")
def detail(controle_id: int):
    c = _controle(controle_id)
    return render_template("controles/detail.html", **_context(c, True), versie_form=VersieForm(versie=c.versie),
                           reden_form=RedenForm(versie=c.versie), addendum_form=AddendumForm(),
                           uitkomst_form=UitkomstForm(versie=c.versie), onderteken_form=OndertekenForm(
                               naam=current_user.naam), ontbrekend=afronding.ontbrekend(get_session(), c))


def _stap(controle_id: int, doe, melding: str):
    c = _controle(controle_id)
    form = VersieForm()
    form.validate_on_submit()
    doe(get_session(), c, _versie(form.versie.data))
    return _json_of_redirect({"status": c.status.value, "versie": c.versie},
                             url_for("controles.detail", controle_id=c.id), melding)


@bp.post("/<int:controle_id>/voorbereid")
def voorbereiden(controle_id: int):
    return _stap(controle_id, lambda s, c, v: services.bereid_voor(s, current_user, c, v),
                 "De voorbereiding is afgerond.")


@bp.post("/<int:controle_id>/terug-naar-planning")
def terug_naar_planning(controle_id: int):
    c = _controle(controle_id)
    form = RedenForm()
    if not form.validate_on_submit():
        raise OngeldigeInvoer("Geef een reden op waarom de controle terug moet naar de planning.")
    services.terug_naar_planning(get_session(), current_user, c, _versie(form.versie.data), form.reden.data)
    flash("De controle staat weer in de planning.", "success")
    return redirect(url_for("controles.detail", controle_id=c.id))


@bp.post("/<int:controle_id>/start")
def starten(controle_id: int):
    c = _controle(controle_id)
    VersieForm().validate_on_submit()
    vastlegging.start(get_session(), current_user, c, lat=request.form.get("lat", type=float),
                      lon=request.form.get("lon", type=float),
                      nauwkeurigheid=request.form.get("nauwkeurigheid", type=float))
    return _json_of_redirect({"gestart_op": c.gestart_op.isoformat() + "Z", "versie": c.versie},
                             url_for("controles.vastleggen", controle_id=c.id), "De controle is gestart.")


# ---------------------------------------------------------------------------- recording

def _vastleg_context(c, **extra):
    session = get_session()
    secties = session.execute(select(ChecklistSectie).where(ChecklistSectie.sjabloon_id == c.sjabloon_id)
                              .order_by(ChecklistSectie.volgorde)).scalars().all() if c.sjabloon_id else []
    foto_form = FotoForm()
    foto_form.bevinding_id.choices = [("", "Geen (algemene foto)")] + [
        (b.id, f"{i}. {b.omschrijving[:60]}") for i, b in enumerate(c.bevindingen, 1)]
    context = _context(c, True)
    bevinding_form = extra.pop("bevinding_form", None) or BevindingForm()
    bevinding_form.voorschrift_id.choices = [("", "Geen")] + [(t.voorschrift_id, t.kort) for t in context["toetsen"]]
    return dict(**context, secties=secties, waarden=vastlegging.huidige_waarden(session, c),
                eerdere=vastlegging.eerdere_bevindingen(session, c),
                bewerkbaar=c.status in vastlegging.BEWERKBAAR and c.gestart_op is not None,
                bevinding_form=bevinding_form,
                persoon_form=extra.pop("persoon_form", None) or PersoonForm(),
                foto_form=foto_form, **extra)


@bp.route("/<int:controle_id>/vastleggen", methods=["GET", "POST"])
def vastleggen(controle_id: int):
    """GET: the online form (office use), or 303 to the offline app for field work on the
    tablet (its drafts stay on the device without a connection). POST: autosave (JSON
    changes with their basis) or the plain form."""
    session = get_session()
    c = _controle(controle_id)
    if request.method == "GET":
        if c.id in _op_tablet():
            return redirect(_offline_url(c.id), 303)
        return render_template("controles/vastleggen.html", **_vastleg_context(c))
    if request.is_json:
        body = json_object()
        wijzigingen = {str(k): vastlegging.Wijziging(str((v or {}).get("waarde", "")),
                                                      None if (v or {}).get("basis") is None else str(v["basis"]))
                       for k, v in (body.get("wijzigingen") or {}).items() if isinstance(v, dict)}
        vastlegging.sla_op(session, current_user, c, _versie(body.get("versie")), wijzigingen)
        return jsonify({"versie": c.versie, "opgeslagen_op": (c.gewijzigd_op or c.aangemaakt_op).isoformat() + "Z",
                        "waarden": vastlegging.huidige_waarden(session, c)})
    # Plain form (no JavaScript): every field, without basis.
    VersieForm().validate_on_submit()
    wijzigingen = {}
    for key in ("toegang", "notities"):
        if key in request.form:
            wijzigingen[key] = vastlegging.Wijziging(request.form[key])
    wijzigingen["is_woning"] = vastlegging.Wijziging("ja" if request.form.get("is_woning") else "nee")
    for key, value in request.form.items():
        if key.startswith(("a:", "t:", "v:", "vt:")):
            wijzigingen[key] = vastlegging.Wijziging(value)
    try:
        vastlegging.sla_op(session, current_user, c, _versie(request.form.get("versie")), wijzigingen)
    except (OngeldigeInvoer, vastlegging.Conflict) as e:
        _ongedaan()
        ingevuld = {**vastlegging.huidige_waarden(session, c), **{k: w.nieuw for k, w in wijzigingen.items()}}
        return render_template("controles/vastleggen.html", **_vastleg_context(c, fout=e, ingevuld=ingevuld)), \
            e.status
    flash("Opgeslagen.", "success")
    return redirect(url_for("controles.vastleggen", controle_id=c.id))


def _payload():
    return json_object() if request.is_json else request.form


def _voorschrift_id(value) -> int | None:
    """The optional voorschrift of a finding: empty is none, anything but a number is refused."""
    if value is None or str(value).strip() == "":
        return None
    if (voorschrift_id := invoer.id_of_none(value)) is None:
        raise OngeldigeInvoer(vastlegging.NIET_OP_ADRES)
    return voorschrift_id


@bp.post("/<int:controle_id>/bevindingen")
def bevinding_toevoegen(controle_id: int):
    session = get_session()
    c = _controle(controle_id)
    data = _payload()
    if not request.is_json:
        form = BevindingForm()
        if not form.validate_on_submit():
            _ongedaan()
            return render_template("controles/vastleggen.html", **_vastleg_context(
                c, bevinding_form=form, fout=OngeldigeInvoer("De bevinding is niet opgeslagen: vul de "
                                                             "gemarkeerde velden aan."))), 422
    try:
        b, nieuw = vastlegging.voeg_bevinding_toe(
            session, current_user, c, uuid=str(data.get("uuid", "")), categorie=str(data.get("categorie", "")),
            omschrijving=str(data.get("omschrijving", "")), waarneming=str(data.get("waarneming", "")),
            ernst=str(data.get("ernst", "")), norm=str(data.get("norm", "") or ""),
            checklist_item_code=str(data.get("checklist_item_code", "") or "") or None,
            voorschrift_id=_voorschrift_id(data.get("voorschrift_id")),
            tijd=vastlegging.waargenomen_om(c, data.get("waargenomen_om")))
    except OngeldigeInvoer as e:
        if request.is_json:
            raise
        _ongedaan()
        return render_template("controles/vastleggen.html", **_vastleg_context(
            c, bevinding_form=BevindingForm(), fout=e)), 422
    return _json_of_redirect({"id": b.id, "uuid": b.uuid, "nieuw": nieuw},
                             url_for("controles.vastleggen", controle_id=c.id) + "#bevindingen",
                             "De bevinding is vastgelegd.", 201 if nieuw else 200)


@bp.post("/<int:controle_id>/bevindingen/<int:bevinding_id>/verwijderen")
def bevinding_verwijderen(controle_id: int, bevinding_id: int):
    c = _controle(controle_id)
    VersieForm().validate_on_submit()
    vastlegging.verwijder_bevinding(get_session(), current_user, c, _kind(Bevinding, c, bevinding_id))
    return _json_of_redirect({"verwijderd": True}, url_for("controles.vastleggen", controle_id=c.id) + "#bevindingen",
                             "De bevinding is verwijderd.")


@bp.post("/<int:controle_id>/eerdere-bevindingen/<int:bevinding_id>")
def bevinding_opgelost(controle_id: int, bevinding_id: int):
    """A hercontrole marks an earlier finding at the address resolved (or not)."""
    c = _controle(controle_id)
    VersieForm().validate_on_submit()
    b = get_session().get(Bevinding, bevinding_id)
    if b is None or b.gemeente_id != c.gemeente_id:
        abort(404)
    opgelost = request.form.get("opgelost") == "ja"
    vastlegging.zet_opgelost(get_session(), current_user, c, b, opgelost)
    return _json_of_redirect({"opgelost": opgelost}, url_for("controles.vastleggen", controle_id=c.id) + "#eerdere",
                             "Vastgelegd dat deze bevinding is opgelost." if opgelost else
                             "De bevinding staat weer open.")


def _ja(data, key) -> bool:
    return str(data.get(key, "")).lower() in ("y", "ja", "true", "1", "on")


@bp.post("/<int:controle_id>/personen")
def persoon_toevoegen(controle_id: int):
    session = get_session()
    c = _controle(controle_id)
    data = _payload()
    if not request.is_json:
        form = PersoonForm()
        if not form.validate_on_submit():
            _ongedaan()
            return render_template("controles/vastleggen.html", **_vastleg_context(
                c, persoon_form=form, fout=OngeldigeInvoer("De persoon is niet opgeslagen: controleer de "
                                                           "gemarkeerde velden."))), 422
    try:
        jaar = int(data.get("geboortejaar")) if str(data.get("geboortejaar", "") or "").strip() else None
    except ValueError:
        raise OngeldigeInvoer("Vul het geboortejaar in als getal, bijvoorbeeld 1998.") from None
    brp = str(data.get("ingeschreven_brp_rni", "") or "")
    sw = vastlegging.SekswerkerInvoer(
        werknaam=str(data.get("werknaam", "") or ""), geboortejaar=jaar, id_gezien=_ja(data, "id_gezien"),
        nationaliteit=str(data.get("nationaliteit", "") or ""),
        ingeschreven_brp_rni=None if brp == "" else brp == "ja", gesprek_aangeboden=_ja(data, "gesprek_aangeboden"),
        tolk=_ja(data, "tolk"), toelichting=str(data.get("toelichting", "") or ""))
    try:
        p, nieuw = vastlegging.voeg_persoon_toe(
            session, current_user, c, uuid=str(data.get("uuid", "")), rol=str(data.get("rol", "")),
            naam=str(data.get("naam", "") or ""), id_gezien=_ja(data, "id_gezien"),
            leeftijd_gecontroleerd=_ja(data, "leeftijd_gecontroleerd"), opmerking=str(data.get("opmerking", "") or ""),
            sekswerker=sw)
    except OngeldigeInvoer as e:
        if request.is_json:
            raise
        _ongedaan()
        return render_template("controles/vastleggen.html", **_vastleg_context(c, persoon_form=PersoonForm(),
                                                                                fout=e)), 422
    return _json_of_redirect({"id": p.id, "uuid": p.uuid, "nieuw": nieuw},
                             url_for("controles.vastleggen", controle_id=c.id) + "#personen",
                             "De persoon is vastgelegd.", 201 if nieuw else 200)


@bp.post("/<int:controle_id>/personen/<int:persoon_id>/verwijderen")
def persoon_verwijderen(controle_id: int, persoon_id: int):
    c = _controle(controle_id)
    VersieForm().validate_on_submit()
    vastlegging.verwijder_persoon(get_session(), current_user, c, _kind(AangetroffenPersoon, c, persoon_id))
    return _json_of_redirect({"verwijderd": True}, url_for("controles.vastleggen", controle_id=c.id) + "#personen",
                             "De persoon is verwijderd.")


@bp.post("/<int:controle_id>/fotos")
def foto_toevoegen(controle_id: int):
    session = get_session()
    c = _controle(controle_id)
    VersieForm().validate_on_submit()
    bestand = request.files.get("foto")
    bevinding = None
    if request.form.get("bevinding_id", type=int):
        bevinding = _kind(Bevinding, c, request.form.get("bevinding_id", type=int))
    try:
        if bestand is None or not bestand.filename:
            raise OngeldigeInvoer("Kies of maak eerst een foto.")
        foto, nieuw = vastlegging.voeg_foto_toe(session, current_user, c, uuid=request.form.get("uuid", ""),
                                                data=bestand.stream, bijschrift=request.form.get("bijschrift", ""),
                                                bevinding=bevinding)
    except OngeldigeInvoer as e:
        if wants_json():
            raise
        _ongedaan()
        return render_template("controles/vastleggen.html", **_vastleg_context(c, fout=e, foto_fout=e)), 422
    return _json_of_redirect({"id": foto.id, "uuid": foto.uuid, "sha256": foto.sha256, "nieuw": nieuw,
                              "url": url_for("controles.foto", controle_id=c.id, foto_id=foto.id)},
                             url_for("controles.vastleggen", controle_id=c.id) + "#fotos",
                             "De foto is opgeslagen (zonder locatiegegevens).", 201 if nieuw else 200)


@bp.get("/<int:controle_id>/fotos/<int:foto_id>")
def foto(controle_id: int, foto_id: int):
    c = _controle(controle_id)
    f = _kind(Foto, c, foto_id)
    ext = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}.get(f.mimetype, "bin")
    return bestand_response(f.sleutel, f"controle-{c.id}-foto-{f.id}.{ext}", f.mimetype,
                            audit_actie=ControleActie.FOTO_BEKEKEN, object_type="controle_foto", object_id=f.id,
                            gemeente_id=c.gemeente_id, inline=True)


@bp.post("/<int:controle_id>/fotos/<int:foto_id>/verwijderen")
def foto_verwijderen(controle_id: int, foto_id: int):
    c = _controle(controle_id)
    VersieForm().validate_on_submit()
    vastlegging.verwijder_foto(get_session(), current_user, c, _kind(Foto, c, foto_id))
    return _json_of_redirect({"verwijderd": True}, url_for("controles.vastleggen", controle_id=c.id) + "#fotos",
                             "De foto is verwijderd.")

