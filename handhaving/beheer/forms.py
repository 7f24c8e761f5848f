from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length


class ActiveringForm(FlaskForm):
    actie = HiddenField(validators=[AnyOf(["activeren", "deactiveren"], message="Onbekende actie.")])
    reden = TextAreaField("Reden", validators=[
        DataRequired("Geef een reden op; die komt in het auditlog."),
        Length(min=5, max=500, message="Geef een reden van 5 tot 500 tekens.")])
