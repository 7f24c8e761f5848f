"""The offline tablet (issue 14) with bad input, in headless Chromium at iPad size.

The issue's list of bad input: each case must give a clear Dutch message, keep the draft on the
device and write nothing (half) on the server.

1. a photo over the size limit (15 MB): the bundle is accepted, the photo refused (422);
2. a draft for a controle the user is no longer in the team of: 403, nothing written;
3. a corrupt IndexedDB record: set aside with a Dutch reason, the page does not crash, the
   other drafts still sync;
4. a conflict: the per-field table, "Mijn versie" and "Versie collega" both honoured;
5. the device clock 3 hours ahead: 422 ``klok_afwijking`` naming the difference; after the
   clock is right again the draft is sent exactly once (last: the fake clock stays installed).

Same server-in-a-subprocess setup and helpers as ``test_offline.py`` (the server stays up
here). Drafts are written straight into the device store with ``HH.store`` (as the app does),
so the test decides when a sync runs (``HH.sync.run({handmatig: true})``).

Console: every console error and page error fails the test, except Chromium's
``Failed to load resource: the server responded with a status of 403/409/422`` for exactly the
sync API URLs (``/controles/sync`` and ``/controles/<id>/fotos/<uuid>/delen``): those are the
refusals this file provokes on purpose, which the page catches and shows. CSP violations are
never filtered. axe-core: no serious or critical violation with refusals shown.
"""
from __future__ import annotations

import os
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.browser.conftest import describe, serious_violations
from tests.browser.test_offline import (  # noqa: F401 - omgeving is a fixture
    TOEZICHTHOUDER,
    Fouten,
    inloggen,
    omgeving,
    open_formulier,
    start_browser,
    wacht_op_app,
)

pytestmark = [pytest.mark.browser, pytest.mark.eigen_sqlite]

SYNC_PAD = re.compile(r"^http://127\.0\.0\.1:\d+/controles/(sync|\d+/fotos/[0-9a-f-]{36}/delen)(\?.*)?$")
VERWACHTE_STATUS = {"403", "409", "422"}


class FoutenMetWeigering(Fouten):
    """As in test_offline, plus the provoked refusals of the sync API (only those URLs and codes)."""

    def __init__(self):
        super().__init__()
        self.geweigerd = 0

    def console(self, msg):
        if msg.type == "error" and "Content Security Policy" not in msg.text:
            m = re.fullmatch(r"Failed to load resource: the server responded with a status of (\d{3}) \(.*\)", msg.text)
            url = (msg.location or {}).get("url", "")
            if m and m.group(1) in VERWACHTE_STATUS and SYNC_PAD.match(url):
                self.geweigerd += 1
                return
        super().console(msg)


@pytest.fixture(scope="module")
def tablet(omgeving, playwright_instance, ipad):  # noqa: F811
    fouten = FoutenMetWeigering()
    ctx, page = start_browser(playwright_instance, omgeving, ipad, fouten)
    try:
        inloggen(page, "/controles/offline")
        wacht_op_app(page)
        page.get_by_role("button", name="Klaarzetten voor offline").click()
        page.wait_for_function("() => /staan? op dit apparaat, klaargezet op/.test(document.getElementById('pakket-info').textContent)")
        page.reload()
        wacht_op_app(page)
        ids = page.evaluate("async () => (await HH.store.lees('pakket')).waarde.controles.filter(c => c.bewerkbaar).map(c => c.id)")
        assert len(ids) >= 2, f"te weinig bewerkbare controles vandaag: {ids}"
        yield {"page": page, "fouten": fouten, "ids": ids, "app": omgeving["app"]}
    finally:
        ctx.close()
    assert not fouten.berichten, "Fouten in de browserconsole:\n  " + "\n  ".join(fouten.berichten)
    print(f"\n[offline-fouten] gefilterde verwachte weigeringen (4xx van de sync-API): {fouten.geweigerd}")


# --- helpers ---------------------------------------------------------------------------


class Db:
    def __init__(self, app):
        self.app = app

    def __enter__(self):
        from handhaving.db import writing

        self.ctx = self.app.app_context()
        self.ctx.push()
        self.w = writing()
        self.w.__enter__()
        self.session = self.app.extensions["handhaving_db"].new_session()
        return self.session

    def __exit__(self, *exc):
        try:
            if exc[0] is None:
                self.session.commit()
            else:
                self.session.rollback()
        finally:
            self.session.close()
            self.w.__exit__(*exc)
            self.ctx.pop()


def schrijf_concept(page, controle_id: int, wijzigingen: dict, bevindingen: bool = False) -> None:
    """A draft as the form stores it: values against the current package (basis), with a start
    if the controle has not started yet; optionally one bevinding."""
    page.evaluate("""async ([id, wijz, metBev]) => {
        const p = await HH.sync.haalPakket(); const c = p.controles.find(x => x.id === id);
        const w = {};
        for (const [k, v] of Object.entries(wijz)) { const b = (c.waarden || {})[k]; w[k] = {waarde: v, basis: b == null ? '' : String(b)}; }
        const bev = metBev ? [{uuid: HH.store.uuid4(), categorie: p.keuzes.bevinding_categorie[0].value, omschrijving: 'Bevinding ' + id,
                               waarneming: p.keuzes.waarneming[0].value, ernst: 'matig', norm: ''}] : [];
        const start = c.gestart_op ? null : {op: new Date().toISOString(), lat: 50.8712, lon: 5.9671, nauwkeurigheid: 12};
        await HH.store.wijzig('concept:' + id, () => ({plain: {soort: 'concept', controle_id: id, status: 'wacht'},
            waarde: {controle_id: id, versie: c.versie, start, wijzigingen: w, personen: [], opgelost: [], afronden: false,
                     status: 'wacht', melding: null, verzending: null, bevindingen: bev}}));
        await HH.status.render();
    }""", [controle_id, wijzigingen, bevindingen])


def apparaat(page) -> list:
    """[key, soort, status, melding] of every record on the device except the package."""
    return page.evaluate("""async () => Promise.all((await HH.store.overzicht()).records.filter(r => r.soort !== 'pakket')
        .map(async r => { const x = await HH.store.lees(r.key); return [r.key, r.soort, r.status, x && x.waarde.melding]; }))""")


def leeg_apparaat(page) -> None:
    page.evaluate("""async () => { const ov = await HH.store.overzicht();
        for (const r of ov.records) { if (r.soort !== 'pakket') { await HH.store.verwijder(r.key); } }
        for (const a of ov.apart) { await HH.store.verwijderApart(a.key); }
        await HH.status.render(); }""")


def sync(page) -> str:
    return page.evaluate("() => HH.sync.run({handmatig: true})")


def weigerlijst(page) -> str:
    lijst = page.locator("#hh-offline-geweigerd")
    return lijst.inner_text() if lijst.is_visible() else ""


def geen_axe_fout(page, waar: str) -> None:
    v = serious_violations(page)
    assert not v, describe(v, waar)


def waarden(app, controle_id: int) -> dict:
    from handhaving.controles import vastlegging
    from handhaving.controles.models import Controle

    with Db(app) as s:
        return dict(vastlegging.huidige_waarden(s, s.get(Controle, controle_id)))


def inzendingen(app, controle_id: int) -> int:
    from handhaving.controles.models import SyncInzending

    with Db(app) as s:
        return s.execute(select(func.count()).select_from(SyncInzending).where(SyncInzending.controle_id == controle_id)).scalar_one()


# --- the tests -------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def schoon_apparaat(tablet):
    """Each test starts with an empty device, so one failure does not cascade into the next."""
    leeg_apparaat(tablet["page"])
    yield


def test_foto_boven_de_grens(tablet):
    from handhaving.controles.models import Foto, FotoUpload

    page, app, cid = tablet["page"], tablet["app"], tablet["ids"][0]
    open_formulier(page, cid)
    start = page.get_by_role("button", name="Start controle ter plaatse")
    if start.count():
        start.click()
        page.wait_for_selector("#off-vastlegging")
    page.locator("#off-notities").fill("Met een te grote foto")
    # The form writes a field to the device 300 ms after the last keystroke: sync only once it is there.
    page.wait_for_function(
        """async (id) => { const r = await HH.store.lees('concept:' + id);
            return !!(r && r.waarde.wijzigingen.notities && r.waarde.wijzigingen.notities.waarde === 'Met een te grote foto'); }""",
        arg=cid,
    )
    groot = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + os.urandom(16 * 1024 * 1024)
    page.locator("#off-foto").set_input_files(files=[{"name": "groot.jpg", "mimeType": "image/jpeg", "buffer": groot}])
    page.get_by_role("button", name="Foto bewaren op dit apparaat").click()
    page.wait_for_function("() => /wacht op verzending/.test(document.getElementById('off-foto-lijst').textContent)")
    foto_uuid = page.evaluate("async () => (await HH.store.overzicht()).records.find(r => r.soort === 'foto').key.slice(5)")

    uitkomst = sync(page)
    rest = apparaat(page)
    if any(r[1] == "concept" for r in rest):
        # A late autosave of the form (after the bundle was frozen) leaves a second, small draft:
        # the next sync sends it; the photo stays refused either way.
        uitkomst = sync(page)
        rest = apparaat(page)
    assert uitkomst == "geweigerd", (uitkomst, rest)
    # The bundle (start + notities) was accepted, the photo was refused and stays on the device.
    assert [r[1:3] for r in rest] == [["foto", "geweigerd"]], rest
    assert "De foto is te groot" in rest[0][3] and "de grens is 15 MB" in rest[0][3], rest
    assert waarden(app, cid).get("notities") == "Met een te grote foto"
    page.wait_for_function("() => /te groot/.test(document.getElementById('hh-offline-geweigerd').textContent)")
    tekst = weigerlijst(page)
    assert f"Foto bij controle {cid} – geweigerd: De foto is te groot" in tekst, tekst
    page.wait_for_selector("#hh-offline-status[data-wachtend='1']")
    open_formulier(page, cid)
    page.wait_for_function("() => /geweigerd: De foto is te groot/.test(document.getElementById('off-foto-lijst').textContent)")
    with Db(app) as s:
        assert s.execute(select(func.count()).select_from(Foto).where(Foto.uuid == foto_uuid)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(FotoUpload).where(FotoUpload.uuid == foto_uuid)).scalar_one() == 0
    page.goto("/controles/offline")
    wacht_op_app(page)
    page.wait_for_selector("#hh-offline-geweigerd:not([hidden])")
    geen_axe_fout(page, "/controles/offline (foto geweigerd)")
    leeg_apparaat(page)


def test_niet_meer_in_het_team(tablet):
    from handhaving.auth.models import Gebruiker
    from handhaving.controles.models import Controle

    page, app, cid = tablet["page"], tablet["app"], tablet["ids"][1]
    voor = waarden(app, cid)
    n_voor = inzendingen(app, cid)
    schrijf_concept(page, cid, {"notities": "Niet meer van mij"}, bevindingen=True)
    with Db(app) as s:
        user = s.execute(select(Gebruiker).where(Gebruiker.gebruikersnaam == TOEZICHTHOUDER)).scalar_one()
        c = s.get(Controle, cid)
        assert user in c.toezichthouders
        c.toezichthouders.remove(user)
    try:
        uitkomst = sync(page)
        rest = apparaat(page)
        assert uitkomst == "geweigerd", (uitkomst, rest)
        assert [r[:3] for r in rest] == [[f"concept:{cid}", "concept", "geweigerd"]], rest
        assert rest[0][3].startswith("U staat niet (meer) in het team van deze controle"), rest
        page.wait_for_function("() => /U staat niet \\(meer\\) in het team/.test(document.getElementById('hh-offline-geweigerd').textContent)")
        assert f"Concept van controle {cid} – geweigerd: U staat niet (meer) in het team" in weigerlijst(page)
        assert page.locator("#hh-offline-status").get_attribute("data-wachtend") == "1"
        geen_axe_fout(page, "/controles/offline (concept geweigerd, 403)")
        # Nothing written: same values, no bundle, no bevinding.
        assert waarden(app, cid) == voor
        assert inzendingen(app, cid) == n_voor
        # An automatic retry does not resend a refused draft; the draft stays.
        assert page.evaluate("() => HH.sync.run()") in ("geweigerd", "ok", "leeg")
        assert [r[2] for r in apparaat(page)] == ["geweigerd"]
    finally:
        with Db(app) as s:
            user = s.execute(select(Gebruiker).where(Gebruiker.gebruikersnaam == TOEZICHTHOUDER)).scalar_one()
            c = s.get(Controle, cid)
            if user not in c.toezichthouders:
                c.toezichthouders.append(user)
    leeg_apparaat(page)


def test_beschadigd_record(tablet):
    page, app, cid = tablet["page"], tablet["app"], tablet["ids"][0]
    schrijf_concept(page, cid, {"notities": "Naast een kapot record"})
    page.evaluate("""async () => {
        const db = await new Promise((ok, fail) => { const r = indexedDB.open('handhaving-offline'); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
        const sleutel = await new Promise(ok => { const r = db.transaction('meta').objectStore('meta').get('huidige_sleutel'); r.onsuccess = () => ok(r.result.waarde); });
        await new Promise((ok, fail) => {
            const t = db.transaction('records', 'readwrite'); const s = t.objectStore('records');
            // Right shape, wrong bytes: fails to decrypt.
            s.put({key: 'concept:999999', soort: 'concept', controle_id: 999999, status: 'wacht', aangemaakt_op: Date.now(),
                   bijgewerkt_op: Date.now(), sleutel_id: sleutel, iv: crypto.getRandomValues(new Uint8Array(12)),
                   data: crypto.getRandomValues(new Uint8Array(80)).buffer});
            // Garbage: no key id, no iv, data a string.
            s.put({key: 'foto:kapot', soort: 'foto', status: 'wacht', aangemaakt_op: Date.now(), data: 'rommel'});
            t.oncomplete = ok; t.onerror = () => fail(t.error); });
        db.close();
    }""")
    page.reload()
    wacht_op_app(page)
    try:
        page.wait_for_function("() => (document.getElementById('hh-offline-geweigerd').textContent.match(/Onleesbaar record/g) || []).length === 2")
    except Exception:  # noqa: BLE001
        pytest.fail("apart: " + weigerlijst(page) + " | " + repr(page.evaluate("async () => (await HH.store.overzicht()).apart")), pytrace=False)
    tekst = weigerlijst(page)
    assert "Onleesbaar record (concept, controle 999999) apart gezet: ontsleutelen mislukt" in tekst, tekst
    assert "Onleesbaar record (foto) apart gezet: record onvolledig." in tekst, tekst
    for regel in tekst.splitlines():
        assert not re.search(r"\b(Failed|execute|undefined|null|TypeError|key range)\b", regel), regel
    geen_axe_fout(page, "/controles/offline (record apart gezet)")
    # The good draft still goes (the sync on page load may have sent it already).
    uitkomst = sync(page)
    assert uitkomst in ("ok", "leeg"), (uitkomst, apparaat(page))
    assert apparaat(page) == []
    assert waarden(app, cid).get("notities") == "Naast een kapot record"
    page.wait_for_selector("#hh-offline-status[data-wachtend='0']")
    leeg_apparaat(page)


def test_conflict_per_veld(tablet):
    from handhaving.auth.models import Gebruiker
    from handhaving.controles import vastlegging
    from handhaving.controles.models import Controle

    page, app = tablet["page"], tablet["app"]
    cid = tablet["ids"][0]  # started by the tests above
    page.reload()
    wacht_op_app(page)
    tekstitem = page.evaluate("""async (id) => { const c = (await HH.store.lees('pakket')).waarde.controles.find(x => x.id === id);
        for (const s of c.secties) { for (const i of s.items) { if (i.soort === 'tekst') { return 'a:' + i.id; } } } return null; }""", cid)
    wijz = {"notities": "Notitie van de tablet"}
    if tekstitem:
        wijz[tekstitem] = "Tekst van de tablet"
    print(f"\n[offline-fouten] conflict op {sorted(wijz)}")
    schrijf_concept(page, cid, wijz)
    # Meanwhile a colleague (or the office) saves the same fields online.
    with Db(app) as s:
        c = s.get(Controle, cid)
        user = s.execute(select(Gebruiker).where(Gebruiker.gebruikersnaam == TOEZICHTHOUDER)).scalar_one()
        hun = {"notities": vastlegging.Wijziging("Notitie van de collega")}
        if tekstitem:
            hun[tekstitem] = vastlegging.Wijziging("Tekst van de collega")
        vastlegging.sla_op(s, user, c, c.versie, hun)
    uitkomst = sync(page)
    rest = apparaat(page)
    assert uitkomst == "geweigerd", (uitkomst, rest)
    assert [r[:3] for r in rest] == [[f"concept:{cid}", "concept", "conflict"]], rest
    assert "wacht op uw keuze" in weigerlijst(page)
    open_formulier(page, cid)
    tabel = page.locator(".hh-conflict table")
    tabel.wait_for()
    assert tabel.locator("tbody tr").count() == len(wijz)
    notitie_rij = tabel.locator("tbody tr", has_text="Notities")
    assert "Notitie van de tablet" in notitie_rij.inner_text() and "Notitie van de collega" in notitie_rij.inner_text()
    geen_axe_fout(page, "/controles/offline (conflict)")
    notitie_rij.get_by_role("button", name="Mijn versie").click()
    if tekstitem:
        rij = page.locator(".hh-conflict table tbody tr", has_text="Tekst van de collega")
        rij.get_by_role("button", name="Versie collega").click()
    page.wait_for_function("() => !document.querySelector('.hh-conflict')")
    # Resent automatically within a few seconds (or now).
    uitkomst = sync(page)
    page.wait_for_selector("#hh-offline-status[data-wachtend='0']", timeout=20_000)
    assert apparaat(page) == [], (uitkomst, apparaat(page))
    w = waarden(app, cid)
    assert w.get("notities") == "Notitie van de tablet", w
    if tekstitem:
        assert w.get(tekstitem) == "Tekst van de collega", w


def test_klok_van_het_apparaat_loopt_voor(tablet):
    page, app, cid = tablet["page"], tablet["app"], tablet["ids"][0]
    n_voor = inzendingen(app, cid)
    schrijf_concept(page, cid, {"notities": "Klok drie uur voor"})
    page.clock.install(time=datetime.now() + timedelta(hours=3))
    try:
        uitkomst = sync(page)
        rest = apparaat(page)
        assert uitkomst == "geweigerd", (uitkomst, rest)
        assert [r[:3] for r in rest] == [[f"concept:{cid}", "concept", "geweigerd"]], rest
        assert re.match(r"De klok van uw tablet loopt (2 uur en 59 minuten|3 uur) voor\.", rest[0][3]), rest[0][3]
        page.wait_for_function("() => /De klok van uw tablet loopt/.test(document.getElementById('hh-offline-geweigerd').textContent)")
        assert f"Concept van controle {cid} – geweigerd: De klok van uw tablet loopt" in weigerlijst(page)
        assert inzendingen(app, cid) == n_voor
        assert waarden(app, cid).get("notities") != "Klok drie uur voor"
    finally:
        page.clock.set_system_time(datetime.now())
    uitkomst = sync(page)
    assert uitkomst == "ok", (uitkomst, apparaat(page))
    assert apparaat(page) == []
    assert sync(page) == "leeg"
    assert inzendingen(app, cid) == n_voor + 1
    assert waarden(app, cid).get("notities") == "Klok drie uur voor"
    page.wait_for_selector("#hh-offline-status[data-wachtend='0']")
