"""Every role of Dalveen logs in through the real forms (with the second factor
where the role needs one), sees exactly its own menu, and every page it can
reach has no serious or critical accessibility problems (axe-core)."""
import pytest

from handhaving import demo
from handhaving.auth.models import Rol
from tests.browser.conftest import SCREENSHOTS, describe, login, serious_violations

pytestmark = pytest.mark.browser

# From templating.NAVIGATION and the POLICY of each domain (permissions.py):
#   Start, Locaties, Kaart: everyone; Controles: toezichthouder, coördinator (Controlelijsten: beheerder);
#   Vergunningen: all but beheerder; Bibob: vergunningverlener, coördinator,
#   burgemeester (Wet Bibob art. 28); Overbewoning: toezichthouder, coördinator (BRP-tellingen:
#   beheerder); Beheer: beheerder only.
MENU = {
    "toezichthouder": ["Start", "Controles", "Vergunningen", "Locaties", "Overbewoning", "Kaart"],
    "coordinator": ["Start", "Controles", "Vergunningen", "Personen en ondernemingen", "Historie", "Bibob",
                    "Locaties", "Overbewoning", "Kaart"],
    "vergunningverlener": ["Start", "Vergunningen", "Personen en ondernemingen", "Historie", "Bibob", "Locaties",
                           "Kaart"],
    "burgemeester": ["Start", "Vergunningen", "Bibob", "Locaties", "Kaart"],
    "beheerder": ["Start", "Controlelijsten", "Vergunningtypen", "Locaties", "BRP-tellingen", "Kaart", "Beheer"],
}
MFA = {"burgemeester", "beheerder"}
NAAM = {account: naam for (rol, account), naam in zip(demo.ROL_ACCOUNT.items(), demo.DEMO_NAMEN["9901"])}


def test_menu_covers_every_role():
    assert set(MENU) == set(demo.ROL_ACCOUNT.values()) == {r.value for r in Rol}


def test_login_page_is_accessible(page):
    page.goto("/inloggen")
    assert page.get_by_role("heading", name="Inloggen").is_visible()
    found = serious_violations(page)
    assert not found, describe(found, "/inloggen")


@pytest.mark.parametrize("account", list(MENU))
def test_role_start_page_menu_and_accessibility(page, db_session, account):
    username = f"{account}.dalveen"
    problems: list[str] = []
    second_factor_seen = []

    def on_second_factor(pg):
        second_factor_seen.append(pg.url)
        assert pg.get_by_role("heading", name="Tweede stap: code invoeren").is_visible()
        found = serious_violations(pg)
        if found:
            problems.append(describe(found, "/inloggen/tweede-factor"))

    login(page, db_session, username, on_second_factor=on_second_factor)
    assert bool(second_factor_seen) == (account in MFA), "tweede inlogstap onverwacht (niet) gevraagd"

    # Start page: greeting with the name, and exactly the menu of this role.
    page.get_by_role("heading", name=f"Goedendag, {NAAM[account]}").wait_for()
    nav = page.locator("nav[aria-label=Hoofdmenu]")
    labels = [t.strip() for t in nav.get_by_role("link").all_inner_texts()]
    assert labels == MENU[account]
    assert nav.get_by_role("link", name="Start").get_attribute("aria-current") == "page"

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{account}.png"), full_page=True)

    found = serious_violations(page)
    if found:
        problems.append(describe(found, "/ (start)"))

    hrefs = {label: nav.get_by_role("link", name=label, exact=True).get_attribute("href")
             for label in MENU[account]}
    for label, href in hrefs.items():
        if label == "Start":
            continue
        response = page.goto(href)
        assert response is not None and response.status == 200, f"{label} ({href}): {response and response.status}"
        current = page.locator("nav[aria-label=Hoofdmenu] a[aria-current=page]")
        assert current.inner_text().strip() == label
        found = serious_violations(page)
        if found:
            problems.append(describe(found, f"{href} ({label})"))

    assert not problems, "\n".join(problems)
