#!/usr/bin/env python3
"""The map at 300 000 addresses on PostgreSQL + PostGIS: the GeoJSON layer endpoints for a
city-sized bounding box over real HTTP (gunicorn), each next to the app's barest page in the
same run; the CBS import with the point-in-polygon assignment and the BRP import at that size;
and in headless Chromium the map page's weight and the time to the first drawn features.

    .venv/bin/python benchmarks/kaart.py [--adressen 300000] [--rondes 100]

1. A throw-away database (``scripts/test_db.sh hh_bench_kaart``, or ``--database-url``: an empty
   one), ``alembic upgrade head``; the two demo gemeenten with ``--adressen`` BAG addresses
   between them through the real BAG importer (``demo.generate_bag_csv`` → ``import_bag``).
2. Wijken and buurten through the real CBS importer (``locaties.cbs.demo.seed_gebieden``: a
   CBS-format GeoJSON around the addresses, then every verblijfsobject gets its buurt).
3. A BRP file with a count for every verblijfsobject (about 4 % above the norm) through the
   real BRP importer (``overbewoning.importeren.importeer``): rows per second.
4. ``--controles`` controles with outcomes and open findings at random addresses (Core inserts), and
   ``--vergunningen`` permits with their holders and voorschriften (``benchmarks/vergunningen.py``).
5. ``ANALYZE``, gunicorn with 2 workers, a toezichthouder of both gemeenten logged in. Per round
   every layer for the bounding box of the first gemeente's addresses (about 5 × 3 km, 150 000
   addresses: a whole town), each right after a ``GET /health``.
6. Chromium (iPad Pro 11, fresh context per load): ``/kaart/`` until the first marker or buurt
   outline is drawn; bytes transferred.

Prints a Markdown table; writes benchmarks/results/kaart.json.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # runnable from any directory

from benchmarks.gunicorn_http import CHROMIUM, CHROMIUM_ARGS, Client, start_gunicorn  # noqa: E402
from benchmarks.run import PASSWORD, create_pg_database, make_app, migrate, summarise  # noqa: E402
from benchmarks.vergunningen import bulk_vergunningen  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
REGIO = "RIEC Benchmark"


def log(msg: str) -> None:
    print(f"==> {msg}", file=sys.stderr, flush=True)


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start


def load(app, adressen: int, controles: int, vergunningen: int) -> dict:
    from sqlalchemy import func, insert, select

    from handhaving.auth.models import Gemeente, Rol
    from handhaving.auth.services import create_user
    from handhaving.controles.models import Bevinding, Controle, ControleSoort, ControleStatus
    from handhaving.db import writing
    from handhaving.demo import DEMO_GEMEENTEN, generate_bag_csv
    from handhaving.locaties.bag import import_bag
    from handhaving.locaties.cbs.demo import seed_gebieden
    from handhaving.locaties.models import Adres, Verblijfsobject
    from handhaving.overbewoning.importeren import importeer
    from handhaving.vergunningen.services import zorg_voor_typen

    db = app.extensions["handhaving_db"]
    uit = {}
    rnd = random.Random(17)
    with app.app_context():
        session = db.new_session()
        try:
            with writing():
                gemeenten = [Gemeente(code=dg.code, naam=dg.naam, regio=REGIO, mfa_alle_rollen=False)
                             for dg in DEMO_GEMEENTEN]
                session.add_all(gemeenten)
                session.flush()
                create_user(session, "toezichthouder.bench", "Toezichthouder Regio", PASSWORD,
                            [(g, Rol.TOEZICHTHOUDER) for g in gemeenten])
                session.commit()
                log(f"BAG: {adressen} adressen")
                for dg in DEMO_GEMEENTEN:
                    report = import_bag(session, generate_bag_csv(dg, adressen // len(DEMO_GEMEENTEN), seed=7),
                                        gemeente_codes=[dg.code], bestandsnaam=f"bench-{dg.code}.csv")
                    if not report.ok:
                        raise SystemExit(report.summary())
                session.commit()
                uit["adressen"] = session.execute(select(func.count()).select_from(Adres)).scalar()
                uit["objecten"] = session.execute(select(func.count()).select_from(Verblijfsobject)).scalar()

                log("CBS wijken en buurten + toewijzing")
                _, s = timed(seed_gebieden, session, gemeenten)
                session.commit()
                uit["cbs_import_en_toewijzing_s"] = round(s, 2)
                uit["objecten_met_buurt"] = session.execute(
                    select(func.count()).select_from(Verblijfsobject)
                    .where(Verblijfsobject.buurt_id.is_not(None))).scalar()

                log("BRP-telling voor elk object")
                brp = []
                for g in gemeenten:
                    rows = session.execute(select(Verblijfsobject.bag_id, Verblijfsobject.oppervlakte,
                                                  Verblijfsobject.gebruiksdoelen)
                                           .where(Verblijfsobject.gemeente_id == g.id)).all()
                    regels = ["verblijfsobject_id;peildatum;personen;volwassenen;huishoudens;inschrijvingen_12m"]
                    for bag_id, opp, doelen in rows:
                        woon = "woonfunctie" in (doelen or "")
                        if not woon:
                            p = 2 if rnd.random() < 0.01 else 0
                        elif opp and rnd.random() < 0.04:
                            p = opp // 12 + rnd.randint(1, 6)  # above the norm
                        else:
                            p = rnd.choice([0, 1, 1, 2, 2, 2, 3, 3, 4, 5])
                        v = min(p, max(0, p - rnd.randint(0, 2)))
                        h = 1 if p <= 2 else rnd.randint(1, 3)
                        regels.append(f"{bag_id};2026-11-30;{p};{v};{h if p else 0};{rnd.randint(0, 3)}")
                    brp.append((g.id, "\n".join(regels).encode()))
                rijen, totaal_s = 0, 0.0
                for gid, raw in brp:
                    rapport, s = timed(importeer, session, gid, raw, proef=False, bestandsnaam="bench-brp.csv")
                    if rapport.fouten_totaal or not rapport.uitgevoerd:
                        raise SystemExit(f"BRP-import geweigerd: {rapport.fouten[:5]}")
                    rijen += raw.count(b"\n")
                    totaal_s += s
                _, s = timed(session.commit)
                totaal_s += s
                uit["brp_rijen"] = rijen
                uit["brp_import_s"] = round(totaal_s, 2)
                uit["brp_rijen_per_s"] = round(rijen / totaal_s)

                log(f"{controles} controles met uitkomsten en open bevindingen")
                adres_ids = {g.id: session.execute(select(Adres.id).where(Adres.gemeente_id == g.id)).scalars().all()
                             for g in gemeenten}
                uitkomsten = [ControleStatus.AFGESLOTEN_GEEN_OVERTREDING, ControleStatus.DOORGEZET_HANDHAVING,
                              ControleStatus.DOORGEZET_SIGNAAL_RIEC, ControleStatus.HERCONTROLE_GEPLAND,
                              ControleStatus.GEPLAND]
                nu = datetime(2026, 12, 1, 10, 0)
                batch = []
                for i in range(controles):
                    g = gemeenten[i % len(gemeenten)]
                    batch.append({"uuid": str(uuid.UUID(int=rnd.getrandbits(128))), "gemeente_id": g.id,
                                  "adres_id": rnd.choice(adres_ids[g.id]), "soort": rnd.choice(list(ControleSoort)),
                                  "status": rnd.choice(uitkomsten), "versie": 1,
                                  "gepland_op": nu - timedelta(days=rnd.randint(0, 900))})
                for start in range(0, len(batch), 5000):
                    session.execute(insert(Controle), batch[start:start + 5000])
                session.commit()
                ids = session.execute(select(Controle.id, Controle.gemeente_id)
                                      .where(Controle.status != ControleStatus.GEPLAND)).all()
                bevindingen = [{"uuid": str(uuid.UUID(int=rnd.getrandbits(128))), "controle_id": cid,
                                "gemeente_id": gid, "omschrijving": "Brandblusser ontbreekt.", "versie": 1}
                               for cid, gid in ids if rnd.random() < 0.3]
                for start in range(0, len(bevindingen), 5000):
                    session.execute(insert(Bevinding), bevindingen[start:start + 5000])
                session.commit()
                uit["controles"] = controles
                uit["open_bevindingen"] = len(bevindingen)

                log(f"{vergunningen} vergunningen (zoals benchmarks/vergunningen.py)")
                for g in gemeenten:
                    zorg_voor_typen(session, g.id)
                session.commit()
            uit["vergunningen"] = bulk_vergunningen(app, {"gemeente_ids": [g.id for g in gemeenten]},
                                                    vergunningen)["vergunningen"]
            return uit
        finally:
            session.close()


def city_bbox(app) -> str:
    """The WGS84 extent of the first gemeente's addresses: a whole town."""
    from sqlalchemy import text

    db = app.extensions["handhaving_db"]
    with db.engine.connect() as conn:
        x1, y1, x2, y2 = conn.execute(text(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(ST_Transform(v.geom, 4326)) e "
            "FROM verblijfsobject v JOIN gemeente g ON g.id = v.gemeente_id WHERE g.code = '9901') s")).one()
    return f"{x1:.5f},{y1:.5f},{x2:.5f},{y2:.5f}"


def analyze(app) -> None:
    from sqlalchemy import text

    db = app.extensions["handhaving_db"]
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))


def bench_http(base: str, bbox: str, rondes: int, warmup: int) -> dict:
    th = Client(base, "toezichthouder.bench")
    lagen = {
        "buurten": f"/kaart/lagen/buurten?bbox={bbox}&zoom=14",
        "overbewoning per buurt": f"/kaart/lagen/overbewoning-buurten?bbox={bbox}&zoom=14",
        "overbewoning (objecten)": f"/kaart/lagen/overbewoning?bbox={bbox}",
        "controles": f"/kaart/lagen/controles?bbox={bbox}",
        "open bevindingen": f"/kaart/lagen/bevindingen?bbox={bbox}",
        "vergunningen": f"/kaart/lagen/vergunningen?bbox={bbox}",
        "kaartpagina /kaart/": "/kaart/",
        "hotspotlijst /overbewoning/": "/overbewoning/",
        "hotspotlijst, op m² per persoon, pagina 3": "/overbewoning/?sorteer=m2&pagina=3",
    }
    features = {}
    for naam, pad in lagen.items():
        _, body = th.get(pad)
        if pad.startswith("/kaart/lagen/"):
            doc = json.loads(body)
            features[naam] = {"features": len(doc.get("features", [])), "afgekapt": doc.get("afgekapt", False),
                              "bytes": len(body)}
    samples = {k: [] for k in lagen}
    bare = []
    for ronde in range(warmup + rondes):
        for naam, pad in lagen.items():
            b = th.get("/health")[0]
            ms = th.get(pad)[0]
            if ronde >= warmup:
                bare.append(b)
                samples[naam].append(ms)
    kaal = summarise(bare)
    uit = {"kaal": kaal, "features": features, "metingen": {}}
    for naam, s in samples.items():
        r = summarise(s)
        uit["metingen"][naam] = {**r, "ratio_p50": round(r["median_ms"] / kaal["median_ms"], 2),
                                 "ratio_p95": round(r["p95_ms"] / kaal["p95_ms"], 2)}
    return uit


def bench_browser(base: str, loads: int) -> dict:
    from playwright.sync_api import sync_playwright

    getekend = """() => document.querySelectorAll('.leaflet-overlay-pane path, .leaflet-marker-pane > *').length > 0"""
    tijden, bytes_ = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for _ in range(loads):
                ctx = browser.new_context(**p.devices["iPad Pro 11"])
                page = ctx.new_page()
                page.goto(f"{base}/inloggen")
                page.fill("input[name=gebruikersnaam]", "toezichthouder.bench")
                page.fill("input[name=wachtwoord]", PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_load_state("load")
                page.goto(f"{base}/kaart/")
                page.wait_for_function(getekend, timeout=30_000)
                tijden.append(page.evaluate("() => performance.now()"))
                page.wait_for_load_state("networkidle")
                bytes_.append(page.evaluate("""() => {
                    const n = performance.getEntriesByType('navigation')[0];
                    return performance.getEntriesByType('resource').reduce((s, r) => s + r.transferSize,
                                                                           n.transferSize); }"""))
                ctx.close()
        finally:
            browser.close()
    return {"eerste_getekend": summarise(tijden), "bytes_p50": sorted(bytes_)[len(bytes_) // 2]}


def fmt(v: float) -> str:
    return f"{v:,.1f}".replace(",", " ")


def markdown(r: dict) -> str:
    d, h = r["data"], r["http"]
    regels = [f"Database: {r['version']}; {d['adressen']} adressen ({d['objecten']} objecten, "
              f"{d['objecten_met_buurt']} met een buurt), {d['controles']} controles, {d['open_bevindingen']} open "
              f"bevindingen, {d['vergunningen']} vergunningen; bbox {r['bbox']}.", "",
              "| Laag (GET, bbox van een hele gemeente) | features | p50 ms | p95 ms | verhouding p50 / p95 t.o.v. /health |",
              "|---|---:|---:|---:|---:|"]
    for naam, m in h["metingen"].items():
        f = h["features"].get(naam, {})
        n = f"{f['features']}{' (afgekapt)' if f.get('afgekapt') else ''}" if f else "–"
        regels.append(f"| {naam} | {n} | {fmt(m['median_ms'])} | {fmt(m['p95_ms'])} | "
                      f"{m['ratio_p50']}× / {m['ratio_p95']}× |")
    regels.append(f"| GET /health (kale pagina) | – | {fmt(h['kaal']['median_ms'])} | {fmt(h['kaal']['p95_ms'])} | 1× |")
    regels += ["", f"CBS-import + toewijzing van {d['objecten']} objecten: {d['cbs_import_en_toewijzing_s']} s. "
               f"BRP-import: {d['brp_rijen']} rijen in {d['brp_import_s']} s = {d['brp_rijen_per_s']} rijen/s."]
    if "browser" in r:
        b = r["browser"]
        regels.append(f"Chromium (iPad, koude cache, {b['eerste_getekend']['count']} keer): eerste features getekend "
                      f"p50 {fmt(b['eerste_getekend']['median_ms'])} ms / p95 {fmt(b['eerste_getekend']['p95_ms'])} ms "
                      f"na navigatiestart; overgedragen {b['bytes_p50'] / 1024:.0f} KiB (p50).")
    return "\n".join(regels)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="lege PostgreSQL+PostGIS-database (standaard: wegwerpdatabase "
                        "hh_bench_kaart via scripts/test_db.sh)")
    parser.add_argument("--adressen", type=int, default=300_000)
    parser.add_argument("--controles", type=int, default=20_000)
    parser.add_argument("--vergunningen", type=int, default=4_000)
    parser.add_argument("--rondes", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--browser-loads", type=int, default=8)
    parser.add_argument("--output", type=Path, default=RESULTS / "kaart.json")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    from sqlalchemy import text

    url = args.database_url or create_pg_database("hh_bench_kaart")
    report = {"generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
              "machine": {"python": platform.python_version(), "platform": platform.platform(),
                          "cpus": os.cpu_count(), "load": os.getloadavg()},
              "config": vars(args) | {"output": str(args.output)}}
    with tempfile.TemporaryDirectory(prefix="handhaving-bench-kaart-") as tmp:
        log("schema (alembic upgrade head)")
        migrate(url)
        app = make_app(url, tmp)
        db = app.extensions["handhaving_db"]
        with db.engine.connect() as conn:
            report["version"] = ("PostgreSQL " + conn.execute(text("SHOW server_version")).scalar().split()[0]
                                 + ", PostGIS " + conn.execute(text("SELECT postgis_lib_version()")).scalar())
        report["data"] = load(app, args.adressen, args.controles, args.vergunningen)
        analyze(app)
        report["bbox"] = city_bbox(app)
        db.engine.dispose()
        log("gunicorn")
        server, base_url = start_gunicorn(url, tmp)
        try:
            log(f"HTTP: {args.rondes} rondes")
            report["http"] = bench_http(base_url, report["bbox"], args.rondes, args.warmup)
            if args.browser_loads:
                log("Chromium")
                report["browser"] = bench_browser(base_url, args.browser_loads)
        finally:
            server.terminate()
            server.wait(timeout=10)
    report["machine"]["load_na"] = os.getloadavg()
    print(markdown(report))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    print(f"\nResultaten: {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
