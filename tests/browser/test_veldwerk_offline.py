"""A field day on the tablet (issue 23, items 1, 2, 3, 4 and 5): the offline form stays true after sync.

One seeded server process for the module (``omgeving`` from ``test_offline.py``), Chromium at iPad
size on a persistent profile; the server process is killed and the browser restarted in the flow.

1. After a sync, adding a bevinding keeps every answer visible (no "Start controle ter plaatse").
2. Correcting an answer the tablet already synced is no conflict; the server holds the new value.
3. A colleague changes the field the tablet changed offline: the conflict section appears without a
   reload, and the choice works and syncs on.
4. ``/controles/offline#controle-<id>`` with a connection klaarzets by itself; a controle that is not
   the user's gets a Dutch explanation with a link to the online page.
5. The coordinator closes the controle: after the package refresh the form is read-only; the draft
   the server refused can be discarded after a confirmation in the page.

Console: every console or page error fails, except ``ERR_CONNECTION_REFUSED`` while the server is
down and the two refusals provoked here (409 of ``/controles/sync``), as ``FoutenMetWeigering`` of
test_offline_fouten filters them. axe: no serious or critical violation on each new state.
Figure printed: a tap (answer change) to "Opgeslagen op dit apparaat", p50/p95 of 20 taps.
"""
from __future__ import annotations

import re
import statistics
from contextlib import contextmanager

import pytest
from sqlalchemy import select

from tests.browser.conftest import describe, serious_violations
from tests.browser.test_offline import (  # noqa: F401 - omgeving is a fixture used by name
    inloggen,
    omgeving,
    start_browser,
    vul_verplichte_items,
    wacht_op_app,
    wacht_op_formulier,
)
from tests.browser.test_offline_fouten import FoutenMetWeigering

pytestmark = [pytest.mark.browser, pytest.mark.eigen_sqlite]

COORDINATOR = "coordinator.regio"


@contextmanager
def database(omgeving):
    from handhaving.db import writing

    app = omgeving["app"]
    with app.app_context(), writing():
        session = app.extensions["handhaving_db"].new_session()
        try:
            yield session
            session.commit()
        finally:
            session.close()


def server_waarden(omgeving, controle_id) -> dict:
    from handhaving.controles import vastlegging
    from handhaving.controles.models import Controle

    with database(omgeving) as session:
        return vastlegging.huidige_waarden(session, session.get(Controle, controle_id))


def als_coordinator(omgeving, controle_id, actie):
    """Run ``actie(session, coordinator, controle)`` on the server's database, as the office would."""
    from handhaving.auth.models import Gebruiker
    from handhaving.controles.models import Controle

    with database(omgeving) as session:
        coord = session.execute(select(Gebruiker).where(Gebruiker.gebruikersnaam == COORDINATOR)).scalar_one()
        actie(session, coord, session.get(Controle, controle_id))


def geen_ernstige(page, waar):
    v = serious_violations(page)
    assert not v, describe(v, waar)


def opgeslagen(page):
    """Leave the field being typed in (stored at once on leaving) and wait until the device has it."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.wait_for_function("() => document.getElementById('opslagstatus').dataset.status === 'opgeslagen'")


def sync(page) -> str:
    return page.evaluate("() => HH.sync.run({handmatig: true})")


def ingelogd_openen(page, url):
    """Open ``url``; log in again if the browser restart lost the session."""
    page.goto(url)
    wacht_op_app(page)
    if page.evaluate("async () => { const k = await HH.store.haalSleutel(); return !!(k && k.verlopen); }"):
        inloggen(page, "/controles/offline")
        page.goto(url)
        wacht_op_app(page)


def tik_tijden(page, naam, waarden, n=20) -> list[float]:
    """ms from a tap on a radio to the status "Opgeslagen op dit apparaat", from performance.now()."""
    return page.evaluate("""async ([naam, waarden, n]) => {
        const status = () => document.getElementById('opslagstatus');
        const uit = [];
        for (let i = 0; i < n; i++) {
          const r = document.querySelector(`input[name="${naam}"][value="${waarden[i % 2]}"]`);
          const klaar = new Promise(ok => {
            const obs = new MutationObserver(() => {
              const s = status();
              if (s && s.dataset.status === 'opgeslagen' && /Opgeslagen op dit apparaat/.test(s.textContent)) { obs.disconnect(); ok(performance.now()); }
            });
            obs.observe(document.getElementById('formulier-inhoud'), {subtree: true, childList: true, attributes: true, characterData: true});
          });
          const t0 = performance.now();
          r.click();
          uit.push((await klaar) - t0);
        }
        return uit;
    }""", [naam, waarden, n])


def test_het_formulier_blijft_waar_na_elke_sync(omgeving, playwright_instance, ipad):
    from handhaving.controles import afronding, services, vastlegging

    server = omgeving["server"]
    fouten = FoutenMetWeigering()
    ctx, page = start_browser(playwright_instance, omgeving, ipad, fouten)
    try:
        inloggen(page, "/controles/offline")
        pakket = page.request.get("/controles/offline/pakket", headers={"Accept": "application/json"}).json()
        controle = next(c for c in pakket["controles"] if c["bewerkbaar"] and not c["gestart_op"]
                        and any(i["verplicht"] and i["soort"] == "ja_nee" for s in c["secties"] for i in s["items"]))
        cid = controle["id"]

        # 4. Opened by its address with a connection and nothing on the device: klaargezet by itself.
        page.goto(f"/controles/offline#controle-{cid}")
        wacht_op_formulier(page)
        page.get_by_role("button", name="Start controle ter plaatse").click()
        page.wait_for_selector("#off-vastlegging")
        vul_verplichte_items(page)
        eerste = page.locator("#off-vastlegging .hh-item--verplicht input[type=radio]").first.get_attribute("name")
        opgeslagen(page)
        assert sync(page) == "ok"
        page.wait_for_selector("#hh-offline-status[data-wachtend='0']")
        assert server_waarden(omgeving, cid)[eerste] == "ja"

        # 1. After the sync a bevinding is added: the checklist and its answers stay.
        page.locator("#off-bevindingen summary").click()
        page.locator("#off-bev-categorie").select_option(index=1)
        page.locator("#off-bev-omschrijving").fill("Nooduitgang geblokkeerd")
        page.get_by_role("button", name="Bevinding vastleggen").click()
        page.wait_for_function("() => /Nooduitgang geblokkeerd/.test(document.getElementById('off-bev-lijst').textContent)")
        assert page.get_by_role("button", name="Start controle ter plaatse").count() == 0
        assert page.locator(f'input[name="{eerste}"][value="ja"]').is_checked()
        assert page.locator("#off-binnentreden input[value=toestemming]").is_checked()
        assert page.locator("#off-bev-omschrijving").input_value() == ""  # the add form is emptied

        # 2. The inspector corrects an answer already synced: no conflict, the server has the new value.
        page.locator(f'input[name="{eerste}"][value="nee"]').check()
        opgeslagen(page)
        # Meanwhile the next bevinding is half typed: the redraw after the sync keeps it, with focus and caret.
        page.locator("#off-bev-omschrijving").fill("Half getypt")
        page.evaluate("() => document.getElementById('off-bev-omschrijving').setSelectionRange(4, 4)")
        assert sync(page) == "ok", page.locator("#hh-offline-status").inner_text()
        page.wait_for_function("() => /op de server/.test(document.getElementById('off-bev-lijst').textContent)")
        assert page.evaluate("""() => { const e = document.activeElement;
            return [e.id, e.value, e.selectionStart, document.getElementById('off-bev-toevoegen').open]; }""") == \
            ["off-bev-omschrijving", "Half getypt", 4, True]
        assert page.locator(".hh-conflict").count() == 0
        assert server_waarden(omgeving, cid)[eerste] == "nee"
        page.wait_for_selector("#hh-offline-status[data-wachtend='0']")
        assert page.locator(f'input[name="{eerste}"][value="nee"]').is_checked()
        assert "Nooduitgang geblokkeerd" in page.locator("#off-bev-lijst").text_content()
    finally:
        ctx.close()

    # The server stops; the browser restarts on the same profile and opens the form from the cache.
    server.stop()
    fouten.server_weg = True
    ctx, page = start_browser(playwright_instance, omgeving, ipad, fouten)
    try:
        page.goto(f"/controles/offline#controle-{cid}")
        wacht_op_formulier(page)
        assert page.locator(f'input[name="{eerste}"][value="nee"]').is_checked()
        assert page.get_by_role("button", name="Start controle ter plaatse").count() == 0
        # The figure: 20 taps on a radio, each to "Opgeslagen op dit apparaat" (ends on the synced "nee").
        tijden = tik_tijden(page, eerste, ["ja", "nee"])
        page.locator("#off-notities").fill("Tablet: geen bijzonderheden")
        opgeslagen(page)
        # 3. Meanwhile a colleague changes the same field at the office.
        als_coordinator(omgeving, cid, lambda s, u, c: vastlegging.sla_op(
            s, u, c, c.versie, {"notities": vastlegging.Wijziging("Kantoor: sleutel bij de buren", None)}))

        server.start()
        page.wait_for_timeout(50)  # console messages of the last refused fetches arrive while "down"
        fouten.server_weg = False
        ingelogd_openen(page, f"/controles/offline#controle-{cid}")
        wacht_op_formulier(page)
        page.locator("#off-notities").focus()
        assert sync(page) == "geweigerd"
        conflict = page.locator(".hh-conflict")
        conflict.wait_for()  # without a reload
        assert "Kantoor: sleutel bij de buren" in conflict.text_content()
        assert "Tablet: geen bijzonderheden" in conflict.text_content()
        geen_ernstige(page, "offline formulier met conflict")
        conflict.get_by_role("button", name=re.compile("^Mijn versie")).first.click()
        page.wait_for_selector(".hh-conflict", state="detached")
        page.wait_for_selector("#hh-offline-status[data-wachtend='0']", timeout=20_000)
        assert server_waarden(omgeving, cid)["notities"] == "Tablet: geen bijzonderheden"
        assert page.locator("#off-notities").input_value() == "Tablet: geen bijzonderheden"

        # 5. The coordinator closes the controle; the tablet's next change is refused.
        def sluit(session, coord, c):
            afronding.rond_uitvoering_af(session, coord, c, c.versie)
            services.stel_rapport_op(session, coord, c, c.versie)
        als_coordinator(omgeving, cid, sluit)
        page.locator("#off-notities").fill("Tablet: nog iets")
        opgeslagen(page)
        assert sync(page) == "geweigerd"
        # After the package refresh: read-only, with the reason, and nothing to change or add.
        page.wait_for_selector("#hh-offline-app[data-alleen-lezen=ja]")
        assert "Rapport in concept" in page.locator("#off-alleen-lezen").text_content()
        assert page.locator("#formulier-inhoud").locator("input:enabled, select:enabled, textarea:enabled").count() == 0
        for knop in ("Bevinding vastleggen", "Persoon vastleggen", "Foto bewaren op dit apparaat", "Afronden"):
            assert page.get_by_role("button", name=knop).count() == 0, knop
        geen_ernstige(page, "offline formulier alleen lezen")
        # The refused draft: discarded after a confirmation in the page.
        assert page.locator("#hh-offline-status[data-wachtend='1']").count() == 1
        page.get_by_role("button", name="Concept verwijderen van dit apparaat").click()
        bevestig = page.locator("#off-verwijder-bevestig")
        bevestig.wait_for()
        geen_ernstige(page, "offline bevestiging verwijderen")
        bevestig.get_by_role("button", name="Ja, verwijderen").click()
        page.wait_for_selector("#off-verwijderd")
        assert "Het concept is van dit apparaat verwijderd." in page.locator("#off-verwijderd").text_content()
        page.wait_for_selector("#hh-offline-status[data-wachtend='0']")
        assert page.evaluate(f"async () => !!(await HH.store.lees('concept:{cid}'))") is False
        assert page.locator("#off-notities").input_value() == "Tablet: geen bijzonderheden"  # the server's, read-only

        # 4. A controle that is not the user's: an explanation with a link, not a blank page.
        page.goto("/controles/offline#controle-987654")
        page.wait_for_selector("#hh-offline-app[data-formulier=onbekend]")
        assert page.get_by_role("link", name="Open de controle online").get_attribute("href") == "/controles/987654"
        geen_ernstige(page, "offline controle niet op dit apparaat")
    finally:
        ctx.close()

    assert not fouten.berichten, "Fouten in de browserconsole:\n  " + "\n  ".join(fouten.berichten)
    assert fouten.geweigerd == 2  # the conflict (409) and the closed controle (409), both provoked here
    tijden.sort()
    p95 = tijden[min(len(tijden) - 1, int(round(0.95 * len(tijden))) - 1)]
    print(f"\n[veldwerk] tik tot 'Opgeslagen op dit apparaat': p50 {statistics.median(tijden):.0f} ms, "
          f"p95 {p95:.0f} ms ({len(tijden)} tikken)")
