"""Hostile JSON bodies on every endpoint that reads JSON: never a server error.

The endpoints are found in the URL map: every POST route whose view reads
``request.get_json`` (itself or through a helper of its module). Bodies: nested
deeper than the limit, integers beyond 64 bits, NaN and Infinity, wrong types,
strings where numbers go, and the tablet's bundle with each field made hostile.
"""
from __future__ import annotations

import inspect
import re
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handhaving.auth.models import Rol
from handhaving.db import utcnow
from handhaving.security.policy import AUTHENTICATED, PUBLIC, get_policy
from tests.controles.conftest import plan_voor
from tests.helpers import csrf_for, login
from tests.test_policy import _url, matrix_world  # noqa: F401  (fixture: one real object behind every route)

HUGE = [2**63, -(2**63) - 1, 2**64, 10**40, -(10**40)]
SCALAR = st.one_of(st.sampled_from(HUGE + [0, -1, 1.5, 1e308, -1e308, "", "9" * 50, "nan", "-inf", "9999-12-31",
                                           "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", True, False, None]),
                   st.integers(min_value=-(2**80), max_value=2**80), st.text(max_size=20),
                   st.floats(allow_nan=False, allow_infinity=False))
JSON_WAARDE = st.recursive(SCALAR, lambda kind: st.one_of(st.lists(kind, max_size=3),
                                                          st.dictionaries(st.text(max_size=8), kind, max_size=3)),
                           max_leaves=8)
RAW = [b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 5000 + b"1" + b"}" * 5000, b"[" * 40 + b"]" * 40,
       b'{"versie": NaN}', b'{"verzonden_op": Infinity}', b"-Infinity", b"9" * 5000, b'{"a": 1e999}', b"\xff\xfe",
       b'"tekst"', b"[]", b"null", b"{" + b'"k":1,' * 10 + b"}"]


_LEEST_JSON = re.compile(r"\bget_json\(|\bjson_object\(")


def json_endpoints(app):
    """(rule, view) for every POST route whose view reads a JSON body."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if "POST" not in rule.methods:
            continue
        view = inspect.unwrap(app.view_functions[rule.endpoint])
        source = inspect.getsource(view)
        module = sys.modules[view.__module__]
        helpers = [naam for naam, f in vars(module).items() if inspect.isfunction(f) and f.__module__ == module.__name__
                   and _LEEST_JSON.search(inspect.getsource(f))]
        if _LEEST_JSON.search(source) or any(re.search(rf"\b{h}\(", source) for h in helpers):
            yield rule


def test_the_json_endpoints_are_found_in_the_url_map(app):
    gevonden = {r.endpoint for r in json_endpoints(app)}
    # The tablet's sync and the autosave of the field form must be among them.
    assert {"controles.sync", "controles.vastleggen"} <= gevonden, gevonden


def test_no_view_reads_json_silently():
    """``silent=True`` would turn JSON that is too deep or too big into ``None`` instead of a 400."""
    bron = Path(__file__).resolve().parents[2] / "handhaving"
    stil = [str(p) for p in bron.rglob("*.py") if "get_json(silent=True" in p.read_text(encoding="utf-8")]
    assert not stil


def _rol(roles) -> Rol:
    if roles in (PUBLIC, AUTHENTICATED):
        return Rol.TOEZICHTHOUDER
    return Rol.TOEZICHTHOUDER if Rol.TOEZICHTHOUDER in roles else sorted(roles)[0]


@pytest.fixture
def json_world(app, session, matrix_world):
    """The matrix world plus a controle planned today for the toezichthouder (still editable)."""
    users = matrix_world["users"]
    with app.app_context():
        [c] = plan_voor(session, matrix_world["a"], users[("9901", Rol.COORDINATOR)],
                        [users[("9901", Rol.TOEZICHTHOUDER)]], matrix_world["adres_a"])
    session.commit()
    return {**matrix_world, "open": c}


def _nu_iso(delta=timedelta()) -> str:
    return (utcnow() + delta).isoformat() + "Z"


def _check(resp, what):
    assert resp.status_code < 500, (what, resp.status_code, resp.get_data()[:300])


def test_hostile_json_bodies_never_give_a_server_error_on_any_json_endpoint(app, make_client, json_world, session):
    policy = get_policy(app)
    started, clients = time.monotonic(), {}
    for rule in json_endpoints(app):
        rol = _rol(policy[rule.endpoint]["POST"])
        if rol not in clients:
            client = make_client()
            login(client, session, json_world["users"][("9901", rol)])
            clients[rol] = (client, csrf_for(client))
        client, token = clients[rol]
        url = _url(app, rule, {**json_world, "controle": json_world["open"]}, session)
        headers = {"X-CSRFToken": token, "Accept": "application/json"}
        for raw in RAW:
            resp = client.post(url, data=raw, content_type="application/json", headers=headers)
            _check(resp, (rule.endpoint, raw[:40]))
            if len(raw) > 10_000:
                assert resp.status_code == 400, (rule.endpoint, resp.status_code)

        @settings(max_examples=40, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(body=JSON_WAARDE)
        def willekeurig(body):
            _check(client.post(url, json=body, headers=headers), (rule.endpoint, body))

        willekeurig()
    print(f"\nJSON-fuzz: {len(clients)} rollen, {time.monotonic() - started:.1f} s")


def _bundel(c, **velden) -> dict:
    return {"uuid": str(uuid.uuid4()), "controle_id": c.id, "versie": c.versie,
            "start": {"op": _nu_iso(-timedelta(minutes=5)), "lat": 52.0, "lon": 5.1, "nauwkeurigheid": 10},
            "wijzigingen": {}, "bevindingen": [], "personen": [], "opgelost": [], "afronden": False, **velden}


@settings(max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(veld=st.sampled_from(["controle_id", "versie", "start.op", "start.lat", "start.lon", "start.nauwkeurigheid",
                             "bevinding.voorschrift_id", "persoon.geboortejaar", "opgelost.bevinding_id",
                             "verzonden_op"]),
       waarde=SCALAR)
def test_a_hostile_field_in_the_tablet_bundle_is_refused_with_a_dutch_reason(app, make_client, json_world, session,
                                                                              veld, waarde):
    tablet = json_world.setdefault("_tablet", {})
    if not tablet:
        client = make_client()
        login(client, session, json_world["users"][("9901", Rol.TOEZICHTHOUDER)])
        tablet.update(client=client, token=csrf_for(client))
    c = json_world["open"]
    session.refresh(c)
    inz = _bundel(c)
    body = {"verzonden_op": _nu_iso(), "inzending": inz}
    if veld == "verzonden_op":
        body["verzonden_op"] = waarde
    elif veld.startswith("start."):
        inz["start"][veld[6:]] = waarde
    elif veld == "bevinding.voorschrift_id":
        inz["bevindingen"] = [{"uuid": str(uuid.uuid4()), "categorie": "veiligheid", "omschrijving": "x",
                               "waarneming": "eigen", "ernst": "matig", "norm": "x", "voorschrift_id": waarde}]
    elif veld == "persoon.geboortejaar":
        inz["personen"] = [{"uuid": str(uuid.uuid4()), "rol": "sekswerker", "naam": "",
                            "sekswerker": {"werknaam": "x", "geboortejaar": waarde}}]
    elif veld == "opgelost.bevinding_id":
        inz["opgelost"] = [{"bevinding_id": waarde, "opgelost": True}]
    else:
        inz[veld] = waarde
    resp = tablet["client"].post("/controles/sync", json=body,
                                 headers={"X-CSRFToken": tablet["token"], "Accept": "application/json"})
    assert resp.status_code < 500, (veld, waarde, resp.get_data()[:300])
    if resp.status_code >= 400:
        assert resp.json["melding"], (veld, waarde)
