"""What kind of answer a request wants; shared by the request boundary and the policy."""
from __future__ import annotations

from flask import request, url_for

from handhaving.errors import OngeldigVerzoek


def wants_json() -> bool:
    """API clients (the tablet's sync, search as you type) get JSON, browsers a page."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return request.is_json or best == "application/json"


def json_object() -> dict:
    """The request's JSON body as an object: ``{}`` for ``null``, 400 for a list, text or number.

    Size, depth and NaN are the app's JSON provider's (``invoer.JsonMetGrenzen``)."""
    body = request.get_json()
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise OngeldigVerzoek("Het verzoek moet een JSON-object zijn ({...}).")
    return body


def niet_ingelogd_json():
    """401 for API clients without a session (a redirect to the login page would be followed
    by fetch and look like success)."""
    return {"fout": "niet_ingelogd", "melding": "U bent niet (meer) ingelogd. Log opnieuw in; wat op dit "
            "apparaat staat, blijft bewaard.", "inloggen": url_for("auth.login")}, 401
