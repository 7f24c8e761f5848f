"""Forms of overbewoning (CSRF on each; the services check the content)."""
from __future__ import annotations

import uuid

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, Optional

from handhaving.eenmalig.forms import EenmaligForm
from handhaving.invoer import GEPLAND, VERLEDEN, BinnenBereik, id_of_none
from handhaving.overbewoning.models import Beoordeling


def _int_of_none(value):
    return id_of_none(value)  # past 32 bits is no id (and would overflow the query)


def nieuwe_sleutel() -> str:
    return str(uuid.uuid4())


class ImportForm(EenmaligForm, FlaskForm):
    bestand = FileField("CSV-bestand met BRP-tellingen",
                        validators=[FileRequired("Kies het CSV-bestand met de BRP-tellingen.")])
    # Only shown to a beheerder of several gemeenten; the view fills the choices.
    gemeente = SelectField("Gemeente", coerce=_int_of_none, validate_choice=False)
    peildatum = DateField("Peildatum (als het bestand geen kolom peildatum heeft)",
                          validators=[Optional(), BinnenBereik(VERLEDEN)])
    # A full extract is what Burgerzaken usually delivers; it replaces, so it is the default.
    soort = RadioField("Soort bestand", default="volledig", choices=[
        ("volledig", "Volledig: alle adressen met ingeschreven personen. Een adres dat er niet in staat, krijgt "
                     "0 personen op de peildatum van het bestand."),
        ("aanvulling", "Aanvulling: alleen deze adressen. Andere adressen houden hun telling.")],
        validate_choice=False,
        validators=[AnyOf(("volledig", "aanvulling"), "Kies of het bestand volledig is of een aanvulling.")])


class OppervlakteForm(FlaskForm):
    """The area of a standplaats or ligplaats (the BAG gives none), supplied by the beheerder."""
    object_id = StringField("BAG-id van de standplaats of ligplaats (16 cijfers)",
                            validators=[InputRequired("Geef het BAG-id van het object."), Length(max=20)])
    # Text, not IntegerField: its refusal would be English; the service answers in Dutch.
    m2 = StringField("Oppervlakte (m²)", validators=[InputRequired("Geef de oppervlakte in hele m²."), Length(max=10)])
    toelichting = TextAreaField("Toelichting (bijvoorbeeld: gemeten bij de controle)",
                                validators=[Length(max=2000)])


class UitvoerenForm(FlaskForm):
    """The dry run to apply: its import id (the job row), checked against the gemeente."""
    proef = HiddenField(validators=[InputRequired("Er is geen proefimport om toe te passen.")])


class PlanForm(EenmaligForm, FlaskForm):
    # The form key (verzendsleutel) is also the controle's uuid: a double submit plans once.
    datum = DateField("Datum van de controle",
                      validators=[InputRequired("Kies de datum van de controle."), BinnenBereik(GEPLAND)])
    toezichthouder = SelectField("Toezichthouder", coerce=_int_of_none, validate_choice=False,
                                 validators=[InputRequired("Kies een toezichthouder.")])


class BeoordeelForm(EenmaligForm, FlaskForm):
    uitkomst = SelectField("Uitkomst", choices=[("", "Kies…"), *Beoordeling.keuzes()], validate_choice=False)
    controle_id = SelectField("Huisvestingscontrole", coerce=_int_of_none, validate_choice=False)
    toelichting = TextAreaField("Toelichting: wat is ter plaatse vastgesteld?", validators=[Length(max=5000)])
