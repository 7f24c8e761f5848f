"""The Bibob pages: list, deadlines, start, open with a reason, the dossier with its steps,
betrokkenen, tips, documents and the confidential export.

Confidential (Wet Bibob art. 28): a dossier is found only through ``services.get_onderzoek``
(404 for whoever may not open it), shown only after ``inzage.open_met_reden`` and every page,
document or export read writes one audit row. Rules live in ``services``; views read forms and
answer. A refused form is shown again (422) with its input, and nothing of the request is kept.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from handhaving.auth.models import Gebruiker, Gemeente, Roltoewijzing
from handhaving.bibob import export, inzage, rechten, services
from handhaving.bibob import termijnen as tm
from handhaving.bibob.acties import BibobActie
from handhaving.bibob.forms import (
    EXPORT_GRONDEN,
    STAP_DATUM,
    BetrokkeneForm,
    DocumentForm,
    ExportForm,
    FilterForm,
    OnderzoekForm,
    RedenForm,
    StapForm,
    TipForm,
    VerlengForm,
    ZienswijzeForm,
    stap_velden,
)
from handhaving.bibob.models import BibobDocument, BibobOnderzoek, BibobRol, BibobStatus
from handhaving.bibob.workflow import BIBOB_WORKFLOW
from handhaving.db import get_session
from handhaving.eenmalig.views import eenmalig
from handhaving.errors import Geweigerd, OngeldigeInvoer
from handhaving.invoer import id_of_none
from handhaving.security.policy import gemeente_ids
from handhaving.security.rules import Rol
from handhaving.storage.serve import bestand_response
from handhaving.subjecten import services as subjecten
from handhaving.tijd import vandaag
from handhaving.vergunningen.models import Vergunning

bp = Blueprint("bibob", __name__, template_folder="templates")

S = BibobStatus
MAX_VERGUNNINGEN = 500


def _onderzoek(onderzoek_id: int) -> BibobOnderzoek:
    """The dossier if this user may open it; 404 otherwise (its existence is not told)."""
    o = services.get_onderzoek(get_session(), current_user, gemeente_ids(), onderzoek_id)
    if o is None:
        abort(404)
    return o


def _ongedaan():
    """A refused form is shown again with its input; nothing of the request is kept."""
    g.rollback = True


def _naar_openen(o: BibobOnderzoek):
    return redirect(url_for("bibob.openen", onderzoek_id=o.id, volgende=request.path if request.method == "GET"
                            else None))


def _schrijfbaar(onderzoek_id: int) -> BibobOnderzoek | None:
    """For a write route: the dossier (404), the right to change it (403), opened with a reason
    (else None: the caller redirects to the reason page)."""
    o = _onderzoek(onderzoek_id)
    services.controleer_recht(get_session(), current_user, o)
    return o if inzage.is_geopend(o) else None


def _perioden_cache():
    cache: dict[int, tm.Perioden] = {}
    session = get_session()

    def perioden(gemeente_id: int) -> tm.Perioden:
        if gemeente_id not in cache:
            cache[gemeente_id] = services.perioden(session, gemeente_id)
        return cache[gemeente_id]
    return perioden


def _gemeenten(ids) -> list[Gemeente]:
    return get_session().execute(select(Gemeente).where(Gemeente.id.in_(ids)).order_by(Gemeente.naam)).scalars().all()


# ---------------------------------------------------------------------------- list

@bp.get("/")
def index():
    session = get_session()
    form = FilterForm(request.args)
    form.validate()
    ids = gemeente_ids()
    onderzoeken = services.lijst(session, current_user, ids, status=form.status.data or "",
                                 alleen_mijn=bool(form.mijn.data))
    perioden = _perioden_cache()
    vandaag_ = vandaag()
    rijen = [(o, tm.eerstvolgende(o, vandaag_, perioden(o.gemeente_id))) for o in onderzoeken]
    recht = [gid for gid in rechten.recht_gemeenten(session, current_user) if gid in ids]
    return render_template("bibob/index.html", form=form, rijen=rijen, mag_starten=bool(recht),
                           gefilterd=bool(form.status.data or form.mijn.data),
                           gemeenten={gm.id: gm.naam for gm in _gemeenten(ids)} if len(ids) > 1 else {})


@bp.get("/termijnen")
def termijnen():
    """Every open deadline of the user's own dossiers (or, with ``alle=1``, of every dossier of
    their gemeenten they may open), earliest first. One audit row per dossier shown."""
    session = get_session()
    ids = gemeente_ids()
    alle = request.args.get("alle") == "1"
    stmt = select(BibobOnderzoek).where(services.zichtbaar_filter(session, current_user, ids),
                                        BibobOnderzoek.status != S.GEARCHIVEERD)
    if not alle:
        stmt = stmt.where(BibobOnderzoek.behandelaar_id == current_user.id)
    perioden = _perioden_cache()
    vandaag_ = vandaag()
    rijen = []
    for o in session.execute(stmt.order_by(BibobOnderzoek.id)).scalars():
        p = perioden(o.gemeente_id)
        open_ = [t for t in tm.termijnen(o, vandaag_, p) if t.open]
        if not open_:
            continue
        inzage.gelezen(o, "termijnen")
        rijen.extend((t, o, (t.datum - vandaag_).days) for t in open_)
    rijen.sort(key=lambda r: (r[0].datum, r[1].zaaknummer))
    tellingen = {
        "verlopen": sum(1 for t, _, _ in rijen if t.status == tm.VERLOPEN),
        "week": sum(1 for _, _, d in rijen if 0 <= d <= 6),
        "binnenkort": sum(1 for t, _, _ in rijen if t.status == tm.BINNENKORT),
    }
    return render_template("bibob/termijnen.html", rijen=rijen, alle=alle, tellingen=tellingen,
                           gemeenten={gm.id: gm.naam for gm in _gemeenten(ids)} if len(ids) > 1 else {})


# ---------------------------------------------------------------------------- start

def _behandelaars(session, gemeente_id: int) -> list[Gebruiker]:
    """Who may handle a dossier here: the coördinators and the mandated vergunningverleners."""
    kandidaten = session.execute(
        select(Gebruiker).join(Roltoewijzing, Roltoewijzing.gebruiker_id == Gebruiker.id)
        .where(Roltoewijzing.gemeente_id == gemeente_id,
               Roltoewijzing.rol.in_([Rol.COORDINATOR, Rol.VERGUNNINGVERLENER]), Gebruiker.actief.is_(True))
        .order_by(Gebruiker.naam)).scalars().unique().all()
    return [u for u in kandidaten if rechten.heeft_recht(session, u, gemeente_id)]


def _vergunningen(session, gemeente_id: int) -> list[Vergunning]:
    return list(session.execute(select(Vergunning).where(Vergunning.gemeente_id == gemeente_id)
                                .order_by(Vergunning.zaaknummer.desc()).limit(MAX_VERGUNNINGEN)).scalars())


def _vergunning_label(v: Vergunning) -> str:
    extra = f", {v.inrichting_naam}" if v.inrichting_naam else ""
    return f"{v.zaaknummer} – {v.vergunningtype.naam}: {v.houder.weergavenaam}{extra} ({v.status.label.lower()})"


def _gekozen_betrokkenen(session, gemeente_id: int) -> list[tuple]:
    """Rows of the betrokkenen table as posted: (subject, rol value) for every ``rol_<id>`` select."""
    rijen = []
    for sleutel in request.form:
        if not sleutel.startswith("rol_") or id_of_none(sleutel[4:]) is None:
            continue
        s = subjecten.get_subject(session, [gemeente_id], id_of_none(sleutel[4:]))
        if s is not None:
            rijen.extend((s, rol) for rol in request.form.getlist(sleutel))
    return rijen


@bp.route("/nieuw", methods=["GET", "POST"])
@eenmalig
def nieuw():
    session = get_session()
    ids = [gid for gid in rechten.recht_gemeenten(session, current_user) if gid in gemeente_ids()]
    if not ids:
        raise Geweigerd("Alleen wie het Bibob-recht heeft (coördinator, of vergunningverlener met een Bibob-mandaat) "
                        "start een Bibob-onderzoek.")
    gekozen = request.values.get("gemeente", type=int)
    gemeente_id = gekozen if gekozen in ids else ids[0]
    form = OnderzoekForm()
    vergunningen = _vergunningen(session, gemeente_id)
    form.vergunning.choices = [("", "— geen: een ander besluit (subsidie, vastgoed, aanbesteding) —")] + [
        (str(v.id), _vergunning_label(v)) for v in vergunningen]
    behandelaars = _behandelaars(session, gemeente_id)
    form.behandelaar.choices = [(str(u.id), u.naam) for u in behandelaars]
    vergunning = None
    gevraagd = request.values.get("vergunning", type=int)
    if gevraagd:
        vergunning = session.get(Vergunning, gevraagd)
        if vergunning is None or vergunning.gemeente_id != gemeente_id:
            vergunning = None
    if request.method == "GET":
        form.behandelaar.data = str(current_user.id)
        if vergunning is not None:
            form.vergunning.data = str(vergunning.id)
            if not form.aanleiding.data:
                form.aanleiding.data = "aanvraag" if vergunning.status.value == "aangevraagd" else ""
    # The betrokkenen table: posted rows, or the permit's defaults, plus a search and ?subject= ids.
    rijen = _gekozen_betrokkenen(session, gemeente_id) if request.method == "POST" else []
    if not rijen and vergunning is not None:
        rijen = [(s, rol.value) for s, rol in services.betrokkenen_van_vergunning(vergunning)]
    gezien = {s.id for s, _ in rijen}
    for sid in request.args.getlist("subject", type=int):
        s = subjecten.get_subject(session, [gemeente_id], sid)
        if s is not None and s.id not in gezien:
            rijen.append((s, BibobRol.BETROKKENE.value))
            gezien.add(s.id)
    q = (request.args.get("q") or "").strip()[:100]
    if q:
        for s in subjecten.zoek(session, [gemeente_id], q, limit=20):
            if s.id not in gezien:
                rijen.append((s, ""))
                gezien.add(s.id)
    fout = None
    if request.method == "POST":
        if not form.validate_on_submit():
            fout = OngeldigeInvoer(next(iter(form.errors.values()))[0])
        else:
            betrokkenen = [(s.id, rol) for s, rol in rijen if rol]
            try:
                o = services.maak_onderzoek(session, current_user, gemeente_id, services.OnderzoekInvoer(
                    aanleiding=form.aanleiding.data or "",
                    vergunning_id=id_of_none(form.vergunning.data),
                    omschrijving=form.omschrijving.data or "",
                    behandelaar_id=id_of_none(form.behandelaar.data),
                    beslistermijn_tot=form.beslistermijn_tot.data, betrokkenen=betrokkenen))
            except OngeldigeInvoer as e:
                fout = e
            else:
                # Whoever starts a dossier has a reason to open it: the start is recorded as that reason.
                inzage.open_met_reden(o, f"Onderzoek {o.zaaknummer} gestart")
                flash(f"Bibob-onderzoek {o.zaaknummer} is gestart.", "success")
                return redirect(url_for("bibob.dossier", onderzoek_id=o.id))
        _ongedaan()
    return render_template("bibob/nieuw.html", form=form, fout=fout, gemeente_id=gemeente_id,
                           gemeenten=_gemeenten(ids), vergunningen=vergunningen, vergunning=vergunning, rijen=rijen,
                           q=q, rollen=BibobRol.keuzes()), 422 if request.method == "POST" else 200


# ---------------------------------------------------------------------------- open with a reason

@bp.route("/<int:onderzoek_id>/openen", methods=["GET", "POST"])
def openen(onderzoek_id: int):
    o = _onderzoek(onderzoek_id)
    form = RedenForm()
    volgende = request.values.get("volgende") or ""
    if volgende != f"/bibob/{o.id}" and not volgende.startswith(f"/bibob/{o.id}/"):
        volgende = url_for("bibob.dossier", onderzoek_id=o.id)
    fout = None
    if request.method == "POST":
        try:
            if not form.validate_on_submit():
                raise OngeldigeInvoer(next(iter(form.errors.values()))[0])
            inzage.open_met_reden(o, form.reden.data or "")
        except OngeldigeInvoer as e:
            _ongedaan()
            fout = e
        else:
            return redirect(volgende)
    # Only the zaaknummer: nothing of the content before the reason is given.
    return render_template("bibob/openen.html", o=o, form=form, fout=fout, volgende=volgende), \
        422 if fout else 200


# ---------------------------------------------------------------------------- the dossier

def _stap_formulieren(o: BibobOnderzoek, gepost: StapForm | None):
    session = get_session()
    uit = []
    for ov in BIBOB_WORKFLOW.mogelijk(o.status):
        naar = ov.naar.value
        f = gepost if gepost is not None and gepost.naar.data == naar else StapForm(formdata=None)
        f.naar.data = naar
        velden = stap_velden(o.status, ov.naar)
        if "hergebruik_van_id" in velden:
            opties = services.hergebruik_keuzes(session, current_user, o, inzage.reden(o))
            if not opties:
                continue  # nothing to reuse: the step is not offered
            f.hergebruik_van_id.choices = [("", "— kies —")] + [
                (str(k.id), (f"{k.zaaknummer}: {k.advies_mate.label if k.advies_mate else 'advies'} "
                             f"van {k.advies_ontvangen_op:%d-%m-%Y}, bruikbaar tot {tot:%d-%m-%Y}"))
                for k, tot in opties]
        f.datum.label.text = STAP_DATUM.get(ov.naar, "Datum")
        if ov.naar == S.ADVIES_LBB_AANGEVRAAGD and "bevindingen" in velden:
            f.bevindingen.label.text = "Bevindingen van het eigen onderzoek tot nu toe (optioneel)"
        uit.append((ov, _ids(f, f"stap-{naar}"), velden))
    return uit


def _ids(form, prefix: str):
    """Unique element ids for one of several forms on a page (the field names stay as they are)."""
    for field in form:
        field.id = f"{prefix}-{field.name}"
    return form


def _dossier(o: BibobOnderzoek, *, fout=None, stap_form=None, verleng_form=None, zienswijze_form=None,
             betrokkene_form=None, tip_form=None, document_form=None, status=200):
    session = get_session()
    inzage.gelezen(o, "dossier", reden=inzage.reden(o))
    p = services.perioden(session, o.gemeente_id)
    mag_wijzigen = rechten.mag_wijzigen(session, current_user, o)
    q = (request.args.get("q") or "").strip()[:100]
    gevonden = subjecten.zoek(session, [o.gemeente_id], q, limit=20) if q and mag_wijzigen else []
    return render_template(
        "bibob/dossier.html", o=o, fout=fout, mag_wijzigen=mag_wijzigen, S=S,
        termijnen=tm.termijnen(o, vandaag(), p), perioden=p, hergebruik_tot=tm.hergebruik_tot(o, p),
        opgeschort=tm.opschorting_dagen(o, vandaag()),
        stappen=_stap_formulieren(o, stap_form) if mag_wijzigen else [],
        verleng_form=_ids(verleng_form or VerlengForm(formdata=None), "verleng"),
        zienswijze_form=_ids(zienswijze_form or ZienswijzeForm(formdata=None), "zienswijze"),
        betrokkene_form=_ids(betrokkene_form or BetrokkeneForm(formdata=None), "betrokkene"),
        tip_form=_ids(tip_form or TipForm(formdata=None), "tip"),
        document_form=_ids(document_form or DocumentForm(formdata=None), "document"),
        q=q, gevonden=gevonden, rollen=BibobRol.keuzes()), status


@bp.get("/<int:onderzoek_id>")
def dossier(onderzoek_id: int):
    o = _onderzoek(onderzoek_id)
    if not inzage.is_geopend(o):
        return _naar_openen(o)
    return _dossier(o)


def _fout(form) -> OngeldigeInvoer:
    return OngeldigeInvoer(next(iter(form.errors.values()))[0])


@bp.post("/<int:onderzoek_id>/stap")
def stap(onderzoek_id: int):
    o = _schrijfbaar(onderzoek_id)
    if o is None:
        return redirect(url_for("bibob.openen", onderzoek_id=onderzoek_id))
    form = StapForm()
    try:
        if not form.validate_on_submit():
            raise _fout(form)
        hergebruik = form.hergebruik_van_id.data or ""
        # An illegal step raises OngeldigeOvergang: 409 from the request boundary.
        s = services.stap(get_session(), current_user, o, form.naar.data or "", services.StapInvoer(
            datum=form.datum.data, toelichting=form.toelichting.data or "",
            formulier_uitkomst=form.formulier_uitkomst.data or "", bevindingen=form.bevindingen.data or "",
            conclusie=form.conclusie.data or "", betrokkene_geinformeerd_op=form.betrokkene_geinformeerd_op.data,
            advies_mate=form.advies_mate.data or "", advies_grond=form.advies_grond.data or "",
            advies_samenvatting=form.advies_samenvatting.data or "",
            hergebruik_van_id=id_of_none(hergebruik),
            besluit=form.besluit.data or "", motivering=form.motivering.data or ""))
    except OngeldigeInvoer as e:
        _ongedaan()
        return _dossier(o, fout=e, stap_form=form, status=422)
    flash(f"Vastgelegd: {s.handeling.lower()}. Het onderzoek staat nu op ‘{o.status.label}’.", "success")
    return redirect(url_for("bibob.dossier", onderzoek_id=o.id, _anchor="stappen"))


@bp.post("/<int:onderzoek_id>/verlengen")
def verlengen(onderzoek_id: int):
    o = _schrijfbaar(onderzoek_id)
    if o is None:
        return redirect(url_for("bibob.openen", onderzoek_id=onderzoek_id))
    form = VerlengForm()
    try:
        if not form.validate_on_submit():
            raise _fout(form)
        services.verleng_lbb(get_session(), current_user, o, datum=form.datum.data, weken=form.weken.data)
    except OngeldigeInvoer as e:
        _ongedaan()
        return _dossier(o, fout=e, verleng_form=form, status=422)
    flash(f"De adviestermijn van het LBB is verlengd met {form.weken.data} weken.", "success")
    return redirect(url_for("bibob.dossier", onderzoek_id=o.id, _anchor="termijnen"))


@bp.post("/<int:onderzoek_id>/zienswijze")
@eenmalig
def zienswijze(onderzoek_id: int):
    o = _schrijfbaar(onderzoek_id)
    if o is None:
        return redirect(url_for("bibob.openen", onderzoek_id=onderzoek_id))
    form = ZienswijzeForm()
    try:
        if not form.validate_on_submit():
            raise _fout(form)
        services.leg_zienswijze_vast(get_session(), current_user, o, datum=form.datum.data,
                                     tekst=form.zienswijze.data or "", afgezien=bool(form.afgezien.data))
    except OngeldigeInvoer as e:
        _ongedaan()
        return _dossier(o, fout=e, zienswijze_form=form, status=422)
    flash("De zienswijze is vastgelegd.", "success")
    return redirect(url_for("bibob.dossier", onderzoek_id=o.id, _anchor="stappen"))


@bp.post("/<int:onderzoek_id>/betrokkenen")
@eenmalig
def betrokkene_toevoegen(onderzoek_id: int):
    o = _schrijfbaar(onderzoek_id)
    if o is None:
        return redirect(url_for("bibob.openen", onderzoek_id=onderzoek_id))
    session = get_session()
    form = BetrokkeneForm()
    try:
        if not form.validate_on_submit():
            raise _fout(form)
        subject = subjecten.get_subject(session, [o.gemeente_id], form.subject_id.data) \
            if form.subject_id.data else None
        b = services.voeg_betrokkene_toe(session, current_user, o, subject, form.rol.data or "")
    except OngeldigeInvoer as e:
        _ongedaan()
        return _dossier(o, fout=e, betrokkene_form=form, status=422)
    flash(f"{b.subject.weergavenaam} staat nu als {b.rol.label.lower()} in het dossier.", "success")
    return redirect(url_for("bibob.dossier", onderzoek_id=o.id, _anchor="betrokkenen"))


@bp.post("/<int:onderzoek_id>/tips")
@eenmalig
def tip_toevoegen(onderzoek_id: int):
    o = _schrijfbaar(onderzoek_id)
    if o is None:
        return redirect(url_for("bibob.openen", onderzoek_id=onderzoek_id))
    form = TipForm()
    try:
        if not form.validate_on_submit():
            raise _fout(form)
        services.voeg_tip_toe(get_session(), current_user, o, bron=form.bron.data or "",
                              bron_omschrijving=form.bron_omschrijving.data or "",
                              ontvangen_op=form.ontvangen_op.data, inhoud=form.inhoud.data or "")
    except OngeldigeInvoer as e:
        _ongedaan()
        return _dossier(o, fout=e, tip_form=form, status=422)
    flash("De informatie is vastgelegd met haar bron.", "success")
    return redirect(url_for("bibob.dossier", onderzoek_id=o.id, _anchor="tips"))


@bp.post("/<int:onderzoek_id>/documenten")
@eenmalig
def document_toevoegen(onderzoek_id: int):
    o = _schrijfbaar(onderzoek_id)
    if o is None:
        return redirect(url_for("bibob.openen", onderzoek_id=onderzoek_id))
    form = DocumentForm()
    bestand = request.files.get("bestand")
    try:
        if not form.validate_on_submit():
            raise _fout(form)
        data = bestand.read(services.MAX_DOCUMENT + 1) if bestand else b""
        d = services.voeg_document_toe(get_session(), current_user, o, data=data,
                                       bestandsnaam=bestand.filename if bestand else "",
                                       omschrijving=form.omschrijving.data or "")
    except OngeldigeInvoer as e:
        _ongedaan()
        return _dossier(o, fout=e, document_form=form, status=422)
    flash(f"Document ‘{d.bestandsnaam}’ is toegevoegd.", "success")
    return redirect(url_for("bibob.dossier", onderzoek_id=o.id, _anchor="documenten"))


@bp.get("/<int:onderzoek_id>/documenten/<int:document_id>")
def document(onderzoek_id: int, document_id: int):
    o = _onderzoek(onderzoek_id)
    d = get_session().get(BibobDocument, document_id)
    if d is None or d.onderzoek_id != o.id:
        abort(404)
    if not inzage.is_geopend(o):
        return _naar_openen(o)
    # One audit row for this read (bestand_response writes it, also when the file is missing).
    return bestand_response(d.sleutel, d.bestandsnaam, d.mimetype, audit_actie=BibobActie.DOCUMENT_GELEZEN,
                            object_type="bibob_onderzoek", object_id=o.id, gemeente_id=o.gemeente_id)


# ---------------------------------------------------------------------------- export

@bp.route("/<int:onderzoek_id>/export", methods=["GET", "POST"], endpoint="export")
def export_(onderzoek_id: int):
    o = _onderzoek(onderzoek_id)
    if not inzage.is_geopend(o):
        return _naar_openen(o)
    form = ExportForm()
    fout = None
    if request.method == "POST":
        try:
            if not form.validate_on_submit():
                raise _fout(form)
            pdf = export.exporteer(get_session(), current_user, o, ontvanger=form.ontvanger.data or "",
                                   grond=form.grond.data or "")
        except OngeldigeInvoer as e:
            _ongedaan()
            fout = e
        else:
            resp = Response(pdf, mimetype="application/pdf")
            resp.headers["Content-Disposition"] = f'attachment; filename="{export.bestandsnaam(o)}"'
            resp.headers["X-Content-Type-Options"] = "nosniff"
            resp.headers["Cache-Control"] = "no-store"
            return resp
    return render_template("bibob/export.html", o=o, form=form, fout=fout, gronden=EXPORT_GRONDEN), \
        422 if fout else 200

