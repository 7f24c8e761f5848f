from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp


class LoginForm(FlaskForm):
    gebruikersnaam = StringField(
        "Gebruikersnaam", validators=[DataRequired("Vul uw gebruikersnaam in."),
                                      Length(max=80, message="Een gebruikersnaam heeft hoogstens 80 tekens.")],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"})
    wachtwoord = PasswordField(
        "Wachtwoord", validators=[DataRequired("Vul uw wachtwoord in."),
                                  Length(max=256, message="Een wachtwoord heeft hoogstens 256 tekens.")],
        render_kw={"autocomplete": "current-password"})


class TweedeFactorForm(FlaskForm):
    code = StringField(
        "Code uit uw authenticator-app",
        validators=[DataRequired("Vul de code van 6 cijfers in."),
                    Regexp(r"^\s*\d{3}\s?\d{3}\s*$", message="De code bestaat uit 6 cijfers.")],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": "7"})


class WachtwoordWijzigenForm(FlaskForm):
    huidig = PasswordField("Huidig wachtwoord", validators=[DataRequired("Vul uw huidige wachtwoord in."),
                                                             Length(max=256)],
                           render_kw={"autocomplete": "current-password"})
    nieuw = PasswordField("Nieuw wachtwoord", validators=[DataRequired("Vul een nieuw wachtwoord in.")],
                          render_kw={"autocomplete": "new-password"})
    herhaal = PasswordField("Herhaal nieuw wachtwoord", validators=[
        DataRequired("Herhaal het nieuwe wachtwoord."), EqualTo("nieuw", message="De twee nieuwe wachtwoorden zijn niet gelijk.")],
        render_kw={"autocomplete": "new-password"})
