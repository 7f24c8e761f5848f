"""Every screen fits a phone (390 × 844, touch) without sideways scrolling, and the week view and
the audit log fit an iPad Pro 11 in portrait (834 px). On the phone the main menu is collapsed
behind a menu button (aria-expanded, aria-controls) that opens it on tap and closes it with
Escape; axe finds nothing serious on the collapsed or the opened menu.

Per role one login; the pages are the menu's links, each page's sub-menu, and the first detail
page of each list (the first link in a table body, a card list or the week)."""
from __future__ import annotations

import pytest

from handhaving.demo import DEMO_PASSWORD
from tests.browser.conftest import TIMEOUT_MS, PageErrors, describe, login, serious_violations

pytestmark = pytest.mark.browser

TELEFOON = {"viewport": {"width": 390, "height": 844}, "screen": {"width": 390, "height": 844},
            "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
IPAD_STAAND = {"width": 834, "height": 1194}

# Hoogmeer's accounts (Dalveen's log in in test_roles: TOTP codes are single-use) and the two
# regional ones, whose lists show both gemeenten and so have the most columns.
ACCOUNTS = ["toezichthouder.hoogmeer", "coordinator.hoogmeer", "vergunningverlener.hoogmeer",
            "burgemeester.hoogmeer", "beheerder.hoogmeer", "coordinator.regio", "beheerder.regio"]
DETAIL_LINK = "main tbody a[href], main .hh-cards a[href], main .hh-week a[href]"
IPAD_PAGINAS = ("/controles/week", "/beheer/auditlog")

OVERLOOP = """() => {
    const d = document.documentElement;
    if (d.scrollWidth <= d.clientWidth) return null;
    // Name the widest elements that stick out, to say what to fix.
    const uit = [...document.querySelectorAll('main *')]
        .filter(e => e.getBoundingClientRect().right > d.clientWidth + 1)
        .map(e => e.tagName.toLowerCase()
             + (e.className ? '.' + String(e.className).split(' ').join('.') : ''))
        .slice(0, 4);
    return {scroll: d.scrollWidth, client: d.clientWidth, uit};
}"""


@pytest.fixture
def page(browser, live_server):
    """A phone: 390 × 844 with touch. Named ``page`` so conftest's hook fails the test on any
    console or CSP error."""
    context = browser.new_context(**TELEFOON, base_url=live_server, locale="nl-NL",
                                  timezone_id="Europe/Amsterdam")
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    errors = PageErrors()
    pg.on("console", errors.console)
    pg.on("pageerror", errors.pageerror)
    pg.errors = errors
    yield pg
    context.close()
    if errors.messages:
        pytest.fail("Fouten in de browserconsole:\n  " + "\n  ".join(errors.messages), pytrace=False)


def _overloop(page, waar: str, problemen: list[str]) -> None:
    te_breed = page.evaluate(OVERLOOP)
    if te_breed:
        uit = ", ".join(te_breed["uit"])
        problemen.append(f"{waar}: scrollWidth {te_breed['scroll']} > {te_breed['client']} ({uit})")


def _menu_dicht(page, waar: str, problemen: list[str]) -> None:
    knop = page.locator("header button[aria-controls=hoofdmenu]")
    if not knop.is_visible():
        problemen.append(f"{waar}: geen zichtbare menuknop")
    elif knop.get_attribute("aria-expanded") != "false":
        problemen.append(f"{waar}: menuknop niet aria-expanded=false")
    if page.locator("#hoofdmenu").is_visible():
        problemen.append(f"{waar}: het menu is open")


def _menu_openen_en_sluiten(page, knop, nav, problemen: list[str]) -> None:
    knop.tap()
    assert knop.get_attribute("aria-expanded") == "true"
    assert nav.get_by_role("link", name="Start").is_visible()
    found = serious_violations(page)
    assert not found, describe(found, "/ (menu open)")
    _overloop(page, "/ (menu open)", problemen)
    page.keyboard.press("Escape")
    assert knop.get_attribute("aria-expanded") == "false"
    assert not nav.get_by_role("link", name="Start").is_visible()
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == "hoofdmenu"


@pytest.mark.parametrize("username", ACCOUNTS)
def test_every_screen_fits_a_phone_and_the_menu_folds(page, db_session, username):
    problemen: list[str] = []
    page.goto("/inloggen")
    _overloop(page, "/inloggen", problemen)
    login(page, db_session, username)

    # The menu: collapsed behind its button, opens on tap, closes with Escape (focus back on the button).
    _menu_dicht(page, "/", problemen)
    knop = page.get_by_role("button", name="Menu")
    nav = page.locator("nav[aria-label=Hoofdmenu]")
    found = serious_violations(page)
    assert not found, describe(found, "/ (menu dicht)")
    if not problemen:  # without a menu button, still go on to list the pages that are too wide
        _menu_openen_en_sluiten(page, knop, nav, problemen)

    menu = [a.get_attribute("href") for a in nav.locator("a[href]").all()]  # hidden: not by role
    assert len(menu) >= 4, menu
    bezocht: set[str] = set()
    gestapeld_getoetst: list[str] = []

    def bezoek(href: str) -> bool:
        if href in bezocht:
            return False
        bezocht.add(href)
        response = page.goto(href)
        assert response is not None and response.status == 200, f"{href}: {response and response.status}"
        _overloop(page, href, problemen)
        _menu_dicht(page, href, problemen)
        if not gestapeld_getoetst and page.locator("main .hh-table--stapel").count():
            # Stacked rows keep their table roles: axe on the first page with a table.
            gestapeld_getoetst.append(href)
            found = serious_violations(page)
            if found:
                problemen.append(describe(found, f"{href} (gestapelde tabel)"))
        return True

    for href in menu:
        bezoek(href)
        pagina = [href] + [a.get_attribute("href") for a in page.locator("main .hh-subnav a[href]").all()]
        for sub in pagina:
            if sub != href:
                bezoek(sub)
            else:
                page.goto(href)
            detail = page.locator(DETAIL_LINK).first
            if detail.count():
                bezoek(detail.get_attribute("href"))
    assert len(bezocht) >= len(menu)
    assert gestapeld_getoetst, "geen pagina met een tabel bezocht"

    # The week and the audit log on an iPad in portrait.
    page.set_viewport_size(IPAD_STAAND)
    for href in IPAD_PAGINAS:
        if page.request.get(href).status == 200:  # a role without the page: no 403 in the console
            page.goto(href)
            _overloop(page, f"{href} (iPad)", problemen)
    assert not problemen, "Te breed of menu niet ingeklapt:\n  " + "\n  ".join(problemen)


def test_without_javascript_the_menu_is_a_stacked_list_and_no_dead_button(browser, live_server):
    context = browser.new_context(**TELEFOON, base_url=live_server, locale="nl-NL", java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        pg = context.new_page()
        pg.goto("/inloggen")
        pg.get_by_label("Gebruikersnaam", exact=True).fill("toezichthouder.hoogmeer")
        pg.get_by_label("Wachtwoord", exact=True).fill(DEMO_PASSWORD)
        with pg.expect_navigation():
            pg.get_by_role("button", name="Inloggen").click()
        assert not pg.locator("#hoofdmenu-knop").is_visible()
        links = pg.locator("nav[aria-label=Hoofdmenu] a")
        assert links.count() >= 4 and all(links.nth(i).is_visible() for i in range(links.count()))
        lefts = {round(links.nth(i).bounding_box()["x"]) for i in range(links.count())}
        assert len(lefts) == 1, f"menu niet onder elkaar: {lefts}"
        assert pg.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    finally:
        context.close()
