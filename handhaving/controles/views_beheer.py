"""Beheer of controles: control types, their checklist versions, and aanwijzingen.

Thin views: load within the user's gemeenten (another gemeente's object is a 404),
call a ``sjablonen`` service, flash a Dutch message and redirect (PRG). Input the
service refuses comes back on the same page, at its field, with what was typed (422).
A beheerder of several gemeenten picks one with ``?gemeente=<id>``.
"""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from handhaving.auth.models import Gebruiker, Gemeente, Rol
from handhaving.controles import sjablonen
from handhaving.controles.blueprint import bp
from handhaving.controles.forms_beheer import (
    SOORT_KEUZES,
    AanwijzingForm,
    BevestigForm,
    ItemForm,
    NieuwItemForm,
    SectieForm,
    VerplaatsForm,
    VervallenForm,
)
from handhaving.controles.models import ChecklistSjabloon, Controletype, Partner
from handhaving.controles.sjablonen import OngeldigeVelden
from handhaving.db import get_session
from handhaving.eenmalig.views import eenmalig
from handhaving.errors import OngeldigeInvoer, OngeldigeOvergang
from handhaving.security.policy import gemeente_ids

# --- loading within the user's gemeenten ---------------------------------------------------------


def _gemeenten() -> list[Gemeente]:
    return get_session().execute(select(Gemeente).where(Gemeente.id.in_(gemeente_ids()))
                                 .order_by(Gemeente.naam)).scalars().all()


def _kies_gemeente(waarde) -> tuple[Gemeente, list[Gemeente]]:
    """The gemeente asked for (must be one of the user's), or the first one when none was asked."""
    lijst = _gemeenten()
    if not lijst:
        abort(404)
    if waarde in (None, ""):
        return lijst[0], lijst
    try:
        gemeente_id = int(waarde)
    except (TypeError, ValueError):
        abort(404)
    gemeente = next((gm for gm in lijst if gm.id == gemeente_id), None)
    if gemeente is None:
        abort(404)
    return gemeente, lijst


def _type(controletype_id: int) -> Controletype:
    ct = sjablonen.get_type(get_session(), gemeente_ids(), controletype_id)
    if ct is None:
        abort(404)
    return ct


def _sjabloon(sjabloon_id: int) -> ChecklistSjabloon:
    sj = sjablonen.get_sjabloon(get_session(), gemeente_ids(), sjabloon_id)
    if sj is None:
        abort(404)
    return sj


def _item(item_id: int):
    item = sjablonen.get_item(get_session(), gemeente_ids(), item_id)
    if item is None:
        abort(404)
    return item


def _naar_type(ct_id: int, anker: str = ""):
    return redirect(url_for("controles.type_detail", controletype_id=ct_id) + (f"#{anker}" if anker else ""))


def _partner_label(waarde: str) -> str:
    try:
        return Partner(waarde).label
    except ValueError:
        return waarde


# --- types ----------------------------------------------------------------------------------------


@bp.get("/beheer/typen")
def typen():
    session = get_session()
    gemeente, lijst = _kies_gemeente(request.args.get("gemeente"))
    return render_template("controles/beheer/typen.html", gemeente=gemeente, gemeenten=lijst,
                           rijen=sjablonen.overzicht(session, gemeente.id),
                           ontbrekend=sjablonen.ontbrekende_standaardtypen(session, gemeente.id),
                           form=BevestigForm(formdata=None, gemeente=gemeente.id))


@bp.post("/beheer/typen/standaard")
def standaard_laden():
    form = BevestigForm()
    gemeente, _ = _kies_gemeente(form.gemeente.data)
    aantal = sjablonen.installeer_standaard(get_session(), gemeente.id, current_user)
    if aantal:
        flash(f"{aantal} standaardtype(n) geladen voor {gemeente.naam}, elk met een gepubliceerde versie 1.",
              "success")
    else:
        flash(f"{gemeente.naam} heeft alle standaardtypen al.", "info")
    return redirect(url_for("controles.typen", gemeente=gemeente.id))


def _detail_pagina(ct: Controletype, fout: dict | None = None, status: int = 200):
    session = get_session()
    lijst = sjablonen.versies(session, ct)
    door_ids = {v.gepubliceerd_door_id for v in lijst if v.gepubliceerd_door_id}
    namen = dict(session.execute(select(Gebruiker.id, Gebruiker.naam).where(Gebruiker.id.in_(door_ids))).all()) \
        if door_ids else {}
    if status != 200:
        g.rollback = True  # nothing of a refused request is kept
    return render_template(
        "controles/beheer/type_detail.html", ct=ct, gepubliceerd=sjablonen.gepubliceerd(session, ct),
        concept=sjablonen.concept(session, ct), versies=lijst, namen=namen,
        partners=[_partner_label(p) for p in ct.partners or []], soorten=SOORT_KEUZES,
        aantal_items=sjablonen.aantal_items, fout=fout or {}), status


@bp.get("/beheer/typen/<int:controletype_id>")
def type_detail(controletype_id: int):
    return _detail_pagina(_type(controletype_id))


@bp.post("/beheer/typen/<int:controletype_id>/concept")
def concept_maken(controletype_id: int):
    ct = _type(controletype_id)
    bestond = sjablonen.concept(get_session(), ct)
    concept = sjablonen.maak_concept(get_session(), current_user, ct)
    if bestond is not None:
        flash(f"Er is al een concept voor versie {concept.versie}; u kunt daarin verder werken.", "info")
    else:
        flash(f"Concept voor versie {concept.versie} gemaakt. Pas het aan en publiceer het; tot dan gebruiken "
              "nieuwe controles de huidige versie.", "success")
    return _naar_type(ct.id, "concept")


def _flash_fout(exc) -> None:
    flash(exc.message, "error")


@bp.post("/beheer/sjablonen/<int:sjabloon_id>/secties")
@eenmalig
def sectie_toevoegen(sjabloon_id: int):
    sj = _sjabloon(sjabloon_id)
    form = SectieForm()
    try:
        sectie = sjablonen.voeg_sectie_toe(get_session(), current_user, sj, form.titel.data or "",
                                           form.toelichting.data or "", bool(form.signalen.data))
    except OngeldigeVelden as exc:
        return _detail_pagina(sj.controletype, {
            "sleutel": "sectie", "anker": "sectie-nieuw", "melding": exc.message, "velden": exc.velden,
            "waarden": {"titel": form.titel.data or "", "toelichting": form.toelichting.data or "",
                        "signalen": bool(form.signalen.data)}}, 422)
    except (OngeldigeOvergang, OngeldigeInvoer) as exc:
        _flash_fout(exc)
        return _naar_type(sj.controletype_id)
    flash(f"Sectie {sectie.code} ‘{sectie.titel}’ toegevoegd.", "success")
    return _naar_type(sj.controletype_id, f"sectie-{sectie.id}")


@bp.post("/beheer/sjablonen/<int:sjabloon_id>/items")
@eenmalig
def item_toevoegen(sjabloon_id: int):
    sj = _sjabloon(sjabloon_id)
    form = NieuwItemForm()
    sectie = next((s for s in sj.secties if s.id == form.sectie()), None)
    if sectie is None:
        flash("Kies de sectie waarin de vraag komt.", "error")
        return _naar_type(sj.controletype_id, "concept")
    waarden = form.waarden()
    try:
        item = sjablonen.voeg_item_toe(get_session(), current_user, sectie, **waarden)
    except OngeldigeVelden as exc:
        return _detail_pagina(sj.controletype, {"sleutel": f"nieuw-{sectie.id}", "anker": f"n{sectie.id}-form",
                                                "melding": exc.message,
                                                "velden": exc.velden, "waarden": waarden}, 422)
    except (OngeldigeOvergang, OngeldigeInvoer) as exc:
        _flash_fout(exc)
        return _naar_type(sj.controletype_id)
    flash(f"Vraag ‘{item.tekst}’ toegevoegd aan sectie {sectie.code}.", "success")
    return _naar_type(sj.controletype_id, f"item-{item.id}")


@bp.post("/beheer/items/<int:item_id>")
def item_wijzigen(item_id: int):
    item = _item(item_id)
    sj = item.sectie.sjabloon
    form = ItemForm()
    waarden = form.waarden()
    try:
        sjablonen.wijzig_item(get_session(), current_user, item, **waarden)
    except OngeldigeVelden as exc:
        return _detail_pagina(sj.controletype, {"sleutel": f"item-{item.id}", "anker": f"i{item.id}-form",
                                                "melding": exc.message,
                                                "velden": exc.velden, "waarden": waarden}, 422)
    except (OngeldigeOvergang, OngeldigeInvoer) as exc:
        _flash_fout(exc)
        return _naar_type(sj.controletype_id)
    flash(f"Vraag ‘{item.tekst}’ opgeslagen.", "success")
    return _naar_type(sj.controletype_id, f"item-{item.id}")


@bp.post("/beheer/items/<int:item_id>/verplaatsen")
def item_verplaatsen(item_id: int):
    item = _item(item_id)
    sj = item.sectie.sjabloon
    form = VerplaatsForm()
    if not form.validate_on_submit():
        flash(next(iter(form.errors.values()))[0], "error")
        return _naar_type(sj.controletype_id, f"item-{item.id}")
    try:
        verplaatst = sjablonen.verplaats_item(get_session(), current_user, item, form.richting.data)
    except (OngeldigeOvergang, OngeldigeInvoer) as exc:
        _flash_fout(exc)
        return _naar_type(sj.controletype_id)
    if verplaatst:
        flash(f"‘{item.tekst}’ is een plaats {'omhoog' if form.richting.data == 'op' else 'omlaag'} gezet.",
              "success")
    else:
        flash(f"‘{item.tekst}’ staat al {'bovenaan' if form.richting.data == 'op' else 'onderaan'}.", "info")
    return _naar_type(sj.controletype_id, f"item-{item.id}")


@bp.post("/beheer/items/<int:item_id>/vervallen")
def item_vervallen(item_id: int):
    item = _item(item_id)
    sj = item.sectie.sjabloon
    form = VervallenForm()
    if not form.validate_on_submit():
        flash(next(iter(form.errors.values()))[0], "error")
        return _naar_type(sj.controletype_id, f"item-{item.id}")
    vervallen = form.vervallen.data == "ja"
    try:
        sjablonen.laat_vervallen(get_session(), current_user, item, vervallen)
    except (OngeldigeOvergang, OngeldigeInvoer) as exc:
        _flash_fout(exc)
        return _naar_type(sj.controletype_id)
    flash(f"‘{item.tekst}’ " + ("vervalt: de vraag komt niet in de nieuwe versie." if vervallen
                                else "is teruggezet."), "success")
    return _naar_type(sj.controletype_id, f"item-{item.id}")


@bp.post("/beheer/sjablonen/<int:sjabloon_id>/publiceren")
def sjabloon_publiceren(sjabloon_id: int):
    sj = _sjabloon(sjabloon_id)
    try:
        sjablonen.publiceer(get_session(), current_user, sj)
    except (OngeldigeOvergang, OngeldigeInvoer) as exc:
        _flash_fout(exc)
        return _naar_type(sj.controletype_id, "concept")
    flash(f"Versie {sj.versie} van ‘{sj.controletype.naam}’ is gepubliceerd. Nieuwe controles gebruiken deze "
          "versie; uitgevoerde controles houden hun eigen versie.", "success")
    return _naar_type(sj.controletype_id)


# --- toezichthouders and their aanwijzing ---------------------------------------------------------


def _toezichthouders_pagina(gemeente: Gemeente, lijst: list[Gemeente], fout: dict | None = None,
                            status: int = 200):
    if status != 200:
        g.rollback = True
    mag_wijzigen = Rol.BEHEERDER in current_user.rollen_per_gemeente().get(gemeente.id, set())
    return render_template("controles/beheer/toezichthouders.html", gemeente=gemeente, gemeenten=lijst,
                           rijen=sjablonen.toezichthouders(get_session(), gemeente.id),
                           mag_wijzigen=mag_wijzigen, fout=fout or {}), status


@bp.get("/beheer/toezichthouders")
def toezichthouders():
    gemeente, lijst = _kies_gemeente(request.args.get("gemeente"))
    return _toezichthouders_pagina(gemeente, lijst)


@bp.post("/beheer/toezichthouders/<int:gebruiker_id>")
def aanwijzing(gebruiker_id: int):
    form = AanwijzingForm()
    gemeente, lijst = _kies_gemeente(form.gemeente.data)
    try:
        gezet = sjablonen.zet_aanwijzing(get_session(), current_user, gemeente.id, gebruiker_id, form.besluit.data,
                                         form.legitimatienummer.data, form.geldig_tot.data)
    except OngeldigeVelden as exc:
        return _toezichthouders_pagina(gemeente, lijst, {
            "gebruiker_id": gebruiker_id, "anker": f"t-{gebruiker_id}", "melding": exc.message, "velden": exc.velden,
            "waarden": {"besluit": form.besluit.data or "", "legitimatienummer": form.legitimatienummer.data or "",
                        "geldig_tot": form.geldig_tot.data or ""}}, 422)
    if gezet is None:
        abort(404)
    naam = get_session().get(Gebruiker, gebruiker_id).naam
    flash(f"Aanwijzing en legitimatiebewijs van {naam} opgeslagen.", "success")
    return redirect(url_for("controles.toezichthouders", gemeente=gemeente.id) + f"#t-{gebruiker_id}")
