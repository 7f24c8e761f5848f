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
import http.cookiejar
import json
import logging
import os
import platform
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # runnable from any directory

from benchmarks.run import (
    BENCH_GEMEENTEN,
    PASSWORD,
    create_pg_database,
    make_app,
    migrate,
    summarise,
)

RESULTS = ROOT / "benchmarks" / "results"
REGIO = "RIEC Benchmark"
TH_PER_GEMEENTE = 8
ADRESSEN_PER_GEMEENTE = 2500
CHUNK = 5000
CHROMIUM = os.environ.get("HANDHAVING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TIJDEN = [dtime(7, 0), dtime(9, 30), dtime(10, 0), dtime(13, 30), dtime(14, 0), dtime(20, 0), dtime(21, 0),
          dtime(22, 0)]
OMSCHRIJVINGEN = [
    ("vergunning", "matig", "APV art. 3:6 lid 2", "Exploitatievergunning niet zichtbaar opgehangen."),
    ("beheer", "ernstig", "APV art. 3:9 lid 1", "Geen exploitant of beheerder aanwezig tijdens openingstijden."),
    ("administratie", "ernstig", "APV art. 3:12 lid 1", "Register van sekswerkers niet bijgehouden."),
    ("veiligheid", "matig", "Bbl (brandveilig gebruik)", "Kamer 3: brandblusser ontbreekt."),
    ("huisvesting", "ernstig", "Bouwbesluit 2012 art. 7.18", "Bezetting 9,3 m² GBO per persoon."),
    ("gebruik", "ernstig", "Omgevingsplan (strijdig gebruik)", "Bewoning van bedrijfsunits."),
    ("hygiene", "gering", "LCHV Hygiënerichtlijn", "Geen condooms beschikbaar in kamer 2."),
]


def log(msg: str) -> None:
    print(f"==> {msg}", file=sys.stderr, flush=True)


# --- data ----------------------------------------------------------------------------


def load_base(app) -> dict:
    """Gemeenten, users, addresses and control types; returns ids."""
    from sqlalchemy import func, select

    from handhaving.auth.models import Gemeente, Rol
    from handhaving.auth.services import create_user
    from handhaving.controles.sjablonen import installeer_standaard
    from handhaving.db import writing
    from handhaving.demo import generate_bag_csv
    from handhaving.locaties.bag import import_bag

    db = app.extensions["handhaving_db"]
    chosen = BENCH_GEMEENTEN[:2]
    with app.app_context():
        session = db.new_session()
        try:
            if session.execute(select(func.count()).select_from(Gemeente)).scalar():
                raise SystemExit("De database bevat al gemeenten; geef een lege database (of laat --database-url weg).")
            with writing():
                gemeenten = [Gemeente(code=dg.code, naam=dg.naam, regio=REGIO, mfa_alle_rollen=False) for dg in chosen]
                session.add_all(gemeenten)
                session.flush()
                coord = create_user(session, "coordinator.bench", "Coördinator Regio", PASSWORD,
                                    [(g, Rol.COORDINATOR) for g in gemeenten])
                th = {g.id: [] for g in gemeenten}
                for g in gemeenten:
                    for n in range(TH_PER_GEMEENTE):
                        naam = "toezichthouder.bench" if (g is gemeenten[0] and n == 0) else f"th{n}.{g.code}"
                        th[g.id].append(create_user(session, naam, f"Toezichthouder {g.naam} {n + 1}", PASSWORD,
                                                    [(g, Rol.TOEZICHTHOUDER)]).id)
                for g in gemeenten:
                    installeer_standaard(session, g.id)
                session.commit()
                parts = []
                for i, dg in enumerate(chosen):
                    raw = generate_bag_csv(dg, ADRESSEN_PER_GEMEENTE, seed=11)
                    parts.append(raw if i == 0 else raw.split(b"\n", 1)[1])
                report = import_bag(session, b"".join(parts), gemeente_codes=[dg.code for dg in chosen],
                                    bestandsnaam="bench-controles.csv")
                if not report.ok:
                    raise SystemExit(report.summary())
                session.commit()
            return {"gemeente_ids": [g.id for g in gemeenten], "coordinator_id": coord.id, "toezichthouders": th}
        finally:
            session.close()


def bulk_controles(app, base: dict, total: int, seed: int = 5) -> dict:
    """``total`` controles with teams and findings, Core inserts in chunks of CHUNK rows."""
    from sqlalchemy import insert, select, text

    from handhaving.controles.models import (
        Bevinding,
        ChecklistSjabloon,
        Controle,
        Controletype,
        SjabloonStatus,
        Toegang,
        controle_toezichthouder,
    )
    from handhaving.controles.models import (
        ControleStatus as S,
    )
    from handhaving.locaties.models import Adres
    from handhaving.tijd import naar_utc, vandaag

    db = app.extensions["handhaving_db"]
    rnd = random.Random(seed)
    nu = datetime.now(UTC).replace(tzinfo=None)
    today = vandaag()
    eerste, laatste = today - timedelta(days=8 * 365), today + timedelta(weeks=8)
    dagen = [eerste + timedelta(days=i) for i in range((laatste - eerste).days + 1)]
    gewicht = [0.3 if d.weekday() == 6 else 1.0 for d in dagen]
    uitkomsten = [(S.AFGESLOTEN_GEEN_OVERTREDING, 55), (S.DOORGEZET_HANDHAVING, 12), (S.DOORGEZET_SIGNAAL_RIEC, 5),
                  (S.DOORGEZET_PARTNER, 10), (S.HERCONTROLE_GEPLAND, 15), (S.GEPLAND, 2), (S.UITGEVOERD, 1)]
    recent = [(S.UITGEVOERD, 30), (S.RAPPORT_CONCEPT, 25), (S.RAPPORT_VASTGESTELD, 25),
              (S.AFGESLOTEN_GEEN_OVERTREDING, 12), (S.DOORGEZET_HANDHAVING, 4), (S.HERCONTROLE_GEPLAND, 4)]

    def kies(paren):
        return rnd.choices([p[0] for p in paren], weights=[p[1] for p in paren])[0]

    t0 = time.perf_counter()
    session = db.new_session()
    try:
        per_gemeente = {}
        for gid in base["gemeente_ids"]:
            typen = session.execute(
                select(Controletype.id, Controletype.soort, ChecklistSjabloon.id)
                .join(ChecklistSjabloon, ChecklistSjabloon.controletype_id == Controletype.id)
                .where(Controletype.gemeente_id == gid, ChecklistSjabloon.status == SjabloonStatus.GEPUBLICEERD)
            ).all()
            adressen = session.execute(select(Adres.id).where(Adres.gemeente_id == gid)).scalars().all()
            per_gemeente[gid] = (typen, adressen)
        start_id = (session.execute(text("SELECT coalesce(max(id), 0) FROM controle")).scalar() or 0) + 1
        controles, team, bevindingen = [], [], []
        counts: dict[str, int] = {}
        cid = start_id
        gids = base["gemeente_ids"]
        # A hercontrole outcome plans a follow-up at the same address 6 weeks later (as
        # afronding.kies_uitkomst does); those wait here and are made next.
        vervolgen: list[dict] = []
        while len(controles) < total:
            if vervolgen:
                v = vervolgen.pop()
                gid, (ctype_id, soort, sjabloon_id), adres_id = v["gid"], v["type"], v["adres_id"]
                gepland, vorige, leden = v["gepland"], v["vorige"], v["team"]
            else:
                gid = gids[len(controles) % len(gids)]
                typen, adressen = per_gemeente[gid]
                ctype_id, soort, sjabloon_id = rnd.choice(typen)
                adres_id = rnd.choice(adressen)
                gepland = naar_utc(rnd.choices(dagen, weights=gewicht)[0], rnd.choice(TIJDEN))
                vorige = None
                leden = rnd.sample(base["toezichthouders"][gid], rnd.choice([1, 2, 2]))
            leeftijd = (nu - gepland).days
            if gepland > nu:
                status = S.GEPLAND if rnd.random() < 0.8 else S.VOORBEREID
            elif leeftijd <= 14:
                status = kies(recent) if leeftijd >= 1 else rnd.choice([S.VOORBEREID, S.UITGEVOERD])
            else:
                status = kies(uitkomsten)
            gestart = uitgevoerd = vastgesteld = afgerond = None
            if status not in (S.GEPLAND,) and gepland <= nu:
                gestart = gepland + timedelta(minutes=5)
                if status != S.VOORBEREID:
                    uitgevoerd = gestart + timedelta(minutes=100)
                if status not in (S.VOORBEREID, S.UITGEVOERD, S.RAPPORT_CONCEPT):
                    vastgesteld = min(uitgevoerd + timedelta(days=1), nu)
                if status not in (S.VOORBEREID, S.UITGEVOERD, S.RAPPORT_CONCEPT, S.RAPPORT_VASTGESTELD):
                    afgerond = min(vastgesteld + timedelta(days=2), nu)
            controles.append({
                "id": cid, "uuid": str(uuid.UUID(int=rnd.getrandbits(128), version=4)), "gemeente_id": gid,
                "adres_id": adres_id, "soort": soort, "controletype_id": ctype_id, "vorige_controle_id": vorige,
                "sjabloon_id": sjabloon_id, "status": status, "gepland_op": gepland,
                "gepland_tot": gepland + timedelta(hours=2, minutes=30), "partners": ["politie"],
                "rechtsgronden": [], "briefing": "", "gestart_op": gestart,
                "toegang": Toegang.OPENBARE_INRICHTING if gestart else None, "is_woning": False, "notities": "",
                "uitgevoerd_op": uitgevoerd, "vastgesteld_op": vastgesteld, "afgerond_op": afgerond,
                "uitkomst_toelichting": "", "versie": 1, "gewijzigd_op": uitgevoerd,
                "aangemaakt_op": gepland - timedelta(days=rnd.randint(1, 30)),
                "aangemaakt_door_id": base["coordinator_id"]})
            counts[status.value] = counts.get(status.value, 0) + 1
            for th_id in leden:
                team.append({"controle_id": cid, "gebruiker_id": th_id})
            if status in (S.DOORGEZET_HANDHAVING, S.DOORGEZET_SIGNAAL_RIEC, S.DOORGEZET_PARTNER,
                          S.HERCONTROLE_GEPLAND):
                for _ in range(rnd.randint(1, 3)):
                    cat, ernst, norm, tekst = rnd.choice(OMSCHRIJVINGEN)
                    bevindingen.append({
                        "uuid": str(uuid.UUID(int=rnd.getrandbits(128), version=4)), "controle_id": cid,
                        "gemeente_id": gid, "categorie": cat, "omschrijving": tekst, "waarneming": "eigen",
                        "ernst": ernst, "norm": norm, "waargenomen_op": gestart + timedelta(minutes=30),
                        "versie": 1})
            if status == S.HERCONTROLE_GEPLAND:
                vervolgen.append({"gid": gid, "type": (ctype_id, soort, sjabloon_id), "adres_id": adres_id,
                                  "gepland": gepland + timedelta(weeks=6), "vorige": cid, "team": leden})
            cid += 1
        t_gen = time.perf_counter() - t0
        t1 = time.perf_counter()
        for tabel, rijen in ((Controle.__table__, controles), (controle_toezichthouder, team),
                             (Bevinding.__table__, bevindingen)):
            for k in range(0, len(rijen), CHUNK):
                session.execute(insert(tabel), rijen[k:k + CHUNK])
        if not db.sqlite:
            session.execute(text("SELECT setval(pg_get_serial_sequence('controle', 'id'), (SELECT max(id) FROM controle))"))
        session.commit()
        t_ins = time.perf_counter() - t1
    finally:
        session.close()
    return {"controles": len(controles), "team_rijen": len(team), "bevindingen": len(bevindingen),
            "hercontroles_met_vervolg": sum(1 for c in controles if c["vorige_controle_id"]),
            "per_status": dict(sorted(counts.items())), "genereren_s": round(t_gen, 2),
            "invoegen_s": round(t_ins, 2), "per_s": round(len(controles) / t_ins)}


def analyze(app) -> float:
    from sqlalchemy import text

    db = app.extensions["handhaving_db"]
    t0 = time.perf_counter()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))
    return round(time.perf_counter() - t0, 2)


def prepare_forms(app, base: dict, n: int = 10) -> list[int]:
    """``n`` controles today for toezichthouder.bench, half-way recorded through the services."""
    from sqlalchemy import select

    from handhaving.auth.models import Gebruiker
    from handhaving.controles import planning, vastlegging
    from handhaving.controles.demo import foto_jpeg
    from handhaving.controles.models import Controletype, ItemSoort
    from handhaving.db import writing
    from handhaving.locaties.models import Adres
    from handhaving.tijd import vandaag

    db = app.extensions["handhaving_db"]
    gid = base["gemeente_ids"][0]
    ids = []
    with app.app_context():
        session = db.new_session()
        try:
            with writing():
                coord = session.get(Gebruiker, base["coordinator_id"])
                th = session.execute(select(Gebruiker).where(Gebruiker.gebruikersnaam == "toezichthouder.bench")
                                     ).scalar_one()
                collega = base["toezichthouders"][gid][1]
                ctype = session.execute(select(Controletype).where(Controletype.gemeente_id == gid,
                                                                   Controletype.code == "prostitutie_vergund")
                                        ).scalar_one()
                adressen = session.execute(select(Adres.id).where(Adres.gemeente_id == gid).order_by(Adres.id)
                                           .limit(n)).scalars().all()
                for k, adres_id in enumerate(adressen):
                    plan = planning.Plan(uuid=str(uuid.uuid4()), controletype_id=ctype.id, adres_ids=[adres_id],
                                         datum=vandaag(), van=dtime(20, 0), tot=dtime(23, 0),
                                         toezichthouder_ids=[th.id, collega], partners=["politie"])
                    c = planning.plan_controles(session, coord, gid, plan)[0]
                    vastlegging.start(session, th, c)
                    wijzigingen = {"toegang": vastlegging.Wijziging("openbare_inrichting", ""),
                                   "notities": vastlegging.Wijziging("Gesprekken gevoerd.", "")}
                    for item in vastlegging.items(session, c).values():
                        w = {ItemSoort.JA_NEE: "ja", ItemSoort.GETAL: "3", ItemSoort.TEKST: "Geen bijzonderheden.",
                             ItemSoort.KEUZE: (item.keuzes or [""])[0], ItemSoort.DATUM: "2027-06-30",
                             ItemSoort.TIJD: "20:10"}[item.soort]
                        wijzigingen[f"a:{item.id}"] = vastlegging.Wijziging(w, "")
                    vastlegging.sla_op(session, th, c, c.versie, wijzigingen)
                    bevs = []
                    for j, (cat, ernst, norm, tekst) in enumerate(OMSCHRIJVINGEN[:3]):
                        b, _ = vastlegging.voeg_bevinding_toe(session, th, c, uuid=str(uuid.uuid4()), categorie=cat,
                                                              omschrijving=tekst, waarneming="eigen", ernst=ernst,
                                                              norm=norm)
                        bevs.append(b)
                    vastlegging.voeg_persoon_toe(session, th, c, uuid=str(uuid.uuid4()), rol="beheerder",
                                                 naam="D. Hermans", id_gezien=True)
                    for j in range(2):
                        vastlegging.voeg_persoon_toe(
                            session, th, c, uuid=str(uuid.uuid4()), rol="sekswerker",
                            sekswerker=vastlegging.SekswerkerInvoer(werknaam=f"Werknaam {j}", geboortejaar=1995,
                                                                    id_gezien=True, nationaliteit="Roemeense"))
                    for j in range(2):
                        vastlegging.voeg_foto_toe(session, th, c, uuid=str(uuid.uuid4()),
                                                  data=foto_jpeg(f"Kamer {j + 1} – overzicht", datetime.now(),
                                                                 seed=k * 10 + j),
                                                  bijschrift=f"Kamer {j + 1}", bevinding=bevs[j])
                    ids.append(c.id)
                session.commit()
        finally:
            session.close()
    return ids


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


# --- HTTP ----------------------------------------------------------------------------


class Client:
    """A logged-in user over real HTTP, a new connection per request (urllib)."""

    def __init__(self, base: str, username: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        html = self.opener.open(f"{base}/inloggen", timeout=10).read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
        with self.opener.open(f"{base}/inloggen", urllib.parse.urlencode(
                {"csrf_token": token, "gebruikersnaam": username, "wachtwoord": PASSWORD}).encode(),
                timeout=10) as resp:
            resp.read()
            if "/inloggen" in resp.url:
                raise SystemExit(f"Inloggen als {username} mislukte ({resp.url}); tweede factor nodig?")

    def get(self, path: str) -> tuple[float, bytes]:
        start = time.perf_counter()
        with self.opener.open(self.base + path, timeout=30) as resp:
            body = resp.read()
            if resp.status != 200 or "/inloggen" in resp.url:
                raise SystemExit(f"{path} gaf {resp.status} ({resp.url})")
        return (time.perf_counter() - start) * 1000, body

    def post_json(self, path: str, data: dict, csrf: str) -> tuple[float, dict]:
        req = urllib.request.Request(self.base + path, data=json.dumps(data).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Accept": "application/json",
                                              "X-CSRFToken": csrf})
        start = time.perf_counter()
        try:
            with self.opener.open(req, timeout=30) as resp:
                body = resp.read()
        except urllib.error.HTTPError as e:
            raise SystemExit(f"POST {path} gaf {e.code}: {e.read()[:300]!r}") from None
        return (time.perf_counter() - start) * 1000, json.loads(body)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(url: str, instance_dir: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "benchmark-secret-" + "x" * 40,
           "HANDHAVING_INSTANCE": instance_dir, "HANDHAVING_ENV": "development"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
                               "handhaving:create_app()"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{base}/health", timeout=1).read()
            return server, base
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn startte niet")


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
