"""The functional administrator's pages work with keyboard and screen reader (axe),
and the account page of any user does too."""
import pytest
from sqlalchemy import select

from tests.browser.conftest import describe, login, serious_violations

pytestmark = pytest.mark.browser


def test_beheer_pages_are_accessible(page, db_session):
    # Hoogmeer's beheerder: Dalveen's logs in elsewhere (TOTP codes are single-use).
    login(page, db_session, "beheerder.hoogmeer")
    from handhaving.auth.models import Gebruiker
    target = db_session.execute(select(Gebruiker.id).where(Gebruiker.gebruikersnaam == "toezichthouder.hoogmeer")).scalar()
    for path in ("/beheer/gebruikers", f"/beheer/gebruikers/{target}", "/beheer/gebruikers/nieuw",
                 "/beheer/gemeenten", "/beheer/auditlog", "/beheer/taken", "/account"):
        page.goto(path)
        assert page.locator("h1").count() == 1
        found = serious_violations(page)
        assert not found, describe(found, path)
    # The audit chain check on the page reports an intact log.
    page.goto("/beheer/auditlog")
    assert page.get_by_text("Keten gecontroleerd").is_visible()

