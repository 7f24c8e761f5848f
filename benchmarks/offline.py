"""The offline tablet's sync over real HTTP (gunicorn), next to the app's barest page.

    .venv/bin/python benchmarks/offline.py [--runs 5] [--database-url postgresql+psycopg://…/leeg]

1. A throw-away database (SQLite file by default, or an empty ``--database-url``), migrated;
   gemeenten, users, addresses and control types as benchmarks/controles.py; ``--runs`` controles
   planned for today for toezichthouder.bench (through the services).
2. gunicorn (2 workers), the toezichthouder logged in over HTTP.
3. Per run: ``GET /controles/offline/pakket`` (the day's package: time and size), then one sync of
   a draft as the tablet sends it after a day without connection – ``POST /controles/sync`` with the
   start, every checklist answer, notes and 5 bevindingen – followed by 5 photos of about 4 MB
   (noisy 2500 × 1875 JPEGs) in parts of 1 MiB (``/controles/<id>/fotos/<uuid>/delen``), the way
   the client does it. Each run is timed as a whole, next to ``GET /health`` in the same run.

Prints a Markdown table and writes benchmarks/results/offline.json.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime
from datetime import time as dtime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # runnable from any directory

from benchmarks.controles_data import load_base
from benchmarks.gunicorn_http import Client, start_gunicorn
from benchmarks.run import make_app, migrate, summarise

RESULTS = ROOT / "benchmarks" / "results"
CHUNK = 1024 * 1024
PHOTOS = 5


def log(msg: str) -> None:
    print(f"==> {msg}", file=sys.stderr, flush=True)


def photo(seed: int) -> bytes:
    """A ~4 MB JPEG: noise does not compress, like a real photo of a dim room does not either."""
    from PIL import Image

    rnd = os.urandom(2500 * 1875 * 3)
    img = Image.frombytes("RGB", (2500, 1875), rnd)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=88)
    return out.getvalue()


def plan_today(app, base: dict, n: int) -> list[int]:
    from sqlalchemy import select

    from handhaving.auth.models import Gebruiker
    from handhaving.controles import planning
    from handhaving.controles.demo import plan_vooraf
    from handhaving.controles.models import Controletype
    from handhaving.db import writing
    from handhaving.locaties.models import Adres
    from handhaving.tijd import vandaag

    db = app.extensions["handhaving_db"]
    gid = base["gemeente_ids"][0]
    with app.app_context():
        session = db.new_session()
        try:
            with writing():
                coord = session.get(Gebruiker, base["coordinator_id"])
                th = session.execute(select(Gebruiker).where(Gebruiker.gebruikersnaam == "toezichthouder.bench")
                                     ).scalar_one()
                ctype = session.execute(select(Controletype).where(Controletype.gemeente_id == gid,
                                                                   Controletype.code == "prostitutie_vergund")
                                        ).scalar_one()
                adressen = session.execute(select(Adres.id).where(Adres.gemeente_id == gid).order_by(Adres.id)
                                           .limit(n)).scalars().all()
                ids = []
                for adres_id in adressen:
                    plan = planning.Plan(uuid=str(uuid.uuid4()), controletype_id=ctype.id, adres_ids=[adres_id],
                                         datum=vandaag(), van=dtime(20, 0), tot=dtime(23, 0),
                                         toezichthouder_ids=[th.id], partners=["politie"])
                    ids.append(plan_vooraf(session, coord, gid, plan)[0].id)  # 20:00 today, even after 20:00
                session.commit()
                return ids
        finally:
            session.close()


def answers(controle: dict) -> dict:
    waarde = {"ja_nee": "ja", "getal": "3", "tekst": "Geen bijzonderheden.", "datum": "2027-06-30", "tijd": "20:10"}
    out = {"toegang": {"waarde": "openbare_inrichting", "basis": controle["waarden"].get("toegang", "")},
           "notities": {"waarde": "Gesprekken gevoerd; kamers bekeken.", "basis": controle["waarden"].get("notities", "")}}
    for sectie in controle["secties"]:
        for item in sectie["items"]:
            v = (item["keuzes"] or [""])[0] if item["soort"] == "keuze" else waarde[item["soort"]]
            out[f"a:{item['id']}"] = {"waarde": v, "basis": controle["waarden"].get(f"a:{item['id']}", "")}
    return out


def request(client: Client, method: str, path: str, body: bytes, csrf: str, ctype: str) -> dict:
    req = urllib.request.Request(client.base + path, data=body, method=method,
                                 headers={"Content-Type": ctype, "Accept": "application/json", "X-CSRFToken": csrf})
    try:
        with client.opener.open(req, timeout=60) as resp:
            return json.loads(resp.read())
    except urllib.error.HTTPError as e:
        raise SystemExit(f"{method} {path} gaf {e.code}: {e.read()[:300]!r}") from None


def sync_run(client: Client, controle: dict, csrf: str, photos: list[bytes]) -> float:
    start = time.perf_counter()
    bevindingen = [{"uuid": str(uuid.uuid4()), "categorie": "veiligheid", "omschrijving": f"Kamer {k}: blusser ontbreekt.",
                    "waarneming": "eigen", "ernst": "matig", "norm": "Bbl"} for k in range(1, 6)]
    bundle = {"verzonden_op": datetime.now(UTC).isoformat(), "inzending": {
        "uuid": str(uuid.uuid4()), "controle_id": controle["id"], "versie": controle["versie"],
        "start": {"op": datetime.now(UTC).isoformat(), "lat": None, "lon": None, "nauwkeurigheid": None},
        "wijzigingen": answers(controle), "bevindingen": bevindingen, "personen": [], "opgelost": [],
        "afronden": False}}
    request(client, "POST", "/controles/sync", json.dumps(bundle).encode(), csrf, "application/json")
    for k, data in enumerate(photos):
        foto = str(uuid.uuid4())
        for offset in range(0, len(data), CHUNK):
            query = f"offset={offset}&totaal={len(data)}"
            if offset == 0:
                query += f"&bijschrift=Kamer%20{k + 1}&bevinding_uuid={bevindingen[k]['uuid']}"
            answer = request(client, "POST", f"/controles/{controle['id']}/fotos/{foto}/delen?{query}",
                             data[offset:offset + CHUNK], csrf, "application/octet-stream")
        if not answer.get("klaar"):
            raise SystemExit(f"foto {k + 1} niet klaar: {answer}")
    return (time.perf_counter() - start) * 1000


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url")
    args = parser.parse_args(argv)
    tmp = tempfile.mkdtemp(prefix="hh-offline-")
    url = args.database_url or f"sqlite:///{tmp}/offline.db"
    log(f"schema ({url.split('@')[-1]})")
    migrate(url)
    app = make_app(url, tmp)
    log("gemeenten, gebruikers, adressen, controletypen")
    base = load_base(app)
    plan_today(app, base, args.runs)
    app.extensions["handhaving_db"].engine.dispose()
    photos = [photo(k) for k in range(PHOTOS)]
    log("gunicorn")
    server, base_url = start_gunicorn(url, tmp)
    try:
        client = Client(base_url, "toezichthouder.bench")
        csrf = json.loads(client.get("/controles/offline/sleutel")[1])["csrf"]
        pakket_ms, health_ms, sync_ms, sizes = [], [], [], []
        for run in range(args.runs):
            health_ms.append(client.get("/health")[0])
            ms, body = client.get("/controles/offline/pakket")
            pakket_ms.append(ms)
            pakket = json.loads(body)
            sizes.append(len(body) / max(1, len(pakket["controles"])))
            controle = next(c for c in pakket["controles"] if not c["gestart_op"])
            health_ms.append(client.get("/health")[0])
            sync_ms.append(sync_run(client, controle, csrf, photos))
            log(f"run {run + 1}: sync {sync_ms[-1]:.0f} ms")
    finally:
        server.terminate()
        server.wait(timeout=10)
    report = {"database": url.split(":")[0], "runs": args.runs, "photo_bytes": [len(p) for p in photos],
              "health": summarise(sorted(health_ms)), "pakket": summarise(sorted(pakket_ms)),
              "sync_5_fotos": summarise(sorted(sync_ms)), "pakket_bytes_per_controle": round(sum(sizes) / len(sizes))}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "offline.json").write_text(json.dumps(report, indent=2))
    h = report["health"]
    print(f"### Offline synchronisatie – {report['database']}, {args.runs} runs, gunicorn 2 workers\n")
    print("| Meting | p50 ms | p95 ms | verhouding p50 t.o.v. /health |\n|---|---:|---:|---:|")
    for label, key in (("GET /controles/offline/pakket", "pakket"),
                       ((f"sync: bundel + {PHOTOS} foto's van ± {sum(report['photo_bytes']) / PHOTOS / 1e6:.1f} MB "
                        "in delen van 1 MiB"), "sync_5_fotos")):
        r = report[key]
        print(f"| {label} | {r['median_ms']:.1f} | {r['p95_ms']:.1f} | {r['median_ms'] / h['median_ms']:.0f}× |")
    print(f"| GET /health | {h['median_ms']:.1f} | {h['p95_ms']:.1f} | 1× |")
    print(f"\nPakket: {report['pakket_bytes_per_controle']} bytes JSON per controle.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
