"""The query form of the history search (GET: it changes nothing, so no CSRF token)."""
from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import StringField, ValidationError
from wtforms.validators import Length, Optional

from handhaving.errors import OngeldigeInvoer
from handhaving.invoer import FILTER, BinnenBereik
from handhaving.subjecten.forms import Datum
from handhaving.subjecten.namen import normaliseer_kvk


class HistorieForm(FlaskForm):
    class Meta:
        csrf = False

    naam = StringField("Naam", validators=[Optional(), Length(max=100, message="Maximaal 100 tekens.")],
                       description="Bijvoorbeeld ‘J. de Vries’, ‘Vries, Jan de’ of een bedrijfsnaam.")
    geboortedatum = Datum("Geboortedatum", validators=[Optional(), BinnenBereik(FILTER)],
                          description="Optioneel: alleen personen met deze (of een onbekende) geboortedatum.")
    kvk = StringField("KvK-nummer", validators=[Optional(), Length(max=20, message="Maximaal 20 tekens.")],
                      description="8 cijfers; zonder de voorloopnul mag ook.")
    adres = StringField("Adres", validators=[Optional(), Length(max=100, message="Maximaal 100 tekens.")],
                        description="‘Kerkstraat 12’ of ‘1234 AB 12’.")

    def validate_kvk(self, field):
        if (field.data or "").strip():
            try:
                field.data = normaliseer_kvk(field.data)
            except OngeldigeInvoer as e:
                raise ValidationError(e.message) from None

    def validate_naam(self, field):
        """A KvK number typed as the name is searched as a KvK number."""
        cijfers = re.sub(r"[\s.]", "", field.data or "")
        if cijfers.isdigit() and cijfers.isascii() and not (self.kvk.data or "").strip():
            try:
                self.kvk.data = normaliseer_kvk(cijfers)
            except OngeldigeInvoer as e:
                raise ValidationError(e.message) from None
            field.data = ""

