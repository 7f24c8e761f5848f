from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, Optional, Regexp

from handhaving.auth.models import ROL_LABELS
from handhaving.eenmalig.forms import EenmaligForm

ROL_CHOICES = [SelectChoice(r.value, label) for r, label in ROL_LABELS.items()]
# Shape check only: work addresses are checked by the people who use them.
EMAIL_RE = r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"
TOELICHTING = "Toelichting (nodig bij rollen met Bibob-inzage of beheerrechten)"


class ActiveringForm(FlaskForm):
    actie = HiddenField(validators=[AnyOf(["activeren", "deactiveren"], message="Onbekende actie.")])
    reden = TextAreaField("Reden", validators=[
        DataRequired("Geef een reden op; die komt in het auditlog."),
        Length(min=5, max=500, message="Geef een reden van 5 tot 500 tekens.")])


class NieuweGebruikerForm(EenmaligForm, FlaskForm):
    gebruikersnaam = StringField("Gebruikersnaam", validators=[
        DataRequired("Vul een gebruikersnaam in."),
        Length(min=3, max=80, message="Een gebruikersnaam heeft 3 tot 80 tekens."),
        Regexp(r"^[A-Za-z0-9._-]+$", message="Gebruik alleen letters, cijfers, punt, streepje of liggend streepje.")],
        render_kw={"autocapitalize": "none", "spellcheck": "false"})
    naam = StringField("Volledige naam", validators=[DataRequired("Vul de naam in."),
                                                     Length(max=120, message="Hoogstens 120 tekens.")])
    email = EmailField("E-mailadres (werk)", validators=[Optional(), Regexp(EMAIL_RE, message="Dit is geen geldig e-mailadres."),
                                                         Length(max=200, message="Hoogstens 200 tekens.")])
    gemeente = SelectField("Gemeente", coerce=int, validate_choice=True)
    rol = SelectField("Rol", choices=ROL_CHOICES, validate_choice=True)
    reden = TextAreaField(TOELICHTING, validators=[Optional(), Length(max=500, message="Hoogstens 500 tekens.")])


class RolToevoegenForm(EenmaligForm, FlaskForm):
    gemeente = SelectField("Gemeente", coerce=int, validate_choice=True)
    rol = SelectField("Rol", choices=ROL_CHOICES, validate_choice=True)
    reden = TextAreaField(TOELICHTING, validators=[Optional(), Length(max=500, message="Hoogstens 500 tekens.")])


class RedenForm(FlaskForm):
    """For actions that need a reason in the audit log (BIO 8.15.01)."""
    reden = TextAreaField("Reden", validators=[
        DataRequired("Geef een reden op; die komt in het auditlog."),
        Length(min=5, max=500, message="Geef een reden van 5 tot 500 tekens.")])


class GemeenteInstellingenForm(RedenForm):
    mfa_alle_rollen = BooleanField("Tweede inlogstap verplicht voor alle rollen")


class InstellingForm(RedenForm):
    waarde = StringField("Waarde", validators=[DataRequired("Vul een waarde in."),
                                               Length(max=200, message="Hoogstens 200 tekens.")])
