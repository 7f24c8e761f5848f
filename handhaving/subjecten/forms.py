"""Forms of the subjects register (server-side validation; CSRF on every one that writes).

The number checks call ``namen`` so the message sits at the field; the services check the
same again (and what needs the database, such as a KvK number already in the register).
"""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, Length, Optional

from handhaving.eenmalig.forms import EenmaligForm
from handhaving.errors import OngeldigeInvoer
from handhaving.invoer import LEVEN, MAX_GETAL, VERLEDEN, BinnenBereik
from handhaving.subjecten import namen
from handhaving.subjecten.models import Rechtsvorm, RelatieSoort, SubjectSoort


def _int_of_none(value):
    """An id from a select, or None; a number past 32 bits is no id (and would overflow the query)."""
    try:
        getal = int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
    return getal if getal is None or 0 < getal <= MAX_GETAL else None


class Datum(DateField):
    """A date field whose complaint is Dutch."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError("Vul een geldige datum in (dag, maand en jaar).") from None


class ZoekForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField("Naam, handelsnaam of KvK-nummer", validators=[Optional(), Length(max=100)])
    soort = SelectField("Soort", choices=[("", "Alle")] + SubjectSoort.keuzes(), validators=[Optional()])


class _SubjectForm(EenmaligForm, FlaskForm):
    # Only shown to a user with several gemeenten (new subjects); the view fills the choices.
    gemeente = SelectField("Gemeente", coerce=_int_of_none, validate_choice=False)
    adres_tekst = StringField("Adres", validators=[Optional(), Length(max=300, message="Maximaal 300 tekens.")])


class PersoonForm(_SubjectForm):
    voornamen = StringField("Voornamen", validators=[Optional(), Length(max=200, message="Maximaal 200 tekens.")])
    voorvoegsel = StringField("Voorvoegsel", validators=[Optional(), Length(max=20, message="Maximaal 20 tekens.")])
    geslachtsnaam = StringField("Achternaam (zonder voorvoegsel)", validators=[
        DataRequired("Vul de achternaam in."), Length(max=200, message="Maximaal 200 tekens.")])
    geboortedatum = Datum("Geboortedatum", validators=[Optional(), BinnenBereik(VERLEDEN)], render_kw={"autocomplete": "off"})
    bsn = StringField("Burgerservicenummer (BSN)", validators=[Optional(), Length(max=20)],
                      render_kw={"autocomplete": "off", "inputmode": "numeric"})
    bsn_grondslag = StringField("Wettelijke grondslag voor het BSN", validators=[
        Optional(), Length(max=200, message="Maximaal 200 tekens.")])
    bsn_verwijderen = BooleanField("Het vastgelegde BSN verwijderen")

    def validate_bsn(self, field):
        if (field.data or "").strip():
            try:
                namen.normaliseer_bsn(field.data)
            except OngeldigeInvoer as e:
                raise ValidationError(e.message) from None
            if not (self.bsn_grondslag.data or "").strip():
                raise ValidationError("Een BSN legt u alleen vast met de wettelijke grondslag ervoor. Vul de "
                                      "grondslag in of laat het BSN leeg.")


class RechtspersoonForm(_SubjectForm):
    naam = StringField("Statutaire naam", validators=[
        DataRequired("Vul de (statutaire) naam in."), Length(max=200, message="Maximaal 200 tekens.")])
    handelsnamen = TextAreaField("Handelsnamen (één per regel)", validators=[Optional(), Length(max=4000)])
    kvk_nummer = StringField("KvK-nummer", validators=[Optional(), Length(max=40)],
                             render_kw={"autocomplete": "off", "inputmode": "numeric"})
    rechtsvorm = SelectField("Rechtsvorm", choices=[("", "Onbekend")] + Rechtsvorm.keuzes(), validators=[Optional()])

    def validate_kvk_nummer(self, field):
        if (field.data or "").strip():
            try:
                namen.normaliseer_kvk(field.data)
            except OngeldigeInvoer as e:
                raise ValidationError(e.message) from None

    @property
    def handelsnamen_lijst(self) -> list[str]:
        return [r.strip() for r in (self.handelsnamen.data or "").splitlines() if r.strip()]


class RelatieForm(EenmaligForm, FlaskForm):
    ander_id = SelectField("Persoon of onderneming", coerce=_int_of_none, validate_choice=False,
                           validators=[DataRequired("Kies een persoon of onderneming.")])
    soort = SelectField("Soort betrokkenheid", choices=[("", "Kies…")] + RelatieSoort.keuzes(),
                        validators=[DataRequired("Kies de soort betrokkenheid.")])
    sinds = Datum("Sinds", validators=[Optional(), BinnenBereik(LEVEN)])
    tot = Datum("Tot", validators=[Optional(), BinnenBereik(LEVEN)])
    toelichting = StringField("Toelichting", validators=[Optional(), Length(max=300, message="Maximaal 300 tekens.")])

    def validate_tot(self, field):
        if field.data and self.sinds.data and field.data < self.sinds.data:
            raise ValidationError("De einddatum ligt vóór de begindatum.")


class LeegForm(FlaskForm):
    """Only the CSRF token: for buttons that post (remove a relation)."""
