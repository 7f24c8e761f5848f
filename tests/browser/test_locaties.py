"""Address search as you type (ARIA combobox, keyboard only) and the Leaflet
map on the address page, as a toezichthouder on an iPad."""
import re

import pytest

from tests.browser.conftest import describe, login, serious_violations

pytestmark = pytest.mark.browser


def test_suggestions_keyboard_and_map(page, db_session):
    login(page, db_session, "toezichthouder.dalveen")
    page.goto("/locaties/")
    q = page.locator("#q")
    suggestions = page.locator("#q-suggesties")
    assert q.get_attribute("aria-expanded") == "false"

    # Typed key by key, as a user would: the lookup is debounced and cancels older requests.
    with page.expect_response(lambda r: "/locaties/zoek?q=kerk" in r.url.lower() and r.status == 200):
        q.press_sequentially("Kerk", delay=40)
    options = suggestions.get_by_role("option")
    options.first.wait_for(state="visible")
    labels = options.all_inner_texts()
    assert labels and all(label.startswith("Kerkstraat ") for label in labels), labels
    assert q.get_attribute("aria-expanded") == "true"
    assert re.fullmatch(r"\d+ suggesties", page.locator("#q-status").inner_text())

    # The open list passes axe as well (combobox, listbox and options).
    found = serious_violations(page)
    assert not found, describe(found, "/locaties/ met suggesties")

    q.press("ArrowDown")
    assert options.first.get_attribute("aria-selected") == "true"
    assert q.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    q.press("ArrowDown")
    assert options.nth(1).get_attribute("aria-selected") == "true"
    q.press("ArrowUp")
    assert options.first.get_attribute("aria-selected") == "true"
    with page.expect_navigation(url=re.compile(r"/locaties/adres/\d+$")):
        q.press("Enter")

    # The address page of the first suggestion.
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text().strip() == labels[0].split(",")[0]

    # Leaflet initialised: container, and the markers drawn as interactive SVG paths.
    page.locator("#kaart.leaflet-container").wait_for()
    markers = page.locator("#kaart path.leaflet-interactive")
    markers.first.wait_for()
    assert markers.count() >= 2, "verwacht dit adres en minstens één buuradres op de kaart"
    assert page.locator("#kaart .leaflet-control-zoom-in").is_visible()

    found = serious_violations(page)
    assert not found, describe(found, page.url)


def test_search_without_suggestion_submits_form(page, db_session):
    """Enter without choosing a suggestion falls back to the server-side results."""
    login(page, db_session, "coordinator.dalveen")
    page.goto("/locaties/")
    page.locator("#q").fill("6411")
    with page.expect_navigation(url=re.compile(r"/locaties/\?q=6411$")):
        page.get_by_role("button", name="Zoeken").click()
    rows = page.locator("table tbody tr")
    assert rows.count() > 0
    assert all(text.startswith("6411 ") for text in rows.locator("td:nth-child(2)").all_inner_texts())


def test_map_tooltip_shows_html_in_a_street_name_as_text(page, db_session, browser_app):
    """Review finding 6: a street name with HTML was inserted as elements into the tooltip."""
    from sqlalchemy import select

    from handhaving.auth.models import Gemeente
    from handhaving.db import writing
    from tests.factories import add_adres

    straat = '<b class="geinjecteerd">Vet</b><img src="x">straat'
    # A session of its own: the shared read session may hold an older snapshot.
    writer = browser_app.extensions["handhaving_db"].new_session()
    try:
        with writing():
            dalveen = writer.execute(select(Gemeente).where(Gemeente.naam == "Dalveen")).scalar_one()
            hier = add_adres(writer, dalveen, "Proefweg", 1, "6411ZZ", x=150_000.0, y=400_000.0)
            add_adres(writer, dalveen, straat, 3, "6411ZZ", x=150_010.0, y=400_000.0)
            writer.commit()
    finally:
        writer.close()
    login(page, db_session, "toezichthouder.dalveen")
    page.goto(f"/locaties/adres/{hier.id}")
    buur = page.locator("#kaart path.leaflet-interactive").first
    buur.wait_for()
    buur.hover()
    tooltip = page.locator(".leaflet-tooltip").first
    tooltip.wait_for()
    assert straat in tooltip.inner_text()
    assert page.locator(".leaflet-tooltip .geinjecteerd, .leaflet-tooltip img").count() == 0
