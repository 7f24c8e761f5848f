"""Forms of the beheer pages for control types, checklists and aanwijzingen.

They read what was posted (and carry the CSRF check); the content rules live in
``sjablonen`` so the same Dutch message reaches a browser and an API client.
The templates render the inputs themselves, with ids unique per item on the page.
"""
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import AnyOf

from handhaving.controles.models import ItemSoort
from handhaving.eenmalig.forms import EenmaligForm


class BevestigForm(FlaskForm):
    """A button that only needs the CSRF token (concept maken, publiceren, standaardtypen laden)."""
    gemeente = HiddenField()


class SectieForm(EenmaligForm, FlaskForm):
    titel = StringField("Titel van de sectie")
    toelichting = TextAreaField("Toelichting (optioneel)")
    signalen = BooleanField("Deze sectie bevat signalen van mensenhandel")


class ItemForm(FlaskForm):
    soort = StringField("Soort antwoord")
    tekst = StringField("Vraag")
    hulptekst = TextAreaField("Hulptekst (optioneel)")
    verplicht = BooleanField("Verplicht te beantwoorden")
    keuzes = TextAreaField("Keuzes, één per regel (alleen bij ‘Keuze uit een lijst’)")
    norm = StringField("Norm of artikel (optioneel)")

    def waarden(self) -> dict:
        return {"soort": self.soort.data or "", "tekst": self.tekst.data or "", "hulptekst": self.hulptekst.data or "",
                "verplicht": bool(self.verplicht.data), "keuzes": self.keuzes.data or "", "norm": self.norm.data or ""}


class NieuwItemForm(EenmaligForm, ItemForm):
    sectie_id = HiddenField()

    def sectie(self) -> int | None:
        try:
            return int(self.sectie_id.data)
        except (TypeError, ValueError):
            return None


class VerplaatsForm(FlaskForm):
    richting = HiddenField(validators=[AnyOf(["op", "neer"], message="Kies omhoog of omlaag.")])


class VervallenForm(FlaskForm):
    vervallen = HiddenField(validators=[AnyOf(["ja", "nee"], message="Kies laten vervallen of terugzetten.")])


class AanwijzingForm(FlaskForm):
    gemeente = HiddenField()
    besluit = StringField("Kenmerk van het aanwijzingsbesluit")
    legitimatienummer = StringField("Nummer van het legitimatiebewijs")
    geldig_tot = StringField("Geldig tot")


SOORT_KEUZES = ItemSoort.keuzes()
