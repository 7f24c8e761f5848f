"""The view side: ``@eenmalig`` under the route decorator of every view that creates something."""
from __future__ import annotations

from functools import wraps

from flask import current_app, flash, g, redirect, request
from flask_login import current_user

from handhaving.db import get_session
from handhaving.eenmalig import services
from handhaving.eenmalig.forms import VELD

AL_VERWERKT = ("Dit formulier was al verstuurd en is één keer verwerkt; u ziet het resultaat daarvan. "
               "Wilt u nog iets toevoegen, open het formulier dan opnieuw.")


def eenmalig(view):
    """Make a creating POST idempotent on the form's ``verzendsleutel``.

    The key is claimed before the view runs and its result recorded after it, in the request's
    one transaction (``web.py`` commits it with the created rows, or rolls both back). Only a
    redirect (or a 201 with a Location) after at least one inserted row counts as a result; anything else (a form shown
    again, a refusal, a redirect to "open with a reason") frees the key. A POST without a key
    (API clients, old pages) is served as before.
    """
    @wraps(view)
    def wrapper(*args, **kwargs):
        sleutel = request.form.get(VELD, "") if request.method == "POST" else ""
        if not services.is_sleutel(sleutel) or not current_user.is_authenticated:
            return view(*args, **kwargs)
        session = get_session()
        rij, eerder = services.reserveer(session, current_user, request.endpoint, sleutel)
        if eerder:
            flash(AL_VERWERKT, "info")
            return redirect(rij.doel, code=303)
        services.begin_volgen(session)
        try:
            response = current_app.make_response(view(*args, **kwargs))
            if not g.get("rollback"):
                session.flush()
        finally:
            object_ = services.gemaakt(session)
        if g.get("rollback"):
            return response  # the boundary rolls back the key with everything else
        if response.status_code in (201, 301, 302, 303) and object_ and response.location:
            services.leg_vast(session, rij, response.location, object_)
        else:
            services.vrijgeven(session, rij)
        return response

    wrapper.eenmalig = True
    return wrapper
