"""Authorization as data: every (endpoint, method) and the roles allowed.

Each domain declares its part in ``<domain>/permissions.py`` (with the
vocabulary of ``security.rules``) and hands it over in its ``domein.py``;
``init_app`` merges them and ``enforce`` is the one choke point that applies
them before any view runs. An endpoint that is not listed is refused (deny by
default), and a test walks ``app.url_map`` to keep the list complete. This
module imports no domain: the domains are passed in by ``create_app``.
"""
from __future__ import annotations

from flask import abort, current_app, g, request
from flask_login import current_user

from handhaving.audit.services import GEWEIGERD, record_security_event
from handhaving.security.acties import KernActie
from handhaving.security.rules import ALLE_ROLLEN, AUTHENTICATED, PUBLIC, Rol  # noqa: F401 (re-export)
from handhaving.verzoek import niet_ingelogd_json, wants_json

# Flask's own static route belongs to no domain.
APP_POLICY = {"static": {"GET": PUBLIC}}


class PolicyError(RuntimeError):
    pass


def build_policy(domeinen) -> dict:
    """Merge the domains' policies; each may only name its own blueprint's endpoints."""
    policy: dict = dict(APP_POLICY)
    for domein in domeinen:
        prefix = domein.blueprint.name + "."
        vreemd = sorted(e for e in domein.policy if not e.startswith(prefix))
        if vreemd:
            raise PolicyError(f"Domein {domein.naam} noemt endpoints buiten zijn blueprint: {vreemd}")
        overlap = policy.keys() & domein.policy.keys()
        if overlap:
            raise PolicyError(f"Endpoint dubbel in autorisatiebeleid: {sorted(overlap)}")
        policy.update(domein.policy)
    return policy


def init_app(app, domeinen) -> None:
    app.extensions["handhaving_policy"] = build_policy(domeinen)
    # Roles that open any page of a confidential domain (Bibob): granting them needs four eyes.
    vertrouwelijk: set[Rol] = set()
    for domein in domeinen:
        if domein.vertrouwelijk:
            for methods in domein.policy.values():
                for rule in methods.values():
                    if isinstance(rule, frozenset):
                        vertrouwelijk |= rule
    app.extensions["handhaving_vertrouwelijke_rollen"] = frozenset(vertrouwelijk)
    app.extensions["handhaving_bijzondere_rollen"] = _rollen_van_bijzondere_gegevens(domeinen)
    app.before_request(enforce)


def _rollen_van_bijzondere_gegevens(domeinen) -> frozenset[Rol]:
    rollen: set[Rol] = set()
    for domein in domeinen:
        for endpoint in domein.bijzondere_gegevens:
            if endpoint not in domein.policy:
                raise PolicyError(f"Domein {domein.naam}: bijzondere gegevens op onbekend endpoint {endpoint}")
            for rule in domein.policy[endpoint].values():
                if not isinstance(rule, frozenset):
                    raise PolicyError(f"Bijzondere gegevens op een pagina zonder rollen: {endpoint}")
                rollen |= rule
    return frozenset(rollen)


def rollen_met_bijzondere_gegevens(app=None) -> frozenset[Rol]:
    """Roles that open a page showing special-category personal data (AVG art. 9): derived
    from the endpoints a domain declares and the policy, like ``rollen_met_bibob_toegang``."""
    return (app or current_app).extensions["handhaving_bijzondere_rollen"]


def get_policy(app=None) -> dict:
    return (app or current_app).extensions["handhaving_policy"]


def rollen_met_bibob_toegang(app=None) -> frozenset[Rol]:
    """Roles that open any page of a confidential domain somewhere: derived from
    the policy, so a change there is a change here (four eyes on granting them)."""
    return (app or current_app).extensions["handhaving_vertrouwelijke_rollen"]


def rule_for(endpoint: str | None, method: str):
    if endpoint is None:
        return None
    method = "GET" if method == "HEAD" else method
    return get_policy().get(endpoint, {}).get(method)


def enforce():
    """before_request hook: anonymous → login, wrong role → 403 (audited)."""
    if request.endpoint is None:
        return None  # routing failed: 404/405 follows
    rule = rule_for(request.endpoint, request.method)
    if rule == PUBLIC:
        return None
    if not current_user.is_authenticated:
        if wants_json():
            return niet_ingelogd_json()
        return current_app.login_manager.unauthorized()
    if rule == AUTHENTICATED:
        g.gemeente_ids = sorted(current_user.rollen_per_gemeente())
        return None
    ids = current_user.gemeente_ids_met(rule) if rule else []
    if not ids:
        record_security_event(
            KernActie.AUTORISATIE_GEWEIGERD, GEWEIGERD, object_type="endpoint",
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
