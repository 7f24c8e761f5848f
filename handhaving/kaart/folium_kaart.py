"""The map page's Leaflet map, built with Folium and embedded in our own layout.

Folium writes a whole HTML document that loads Leaflet, jQuery, Bootstrap and fonts from
CDNs and styles ``html, body``. Here every asset comes from ``/static/vendor`` (per
instance, so no other user of Folium is affected), only what the map uses is loaded, the
document-wide styles are left out (they would restyle our page), and each inline
``<script>``/``<style>`` gets the request's CSP nonce (tech notes §3, §6). The layers
themselves are loaded by ``static/js/kaart_lagen.js`` from the GeoJSON endpoints.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import folium
from folium.template import Template
from folium.plugins import Draw

# The Netherlands, for a user without any data yet.
NL_BOUNDS = ((50.75, 3.36), (53.55, 7.23))
MAX_ZOOM = 19


class _Kaart(folium.Map):
    """folium.Map without its page-wide header (viewport meta, ``html, body`` and ``#map``
    styles): the page is ours. Size and look come from static/css/kaart.css."""

    _template = Template("""
        {% macro header(this, kwargs) %}{% endmacro %}
        {% macro html(this, kwargs) %}
            <div class="folium-map hh-kaart__kaart" id={{ this.get_name()|tojson }}
                 role="region" aria-label="Kaart"></div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map(
                {{ this.get_name()|tojson }},
                {
                    center: {{ this.location|tojson }},
                    crs: L.CRS.{{ this.crs }},
                    ...{{this.options|tojavascript}}
                }
            );
            {%- if this.control_scale %}
            L.control.scale({imperial: false}).addTo({{ this.get_name() }});
            {%- endif %}
        {% endmacro %}
    """)


@dataclass
class GebouwdeKaart:
    # Markup for the template (|safe there). Its only inputs are the installation's settings
    # (MAP_TILE_URL and its attribution, set by the operator), static URLs, the nonce and two
    # corners as floats: never a user's text or an imported file's (``bouw`` coerces the corners).
    head: str    # <link>s and <script src>s (vendor assets)
    html: str    # the map's <div>
    script: str  # the inline <script> that creates map, tiles and draw control
    map_naam: str    # the JS variable of the L.map
    teken_naam: str  # the JS variable of the feature group with the drawn shape


_TAG = re.compile(r"<(script|style)(?=[\s>])")


def met_nonce(html: str, nonce: str) -> str:
    """Every <script>/<style> Folium emits must carry the nonce, or the CSP blocks it."""
    return _TAG.sub(lambda m: f'<{m.group(1)} nonce="{nonce}"', html)


def bouw(*, static_url, nonce: str, bounds=None, tiles: str = "", attributie: str = "") -> GebouwdeKaart:
    """``static_url(path)`` gives the URL of a file under static/ (url_for in the view)."""
    kaart = _Kaart(location=None, tiles=None, control_scale=True, zoom_control=True,
                   prefer_canvas=False, **{"maxZoom": MAX_ZOOM, "minZoom": 7})
    kaart.default_js = [("leaflet", static_url("vendor/leaflet/leaflet.js")),
                        ("markercluster", static_url("vendor/leaflet.markercluster/leaflet.markercluster.js"))]
    kaart.default_css = [("leaflet_css", static_url("vendor/leaflet/leaflet.css")),
                         ("markercluster_css", static_url("vendor/leaflet.markercluster/MarkerCluster.css")),
                         ("markercluster_default_css",
                          static_url("vendor/leaflet.markercluster/MarkerCluster.Default.css"))]
    if tiles:
        # Production: PDOK BRT-Achtergrondkaart (or another XYZ service) from MAP_TILE_URL;
        # the CSP's img-src admits that host. Without it the page draws a plain background.
        folium.TileLayer(tiles=tiles, attr=attributie or " ", name="Achtergrond", max_zoom=MAX_ZOOM,
                         max_native_zoom=MAX_ZOOM, control=False).add_to(kaart)
    getekend = folium.FeatureGroup(name="Getekend gebied", control=False).add_to(kaart)
    teken = Draw(feature_group=getekend, position="topleft", export=False, show_geometry_on_click=False,
                 draw_options={"polyline": False, "circle": False, "marker": False, "circlemarker": False,
                               # showArea: leaflet-draw 1.0.4 throws on it with Leaflet 1.9 (undeclared var).
                               "rectangle": {"showArea": False, "shapeOptions": {"className": "hh-kaart-getekend"}},
                               "polygon": {"allowIntersection": False, "showArea": False,
                                           "shapeOptions": {"className": "hh-kaart-getekend"}}},
                 edit_options={"edit": False, "remove": False})
    teken.default_js = [("leaflet_draw_js", static_url("vendor/leaflet-draw/leaflet.draw.js"))]
    teken.default_css = [("leaflet_draw_css", static_url("vendor/leaflet-draw/leaflet.draw.css"))]
    teken.add_to(kaart)
    (zuid_west, noord_oost) = bounds or NL_BOUNDS
    kaart.fit_bounds([[float(v) for v in zuid_west], [float(v) for v in noord_oost]])

    root = kaart.get_root()
    root.render()  # the header/html/script parts are empty until the whole figure rendered once
    head = root.header.render()
    html = root.html.render()
    script = f"<script>{root.script.render()}</script>"
    return GebouwdeKaart(head=met_nonce(head, nonce), html=met_nonce(html, nonce),
                         script=met_nonce(script, nonce), map_naam=kaart.get_name(),
                         teken_naam=getekend.get_name())
