"""One recording experience (issue 23) in headless Chromium at iPad size, with the server
process really stopped (the server, profile and helpers of ``test_offline.py``).

* Vandaag → "Openen" on a controle of today lands on the offline form of that controle.
* The online Vastleggen page (a controle of another day: office use) says it saves on the
  server only. With the server stopped, a finding submitted there keeps its input and shows
  the Dutch message at the form, never the browser's error page. A plain form post (the form
  submitted without the page's script) gets the service worker's Dutch page instead of the
  browser's error page.
* With the server back, submitting again saves exactly one finding.

Console: every error fails the test, except ``net::ERR_CONNECTION_REFUSED`` while the server
is down (test_offline.py's filter); CSP violations are never filtered. axe-core: no serious
or critical violation on the new states.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.browser.conftest import describe, serious_violations
from tests.browser.test_offline import (  # noqa: F401  (omgeving: the module's server and profile)
    TOEZICHTHOUDER,
    Fouten,
    Server,
    klaarzetten,
    omgeving,
    start_browser,
    wacht_op_formulier,
)

pytestmark = [pytest.mark.browser, pytest.mark.eigen_sqlite]

OMSCHRIJVING = "Nooduitgang geblokkeerd door dozen KANARIE-ONLINE-51c2"
NIET_VERSTUURD = "Niet verstuurd: geen verbinding. Ga terug; uw invoer staat nog in het formulier."


def _online_controle(app) -> int:
    """A controle of another day that the demo toezichthouder recorded and may still change:
    it stays on the online page (tests/controles/test_veldwerk.py has the rule)."""
    from handhaving.auth.models import Gebruiker
    from handhaving.controles.models import Controle
    from handhaving.controles.workflow import BEWERKBAAR
    from handhaving.tijd import naar_lokaal, vandaag

    with app.app_context():
        session = app.extensions["handhaving_db"].new_session()
        try:
            t = session.execute(select(Gebruiker).where(Gebruiker.gebruikersnaam == TOEZICHTHOUDER)).scalar_one()
            kandidaten = session.execute(select(Controle).where(Controle.status.in_(BEWERKBAAR),
                                                                Controle.gestart_op.is_not(None))
                                         .order_by(Controle.gepland_op.desc())).scalars().all()
            for c in kandidaten:
                if naar_lokaal(c.gepland_op).date() < vandaag() and any(u.id == t.id for u in c.toezichthouders):
                    return c.id
        finally:
            session.close()
    pytest.fail("de demo heeft geen gestarte controle van een eerdere dag voor " + TOEZICHTHOUDER, pytrace=False)


def _bevindingen(app, controle_id: int) -> int:
    from handhaving.controles.models import Bevinding

    with app.app_context():
        session = app.extensions["handhaving_db"].new_session()
        try:
            return session.execute(select(func.count()).select_from(Bevinding).where(
                Bevinding.controle_id == controle_id, Bevinding.omschrijving == OMSCHRIJVING)).scalar_one()
        finally:
            session.close()


def _axe(page, waar: str) -> None:
    v = serious_violations(page)
    assert not v, describe(v, waar)


def test_vandaag_openen_and_a_finding_without_connection(omgeving, playwright_instance, ipad):  # noqa: F811
    server: Server = omgeving["server"]
    app = omgeving["app"]
    online_id = _online_controle(app)
    fouten = Fouten()
    ctx, page = start_browser(playwright_instance, omgeving, ipad, fouten)
    try:
        # 1. Before leaving the office: the day is put on the device.
        klaarzetten(page, herladen=False)

        # 2. Vandaag → Openen: the offline form of that controle, not the online page.
        page.goto("/controles/vandaag")
        openen = page.get_by_role("link", name="Openen").first
        href = openen.get_attribute("href")
        assert re.fullmatch(r"/controles/offline#controle-\d+", href), href
        openen.click()
        page.wait_for_url(re.compile(r"/controles/offline#controle-\d+$"))
        wacht_op_formulier(page)
        assert page.url.endswith(href)
        assert page.locator("#formulier").is_visible()

        # 3. A controle of another day stays on the online page, which says what it does.
        page.goto(f"/controles/{online_id}/vastleggen")
        assert page.url.endswith(f"/controles/{online_id}/vastleggen"), page.url
        balk = page.locator("#hh-online-status")
        assert "direct op de server opgeslagen" in balk.inner_text()
        assert "op dit apparaat" not in page.locator("main").inner_text()
        page.wait_for_function("() => !!navigator.serviceWorker.controller")
        formulier = page.locator("#bevindingen form[data-verstuur]")
        page.locator("#bevindingen summary").click()
        formulier.locator("select[name=categorie]").select_option(index=1)
        formulier.locator("textarea[name=omschrijving]").fill(OMSCHRIJVING)
        formulier.locator("input[name=norm]").fill("APV art. 2:10")
        _axe(page, f"/controles/{online_id}/vastleggen (online)")

        # 4. The server process stops; the finding is submitted: kept, with the Dutch message.
        server.stop()
        fouten.server_weg = True
        formulier.get_by_role("button", name="Bevinding vastleggen").click()
        melding = formulier.locator("[data-formulier-melding]")
        melding.filter(has_text="Niet verstuurd: geen verbinding").wait_for()
        assert re.search(rf"/controles/{online_id}/vastleggen$", page.url), page.url
        assert formulier.locator("textarea[name=omschrijving]").input_value() == OMSCHRIJVING
        assert formulier.locator("input[name=norm]").input_value() == "APV art. 2:10"
        page.wait_for_selector("#hh-online-status[data-online=nee]")
        assert "Geen verbinding met de server" in balk.inner_text()
        _axe(page, f"/controles/{online_id}/vastleggen (geen verbinding)")
        # The page notices the server is back and says to send again (nothing sent by itself).
        server.start()
        page.wait_for_selector("#hh-online-status[data-online=ja]", timeout=20_000)
        fouten.server_weg = False  # only now: a probe that failed before the start may report late
        melding.filter(has_text="De verbinding is terug").wait_for()
        assert _bevindingen(app, online_id) == 0

        # 5. Without the page's script (a plain form post, the server down again): the service
        # worker's Dutch page, and for a page that cannot load its other Dutch page.
        server.stop()
        fouten.server_weg = True
        with page.expect_navigation():
            page.evaluate("() => HTMLFormElement.prototype.submit.call(document.querySelector('#bevindingen form[data-verstuur]'))")
        assert not page.url.startswith("chrome-error:"), page.url
        assert NIET_VERSTUURD in page.locator("main").inner_text()
        _axe(page, "de pagina ‘Niet verstuurd’ van de service worker")
        ander = ctx.new_page()
        ander.on("console", fouten.console)
        ander.on("pageerror", fouten.pageerror)
        ander.goto("/controles/week")
        assert not ander.url.startswith("chrome-error:"), ander.url
        assert "Deze pagina kan nu niet worden geladen" in ander.locator("main").inner_text()
        _axe(ander, "de pagina ‘Geen verbinding’ van de service worker")
        ander.close()

        # 6. The server is back; going back brings the form with what was typed, and sending
        # it saves exactly one finding.
        server.start()
        page.go_back()
        page.wait_for_url(re.compile(rf"/controles/{online_id}/vastleggen$"))
        fouten.server_weg = False
        formulier = page.locator("#bevindingen form[data-verstuur]")
        assert formulier.locator("textarea[name=omschrijving]").input_value() == OMSCHRIJVING
        if not formulier.is_visible():
            page.locator("#bevindingen summary").click()
        formulier.get_by_role("button", name="Bevinding vastleggen").click()
        # The page reloads after a save and then says so: a locator waits across that reload.
        page.locator("#opslagstatus", has_text="De bevinding is vastgelegd").wait_for()
        assert OMSCHRIJVING in page.locator("#bevindingen").inner_text()
        assert _bevindingen(app, online_id) == 1
        _axe(page, f"/controles/{online_id}/vastleggen (weer online)")
    finally:
        ctx.close()
    assert not fouten.berichten, "\n".join(fouten.berichten)
    assert fouten.gefilterd >= 1, "de verwachte verbindingsfout is nooit gezien: was de server wel weg?"
