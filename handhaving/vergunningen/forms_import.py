"""Forms of the register import (CSRF on both; the file's content is checked by the import)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField

from handhaving.eenmalig.forms import EenmaligForm
from handhaving.invoer import id_of_none


def _int_of_none(value):
    return id_of_none(value)  # past 32 bits is no id (and would overflow the query)


class ImportForm(EenmaligForm, FlaskForm):
    bestand = FileField("Bestand (CSV of Excel)",
                        validators=[FileRequired("Kies het CSV- of Excel-bestand met de vergunningen.")])
    # Only shown to a user who is vergunningverlener in several gemeenten; the view fills the choices.
    gemeente = SelectField("Gemeente", coerce=_int_of_none, validate_choice=False)


class UitvoerenForm(FlaskForm):
    """Only the CSRF token: the import to run is in the URL."""
