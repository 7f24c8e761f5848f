#!/usr/bin/env python3
"""Speed figures for Handhaving: Argon2id password hashing and the address search
(service level and full HTTP request) on PostgreSQL + PostGIS and SQLite + SpatiaLite.

    .venv/bin/python benchmarks/run.py [--database-url URL] [--addresses 100000] [--queries 500]

Prints a Markdown table and writes the same figures to benchmarks/results/latest.json.
See benchmarks/README.md for what each figure means.
"""
from __future__ import annotations

import argparse
import json
import logging
import math
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # runnable from any directory

from handhaving.demo import DemoGemeente  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
PASSWORD = "paard fiets wolk lamp"
REGIO = "RIEC Benchmark"

# Fictional gemeenten with their own codes, postcode areas and centres (RD New, all in NL).
# Each gets --addresses / --gemeenten addresses; the search scope of the main users is all of them.
BENCH_GEMEENTEN = (
    DemoGemeente("9911", "Bergveld", ("Bergveld", "Ophoven", "Klimmendaal"), (191_400.0, 321_800.0), 6411),
    DemoGemeente("9912", "Geulmond", ("Geulmond", "Brakel aan de Geul"), (183_200.0, 316_400.0), 6321),
    DemoGemeente("9913", "Roerdaal", ("Roerdaal", "Herkenbroek", "Swalmen-Oost"), (197_500.0, 354_600.0), 6041),
    DemoGemeente("9914", "Peelrand", ("Peelrand", "Helvoort"), (174_300.0, 383_900.0), 5911),
    DemoGemeente("9915", "Dommelstede", ("Dommelstede", "Waalre-Zuid", "Aalsterveld"), (161_200.0, 383_400.0), 5611),
    DemoGemeente("9916", "Maasbeek", ("Maasbeek", "Ooyen"), (187_000.0, 427_000.0), 6511),
    DemoGemeente("9917", "IJsselhoven", ("IJsselhoven", "Ter Wolde"), (207_300.0, 473_900.0), 7411),
    DemoGemeente("9918", "Eemhaven", ("Eemhaven", "Soestduin", "Baarnveld"), (154_600.0, 463_100.0), 3811),
)



# --- statistics ----------------------------------------------------------------------


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile (no interpolation: a value that was really measured)."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[rank - 1]


def summarise(samples_ms: list[float]) -> dict:
    values = sorted(samples_ms)
    return {
        "count": len(values),
        "median_ms": round(statistics.median(values), 3),
        "p95_ms": round(percentile(values, 0.95), 3),
        "p99_ms": round(percentile(values, 0.99), 3),
        "max_ms": round(values[-1], 3),
        "mean_ms": round(statistics.fmean(values), 3),
    }


def timed(fn, *args, **kwargs):
    t0 = time.perf_counter_ns()
    result = fn(*args, **kwargs)
    return result, (time.perf_counter_ns() - t0) / 1e6


# --- argon2 --------------------------------------------------------------------------


def bench_argon2(runs: int) -> dict:
    from handhaving.auth.passwords import HASHER, hash_password, verify_password

    hash_password(PASSWORD)  # warm-up (allocator, first call)
    hash_times, verify_times = [], []
    stored = None
    for _ in range(runs):
        stored, ms = timed(hash_password, PASSWORD)
        hash_times.append(ms)
    for _ in range(runs):
        ok, ms = timed(verify_password, stored, PASSWORD)
        assert ok
        verify_times.append(ms)
    params = {"time_cost": HASHER.time_cost, "memory_cost_kib": HASHER.memory_cost,
              "parallelism": HASHER.parallelism, "hash_len": HASHER.hash_len}
    return {"params": params,
            "hash_password": summarise(hash_times), "verify_password": summarise(verify_times)}


# --- databases -----------------------------------------------------------------------


def create_pg_database(name: str) -> str:
    """A fresh PostgreSQL + PostGIS database via scripts/test_db.sh; returns its URL."""
    proc = subprocess.run([str(ROOT / "scripts" / "test_db.sh"), name], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"scripts/test_db.sh {name} mislukte:\n{proc.stdout}\n{proc.stderr}")
    urls = [line.strip() for line in proc.stdout.splitlines() if line.strip().startswith("postgresql")]
    if not urls:
        raise SystemExit(f"scripts/test_db.sh gaf geen database-URL:\n{proc.stdout}\n{proc.stderr}")
    return urls[-1]


def migrate(url: str) -> None:
    from alembic import command

    from handhaving.cli import alembic_config

    command.upgrade(alembic_config(url), "head")


def make_app(url: str, instance_dir: str):
    from handhaving import create_app

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark-secret-" + "x" * 40,
                      "INSTANCE_DIR": instance_dir, "HTTPS": False})
    logging.getLogger().setLevel(logging.WARNING)  # create_app sets INFO
    return app


def spread(total: int, parts: int) -> list[int]:
    base, rest = divmod(total, parts)
    return [base + (1 if i < rest else 0) for i in range(parts)]


def load_addresses(app, total: int, n_gemeenten: int) -> dict:
    """Gemeenten, two toezichthouders and ``total`` BAG addresses through the real importer."""
    from sqlalchemy import func, select, text

    from handhaving.auth.models import Gemeente, Rol
    from handhaving.auth.services import create_user
    from handhaving.demo import generate_bag_csv
    from handhaving.db import writing
    from handhaving.locaties.bag import import_bag
    from handhaving.locaties.models import Adres

    if n_gemeenten > len(BENCH_GEMEENTEN):
        raise SystemExit(f"Hoogstens {len(BENCH_GEMEENTEN)} gemeenten.")
    chosen = BENCH_GEMEENTEN[:n_gemeenten]
    db = app.extensions["handhaving_db"]
    timings = {"generate_csv_s": 0.0, "import_s": 0.0, "commit_s": 0.0}
    with app.app_context():
        session = db.new_session()
        try:
            if session.execute(select(func.count()).select_from(Gemeente)).scalar():
                raise SystemExit("De database bevat al gemeenten; de benchmark wil een lege database "
                                 "(laat --database-url weg voor een wegwerpdatabase).")
            with writing():
                gemeenten = []
                for dg in chosen:
                    g = Gemeente(code=dg.code, naam=dg.naam, regio=REGIO, mfa_alle_rollen=False)
                    session.add(g)
                    gemeenten.append(g)
                session.flush()
                create_user(session, "toezichthouder.bench", "Toezichthouder Regio", PASSWORD,
                            [(g, Rol.TOEZICHTHOUDER) for g in gemeenten])
                create_user(session, "toezichthouder.een", "Toezichthouder Eén Gemeente", PASSWORD,
                            [(gemeenten[0], Rol.TOEZICHTHOUDER)])
                session.commit()
                # One national-style file with all gemeenten, filtered by code, as an
                # installation imports NLExtract's bagadres-full.csv (one import_bag call).
                parts = []
                for i, (dg, n) in enumerate(zip(chosen, spread(total, len(chosen)))):
                    raw, ms = timed(generate_bag_csv, dg, n, seed=7)
                    timings["generate_csv_s"] += ms / 1000
                    parts.append(raw if i == 0 else raw.split(b"\n", 1)[1])  # one header row
                report, ms = timed(import_bag, session, b"".join(parts),
                                   gemeente_codes=[dg.code for dg in chosen], bestandsnaam="bench.csv")
                if not report.ok:
                    raise SystemExit(report.summary())
                timings["import_s"] += ms / 1000
                _, ms = timed(session.commit)
                timings["commit_s"] += ms / 1000
            if not db.sqlite:
                # Autovacuum would do this within a minute of the import; measure the steady state.
                session.close()
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    _, ms = timed(conn.execute, text("ANALYZE"))
                timings["analyze_s"] = ms / 1000
                session = db.new_session()
            adressen = session.execute(select(func.count()).select_from(Adres)).scalar()
            ids = [g.id for g in session.execute(
                select(Gemeente).where(Gemeente.code.in_([dg.code for dg in chosen])).order_by(Gemeente.code)
            ).scalars()]
        finally:
            session.close()
    load_s = timings["generate_csv_s"] + timings["import_s"] + timings["commit_s"]
    return {"addresses": adressen, "gemeenten": len(chosen), "gemeente_ids": ids,
            "load_s": round(load_s, 2), "addresses_per_s": round(adressen / load_s),
            **{k: round(v, 2) for k, v in timings.items()}}


# --- the query mix -------------------------------------------------------------------


@dataclass
class Sample:
    kind: str
    q: str


# (kind, weight): what people type into the search box while it suggests.
MIX = [
    ("postcode 4 cijfers", 10),         # 6411
    ("postcode + 1 letter", 5),         # 6411 a
    ("postcode volledig", 10),          # 6411 AB / 6411ab
    ("postcode + huisnummer", 15),      # 6411AB 12
    ("postcode + nr + letter", 5),      # 6411 AB 12a
    ("straatprefix 2-6 tekens", 35),    # Ke, Kerk, Kerkst
    ("straat + huisnummer", 15),        # Kerkstraat 12
    ("geen treffer", 5),                # typo's and other gemeenten
]
MISSES = ["zq", "Qwerty", "xyzstraat", "1011 AB", "9999", "Nergenslaan 12", "Damrak 1", "6499 ZZ 1"]


def build_queries(app, gemeente_ids: list[int], n: int, seed: int = 42) -> list[Sample]:
    from sqlalchemy import select

    from handhaving.locaties.models import Adres

    db = app.extensions["handhaving_db"]
    session = db.new_session()
    try:
        rows = session.execute(
            select(Adres.openbare_ruimte, Adres.huisnummer, Adres.huisletter, Adres.toevoeging, Adres.postcode)
            .where(Adres.gemeente_id.in_(gemeente_ids)).order_by(Adres.id)).all()
    finally:
        session.close()
    with_letter = [r for r in rows if r.huisletter] or rows
    # The demo generator names later streets "Kerkstraat 7"; real names seldom end in a number,
    # and "Kerkstraat 7 12" is ambiguous to the parser. Street queries use the other streets.
    plain_street = [r for r in rows if not r.openbare_ruimte[-1:].isdigit()] or rows
    rnd = random.Random(seed)
    kinds = [k for k, _ in MIX]
    weights = [w for _, w in MIX]
    samples = []
    for kind in rnd.choices(kinds, weights=weights, k=n):
        pool = {"postcode + nr + letter": with_letter, "straatprefix 2-6 tekens": plain_street,
                "straat + huisnummer": plain_street}.get(kind, rows)
        a = rnd.choice(pool)
        pc = a.postcode or "6411AB"
        if kind == "postcode 4 cijfers":
            q = pc[:4]
        elif kind == "postcode + 1 letter":
            q = f"{pc[:4]} {pc[4].lower()}"
        elif kind == "postcode volledig":
            q = rnd.choice([f"{pc[:4]} {pc[4:]}", pc.lower()])
        elif kind == "postcode + huisnummer":
            q = rnd.choice([f"{pc} {a.huisnummer}", f"{pc[:4]} {pc[4:]} {a.huisnummer}"])
        elif kind == "postcode + nr + letter":
            q = f"{pc} {a.huisnummer}{(a.huisletter or 'a').lower()}"
        elif kind == "straatprefix 2-6 tekens":
            q = a.openbare_ruimte[: rnd.randint(2, 6)]
            q = q.lower() if rnd.random() < 0.5 else q
        elif kind == "straat + huisnummer":
            q = f"{a.openbare_ruimte} {a.huisnummer}"
        else:
            q = rnd.choice(MISSES)
        samples.append(Sample(kind, q))
    return samples


# --- the two ways of searching -------------------------------------------------------


def bench_service(app, gemeente_ids: list[int], queries: list[Sample], warmup: int) -> dict:
    """handhaving.locaties.services.zoek_adressen, one new session per query (as per request)."""
    from handhaving.locaties.services import zoek_adressen

    db = app.extensions["handhaving_db"]

    def one(q: str) -> tuple[int, float]:
        session = db.new_session()
        try:
            rows, ms = timed(zoek_adressen, session, gemeente_ids, q)
            return len(rows), ms
        finally:
            session.close()

    for s in queries[:warmup]:
        one(s.q)
    return _collect(queries, one)


def login(client, username: str) -> None:
    html = client.get("/inloggen").get_data(as_text=True)
    m = re.search(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"', html)
    if not m:
        raise SystemExit("Geen CSRF-token op /inloggen.")
    resp = client.post("/inloggen", data={"csrf_token": m.group(1) or m.group(2),
                                          "gebruikersnaam": username, "wachtwoord": PASSWORD})
    if resp.status_code != 302 or "/inloggen" in resp.headers.get("Location", ""):
        raise SystemExit(f"Inloggen als {username} mislukte ({resp.status_code}).")


def bench_http(app, username: str, queries: list[Sample], warmup: int) -> dict:
    """GET /locaties/zoek?q=… through the Flask test client: the whole request stack
    (session cookie, user and session lookup, policy, search, JSON, security headers)."""
    client = app.test_client()
    login(client, username)

    def one(q: str) -> tuple[int, float]:
        resp, ms = timed(client.get, "/locaties/zoek", query_string={"q": q})
        if resp.status_code != 200:
            raise SystemExit(f"/locaties/zoek?q={q!r} gaf {resp.status_code}")
        return len(resp.get_json()), ms

    for s in queries[:warmup]:
        one(s.q)
    return _collect(queries, one)


def bench_gunicorn(url: str, instance_dir: str, username: str, queries: list[Sample], warmup: int) -> dict:
    """The same search over real HTTP: gunicorn with 2 workers, a new connection per request,
    interleaved with the app's barest page (GET /health: one SELECT 1, headers, JSON) so that a
    noisy machine shows in both. Reports both and the ratio."""
    import http.cookiejar
    import socket
    import urllib.parse
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "benchmark-secret-" + "x" * 40,
           "HANDHAVING_INSTANCE": instance_dir, "HANDHAVING_ENV": "development"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
                               "handhaving:create_app()"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/health", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        html = opener.open(f"{base}/inloggen", timeout=10).read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
        opener.open(f"{base}/inloggen", urllib.parse.urlencode(
            {"csrf_token": token, "gebruikersnaam": username, "wachtwoord": PASSWORD}).encode(), timeout=10).read()

        def get(path: str) -> float:
            start = time.perf_counter()
            with opener.open(base + path, timeout=10) as resp:
                resp.read()
                if resp.status != 200 or "/inloggen" in resp.url:
                    raise SystemExit(f"{path} gaf {resp.status} ({resp.url})")
            return (time.perf_counter() - start) * 1000

        for sample in queries[:warmup]:
            get("/health")
            get("/locaties/zoek?" + urllib.parse.urlencode({"q": sample.q}))
        bare, search = [], []
        for sample in queries:
            bare.append(get("/health"))
            search.append(get("/locaties/zoek?" + urllib.parse.urlencode({"q": sample.q})))
    finally:
        server.terminate()
        server.wait(timeout=10)
    zoek, kaal = summarise(search), summarise(bare)
    return {"zoek": zoek, "kaal": kaal,
            "ratio_p50": round(zoek["median_ms"] / kaal["median_ms"], 2),
            "ratio_p95": round(zoek["p95_ms"] / kaal["p95_ms"], 2)}


def _collect(queries: list[Sample], one) -> dict:
    all_ms: list[float] = []
    per_kind: dict[str, dict] = {}
    for s in queries:
        hits, ms = one(s.q)
        all_ms.append(ms)
        k = per_kind.setdefault(s.kind, {"ms": [], "hits": [], "slowest": (0.0, "")})
        k["ms"].append(ms)
        k["hits"].append(hits)
        if ms > k["slowest"][0]:
            k["slowest"] = (ms, s.q)
    by_kind = {}
    for kind, _ in MIX:
        if kind in per_kind:
            k = per_kind[kind]
            by_kind[kind] = {**summarise(k["ms"]), "mean_hits": round(statistics.fmean(k["hits"]), 1),
                             "zero_hits": sum(1 for h in k["hits"] if h == 0),
                             "slowest_q": k["slowest"][1]}
    return {**summarise(all_ms), "by_kind": by_kind}


# --- query plans ---------------------------------------------------------------------


def explain(app, gemeente_ids: list[int], queries: list[Sample]) -> dict:
    """The SQL that zoek_adressen really sends, for one query per kind, with its plan."""
    from sqlalchemy import event

    from handhaving.locaties.services import zoek_adressen

    db = app.extensions["handhaving_db"]
    plans = {}
    examples = {}
    for s in queries:
        examples.setdefault(s.kind, s.q)
    for kind, q in examples.items():
        captured = []

        def capture(conn, cursor, statement, parameters, context, executemany):
            if "FROM adres" in statement:
                captured.append((statement, parameters))

        event.listen(db.engine, "before_cursor_execute", capture)
        session = db.new_session()
        try:
            zoek_adressen(session, gemeente_ids, q)
        finally:
            session.close()
            event.remove(db.engine, "before_cursor_execute", capture)
        if not captured:
            plans[kind] = {"q": q, "plan": ["(geen SQL: de zoekvraag wordt niet herkend)"]}
            continue
        statement, parameters = captured[0]
        raw = db.engine.raw_connection()
        try:
            cur = raw.cursor()
            if db.sqlite:
                cur.execute("EXPLAIN QUERY PLAN " + statement, parameters)
                plan = [" ".join(str(c) for c in row[1:]) for row in cur.fetchall()]
            else:
                cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
                plan = [row[0] for row in cur.fetchall()]
            cur.close()
        finally:
            raw.rollback()
            raw.close()
        plans[kind] = {"q": q, "sql": " ".join(statement.split()), "plan": plan}
    return plans


# --- one database, start to finish ---------------------------------------------------


def bench_database(label: str, url: str, addresses: int, n_gemeenten: int, n_queries: int,
                   warmup: int, instance_dir: str) -> dict:
    from sqlalchemy import text

    print(f"==> {label}: schema (alembic upgrade head)", file=sys.stderr)
    migrate(url)
    app = make_app(url, instance_dir)
    db = app.extensions["handhaving_db"]
    with db.engine.connect() as conn:
        if db.sqlite:
            version = "SQLite " + conn.execute(text("SELECT sqlite_version()")).scalar() + \
                      ", SpatiaLite " + conn.execute(text("SELECT spatialite_version()")).scalar()
        else:
            version = conn.execute(text("SHOW server_version")).scalar().split()[0]
            version = f"PostgreSQL {version}, PostGIS " + \
                      conn.execute(text("SELECT postgis_lib_version()")).scalar()
    print(f"==> {label}: {addresses} adressen laden in {n_gemeenten} gemeenten", file=sys.stderr)
    load = load_addresses(app, addresses, n_gemeenten)
    all_ids = load.pop("gemeente_ids")
    queries_all = build_queries(app, all_ids, n_queries)
    queries_one = build_queries(app, all_ids[:1], n_queries, seed=43)
    per_gemeente = spread(load["addresses"], n_gemeenten)[0]
    print(f"==> {label}: {n_queries} zoekvragen per meting", file=sys.stderr)
    results = [
        {"name": "zoek_adressen (service)", "scope": f"{load['addresses']} adressen",
         **bench_service(app, all_ids, queries_all, warmup)},
        {"name": "GET /locaties/zoek (HTTP)", "scope": f"{load['addresses']} adressen",
         "user": "toezichthouder.bench", **bench_http(app, "toezichthouder.bench", queries_all, warmup)},
        {"name": "zoek_adressen (service)", "scope": f"1 gemeente, ~{per_gemeente} adressen",
         **bench_service(app, all_ids[:1], queries_one, warmup)},
        {"name": "GET /locaties/zoek (HTTP)", "scope": f"1 gemeente, ~{per_gemeente} adressen",
         "user": "toezichthouder.een", **bench_http(app, "toezichthouder.een", queries_one, warmup)},
    ]
    plans = explain(app, all_ids, queries_all)
    print(f"==> {label}: zoeken via gunicorn naast een kale pagina", file=sys.stderr)
    gunicorn = bench_gunicorn(url, instance_dir, "toezichthouder.bench", queries_all, warmup)
    db.engine.dispose()
    return {"database": label, "version": version, "load": load, "search": results, "explain": plans,
            "gunicorn": gunicorn}


# --- output --------------------------------------------------------------------------


def fmt(v: float) -> str:
    return f"{v:.1f}" if v >= 10 else f"{v:.2f}"


def markdown(report: dict) -> str:
    out = []
    a = report["argon2"]
    p = a["params"]
    out.append(f"### Argon2id (t={p['time_cost']}, m={p['memory_cost_kib']} KiB, p={p['parallelism']})\n")
    out.append("| Meting | n | mediaan ms | p95 ms | p99 ms | max ms |")
    out.append("|---|---:|---:|---:|---:|---:|")
    for name in ("hash_password", "verify_password"):
        s = a[name]
        out.append(f"| `{name}` | {s['count']} | {fmt(s['median_ms'])} | {fmt(s['p95_ms'])} | "
                   f"{fmt(s['p99_ms'])} | {fmt(s['max_ms'])} |")
    for d in report["databases"]:
        load = d["load"]
        out.append(f"\n### Adressen zoeken – {d['database']} ({d['version']})\n")
        extra = f", ANALYZE {load['analyze_s']} s" if "analyze_s" in load else ""
        out.append(f"Laden: {load['addresses']} adressen in {load['gemeenten']} gemeenten in {load['load_s']} s "
                   f"({load['addresses_per_s']} adressen/s; CSV maken {load['generate_csv_s']} s, "
                   f"import_bag {load['import_s']} s, commit {load['commit_s']} s{extra}).\n")
        out.append("| Meting | Bereik | n | mediaan ms | p95 ms | p99 ms | max ms |")
        out.append("|---|---|---:|---:|---:|---:|---:|")
        for r in d["search"]:
            out.append(f"| {r['name']} | {r['scope']} | {r['count']} | {fmt(r['median_ms'])} | "
                       f"{fmt(r['p95_ms'])} | {fmt(r['p99_ms'])} | {fmt(r['max_ms'])} |")
        g = d["gunicorn"]
        out.append(f"\nEchte HTTP (gunicorn, 2 workers), afwisselend met de kaalste pagina van de app:\n")
        out.append("| Meting | n | mediaan ms | p95 ms | max ms |")
        out.append("|---|---:|---:|---:|---:|")
        for name, key in (("GET /locaties/zoek", "zoek"), ("GET /health (kale pagina)", "kaal")):
            r = g[key]
            out.append(f"| {name} | {r['count']} | {fmt(r['median_ms'])} | {fmt(r['p95_ms'])} | {fmt(r['max_ms'])} |")
        out.append(f"\nVerhouding zoeken / kale pagina: p50 {g['ratio_p50']}×, p95 {g['ratio_p95']}×.")
        http = d["search"][1]
        out.append(f"\nPer soort zoekvraag (HTTP, {http['scope']}):\n")
        out.append("| Soort | n | mediaan ms | p95 ms | max ms | gem. treffers | traagste q |")
        out.append("|---|---:|---:|---:|---:|---:|---|")
        for kind, s in http["by_kind"].items():
            out.append(f"| {kind} | {s['count']} | {fmt(s['median_ms'])} | {fmt(s['p95_ms'])} | "
                       f"{fmt(s['max_ms'])} | {s['mean_hits']} | `{s['slowest_q']}` |")
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="lege PostgreSQL+PostGIS-database (standaard: een wegwerp-"
                        "database handhaving_bench via scripts/test_db.sh)")
    parser.add_argument("--addresses", type=int, default=100_000, help="adressen op PostgreSQL (100000)")
    parser.add_argument("--gemeenten", type=int, default=4, help="verdeeld over zoveel gemeenten (4)")
    parser.add_argument("--queries", type=int, default=500, help="zoekvragen per meting (500)")
    parser.add_argument("--warmup", type=int, default=50, help="niet meegetelde zoekvragen vooraf (50)")
    parser.add_argument("--argon2-runs", type=int, default=20, help="metingen per Argon2-functie (20)")
    parser.add_argument("--sqlite-addresses", type=int, default=None,
                        help="adressen op SQLite (standaard gelijk aan --addresses; 0 = SQLite overslaan)")
    parser.add_argument("--no-postgres", action="store_true", help="PostgreSQL overslaan")
    parser.add_argument("--explain", action="store_true", help="query-plannen afdrukken")
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)

    report = {
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": os.cpu_count()},
        "config": {"addresses": args.addresses, "gemeenten": args.gemeenten, "queries": args.queries,
                   "warmup": args.warmup, "argon2_runs": args.argon2_runs, "mix": dict(MIX)},
        "databases": [],
    }
    print("==> Argon2id", file=sys.stderr)
    report["argon2"] = bench_argon2(args.argon2_runs)

    with tempfile.TemporaryDirectory(prefix="handhaving-bench-") as tmp:
        if not args.no_postgres:
            url = args.database_url or create_pg_database("handhaving_bench")
            report["databases"].append(bench_database("PostgreSQL + PostGIS", url, args.addresses, args.gemeenten,
                                                      args.queries, args.warmup, tmp))
        sqlite_n = args.addresses if args.sqlite_addresses is None else args.sqlite_addresses
        if sqlite_n:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            report["databases"].append(bench_database("SQLite + SpatiaLite", url, sqlite_n, args.gemeenten,
                                                      args.queries, args.warmup, tmp))

    text_ = markdown(report)
    print(text_)
    if args.explain:
        for d in report["databases"]:
            print(f"\n### Query-plannen – {d['database']}\n")
            for kind, p in d["explain"].items():
                print(f"**{kind}** (`{p['q']}`)\n```\n" + "\n".join(p["plan"]) + "\n```")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nResultaten: {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
