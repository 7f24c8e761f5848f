"""The data of the controles benchmarks: gemeenten, users, addresses, control types and
100 000-scale controles with teams and findings (Core inserts), shared by benchmarks/controles.py,
historie.py, offline.py and vergunningen.py."""
from __future__ import annotations

import random
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from datetime import time as dtime

from benchmarks.run import BENCH_GEMEENTEN, PASSWORD

REGIO = "RIEC Benchmark"
TH_PER_GEMEENTE = 8
ADRESSEN_PER_GEMEENTE = 2500
CHUNK = 5000
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
    from handhaving.controles.demo import foto_jpeg, plan_vooraf
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
                    c = plan_vooraf(session, coord, gid, plan)[0]  # 20:00 today, even after 20:00
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
