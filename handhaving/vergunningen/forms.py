"""Forms of the permit register (server-side validation; CSRF on every one)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from handhaving.eenmalig.forms import EenmaligForm
from handhaving.invoer import LEVEN, VERGUNNING, VERLEDEN, BinnenBereik
from handhaving.subjecten.models import Rechtsvorm
from handhaving.vergunningen.models import (
    BetrokkeneRol,
    VergunningSoort,
    VergunningStatus,
    VoorschriftCategorie,
)

NODIG = "Dit veld is verplicht."


def _leeg(keuzes, tekst="— kies —"):
    return [("", tekst), *keuzes]


class FilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    q = StringField("Zoeken", validators=[Optional(), Length(max=100)])
    soort = SelectField("Soort", choices=_leeg(VergunningSoort.keuzes(), "Alle soorten"), validate_choice=False)
    status = SelectField("Status", choices=_leeg(VergunningStatus.keuzes(), "Alle statussen"), validate_choice=False)
    overtredingen = BooleanField("Overtredingen in de laatste 12 maanden")
    verloopt = BooleanField("Verloopt binnen 90 dagen")


class HouderVelden:
    """The holder: an existing subject, a company by KvK number, or a natural person."""

    houder_kvk = StringField("KvK-nummer van de houder", validators=[Optional(), Length(max=20)])
    houder_naam = StringField("Naam van de onderneming (bij een nieuwe KvK-inschrijving)",
                              validators=[Optional(), Length(max=200)])
    houder_rechtsvorm = SelectField("Rechtsvorm", choices=_leeg(Rechtsvorm.keuzes()), validate_choice=False)
    houder_voornamen = StringField("Voornamen", validators=[Optional(), Length(max=200)])
    houder_voorvoegsel = StringField("Voorvoegsel", validators=[Optional(), Length(max=20)])
    houder_geslachtsnaam = StringField("Achternaam (zonder voorvoegsel)", validators=[Optional(), Length(max=200)])
    houder_geboortedatum = DateField("Geboortedatum", validators=[Optional(), BinnenBereik(VERLEDEN)])


class VergunningForm(EenmaligForm, FlaskForm, HouderVelden):
    soort = SelectField("Soort vergunning", choices=_leeg(VergunningSoort.keuzes()), validate_choice=False,
                        validators=[InputRequired("Kies het soort vergunning.")])
    zaaknummer = StringField("Zaaknummer", validators=[Optional(), Length(max=40)])
    postcode = StringField("Postcode", validators=[Optional(), Length(max=7)])
    huisnummer = StringField("Huisnummer met letter of toevoeging", validators=[Optional(), Length(max=12)])
    inrichting_naam = StringField("Naam van de inrichting", validators=[Optional(), Length(max=200)])
    werkruimten = IntegerField("Aantal werkruimten of kamers", validators=[Optional(), NumberRange(0, 10000)])
    max_personen = IntegerField("Maximaal aantal personen (bezoekers, bewoners)",
                                validators=[Optional(), NumberRange(0, 100000)])
    openingstijden = TextAreaField("Openingstijden", validators=[Optional(), Length(max=1000)])
    aanvraagdatum = DateField("Datum aanvraag", validators=[Optional(), BinnenBereik(VERGUNNING)])
    status = SelectField("Stand van zaken", choices=[("aangevraagd", "Nieuwe aanvraag"),
                                                     ("verleend", "Eerder verleende vergunning registreren")])
    besluitdatum = DateField("Besluitdatum", validators=[Optional(), BinnenBereik(VERGUNNING)])
    ingangsdatum = DateField("Ingangsdatum", validators=[Optional(), BinnenBereik(VERGUNNING)])
    vervaldatum = DateField("Vervaldatum", validators=[Optional(), BinnenBereik(VERGUNNING)])
    bibob_getoetst_op = DateField("Bibob-toets uitgevoerd op (alleen de datum)",
                                  validators=[Optional(), BinnenBereik(VERGUNNING)])
    voorschriften = TextAreaField("Voorschriften, één per regel", validators=[Optional(), Length(max=20000)])
    toelichting = TextAreaField("Toelichting", validators=[Optional(), Length(max=5000)])


class WijzigForm(FlaskForm):
    postcode = StringField("Postcode", validators=[Optional(), Length(max=7)])
    huisnummer = StringField("Huisnummer met letter of toevoeging", validators=[Optional(), Length(max=12)])
    inrichting_naam = StringField("Naam van de inrichting", validators=[Optional(), Length(max=200)])
    werkruimten = IntegerField("Aantal werkruimten of kamers", validators=[Optional(), NumberRange(0, 10000)])
    max_personen = IntegerField("Maximaal aantal personen (bezoekers, bewoners)",
                                validators=[Optional(), NumberRange(0, 100000)])
    openingstijden = TextAreaField("Openingstijden", validators=[Optional(), Length(max=1000)])
    aanvraagdatum = DateField("Datum aanvraag", validators=[Optional(), BinnenBereik(VERGUNNING)])
    bibob_getoetst_op = DateField("Bibob-toets uitgevoerd op (alleen de datum)",
                                  validators=[Optional(), BinnenBereik(VERGUNNING)])
    toelichting = TextAreaField("Toelichting", validators=[Optional(), Length(max=5000)])


class StatusForm(FlaskForm):
    naar = SelectField("Besluit", validate_choice=False, validators=[InputRequired("Kies het besluit.")])
    datum = DateField("Datum van het besluit", validators=[Optional(), BinnenBereik(VERGUNNING)])
    ingangsdatum = DateField("Ingangsdatum (bij verlenen)", validators=[Optional(), BinnenBereik(VERGUNNING)])
    vervaldatum = DateField("Vervaldatum (bij verlenen)", validators=[Optional(), BinnenBereik(VERGUNNING)])
    toelichting = TextAreaField("Motivering", validators=[Optional(), Length(max=5000)])


class BetrokkeneForm(EenmaligForm, FlaskForm):
    rol = SelectField("Rol op het aanhangsel", choices=_leeg(BetrokkeneRol.keuzes()), validate_choice=False,
                      validators=[InputRequired("Kies de rol.")])
    kvk = StringField("KvK-nummer (bij een onderneming als exploitant)", validators=[Optional(), Length(max=20)])
    naam = StringField("Naam van de onderneming", validators=[Optional(), Length(max=200)])
    voornamen = StringField("Voornamen", validators=[Optional(), Length(max=200)])
    voorvoegsel = StringField("Voorvoegsel", validators=[Optional(), Length(max=20)])
    geslachtsnaam = StringField("Achternaam (zonder voorvoegsel)", validators=[Optional(), Length(max=200)])
    geboortedatum = DateField("Geboortedatum", validators=[Optional(), BinnenBereik(VERLEDEN)])
    sinds = DateField("Op het aanhangsel sinds", validators=[Optional(), BinnenBereik(LEVEN)])


class VoorschriftForm(EenmaligForm, FlaskForm):
    tekst = TextAreaField("Tekst van het voorschrift", validators=[InputRequired(NODIG), Length(max=5000)])
    categorie = SelectField("Categorie", choices=VoorschriftCategorie.keuzes(), validate_choice=False)
    bron_artikel = StringField("Bron (artikel)", validators=[Optional(), Length(max=120)])
    nummer = StringField("Nummer (leeg: volgend nummer)", validators=[Optional(), Length(max=10)])


class TypeForm(FlaskForm):
    naam = StringField("Naam", validators=[InputRequired(NODIG), Length(max=120)])
    grondslag = StringField("Grondslag (artikel in uw APV of wet)", validators=[InputRequired(NODIG), Length(max=200)])
    geldigheid_maanden = IntegerField("Gebruikelijke geldigheid in maanden", validators=[Optional(),
                                                                                         NumberRange(1, 240)])
    actief = BooleanField("In gebruik")
