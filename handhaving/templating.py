"""Jinja set-up: nonce, navigation per role, Dutch date formatting."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app, g, request
from flask_login import current_user

from handhaving.eenmalig.forms import nieuwe_sleutel
from handhaving.locaties.cbs import waarden as cbs_waarden
from handhaving.security import policy
from handhaving.security.headers import csp_nonce
from handhaving.tabellen import stapelbaar

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

def navigation():
    """The domains' menu entries that the policy allows this user, in domain order."""
    items = []
    for domein in current_app.extensions["handhaving_domeinen"]:
        menu = next((m for m in domein.menus if policy.allowed(m.endpoint)), None)
        if menu is None:
            continue
        endpoint = menu.endpoint
        active = (request.endpoint == endpoint if domein.url_prefix is None
                  else (request.endpoint or "").startswith(domein.blueprint.name + "."))
        items.append({"endpoint": endpoint, "label": menu.label, "active": active})
    return items


def startkaarten():
    """The start page's tiles this user may open."""
    kaarten = []
    for d in current_app.extensions["handhaving_domeinen"]:
        kaart = next((k for k in d.startkaarten if policy.allowed(k.endpoint)), None)
        if kaart is not None:
            kaarten.append(kaart)
    return kaarten


def startblokken():
    """Start-page blocks this user may see, each with its template and data."""
    return [(d.startblok.template, d.startblok.gegevens())
            for d in current_app.extensions["handhaving_domeinen"]
            if d.startblok is not None and policy.allowed(d.startblok.endpoint)]


def adresblokken(adres_id: int):
    """Blocks of other domains on an address page (controles, permits, occupancy)."""
    return [(d.adresblok.template, d.adresblok.gegevens(adres_id))
            for d in current_app.extensions["handhaving_domeinen"]
            if d.adresblok is not None and policy.allowed(d.adresblok.endpoint)]


def gemeentenamen() -> dict[int, str]:
    """{gemeente id: name} of the gemeenten this request covers, when there are several (a regional
    user): lists then show a Gemeente column, since zaaknummers repeat across gemeenten. Empty for
    a user of one gemeente. From the user's own roles: no query."""
    if "gemeentenamen" not in g:
        ids = set(policy.gemeente_ids())
        g.gemeentenamen = {}
        if current_user.is_authenticated and len(ids) > 1:
            g.gemeentenamen = {t.gemeente_id: t.gemeente.naam for t in current_user.rollen
                               if t.gemeente_id in ids}
    return g.gemeentenamen


def met_gemeente(tekst, gemeente_id: int) -> str:
    """'VERG-2026-0001 (Dalveen)' for a regional user, the bare number for anyone else."""
    naam = gemeentenamen().get(gemeente_id)
    return f"{tekst} ({naam})" if naam else tekst


def datum_tijd(value: datetime | None) -> str:
    """Stored UTC → local Dutch notation, e.g. 22-11-2026 14:05."""
    if value is None:
        return ""
    local = value.replace(tzinfo=timezone.utc).astimezone(AMSTERDAM)
    return local.strftime("%d-%m-%Y %H:%M")


DAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december")


def datum(value) -> str:
    """A date (or stored UTC datetime) as 'ma 23 november 2026'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.replace(tzinfo=timezone.utc).astimezone(AMSTERDAM).date()
    return f"{DAGEN[value.weekday()][:2]} {value.day} {MAANDEN[value.month - 1]} {value.year}"


def tijd(value: datetime | None) -> str:
    """Stored UTC → local time, e.g. 14:05."""
    if value is None:
        return ""
    return value.replace(tzinfo=timezone.utc).astimezone(AMSTERDAM).strftime("%H:%M")


def init_app(app, domeinen) -> None:
    app.extensions["handhaving_domeinen"] = tuple(domeinen)
    app.jinja_env.globals.update(csp_nonce=csp_nonce, navigation=navigation, startkaarten=startkaarten, startblokken=startblokken, adresblokken=adresblokken,
                                 allowed=policy.allowed, gemeentenamen=gemeentenamen)
    # A form key for a row form that has no form object of its own (one per rendered row).
    app.jinja_env.globals["nieuwe_verzendsleutel"] = nieuwe_sleutel
    # cbs_waarde: CBS statistics never show a sentinel (-99995 …) as a number.
    app.jinja_env.filters.update(datum_tijd=datum_tijd, datum=datum, tijd=tijd, cbs_waarde=cbs_waarden.toon,
                               stapelbaar=stapelbaar, met_gemeente=met_gemeente)

    @app.context_processor
    def _user_context():
        rollen = []
        if current_user.is_authenticated:
            rollen = sorted({(t.gemeente.naam, t.rol.label) for t in current_user.rollen})
        return {"gebruiker_rollen": rollen}
