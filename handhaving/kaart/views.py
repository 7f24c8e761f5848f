"""The map page (Folium) and one GeoJSON endpoint per layer, loaded by bounding box."""
from flask import Blueprint

bp = Blueprint("kaart", __name__, template_folder="templates")
