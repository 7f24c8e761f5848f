"""The offline tablet in the field, as a toezichthouder feels it (issue 23): Debian Chromium at the
iPad Pro 11 viewport, through Playwright, against the app in a subprocess on a seeded SQLite demo
database.

    .venv/bin/python benchmarks/tablet.py [--taps 30] [--opens 10] [--sync-runs 3]

1. A throw-away SQLite database, migrated and filled with the demo data (50 addresses per
   gemeente); the app served by a subprocess (``tests/browser/test_offline.py:Server``: "server
   down" is a killed process, no listening socket). Chromium on a persistent profile.
2. ``toezichthouder.dalveen`` logs in and sets the day ready for offline (package, service worker).
3. The server is stopped, as in the field without a connection:
   (a) **tap → "Opgeslagen op dit apparaat"**: ``--taps`` taps on ja/nee checklist answers (each
       one changes the answer); per tap ``performance.now()`` in the page from the tap's
       ``pointerdown`` to the moment the status text reads "Opgeslagen op dit apparaat…" (the
       encryption and the IndexedDB write included; a tap is stored at once, only typing waits
       300 ms for quiet);
   (c) **time to interactive from the cache**: ``--opens`` navigations to the cached offline
       form, navigation start → the page's mark ``hh-formulier-klaar`` (form rendered).
4. (b) **a day's sync after reconnecting**, ``--sync-runs`` times: 6 controles planned today for
   the toezichthouder through the services (in this database), the package fetched, the server
   stopped; on the device per controle a draft (start, every checklist answer, one bevinding)
   and 5 photos of 3–4 MB (distinct noisy JPEGs, like photos of a dim room they do not
   compress); the server started again; timed from the server being back until the device
   holds nothing (``HH.sync.run``, drafts first, photos in 1 MiB parts). Checked on the server:
   6 controles started, 30 photos. When one run takes longer than a minute, only one is made.

Prints a Markdown table and writes benchmarks/results/tablet.json.
"""
from __future__ import annotations

import argparse
import base64
import io
import json
import logging
import os
import socket
import statistics
import sys
import tempfile
import time
import uuid
from datetime import time as dtime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # runnable from any directory

from benchmarks.run import percentile  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.test_offline import (  # noqa: E402
    LOCATIE,
    SECRET,
    TOEZICHTHOUDER,
    Server,
    inloggen,
    open_formulier,
    wacht_op_app,
)

RESULTS = ROOT / "benchmarks" / "results"
CONTROLES_PER_DAG = 6
FOTOS_PER_CONTROLE = 5
EEN_RUN_GENOEG_S = 60
DEBOUNCE_MS = 300  # static/js/offline/app.js:zetVeld: typing waits this long; a tap (radio, select) does not

# Installed once in the page: the first pointerdown/touchstart after arming, and the moment the
# status text says the answer is stored on the device.
TAP_METER = """() => {
  if (window.__tik) { return; }
  window.__tik = {t0: null, t1: null};
  const start = e => { if (window.__tik.t0 === null) { window.__tik.t0 = e.timeStamp; } };
  document.addEventListener('pointerdown', start, true);
  document.addEventListener('touchstart', start, true);
  new MutationObserver(() => {
    const s = document.getElementById('opslagstatus');
    if (s && window.__tik.t0 !== null && window.__tik.t1 === null && s.textContent.startsWith('Opgeslagen op dit apparaat')) {
      window.__tik.t1 = performance.now();
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""

# A day's work written into the device store, as the form would have left it.
SCHRIJF_CONCEPT = """async ([id, bevUuid]) => {
  const p = (await HH.store.lees('pakket')).waarde;
  const c = p.controles.find(x => x.id === id);
  const waarde = {ja_nee: 'ja', getal: '3', tekst: 'Geen bijzonderheden.', datum: '2027-06-30', tijd: '20:10'};
  const basis = k => { const w = (c.waarden || {})[k]; return w === undefined || w === null ? '' : String(w); };
  const wijzigingen = {toegang: {waarde: 'openbare_inrichting', basis: basis('toegang')},
                       notities: {waarde: 'Gesprekken gevoerd; kamers bekeken.', basis: basis('notities')}};
  c.secties.forEach(s => s.items.forEach(i => {
    const w = i.soort === 'keuze' ? (i.keuzes || [''])[0] : (waarde[i.soort] || 'Gezien.');
    wijzigingen['a:' + i.id] = {waarde: w, basis: basis('a:' + i.id)};
  }));
  const cat = p.keuzes.bevinding_categorie[0], wrn = p.keuzes.waarneming[0];
  await HH.store.wijzig('concept:' + id, () => ({plain: {soort: 'concept', controle_id: id, status: 'wacht'},
    waarde: {controle_id: id, versie: c.versie, start: {op: new Date().toISOString(), lat: 50.87, lon: 5.97, nauwkeurigheid: 12},
             wijzigingen, personen: [], opgelost: [], afronden: false, status: 'wacht',
             bevindingen: [{uuid: bevUuid, categorie: cat.value, omschrijving: 'Vijf foto\\'s van de kamers',
                            waarneming: wrn.value, ernst: 'matig', norm: ''}]}}));
}"""
SCHRIJF_FOTO = """async ([id, bevUuid, nr, b64]) => {
  const bin = atob(b64); const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
  const uuid = HH.store.uuid4();
  await HH.store.bewaar({key: 'foto:' + uuid, soort: 'foto', controle_id: id, status: 'wacht'},
    {uuid, controle_id: id, bijschrift: 'Kamer ' + nr, bevinding_uuid: bevUuid, type: 'image/jpeg',
     grootte: bytes.byteLength, status: 'wacht'}, bytes.buffer);
}"""
OP_APPARAAT = """async () => (await HH.store.overzicht()).records.filter(r => r.soort === 'concept' || r.soort === 'foto').length"""


def log(msg: str) -> None:
    print(f"==> {msg}", file=sys.stderr, flush=True)


def stats(values: list[float]) -> dict:
    v = sorted(values)
    return {"count": len(v), "median_ms": round(statistics.median(v), 1), "p95_ms": round(percentile(v, 0.95), 1),
            "min_ms": round(v[0], 1), "max_ms": round(v[-1], 1)}


def foto(seed: int) -> bytes:
    """A 3–4 MB JPEG of noise (2400 × 1800, quality 87): it does not compress, like a real photo."""
    from PIL import Image

    img = Image.frombytes("RGB", (2400, 1800), os.urandom(2400 * 1800 * 3))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=87)
    return out.getvalue()


# --- the database ------------------------------------------------------------------------


def seed(tmp: Path) -> tuple[str, object]:
    from alembic import command

    from handhaving import create_app, demo
    from handhaving.cli import alembic_config
    from handhaving.db import writing

    url = f"sqlite:///{tmp / 'tablet.db'}"
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
    return url, app


def plan_dag(app, n: int, ronde: int) -> list[int]:
    """``n`` controles today at 20:00 for the demo toezichthouder, planned by the demo coördinator
    through the planning service (``plan_vooraf``: also when it is later than 20:00 now)."""
    from sqlalchemy import select

    from handhaving.auth.models import Gebruiker, Gemeente
    from handhaving.controles import planning
    from handhaving.controles.demo import plan_vooraf
    from handhaving.controles.models import Controle, Controletype
    from handhaving.db import writing
    from handhaving.locaties.models import Adres
    from handhaving.tijd import vandaag

    with app.app_context():
        session = app.extensions["handhaving_db"].new_session()
        try:
            with writing():
                g = session.execute(select(Gemeente).where(Gemeente.naam == "Dalveen")).scalar_one()
                users = {u.gebruikersnaam: u for u in session.execute(select(Gebruiker).where(
                    Gebruiker.gebruikersnaam.in_(["coordinator.dalveen", TOEZICHTHOUDER]))).scalars()}
                ctype = session.execute(select(Controletype).where(Controletype.gemeente_id == g.id,
                                                                   Controletype.code == "prostitutie_vergund")
                                        ).scalar_one()
                bezet = select(Controle.adres_id)
                adressen = session.execute(select(Adres.id).where(Adres.gemeente_id == g.id, Adres.id.not_in(bezet))
                                           .order_by(Adres.id).limit(n)).scalars().all()
                ids = []
                for adres_id in adressen:
                    plan = planning.Plan(uuid=str(uuid.uuid4()), controletype_id=ctype.id, adres_ids=[adres_id],
                                         datum=vandaag(), van=dtime(20, 0), tot=dtime(23, 0),
                                         toezichthouder_ids=[users[TOEZICHTHOUDER].id], partners=["politie"],
                                         briefing=f"Benchmark dag {ronde}")
                    ids.append(plan_vooraf(session, users["coordinator.dalveen"], g.id, plan)[0].id)
                session.commit()
                return ids
        finally:
            session.close()


def op_server(app, ids: list[int]) -> tuple[int, int]:
    """(controles started, photos) of these controles, read from the database."""
    from sqlalchemy import func, select

    from handhaving.controles.models import Controle, Foto

    with app.app_context():
        session = app.extensions["handhaving_db"].new_session()
        try:
            gestart = session.scalar(select(func.count()).select_from(Controle)
                                     .where(Controle.id.in_(ids), Controle.gestart_op.is_not(None)))
            fotos = session.scalar(select(func.count()).select_from(Foto).where(Foto.controle_id.in_(ids)))
            return gestart, fotos
        finally:
            session.close()


# --- the browser --------------------------------------------------------------------------


def start_browser(playwright, profiel: Path, base_url: str):
    device = dict(playwright.devices["iPad Pro 11"])
    device.pop("default_browser_type", None)
    ctx = playwright.chromium.launch_persistent_context(
        str(profiel), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, **device, base_url=base_url,
        locale="nl-NL", timezone_id="Europe/Amsterdam", permissions=["geolocation"], geolocation=LOCATIE)
    ctx.set_default_timeout(30_000)
    page = ctx.pages[0] if ctx.pages else ctx.new_page()
    return ctx, page


def klaarzetten(page) -> None:
    inloggen(page, "/controles/offline")
    wacht_op_app(page)
    page.get_by_role("button", name="Klaarzetten voor offline").click()
    page.wait_for_function("() => /staan? op dit apparaat, klaargezet op/.test(document.getElementById('pakket-info').textContent)")
    page.reload()
    wacht_op_app(page)
    if not page.evaluate("() => !!navigator.serviceWorker.controller"):
        raise SystemExit("de service worker bestuurt de pagina niet")


def meet_tikken(page, controle_id: int, aantal: int) -> list[float]:
    open_formulier(page, controle_id)
    start = page.get_by_role("button", name="Start controle ter plaatse")
    if start.count():
        start.click()
        page.wait_for_selector("#off-vastlegging")
    namen = page.evaluate("""() => [...new Set([...document.querySelectorAll(
        "#off-vastlegging input[type=radio][value=ja]")].map(e => e.name))].filter(n =>
        document.querySelector(`#off-vastlegging input[type=radio][name="${n}"][value=nee]`))""")
    if not namen:
        raise SystemExit("geen ja/nee-vragen in het formulier")
    page.evaluate(TAP_METER)
    tijden = []
    for k in range(aantal):
        naam = namen[k % len(namen)]
        nu = page.locator(f'#off-vastlegging input[type=radio][name="{naam}"]:checked')
        waarde = "nee" if nu.count() and nu.get_attribute("value") == "ja" else "ja"
        page.evaluate("() => { window.__tik.t0 = null; window.__tik.t1 = null; }")
        page.locator(f'#off-vastlegging input[type=radio][name="{naam}"][value={waarde}]').tap()
        page.wait_for_function("() => window.__tik.t1 !== null")
        tijden.append(page.evaluate("() => window.__tik.t1 - window.__tik.t0"))
    return tijden


def sync_dag(page, app, server: Server, ronde: int, fotos: list[bytes]) -> dict:
    ids = plan_dag(app, CONTROLES_PER_DAG, ronde)
    pakket = page.evaluate("async () => (await HH.sync.haalPakket()).controles.map(c => c.id)")
    if not set(ids) <= set(pakket):
        raise SystemExit(f"de geplande controles staan niet in het pakket: {ids} / {pakket}")
    server.stop()
    t_schrijf = time.perf_counter()
    for k, cid in enumerate(ids):
        bev = str(uuid.uuid4())
        page.evaluate(SCHRIJF_CONCEPT, [cid, bev])
        for n in range(FOTOS_PER_CONTROLE):
            page.evaluate(SCHRIJF_FOTO, [cid, bev, n + 1, base64.b64encode(fotos[k * FOTOS_PER_CONTROLE + n]).decode()])
    schrijf_s = time.perf_counter() - t_schrijf
    wachtend = page.evaluate(OP_APPARAAT)
    t_start = time.perf_counter()
    server.start()
    t0 = time.perf_counter()
    uitkomsten = []
    while page.evaluate(OP_APPARAAT):
        uitkomsten.append(page.evaluate("() => HH.sync.run({handmatig: true})"))
        if len(uitkomsten) > 20 or uitkomsten[-1] in ("verlopen", "geweigerd"):
            raise SystemExit(f"sync niet gelukt: {uitkomsten}")
    sync_ms = (time.perf_counter() - t0) * 1000
    gestart, op_srv = op_server(app, ids)
    if (gestart, op_srv) != (CONTROLES_PER_DAG, CONTROLES_PER_DAG * FOTOS_PER_CONTROLE):
        raise SystemExit(f"op de server: {gestart} controles gestart, {op_srv} foto's")
    log(f"sync {ronde}: {sync_ms / 1000:.1f} s ({wachtend} records, {uitkomsten}); server weer op in "
        f"{t0 - t_start:.1f} s; op het apparaat gezet in {schrijf_s:.1f} s")
    return {"sync_ms": sync_ms, "records": wachtend, "server_start_s": round(t0 - t_start, 2),
            "runs_van_sync": uitkomsten}


def main(argv=None) -> int:
    from playwright.sync_api import sync_playwright

    logging.disable(logging.INFO)  # the seed's audit lines; the figures are the output
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taps", type=int, default=30)
    parser.add_argument("--opens", type=int, default=10)
    parser.add_argument("--sync-runs", type=int, default=3)
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium ontbreekt op {CHROMIUM} (scripts/setup.sh test installeert het).")
    tmp = Path(tempfile.mkdtemp(prefix="hh-tablet-"))
    log("schema en demodata (SQLite)")
    url, app = seed(tmp)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = Server(url, tmp, port)
    log(f"{CONTROLES_PER_DAG * FOTOS_PER_CONTROLE} foto's maken (en zo veel nieuwe per volgende run)")
    fotos = [foto(k) for k in range(CONTROLES_PER_DAG * FOTOS_PER_CONTROLE)]
    report: dict = {"database": "sqlite", "viewport": "iPad Pro 11 (834×1194, touch)", "browser": CHROMIUM}
    with sync_playwright() as pw:
        server.start()
        ctx, page = start_browser(pw, tmp / "profiel", server.url)
        try:
            log("inloggen en klaarzetten")
            klaarzetten(page)
            report["browser_versie"] = ctx.browser.version if ctx.browser else ""
            controle_id = page.evaluate("async () => (await HH.store.lees('pakket')).waarde.controles[0].id")
            server.stop()
            log(f"(a) {args.taps} tikken, server uit")
            tikken = meet_tikken(page, controle_id, args.taps)
            log(f"(c) {args.opens} keer het formulier uit de cache, server uit")
            openen = [open_formulier(page, controle_id) for _ in range(args.opens)]
            # The day of (a) is sent first: the sync runs start from an empty device.
            server.start()
            page.goto("/controles/offline")
            wacht_op_app(page)
            while page.evaluate(OP_APPARAAT):
                if page.evaluate("() => HH.sync.run({handmatig: true})") in ("verlopen", "geweigerd"):
                    raise SystemExit("het concept van (a) werd niet verstuurd")
            syncs = []
            for ronde in range(1, args.sync_runs + 1):
                fotos_ronde = fotos if ronde == 1 else [foto(k) for k in range(len(fotos))]
                syncs.append(sync_dag(page, app, server, ronde, fotos_ronde))
                if syncs[-1]["sync_ms"] > EEN_RUN_GENOEG_S * 1000 and ronde < args.sync_runs:
                    report["sync_opmerking"] = (f"één run: de eerste duurde langer dan {EEN_RUN_GENOEG_S} s, "
                                                f"{args.sync_runs} passen niet in ± 3 minuten")
                    break
        finally:
            ctx.close()
            server.stop()
    app.extensions["handhaving_db"].engine.dispose()
    foto_mb = [len(f) / 1e6 for f in fotos]
    report.update({
        "tik_tot_opgeslagen": stats(tikken), "debounce_ms": DEBOUNCE_MS,
        "formulier_uit_cache": stats(openen),
        "sync_dag": {"runs": len(syncs), "median_ms": round(statistics.median([s["sync_ms"] for s in syncs]), 1),
                     "runs_ms": [round(s["sync_ms"], 1) for s in syncs], "controles": CONTROLES_PER_DAG,
                     "fotos": CONTROLES_PER_DAG * FOTOS_PER_CONTROLE,
                     "foto_mb_min": round(min(foto_mb), 2), "foto_mb_max": round(max(foto_mb), 2),
                     "totaal_mb": round(sum(foto_mb), 1), "details": syncs},
    })
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "tablet.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    t, o, s = report["tik_tot_opgeslagen"], report["formulier_uit_cache"], report["sync_dag"]
    print(f"### Tablet – Chromium, {report['viewport']}, SQLite-demodatabase\n")
    print("| Meting | n | p50 | p95 | max |\n|---|---:|---:|---:|---:|")
    print(f"| (a) tik op een antwoord → ‘Opgeslagen op dit apparaat’ (server uit) | {t['count']} | "
          f"{t['median_ms']:.0f} ms | {t['p95_ms']:.0f} ms | {t['max_ms']:.0f} ms |")
    print(f"| (b) sync van een dag: {s['controles']} controles, {s['fotos']} foto's van "
          f"{s['foto_mb_min']:.1f}–{s['foto_mb_max']:.1f} MB ({s['totaal_mb']:.0f} MB) na herstart van de server | "
          f"{s['runs']} | {s['median_ms'] / 1000:.1f} s | – | {max(s['runs_ms']) / 1000:.1f} s |")
    print(f"| (c) offline formulier uit de cache, navigatie → `hh-formulier-klaar` (server uit) | {o['count']} | "
          f"{o['median_ms']:.0f} ms | {o['p95_ms']:.0f} ms | {o['max_ms']:.0f} ms |")
    print(f"\n(a) een tik wordt meteen bewaard (alleen typen wacht {DEBOUNCE_MS} ms): versleutelen en IndexedDB. "
          "(b) telt vanaf het moment dat de server weer antwoordt (het opstarten van de server zelf niet) tot het "
          "apparaat niets meer bewaart; bundels eerst, foto's in delen van 1 MiB.")
    if "sync_opmerking" in report:
        print(f"\n{report['sync_opmerking']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
