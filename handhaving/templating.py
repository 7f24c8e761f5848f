"""Jinja set-up: nonce, navigation per role, Dutch date formatting."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app, request
from flask_login import current_user

from handhaving.security import policy
from handhaving.security.headers import csp_nonce

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

def navigation():
    """The domains' menu entries that the policy allows this user, in domain order."""
    items = []
    for domein in current_app.extensions["handhaving_domeinen"]:
        if domein.menu is None or not policy.allowed(domein.menu.endpoint):
            continue
        endpoint = domein.menu.endpoint
        active = (request.endpoint == endpoint if domein.url_prefix is None
                  else (request.endpoint or "").startswith(domein.blueprint.name + "."))
        items.append({"endpoint": endpoint, "label": domein.menu.label, "active": active})
    return items


def startkaarten():
    """The start page's tiles this user may open."""
    return [d.startkaart for d in current_app.extensions["handhaving_domeinen"]
            if d.startkaart is not None and policy.allowed(d.startkaart.endpoint)]


def datum_tijd(value: datetime | None) -> str:
    """Stored UTC → local Dutch notation, e.g. 22-11-2026 14:05."""
    if value is None:
        return ""
    local = value.replace(tzinfo=timezone.utc).astimezone(AMSTERDAM)
    return local.strftime("%d-%m-%Y %H:%M")


def init_app(app, domeinen) -> None:
    app.extensions["handhaving_domeinen"] = tuple(domeinen)
    app.jinja_env.globals.update(csp_nonce=csp_nonce, navigation=navigation, startkaarten=startkaarten,
                                 allowed=policy.allowed)
    app.jinja_env.filters["datum_tijd"] = datum_tijd

    @app.context_processor
    def _user_context():
        rollen = []
        if current_user.is_authenticated:
            rollen = sorted({(t.gemeente.naam, t.rol.label) for t in current_user.rollen})
        return {"gebruiker_rollen": rollen}
