"""Forms of the planning and the field screens (server-side validation; CSRF on every one)."""
from __future__ import annotations

import uuid

from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, HiddenField, IntegerField, SelectField, SelectMultipleField,
                     StringField, TextAreaField, TimeField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from handhaving.controles.models import (BevindingCategorie, ControleStatus, Ernst, Ondertekenwijze, Partner,
                                         PersoonRol, Waarneming)
from handhaving.controles.workflow import UITKOMSTEN
from handhaving.eenmalig.forms import EenmaligForm
from handhaving.invoer import FILTER, GEPLAND, BinnenBereik

NODIG = "Dit veld is verplicht."


class Vinkjes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def nieuwe_sleutel() -> str:
    return str(uuid.uuid4())


class PlanForm(EenmaligForm, FlaskForm):
    # The form key (verzendsleutel, new per render) is also the controle's uuid: a double submit plans once.
    versie = HiddenField()
    controletype_id = SelectField("Soort controle", coerce=int, validators=[DataRequired("Kies een soort controle.")])
    adres_ids = SelectMultipleField("Adressen", coerce=int, validate_choice=False,
                                    validators=[DataRequired("Kies ten minste één adres.")])
    datum = DateField("Datum", validators=[InputRequired("Vul de datum in."), BinnenBereik(GEPLAND)])
    van = TimeField("Van", validators=[InputRequired("Vul de begintijd in.")])
    tot = TimeField("Tot", validators=[InputRequired("Vul de eindtijd in.")])
    toezichthouder_ids = Vinkjes("Toezichthouders", coerce=int,
                                 validators=[DataRequired("Kies ten minste één toezichthouder.")])
    partners = Vinkjes("Partnerorganisaties", choices=Partner.keuzes())
    rechtsgronden = Vinkjes("Rechtsgronden")
    ronde_naam = StringField("Naam van de ronde (bij meer adressen)", validators=[Optional(), Length(max=200)])
    briefing = TextAreaField("Briefing", validators=[Optional(), Length(max=10000)])


class FilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    status = SelectField("Status", choices=[("", "Alle"), ("open", "Gepland"), ("lopend", "In uitvoering en rapport"),
                                             ("afgerond", "Afgerond")] + ControleStatus.keuzes(),
                         validators=[Optional()])
    controletype_id = SelectField("Soort", coerce=lambda v: int(v) if v else None, validators=[Optional()])
    van = DateField("Vanaf", validators=[Optional(), BinnenBereik(FILTER)])
    tot = DateField("Tot en met", validators=[Optional(), BinnenBereik(FILTER)])
    toezichthouder_id = SelectField("Toezichthouder", coerce=lambda v: int(v) if v else None,
                                    validators=[Optional()])
    adres = StringField("Straat of postcode", validators=[Optional(), Length(max=100)])


class BevindingForm(FlaskForm):
    uuid = HiddenField(default=nieuwe_sleutel)
    categorie = SelectField("Categorie", choices=BevindingCategorie.keuzes(), validators=[DataRequired(NODIG)])
    omschrijving = TextAreaField("Wat hebt u vastgesteld?", validators=[DataRequired("Beschrijf wat u hebt vastgesteld."),
                                                                       Length(max=5000)])
    waarneming = SelectField("Bron", choices=Waarneming.keuzes(), validators=[DataRequired(NODIG)])
    ernst = SelectField("Ernst", choices=Ernst.keuzes(), default=Ernst.MATIG.value, validators=[DataRequired(NODIG)])
    norm = StringField("Overtreden norm (artikel of voorschrift)", validators=[Optional(), Length(max=200)])
    checklist_item_code = HiddenField()
    # Choices: this controle's voorschrift checks (views). Not checked here: the service refuses
    # any other voorschrift with its own message (it may be another gemeente's).
    voorschrift_id = SelectField("Overtreden voorschrift (van de vergunning)", coerce=lambda v: int(v) if v else None,
                                 validate_choice=False, validators=[Optional()])
    # Empty: the server's clock now. For a finding written down later (Awb 3:2: when it was observed).
    waargenomen_om = TimeField("Waargenomen om", validators=[Optional()])


class PersoonForm(FlaskForm):
    uuid = HiddenField(default=nieuwe_sleutel)
    rol = SelectField("Rol", choices=PersoonRol.keuzes(), validators=[DataRequired(NODIG)])
    naam = StringField("Naam (niet bij sekswerkers)", validators=[Optional(), Length(max=200)])
    id_gezien = BooleanField("Identiteitsbewijs gezien (Awb 5:16a)")
    leeftijd_gecontroleerd = BooleanField("Leeftijd gecontroleerd")
    opmerking = TextAreaField("Opmerking", validators=[Optional(), Length(max=5000)])
    # Only for a sekswerker: kept apart and minimal.
    werknaam = StringField("Werknaam", validators=[Optional(), Length(max=120)])
    geboortejaar = IntegerField("Geboortejaar (van het identiteitsbewijs)",
                                validators=[Optional(), NumberRange(1900, 2100, "Vul een geldig jaar in.")])
    nationaliteit = StringField("Nationaliteit (alleen als de controlelijst erom vraagt)",
                                validators=[Optional(), Length(max=80)])
    ingeschreven_brp_rni = SelectField("Ingeschreven in BRP of RNI", choices=[("", "Niet nagegaan"), ("ja", "Ja"),
                                                                             ("nee", "Nee")], validators=[Optional()])
    gesprek_aangeboden = BooleanField("Gesprek zonder exploitant of beheerder aangeboden")
    tolk = BooleanField("Met tolk")
    toelichting = TextAreaField("Toelichting", validators=[Optional(), Length(max=5000)])


class FotoForm(FlaskForm):
    uuid = HiddenField(default=nieuwe_sleutel)
    bijschrift = StringField("Bijschrift", validators=[Optional(), Length(max=300)])
    bevinding_id = SelectField("Hoort bij bevinding", coerce=lambda v: int(v) if v else None, validators=[Optional()])


class OndertekenForm(FlaskForm):
    wijze = SelectField("Hoe ondertekent u?", choices=Ondertekenwijze.keuzes(), validators=[DataRequired(NODIG)])
    naam = StringField("Uw naam", validators=[DataRequired("Vul uw naam in."), Length(max=120)])
    handtekening = HiddenField()
    akkoord = BooleanField("Ik verklaar dit rapport naar waarheid te hebben opgemaakt")


def _toelichting():
    return TextAreaField("Wat gebeurt er nu, en door wie?", validators=[Optional(), Length(max=5000)])


class UitkomstForm(EenmaligForm, FlaskForm):
    """One or more outcomes, each with its toelichting; a hercontrole with its date and team.
    The form key is also the hercontrole's uuid: a double submit plans it once. The rules on the
    set are the service's (``afronding.kies_uitkomsten``)."""
    versie = HiddenField()
    uitkomsten = Vinkjes("Uitkomst", choices=[(u.value, u.label) for u in UITKOMSTEN])
    toelichting_afgesloten_geen_overtreding = _toelichting()
    toelichting_doorgezet_handhaving = _toelichting()
    toelichting_doorgezet_signaal_riec = _toelichting()
    toelichting_doorgezet_partner = _toelichting()
    toelichting_hercontrole_gepland = _toelichting()
    partner = SelectField("Partnerorganisatie", choices=[("", "Kies…"), *Partner.keuzes()], validators=[Optional()])
    datum = DateField("Datum van de hercontrole", validators=[Optional(), BinnenBereik(GEPLAND)])
    van = TimeField("Van", validators=[Optional()])
    tot = TimeField("Tot", validators=[Optional()])
    toezichthouder_ids = Vinkjes("Team van de hercontrole", coerce=int, validate_choice=False)


class AddendumForm(FlaskForm):
    uuid = HiddenField(default=nieuwe_sleutel)
    tekst = TextAreaField("Correctie of aanvulling", validators=[DataRequired("Beschrijf de correctie."),
                                                                Length(max=10000)])
    reden = TextAreaField("Reden", validators=[DataRequired("Geef de reden van de correctie."), Length(max=2000)])


class RedenForm(FlaskForm):
    versie = HiddenField()
    reden = TextAreaField("Reden", validators=[DataRequired("Geef een reden op."), Length(max=2000)])


class VersieForm(FlaskForm):
    versie = HiddenField()
