"""The offline tablet (issue 14) in headless Chromium at iPad size, with the server really stopped.

The app runs in a **subprocess** on a fixed port, on a fresh SQLite database with the demo
data, so "server down" means the process is killed (no listening socket, no keep-alive
connection left), not ``set_offline``. Chromium runs with ``launch_persistent_context`` on a
profile directory, so closing the context kills the browser and a new launch on the same
profile is a browser restart.

Scenario: log in as the demo toezichthouder, "Mijn controles vandaag" → "Klaarzetten voor
offline" → the package is stored (encrypted) and the service worker caches the shell; reload
so the worker controls the page. Kill the server. Open the cached offline page, start a
controle, fill every required item, add a bevinding and a photo (JPEG with GPS EXIF). Kill
the browser, launch it again on the same profile: the page opens from the cache and the
draft and photo are still there. Start the server again (same DB, same port: same origin),
log in again if the session cookie was lost, sync. On the server: exactly one Bevinding for
the draft's uuid, every answer, one Foto without EXIF/GPS; a second sync sends nothing.

Console: every console error and page error fails the test, except exactly these while the
server process is down: ``Failed to load resource: net::ERR_CONNECTION_REFUSED`` (the page's
own fetches of ``/controles/offline/sleutel`` and of the sync loop, which it catches and
shows as "Geen verbinding"), or ``net::ERR_EMPTY_RESPONSE`` for such a fetch that was in
flight when the process was killed. CSP violations are never filtered. axe-core: no serious or
critical violation on ``/controles/offline`` online and offline (list and form).

Figures printed: time to open the cached form with the server down (navigation start → form
rendered, p50 of 5), bytes stored on the device per controle (sum of the encrypted records'
sizes read from IndexedDB), and the sync time of a draft with 5 photos of about 4 MB.
"""
from __future__ import annotations

import base64
import io
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, describe, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.eigen_sqlite]

TOEZICHTHOUDER = "toezichthouder.dalveen"
SECRET = "offline-browser-test-secret-" + "y" * 40
LOCATIE = {"latitude": 50.8712, "longitude": 5.9671, "accuracy": 12}
TIMEOUT_MS = 15_000
# What a fetch of the page reports while the server process is down: refused, or an empty answer
# for a request that was in flight when the process was killed.
VERWACHT_OFFLINE = ("net::ERR_CONNECTION_REFUSED", "net::ERR_EMPTY_RESPONSE")
CANARY = "KANARIE-OFFLINE-7f3a"

SERVER_SCRIPT = r"""
import os, sys
from werkzeug.serving import WSGIRequestHandler, make_server
from handhaving import create_app
app = create_app({"DATABASE_URL": os.environ["HH_TEST_DB"], "SECRET_KEY": os.environ["HH_TEST_SECRET"],
                  "INSTANCE_DIR": os.environ["HH_TEST_INSTANCE"], "TESTING": False})
class Q(WSGIRequestHandler):
    def log_request(self, *a, **k):
        pass
srv = make_server("127.0.0.1", int(os.environ["HH_TEST_PORT"]), app, threaded=True, request_handler=Q)
print("klaar", flush=True)
srv.serve_forever()
"""


# --- the server process ----------------------------------------------------------------


class Server:
    def __init__(self, db_url: str, instance: Path, port: int):
        self.db_url, self.instance, self.port = db_url, instance, port
        self.proc: subprocess.Popen | None = None
        self.url = f"http://127.0.0.1:{port}"

    def start(self):
        env = dict(os.environ, HH_TEST_DB=self.db_url, HH_TEST_SECRET=SECRET, HH_TEST_INSTANCE=str(self.instance),
                   HH_TEST_PORT=str(self.port), PYTHONPATH=str(ROOT))
        self.proc = subprocess.Popen([sys.executable, "-c", SERVER_SCRIPT], cwd=ROOT, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server stopte: " + self.proc.stdout.read().decode(errors="replace")[-3000:])
            try:
                with urllib.request.urlopen(self.url + "/controles/sw.js", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server startte niet binnen 30 s")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None
        # Really gone: nothing listens on the port any more.
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", self.port)) != 0, "de server luistert nog"


@pytest.fixture(scope="module")
def omgeving(tmp_path_factory):
    """A fresh SQLite database with the demo data, and a server process on a fixed free port."""
    from alembic import command

    from handhaving import create_app, demo
    from handhaving.cli import alembic_config
    from handhaving.db import writing

    tmp = tmp_path_factory.mktemp("offline")
    url = f"sqlite:///{tmp / 'offline.db'}"
    command.upgrade(alembic_config(url), "head")
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET, "INSTANCE_DIR": str(tmp), "TESTING": False})
    with app.app_context():
        session = app.extensions["handhaving_db"].new_session()
        try:
            with writing():
                demo.seed(session, addresses_per_gemeente=50)
                session.commit()
        finally:
            session.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = Server(url, tmp, port)
    server.start()
    yield {"app": app, "server": server, "profiel": tmp / "profiel"}
    server.stop()
    app.extensions["handhaving_db"].engine.dispose()


# --- the browser -----------------------------------------------------------------------


class Fouten:
    def __init__(self):
        self.berichten: list[str] = []
        self.server_weg = False
        self.gefilterd = 0

    def console(self, msg):
        if msg.type != "error":
            return
        if self.server_weg and any(v in msg.text for v in VERWACHT_OFFLINE) and "Content Security Policy" not in msg.text:
            self.gefilterd += 1
            return
        loc = msg.location or {}
        self.berichten.append(f"console.error: {msg.text} ({loc.get('url', '')}:{loc.get('lineNumber', '')})")

    def pageerror(self, exc):
        self.berichten.append(f"pageerror: {exc}")


def start_browser(playwright, omgeving, ipad, fouten):
    ctx = playwright.chromium.launch_persistent_context(
        str(omgeving["profiel"]), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
        **ipad, base_url=omgeving["server"].url, locale="nl-NL", timezone_id="Europe/Amsterdam",
        permissions=["geolocation"], geolocation=LOCATIE)
    ctx.set_default_timeout(TIMEOUT_MS)
    page = ctx.pages[0] if ctx.pages else ctx.new_page()
    page.on("console", fouten.console)
    page.on("pageerror", fouten.pageerror)
    return ctx, page


def inloggen(page, volgende: str = "/controles/offline"):
    from handhaving.demo import DEMO_PASSWORD

    page.goto(f"/inloggen?next={volgende}")
    page.get_by_label("Gebruikersnaam", exact=True).fill(TOEZICHTHOUDER)
    page.get_by_label("Wachtwoord", exact=True).fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    assert volgende in page.url, page.url


def jpeg_met_gps(grootte=(640, 480), ruis=False) -> bytes:
    if ruis:
        img = Image.frombytes("RGB", grootte, random.Random(grootte[0]).randbytes(grootte[0] * grootte[1] * 3))
    else:
        img = Image.new("RGB", grootte, (120, 160, 200))
    exif = Image.Exif()
    exif[0x010F] = "Testcamera"
    exif[0x0110] = "iPad Pro 11"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (50.0, 52.0, 16.32), 3: "E", 4: (5.0, 58.0, 1.56), 5: 0, 6: 64.0})
    out = io.BytesIO()
    img.save(out, "JPEG", quality=92, exif=exif)
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825), "testfoto zonder GPS"
    return data


def wacht_op_app(page):
    page.wait_for_selector("#hh-offline-app[data-klaar=ja]")


def wacht_op_formulier(page):
    page.wait_for_selector("#hh-offline-app[data-formulier=klaar]")


def open_formulier(page, controle_id) -> float:
    """Navigate to the form of one controle; ms from navigation start to the form rendered."""
    page.goto("about:blank")  # a real navigation every time (a hash change alone is none)
    page.goto(f"/controles/offline#controle-{controle_id}")
    wacht_op_formulier(page)
    return page.evaluate("() => performance.getEntriesByName('hh-formulier-klaar').slice(-1)[0].startTime")


def klaarzetten(page, herladen: bool = True) -> None:
    """As at the office: log in, Vandaag → "Klaarzetten voor offline" (package and service worker);
    reloaded, so that the worker controls the page."""
    inloggen(page, "/controles/vandaag")
    page.get_by_role("link", name="Klaarzetten voor offline").click()
    page.wait_for_url("**/controles/offline")
    wacht_op_app(page)
    page.get_by_role("button", name="Klaarzetten voor offline").click()
    page.wait_for_function("() => /staan? op dit apparaat, klaargezet op/.test(document.getElementById('pakket-info').textContent)")
    if herladen:
        page.reload()
        wacht_op_app(page)


def bytes_op_apparaat(page) -> dict:
    return page.evaluate("""async () => {
        const ov = await HH.store.overzicht();
        const per = {}; let pakket = 0;
        ov.records.forEach(r => { if (r.soort === 'pakket') { pakket += r.bytes; } else { per[r.controle_id] = (per[r.controle_id] || 0) + r.bytes; } });
        const p = await HH.store.lees('pakket');
        return {per, pakket, controles: p ? p.waarde.controles.length : 0, apart: ov.apart.length};
    }""")


def vul_verplichte_items(page) -> None:
    """Answer every required item of the offline form, whatever its kind."""
    page.locator("#off-binnentreden input[name=toegang][value=toestemming]").check()
    items = page.locator("#off-vastlegging .hh-item--verplicht")
    for i in range(items.count()):
        item = items.nth(i)
        radio = item.locator("input[type=radio]")
        if radio.count():
            radio.first.check()
            continue
        veld = item.locator("select, input:not([type=radio]), textarea").first
        tag = veld.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        if tag.startswith("select"):
            veld.select_option(index=1)
        elif tag.endswith(":date"):
            veld.fill("2026-11-23")
        elif tag.endswith(":time"):
            veld.fill("10:15")
        elif veld.get_attribute("inputmode") == "decimal":
            veld.fill("3")
        else:
            veld.fill("Ingevuld zonder verbinding")
    page.locator("#off-notities").fill(f"Notitie offline {CANARY}")


# --- the test ----------------------------------------------------------------------------


def test_offline_klaarzetten_invullen_herstarten_synchroniseren(omgeving, playwright_instance, ipad):
    from handhaving.controles import vastlegging
    from handhaving.controles.models import Bevinding, Controle, Foto

    server: Server = omgeving["server"]
    fouten = Fouten()
    ctx, page = start_browser(playwright_instance, omgeving, ipad, fouten)
    try:
        # 1. Ready before leaving the office.
        klaarzetten(page)
        assert page.evaluate("() => !!navigator.serviceWorker.controller"), "de service worker bestuurt de pagina niet"
        controles = page.locator("#controles li.hh-controlekaart a")
        assert controles.count() >= 1, "geen controles klaargezet"
        href = controles.first.get_attribute("href")
        controle_id = int(href.rsplit("-", 1)[1])
        v = serious_violations(page)
        assert not v, describe(v, "/controles/offline (online)")
        # Nothing with case data in Cache Storage: only the shell and static files.
        cached = page.evaluate("""async () => { const out = [];
            for (const n of await caches.keys()) { const c = await caches.open(n);
              for (const r of await c.keys()) { out.push(new URL(r.url).pathname); } } return out; }""")
        assert "/controles/offline" in cached
        assert all(p == "/controles/offline" or p.startswith("/static/") for p in cached), cached

        # 2. The server process stops.
        server.stop()
        fouten.server_weg = True
        page.goto("/controles/offline")
        wacht_op_app(page)
        page.wait_for_selector("#hh-offline-status[data-online=nee]")
        v = serious_violations(page)
        assert not v, describe(v, "/controles/offline (offline, lijst)")
        open_formulier(page, controle_id)
        start = page.get_by_role("button", name="Start controle ter plaatse")
        if start.count():
            start.click()
            page.wait_for_selector("#off-vastlegging")
        vul_verplichte_items(page)
        # A bevinding and a photo with GPS EXIF.
        page.locator("#off-bevindingen summary").click()
        page.locator("#off-bev-categorie").select_option(index=1)
        page.locator("#off-bev-omschrijving").fill(f"Brandblusser ontbreekt in de gang {CANARY}")
        page.get_by_role("button", name="Bevinding vastleggen").click()
        page.wait_for_function("() => /Brandblusser ontbreekt/.test(document.getElementById('off-bev-lijst').textContent)")
        page.locator("#off-foto").set_input_files(files=[{"name": "foto.jpg", "mimeType": "image/jpeg", "buffer": jpeg_met_gps()}])
        page.locator("#off-foto-bijschrift").fill("Gang")
        page.locator("#off-foto-bevinding").select_option(index=1)
        page.get_by_role("button", name="Foto bewaren op dit apparaat").click()
        page.wait_for_function("() => /wacht op verzending/.test(document.getElementById('off-foto-lijst').textContent)")
        page.wait_for_function("() => /Opgeslagen op dit apparaat|Foto opgeslagen/.test(document.getElementById('opslagstatus').textContent)")
        page.wait_for_selector("#hh-offline-status[data-wachtend='2']")
        v = serious_violations(page)
        assert not v, describe(v, "/controles/offline (offline, formulier)")
        concept = page.evaluate(f"async () => (await HH.store.lees('concept:{controle_id}')).waarde")
        assert concept["bevindingen"] and concept["start"], concept
        bev_uuid = concept["bevindingen"][0]["uuid"]
        antwoorden = {k: w["waarde"] for k, w in concept["wijzigingen"].items()}
        assert "toegang" in antwoorden and "notities" in antwoorden
        grootte = bytes_op_apparaat(page)
        assert grootte["apart"] == 0
    finally:
        ctx.close()  # kills the browser

    # Requirement 26: no plaintext canary in the profile's IndexedDB or Cache Storage.
    for sub in ("IndexedDB", "Service Worker"):
        for pad in (omgeving["profiel"] / "Default" / sub).rglob("*"):
            if pad.is_file():
                assert CANARY.encode() not in pad.read_bytes(), f"klare tekst op het apparaat: {pad}"

    # 3. Browser restart on the same profile, server still down.
    ctx, page = start_browser(playwright_instance, omgeving, ipad, fouten)
    try:
        tijden = [open_formulier(page, controle_id) for _ in range(5)]
        page.wait_for_selector("#hh-offline-status[data-wachtend='2']")
        assert page.locator("#off-notities").input_value().startswith("Notitie offline")
        assert "Brandblusser ontbreekt" in page.locator("#off-bev-lijst").text_content()

        # 4. The server comes back (same DB, same port); sync, logging in again if needed.
        server.start()
        page.goto("/controles/offline")
        wacht_op_app(page)
        # Only now: a refused fetch of the old document may be reported after the server is back.
        fouten.server_weg = False
        page.wait_for_function("""() => { const s = document.getElementById('hh-offline-status');
            return s.dataset.wachtend === '0' || !document.getElementById('hh-offline-inloggen').hidden; }""", timeout=30_000)
        opnieuw_ingelogd = page.locator("#hh-offline-inloggen").is_visible()
        if opnieuw_ingelogd:
            assert page.locator("#hh-offline-status").get_by_role("link", name="Log opnieuw in om te versturen").is_visible()
            page.locator("#hh-offline-inloggen").click()
            page.wait_for_url("**/inloggen**")
            inloggen(page, "/controles/offline")
            wacht_op_app(page)
        try:
            page.wait_for_selector("#hh-offline-status[data-wachtend='0']", timeout=30_000)
        except Exception:  # noqa: BLE001 - say what the device still holds, then fail
            staat = page.evaluate("""async () => ({state: HH.sync.state, recs: await Promise.all((await HH.store.overzicht()).records
                .map(async r => { const x = await HH.store.lees(r.key); return [r.key, r.status, x && x.waarde.melding, x && !!x.waarde.verzending]; }))})""")
            pytest.fail("niet verstuurd: " + page.locator("#hh-offline-status").inner_text() + " | " + repr(staat), pytrace=False)
        assert "Laatst verstuurd" in page.locator("#hh-offline-tekst").text_content()
        # A second sync has nothing to send.
        assert page.evaluate("() => HH.sync.run({handmatig: true})") == "leeg"

        # 5. On the server: exactly one of each, every answer, the photo without EXIF/GPS.
        app = omgeving["app"]
        with app.app_context():
            session = app.extensions["handhaving_db"].new_session()
            try:
                assert session.execute(select(func.count()).select_from(Bevinding).where(Bevinding.uuid == bev_uuid)).scalar_one() == 1
                bev = session.execute(select(Bevinding).where(Bevinding.uuid == bev_uuid)).scalar_one()
                assert bev.controle_id == controle_id
                controle = session.get(Controle, controle_id)
                assert controle.gestart_op is not None
                waarden = vastlegging.huidige_waarden(session, controle)
                for k, w in antwoorden.items():
                    assert waarden.get(k) == w, (k, waarden.get(k), w)
                fotos = session.execute(select(Foto).where(Foto.controle_id == controle_id, Foto.bevinding_id == bev.id)).scalars().all()
                assert len(fotos) == 1, fotos
                foto_id = fotos[0].id
            finally:
                session.close()
        r = page.request.get(f"/controles/{controle_id}/fotos/{foto_id}")
        assert r.ok, r.status
        exif = Image.open(io.BytesIO(r.body())).getexif()
        assert not exif.get_ifd(0x8825) and 0x010F not in exif, dict(exif)
        v = serious_violations(page)
        assert not v, describe(v, "/controles/offline (weer online)")

        # 6. Figure: a draft with 5 photos of about 4 MB, sync time.
        vier_mb = jpeg_met_gps((2400, 1800), ruis=True)
        # A draft (current versie, one bevinding) and 5 photos, written straight into the device store.
        page.evaluate("""async (id) => {
            const p = await HH.sync.haalPakket(); const c = p.controles.find(x => x.id === id);
            const cat = p.keuzes.bevinding_categorie[0], wrn = p.keuzes.waarneming[0];
            window.__bev = HH.store.uuid4();
            await HH.store.wijzig('concept:' + id, () => ({plain: {soort: 'concept', controle_id: id, status: 'wacht'},
                waarde: {controle_id: id, versie: c.versie, start: null, wijzigingen: {}, personen: [], opgelost: [], afronden: false,
                         status: 'wacht', bevindingen: [{uuid: window.__bev, categorie: cat.value, omschrijving: "Vijf foto's",
                                                         waarneming: wrn.value, ernst: 'matig', norm: ''}]}}));
        }""", controle_id)
        b64 = base64.b64encode(vier_mb).decode()
        page.evaluate("""async ([id, b64, n]) => {
            const bin = atob(b64); const bytes = new Uint8Array(bin.length); for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
            for (let i = 0; i < n; i++) { const uuid = HH.store.uuid4();
              await HH.store.bewaar({key: 'foto:' + uuid, soort: 'foto', controle_id: id, status: 'wacht'},
                {uuid, controle_id: id, bijschrift: 'Foto ' + (i + 1), bevinding_uuid: window.__bev, type: 'image/jpeg', grootte: bytes.byteLength, status: 'wacht'}, bytes.buffer.slice(0)); }
        }""", [controle_id, b64, 5])
        t0 = time.monotonic()
        uitkomst = page.evaluate("() => HH.sync.run({handmatig: true})")
        sync_s = time.monotonic() - t0
        rest = page.evaluate("""async () => Promise.all((await HH.store.overzicht()).records.filter(r => r.soort !== 'pakket')
            .map(async r => { const x = await HH.store.lees(r.key); return [r.key, r.status, x && x.waarde.melding]; }))""")
        assert uitkomst == "ok" and not rest, (uitkomst, rest)
        assert page.evaluate("async () => (await HH.store.overzicht()).records.filter(r => r.soort !== 'pakket').length") == 0
        with app.app_context():
            session = app.extensions["handhaving_db"].new_session()
            try:
                bev5 = session.execute(select(Bevinding).where(Bevinding.omschrijving == "Vijf foto's")).scalar_one()
                assert session.execute(select(func.count()).select_from(Foto).where(Foto.bevinding_id == bev5.id)).scalar_one() == 5
            finally:
                session.close()
    finally:
        ctx.close()

    assert not fouten.berichten, "Fouten in de browserconsole:\n  " + "\n  ".join(fouten.berichten)
    per = grootte["per"].get(str(controle_id)) or grootte["per"].get(controle_id) or 0
    pakket_deel = grootte["pakket"] / max(grootte["controles"], 1)
    print(f"\n[offline] cached formulier openen met de server uit: p50 {statistics.median(tijden):.0f} ms "
          f"(max {max(tijden):.0f} ms, 5 keer)")
    print(f"[offline] op het apparaat per controle: concept + foto {per / 1024:.1f} kB, pakketdeel "
          f"{pakket_deel / 1024:.1f} kB (pakket {grootte['pakket'] / 1024:.1f} kB voor {grootte['controles']} controles)")
    print(f"[offline] sync van een concept met 5 foto's van {len(vier_mb) / 1048576:.1f} MB: {sync_s:.1f} s")
    print(f"[offline] opnieuw ingelogd na herstart: {'ja' if opnieuw_ingelogd else 'nee'}; "
          f"gefilterde verwachte netwerkfouten (server uit): {fouten.gefilterd}")
