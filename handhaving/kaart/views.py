"""The map page (Folium) and one GeoJSON endpoint per layer, loaded by bounding box."""
from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for

from handhaving.controles.models import ControleSoort
from handhaving.db import get_session
from handhaving.kaart import folium_kaart, services
from handhaving.locaties import services as locaties
from handhaving.overbewoning.indicatoren import TITELS
from handhaving.security.headers import csp_nonce
from handhaving.security.policy import allowed, gemeente_ids
from handhaving.vergunningen.models import VergunningSoort

bp = Blueprint("kaart", __name__, template_folder="templates")

# Every layer the page knows, in drawing order; the page offers only those the user may
# load (policy.allowed), the endpoints check again (and scope the gemeenten) on each call.
LAGEN = (
    {"sleutel": "buurten", "endpoint": "kaart.buurten", "titel": "Wijken en buurten", "soort": "vlakken",
     "aan": True, "filters": []},
    {"sleutel": "overbewoning_buurten", "endpoint": "kaart.overbewoning_buurten",
     "titel": "Overbewoning per buurt", "soort": "vlakken", "aan": False, "filters": []},
    {"sleutel": "vergunningen", "endpoint": "kaart.vergunningen", "titel": "Vergunningen", "soort": "punten",
     "aan": True, "filters": ["periode", "vergunningsoort"]},
    {"sleutel": "controles", "endpoint": "kaart.controles", "titel": "Controles", "soort": "punten",
     "aan": True, "filters": ["periode", "controlesoort"]},
    {"sleutel": "bevindingen", "endpoint": "kaart.bevindingen", "titel": "Open bevindingen", "soort": "punten",
     "aan": False, "filters": ["periode", "controlesoort"]},
    {"sleutel": "overbewoning", "endpoint": "kaart.overbewoning", "titel": "Signalen overbewoning",
     "soort": "punten", "aan": False, "filters": []},
)


@bp.get("/")
def index():
    lagen = [{**laag, "url": url_for(laag["endpoint"])} for laag in LAGEN if allowed(laag["endpoint"])]
    session = get_session()
    bounds = services.uitsnede(session, gemeente_ids())
    adres = None
    if "adres" in request.args:
        # From an address page: the streets around that address (another gemeente's is 404).
        adres = locaties.get_adres(session, gemeente_ids(), request.args.get("adres", 0, type=int))
        if adres is None:
            abort(404)
        lat, lon = locaties.wgs84(session, adres.verblijfsobject)
        bounds = ((lat - 0.0025, lon - 0.004), (lat + 0.0025, lon + 0.004))
    kaart = folium_kaart.bouw(
        static_url=lambda path: url_for("static", filename=path), nonce=csp_nonce(), bounds=bounds,
        tiles=current_app.config["MAP_TILE_URL"], attributie=current_app.config["MAP_TILE_ATTRIBUTION"])
    instellingen = {
        "map": kaart.map_naam, "getekend": kaart.teken_naam, "lagen": lagen,
        "max_graden": {"punten": services.MAX_GRADEN_PUNTEN, "vlakken": services.MAX_GRADEN_VLAKKEN},
        "max_punten_vorm": services.MAX_PUNTEN_VORM,
    }
    filters = {f for laag in lagen for f in laag["filters"]}
    return render_template("kaart/index.html", kaart=kaart, adres=adres, instellingen=instellingen, lagen=lagen,
                           filters=filters, vergunningsoorten=VergunningSoort.keuzes(),
                           controlesoorten=ControleSoort.keuzes(), signalen=TITELS, klassen=services.KLASSEN)


def _antwoord(maak):
    """GeoJSON, or 400 with a Dutch ``melding``; never cached (case data)."""
    try:
        resp = jsonify(maak())
    except services.Ongeldig as fout:
        resp = jsonify({"melding": fout.melding})
        resp.status_code = 400
    resp.headers["Cache-Control"] = "no-store"
    return resp


def _punten(laag, soorten=None):
    session = get_session()
    return _antwoord(lambda: laag(session, gemeente_ids(), services.lees_gebied(session, request.args),
                                  services.lees_filters(request.args, soorten), services.Links(url_for)))


def _vlakken(laag):
    session = get_session()
    return _antwoord(lambda: laag(session, gemeente_ids(),
                                  services.lees_gebied(session, request.args, services.MAX_GRADEN_VLAKKEN),
                                  services.zoom(request.args)))


@bp.get("/lagen/buurten")
def buurten():
    return _vlakken(services.buurten)


@bp.get("/lagen/overbewoning-buurten")
def overbewoning_buurten():
    return _vlakken(services.overbewoning_buurten)


@bp.get("/lagen/vergunningen")
def vergunningen():
    return _punten(services.vergunningen, VergunningSoort)


@bp.get("/lagen/controles")
def controles():
    return _punten(services.controles, ControleSoort)


@bp.get("/lagen/bevindingen")
def bevindingen():
    return _punten(services.bevindingen, ControleSoort)


@bp.get("/lagen/overbewoning")
def overbewoning():
    return _punten(services.overbewoning)
