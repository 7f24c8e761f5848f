#!/usr/bin/env python3
"""The permit list at 20 000 permits on PostgreSQL + PostGIS, over real HTTP (gunicorn), next to
the app's barest page in the same run (issue 15).

    .venv/bin/python benchmarks/vergunningen.py [--vergunningen 20000] [--rondes 150] [--explain]

1. A throw-away database ``bench_verg15`` (``scripts/test_db.sh``, dropped at the end; or
   ``--database-url``: an empty one, kept), ``alembic upgrade head``; 2 gemeenten with BAG
   addresses, control types, toezichthouders and a regional coördinator (``load_base`` of
   benchmarks/controles.py) and 20 000 controles over 8 years (``bulk_controles``, same file).
2. ``--vergunningen`` permits over the two gemeenten, bulk inserted with SQLAlchemy Core
   ``insert()``: the 8 default types per gemeente, holders (companies with 1–3 permits each,
   some natural persons), every status (most verleend; the others as a register has them),
   dates over 10 years with the type's usual term (so some expire within 90 days), a
   decision row each, ~4 voorschriften each, a beheerder on a third. Checks of the voorschriften
   (``VoorschriftToets``) for the controles of the last two years at addresses with a permit in
   force (mostly nageleefd, some overtreden) and a share of those controles' findings linked
   to a voorschrift, so the ``overtredingen`` filter has work. Then ``ANALYZE``.
3. gunicorn (2 workers, as benchmarks/run.py and controles.py), ``coordinator.bench`` logged in
   (both gemeenten, so all permits in scope). Per round, each URL follows a ``GET /health``:
   the bare page measured in the same run. A new connection per request (urllib).
4. EXPLAIN (ANALYZE, BUFFERS) of the SQL ``services.lijst`` sends per filter (``--explain``
   prints them; always in the JSON).

Prints a Markdown table; writes benchmarks/results/vergunningen.json.
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
import urllib.parse
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # runnable from any directory

from benchmarks.controles_data import analyze, bulk_controles, load_base
from benchmarks.gunicorn_http import Client, start_gunicorn
from benchmarks.run import create_pg_database, make_app, migrate, summarise

RESULTS = ROOT / "benchmarks" / "results"
PG_DB = "bench_verg15"
CHUNK = 5000
CONTROLES = 20_000
# The holder searched for with ?q= (a company with three permits in gemeente 1).
ZOEK_HOUDER = "Lumière Exploitatie"

BEDRIJF_DELEN = (["Club", "Privéhuis", "Villa", "Café", "Grand Café", "Brasserie", "Eetcafé", "Massagesalon",
                  "Wellness", "Escort", "Huisvesting", "Flex", "Agri", "Partycentrum", "Lounge", "Bar"],
                 ["Lumen", "Roos", "Aurora", "Nova", "De Linde", "Het Wapen", "De Kroon", "Lotus", "Jade",
                  "Bamboo", "De Brug", "Geuldal", "Maasdal", "Zuid", "Limburg", "Oranje", "De Markt", "Amber",
                  "Flamingo", "Casablanca", "De Gouden Leeuw", "Het Hoekje", "Mirage", "Oase", "Velvet"])
RECHTSVORMEN = ["bv", "bv", "bv", "vof", "eenmanszaak", "stichting"]
SUFFIX = {"bv": " B.V.", "vof": " V.O.F.", "eenmanszaak": "", "stichting": ""}
VOORNAMEN = ["Jan", "Maria", "Pieter", "Sanne", "Daan", "Fatima", "Mehmet", "Anouk", "Kevin", "Ilse", "Tom", "Li"]
ACHTERNAMEN = [("", "Vermeulen"), ("van der", "Linden"), ("de", "Groot"), ("", "Janssen"), ("van den", "Heuvel"),
               ("de", "Wit"), ("", "Smeets"), ("", "Hermans"), ("van", "Dijk"), ("", "Yılmaz"), ("", "Chen"),
               ("de", "Bruijn"), ("", "Coenen"), ("", "Bouzid")]
STATUSSEN = [("verleend", 62), ("vervallen", 14), ("ingetrokken", 5), ("geschorst", 2), ("geweigerd", 6),
             ("aangevraagd", 6), ("in_behandeling", 5)]
SOORTEN = [("horeca", 30), ("alcoholwet", 25), ("seksinrichting", 8), ("escortbedrijf", 3), ("raamprostitutie", 3),
           ("massagesalon", 8), ("huisvesting", 15), ("huisvesting_arbeidsmigranten", 8)]
VOORSCHRIFT_TEKSTEN = [
    ("openingstijden", "De inrichting is uitsluitend geopend van 12:00 tot 02:00 uur.", "APV art. 3:13 lid 1"),
    ("beheer", "Tijdens de openingstijden is een op het aanhangsel vermelde beheerder aanwezig.", "APV art. 3:9 lid 1"),
    ("administratie", "De exploitant houdt een register van sekswerkers bij.", "APV art. 3:12 lid 1"),
    ("sekswerkers", "Geen sekswerkers jonger dan 21 jaar.", "APV art. 3:15 lid 1"),
    ("veiligheid", "Vluchtwegen en nooduitgangen zijn vrij van obstakels.", "Bbl art. 6.25"),
    ("hygiene", "Werkruimten en sanitair zijn schoon.", "Vergunningvoorschrift 5"),
    ("alcohol", "Geen alcohol aan personen jonger dan 18 jaar.", "Alcoholwet art. 20 lid 1"),
    ("huisvesting", "Niet meer dan 6 bewoners; minimaal 12 m² GBO per persoon.", "Huisvestingsverordening art. 3.2"),
]


def log(msg: str) -> None:
    print(f"==> {msg}", file=sys.stderr, flush=True)


def _maanden(d: date, n: int) -> date:
    jaar, maand = divmod(d.month - 1 + n, 12)
    return date(d.year + jaar, maand + 1, min(d.day, 28))


# --- data ----------------------------------------------------------------------------


def extra_users(app, base: dict) -> None:
    """A vergunningverlener per gemeente (not measured; makes the data look like a register)."""
    from handhaving.auth.models import Gemeente, Rol
    from handhaving.auth.services import create_user
    from handhaving.db import writing
    from handhaving.vergunningen import services

    db = app.extensions["handhaving_db"]
    with app.app_context():
        session = db.new_session()
        try:
            with writing():
                for gid in base["gemeente_ids"]:
                    g = session.get(Gemeente, gid)
                    create_user(session, f"vergunningverlener.{g.code}", f"Vergunningverlener {g.naam}", "x" * 20,
                                [(g, Rol.VERGUNNINGVERLENER)])
                    services.zorg_voor_typen(session, gid)
                session.commit()
        finally:
            session.close()


def bulk_vergunningen(app, base: dict, total: int, seed: int = 15) -> dict:
    """Subjects, permits, decisions, voorschriften, betrokkenen, checks: Core inserts in chunks."""
    from sqlalchemy import bindparam, insert, select, text, update

    from handhaving.controles.models import Bevinding, Controle, VoorschriftToets
    from handhaving.locaties.models import Adres
    from handhaving.subjecten.models import Subject
    from handhaving.subjecten.namen import zoeknaam_persoon, zoeknaam_rechtspersoon
    from handhaving.tijd import vandaag
    from handhaving.vergunningen.models import (
        Vergunning,
        VergunningBesluit,
        VergunningBetrokkene,
        Vergunningtype,
        Voorschrift,
    )

    db = app.extensions["handhaving_db"]
    rnd = random.Random(seed)
    today = vandaag()
    nu = datetime.now(UTC).replace(tzinfo=None)
    t0 = time.perf_counter()
    session = db.new_session()
    try:
        def volgend(tabel: str) -> int:
            return (session.execute(text(f"SELECT coalesce(max(id), 0) FROM {tabel}")).scalar() or 0) + 1

        gids = base["gemeente_ids"]
        typen = {gid: {t.soort.value: (t.id, t.geldigheid_maanden) for t in session.execute(
            select(Vergunningtype).where(Vergunningtype.gemeente_id == gid)).scalars()} for gid in gids}
        adressen = {gid: session.execute(select(Adres.id).where(Adres.gemeente_id == gid, Adres.is_nevenadres.is_(False))
                                         ).scalars().all() for gid in gids}
        subjecten, vergunningen, besluiten, voorschriften, betrokkenen = [], [], [], [], []
        sid, vid, vsid = volgend("subject"), volgend("vergunning"), volgend("voorschrift")
        kvk_gebruikt: set[str] = set()
        # Holders: per gemeente, companies with 1-3 permits and some natural persons.
        houders: dict[int, list[int]] = {gid: [] for gid in gids}
        personen: dict[int, list[int]] = {gid: [] for gid in gids}
        per_gemeente = total // len(gids)
        for gid in gids:
            n_houders = int(per_gemeente / 1.6)
            for i in range(n_houders):
                if i == 0 and gid == gids[0]:
                    naam, vorm, handelsnamen = "Lumière Exploitatie B.V.", "bv", ["Club Lumière"]
                elif rnd.random() < 0.15:
                    vv, achternaam = rnd.choice(ACHTERNAMEN)
                    voornaam = rnd.choice(VOORNAMEN)
                    subjecten.append({"id": sid, "gemeente_id": gid, "soort": "persoon", "voornamen": voornaam,
                                      "voorvoegsel": vv, "geslachtsnaam": achternaam, "naam": "", "handelsnamen": [],
                                      "kvk_nummer": None, "rechtsvorm": None, "adres_tekst": "", "bsn_grondslag": "",
                                      "aangemaakt_op": nu, "zoeknaam": zoeknaam_persoon(voornaam, vv, achternaam)})
                    houders[gid].append(sid)
                    personen[gid].append(sid)
                    sid += 1
                    continue
                else:
                    vorm = rnd.choice(RECHTSVORMEN)
                    handelsnaam = f"{rnd.choice(BEDRIJF_DELEN[0])} {rnd.choice(BEDRIJF_DELEN[1])}"
                    naam = f"{handelsnaam} {i}{SUFFIX[vorm]}"
                    handelsnamen = [handelsnaam]
                kvk = f"{rnd.randrange(0, 10 ** 8):08d}"
                while kvk in kvk_gebruikt:
                    kvk = f"{rnd.randrange(0, 10 ** 8):08d}"
                kvk_gebruikt.add(kvk)
                subjecten.append({"id": sid, "gemeente_id": gid, "soort": "rechtspersoon", "voornamen": "",
                                  "voorvoegsel": "", "geslachtsnaam": "", "naam": naam, "handelsnamen": handelsnamen,
                                  "kvk_nummer": kvk, "rechtsvorm": vorm, "adres_tekst": "", "bsn_grondslag": "",
                                  "aangemaakt_op": nu, "zoeknaam": zoeknaam_rechtspersoon(naam, handelsnamen)})
                houders[gid].append(sid)
                sid += 1
            # Beheerders: natural persons who are not holders.
            for _ in range(per_gemeente // 10):
                vv, achternaam = rnd.choice(ACHTERNAMEN)
                voornaam = rnd.choice(VOORNAMEN)
                subjecten.append({"id": sid, "gemeente_id": gid, "soort": "persoon", "voornamen": voornaam,
                                  "voorvoegsel": vv, "geslachtsnaam": achternaam, "naam": "", "handelsnamen": [],
                                  "kvk_nummer": None, "rechtsvorm": None, "adres_tekst": "", "bsn_grondslag": "",
                                  "aangemaakt_op": nu, "zoeknaam": zoeknaam_persoon(voornaam, vv, achternaam)})
                personen[gid].append(sid)
                sid += 1

        geldend_op_adres: dict[int, list[tuple[int, date]]] = {}   # adres → [(vergunning id, ingang)]
        vs_van: dict[int, list[int]] = {}
        counts: dict[str, int] = {}
        for gid in gids:
            for k in range(per_gemeente):
                # The first holder (Lumière, gemeente 1) gets three permits; the others 1-3 in turn.
                houder = houders[gid][k % len(houders[gid])] if k >= 3 or gid != gids[0] else houders[gid][0]
                soort = "seksinrichting" if (gid == gids[0] and k < 3) else \
                    rnd.choices([s for s, _ in SOORTEN], weights=[w for _, w in SOORTEN])[0]
                status = rnd.choices([s for s, _ in STATUSSEN], weights=[w for _, w in STATUSSEN])[0]
                type_id, maanden = typen[gid][soort]
                if status in ("aangevraagd", "in_behandeling"):
                    aanvraag = today - timedelta(days=rnd.randint(1, 150))
                else:
                    aanvraag = today - timedelta(days=rnd.randint(30, 3650))
                besluit = ingang = verval = None
                if status not in ("aangevraagd", "in_behandeling"):
                    besluit = min(aanvraag + timedelta(days=rnd.randint(20, 90)), today)
                if status not in ("aangevraagd", "in_behandeling", "geweigerd"):
                    ingang = besluit
                    verval = _maanden(ingang, maanden) if maanden else None
                    if status in ("verleend", "geschorst") and verval and verval < today:
                        # a permit in force is not past its term: renewed (a newer term)
                        while verval < today:
                            verval = _maanden(verval, maanden)
                nummer = k + 1
                adres_id = rnd.choice(adressen[gid]) if soort != "escortbedrijf" or rnd.random() < 0.5 else None
                vergunningen.append({
                    "id": vid, "gemeente_id": gid, "zaaknummer": f"VERG-{aanvraag.year}-{nummer:05d}",
                    "vergunningtype_id": type_id, "status": status, "houder_id": houder, "adres_id": adres_id,
                    "inrichting_naam": f"{rnd.choice(BEDRIJF_DELEN[0])} {rnd.choice(BEDRIJF_DELEN[1])}",
                    "werkruimten": rnd.randint(1, 10) if soort in ("seksinrichting", "raamprostitutie") else None,
                    "max_personen": rnd.randint(20, 300) if soort == "horeca" else None,
                    "openingstijden": "Ma–zo 12:00–02:00", "aanvraagdatum": aanvraag, "besluitdatum": besluit,
                    "ingangsdatum": ingang, "vervaldatum": verval,
                    "bibob_getoetst_op": aanvraag + timedelta(days=10) if rnd.random() < 0.2 else None,
                    "toelichting": "", "aangemaakt_op": nu})
                besluiten.append({"vergunning_id": vid, "gemeente_id": gid, "van_status": None,
                                  "naar_status": status, "handeling": "Geregistreerd",
                                  "datum": besluit or aanvraag, "toelichting": "", "vastgelegd_op": nu})
                counts[status] = counts.get(status, 0) + 1
                if status not in ("aangevraagd", "geweigerd"):
                    for j in range(rnd.choice([3, 4, 4, 5])):
                        cat, tekst, bron = VOORSCHRIFT_TEKSTEN[(j + k) % len(VOORSCHRIFT_TEKSTEN)]
                        voorschriften.append({"id": vsid, "vergunning_id": vid, "gemeente_id": gid,
                                              "nummer": str(j + 1), "tekst": tekst, "categorie": cat,
                                              "bron_artikel": bron, "volgorde": j + 1, "vervallen": False,
                                              "aangemaakt_op": nu})
                        vs_van.setdefault(vid, []).append(vsid)
                        vsid += 1
                if rnd.random() < 0.33:
                    betrokkenen.append({"vergunning_id": vid, "gemeente_id": gid,
                                        "subject_id": rnd.choice(personen[gid]), "rol": "beheerder", "sinds": ingang})
                if status in ("verleend", "geschorst") and adres_id is not None:
                    geldend_op_adres.setdefault(adres_id, []).append((vid, ingang))
                vid += 1

        # Checks of the voorschriften in the controles of the last two years at those addresses.
        sinds = nu - timedelta(days=730)
        controles = session.execute(select(Controle.id, Controle.adres_id, Controle.gemeente_id, Controle.gestart_op)
                                    .where(Controle.gestart_op >= sinds, Controle.uitgevoerd_op.is_not(None))).all()
        toetsen, overtreden_paren = [], []
        for cid, adres_id, gid, gestart in controles:
            for v, ingang in geldend_op_adres.get(adres_id, []):
                if ingang and ingang > gestart.date():
                    continue
                for vs in vs_van.get(v, []):
                    oordeel = rnd.choices(["nageleefd", "overtreden", "niet_gecontroleerd"], weights=[88, 7, 5])[0]
                    toetsen.append({"controle_id": cid, "voorschrift_id": vs, "gemeente_id": gid, "oordeel": oordeel,
                                    "toelichting": "", "gewijzigd_op": gestart + timedelta(hours=1)})
                    if oordeel == "overtreden":
                        overtreden_paren.append((cid, vs))
        t_gen = time.perf_counter() - t0
        t1 = time.perf_counter()
        for tabel, rijen in ((Subject.__table__, subjecten), (Vergunning.__table__, vergunningen),
                             (VergunningBesluit.__table__, besluiten), (Voorschrift.__table__, voorschriften),
                             (VergunningBetrokkene.__table__, betrokkenen), (VoorschriftToets.__table__, toetsen)):
            for k in range(0, len(rijen), CHUNK):
                session.execute(insert(tabel), rijen[k:k + CHUNK])
        # A finding of such a controle names the voorschrift it breaches (a share of them).
        per_controle = {}
        for cid, vs in overtreden_paren:
            per_controle.setdefault(cid, vs)
        bev = session.execute(select(Bevinding.id, Bevinding.controle_id)
                              .where(Bevinding.controle_id.in_(list(per_controle) or [0]))).all()
        koppel = [{"b_id": b, "vs": per_controle[c]} for b, c in bev if rnd.random() < 0.5]
        if koppel:
            session.execute(update(Bevinding.__table__).where(Bevinding.__table__.c.id == bindparam("b_id"))
                            .values(voorschrift_id=bindparam("vs")), koppel)
        if not db.sqlite:
            for tabel in ("subject", "vergunning", "voorschrift"):
                session.execute(text(f"SELECT setval(pg_get_serial_sequence('{tabel}', 'id'), "
                                     f"(SELECT max(id) FROM {tabel}))"))
        session.commit()
        t_ins = time.perf_counter() - t1
    finally:
        session.close()
    return {"vergunningen": len(vergunningen), "subjecten": len(subjecten), "voorschriften": len(voorschriften),
            "betrokkenen": len(betrokkenen), "voorschrifttoetsen": len(toetsen),
            "toetsen_overtreden": len(overtreden_paren), "bevindingen_gekoppeld": len(koppel),
            "per_status": dict(sorted(counts.items())), "genereren_s": round(t_gen, 2), "invoegen_s": round(t_ins, 2)}


# --- query plans ---------------------------------------------------------------------


def filters() -> dict:
    from handhaving.vergunningen.services import Filter

    return {
        "geen filter": ("/vergunningen/", Filter()),
        "verloopt=1": ("/vergunningen/?verloopt=1", Filter(verloopt=True)),
        "overtredingen=1": ("/vergunningen/?overtredingen=1", Filter(overtredingen=True)),
        "soort=seksinrichting&status=verleend": ("/vergunningen/?soort=seksinrichting&status=verleend",
                                                 Filter(soort="seksinrichting", status="verleend")),
        f"q={ZOEK_HOUDER}": ("/vergunningen/?" + urllib.parse.urlencode({"q": ZOEK_HOUDER}), Filter(q=ZOEK_HOUDER)),
        "pagina=50": ("/vergunningen/?pagina=50", Filter(pagina=50)),
    }


def explain(app, base: dict) -> dict:
    """Service time and EXPLAIN (ANALYZE, BUFFERS) of the SQL ``services.lijst`` (and the list's
    ``met_overtredingen`` badge query) send per filter."""
    from sqlalchemy import event

    from handhaving.vergunningen import services

    db = app.extensions["handhaving_db"]
    ids = base["gemeente_ids"]
    plans = {}

    def lijst(s, f):
        p = services.lijst(s, ids, f)
        services.met_overtredingen(s, [v.id for v in p.vergunningen])
        return p

    with app.app_context():
        for naam, (_, f) in filters().items():
            tijden = []
            for _ in range(6):  # the first (cold) call is not counted
                s = db.new_session()
                try:
                    t0 = time.perf_counter()
                    p = lijst(s, f)
                    tijden.append((time.perf_counter() - t0) * 1000)
                finally:
                    s.close()
            captured = []

            def capture(conn, cursor, statement, parameters, context, executemany, captured=captured):
                if statement.lstrip().upper().startswith("SELECT") and "vergunning" in statement:
                    captured.append((statement, parameters))

            event.listen(db.engine, "before_cursor_execute", capture)
            s = db.new_session()
            try:
                lijst(s, f)
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
            plans[naam] = {"service_ms": round(sorted(tijden[1:])[2], 2), "totaal": p.totaal,
                           "statements": statements}
    return plans


# --- HTTP ----------------------------------------------------------------------------


def bench_http(base_url: str, rondes: int, warmup: int) -> dict:
    coord = Client(base_url, "coordinator.bench")
    metingen = {naam: url for naam, (url, _) in filters().items()}
    for url in metingen.values():  # every URL answers 200 with the list before measuring
        _, body = coord.get(url)
        if b"VERG-" not in body and b"Geen vergunningen" not in body:
            log(f"let op: {url} toont geen vergunningen")
    samples = {k: [] for k in metingen}
    bare = []
    for ronde in range(warmup + rondes):
        for naam, url in metingen.items():
            b = coord.get("/health")[0]
            ms = coord.get(url)[0]
            if ronde >= warmup:
                bare.append(b)
                samples[naam].append(ms)
    kaal = summarise(bare)
    uit = {"kaal": kaal, "metingen": {}}
    for naam, s in samples.items():
        r = summarise(s)
        uit["metingen"][naam] = {**r, "url": metingen[naam], "ratio_p50": round(r["median_ms"] / kaal["median_ms"], 2),
                                 "ratio_p95": round(r["p95_ms"] / kaal["p95_ms"], 2)}
    return uit


# --- output --------------------------------------------------------------------------


def fmt(v: float) -> str:
    return f"{v:.1f}" if v >= 10 else f"{v:.2f}"


def markdown(r: dict) -> str:
    d = r["data"]
    out = [f"### Vergunningenlijst – {r['version']}, {d['vergunningen']} vergunningen\n",
           f"Laden: {d['vergunningen']} vergunningen, {d['subjecten']} subjecten, {d['voorschriften']} voorschriften, "
           f"{d['betrokkenen']} betrokkenen, {d['voorschrifttoetsen']} voorschrifttoetsen ({d['toetsen_overtreden']} "
           f"overtreden, {d['bevindingen_gekoppeld']} bevindingen gekoppeld) in {d['invoegen_s']} s, naast "
           f"{r['controles']['controles']} controles; ANALYZE {r['analyze_s']} s. Per status: "
           + ", ".join(f"{k} {v}" for k, v in d["per_status"].items()) + ".\n",
           (f"Echte HTTP (gunicorn, 2 workers), coördinator met beide gemeenten, {r['config']['rondes']} rondes na "
            f"{r['config']['warmup']} opwarmrondes; elke meting direct na een `GET /health` in dezelfde run:\n"),
           "| Meting | treffers | n | p50 ms | p95 ms | max ms | verhouding p50 / p95 |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    for naam, m in r["http"]["metingen"].items():
        out.append(f"| GET {m['url']} | {r['explain'][naam]['totaal']} | {m['count']} | {fmt(m['median_ms'])} | "
                   f"{fmt(m['p95_ms'])} | {fmt(m['max_ms'])} | {m['ratio_p50']}× / {m['ratio_p95']}× |")
    k = r["http"]["kaal"]
    out.append(f"| GET /health (kale pagina) | | {k['count']} | {fmt(k['median_ms'])} | {fmt(k['p95_ms'])} | "
               f"{fmt(k['max_ms'])} | 1× |")
    out.append("\nService-tijd (`services.lijst` + `met_overtredingen`, in het proces, mediaan van 5 aanroepen na één "
               "koude, na ANALYZE): " + ", ".join(f"{n} {p['service_ms']} ms" for n, p in r["explain"].items()) + ".")
    return "\n".join(out)


def drop_pg(url: str) -> None:
    import psycopg

    naam = url.rsplit("/", 1)[-1]
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {naam} WITH (FORCE)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="lege PostgreSQL+PostGIS-database (standaard: wegwerpdatabase "
                        f"{PG_DB} via scripts/test_db.sh, na afloop verwijderd)")
    parser.add_argument("--vergunningen", type=int, default=20_000)
    parser.add_argument("--controles", type=int, default=CONTROLES)
    parser.add_argument("--rondes", type=int, default=150, help="meetrondes (elke ronde: alle URL's)")
    parser.add_argument("--warmup", type=int, default=15)
    parser.add_argument("--explain", action="store_true", help="query-plannen afdrukken")
    parser.add_argument("--output", type=Path, default=RESULTS / "vergunningen.json")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    from sqlalchemy import text

    url = args.database_url or create_pg_database(PG_DB)
    report = {"generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
              "machine": {"python": platform.python_version(), "platform": platform.platform(),
                          "cpus": os.cpu_count(), "load": os.getloadavg()},
              "config": {"vergunningen": args.vergunningen, "controles": args.controles, "rondes": args.rondes,
                         "warmup": args.warmup}}
    try:
        with tempfile.TemporaryDirectory(prefix="handhaving-bench-vergunningen-") as tmp:
            log("schema (alembic upgrade head)")
            migrate(url)
            app = make_app(url, tmp)
            db = app.extensions["handhaving_db"]
            with db.engine.connect() as conn:
                report["version"] = ("PostgreSQL " + conn.execute(text("SHOW server_version")).scalar().split()[0]
                                     + ", PostGIS " + conn.execute(text("SELECT postgis_lib_version()")).scalar())
            log("gemeenten, gebruikers, adressen, controletypen")
            base = load_base(app)
            extra_users(app, base)
            log(f"{args.controles} controles invoegen")
            report["controles"] = bulk_controles(app, base, args.controles)
            log(f"{args.vergunningen} vergunningen invoegen")
            report["data"] = bulk_vergunningen(app, base, args.vergunningen)
            report["analyze_s"] = analyze(app)
            log("EXPLAIN ANALYZE")
            report["explain"] = explain(app, base)
            db.engine.dispose()
            log("gunicorn")
            server, base_url = start_gunicorn(url, tmp)
            try:
                log(f"HTTP: {args.rondes} rondes")
                report["http"] = bench_http(base_url, args.rondes, args.warmup)
            finally:
                server.terminate()
                server.wait(timeout=10)
    finally:
        if not args.database_url:
            drop_pg(url)
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
