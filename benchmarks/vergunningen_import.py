#!/usr/bin/env python3
"""Speed of the permit register import (``handhaving.vergunningen.importeren.importeer``) on
PostgreSQL + PostGIS and SQLite + SpatiaLite (issue 15: 5 000 permits, 20 000 voorschriften).

    .venv/bin/python benchmarks/vergunningen_import.py [--vergunningen 5000] [--voorschriften 4] [--runs 3]

Per run: a fresh database (PostgreSQL: ``bench_import15`` through ``scripts/test_db.sh``, dropped
at the end; SQLite: a new file), ``alembic upgrade head``, one gemeente with BAG addresses (the
real BAG import), and in a child process: the dry run, the import (everything new, then
commit), the same file again (everything unchanged), and a file with 10 % of the permits
changed. One row per voorschrift; holders: companies (several permits per KvK number) and
persons; one or two beheerders per permit. Prints the median of the runs.
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

from run import BENCH_GEMEENTEN, REGIO, create_pg_database, migrate

PG_DB = "bench_import15"
VOORNAMEN = ["Jan", "Piet", "Fatima", "Mohamed", "Anna", "Sanne", "Kees", "Ayse", "Lucas", "Eva", "Daan", "Noor"]
ACHTERNAMEN = ["Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Dekker", "Berg", "Yilmaz",
               "Amrani", "Hendriks", "Brouwer", "Peters", "Kok", "Jacobs", "Vermeulen", "Willems", "Maas"]
VOORVOEGSELS = ["", "", "", "de", "van", "van der", "van den"]
SOORTEN = ["seksinrichting", "horeca", "alcoholwet", "massagesalon", "escortbedrijf", "huisvesting"]
CATEGORIEEN = ["openingstijden", "beheer", "administratie", "veiligheid", "hygiene", "overig"]


def _naam(rnd: random.Random) -> str:
    vv = rnd.choice(VOORVOEGSELS)
    return " ".join(p for p in (rnd.choice(VOORNAMEN), vv, rnd.choice(ACHTERNAMEN) + str(rnd.randrange(400))) if p)


def maak_bestand(adressen: list[tuple], n: int, per: int, seed: int = 15, gewijzigd: float = 0.0) -> bytes:
    """The register as one CSV (rows per voorschrift); ``gewijzigd``: share of permits changed."""
    from handhaving.vergunningen.importeren_lezen import NAMEN

    rnd = random.Random(seed)
    wijzig = random.Random(seed + 1)
    bedrijven = [(f"Exploitatie {i} B.V.", f"{10_000_000 + i * 7:08d}") for i in range(n // 2)]
    beheerders = [_naam(rnd) for _ in range(n // 2)]
    out = io.StringIO()
    w = csv.DictWriter(out, NAMEN, delimiter=";", lineterminator="\r\n")
    w.writeheader()
    for i in range(n):
        postcode, nummer, letter, toevoeging = adressen[i % len(adressen)]
        anders = wijzig.random() < gewijzigd
        rij = {"zaaknummer": f"Z-{2015 + i % 10}-{i:05d}", "soort": SOORTEN[i % len(SOORTEN)],
               "status": "verleend", "postcode": postcode, "huisnummer": nummer, "huisletter": letter or "",
               "toevoeging": toevoeging or "", "inrichting_naam": f"Inrichting {i}", "werkruimten": str(i % 12),
               "max_personen": str(10 + i % 40), "openingstijden": "ma-za 12.00-02.00 uur",
               "aanvraagdatum": "03-02-2021", "besluitdatum": "15-04-2021", "ingangsdatum": "15-04-2021",
               "vervaldatum": "14-04-2027" if anders else "14-04-2026", "bibob_getoetst_op": "01-04-2021",
               "beheerders": "|".join(rnd.sample(beheerders, 1 + i % 2))}
        if i % 5 < 3:
            naam, kvk = bedrijven[rnd.randrange(len(bedrijven))]
            rij.update(houder_naam=naam, houder_kvk=kvk)
        else:
            rij.update(houder_voornamen=rnd.choice(VOORNAMEN), houder_voorvoegsel=rnd.choice(VOORVOEGSELS),
                       houder_geslachtsnaam=rnd.choice(ACHTERNAMEN) + str(rnd.randrange(1000)),
                       houder_geboortedatum=f"{1 + rnd.randrange(28):02d}-{1 + rnd.randrange(12):02d}-"
                                            f"{1950 + rnd.randrange(50)}")
        for j in range(1, per + 1):
            tekst = f"Voorschrift {j} van vergunning {i}: de exploitant houdt zich aan de regels."
            w.writerow({**(rij if j == 1 else {"zaaknummer": rij["zaaknummer"]}), "voorschrift_nummer": str(j),
                        "voorschrift_tekst": tekst + (" Aangescherpt." if anders and j == 1 else ""),
                        "voorschrift_categorie": CATEGORIEEN[j % len(CATEGORIEEN)],
                        "voorschrift_artikel": f"APV art. 3:{j}"})
    return out.getvalue().encode("utf-8")


def child(url: str, n: int, per: int, n_adressen: int) -> dict:
    import logging

    from sqlalchemy import func, select

    from handhaving.auth.models import Gemeente
    from handhaving.db import Database, writing
    from handhaving.demo import generate_bag_csv
    from handhaving.locaties.bag import import_bag
    from handhaving.locaties.models import Adres
    from handhaving.subjecten.models import Subject
    from handhaving.vergunningen.importeren import importeer
    from handhaving.vergunningen.models import Vergunning, Voorschrift

    logging.disable(logging.WARNING)
    db = Database(url)
    dg = BENCH_GEMEENTEN[0]
    session = db.new_session()
    with writing():
        gemeente = Gemeente(code=dg.code, naam=dg.naam, regio=REGIO, mfa_alle_rollen=False)
        session.add(gemeente)
        session.commit()
        import_bag(session, generate_bag_csv(dg, n_adressen, seed=3), gemeente_codes=[dg.code])
        session.commit()
    adressen = [tuple(r) for r in session.execute(
        select(Adres.postcode, Adres.huisnummer, Adres.huisletter, Adres.toevoeging)
        .where(Adres.gemeente_id == gemeente.id, Adres.is_nevenadres.is_(False)).order_by(Adres.id))]
    bestand = maak_bestand(adressen, n, per)
    gewijzigd = maak_bestand(adressen, n, per, gewijzigd=0.1)
    result = {"bytes": len(bestand), "rijen": n * per}

    def meet(label: str, raw: bytes, proef: bool) -> None:
        session.expunge_all()
        t0 = time.perf_counter()
        with writing():
            rapport = importeer(session, gemeente.id, raw, proef=proef)
            if rapport.fouten:
                raise SystemExit(json.dumps(rapport.fouten[:5], ensure_ascii=False))
            session.commit()
        result[label] = {"s": round(time.perf_counter() - t0, 2), **{k: v for k, v in rapport.aantallen.items() if v}}

    meet("proef", bestand, True)
    meet("eerste", bestand, False)
    meet("opnieuw", bestand, False)
    meet("gewijzigd_10pct", gewijzigd, False)
    for model, key in ((Vergunning, "vergunningen"), (Voorschrift, "voorschriften"), (Subject, "subjecten")):
        result[key] = session.scalar(select(func.count()).select_from(model))
    session.close()
    db.engine.dispose()
    return result


def drop_pg() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")


def run_once(label: str, url: str, args) -> dict:
    migrate(url)
    proc = subprocess.run([sys.executable, __file__, "--child", url, str(args.vergunningen), str(args.voorschriften),
                           str(args.adressen)], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{label}: import mislukte:\n{proc.stdout}\n{proc.stderr}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"    {label}: proef {result['proef']['s']} s, eerste {result['eerste']['s']} s, opnieuw "
          f"{result['opnieuw']['s']} s, 10% gewijzigd {result['gewijzigd_10pct']['s']} s "
          f"({result['vergunningen']} vergunningen, {result['voorschriften']} voorschriften, "
          f"{result['subjecten']} subjecten)", file=sys.stderr)
    return result


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        print(json.dumps(child(argv[1], int(argv[2]), int(argv[3]), int(argv[4]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vergunningen", type=int, default=5000)
    parser.add_argument("--voorschriften", type=int, default=4, help="per vergunning (4: 20 000 bij 5 000)")
    parser.add_argument("--adressen", type=int, default=6000, help="BAG-adressen in de gemeente")
    parser.add_argument("--runs", type=int, default=3, help="runs per database; de mediaan telt (3)")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--output", type=Path, default=HERE / "results" / "vergunningen_import.json")
    args = parser.parse_args(argv)
    report = {"config": vars(args) | {"output": str(args.output)}, "databases": []}
    with tempfile.TemporaryDirectory(prefix="handhaving-vergunningen-bench-") as tmp:
        targets = []
        if not args.no_postgres:
            targets.append(("PostgreSQL + PostGIS", lambda i: create_pg_database(PG_DB)))
        if not args.no_sqlite:
            targets.append(("SQLite + SpatiaLite", lambda i: f"sqlite:///{Path(tmp) / f'bench-{i}.db'}"))
        try:
            for label, make_url in targets:
                print(f"==> {label}: {args.runs} runs", file=sys.stderr)
                runs = [run_once(label, make_url(i), args) for i in range(args.runs)]
                med = {k: statistics.median(r[k]["s"] for r in runs)
                       for k in ("proef", "eerste", "opnieuw", "gewijzigd_10pct")}
                report["databases"].append({"database": label, "runs": len(runs), "median_s": med, "detail": runs})
        finally:
            if not args.no_postgres:
                drop_pg()
    print(f"\n{args.vergunningen} vergunningen, {args.vergunningen * args.voorschriften} voorschriften "
          "(mediaan in seconden)\n")
    print("| Database | runs | proef | eerste import | opnieuw (ongewijzigd) | 10 % gewijzigd |")
    print("|---|---:|---:|---:|---:|---:|")
    for d in report["databases"]:
        m = d["median_s"]
        print(f"| {d['database']} | {d['runs']} | {m['proef']} | {m['eerste']} | {m['opnieuw']} | "
              f"{m['gewijzigd_10pct']} |")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
