"""Subjecten: the URL table of the people and companies register. Thin: load (scoped to the
user's gemeenten: another gemeente's subject is 404), call a service, render or redirect.

A refused form is shown again with its input and nothing of the request is kept (422). Each
page that shows one subject's record is an audited read; the BSN is never shown in full.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from handhaving.auth.models import Gemeente
from handhaving.db import get_session
from handhaving.eenmalig.views import eenmalig
from handhaving.errors import OngeldigeInvoer
from handhaving.security.policy import gemeente_ids
from handhaving.subjecten import services
from handhaving.subjecten.forms import LeegForm, PersoonForm, RechtspersoonForm, RelatieForm, ZoekForm
from handhaving.subjecten.models import Subject, SubjectRelatie, SubjectSoort
from handhaving.subjecten.namen import normaliseer_kvk, splits_achternaam
from handhaving.vergunningen.services import rollen_van_subject

bp = Blueprint("subjecten", __name__, template_folder="templates")

PER_PAGINA = 50
# Up to this many candidates the relation form offers a plain list; above it, a search first.
MAX_KEUZES = 200
MAX_ZOEK = 20


# ---------------------------------------------------------------------------- helpers

def _subject(subject_id: int, lezen: bool = False) -> Subject:
    """The subject in the user's scope, or 404. ``lezen``: the page shows the record (audited)."""
    session = get_session()
    s = (services.lees_subject if lezen else services.get_subject)(session, gemeente_ids(), subject_id)
    if s is None:
        abort(404)
    return s


def _ongedaan():
    """A refused form is shown again with its input; nothing of the request is kept."""
    g.rollback = True


def _gemeenten(ids: list[int]) -> list[Gemeente]:
    return list(get_session().execute(select(Gemeente).where(Gemeente.id.in_(ids))
                                      .order_by(Gemeente.naam)).scalars())


def _soort_param() -> SubjectSoort:
    return SubjectSoort.PERSOON if request.values.get("soort") == "persoon" else SubjectSoort.RECHTSPERSOON


def _persoon_invoer(form: PersoonForm, bestaand: Subject | None = None) -> services.PersoonInvoer:
    voorvoegsel, geslachtsnaam = (form.voorvoegsel.data or "").strip(), form.geslachtsnaam.data or ""
    if not voorvoegsel:
        # "van der Berg" typed as one surname: the particles go apart, as the BRP stores them.
        voorvoegsel, geslachtsnaam = splits_achternaam(geslachtsnaam)
    bsn, grondslag = form.bsn.data or "", form.bsn_grondslag.data or ""
    if bestaand is not None and bestaand.bsn and not bsn.strip():
        # The form never shows the stored BSN: left empty means "keep it" unless removal is ticked.
        bsn = "" if form.bsn_verwijderen.data else bestaand.bsn
    return services.PersoonInvoer(geslachtsnaam=geslachtsnaam, voornamen=form.voornamen.data or "",
                                  voorvoegsel=voorvoegsel, geboortedatum=form.geboortedatum.data, bsn=bsn,
                                  bsn_grondslag=grondslag, adres_id=bestaand.adres_id if bestaand else None,
                                  adres_tekst=form.adres_tekst.data or "")


def _rechtspersoon_invoer(form: RechtspersoonForm, bestaand: Subject | None = None) -> services.RechtspersoonInvoer:
    return services.RechtspersoonInvoer(naam=form.naam.data or "", kvk_nummer=form.kvk_nummer.data or "",
                                        rechtsvorm=form.rechtsvorm.data or "", handelsnamen=form.handelsnamen_lijst,
                                        adres_id=bestaand.adres_id if bestaand else None,
                                        adres_tekst=form.adres_tekst.data or "")


def _zelfde_kvk(gemeente_id: int, kvk: str, behalve: int | None = None) -> Subject | None:
    """The subject already registered under this KvK number (to link to instead of a copy)."""
    try:
        kvk = normaliseer_kvk(kvk)
    except OngeldigeInvoer:
        return None
    for s in services.zoek(get_session(), [gemeente_id], kvk, soort=SubjectSoort.RECHTSPERSOON.value, limit=2):
        if s.kvk_nummer == kvk and s.id != behalve:
            return s
    return None


def _label(s: Subject) -> str:
    if s.is_persoon:
        return f"{s.sorteernaam} ({s.geboortedatum.year})" if s.geboortedatum else s.sorteernaam
    return f"{s.naam} (KvK {s.kvk_nummer})" if s.kvk_nummer else s.naam


def _kandidaten(s: Subject, q: str) -> tuple[list[Subject], bool]:
    """Who can be related to this subject: for a person the companies, for a company anyone
    else. A plain list when the gemeente has few; otherwise the results of a search (and
    whether a search is needed)."""
    session = get_session()
    voorwaarden = [Subject.gemeente_id == s.gemeente_id, Subject.id != s.id]
    if s.is_persoon:
        voorwaarden.append(Subject.soort == SubjectSoort.RECHTSPERSOON)
    aantal = session.execute(select(func.count(Subject.id)).where(*voorwaarden)).scalar_one()
    soort = SubjectSoort.RECHTSPERSOON.value if s.is_persoon else None
    if aantal <= MAX_KEUZES:
        if q:
            return [k for k in services.zoek(session, [s.gemeente_id], q, soort=soort, limit=MAX_KEUZES)
                    if k.id != s.id], False
        rijen = session.execute(select(Subject).where(*voorwaarden).order_by(Subject.zoeknaam)).scalars()
        return list(rijen), False
    if not q:
        return [], True
    return [k for k in services.zoek(session, [s.gemeente_id], q, soort=soort, limit=MAX_ZOEK + 1)
            if k.id != s.id][:MAX_ZOEK], True


def _detail_context(s: Subject, relatie_form: RelatieForm | None = None, fout=None) -> dict:
    session = get_session()
    q = (request.args.get("relatie_q") or request.form.get("relatie_q") or "").strip()[:100]
    kandidaten, zoeken = _kandidaten(s, q)
    form = relatie_form or RelatieForm()
    form.ander_id.choices = [("", "Kies…")] + [(k.id, _label(k)) for k in kandidaten]
    rollen = [(v, rol) for v, rol in rollen_van_subject(session, s) if v.gemeente_id == s.gemeente_id]
    return {"subject": s, "rollen": rollen, "relaties": [] if s.is_persoon else list(s.relaties),
            "betrokken_bij": services.betrokken_bij(session, s), "relatie_form": form, "relatie_q": q,
            "relatie_zoeken": zoeken, "leeg_form": LeegForm(), "fout": fout}


# ---------------------------------------------------------------------------- the register

@bp.get("/")
def index():
    session = get_session()
    form = ZoekForm(request.args)
    q, soort = "", None
    if form.validate():
        q, soort = form.q.data or "", form.soort.data or None
    pagina = max(1, request.args.get("pagina", 1, type=int) or 1)
    begin = (pagina - 1) * PER_PAGINA
    rijen = services.zoek(session, gemeente_ids(), q, soort=soort, limit=begin + PER_PAGINA + 1)
    args = {k: v for k, v in request.args.items() if k != "pagina" and v}
    return render_template("subjecten/index.html", form=form, subjecten=rijen[begin:begin + PER_PAGINA],
                           meer=len(rijen) > begin + PER_PAGINA, pagina=pagina, args=args)


@bp.get("/zoek")
def zoek():
    """For pickers (the permit form): ``{"resultaten": [{id, label, kvk, soort}]}``, at most 20."""
    ids = gemeente_ids()
    gekozen = request.args.get("gemeente", type=int)
    if gekozen is not None:
        ids = [gekozen] if gekozen in ids else []
    soort = request.args.get("soort") or None
    if soort not in (None, *(s.value for s in SubjectSoort)):
        soort = None
    q = (request.args.get("q") or "")[:100]
    resultaten = services.zoek(get_session(), ids, q, soort=soort, limit=MAX_ZOEK) if ids else []
    return jsonify({"resultaten": [{"id": s.id, "label": _label(s), "kvk": s.kvk_nummer, "soort": s.soort.value,
                                    "gemeente_id": s.gemeente_id} for s in resultaten]})


@bp.route("/nieuw", methods=["GET", "POST"])
@eenmalig
def nieuw():
    session = get_session()
    ids = gemeente_ids()
    soort = _soort_param()
    form = PersoonForm() if soort == SubjectSoort.PERSOON else RechtspersoonForm()
    gemeenten = _gemeenten(ids)
    form.gemeente.choices = [(gm.id, gm.naam) for gm in gemeenten]
    if request.method == "GET":
        gekozen = request.args.get("gemeente", type=int)
        form.gemeente.data = gekozen if gekozen in ids else ids[0]
    fout, bestaand = None, None
    if form.validate_on_submit():
        gemeente_id = form.gemeente.data if form.gemeente.data in ids else (ids[0] if len(ids) == 1 else None)
        if gemeente_id is None:
            form.gemeente.errors.append("Kies de gemeente.")
        else:
            try:
                if soort == SubjectSoort.PERSOON:
                    s = services.maak_persoon(session, current_user, gemeente_id, _persoon_invoer(form))
                else:
                    s = services.maak_rechtspersoon(session, current_user, gemeente_id, _rechtspersoon_invoer(form))
            except OngeldigeInvoer as e:
                fout = e
                if soort == SubjectSoort.RECHTSPERSOON:
                    bestaand = _zelfde_kvk(gemeente_id, form.kvk_nummer.data or "")
            else:
                flash(f"{s.weergavenaam} is vastgelegd.", "success")
                return redirect(url_for("subjecten.detail", subject_id=s.id))
    if request.method == "POST":
        _ongedaan()
    return render_template("subjecten/formulier.html", form=form, soort=soort, subject=None, fout=fout,
                           bestaand=bestaand, gemeenten=gemeenten), (422 if request.method == "POST" else 200)


# ---------------------------------------------------------------------------- one subject

@bp.get("/<int:subject_id>")
def detail(subject_id: int):
    s = _subject(subject_id, lezen=True)
    return render_template("subjecten/detail.html", **_detail_context(s))


@bp.route("/<int:subject_id>/wijzigen", methods=["GET", "POST"])
def wijzigen(subject_id: int):
    session = get_session()
    s = _subject(subject_id, lezen=request.method == "GET")
    form = PersoonForm() if s.is_persoon else RechtspersoonForm()
    form.gemeente.choices = [(s.gemeente_id, "")]
    if request.method == "GET":
        form.adres_tekst.data = s.adres_tekst
        if s.is_persoon:
            form.voornamen.data, form.voorvoegsel.data = s.voornamen, s.voorvoegsel
            form.geslachtsnaam.data, form.geboortedatum.data = s.geslachtsnaam, s.geboortedatum
            form.bsn_grondslag.data = s.bsn_grondslag  # the BSN itself is never sent to the browser
        else:
            form.naam.data, form.kvk_nummer.data = s.naam, s.kvk_nummer or ""
            form.rechtsvorm.data = s.rechtsvorm.value if s.rechtsvorm else ""
            form.handelsnamen.data = "\n".join(s.handelsnamen or [])
    fout, bestaand = None, None
    if form.validate_on_submit():
        try:
            services.wijzig(session, current_user, s,
                            _persoon_invoer(form, s) if s.is_persoon else _rechtspersoon_invoer(form, s))
        except OngeldigeInvoer as e:
            fout = e
            if not s.is_persoon:
                bestaand = _zelfde_kvk(s.gemeente_id, form.kvk_nummer.data or "", behalve=s.id)
        else:
            flash("De gegevens zijn opgeslagen.", "success")
            return redirect(url_for("subjecten.detail", subject_id=s.id))
    if request.method == "POST":
        _ongedaan()
    return render_template("subjecten/formulier.html", form=form, soort=s.soort, subject=s, fout=fout,
                           bestaand=bestaand, gemeenten=[]), (422 if request.method == "POST" else 200)


@bp.post("/<int:subject_id>/relaties")
@eenmalig
def relatie_toevoegen(subject_id: int):
    session = get_session()
    s = _subject(subject_id)
    form = RelatieForm()
    fout = None
    if form.validate_on_submit():
        # Only a subject of the same gemeente can be picked (another gemeente's is "not in the list").
        ander = services.get_subject(session, [s.gemeente_id], form.ander_id.data)
        if ander is None:
            form.ander_id.errors.append("Kies een persoon of onderneming uit de lijst.")
        else:
            rechtspersoon, betrokkene = (ander, s) if s.is_persoon else (s, ander)
            try:
                services.voeg_relatie_toe(session, current_user, rechtspersoon, betrokkene, form.soort.data,
                                          form.sinds.data, form.tot.data, form.toelichting.data or "")
            except OngeldigeInvoer as e:
                fout = e
            else:
                flash("De betrokkenheid is vastgelegd.", "success")
                return redirect(url_for("subjecten.detail", subject_id=s.id) + "#relaties")
    _ongedaan()
    if fout is None:
        fout = OngeldigeInvoer("De betrokkenheid is niet vastgelegd: controleer de gemarkeerde velden.")
    s = _subject(subject_id, lezen=True)  # the page shows the record again: an audited read
    return render_template("subjecten/detail.html", **_detail_context(s, form, fout)), 422


@bp.post("/<int:subject_id>/relaties/<int:relatie_id>/verwijderen")
def relatie_verwijderen(subject_id: int, relatie_id: int):
    session = get_session()
    s = _subject(subject_id)
    r = session.get(SubjectRelatie, relatie_id)
    if r is None or r.gemeente_id != s.gemeente_id or s.id not in (r.rechtspersoon_id, r.betrokkene_id):
        abort(404)
    services.verwijder_relatie(session, current_user, r)
    flash("De betrokkenheid is verwijderd.", "success")
    return redirect(url_for("subjecten.detail", subject_id=s.id) + "#relaties")
