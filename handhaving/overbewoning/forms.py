"""Forms of overbewoning (CSRF on each; the services check the content)."""
from __future__ import annotations

import uuid

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from handhaving.invoer import GEPLAND, VERLEDEN, BinnenBereik, id_of_none
from handhaving.overbewoning.models import Beoordeling


def _int_of_none(value):
    return id_of_none(value)  # past 32 bits is no id (and would overflow the query)


def nieuwe_sleutel() -> str:
    return str(uuid.uuid4())


class ImportForm(FlaskForm):
    bestand = FileField("CSV-bestand met BRP-tellingen",
                        validators=[FileRequired("Kies het CSV-bestand met de BRP-tellingen.")])
    # Only shown to a beheerder of several gemeenten; the view fills the choices.
    gemeente = SelectField("Gemeente", coerce=_int_of_none, validate_choice=False)
    peildatum = DateField("Peildatum (als het bestand geen kolom peildatum heeft)",
                          validators=[Optional(), BinnenBereik(VERLEDEN)])


class UitvoerenForm(FlaskForm):
    """The dry run to apply: its import id (the job row), checked against the gemeente."""
    proef = HiddenField(validators=[InputRequired("Er is geen proefimport om toe te passen.")])


class PlanForm(FlaskForm):
    # A new key per rendered form: a double submit plans once.
    sleutel = HiddenField(default=nieuwe_sleutel)
    datum = DateField("Datum van de controle",
                      validators=[InputRequired("Kies de datum van de controle."), BinnenBereik(GEPLAND)])
    toezichthouder = SelectField("Toezichthouder", coerce=_int_of_none, validate_choice=False,
                                 validators=[InputRequired("Kies een toezichthouder.")])


class BeoordeelForm(FlaskForm):
    uitkomst = SelectField("Uitkomst", choices=[("", "Kies…"), *Beoordeling.keuzes()], validate_choice=False)
    controle_id = SelectField("Huisvestingscontrole", coerce=_int_of_none, validate_choice=False)
    toelichting = TextAreaField("Toelichting: wat is ter plaatse vastgesteld?", validators=[Length(max=5000)])
