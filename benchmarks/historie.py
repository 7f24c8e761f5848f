#!/usr/bin/env python3
"""The history search at 50 000 subjects on PostgreSQL + PostGIS and on SQLite + SpatiaLite,
over real HTTP (gunicorn), next to the app's barest page in the same run (issue 16).

    .venv/bin/python benchmarks/historie.py [--subjecten 50000] [--rondes 100] [--alleen pg|sqlite]

Per database:
1. A throw-away database (PostgreSQL ``bench_historie16`` through ``scripts/test_db.sh``, dropped
   at the end; SQLite a temporary file), ``alembic upgrade head``; 2 gemeenten with BAG addresses,
   control types and a regional coördinator (``load_base`` of benchmarks/controles.py), 10 000
   controles (``bulk_controles``), a vergunningverlener for both gemeenten.
2. ``--subjecten`` subjects bulk inserted with SQLAlchemy Core, ``zoeknaam`` and ``zoeksleutel``
   set as the services set them: 70 % persons (Dutch first names and surnames with particles,
   Zipf-distributed as a register has them, spelling variants, dates of birth), 30 % companies
   with a KvK number and a trade name; 12 000 permits (every status) with a beheerder on a
   third, 600 Bibob investigations with their betrokkenen. A few known subjects to search for
   (Jan de Vries, Pieter Dijkstra, Lumière Exploitatie B.V. with KvK 01234567 at a known
   address). Then ``ANALYZE``.
3. gunicorn (2 workers, as the other benchmarks), ``vergunningverlener.bench`` (both gemeenten,
   so all 50 000 subjects in scope, no Bibob right) and ``coordinator.bench`` (Bibob right:
   outcomes shown, one audit row each). Per round each URL follows a ``GET /health``. A new
   connection per request (urllib).

Prints a Markdown table; writes benchmarks/results/historie.json.
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
from benchmarks.run import PASSWORD, create_pg_database, make_app, migrate, summarise
from benchmarks.vergunningen import drop_pg

RESULTS = ROOT / "benchmarks" / "results"
PG_DB = "bench_historie16"
CHUNK = 5000
CONTROLES = 10_000
VERGUNNINGEN = 12_000
BIBOB = 600

VOORNAMEN = ["Jan", "Johannes", "Pieter", "Piet", "Kees", "Cornelis", "Hendrik", "Henk", "Willem", "Gerrit",
             "Dirk", "Klaas", "Maria", "Johanna", "Anna", "Cornelia", "Elisabeth", "Wilhelmina", "Sanne", "Daan",
             "Lotte", "Sem", "Emma", "Lucas", "Julia", "Thijs", "Anouk", "Bram", "Fleur", "Ruben", "Iris", "Kevin",
             "Ilse", "Tom", "Lisa", "Mark", "Sandra", "Mohamed", "Mohammed", "Fatima", "Ahmed", "Mehmet", "Ayşe",
             "Mustafa", "Youssef", "Khadija", "Li", "Wei", "Priya", "Rajesh", "Joël", "Zoë", "Chloë", "René",
             "André", "Frédérique", "Mieke", "Joost", "Marloes", "Femke", "Niels", "Stijn", "Hanneke", "Geert"]
# (voorvoegsel, geslachtsnaam): the most common Dutch surnames first, with their spelling variants.
ACHTERNAMEN = [
    ("de", "Jong"), ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("van", "Dijk"), ("", "Bakker"),
    ("", "Janssen"), ("", "Visser"), ("", "Smit"), ("", "Meijer"), ("de", "Boer"), ("", "Mulder"),
    ("de", "Groot"), ("", "Bos"), ("", "Vos"), ("", "Peters"), ("", "Hendriks"), ("van", "Leeuwen"),
    ("", "Dekker"), ("", "Brouwer"), ("de", "Wit"), ("", "Dijkstra"), ("", "Smits"), ("de", "Graaf"),
    ("van der", "Meer"), ("van der", "Linden"), ("", "Kok"), ("", "Jacobs"), ("de", "Haan"), ("", "Vermeulen"),
    ("van den", "Heuvel"), ("van der", "Veen"), ("van den", "Broek"), ("de", "Bruijn"), ("de", "Bruin"),
    ("van der", "Heijden"), ("", "Schouten"), ("van", "Beek"), ("", "Willems"), ("van", "Vliet"),
    ("van de", "Ven"), ("", "Hoekstra"), ("", "Maas"), ("", "Verhoeven"), ("", "Koster"), ("van", "Dam"),
    ("van der", "Wal"), ("", "Prins"), ("", "Blom"), ("", "Huisman"), ("", "Peeters"), ("de", "Jonge"),
    ("", "Kuipers"), ("van", "Veen"), ("", "Post"), ("", "Kuiper"), ("", "Veenstra"), ("", "Kramer"),
    ("van den", "Brink"), ("", "Scholten"), ("van", "Wijk"), ("", "Postma"), ("", "Martens"), ("", "Vink"),
    ("de", "Ruiter"), ("", "Timmermans"), ("", "Groen"), ("", "Gerritsen"), ("", "Jonker"), ("van", "Loon"),
    ("", "Boer"), ("van der", "Velde"), ("", "Willemsen"), ("", "Smeets"), ("de", "Lange"), ("de", "Vos"),
    ("", "Bosch"), ("van", "Dongen"), ("", "Schipper"), ("de", "Koning"), ("van der", "Laan"), ("", "Koning"),
    ("van der", "Velden"), ("", "Driessen"), ("van", "Doorn"), ("", "Hermans"), ("", "Evers"),
    ("van den", "Bosch"), ("van der", "Meulen"), ("", "Hofman"), ("", "Bosman"), ("", "Wolters"),
    ("", "Sijbesma"), ("", "Sybesma"), ("", "Dykstra"), ("", "Meyer"), ("", "Bakkers"), ("", "Backer"),
    ("", "Yılmaz"), ("", "Yilmaz"), ("", "Kaya"), ("", "Demir"), ("", "Şahin"), ("", "Çelik"),
    ("el", "Amrani"), ("", "Bouzid"), ("", "Chen"), ("", "Wang"), ("", "Nguyen"), ("", "Singh"),
    ("", "IJzerman"), ("", "Yzerman"), ("in 't", "Veld"), ("van 't", "Hof"), ("", "Dübel"), ("", "Müller"),
    ("", "Coenen"), ("", "Claassen"), ("", "Klaassen"), ("", "Thijssen"), ("", "Tijssen"), ("", "Reijnders"),
]
BEDRIJF_DELEN = (["Club", "Privéhuis", "Villa", "Café", "Grand Café", "Brasserie", "Eetcafé", "Massagesalon",
                  "Wellness", "Escort", "Huisvesting", "Flex", "Agri", "Partycentrum", "Lounge", "Bar", "Hotel",
                  "Snackbar", "Shisha Lounge", "Coffeeshop", "Restaurant", "Bistro"],
                 ["Lumen", "Roos", "Aurora", "Nova", "De Linde", "Het Wapen", "De Kroon", "Lotus", "Jade",
                  "Bamboo", "De Brug", "Geuldal", "Maasdal", "Zuid", "Limburg", "Oranje", "De Markt", "Amber",
                  "Flamingo", "Casablanca", "De Gouden Leeuw", "Het Hoekje", "Mirage", "Oase", "Velvet", "Sphinx",
                  "De Zwaan", "Het Anker", "Paradiso", "Rivièra", "Noord", "Centrum", "Station", "De Molen"])
RECHTSVORMEN = [("bv", " B.V."), ("bv", " B.V."), ("bv", " B.V."), ("vof", " V.O.F."), ("eenmanszaak", ""),
                ("stichting", "")]
STATUSSEN = [("verleend", 62), ("vervallen", 14), ("ingetrokken", 5), ("geschorst", 2), ("geweigerd", 6),
             ("aangevraagd", 6), ("in_behandeling", 5)]
SOORTEN = ["horeca", "alcoholwet", "seksinrichting", "massagesalon", "huisvesting"]


def log(msg: str) -> None:
    print(f"==> {msg}", file=sys.stderr, flush=True)


def _zipf(n: int, s: float = 0.9) -> list[float]:
    return [1 / (k + 1) ** s for k in range(n)]


# --- data ----------------------------------------------------------------------------


def users(app, base: dict) -> None:
    """A vergunningverlener for both gemeenten; the permit types per gemeente."""
    from handhaving.auth.accounts import create_user
    from handhaving.auth.models import Gemeente, Rol
    from handhaving.db import writing
    from handhaving.vergunningen import services

    db = app.extensions["handhaving_db"]
    with app.app_context():
        session = db.new_session()
        try:
            with writing():
                gemeenten = [session.get(Gemeente, gid) for gid in base["gemeente_ids"]]
                create_user(session, "vergunningverlener.bench", "Vergunningverlener Regio", PASSWORD,
                            [(g, Rol.VERGUNNINGVERLENER) for g in gemeenten])
                for g in gemeenten:
                    services.zorg_voor_typen(session, g.id)
                session.commit()
        finally:
            session.close()


def bulk_subjecten(app, base: dict, total: int, seed: int = 16) -> dict:
    """Subjects, permits with beheerders, Bibob investigations: Core inserts in chunks."""
    from sqlalchemy import insert, select, text

    from handhaving.bibob.models import BibobBetrokkene, BibobOnderzoek
    from handhaving.locaties.models import Adres
    from handhaving.subjecten.models import Subject
    from handhaving.subjecten.namen import zoeknaam_persoon, zoeknaam_rechtspersoon, zoeksleutel
    from handhaving.tijd import vandaag
    from handhaving.vergunningen.models import Vergunning, VergunningBetrokkene, Vergunningtype

    db = app.extensions["handhaving_db"]
    rnd = random.Random(seed)
    today = vandaag()
    nu = datetime.now(UTC).replace(tzinfo=None)
    t0 = time.perf_counter()
    session = db.new_session()
    try:
        gids = base["gemeente_ids"]
        typen = {gid: {t.soort.value: t.id for t in session.execute(
            select(Vergunningtype).where(Vergunningtype.gemeente_id == gid)).scalars()} for gid in gids}
        adressen = {gid: session.execute(select(Adres.id, Adres.openbare_ruimte, Adres.huisnummer).where(
            Adres.gemeente_id == gid, Adres.is_nevenadres.is_(False), Adres.huisletter.is_(None),
            Adres.toevoeging.is_(None))).all() for gid in gids}
        sid = (session.execute(text("SELECT coalesce(max(id), 0) FROM subject")).scalar() or 0) + 1
        subjecten, personen, bedrijven = [], {g: [] for g in gids}, {g: [] for g in gids}
        w_achter, w_voor = _zipf(len(ACHTERNAMEN)), _zipf(len(VOORNAMEN), 0.7)
        kvk_gebruikt = {"01234567"}

        def persoon(gid, voornamen, vv, achternaam, geboren):
            nonlocal sid
            subjecten.append({"id": sid, "gemeente_id": gid, "soort": "persoon", "voornamen": voornamen,
                              "voorvoegsel": vv, "geslachtsnaam": achternaam, "geboortedatum": geboren, "naam": "",
                              "handelsnamen": [], "kvk_nummer": None, "rechtsvorm": None, "adres_tekst": "",
                              "bsn_grondslag": "", "aangemaakt_op": nu,
                              "zoeknaam": zoeknaam_persoon(voornamen, vv, achternaam),
                              "zoeksleutel": zoeksleutel(achternaam, voornamen)})
            personen[gid].append(sid)
            sid += 1
            return sid - 1

        def bedrijf(gid, naam, vorm, handelsnamen, kvk):
            nonlocal sid
            subjecten.append({"id": sid, "gemeente_id": gid, "soort": "rechtspersoon", "voornamen": "",
                              "voorvoegsel": "", "geslachtsnaam": "", "geboortedatum": None, "naam": naam,
                              "handelsnamen": handelsnamen, "kvk_nummer": kvk, "rechtsvorm": vorm, "adres_tekst": "",
                              "bsn_grondslag": "", "aangemaakt_op": nu,
                              "zoeknaam": zoeknaam_rechtspersoon(naam, handelsnamen),
                              "zoeksleutel": zoeksleutel(naam, *handelsnamen)})
            bedrijven[gid].append(sid)
            sid += 1
            return sid - 1

        # The subjects the measured queries look for (gemeente 1).
        g1 = gids[0]
        doelen = {"jan": persoon(g1, "Jan Willem", "de", "Vries", date(1975, 6, 15)),
                  "dijkstra": persoon(g1, "Pieter", "", "Dijkstra", date(1968, 2, 29)),
                  "lumiere": bedrijf(g1, "Lumière Exploitatie B.V.", "bv", ["Club Lumière"], "01234567")}
        for k in range(total - len(subjecten)):
            gid = gids[k % len(gids)]
            if rnd.random() < 0.7:
                vv, achternaam = rnd.choices(ACHTERNAMEN, weights=w_achter)[0]
                voornamen = " ".join(rnd.choices(VOORNAMEN, weights=w_voor, k=rnd.choice([1, 1, 2, 2, 3])))
                geboren = (date(1940, 1, 1) + timedelta(days=rnd.randrange(0, 365 * 65))
                           if rnd.random() < 0.85 else None)
                persoon(gid, voornamen, vv, achternaam, geboren)
            else:
                vorm, suffix = rnd.choice(RECHTSVORMEN)
                handelsnaam = f"{rnd.choice(BEDRIJF_DELEN[0])} {rnd.choice(BEDRIJF_DELEN[1])}"
                if rnd.random() < 0.3:
                    vv, achternaam = rnd.choices(ACHTERNAMEN, weights=w_achter)[0]
                    naam = f"{' '.join(p for p in (vv.capitalize(), achternaam) if p)} Holding{suffix}"
                else:
                    naam = f"{handelsnaam} {k}{suffix}"
                kvk = f"{rnd.randrange(0, 10 ** 8):08d}"
                while kvk in kvk_gebruikt:
                    kvk = f"{rnd.randrange(0, 10 ** 8):08d}"
                kvk_gebruikt.add(kvk)
                bedrijf(gid, naam, vorm, [handelsnaam], kvk)

        # Permits: mostly companies as holder, some persons; a beheerder on a third.
        vid = (session.execute(text("SELECT coalesce(max(id), 0) FROM vergunning")).scalar() or 0) + 1
        vergunningen, betrokkenen = [], []
        lumiere_adres = adressen[g1][0]
        for k in range(VERGUNNINGEN):
            gid = gids[k % len(gids)]
            if k < 3:
                houder, gid = doelen["lumiere"], g1
            elif k < 5:
                houder, gid = (doelen["jan"] if k == 3 else doelen["dijkstra"]), g1
            else:
                houder = rnd.choice(bedrijven[gid] if rnd.random() < 0.85 else personen[gid])
            status = rnd.choices([s for s, _ in STATUSSEN], weights=[w for _, w in STATUSSEN])[0]
            if k == 1:
                status = "ingetrokken"
            aanvraag = today - timedelta(days=rnd.randint(30, 3650))
            besluit = None if status in ("aangevraagd", "in_behandeling") else aanvraag + timedelta(days=40)
            ingang = besluit if status not in ("aangevraagd", "in_behandeling", "geweigerd") else None
            adres = lumiere_adres if k < 3 else rnd.choice(adressen[gid])
            vergunningen.append({
                "id": vid, "gemeente_id": gid, "zaaknummer": f"VERG-{aanvraag.year}-{k + 1:05d}",
                "vergunningtype_id": typen[gid][rnd.choice(SOORTEN)], "status": status, "houder_id": houder,
                "adres_id": adres.id, "inrichting_naam": "", "openingstijden": "", "aanvraagdatum": aanvraag,
                "besluitdatum": besluit, "ingangsdatum": ingang,
                "vervaldatum": ingang + timedelta(days=1825) if ingang else None, "toelichting": "",
                "aangemaakt_op": nu})
            if k == 0 or rnd.random() < 0.33:
                beheerder = doelen["jan"] if k == 0 else rnd.choice(personen[gid])
                betrokkenen.append({"vergunning_id": vid, "gemeente_id": gid, "subject_id": beheerder,
                                    "rol": "beheerder", "sinds": ingang})
            vid += 1

        # Bibob investigations of permits: betrokkenen the holder (and beheerder where there is one).
        oid = (session.execute(text("SELECT coalesce(max(id), 0) FROM bibob_onderzoek")).scalar() or 0) + 1
        onderzoeken, bibob_betrokkenen = [], []
        beheerder_van = {b["vergunning_id"]: b["subject_id"] for b in betrokkenen}
        for n, v in enumerate([vergunningen[0], *rnd.sample(vergunningen[1:], BIBOB - 1)]):
            mate = rnd.choice(["geen", "mindere_mate", "ernstig"])
            gestart = v["aanvraagdatum"] + timedelta(days=5)
            onderzoeken.append({
                "id": oid, "gemeente_id": v["gemeente_id"], "vergunning_id": v["id"],
                "zaaknummer": f"BIBOB-{gestart.year}-{n + 1:04d}", "status": "gearchiveerd",
                "behandelaar_id": base["coordinator_id"], "aanleiding": "aanvraag", "omschrijving": "",
                "advies_ontvangen_op": gestart + timedelta(days=50), "advies_mate": mate,
                "advies_grond": None if mate == "geen" else "a", "advies_samenvatting": "",
                "besluit": "verlenen" if mate == "geen" else "weigeren", "besluit_op": gestart + timedelta(days=80),
                "gearchiveerd_op": gestart + timedelta(days=90), "eigen_bevindingen": "", "besluit_motivering": "",
                "aangemaakt_op": nu, "versie": 1})
            bibob_betrokkenen.append({"onderzoek_id": oid, "gemeente_id": v["gemeente_id"],
                                      "subject_id": v["houder_id"], "rol": "betrokkene"})
            if v["id"] in beheerder_van and beheerder_van[v["id"]] != v["houder_id"]:
                bibob_betrokkenen.append({"onderzoek_id": oid, "gemeente_id": v["gemeente_id"],
                                          "subject_id": beheerder_van[v["id"]], "rol": "bestuurder"})
            oid += 1
        t_gen = time.perf_counter() - t0
        t1 = time.perf_counter()
        for tabel, rijen in ((Subject.__table__, subjecten), (Vergunning.__table__, vergunningen),
                             (VergunningBetrokkene.__table__, betrokkenen), (BibobOnderzoek.__table__, onderzoeken),
                             (BibobBetrokkene.__table__, bibob_betrokkenen)):
            for k in range(0, len(rijen), CHUNK):
                session.execute(insert(tabel), rijen[k:k + CHUNK])
        if not db.sqlite:
            for tabel in ("subject", "vergunning", "bibob_onderzoek"):
                session.execute(text(f"SELECT setval(pg_get_serial_sequence('{tabel}', 'id'), "
                                     f"(SELECT max(id) FROM {tabel}))"))
        session.commit()
        t_ins = time.perf_counter() - t1
    finally:
        session.close()
    n_personen = sum(len(p) for p in personen.values())
    return {"subjecten": len(subjecten), "personen": n_personen, "ondernemingen": len(subjecten) - n_personen,
            "vergunningen": len(vergunningen), "betrokkenen": len(betrokkenen), "bibob_onderzoeken": len(onderzoeken),
            "adres_lumiere": f"{lumiere_adres.openbare_ruimte} {lumiere_adres.huisnummer}",
            "genereren_s": round(t_gen, 2), "invoegen_s": round(t_ins, 2)}


# --- HTTP ----------------------------------------------------------------------------


def metingen(adres: str) -> dict[str, tuple[str, dict]]:
    """name → (user, query string)."""
    vv, coord = "vergunningverlener.bench", "coordinator.bench"
    return {
        "exacte naam ‘Jan de Vries’": (vv, {"naam": "Jan de Vries"}),
        "variant ‘Pieter Dykstra’": (vv, {"naam": "Pieter Dykstra"}),
        "tikfout ‘Pieter Fijkstra’": (vv, {"naam": "Pieter Fijkstra"}),
        "aaneen ‘Jan Devries’": (vv, {"naam": "Jan Devries"}),
        "voorletter + voorvoegsel ‘Vries, J. de’": (vv, {"naam": "Vries, J. de"}),
        "naam + geboortedatum": (vv, {"naam": "J. de Vries", "geboortedatum": "1975-06-15"}),
        "bedrijfsnaam ‘Lumière Exploitatie’": (vv, {"naam": "Lumière Exploitatie"}),
        "KvK 01234567": (vv, {"kvk": "01234567"}),
        "KvK 1234567 (zonder nul)": (vv, {"kvk": "1234567"}),
        f"adres ‘{adres}’": (vv, {"adres": adres}),
        "coördinator met Bibob ‘Jan de Vries’": (coord, {"naam": "Jan de Vries"}),
    }


def bench_http(base_url: str, adres: str, rondes: int, warmup: int) -> dict:
    clients = {u: Client(base_url, u) for u in ("vergunningverlener.bench", "coordinator.bench")}
    urls = {naam: (u, "/historie/?" + urllib.parse.urlencode(q)) for naam, (u, q) in metingen(adres).items()}
    controle = {}
    for naam, (u, url) in urls.items():
        _, body = clients[u].get(url)
        html = body.decode()
        controle[naam] = {"resultaten": html.count('class="hh-card" aria-labelledby="resultaat-'),
                          "bibob_getoond": 'id="bibob-' in html}
        if controle[naam]["resultaten"] == 0:
            log(f"let op: {url} vindt niemand")
    samples = {k: [] for k in urls}
    bare = []
    for ronde in range(warmup + rondes):
        for naam, (u, url) in urls.items():
            b = clients[u].get("/health")[0]
            ms = clients[u].get(url)[0]
            if ronde >= warmup:
                bare.append(b)
                samples[naam].append(ms)
    kaal = summarise(bare)
    uit = {"kaal": kaal, "metingen": {}}
    for naam, s in samples.items():
        r = summarise(s)
        uit["metingen"][naam] = {**r, **controle[naam], "gebruiker": urls[naam][0], "url": urls[naam][1],
                                 "ratio_p95": round(r["p95_ms"] / kaal["p95_ms"], 2)}
    return uit


def service_tijden(app, base: dict, adres: str, n: int = 11) -> dict:
    """In-process time of ``zoeken.zoek`` (candidates + ranking) per query, median of n-1 warm calls."""
    from handhaving.historie.zoeken import Zoekvraag, zoek
    from handhaving.subjecten.namen import normaliseer_kvk

    db = app.extensions["handhaving_db"]
    uit = {}
    with app.app_context():
        for naam, (_, q) in metingen(adres).items():
            vraag = Zoekvraag(naam=q.get("naam", ""), adres=q.get("adres", ""),
                              kvk=normaliseer_kvk(q["kvk"]) if q.get("kvk") else None,
                              geboortedatum=date.fromisoformat(q["geboortedatum"]) if q.get("geboortedatum") else None)
            tijden, treffers = [], []
            for _ in range(n):
                s = db.new_session()
                try:
                    t0 = time.perf_counter()
                    treffers = zoek(s, base["gemeente_ids"], vraag)
                    tijden.append((time.perf_counter() - t0) * 1000)
                finally:
                    s.close()
            uit[naam] = {"zoek_ms": round(sorted(tijden[1:])[len(tijden[1:]) // 2], 2), "treffers": len(treffers),
                         "beste_score": treffers[0].score if treffers else None}
    return uit


# --- output --------------------------------------------------------------------------


def fmt(v: float) -> str:
    return f"{v:.1f}" if v >= 10 else f"{v:.2f}"


def markdown(report: dict) -> str:
    out = []
    for r in report["databases"]:
        d = r["data"]
        out += [f"### Historie zoeken – {r['version']}, {d['subjecten']} subjecten\n",
                (f"Laden: {d['personen']} personen en {d['ondernemingen']} ondernemingen, {d['vergunningen']} vergunningen, "
                f"{d['betrokkenen']} beheerders, {d['bibob_onderzoeken']} Bibob-onderzoeken in {d['invoegen_s']} s, "
                f"naast {r['controles']['controles']} controles. Echte HTTP (gunicorn, 2 workers), "
                f"{report['config']['rondes']} rondes na {report['config']['warmup']} opwarmrondes; elke meting direct "
                "na een `GET /health` in dezelfde run:\n"),
                "| Zoekvraag | gebruiker | treffers (getoond) | zoek() ms | p50 ms | p95 ms | max ms | p95 / kaal |",
                "|---|---|---:|---:|---:|---:|---:|---:|"]
        for naam, m in r["http"]["metingen"].items():
            s = r["service"][naam]
            out.append(f"| {naam} | {m['gebruiker'].split('.')[0]}{' (Bibob)' if m['bibob_getoond'] else ''} | "
                       f"{s['treffers']} ({m['resultaten']}) | {fmt(s['zoek_ms'])} | {fmt(m['median_ms'])} | "
                       f"{fmt(m['p95_ms'])} | {fmt(m['max_ms'])} | {m['ratio_p95']}× |")
        k = r["http"]["kaal"]
        out.append(f"| GET /health (kale pagina) | | | | {fmt(k['median_ms'])} | {fmt(k['p95_ms'])} | "
                   f"{fmt(k['max_ms'])} | 1× |\n")
    return "\n".join(out)


def bench_database(label: str, url: str, tmp: str, args) -> dict:
    from sqlalchemy import text

    log(f"{label}: schema (alembic upgrade head)")
    migrate(url)
    app = make_app(url, tmp)
    db = app.extensions["handhaving_db"]
    with db.engine.connect() as conn:
        if db.sqlite:
            version = ("SQLite " + conn.execute(text("SELECT sqlite_version()")).scalar() + ", SpatiaLite "
                       + conn.execute(text("SELECT spatialite_version()")).scalar())
        else:
            version = ("PostgreSQL " + conn.execute(text("SHOW server_version")).scalar().split()[0]
                       + ", PostGIS " + conn.execute(text("SELECT postgis_lib_version()")).scalar())
    r = {"label": label, "version": version}
    log(f"{label}: gemeenten, gebruikers, adressen, controletypen")
    base = load_base(app)
    users(app, base)
    log(f"{label}: {args.controles} controles")
    r["controles"] = bulk_controles(app, base, args.controles)
    log(f"{label}: {args.subjecten} subjecten")
    r["data"] = bulk_subjecten(app, base, args.subjecten)
    r["analyze_s"] = analyze(app)
    r["service"] = service_tijden(app, base, r["data"]["adres_lumiere"])
    db.engine.dispose()
    log(f"{label}: gunicorn, {args.rondes} rondes")
    server, base_url = start_gunicorn(url, tmp)
    try:
        r["http"] = bench_http(base_url, r["data"]["adres_lumiere"], args.rondes, args.warmup)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return r


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subjecten", type=int, default=50_000)
    parser.add_argument("--controles", type=int, default=CONTROLES)
    parser.add_argument("--rondes", type=int, default=100, help="meetrondes (elke ronde: alle zoekvragen)")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--alleen", choices=("pg", "sqlite"), help="één database meten")
    parser.add_argument("--output", type=Path, default=RESULTS / "historie.json")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    report = {"generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
              "machine": {"python": platform.python_version(), "platform": platform.platform(),
                          "cpus": os.cpu_count(), "load": os.getloadavg()},
              "config": {"subjecten": args.subjecten, "controles": args.controles, "rondes": args.rondes,
                         "warmup": args.warmup}, "databases": []}
    if args.alleen != "sqlite":
        url = create_pg_database(PG_DB)
        try:
            with tempfile.TemporaryDirectory(prefix="handhaving-bench-historie-") as tmp:
                report["databases"].append(bench_database("PostgreSQL + PostGIS", url, tmp, args))
        finally:
            drop_pg(url)
    if args.alleen != "pg":
        with tempfile.TemporaryDirectory(prefix="handhaving-bench-historie-") as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            report["databases"].append(bench_database("SQLite + SpatiaLite", url, tmp, args))
    report["machine"]["load_na"] = os.getloadavg()
    print(markdown(report))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    print(f"\nResultaten: {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
