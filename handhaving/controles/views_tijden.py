"""Correcting when a finding was observed (issue 23): one page per finding with the device's
time, the server's receipt and the clock difference side by side, earlier corrections, and
the form. Thin: the rules are ``vastlegging.corrigeer_waarneemtijd``'s."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length

from handhaving import invoer
from handhaving.controles import permissions, vastlegging
from handhaving.controles.blueprint import bp
from handhaving.controles.models import Bevinding
from handhaving.controles.views_gedeeld import _controle, _kind, _ongedaan
from handhaving.db import get_session
from handhaving.eenmalig.forms import EenmaligForm
from handhaving.eenmalig.views import eenmalig
from handhaving.errors import OngeldigeInvoer
from handhaving.invoer import FILTER, BinnenBereik
from handhaving.tijd import naar_lokaal, naar_utc


class TijdcorrectieForm(EenmaligForm, FlaskForm):
    # Creates a BevindingTijdcorrectie row: the form key makes a double submit one correction.
    versie = HiddenField()  # the finding's, as shown: a correction made meanwhile is a 409, not overwritten
    datum = DateField("Datum van waarneming", validators=[InputRequired("Vul de datum in."), BinnenBereik(FILTER)])
    tijd = TimeField("Tijd van waarneming", validators=[InputRequired("Vul de tijd in als uu:mm.")])
    reden = TextAreaField("Reden van de correctie", validators=[
        DataRequired("Geef de reden van de correctie; die komt in het rapport."),
        Length(max=vastlegging.MAX_REDEN)])


def _pagina(c, b, form, fout=None):
    session = get_session()
    marge = vastlegging.tolerantie(session, c.gemeente_id)
    return render_template("controles/tijd_corrigeren.html", controle=c, b=b, form=form, fout=fout, marge=marge,
                           klok_wijkt_af=vastlegging.klok_wijkt_af(b, marge),
                           klokverschil_tekst=vastlegging.klokverschil_tekst,
                           mag_corrigeren=permissions.mag_wijzigen(current_user, c)
                           and c.status in vastlegging.BEWERKBAAR and c.gestart_op is not None)


@bp.route("/<int:controle_id>/bevindingen/<int:bevinding_id>/tijd", methods=["GET", "POST"])
@eenmalig
def bevinding_tijd(controle_id: int, bevinding_id: int):
    c = _controle(controle_id)
    b = _kind(Bevinding, c, bevinding_id)
    if request.method == "GET":
        lokaal = naar_lokaal(b.waargenomen_op)
        return _pagina(c, b, TijdcorrectieForm(datum=lokaal.date(), tijd=lokaal.time().replace(second=0, microsecond=0),
                                               versie=b.versie))
    form = TijdcorrectieForm()
    if not form.validate_on_submit():
        _ongedaan()
        return _pagina(c, b, form, OngeldigeInvoer("De tijd is niet gecorrigeerd: vul de gemarkeerde velden aan.")), 422
    try:
        vastlegging.corrigeer_waarneemtijd(get_session(), current_user, c, b,
                                           nieuw=naar_utc(form.datum.data, form.tijd.data), reden=form.reden.data,
                                           versie=invoer.id_of_none(form.versie.data))
    except OngeldigeInvoer as e:
        _ongedaan()
        return _pagina(c, b, form, e), 422
    flash("Het tijdstip van waarneming is gecorrigeerd; de correctie en de reden staan in het rapport.", "success")
    return redirect(url_for("controles.bevinding_tijd", controle_id=c.id, bevinding_id=b.id), code=303)
