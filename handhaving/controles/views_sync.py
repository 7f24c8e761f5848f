"""The sync API of the offline tablet (issue 14): the day's package, bundles of drafts and
resumable photo uploads. The services are in ``sync.py``; the contract is in the README.

Every answer here is JSON, refusals included (``{fout, melding, problemen, ...}``), whatever
the client's Accept header: a refusal sets ``g.rollback`` like the central handler, so
nothing of a refused request is kept.

* ``GET  /controles/offline/pakket`` – the day's package (``no-store``).
* ``POST /controles/sync`` – one bundle: ``{"verzonden_op": iso, "inzending": {...}}``.
* ``GET|POST /controles/<id>/fotos/<uuid>/delen`` – a photo in parts of at most 1 MiB.
"""
from __future__ import annotations

from functools import wraps

from flask import g, jsonify, request, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from handhaving.controles import services, sync
from handhaving.controles.blueprint import bp
from handhaving.db import get_session
from handhaving.errors import DomeinFout, OngeldigeInvoer
from handhaving.invoer import begrensd_getal
from handhaving.security.policy import gemeente_ids


def _json_altijd(view):
    """Refusals as JSON also for a client that sent no JSON Accept header (photo parts are
    raw bytes), with the same body and rollback as ``web._domain_error``."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except DomeinFout as e:
            g.rollback = True
            return jsonify({**e.details, "fout": e.code, "melding": e.message, "problemen": e.problemen}), e.status
        except StaleDataError:
            # Someone saved the same controle in the same instant (version column): nothing kept,
            # the tablet sends again with back-off and then sees the new state.
            g.rollback = True
            melding = "De controle werd op hetzelfde moment door iemand anders opgeslagen. Er is niets opgeslagen."
            return jsonify({"fout": "gelijktijdig", "melding": melding, "problemen": [melding]}), 409
    return wrapper


def _controle(controle_id: int):
    c = services.get_controle(get_session(), gemeente_ids(), controle_id)
    if c is None:
        raise sync.NietGevonden("Deze controle bestaat niet of valt buiten uw gemeente.")
    return c


@bp.get("/offline/pakket")
@_json_altijd
def offline_pakket():
    resp = jsonify(sync.pakket(get_session(), current_user, gemeente_ids()))
    resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.post("/sync", endpoint="sync")
@_json_altijd
def sync_inzending():
    body = request.get_json() if request.is_json else None
    return jsonify(sync.verwerk(get_session(), current_user, gemeente_ids(), body))


def _getal(naam: str) -> int | None:
    waarde = request.args.get(naam, "")
    if not (waarde.isascii() and waarde.isdigit()):
        return None
    return begrensd_getal(waarde, f"‘{naam}’")  # past 32 bits: 400, never a database overflow


@bp.route("/<int:controle_id>/fotos/<uuid>/delen", methods=["GET", "POST"])
@_json_altijd
def foto_delen(controle_id: int, uuid: str):
    session = get_session()
    c = _controle(controle_id)
    uuid = uuid.lower()
    if request.method == "GET":
        stand = sync.foto_stand(session, c, uuid)
        if stand.get("klaar"):
            stand["url"] = url_for("controles.foto", controle_id=c.id, foto_id=stand["foto_id"])
        return jsonify(stand)
    if request.content_length is not None and request.content_length > sync.DEEL_MAX:
        raise OngeldigeInvoer("Een deel van de foto mag hoogstens 1 MiB zijn.")
    data = request.stream.read(sync.DEEL_MAX + 1)
    antwoord = sync.ontvang_deel(session, current_user, c, uuid, positie=_getal("offset"), totaal=_getal("totaal"),
                                 data=data, bijschrift=request.args.get("bijschrift", ""),
                                 bevinding_uuid=request.args.get("bevinding_uuid", "").lower(),
                                 sha256=request.args.get("sha256", ""))
    if antwoord.body.get("klaar"):
        antwoord.body["url"] = url_for("controles.foto", controle_id=c.id, foto_id=antwoord.body["foto_id"])
    return jsonify(antwoord.body), antwoord.status
