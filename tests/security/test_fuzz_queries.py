"""Hostile query parameters on every GET route of the app: never a server error.

The routes come from the app's URL map (all of them, every blueprint); the parameter
names from the source of the view's package (``args.get("…")``, ``values.get("…")``, forms built from
``request.args``) plus a common set. A route that is not fuzzed must be named in
``NIET_GEFUZZD`` with its reason, or the sweep fails.
"""
from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wtforms.fields.core import UnboundField

from handhaving.auth.models import Rol
from handhaving.security.policy import AUTHENTICATED, PUBLIC, get_policy
from tests.helpers import login
from tests.test_policy import _url, matrix_world  # noqa: F401  (fixture: one real object behind every route)

# A reason for every GET route that is not fuzzed.
NIET_GEFUZZD = {
    "static": "bestanden van schijf; leest geen queryparameters",
    "auth.login": "een ingelogde client wordt doorgestuurd; het formulier zelf zit in test_fuzz_forms",
    "auth.tweede_factor": "idem: alleen tijdens het inloggen bereikbaar",
}

COMMON = ("page", "pagina", "q", "van", "tot", "datum", "dag", "week", "bbox", "vorm", "id", "status", "soort",
          "zoom", "adres", "gemeente", "type", "alle", "mijn", "formaat", "next", "offset", "totaal")

_ARG_RE = re.compile(r"""\b(?:args|values)(?:\.get|\.getlist|\.get_all)?\s*[\[(]\s*["'](\w+)["']""")
_FORM_RE = re.compile(r"\b(\w+)\(request\.args\)")
_INT_HELPER_RE = re.compile(r"""\b_(?:int|getal)\(\s*["'](\w+)["']""")

BIG = [str(2**63), str(-(2**63) - 1), str(2**64), "9" * 40, "-" + "9" * 40, "1" + "0" * 5000]
DATES = ["9999-12-31", "0001-01-01", "10000-01-01", "1900-02-29", "2024-13-01", "-0001-01-01", "9999-W52",
         "2024-W53", "9999-12-31T23:59:59"]
FLOATS = ["nan", "inf", "-inf", "1e309", "-1e309", "NaN,NaN,NaN,NaN", "-inf,-inf,inf,inf", "0,0,1e309,1e309",
          "180,90,-180,-90", "5.95,50.85,6.0,50.9", "1,2,3", "1,2,3,4,5"]
SHAPES = ['{"type":"Polygon","coordinates":[[[0,0],[1e309,0],[0,1],[0,0]]]}', "[" * 2000 + "]" * 2000,
          '{"type":"Polygon","coordinates":[[["nan","inf"]]]}', "POLYGON((0 0, 1 1))", "{}"]
VALUE = st.one_of(
    st.sampled_from(BIG + DATES + FLOATS + SHAPES + ["", " ", "-1", "0", "1", "\u202e", "<script>alert(1)</script>"]),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.dates().map(str),
    st.text(max_size=40),
)


def _names_in_package(view) -> set[str]:
    """Parameter names a view's package reads from ``request.args``."""
    package = view.__module__.rsplit(".", 1)[0]
    mod = importlib.import_module(package)
    sources = [inspect.getsource(importlib.import_module(view.__module__))]
    if hasattr(mod, "__path__"):
        for info in pkgutil.walk_packages(mod.__path__, package + "."):
            try:
                sources.append(inspect.getsource(importlib.import_module(info.name)))
            except (OSError, TypeError):
                pass
    names = set()
    view_globals = getattr(inspect.unwrap(view), "__globals__", {})
    for src in sources:
        names |= set(_ARG_RE.findall(src)) | set(_INT_HELPER_RE.findall(src))
        for form_name in _FORM_RE.findall(src):
            form = view_globals.get(form_name)
            if isinstance(form, type):
                names |= {n for k in form.__mro__ for n, v in vars(k).items() if isinstance(v, UnboundField)}
    return names


def _get_routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if "GET" in rule.methods:
            yield rule


def test_every_get_route_is_fuzzed_or_skipped_with_a_reason(app):
    endpoints = {r.endpoint for r in _get_routes(app)}
    assert set(NIET_GEFUZZD) <= endpoints, f"verouderde uitzonderingen: {set(NIET_GEFUZZD) - endpoints}"
    assert all(reden.strip() for reden in NIET_GEFUZZD.values())
    assert len(endpoints - set(NIET_GEFUZZD)) > 50  # the sweep sees the whole app, not a short list


def _role_for(roles) -> Rol:
    if roles in (PUBLIC, AUTHENTICATED):
        return Rol.COORDINATOR
    for rol in (Rol.COORDINATOR, Rol.TOEZICHTHOUDER, Rol.VERGUNNINGVERLENER, Rol.BEHEERDER, Rol.BURGEMEESTER):
        if rol in roles:
            return rol
    raise AssertionError(f"geen rol mag deze route: {roles}")


def _check(resp, what):
    body = resp.get_data()
    assert resp.status_code < 500, (what, resp.status_code, body[:300])
    assert b"<script>alert(1)</script>" not in body, what


def test_hostile_query_parameters_never_give_a_server_error_on_any_get_route(app, make_client, matrix_world,
                                                                             session):
    policy = get_policy(app)
    clients = {}
    started, count, fouten = time.monotonic(), 0, []
    for rule in _get_routes(app):
        if rule.endpoint in NIET_GEFUZZD:
            continue
        rol = _role_for(policy[rule.endpoint]["GET"])
        if rol not in clients:
            clients[rol] = make_client()
            login(clients[rol], session, matrix_world["users"][("9901", rol)])
        client = clients[rol]
        base = _url(app, rule, matrix_world, session)
        names = sorted(_names_in_package(app.view_functions[rule.endpoint]) | set(COMMON))
        # The map's layers need an area: keep one valid bbox half the time so the other filters are reached.
        keep = {"bbox": "5.95,50.85,6.0,50.9"} if "bbox=" in base else {}
        path = base.split("?")[0]

        @settings(max_examples=6, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(params=st.dictionaries(st.sampled_from(names), VALUE, min_size=1, max_size=5),
               met_gebied=st.booleans())
        def fuzz(params, met_gebied):
            query = {**(keep if met_gebied else {}), **params}
            _check(client.get(path, query_string=query), (rule.endpoint, query))

        # Each name once with each class of hostile value, so no name is left to chance; every
        # route's first failure is collected, so one run shows them all.
        try:
            for name in names:
                for value in (BIG[3], "9999-12-31", "-inf,-inf,inf,inf"):
                    _check(client.get(path, query_string={**keep, name: value}), (rule.endpoint, name, value))
            fuzz()
        except AssertionError as e:
            fouten.append(str(e)[:400])
        count += 1
    assert not fouten, "\n".join(fouten)
    print(f"\nfuzzed {count} GET routes in {time.monotonic() - started:.1f} s")
