"""Every form the app renders, posted back with each field set to a number past 64 bits, a
date in year 9999 or 1, or an infinite number: a message or a refusal, never a server error.

The forms come from the URL map: every route that answers GET and POST on the same URL
(the page and its form). The field names are read from the rendered page.
"""
from __future__ import annotations

import re
import time

from handhaving.security.policy import get_policy
from tests.helpers import csrf_from, login
from tests.security.test_fuzz_queries import _role_for
from tests.test_policy import _url, matrix_world  # noqa: F401  (fixture: one real object behind every route)

# Forms whose success ends the test's session or needs a second factor; covered elsewhere.
NIET_GEFUZZD = {
    "auth.login": "test_fuzz_forms.py: het inlogformulier",
    "auth.tweede_factor": "alleen tijdens het inloggen bereikbaar",
}
WAARDEN = (str(2**64), "9999-12-31", "0001-01-01", "-inf", "nan")
_NAAM = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')


def _form_routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if {"GET", "POST"} <= rule.methods:
            yield rule


def test_every_form_page_is_fuzzed_or_skipped_with_a_reason(app):
    endpoints = {r.endpoint for r in _form_routes(app)}
    assert set(NIET_GEFUZZD) <= endpoints
    assert len(endpoints - set(NIET_GEFUZZD)) >= 10


def test_each_form_field_with_a_hostile_number_or_date_never_gives_a_server_error(app, make_client, matrix_world,
                                                                                 session):
    policy = get_policy(app)
    clients, fouten, started, posts, formulieren = {}, [], time.monotonic(), 0, 0
    for rule in _form_routes(app):
        if rule.endpoint in NIET_GEFUZZD:
            continue
        rol = _role_for(policy[rule.endpoint]["POST"])
        if rol not in clients:
            clients[rol] = make_client()
            login(clients[rol], session, matrix_world["users"][("9901", rol)])
        client = clients[rol]
        url = _url(app, rule, matrix_world, session)
        page = client.get(url)
        if page.status_code != 200:
            continue  # a redirect (e.g. a Bibob file not opened with a reason): nothing to post back
        html = page.get_data(as_text=True)
        namen = sorted(set(_NAAM.findall(html)) - {"csrf_token"})
        formulieren += 1
        for waarde in WAARDEN:
            for naam in namen:
                data = {n: "1" for n in namen}
                data.update({"csrf_token": csrf_from(html), naam: waarde})
                resp = client.post(url, data=data)
                posts += 1
                if resp.status_code >= 500:
                    fouten.append((rule.endpoint, naam, waarde, resp.status_code))
                    break
    assert not fouten, fouten
    assert formulieren >= 10  # the sweep reached real form pages, not only redirects
    print(f"\nform-fuzz: {formulieren} formulieren, {posts} posts in {time.monotonic() - started:.1f} s")
