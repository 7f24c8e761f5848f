"""The form side: a hidden key, new on every render, kept when the form is shown again."""
from __future__ import annotations

import uuid

from wtforms import HiddenField

VELD = "verzendsleutel"


def nieuwe_sleutel() -> str:
    return str(uuid.uuid4())


class EenmaligForm:
    """Mixin for a form that creates something: ``class XForm(EenmaligForm, FlaskForm)``.

    Render ``{{ form.verzendsleutel }}`` next to ``{{ form.csrf_token }}`` and decorate the view
    with ``handhaving.eenmalig.views.eenmalig``.
    """

    verzendsleutel = HiddenField(default=nieuwe_sleutel)
