"""Authorization as data: every (endpoint, method) and the roles allowed.

Each domain declares its part in ``<domain>/permissions.py``; this module
merges them and is the one choke point that enforces them before any view
runs. An endpoint that is not listed is refused (deny by default), and a test
walks ``app.url_map`` to keep the list complete.
"""
from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from flask_login import current_user

from handhaving.auth.models import Rol

PUBLIC = "public"                # no login (login page, health, static files)
AUTHENTICATED = "authenticated"  # any logged-in user, for their own account
ALLE_ROLLEN = frozenset(Rol)

# What a user whose password was set by a beheerder may still do.
EERST_WACHTWOORD = frozenset({"auth.account", "auth.logout"})

CORE_POLICY = {
    "static": {"GET": PUBLIC},
    "core.health": {"GET": PUBLIC},
    "core.home": {"GET": AUTHENTICATED},
}


def build_policy() -> dict:
    from handhaving.auth import permissions as auth_p
    from handhaving.beheer import permissions as beheer_p
    from handhaving.bibob import permissions as bibob_p
    from handhaving.controles import permissions as controles_p
    from handhaving.locaties import permissions as locaties_p
    from handhaving.vergunningen import permissions as vergunningen_p

    policy: dict = dict(CORE_POLICY)
    for module in (auth_p, beheer_p, locaties_p, controles_p, vergunningen_p, bibob_p):
        overlap = policy.keys() & module.POLICY.keys()
        if overlap:
            raise RuntimeError(f"Endpoint dubbel in autorisatiebeleid: {sorted(overlap)}")
        policy.update(module.POLICY)
    return policy


POLICY = None


def get_policy() -> dict:
    global POLICY
    if POLICY is None:
        POLICY = build_policy()
    return POLICY


def rollen_met_bibob_toegang() -> frozenset[Rol]:
    """Roles that open any Bibob page somewhere: derived from the policy, so a
    change there is a change here (four eyes on granting them)."""
    rollen: set[Rol] = set()
    for endpoint, methods in get_policy().items():
        if endpoint.startswith("bibob."):
            for rule in methods.values():
                if isinstance(rule, frozenset):
                    rollen |= rule
    return frozenset(rollen)


def rule_for(endpoint: str | None, method: str):
    if endpoint is None:
        return None
    method = "GET" if method == "HEAD" else method
    return get_policy().get(endpoint, {}).get(method)


def enforce():
    """before_request hook: anonymous → login, wrong role → 403 (audited)."""
    from handhaving.audit.services import GEWEIGERD, record_security_event
    from handhaving.auth.services import login_manager

    if request.endpoint is None:
        return None  # routing failed: 404/405 follows
    rule = rule_for(request.endpoint, request.method)
    if rule == PUBLIC:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.wachtwoord_wijzigen_verplicht and request.endpoint not in EERST_WACHTWOORD:
        # A beheerder chose this password: nothing else until the user chose an own one.
        flash("Kies eerst een eigen wachtwoord. Het wachtwoord dat u van de beheerder kreeg, kent de "
              "beheerder ook.", "warning")
        return redirect(url_for("auth.account"))
    if rule == AUTHENTICATED:
        g.gemeente_ids = sorted(current_user.rollen_per_gemeente())
        return None
    ids = current_user.gemeente_ids_met(rule) if rule else []
    if not ids:
        record_security_event(
            "autorisatie.geweigerd", GEWEIGERD, object_type="endpoint",
            object_id=request.endpoint,
            details={"methode": request.method, "pad": request.path[:200]},
        )
        abort(403)
    # The gemeenten whose data this request may touch: every query filters on them.
    g.gemeente_ids = ids
    return None


def gemeente_ids() -> list[int]:
    """Gemeenten in scope for the current request (set by ``enforce``)."""
    ids = g.get("gemeente_ids")
    if ids is None:
        # Fail closed: a view without a policy decision sees nothing.
        return []
    return ids


def allowed(endpoint: str, method: str = "GET") -> bool:
    """For navigation: may the current user use this endpoint at all?"""
    rule = rule_for(endpoint, method)
    if rule == PUBLIC:
        return True
    if not current_user.is_authenticated:
        return False
    if rule == AUTHENTICATED:
        return True
    return bool(rule) and bool(current_user.alle_rollen() & set(rule))
