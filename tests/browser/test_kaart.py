"""The map page as a coördinator on an iPad: layers drawn (not a blank area), a layer off
and on, a rectangle drawn and its contents listed, a marker clicked through to its page,
axe and no console/CSP errors (the page fixture fails on those)."""
import io
import re

import pytest
from sqlalchemy import func, select

from handhaving.locaties.models import Buurt
from tests.browser.conftest import SCREENSHOTS, describe, login, serious_violations

pytestmark = pytest.mark.browser

PUNTEN = "#{kaart} path.hh-kaart-punt--{laag}, #{kaart} .hh-cluster--{laag}"


def _map_id(page) -> str:
    return page.locator(".folium-map").get_attribute("id")


def _zichtbaar(page, laag: str) -> int:
    return page.locator(PUNTEN.format(kaart=_map_id(page), laag=laag)).count()


def _niet_leeg(png: bytes) -> float:
    """Share of pixels that differ from the plain background (#f3f1ea)."""
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    kleuren = img.getcolors(maxcolors=img.width * img.height)
    anders = sum(n for n, (r, g, b) in kleuren if abs(r - 0xF3) + abs(g - 0xF1) + abs(b - 0xEA) > 30)
    return anders / (img.width * img.height)


def test_map_layers_draw_and_click_through(page, db_session):
    db_session.rollback()
    # The demo imports wijken and buurten through the CBS importer: the outlines must be drawn.
    assert db_session.execute(select(func.count(Buurt.id))).scalar() > 0
    login(page, db_session, "coordinator.dalveen")
    page.goto("/kaart/")
    kaart = page.locator(".folium-map.leaflet-container")
    kaart.wait_for()
    kaart_id = _map_id(page)

    # Markers (or clusters) of the default layers, and the buurt outlines.
    page.locator(PUNTEN.format(kaart=kaart_id, laag="vergunningen")).first.wait_for()
    page.locator(PUNTEN.format(kaart=kaart_id, laag="controles")).first.wait_for()
    assert re.match(r"\d+ vergunning", page.locator("#aantal-vergunningen").inner_text())
    page.locator(f"#{kaart_id} path.hh-kaart-buurt").first.wait_for()
    assert page.locator(f"#{kaart_id} path.hh-kaart-buurt").count() > 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    png = kaart.screenshot(path=str(SCREENSHOTS / "kaart.png"))
    assert _niet_leeg(png) > 0.01, "de kaart lijkt leeg"
    assert page.locator("#kaart-status").inner_text().startswith("Wijken en buurten:")

    # A layer off and on again.
    voor = _zichtbaar(page, "vergunningen")
    page.get_by_label("Vergunningen", exact=True).uncheck()
    page.wait_for_function(f"document.querySelectorAll('#{kaart_id} .hh-kaart-punt--vergunningen, "
                           f"#{kaart_id} .hh-cluster--vergunningen').length === 0")
    assert _zichtbaar(page, "controles") > 0
    page.get_by_label("Vergunningen", exact=True).check()
    page.locator(PUNTEN.format(kaart=kaart_id, laag="vergunningen")).first.wait_for()
    assert _zichtbaar(page, "vergunningen") == voor

    found = serious_violations(page)
    assert not found, describe(found, "/kaart/")

    # Draw a rectangle over the middle of the map: the list shows what lies inside.
    # leaflet-draw starts its tools on touchstart when the user agent is an iPad: tap.
    page.locator(".leaflet-draw-draw-rectangle").tap()
    box = kaart.bounding_box()
    x1, y1 = box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.2
    x2, y2 = box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.8
    page.mouse.move(x1, y1)
    page.mouse.down()
    page.mouse.move((x1 + x2) / 2, (y1 + y2) / 2, steps=5)
    page.mouse.move(x2, y2, steps=5)
    page.mouse.up()
    kop = page.locator("#kaart-selectie h3", has_text="Vergunningen")
    kop.wait_for()
    assert re.fullmatch(r"Vergunningen \(\d+\+?\)", kop.inner_text())
    links = page.locator("#kaart-selectie a[href^='/vergunningen/'], #kaart-selectie a[href^='/controles/']")
    assert links.count() > 0
    assert page.locator("#kaart-status").inner_text().startswith("In het gebied:")
    assert page.locator(f"#{kaart_id} path.hh-kaart-getekend").count() == 1
    found = serious_violations(page)
    assert not found, describe(found, "/kaart/ met selectie")
    page.get_by_role("button", name="Selectie wissen").click()
    assert page.locator("#kaart-selectie li").count() == 0

    # Only controls from here on: click clusters until a single marker shows, then its popup link.
    page.get_by_label("Vergunningen", exact=True).uncheck()
    page.get_by_label("Wijken en buurten", exact=True).uncheck()
    punt = page.locator(f"#{kaart_id} path.hh-kaart-punt--controles")
    for _ in range(8):
        if punt.count():
            break
        cluster = page.locator(f"#{kaart_id} .hh-cluster--controles").first
        cluster.click()
        page.wait_for_timeout(600)  # zoom/spiderfy animation
    assert punt.count(), "geen losse controle gevonden na inzoomen"
    punt.first.click(force=True)
    popup_link = page.locator(".hh-kaart-popup a[href^='/controles/']")
    popup_link.wait_for()
    with page.expect_navigation(url=re.compile(r"/controles/\d+$")):
        popup_link.click()
    assert page.get_by_role("heading", level=1).is_visible()


def test_map_as_vergunningverlener_has_only_permits(page, db_session):
    login(page, db_session, "vergunningverlener.dalveen")
    page.goto("/kaart/")
    page.locator(".folium-map.leaflet-container").wait_for()
    labels = page.locator("#kaart-keuzes input[name=laag]")
    assert sorted(labels.evaluate_all("els => els.map(e => e.value)")) == ["buurten", "vergunningen"]
    assert page.locator("#laag-controles").count() == 0
