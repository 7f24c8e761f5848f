"""Forms of the Bibob pages (server-side validation; CSRF on every one that changes something).

The rules of each step live in ``services``; these forms only read the fields. The step form
has every field a step can need: the dossier page shows each possible step as its own small form
with only that step's fields (``STAP_VELDEN``).
"""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional

from handhaving.bibob.models import (
    BibobAanleiding,
    BibobBesluit,
    BibobRol,
    BibobStatus,
    EigenConclusie,
    FormulierUitkomst,
    GevaarGrond,
    MateVanGevaar,
    TipBron,
)
from handhaving.eenmalig.forms import EenmaligForm
from handhaving.invoer import BIBOB_STAP, MAX_GETAL, TIP, VERGUNNING, BinnenBereik

S = BibobStatus


def _leeg(keuzes, tekst="— kies —"):
    return [("", tekst), *keuzes]


class FilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    status = SelectField("Status", choices=_leeg(BibobStatus.keuzes(), "Alle statussen"), validate_choice=False)
    mijn = BooleanField("Alleen dossiers waarvan ik behandelaar ben")


class OnderzoekForm(EenmaligForm, FlaskForm):
    aanleiding = SelectField("Aanleiding", choices=_leeg(BibobAanleiding.keuzes()), validate_choice=False)
    vergunning = SelectField("Vergunning of aanvraag", validate_choice=False)
    omschrijving = TextAreaField("Waarover gaat het besluit?", validators=[Optional(), Length(max=2000)])
    behandelaar = SelectField("Behandelaar", validate_choice=False)
    beslistermijn_tot = DateField("Einde van de beslistermijn van de aanvraag",
                                  validators=[Optional(), BinnenBereik(VERGUNNING)])


class RedenForm(FlaskForm):
    reden = TextAreaField("Waarom opent u dit dossier?", validators=[Optional(), Length(max=300)])


class StapForm(FlaskForm):
    naar = HiddenField()
    datum = DateField("Datum", validators=[Optional(), BinnenBereik(BIBOB_STAP)])
    formulier_uitkomst = SelectField("Wat gebeurde er met het vragenformulier?", validate_choice=False,
                                     choices=_leeg([(u.value, u.label) for u in FormulierUitkomst
                                                    if u != FormulierUitkomst.VOLLEDIG]))
    bevindingen = TextAreaField("Bevindingen van het eigen onderzoek", validators=[Optional(), Length(max=20000)])
    conclusie = SelectField("Conclusie", choices=_leeg(EigenConclusie.keuzes()), validate_choice=False)
    betrokkene_geinformeerd_op = DateField("Betrokkene geïnformeerd op (art. 32)",
                                           validators=[Optional(), BinnenBereik(BIBOB_STAP)])
    advies_mate = SelectField("Mate van gevaar volgens het advies", choices=_leeg(MateVanGevaar.keuzes()),
                              validate_choice=False)
    advies_grond = SelectField("Grond van het gevaar", choices=_leeg(GevaarGrond.keuzes(), "— niet van toepassing —"),
                               validate_choice=False)
    advies_samenvatting = TextAreaField("Samenvatting van het advies", validators=[Optional(), Length(max=20000)])
    hergebruik_van_id = SelectField("Eerder advies", validate_choice=False)
    besluit = SelectField("Besluit", choices=_leeg(BibobBesluit.keuzes()), validate_choice=False)
    motivering = TextAreaField("Motivering", validators=[Optional(), Length(max=20000)])
    toelichting = TextAreaField("Toelichting bij deze stap", validators=[Optional(), Length(max=20000)])


# Which fields of StapForm each step uses (besides datum and toelichting), by (from, to).
STAP_VELDEN: dict[tuple[S | None, S], tuple[str, ...]] = {
    (S.FORMULIER_OPGEVRAAGD, S.ZIENSWIJZE): ("formulier_uitkomst",),
    (None, S.CONCLUSIE_EIGEN_ONDERZOEK): ("bevindingen", "conclusie"),
    (S.EIGEN_ONDERZOEK, S.ADVIES_LBB_AANGEVRAAGD): ("betrokkene_geinformeerd_op", "bevindingen"),
    (None, S.ADVIES_LBB_AANGEVRAAGD): ("betrokkene_geinformeerd_op",),
    (S.ADVIES_LBB_AANGEVRAAGD, S.ADVIES_ONTVANGEN): ("advies_mate", "advies_grond", "advies_samenvatting"),
    (None, S.ADVIES_ONTVANGEN): ("hergebruik_van_id", "advies_samenvatting"),
    (None, S.BESLUIT): ("besluit", "motivering"),
}

# What the date means in each step (the label of the date field).
STAP_DATUM = {
    S.FORMULIER_OPGEVRAAGD: "Datum waarop het formulier is opgevraagd",
    S.FORMULIER_ONTVANGEN: "Datum van ontvangst",
    S.EIGEN_ONDERZOEK: "Start van het eigen onderzoek",
    S.CONCLUSIE_EIGEN_ONDERZOEK: "Datum van de conclusie",
    S.ADVIES_LBB_AANGEVRAAGD: "Datum van de adviesaanvraag",
    S.ADVIES_ONTVANGEN: "Datum van het advies",
    S.ZIENSWIJZE: "Datum van het verzoek om een zienswijze",
    S.BESLUIT: "Datum van het besluit",
    S.GEARCHIVEERD: "Datum van archivering",
}


def stap_velden(van: S, naar: S) -> tuple[str, ...]:
    return STAP_VELDEN.get((van, naar)) or STAP_VELDEN.get((None, naar), ())


class VerlengForm(FlaskForm):
    datum = DateField("Datum van de verlenging", validators=[Optional(), BinnenBereik(BIBOB_STAP)])
    weken = IntegerField("Verlenging in weken", validators=[Optional(), NumberRange(0, 52)])


class ZienswijzeForm(EenmaligForm, FlaskForm):
    datum = DateField("Ontvangen op (of: termijn verstreken op)", validators=[Optional(), BinnenBereik(BIBOB_STAP)])
    zienswijze = TextAreaField("Samenvatting van de zienswijze", validators=[Optional(), Length(max=20000)])
    afgezien = BooleanField("De betrokkene heeft afgezien van een zienswijze (of liet de termijn verlopen)")


class BetrokkeneForm(EenmaligForm, FlaskForm):
    subject_id = IntegerField("Persoon of onderneming",
                              validators=[Optional(), NumberRange(1, MAX_GETAL, "Kies een persoon of onderneming.")])
    rol = SelectField("Rol", choices=_leeg(BibobRol.keuzes()), validate_choice=False)


class TipForm(EenmaligForm, FlaskForm):
    bron = SelectField("Bron", choices=_leeg(TipBron.keuzes()), validate_choice=False)
    bron_omschrijving = StringField("Omschrijving van de bron (welke gemeente, welk RIEC …)",
                                    validators=[Optional(), Length(max=200)])
    ontvangen_op = DateField("Ontvangen op", validators=[Optional(), BinnenBereik(TIP)])
    inhoud = TextAreaField("Inhoud", validators=[Optional(), Length(max=20000)])


class DocumentForm(EenmaligForm, FlaskForm):
    bestand = FileField("Bestand (PDF, Word/Excel, JPEG, PNG of WebP; maximaal 15 MB)")
    omschrijving = StringField("Omschrijving", validators=[Optional(), Length(max=300)])


# Wet Bibob art. 28 lid 1: to whom the information may be given. (value, label)
EXPORT_GRONDEN = [
    ("betrokkene", "De betrokkene, voor zover nodig voor de motivering van het besluit"),
    ("derde", "Een derde die in de motivering van het besluit wordt genoemd"),
    ("driehoek", "Het driehoeksoverleg (art. 13 Politiewet 2012)"),
    ("riec", "Een partner in het RIEC-samenwerkingsverband"),
    ("bezwaar", "De commissie bezwaarschriften"),
    ("rechter", "De rechter"),
    ("ombudsman", "De Nationale ombudsman"),
    ("ap", "De Autoriteit Persoonsgegevens"),
    ("bestuursorgaan", "Een ander bestuursorgaan dat art. 28 lid 1 Wet Bibob noemt"),
]


class ExportForm(FlaskForm):
    ontvanger = StringField("Ontvanger (naam en organisatie)", validators=[Optional(), Length(max=200)])
    grond = SelectField("Grond voor verstrekking (art. 28 lid 1 Wet Bibob)", choices=_leeg(EXPORT_GRONDEN),
                        validate_choice=False)
