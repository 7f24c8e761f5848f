"""Controles: closing – afronden, the rapport in concept, signing, vaststellen, the outcome,
addenda, and the signature and rapport downloads."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from handhaving.controles import afronding, planning, services
from handhaving.controles.acties import ControleActie
from handhaving.controles.blueprint import bp
from handhaving.controles.forms import AddendumForm, OndertekenForm, RedenForm, UitkomstForm, VersieForm
from handhaving.controles.models import ControleStatus as S
from handhaving.controles.models import Ondertekening, Rapport, RapportStatus
from handhaving.controles.views_gedeeld import _context, _controle, _kind, _ongedaan, _versie
from handhaving.db import get_session
from handhaving.eenmalig.views import eenmalig
from handhaving.errors import OngeldigeInvoer
from handhaving.storage.serve import bestand_response
from handhaving.tijd import naar_lokaal


@bp.route("/<int:controle_id>/afronden", methods=["GET", "POST"])
def afronden(controle_id: int):
    session = get_session()
    c = _controle(controle_id)
    form = VersieForm()
    if request.method == "POST":
        form.validate_on_submit()
        stap = request.form.get("stap", "uitvoering")
        try:
            if stap == "rapport":
                services.stel_rapport_op(session, current_user, c, _versie(form.versie.data))
                flash("Het rapport staat klaar om te ondertekenen.", "success")
            else:
                afronding.rond_uitvoering_af(session, current_user, c, _versie(form.versie.data))
                flash("De uitvoering is afgerond. Controleer het rapport en onderteken het.", "success")
        except OngeldigeInvoer as e:
            _ongedaan()
            return render_template("controles/afronden.html", **_context(c), fout=e,
                                   ontbrekend=afronding.ontbrekend(session, c), form=VersieForm(versie=c.versie)), 422
        return redirect(url_for("controles.detail", controle_id=c.id) + "#afronden")
    return render_template("controles/afronden.html", **_context(c), fout=None,
                           ontbrekend=afronding.ontbrekend(session, c), form=VersieForm(versie=c.versie))


@bp.post("/<int:controle_id>/rapport-terug")
def rapport_terug(controle_id: int):
    c = _controle(controle_id)
    form = RedenForm()
    form.validate_on_submit()
    afronding.rapport_terug(get_session(), current_user, c, _versie(form.versie.data), form.reden.data or "")
    flash("Het rapport is terug in de uitvoering; eerdere ondertekeningen vervallen.", "success")
    return redirect(url_for("controles.vastleggen", controle_id=c.id))


@bp.post("/<int:controle_id>/ondertekenen")
def ondertekenen(controle_id: int):
    session = get_session()
    c = _controle(controle_id)
    form = OndertekenForm()
    form.validate_on_submit()
    try:
        afronding.onderteken(session, current_user, c, wijze=form.wijze.data or "", naam=form.naam.data or "",
                             handtekening=form.handtekening.data or "", akkoord=bool(form.akkoord.data))
    except OngeldigeInvoer as e:
        _ongedaan()
        return render_template("controles/detail.html", **_context(c, True), versie_form=VersieForm(versie=c.versie),
                               reden_form=RedenForm(versie=c.versie), addendum_form=AddendumForm(),
                               uitkomst_form=UitkomstForm(versie=c.versie), onderteken_form=form,
                               ontbrekend=[], fout=e), 422
    flash("U hebt het rapport ondertekend.", "success")
    return redirect(url_for("controles.detail", controle_id=c.id) + "#afronden")


@bp.post("/<int:controle_id>/vaststellen")
def vaststellen(controle_id: int):
    c = _controle(controle_id)
    form = VersieForm()
    form.validate_on_submit()
    afronding.stel_vast(get_session(), current_user, c, _versie(form.versie.data))
    flash("Het rapport is vastgesteld. De PDF wordt gemaakt; kies nu de uitkomst.", "success")
    return redirect(url_for("controles.detail", controle_id=c.id) + "#uitkomst")


@bp.route("/<int:controle_id>/uitkomst", methods=["GET", "POST"])
@eenmalig
def uitkomst(controle_id: int):
    session = get_session()
    c = _controle(controle_id)
    voorstel = afronding.hercontrole_voorstel(session, c)
    if request.method == "POST":
        form = _uitkomst_form(session, c, UitkomstForm())
        form.validate_on_submit()
        keuzes = [afronding.Keuze(u, _tekst(form, f"toelichting_{u}"), form.partner.data or "")
                  for u in form.uitkomsten.data or []]
        hercontrole = afronding.Hercontrole(uuid=form.verzendsleutel.data or "", datum=form.datum.data,
                                            van=form.van.data, tot=form.tot.data,
                                            toezichthouder_ids=form.toezichthouder_ids.data or [])
        try:
            rijen = afronding.kies_uitkomsten(session, current_user, c, _versie(form.versie.data), keuzes, hercontrole)
        except OngeldigeInvoer as e:
            _ongedaan()
            return render_template("controles/uitkomst.html", **_context(c), form=form, voorstel=voorstel,
                                   fout=e), 422
        vervolg = next((r.hercontrole for r in rijen if r.hercontrole is not None), None)
        if vervolg is not None:
            flash(f"De uitkomst is vastgelegd en de hercontrole is gepland op "
                  f"{naar_lokaal(vervolg.gepland_op):%d-%m-%Y}. Er wordt een nieuwe versie van het rapport "
                  "gemaakt, met de uitkomst.", "success")
        else:
            flash("De uitkomst is vastgelegd. Er wordt een nieuwe versie van het rapport gemaakt, met de uitkomst.",
                  "success")
        return redirect(url_for("controles.detail", controle_id=c.id) + "#uitkomst")
    # The checklist's "hercontrole nodig: ja" offers the planning step, filled in.
    form = _uitkomst_form(session, c, UitkomstForm(
        versie=c.versie, uitkomsten=[S.HERCONTROLE_GEPLAND.value] if voorstel.nodig else [],
        datum=voorstel.datum, van=voorstel.van, tot=voorstel.tot, toezichthouder_ids=voorstel.toezichthouder_ids))
    return render_template("controles/uitkomst.html", **_context(c), form=form, voorstel=voorstel, fout=None)


def _tekst(form, naam: str) -> str:
    veld = getattr(form, naam, None)  # an unknown outcome has no toelichting field: the service says so
    return (veld.data or "") if veld is not None else ""


def _uitkomst_form(session, c, form: UitkomstForm) -> UitkomstForm:
    form.toezichthouder_ids.choices = [(t.id, t.naam) for t in planning.toezichthouders(session, c.gemeente_id)]
    return form


@bp.post("/<int:controle_id>/addendum")
def addendum(controle_id: int):
    session = get_session()
    c = _controle(controle_id)
    form = AddendumForm()
    if not form.validate_on_submit():
        _ongedaan()
        return render_template("controles/detail.html", **_context(c, True), versie_form=VersieForm(versie=c.versie),
                               reden_form=RedenForm(versie=c.versie), addendum_form=form,
                               uitkomst_form=UitkomstForm(versie=c.versie), onderteken_form=OndertekenForm(),
                               ontbrekend=[], fout=OngeldigeInvoer("Het addendum is niet opgeslagen: vul de "
                                                                   "correctie en de reden in.")), 422
    afronding.voeg_addendum_toe(session, current_user, c, uuid=form.uuid.data, tekst=form.tekst.data,
                                reden=form.reden.data)
    flash("Het addendum is vastgelegd; er wordt een nieuwe versie van het rapport gemaakt.", "success")
    return redirect(url_for("controles.detail", controle_id=c.id) + "#rapport")


@bp.post("/<int:controle_id>/rapport/opnieuw")
def rapport_opnieuw(controle_id: int):
    """A failed rapport is made again, as a new version (the failed one stays on record)."""
    c = _controle(controle_id)
    VersieForm().validate_on_submit()
    afronding.maak_rapport_opnieuw(get_session(), current_user, c)
    flash("Er wordt een nieuwe versie van het rapport gemaakt.", "success")
    return redirect(url_for("controles.detail", controle_id=c.id) + "#rapport")


@bp.get("/<int:controle_id>/handtekeningen/<int:ondertekening_id>")
def handtekening(controle_id: int, ondertekening_id: int):
    c = _controle(controle_id)
    o = _kind(Ondertekening, c, ondertekening_id)
    if not o.handtekening_sleutel:
        abort(404)
    return bestand_response(o.handtekening_sleutel, f"handtekening-{c.id}-{o.id}.png", "image/png",
                            audit_actie=ControleActie.HANDTEKENING_BEKEKEN, object_type="ondertekening",
                            object_id=o.id, gemeente_id=c.gemeente_id, inline=True)


def _rapport(c, versie: int) -> Rapport:
    r = get_session().execute(select(Rapport).where(Rapport.controle_id == c.id, Rapport.versie == versie)
                              ).scalar_one_or_none()
    if r is None or r.status != RapportStatus.KLAAR:
        abort(404)
    return r


@bp.get("/<int:controle_id>/rapport/<int:versie>.pdf")
def rapport_pdf(controle_id: int, versie: int):
    c = _controle(controle_id)
    r = _rapport(c, versie)
    return bestand_response(r.pdf_sleutel, f"rapport-van-bevindingen-{c.id}-v{r.versie}.pdf", "application/pdf",
                            audit_actie=ControleActie.RAPPORT_GEDOWNLOAD, object_type="controle_rapport",
                            object_id=r.id, gemeente_id=c.gemeente_id)


@bp.get("/<int:controle_id>/rapport/<int:versie>.html")
def rapport_html(controle_id: int, versie: int):
    c = _controle(controle_id)
    r = _rapport(c, versie)
    return bestand_response(r.html_sleutel, f"rapport-van-bevindingen-{c.id}-v{r.versie}.html", "text/html",
                            audit_actie=ControleActie.RAPPORT_GEDOWNLOAD, object_type="controle_rapport",
                            object_id=r.id, gemeente_id=c.gemeente_id)

