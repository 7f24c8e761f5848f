"""The map's layer endpoints: role × layer matrix, gemeente scope, canaries, spatial answers
(the same on SpatiaLite and PostGIS), validation and the map page itself."""
from __future__ import annotations

import json
import re

import pytest

from handhaving.auth.models import Rol
from handhaving.kaart import services
from tests.helpers import login
from tests.kaart.conftest import CANARY, gebruiker, wgs84

T, C, V, B, BH = Rol.TOEZICHTHOUDER, Rol.COORDINATOR, Rol.VERGUNNINGVERLENER, Rol.BURGEMEESTER, Rol.BEHEERDER
LAGEN = {
    "buurten": {T, C, V, B, BH},
    "overbewoning-buurten": {T, C, B},
    "vergunningen": {T, C, V, B},
    "controles": {T, C},
    "bevindingen": {T, C},
    "overbewoning": {T, C},
}


def bbox(session, x1, y1, x2, y2) -> str:
    lon1, lat1 = wgs84(session, x1, y1)
    lon2, lat2 = wgs84(session, x2, y2)
    return f"{min(lon1, lon2):.6f},{min(lat1, lat2):.6f},{max(lon1, lon2):.6f},{max(lat1, lat2):.6f}"


def vorm(session, punten) -> str:
    return ",".join("{:.6f} {:.6f}".format(*wgs84(session, x, y)) for x, y in punten)


@pytest.fixture
def ruim(session, kaart_wereld):
    """Both gemeenten's features (RD 190 500–194 000 × 321 000–322 600)."""
    return bbox(session, 190_500, 321_000, 194_000, 322_600)


def ids(data) -> set:
    return {f["id"] for f in data["features"]}


def als(client, session, w, rol, gemeente="9901"):
    login(client, session, gebruiker(w, rol, gemeente))
    return client


@pytest.mark.parametrize("rol", [T, C, V, B, BH], ids=lambda r: r.value)
def test_role_matrix_scope_and_canaries(client, session, kaart_wereld, ruim, rol):
    w = kaart_wereld
    als(client, session, w, rol)
    verwacht = {
        "buurten": {f"wijk-{w.ids['wijk']}", *(f"buurt-{w.ids[k]}" for k in ("buurt1", "buurt2", "leeg"))},
        "overbewoning-buurten": {f"buurt-{w.ids[k]}" for k in ("buurt1", "buurt2", "leeg")},
        "vergunningen": {w.ids["p1"], w.ids["p2"]},
        "controles": {w.ids["c1"], w.ids["c2"]},
        "bevindingen": {w.ids["f1"]},
        "overbewoning": {w.ids["vbo_a1"]},
    }
    for laag, rollen in LAGEN.items():
        resp = client.get(f"/kaart/lagen/{laag}?bbox={ruim}", headers={"Accept": "application/json"})
        tekst = resp.get_data(as_text=True)
        assert CANARY not in tekst, (laag, rol)
        if rol not in rollen:
            assert resp.status_code == 403, (laag, rol, resp.status_code)
            continue
        assert resp.status_code == 200, (laag, rol, tekst[:300])
        assert resp.mimetype == "application/json"
        assert "no-store" in resp.headers["Cache-Control"]
        data = resp.get_json()
        assert data["type"] == "FeatureCollection" and data["afgekapt"] is False
        # Only gemeente A's objects: nothing of Hoogmeer, never an older boundary year.
        assert ids(data) == verwacht[laag], (laag, rol)
        assert "bibob" not in tekst.lower()


def test_person_data_and_descriptions_stay_out(client, session, kaart_wereld, ruim):
    w = kaart_wereld
    als(client, session, w, C)
    for laag in LAGEN:
        data = client.get(f"/kaart/lagen/{laag}?bbox={ruim}").get_json()
        for f in data["features"]:
            tekst = json.dumps(f["properties"], ensure_ascii=False)
            assert "Omschrijving" not in tekst and "houder" not in tekst.lower()
    [p1] = [f for f in client.get(f"/kaart/lagen/vergunningen?bbox={ruim}").get_json()["features"]
            if f["id"] == w.ids["p1"]]
    assert p1["properties"]["url"] == f"/vergunningen/{w.ids['p1']}"
    assert p1["properties"]["adres"] == "Markt 1, Dalveen"
    assert ["Status", "Verleend"] in p1["properties"]["regels"]
    [f1] = client.get(f"/kaart/lagen/bevindingen?bbox={ruim}").get_json()["features"]
    assert f1["properties"]["url"] == f"/controles/{w.ids['c1']}"
    assert f1["properties"]["titel"] == "Open bevinding: Huisvesting en overbewoning"
    lon, lat = f1["geometry"]["coordinates"]
    assert 5.0 < lon < 7.3 and 50.6 < lat < 51.5


def test_other_gemeente_and_regio(make_client, session, kaart_wereld, ruim):
    w = kaart_wereld
    hoogmeer = als(make_client(), session, w, C, "9902")
    assert ids(hoogmeer.get(f"/kaart/lagen/vergunningen?bbox={ruim}").get_json()) == {w.ids["pb"]}
    assert ids(hoogmeer.get(f"/kaart/lagen/controles?bbox={ruim}").get_json()) == {w.ids["cb"]}
    assert ids(hoogmeer.get(f"/kaart/lagen/bevindingen?bbox={ruim}").get_json()) == {w.ids["fb"]}
    assert ids(hoogmeer.get(f"/kaart/lagen/buurten?bbox={ruim}").get_json()) == {f"buurt-{w.ids['buurt_b']}"}
    regio = make_client()
    login(regio, session, w.users["regio"])
    assert ids(regio.get(f"/kaart/lagen/vergunningen?bbox={ruim}").get_json()) == {
        w.ids["p1"], w.ids["p2"], w.ids["pb"]}
    assert ids(regio.get(f"/kaart/lagen/overbewoning?bbox={ruim}").get_json()) == {
        w.ids["vbo_a1"], w.ids["vbo_b1"]}


def test_concrete_bbox_and_polygon(client, session, kaart_wereld):
    """The same ids on both databases for a bbox and a drawn polygon around Markt 1 only."""
    w = kaart_wereld
    als(client, session, w, C)
    rond_a1 = bbox(session, 191_000, 321_500, 191_300, 321_800)
    assert ids(client.get(f"/kaart/lagen/vergunningen?bbox={rond_a1}").get_json()) == {w.ids["p1"]}
    assert ids(client.get(f"/kaart/lagen/controles?bbox={rond_a1}").get_json()) == {w.ids["c1"]}
    # A triangle around Markt 1 (191 100, 321 600) that leaves Stationsplein 2 (191 700, 321 900) out,
    # although its bounding box holds both: the exact test, not only the index, decides.
    driehoek = vorm(session, [(191_000, 321_500), (191_900, 321_500), (191_000, 322_000)])
    for laag, verwacht in (("vergunningen", {w.ids["p1"]}), ("controles", {w.ids["c1"]}),
                           ("bevindingen", {w.ids["f1"]}), ("overbewoning", {w.ids["vbo_a1"]})):
        resp = client.get(f"/kaart/lagen/{laag}", query_string={"vorm": driehoek})
        assert resp.status_code == 200, resp.get_data(as_text=True)
        assert ids(resp.get_json()) == verwacht, laag
    # Outlines: what the triangle touches (the wijk, the first two buurten and the one north of them).
    data = client.get("/kaart/lagen/buurten", query_string={"vorm": driehoek}).get_json()
    assert ids(data) == {f"wijk-{w.ids['wijk']}", f"buurt-{w.ids['buurt1']}", f"buurt-{w.ids['buurt2']}"}
    # Nothing there: an empty collection.
    leeg = bbox(session, 195_000, 330_000, 195_500, 330_500)
    assert client.get(f"/kaart/lagen/vergunningen?bbox={leeg}").get_json()["features"] == []


def test_buurten_newest_year_and_geometry(client, session, kaart_wereld, ruim):
    w = kaart_wereld
    als(client, session, w, BH)
    data = client.get(f"/kaart/lagen/buurten?bbox={ruim}&zoom=15").get_json()
    namen = {f["properties"]["naam"] for f in data["features"]}
    assert namen == {"Centrum", "Oude Markt", "Stationsbuurt", "Parkwijk"}
    buurt = next(f for f in data["features"] if f["properties"]["code"] == "BU99010001")
    assert buurt["properties"]["niveau"] == "buurt" and buurt["properties"]["jaar"] == 2024
    assert buurt["geometry"]["type"] in ("Polygon", "MultiPolygon")
    ring = (buurt["geometry"]["coordinates"][0] if buurt["geometry"]["type"] == "Polygon"
            else buurt["geometry"]["coordinates"][0][0])
    assert len(ring) == 5 and all(5.0 < lon < 7.3 and 50.6 < lat < 51.5 for lon, lat in ring)


def test_overbewoning_markers_and_choropleth(client, session, kaart_wereld, ruim):
    w = kaart_wereld
    als(client, session, w, T)
    [f] = client.get(f"/kaart/lagen/overbewoning?bbox={ruim}").get_json()["features"]
    p = f["properties"]
    assert [v["code"] for v in p["vlaggen"]] == ["bouwnorm"]
    assert p["vlaggen"][0]["titel"] == "Minder m² per persoon dan de norm"
    assert ["Personen", "6"] in p["regels"] and ["m² per persoon", "5,0"] in p["regels"]
    assert p["url"] == f"/locaties/adres/{w.ids['a1']}"
    per_buurt = {f["properties"]["code"]: f["properties"]
                 for f in client.get(f"/kaart/lagen/overbewoning-buurten?bbox={ruim}").get_json()["features"]}
    assert (per_buurt["BU99010001"]["objecten"], per_buurt["BU99010001"]["gesignaleerd"]) == (1, 1)
    assert per_buurt["BU99010001"]["klasse"] == "k3"
    assert (per_buurt["BU99010002"]["objecten"], per_buurt["BU99010002"]["gesignaleerd"]) == (1, 0)
    assert per_buurt["BU99010002"]["klasse"] == "k0"
    # No counts at all is "geen gegevens", not a buurt with 0.
    assert per_buurt["BU99010003"]["gesignaleerd"] is None and per_buurt["BU99010003"]["aandeel"] is None
    assert per_buurt["BU99010003"]["omschrijving"] == "geen gegevens"


def test_filters(client, session, kaart_wereld, ruim):
    w = kaart_wereld
    als(client, session, w, C)
    get = lambda laag, **q: client.get(f"/kaart/lagen/{laag}", query_string={"bbox": ruim, **q})  # noqa: E731
    assert ids(get("controles", soort="huisvestingscontrole").get_json()) == {w.ids["c2"]}
    assert ids(get("controles", van="2025-03-01", tot="2025-03-31").get_json()) == {w.ids["c1"]}
    assert ids(get("controles", van="2025-06-01", tot="2025-06-01").get_json()) == {w.ids["c2"]}
    assert ids(get("bevindingen", soort="huisvestingscontrole").get_json()) == set()
    assert ids(get("bevindingen", van="2025-03-10").get_json()) == {w.ids["f1"]}
    assert ids(get("vergunningen", soort="horeca").get_json()) == {w.ids["p2"]}
    for laag, q in (("controles", {"soort": "onzin"}), ("controles", {"van": "10-03-2025"}),
                    ("vergunningen", {"van": "2025-05-01", "tot": "2025-04-01"})):
        resp = get(laag, **q)
        assert resp.status_code == 400 and resp.get_json()["melding"], (laag, q)


@pytest.mark.parametrize("query, woorden", [
    ({"bbox": "2.0,48.0,2.5,48.5"}, "buiten Nederland"),                    # Paris
    ({"bbox": "4.0,51.0,5.5,52.0"}, "te groot"),                            # 1.5° wide
    ({"bbox": "5.9,50.8,abc,50.9"}, "geen getal"),
    ({"bbox": "5.9,50.8,nan,50.9"}, "eindige getallen"),
    ({"bbox": "5.9,50.8,5.95"}, "vier getallen"),
    ({"bbox": "5.95,50.8,5.9,50.9"}, "kleiner"),
    ({}, "Geef een gebied op"),
    ({"vorm": "5.9 50.8,5.95 50.8"}, "minstens drie"),
    ({"vorm": "5.9 50.8,5.95 50.9,5.95 50.8,5.9 50.9"}, "snijdt zichzelf"),   # a bow tie
    ({"vorm": "5.9 50.8,5.95 50.8,2.0 48.0"}, "buiten Nederland"),
    ({"vorm": ",".join(f"{5.9 + i / 10000:.4f} {50.8 + (i % 2) / 1000:.4f}" for i in range(250))}, "te veel punten"),
    ({"vorm": "5.9;50.8"}, "lengte breedte"),
])
def test_invalid_area_is_400_with_dutch_message(client, session, kaart_wereld, query, woorden):
    als(client, session, kaart_wereld, C)
    for laag in ("vergunningen", "buurten"):
        if laag == "buurten" and woorden == "te groot":
            continue  # outlines may cover a region (2,5°)
        resp = client.get(f"/kaart/lagen/{laag}", query_string=query)
        assert resp.status_code == 400, (laag, query, resp.get_data(as_text=True)[:200])
        assert resp.mimetype == "application/json"
        assert woorden in resp.get_json()["melding"], resp.get_json()


def test_outlines_accept_a_larger_area_than_points(client, session, kaart_wereld):
    als(client, session, kaart_wereld, C)
    assert client.get("/kaart/lagen/buurten?bbox=4.0,51.0,5.5,52.0").status_code == 200
    assert client.get("/kaart/lagen/buurten?bbox=3.0,50.0,7.0,53.5").status_code == 400
    # A view that reaches over the border is cut to the Netherlands, not refused.
    assert client.get("/kaart/lagen/vergunningen?bbox=5.8,50.5,6.3,51.0").status_code == 200


def test_cap_sets_afgekapt(client, session, kaart_wereld, ruim, monkeypatch):
    als(client, session, kaart_wereld, C)
    monkeypatch.setattr(services, "MAX_FEATURES", 1)
    data = client.get(f"/kaart/lagen/vergunningen?bbox={ruim}").get_json()
    assert data["afgekapt"] is True and len(data["features"]) == 1


def test_anonymous_gets_no_layer(client, kaart_wereld, ruim):
    resp = client.get(f"/kaart/lagen/vergunningen?bbox={ruim}", headers={"Accept": "application/json"})
    assert resp.status_code == 401
    assert CANARY not in resp.get_data(as_text=True)


@pytest.mark.parametrize("rol, lagen", [
    (T, ["buurten", "overbewoning_buurten", "vergunningen", "controles", "bevindingen", "overbewoning"]),
    (C, ["buurten", "overbewoning_buurten", "vergunningen", "controles", "bevindingen", "overbewoning"]),
    (V, ["buurten", "vergunningen"]),
    (B, ["buurten", "overbewoning_buurten", "vergunningen"]),
    (BH, ["buurten"]),
], ids=lambda v: v.value if isinstance(v, Rol) else "")
def test_page_offers_only_allowed_layers_offline_with_nonces(client, session, kaart_wereld, rol, lagen):
    als(client, session, kaart_wereld, rol)
    resp = client.get("/kaart/")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert CANARY not in html
    instellingen = json.loads(re.search(
        r'<script type="application/json" id="kaart-instellingen">(.*?)</script>', html, re.S).group(1))
    assert [laag["sleutel"] for laag in instellingen["lagen"]] == lagen
    assert all(laag["url"].startswith("/kaart/lagen/") for laag in instellingen["lagen"])
    # Nothing from another host: every asset is served by the app.
    assert not re.search(r"https?://(?!127\.0\.0\.1|localhost)", html), re.findall(r"https?://[^\s\"']+", html)
    assert "/static/vendor/leaflet/leaflet.js" in html and "/static/vendor/leaflet-draw/leaflet.draw.js" in html
    assert "bootstrap" not in html.lower() and "jquery" not in html.lower()
    # Every <script> and <style> carries this response's nonce.
    nonce = re.search(r"'nonce-([^']+)'", resp.headers["Content-Security-Policy"]).group(1)
    tags = re.findall(r"<(?:script|style)\b[^>]*>", html)
    assert tags and all(f'nonce="{nonce}"' in tag for tag in tags if 'type="application/json"' not in tag), tags
    assert " style=" not in html
    # The folium map sits in our layout (no iframe) and is centred on the user's gemeente.
    assert "<iframe" not in html and 'class="folium-map' in html
    assert "fitBounds" in html


def test_page_with_tile_server(app, client, session, kaart_wereld):
    als(client, session, kaart_wereld, C)
    app.config["MAP_TILE_URL"] = "/tegels/{z}/{x}/{y}.png"
    try:
        html = client.get("/kaart/").get_data(as_text=True)
    finally:
        app.config["MAP_TILE_URL"] = ""
    assert "/tegels/{z}/{x}/{y}.png" in html
