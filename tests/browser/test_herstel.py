"""Issue 22.1 in the browser: asking a four-eyes password reset, its part-1 page and the waiting
list are usable (axe); the request is withdrawn again so the demo account is unchanged."""
import pytest
from sqlalchemy import select

from tests.browser.conftest import describe, login, serious_violations

pytestmark = pytest.mark.browser


def test_a_four_eyes_reset_request_and_its_pages_are_accessible(page, db_session):
    from handhaving.auth.models import Gebruiker
    login(page, db_session, "beheerder.hoogmeer")
    target = db_session.execute(select(Gebruiker.id).where(
        Gebruiker.gebruikersnaam == "toezichthouder.hoogmeer")).scalar()
    page.goto(f"/beheer/gebruikers/{target}")
    page.locator("#reden-ww").fill("Wachtwoord vergeten, gebeld (browsertest)")
    with page.expect_navigation():
        page.get_by_role("button", name="Nieuw wachtwoord aanvragen").click()
    assert page.locator("#deel-1").is_visible()
    found = serious_violations(page)
    assert not found, describe(found, "deel 1")

    page.goto("/beheer/gebruikers")
    assert page.get_by_role("heading", name="Herstel wacht op goedkeuring").is_visible()
    found = serious_violations(page)
    assert not found, describe(found, "/beheer/gebruikers met een herstelaanvraag")
    # The requester sees no approve button, only withdraw.
    rij = page.locator("tr", has_text="browsertest")
    assert rij.get_by_role("button", name="Goedkeuren").count() == 0
    rij.get_by_label("Reden van intrekken").fill("Toch gevonden (browsertest)")
    with page.expect_navigation():
        rij.get_by_role("button", name="Intrekken").click()
    assert page.get_by_text("is ingetrokken").is_visible()
