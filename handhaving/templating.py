"""Jinja set-up: nonce, navigation per role, Dutch date formatting."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask import request
from flask_login import current_user

from handhaving.security import policy
from handhaving.security.headers import csp_nonce

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# (endpoint, label); shown only to users whose roles the policy allows.
NAVIGATION = [
    ("core.home", "Start"),
    ("controles.index", "Controles"),
    ("vergunningen.index", "Vergunningen"),
    ("bibob.index", "Bibob"),
    ("locaties.index", "Locaties"),
    ("beheer.gebruikers", "Beheer"),
]


def navigation():
    items = []
    for endpoint, label in NAVIGATION:
        if policy.allowed(endpoint):
            blueprint = endpoint.split(".")[0]
            active = (request.endpoint == endpoint if endpoint == "core.home"
                      else (request.endpoint or "").startswith(blueprint + "."))
            items.append({"endpoint": endpoint, "label": label, "active": active})
    return items


def datum_tijd(value: datetime | None) -> str:
    """Stored UTC → local Dutch notation, e.g. 22-11-2026 14:05."""
    if value is None:
        return ""
    local = value.replace(tzinfo=timezone.utc).astimezone(AMSTERDAM)
    return local.strftime("%d-%m-%Y %H:%M")


def init_app(app) -> None:
    app.jinja_env.globals.update(csp_nonce=csp_nonce, navigation=navigation,
                                 allowed=policy.allowed)
    app.jinja_env.filters["datum_tijd"] = datum_tijd

    @app.context_processor
    def _user_context():
        rollen = []
        if current_user.is_authenticated:
            rollen = sorted({(t.gemeente.naam, t.rol.label) for t in current_user.rollen})
        return {"gebruiker_rollen": rollen}
