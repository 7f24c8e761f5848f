"""A finding recorded offline keeps the tablet's time (issue 23), in headless Chromium at iPad size
with a persistent profile and the server process really stopped (the set-up of test_offline.py).

Scenario: the demo toezichthouder puts today's controles on the tablet; the server stops; the
controle is started and a bevinding recorded at device time T; a few seconds later the server
starts again and the tablet syncs. On the server the finding's ``waargenomen_op`` is T (the
device's moment, not the receipt), ``ontvangen_op`` lies later, the clock difference is stored.
The online correction page shows both times side by side and takes a correction with a reason;
axe-core finds no serious violation on it; no console or CSP error throughout.
"""
from __future__ import annotations

import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from tests.browser.conftest import describe, serious_violations
from tests.browser.test_offline import (  # noqa: F401  (omgeving: the module's server and demo database)
    Fouten,
    inloggen,
    klaarzetten,
    omgeving,
    open_formulier,
    start_browser,
    wacht_op_app,
)

pytestmark = [pytest.mark.browser, pytest.mark.eigen_sqlite]


def _utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).replace(tzinfo=None)


def test_een_offline_bevinding_houdt_de_tijd_van_de_tablet(omgeving, playwright_instance, ipad):  # noqa: F811
    from handhaving.controles.models import Bevinding, Tijdbron
    from handhaving.tijd import naar_lokaal

    server = omgeving["server"]
    fouten = Fouten()
    ctx, page = start_browser(playwright_instance, omgeving, ipad, fouten)
    try:
        klaarzetten(page)
        controle_id = int(page.locator("#controles li.hh-controlekaart a").first.get_attribute("href").rsplit("-", 1)[1])

        server.stop()
        fouten.server_weg = True
        open_formulier(page, controle_id)
        start = page.get_by_role("button", name="Start controle ter plaatse")
        if start.count():
            start.click()
            page.wait_for_selector("#off-vastlegging")
        page.locator("#off-bevindingen summary").click()
        page.locator("#off-bev-categorie").select_option(index=1)
        page.locator("#off-bev-omschrijving").fill("Vluchtweg geblokkeerd door dozen")
        page.get_by_role("button", name="Bevinding vastleggen").click()
        page.wait_for_function("() => /Vluchtweg geblokkeerd/.test(document.getElementById('off-bev-lijst').textContent)")
        # The list line says when it was observed (local time of the device).
        assert "waargenomen " in page.locator("#off-bev-lijst").text_content()
        concept = page.evaluate(f"async () => (await HH.store.lees('concept:{controle_id}')).waarde")
        [bevinding] = concept["bevindingen"]
        tablet_tijd = _utc(bevinding["waargenomen_op"])
        # Offline for a while: the receipt lies clearly after the observation.
        time.sleep(4)

        server.start()
        # Console events reach Python only while Playwright is called: take those of the downtime
        # (the page's expected failed fetches) while they are still expected.
        page.wait_for_timeout(300)
        fouten.server_weg = False
        page.goto("/controles/offline")
        wacht_op_app(page)
        page.wait_for_function("""() => { const s = document.getElementById('hh-offline-status');
            return s.dataset.wachtend === '0' || !document.getElementById('hh-offline-inloggen').hidden; }""",
                               timeout=30_000)
        if page.locator("#hh-offline-inloggen").is_visible():
            page.locator("#hh-offline-inloggen").click()
            page.wait_for_url("**/inloggen**")
            inloggen(page, "/controles/offline")
            wacht_op_app(page)
        page.wait_for_selector("#hh-offline-status[data-wachtend='0']", timeout=30_000)

        app = omgeving["app"]
        with app.app_context():
            session = app.extensions["handhaving_db"].new_session()
            try:
                b = session.execute(select(Bevinding).where(Bevinding.uuid == bevinding["uuid"])).scalar_one()
                waargenomen, ontvangen, bron, klok = b.waargenomen_op, b.ontvangen_op, b.tijdbron, b.klokverschil_s
                gestart = b.controle.gestart_op
                bevinding_id = b.id
            finally:
                session.close()
        assert abs((waargenomen - tablet_tijd).total_seconds()) < 1, (waargenomen, tablet_tijd)
        assert ontvangen - waargenomen > timedelta(seconds=3), (waargenomen, ontvangen)
        assert bron == Tijdbron.APPARAAT and klok is not None and abs(klok) < 60

        # The correction page: device time and receipt side by side; a correction with a reason.
        pagina = f"/controles/{controle_id}/bevindingen/{bevinding_id}/tijd"
        page.goto(pagina)
        assert naar_lokaal(waargenomen).strftime("%H:%M") in page.locator("#tijd-waargenomen").text_content()
        assert naar_lokaal(ontvangen).strftime("%H:%M") in page.locator("#tijd-ontvangen").text_content()
        assert "klok van het apparaat" in page.locator("#tijd-waargenomen").text_content()
        v = serious_violations(page)
        assert not v, describe(v, pagina)
        nieuw = naar_lokaal(gestart)
        page.get_by_label("Datum van waarneming").fill(nieuw.strftime("%Y-%m-%d"))
        page.get_by_label("Tijd van waarneming").fill(nieuw.strftime("%H:%M"))
        page.get_by_label("Reden van de correctie").fill("Gezien bij binnenkomst, pas later ingevoerd.")
        with page.expect_navigation():
            page.get_by_role("button", name="Tijd corrigeren").click()
        assert "Gezien bij binnenkomst, pas later ingevoerd." in page.locator("#correcties").text_content()
        assert "gecorrigeerd" in page.locator("#tijd-waargenomen").text_content()
        v = serious_violations(page)
        assert not v, describe(v, pagina + " (na correctie)")
    finally:
        ctx.close()
    assert not fouten.berichten, "Fouten in de browserconsole:\n  " + "\n  ".join(fouten.berichten)
