"""Address search and the address page."""
from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for

from handhaving.db import get_session
from handhaving.locaties import services
from handhaving.security.policy import gemeente_ids

bp = Blueprint("locaties", __name__, template_folder="templates")


@bp.get("/")
def index():
    q = request.args.get("q", "")[:100]
    resultaten = services.zoek_adressen(get_session(), gemeente_ids(), q, limit=50) if q else []
    return render_template("locaties/index.html", q=q, resultaten=resultaten,
                           aantallen=services.aantallen(get_session(), gemeente_ids()))


@bp.get("/zoek")
def zoek():
    """Search as you type: JSON for the suggestion list."""
    q = request.args.get("q", "")[:100]
    adressen = services.zoek_adressen(get_session(), gemeente_ids(), q)
    return jsonify([{"id": a.id, "label": a.volledig, "url": url_for("locaties.adres", adres_id=a.id)}
                    for a in adressen])


@bp.get("/adres/<int:adres_id>")
def adres(adres_id: int):
    session = get_session()
    adres = services.get_adres(session, gemeente_ids(), adres_id)
    if adres is None:
        abort(404)
    vbo = adres.verblijfsobject
    lat, lon = services.wgs84(session, vbo)
    x, y = services.rd(session, vbo)
    punten = services.omgeving(session, gemeente_ids(), adres)
    for p in punten:
        p["url"] = url_for("locaties.adres", adres_id=p["id"])
    kaart = {"lat": lat, "lon": lon, "punten": punten,
             "tiles": current_app.config["MAP_TILE_URL"],
             "attributie": current_app.config["MAP_TILE_ATTRIBUTION"]}
    return render_template(
        "locaties/adres.html", adres=adres, vbo=vbo, rd=(x, y), kaart=kaart,
        op_object=services.adressen_op_object(session, gemeente_ids(), adres),
        in_pand=services.adressen_in_pand(session, gemeente_ids(), vbo.pand_id),
        buurt=services.buurt_van(session, vbo))
