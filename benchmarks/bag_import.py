#!/usr/bin/env python3
"""Speed and memory of the BAG import (``handhaving.locaties.bag.import_bag``) on
PostgreSQL + PostGIS and SQLite + SpatiaLite.

    .venv/bin/python benchmarks/bag_import.py [--addresses 300000] [--runs 3]

Generates one NLExtract-like ``bagadres-full.csv`` (demo street pattern, ~2 %
nevenadressen, ~2 % ligplaatsen/standplaatsen, strings quoted as NLExtract does),
then per run: a fresh database (PostgreSQL: ``scripts/test_db.sh
handhaving_bench_bag``; SQLite: a new file), ``alembic upgrade head``, and in a
child process (for a clean peak-memory figure) the import from the file path
plus the commit, followed by a re-import of the same file (nothing changes).
Prints the median of the runs; see benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for p in (str(ROOT), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

from run import BENCH_GEMEENTEN, REGIO, create_pg_database, migrate, spread

NUMERIC = {"huisnummer", "oppervlakteverblijfsobject", "pandbouwjaar", "x", "y", "lon", "lat"}


def generate_file(path: Path, total: int, n_gemeenten: int, plaats_share: float, seed: int = 7) -> dict:
    """demo.generate_bag_csv per gemeente, with a share of its VBO rows turned into
    ligplaatsen and standplaatsen, written with NLExtract's quoting (strings quoted,
    numbers not, so empty strings appear as "")."""
    from handhaving.demo import generate_bag_csv
    from handhaving.locaties.bag import FULL_COLUMNS

    rnd = random.Random(seed)
    counts = {"rijen": 0, "LIG": 0, "STA": 0, "nevenadressen": 0}
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter=";", quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
        out.writerow(FULL_COLUMNS)
        for dg, n in zip(BENCH_GEMEENTEN[:n_gemeenten], spread(total, n_gemeenten)):
            rows = list(csv.DictReader(io.StringIO(generate_bag_csv(dg, n, seed=seed).decode("utf-8")),
                                       delimiter=";"))
            serial = {"02": 0, "03": 0}
            for i, row in enumerate(rows):
                next_is_neven = i + 1 < len(rows) and rows[i + 1]["object_id"] == row["object_id"]
                if row["nevenadres"] == "f" and not next_is_neven and rnd.random() < plaats_share:
                    kind = rnd.choice(["LIG", "STA"])
                    code = "02" if kind == "LIG" else "03"
                    serial[code] += 1
                    row.update(object_type=kind, object_id=f"{dg.code}{code}{serial[code]:010d}",
                               verblijfsobjectgebruiksdoel="Ligplaats" if kind == "LIG" else "Standplaats",
                               oppervlakteverblijfsobject="0", verblijfsobjectstatus="Plaats aangewezen",
                               pandid="", pandstatus="", pandbouwjaar="")
                    counts[kind] += 1
                counts["nevenadressen"] += row["nevenadres"] == "t"
                out.writerow([_value(c, row[c]) for c in FULL_COLUMNS])
                counts["rijen"] += 1
    counts["bytes"] = path.stat().st_size
    return counts


def _value(column: str, value: str):
    if column in NUMERIC and value != "":
        return float(value) if "." in value else int(value)
    return value


# --- one run, in a child process -------------------------------------------------------


def _memory() -> dict:
    status = Path("/proc/self/status").read_text()
    values = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return {k: int(values[k].split()[0]) // 1024 for k in ("VmRSS", "VmHWM") if k in values}  # MiB


def child(url: str, path: Path, n_gemeenten: int) -> dict:
    """Create the gemeenten, import the file twice (new, then unchanged); timings and memory."""
    import logging

    from sqlalchemy import func, select

    from handhaving.auth.models import Gemeente
    from handhaving.db import Database, writing
    from handhaving.locaties.bag import import_bag
    from handhaving.locaties.models import Adres, Verblijfsobject

    logging.disable(logging.WARNING)
    db = Database(url)
    chosen = BENCH_GEMEENTEN[:n_gemeenten]
    session = db.new_session()
    with writing():
        for dg in chosen:
            session.add(Gemeente(code=dg.code, naam=dg.naam, regio=REGIO, mfa_alle_rollen=False))
        session.commit()
    result = {"rss_before_mib": _memory()["VmRSS"]}
    for label in ("eerste", "opnieuw"):
        t0 = time.perf_counter()
        with writing():
            report = import_bag(session, path, gemeente_codes=[dg.code for dg in chosen], bestandsnaam=path.name)
            if not report.ok:
                raise SystemExit(report.summary())
            t1 = time.perf_counter()
            session.commit()
        t2 = time.perf_counter()
        result[label] = {"import_s": round(t1 - t0, 2), "commit_s": round(t2 - t1, 2),
                         "total_s": round(t2 - t0, 2),
                         "objects_new": report.vbo_new, "objects_unchanged": report.vbo_unchanged,
                         "addresses_new": report.adres_new, "addresses_unchanged": report.adres_unchanged,
                         "per_soort": report.objecten_per_soort}
    result["addresses"] = session.execute(select(func.count()).select_from(Adres)).scalar()
    result["objects"] = session.execute(select(func.count()).select_from(Verblijfsobject)).scalar()
    result["peak_rss_mib"] = _memory()["VmHWM"]
    session.close()
    db.engine.dispose()
    return result


def run_once(label: str, url: str, path: Path, n_gemeenten: int) -> dict:
    migrate(url)
    proc = subprocess.run([sys.executable, __file__, "--child", url, str(path), str(n_gemeenten)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{label}: import mislukte:\n{proc.stdout}\n{proc.stderr}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    first = result["eerste"]
    result["addresses_per_s"] = round(result["addresses"] / first["total_s"])
    result["reimport_addresses_per_s"] = round(result["addresses"] / result["opnieuw"]["total_s"])
    print(f"    {label}: {result['addresses']} adressen in {first['total_s']} s "
          f"({result['addresses_per_s']} adressen/s), opnieuw {result['opnieuw']['total_s']} s, "
          f"piekgeheugen {result['peak_rss_mib']} MiB (vooraf {result['rss_before_mib']} MiB)", file=sys.stderr)
    return result


def summary(label: str, runs: list[dict]) -> dict:
    def med(key):
        return statistics.median(key(r) for r in runs)

    return {"database": label, "runs": len(runs), "addresses": runs[0]["addresses"],
            "objects": runs[0]["objects"], "per_soort": runs[0]["eerste"]["per_soort"],
            "median_s": med(lambda r: r["eerste"]["total_s"]),
            "median_addresses_per_s": round(med(lambda r: r["addresses_per_s"])),
            "all_addresses_per_s": [r["addresses_per_s"] for r in runs],
            "median_reimport_s": med(lambda r: r["opnieuw"]["total_s"]),
            "median_reimport_addresses_per_s": round(med(lambda r: r["reimport_addresses_per_s"])),
            "max_peak_rss_mib": max(r["peak_rss_mib"] for r in runs),
            "median_rss_before_mib": med(lambda r: r["rss_before_mib"])}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        print(json.dumps(child(argv[1], Path(argv[2]), int(argv[3]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--addresses", type=int, default=300_000, help="adressen in het bestand (300000)")
    parser.add_argument("--gemeenten", type=int, default=4, help="verdeeld over zoveel gemeenten (4)")
    parser.add_argument("--runs", type=int, default=3, help="runs per database; de mediaan telt (3)")
    parser.add_argument("--plaatsen", type=float, default=0.02, help="aandeel lig- en standplaatsen (0.02)")
    parser.add_argument("--no-postgres", action="store_true", help="PostgreSQL overslaan")
    parser.add_argument("--no-sqlite", action="store_true", help="SQLite overslaan")
    parser.add_argument("--output", type=Path, default=HERE / "results" / "bag_import.json")
    args = parser.parse_args(argv)

    report = {"config": vars(args) | {"output": str(args.output)}, "databases": []}
    with tempfile.TemporaryDirectory(prefix="handhaving-bag-bench-") as tmp:
        path = Path(tmp) / "bagadres-full.csv"
        print(f"==> bestand maken: {args.addresses} adressen", file=sys.stderr)
        report["file"] = generate_file(path, args.addresses, args.gemeenten, args.plaatsen)
        print(f"    {report['file']}", file=sys.stderr)
        targets = []
        if not args.no_postgres:
            targets.append(("PostgreSQL + PostGIS", lambda i: create_pg_database("handhaving_bench_bag")))
        if not args.no_sqlite:
            targets.append(("SQLite + SpatiaLite", lambda i: f"sqlite:///{Path(tmp) / f'bench-{i}.db'}"))
        for label, make_url in targets:
            print(f"==> {label}: {args.runs} runs", file=sys.stderr)
            runs = [run_once(label, make_url(i), path, args.gemeenten) for i in range(args.runs)]
            report["databases"].append(summary(label, runs) | {"detail": runs})

    print("\n| Database | adressen | runs | mediaan s | mediaan adressen/s | opnieuw (ongewijzigd) s "
          "| piekgeheugen MiB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for d in report["databases"]:
        print(f"| {d['database']} | {d['addresses']} | {d['runs']} | {d['median_s']} | "
              f"{d['median_addresses_per_s']} | {d['median_reimport_s']} | {d['max_peak_rss_mib']} |")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nResultaten: {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
