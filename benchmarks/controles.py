#!/usr/bin/env python3
"""Controles on a large database: 100 000 controles in 2 gemeenten on PostgreSQL + PostGIS,
measured over real HTTP (gunicorn) next to the app's barest page, plus the time to
interactive of the control form in headless Chromium at iPad size.

    .venv/bin/python benchmarks/controles.py [--controles 100000] [--rondes 300] [--explain]

1. A throw-away database (``scripts/test_db.sh hh_bench_controles``, or ``--database-url``:
   an empty one), ``alembic upgrade head``; 2 gemeenten with a few thousand BAG addresses
   (``demo.generate_bag_csv`` through ``import_bag``), the default control types
   (``sjablonen.installeer_standaard``), a regional coördinator, 8 toezichthouders per gemeente.
2. ``--controles`` controles, bulk inserted with SQLAlchemy Core ``insert()`` in chunks: dates
   over the last 8 years and the coming 8 weeks (fewer on Sundays, evening and morning
   slots), statuses that fit the date (planned ahead; being recorded and reported in the last
   days; outcomes before that, with a few left behind), a team of 1–2 toezichthouders each
   (``controle_toezichthouder``), 1–3 findings for outcomes with an offence. Then ``ANALYZE``.
3. Ten controles for today of the measured toezichthouder made through the services (plan,
   start, the whole checklist answered by the autosave service, findings, persons including
   two sekswerkers, two photos): the control form as it looks half-way an evening.
4. gunicorn (2 workers, as benchmarks/run.py), two logged-in users (form + CSRF token):
   ``toezichthouder.bench`` and ``coordinator.bench`` (both gemeenten, so 100 000 in scope).
   Per round, each measured request follows a ``GET /health`` (one ``SELECT 1``): the bare
   page is measured in the same run, so a busy machine shows in both. A new connection per
   request (urllib), as run.py.
5. Chromium (``/usr/bin/chromium``, Playwright, iPad Pro 11 context as tests/browser): the
   control form loaded ``--tti-loads`` times in one context (cached assets, as a tablet used
   daily) and as many times in a fresh context each (cold cache); navigation start →
   ``DOMContentLoaded`` end and → ``load`` end from the Navigation Timing entry.

Prints a Markdown table; writes the figures (and EXPLAIN ANALYZE plans of the list queries)
to benchmarks/results/controles.json.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import re
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # runnable from any directory

from benchmarks.controles_data import analyze, bulk_controles, load_base, log, prepare_forms
from benchmarks.gunicorn_http import CHROMIUM, CHROMIUM_ARGS, Client, start_gunicorn
from benchmarks.run import PASSWORD, create_pg_database, make_app, migrate, summarise

RESULTS = ROOT / "benchmarks" / "results"
# --- query plans ---------------------------------------------------------------------


def explain(app, base: dict) -> dict:
    """EXPLAIN (ANALYZE, BUFFERS) of the SQL the list services send (captured, then explained)."""
    from sqlalchemy import event, select

    from handhaving.auth.models import Gebruiker
    from handhaving.controles import planning
    from handhaving.tijd import vandaag

    db = app.extensions["handhaving_db"]
    ids = base["gemeente_ids"]
    plans = {}
    with app.app_context():
        session = db.new_session()
        th = session.execute(select(Gebruiker).where(Gebruiker.gebruikersnaam == "toezichthouder.bench")).scalar_one()
        session.close()
        cases = {
            "vandaag (toezichthouder)": lambda s: planning.vandaag_voor(s, ids, th),
            "planningslijst pagina 1": lambda s: planning.lijst(s, ids, planning.Filter(), 1),
            "gefilterd status=open&van": lambda s: planning.lijst(
                s, ids, planning.Filter(status="open", van=vandaag() - timedelta(days=14)), 1),
            "suggesties (1 gemeente)": lambda s: planning.suggesties(s, ids[0]),
        }
        for naam, fn in cases.items():
            captured = []

            def capture(conn, cursor, statement, parameters, context, executemany, captured=captured):
                if statement.lstrip().upper().startswith("SELECT") and "controle" in statement:
                    captured.append((statement, parameters))

            tijden = []
            for _ in range(6):  # the first (cold) call is not counted
                s = db.new_session()
                try:
                    t0 = time.perf_counter()
                    fn(s)
                    tijden.append((time.perf_counter() - t0) * 1000)
                finally:
                    s.close()
            ms = sorted(tijden[1:])[2]
            event.listen(db.engine, "before_cursor_execute", capture)
            s = db.new_session()
            try:
                fn(s)
            finally:
                s.close()
                event.remove(db.engine, "before_cursor_execute", capture)
            statements = []
            raw = db.engine.raw_connection()
            try:
                cur = raw.cursor()
                for statement, parameters in captured[:4]:
                    cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
                    statements.append({"sql": " ".join(statement.split()), "plan": [r[0] for r in cur.fetchall()]})
                cur.close()
            finally:
                raw.rollback()
                raw.close()
            plans[naam] = {"service_ms": round(ms, 2), "statements": statements}
    return plans




def bench_http(base: str, form_ids: list[int], rondes: int, warmup: int) -> dict:
    from handhaving.tijd import vandaag

    th = Client(base, "toezichthouder.bench")
    coord = Client(base, "coordinator.bench")
    van = (vandaag() - timedelta(days=14)).isoformat()
    _, form_html = th.get(f"/controles/{form_ids[0]}/vastleggen")
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form_html.decode()).group(1)
    staat = {}  # controle id → (versie, notities) as the form page and the autosave answers give them
    for cid in form_ids:
        _, html = th.get(f"/controles/{cid}/vastleggen")
        versie = int(re.search(r'data-versie="(\d+)"', html.decode()).group(1))
        staat[cid] = (versie, "Gesprekken gevoerd.")
    teller = {"n": 0}

    def autosave() -> float:
        teller["n"] += 1
        cid = form_ids[teller["n"] % len(form_ids)]
        versie, basis = staat[cid]
        nieuw = f"Notitie {teller['n']}: gesprekken gevoerd, register gezien."
        ms, data = th.post_json(f"/controles/{cid}/vastleggen",
                                {"versie": versie, "wijzigingen": {"notities": {"waarde": nieuw, "basis": basis}}}, csrf)
        staat[cid] = (data["versie"], data["waarden"]["notities"])
        return ms

    metingen = {
        "GET /controles/vandaag (toezichthouder)": lambda: th.get("/controles/vandaag")[0],
        "GET /controles/?pagina=1 (coördinator)": lambda: coord.get("/controles/?pagina=1")[0],
        "GET /controles/?status=open&van=… (coördinator)": lambda: coord.get(
            f"/controles/?status=open&van={van}")[0],
        "GET /controles/<id>/vastleggen (toezichthouder)": lambda: th.get(
            f"/controles/{form_ids[teller['n'] % len(form_ids)]}/vastleggen")[0],
        "POST /controles/<id>/vastleggen autosave (JSON)": autosave,
        "GET /controles/suggesties (coördinator, extra)": lambda: coord.get("/controles/suggesties")[0],
    }
    # The suggestions are slow on this volume: measured every 10th round only.
    elke = {naam: (10 if "suggesties" in naam else 1) for naam in metingen}
    samples = {k: [] for k in metingen}
    bare = []
    for ronde in range(warmup + rondes):
        for naam, fn in metingen.items():
            if ronde % elke[naam]:
                continue
            b = th.get("/health")[0]
            ms = fn()
            if ronde >= warmup:
                bare.append(b)
                samples[naam].append(ms)
    kaal = summarise(bare)
    uit = {"kaal": kaal, "metingen": {}}
    for naam, s in samples.items():
        r = summarise(s)
        uit["metingen"][naam] = {**r, "ratio_p50": round(r["median_ms"] / kaal["median_ms"], 2),
                                 "ratio_p95": round(r["p95_ms"] / kaal["p95_ms"], 2)}
    return uit


# --- Chromium ------------------------------------------------------------------------


def bench_tti(base: str, form_ids: list[int], loads: int) -> dict:
    from playwright.sync_api import sync_playwright

    js = """() => { const n = performance.getEntriesByType('navigation')[0];
                    return {dcl: n.domContentLoadedEventEnd - n.startTime, load: n.loadEventEnd - n.startTime,
                            ttfb: n.responseStart - n.startTime, bytes: n.transferSize,
                            res: performance.getEntriesByType('resource').filter(r => r.startTime < n.loadEventEnd)
                                 .map(r => ({name: r.name.split('/').pop(), transfer: r.transferSize,
                                             body: r.decodedBodySize, ms: r.duration}))}; }"""

    def login(page):
        page.goto(f"{base}/inloggen")
        page.get_by_label("Gebruikersnaam", exact=True).fill("toezichthouder.bench")
        page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Inloggen").click()

    def meet(page, cid) -> dict:
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base}/controles/{cid}/vastleggen", wait_until="load")
        page.wait_for_function("performance.getEntriesByType('navigation')[0].loadEventEnd > 0")
        if "/vastleggen" not in page.url or errors:
            raise SystemExit(f"Formulier niet geladen: {page.url} {errors}")
        return page.evaluate(js)

    uit = {}
    with sync_playwright() as p:
        device = dict(p.devices["iPad Pro 11"])
        device.pop("default_browser_type", None)
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            # Warm: one context, assets cached (a tablet used every day).
            ctx = browser.new_context(**device, locale="nl-NL", timezone_id="Europe/Amsterdam")
            page = ctx.new_page()
            login(page)
            for cid in form_ids[:2]:
                meet(page, cid)  # warm-up, not counted
            warm = [meet(page, form_ids[i % len(form_ids)]) for i in range(loads)]
            storage = ctx.storage_state()
            ctx.close()
            # Cold: a fresh context per load (empty cache), logged in with the same session cookie.
            koud = []
            for i in range(loads):
                ctx = browser.new_context(**device, locale="nl-NL", timezone_id="Europe/Amsterdam",
                                          storage_state=storage)
                koud.append(meet(ctx.new_page(), form_ids[i % len(form_ids)]))
                ctx.close()
        finally:
            browser.close()
        uit["chromium"] = browser.version
    for naam, rijen in (("warm", warm), ("koud", koud)):
        uit[naam] = {"domcontentloaded": summarise([r["dcl"] for r in rijen]),
                     "load": summarise([r["load"] for r in rijen]),
                     "ttfb": summarise([r["ttfb"] for r in rijen]),
                     "transfer_bytes_median": sorted(r["bytes"] for r in rijen)[len(rijen) // 2],
                     # Sub-resources before load of the last load: transferSize 0 = from cache,
                     # ~300 B = revalidated (304), else fetched.
                     "bronnen": rijen[-1]["res"]}
    return uit


# --- output --------------------------------------------------------------------------


def fmt(v: float) -> str:
    return f"{v:.1f}" if v >= 10 else f"{v:.2f}"


def markdown(r: dict) -> str:
    out = [f"### Controles – {r['version']}, {r['data']['controles']} controles, {r['adressen']} adressen\n",
           f"Laden: {r['data']['controles']} controles + {r['data']['team_rijen']} teamrijen + "
           f"{r['data']['bevindingen']} bevindingen in {r['data']['invoegen_s']} s ({r['data']['per_s']} controles/s); "
           f"ANALYZE {r['analyze_s']} s. Per status: "
           + ", ".join(f"{k} {v}" for k, v in r["data"]["per_status"].items()) + ".\n",
           (f"Echte HTTP (gunicorn, 2 workers), {r['config']['rondes']} rondes na {r['config']['warmup']} "
            f"opwarmrondes; elke meting direct na een `GET /health` in dezelfde run:\n"),
           "| Meting | n | p50 ms | p95 ms | max ms | verhouding p50 / p95 |",
           "|---|---:|---:|---:|---:|---:|"]
    for naam, m in r["http"]["metingen"].items():
        out.append(f"| {naam} | {m['count']} | {fmt(m['median_ms'])} | {fmt(m['p95_ms'])} | {fmt(m['max_ms'])} | "
                   f"{m['ratio_p50']}× / {m['ratio_p95']}× |")
    k = r["http"]["kaal"]
    out.append(f"| GET /health (kale pagina) | {k['count']} | {fmt(k['median_ms'])} | {fmt(k['p95_ms'])} | "
               f"{fmt(k['max_ms'])} | 1× |")
    t = r.get("tti")
    if t:
        out += [(f"\nControleformulier in Chromium {t['chromium']} (iPad Pro 11), navigatiestart → event, "
                 f"{r['config']['tti_loads']} keer per regel:\n"),
                "| Cache | DOMContentLoaded p50 / p95 ms | load p50 / p95 ms | TTFB p50 ms | overgedragen (mediaan) |",
                "|---|---:|---:|---:|---:|"]
        for naam in ("warm", "koud"):
            x = t[naam]
            out.append(f"| {naam} | {fmt(x['domcontentloaded']['median_ms'])} / {fmt(x['domcontentloaded']['p95_ms'])}"
                       f" | {fmt(x['load']['median_ms'])} / {fmt(x['load']['p95_ms'])} | {fmt(x['ttfb']['median_ms'])}"
                       f" | {x['transfer_bytes_median']} B |")
        for naam in ("warm", "koud"):
            out.append(f"\nBronnen vóór `load` ({naam}, laatste load): " + ", ".join(
                f"{b['name']} {b['transfer']} B over de lijn / {b['body']} B, {b['ms']:.0f} ms"
                for b in t[naam]["bronnen"]) + ".")
    out.append("\nService-tijd (in het proces, mediaan van 5 aanroepen na één koude, na ANALYZE): "
               + ", ".join(f"{n} {p['service_ms']} ms" for n, p in r["explain"].items()) + ".")
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="lege PostgreSQL+PostGIS-database (standaard: wegwerpdatabase "
                        "hh_bench_controles via scripts/test_db.sh)")
    parser.add_argument("--controles", type=int, default=100_000)
    parser.add_argument("--rondes", type=int, default=300, help="meetrondes (elke ronde: alle metingen)")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--tti-loads", type=int, default=12)
    parser.add_argument("--explain", action="store_true", help="query-plannen afdrukken")
    parser.add_argument("--output", type=Path, default=RESULTS / "controles.json")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    from sqlalchemy import func, select, text

    from handhaving.locaties.models import Adres

    url = args.database_url or create_pg_database("hh_bench_controles")
    report = {"generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
              "machine": {"python": platform.python_version(), "platform": platform.platform(),
                          "cpus": os.cpu_count(), "load": os.getloadavg()},
              "config": {"controles": args.controles, "rondes": args.rondes, "warmup": args.warmup,
                         "tti_loads": args.tti_loads}}
    with tempfile.TemporaryDirectory(prefix="handhaving-bench-controles-") as tmp:
        log("schema (alembic upgrade head)")
        migrate(url)
        app = make_app(url, tmp)
        db = app.extensions["handhaving_db"]
        with db.engine.connect() as conn:
            report["version"] = ("PostgreSQL " + conn.execute(text("SHOW server_version")).scalar().split()[0]
                                 + ", PostGIS " + conn.execute(text("SELECT postgis_lib_version()")).scalar())
        log("gemeenten, gebruikers, adressen, controletypen")
        base = load_base(app)
        log(f"{args.controles} controles invoegen")
        report["data"] = bulk_controles(app, base, args.controles)
        log("formulieren voorbereiden via de services")
        form_ids = prepare_forms(app, base)
        report["analyze_s"] = analyze(app)
        with db.engine.connect() as conn:
            report["adressen"] = conn.execute(select(func.count()).select_from(Adres)).scalar()
        log("EXPLAIN ANALYZE")
        report["explain"] = explain(app, base)
        db.engine.dispose()
        log("gunicorn")
        server, base_url = start_gunicorn(url, tmp)
        try:
            log(f"HTTP: {args.rondes} rondes")
            report["http"] = bench_http(base_url, form_ids, args.rondes, args.warmup)
            log("Chromium")
            report["tti"] = bench_tti(base_url, form_ids, args.tti_loads)
        finally:
            server.terminate()
            server.wait(timeout=10)
    report["machine"]["load_na"] = os.getloadavg()
    print(markdown(report))
    if args.explain:
        for naam, p in report["explain"].items():
            for st in p["statements"]:
                print(f"\n**{naam}**\n```sql\n{st['sql']}\n```\n```\n" + "\n".join(st["plan"]) + "\n```")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    print(f"\nResultaten: {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
