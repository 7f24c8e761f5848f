"""Demo controles: half a year of field work in the two demo gemeenten, in every status.

``seed_controles`` is called by ``handhaving.demo.seed`` after the users and addresses
exist, in the caller's transaction (flush only), and needs an app context (photos,
signatures and PDFs go to the app's storage; the rapport job is queued through the
app's queue; audit rows are written as the services write them).

Per gemeente: the default control types (``sjablonen.installeer_standaard``), an
aanwijzing for every toezichthouder, and some 35 controles on existing demo addresses, each
with all the gemeente's toezichthouders as its team (two in the demo: a prostitution control
goes out in pairs):

* planned ones in the coming weeks (one round of three), and two TODAY (10:00 and 14:00
  local time) for every toezichthouder of the gemeente;
* two started and being recorded, two uitgevoerd, two rapporten in concept with a
  signature (one drawn, one verklaring), two vastgesteld awaiting the outcome;
* closed ones with every outcome, one of them with two (handhaving and a RIEC signal); three
  hercontroles (one follow-up upcoming, one overdue, one carried out); some addresses last controlled more than 12 months ago and some with
  serious findings and no control since, so that the suggestions list is not empty.

Everything goes through the services a user would call (plan, prepare, start, autosave,
findings, persons, photos, afronden, rapport, sign, vaststellen, outcome), so the rows,
checks and audit trail are the real ones.

Why dates are set afterwards: the planning service refuses a slot in the past (``plan_vooraf``
plans today's earlier hours a day later and moves them back), and the
services stamp ``utcnow()`` on start, recording, signing and vaststelling. A history is
therefore planned for today and walked through the lifecycle now; then its timestamps
(``gepland_op``/``gepland_tot``, ``gestart_op``, answers, findings, persons, photos,
``uitgevoerd_op``, signatures, ``vastgesteld_op``, the rapport's dates, ``afgerond_op``)
are moved back to the historic moment directly on the models, keeping their order. The
outcome is chosen *after* that; a hercontrole is planned through the outcome page's suggestion
and then moved to the historic date plus the gemeente's term, as it would have been. Audit rows are not touched: they are hash-chained,
and they truthfully say that the seed made these rows now.

PDFs: every vastgesteld rapport is made synchronously here (``rapport.maak_rapport``, before
the outcome, as the job would have right after vaststelling), so they exist right after
``make run``; the job row is then marked done, and the job that the worker receives finds
nothing left to do.

Idempotent per gemeente: a gemeente that has controles already is left alone.
"""
from __future__ import annotations

import dataclasses
import logging
import random
import time as _time
import uuid as uuidlib
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask import has_app_context
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from handhaving.auth.models import Gebruiker, Gemeente, Rol
from handhaving.controles import afronding, planning, rapport, services, sjablonen, vastlegging
from handhaving.controles.demo_beelden import foto_jpeg, handtekening_data_url
from handhaving.controles.demo_scenarios import (
    AANWIJZING,
    AANWIJZING_ANDERS,
    GETALLEN,
    KEUZES,
    NAMEN,
    NAMEN_ANDERS,
    NATIONALITEITEN,
    NORMAAL_NEE,
    PLAN,
    SCENARIOS,
    TOELICHTING,
    WERKNAMEN,
    Pers,
    S,
    Scenario,
    Stap,
)
from handhaving.controles.instellingen import HERCONTROLE_TERMIJN
from handhaving.controles.models import (
    AangetroffenPersoon,
    Aanwijzing,
    Bevinding,
    BevindingTijdcorrectie,
    ChecklistAntwoord,
    Controle,
    Controletype,
    Foto,
    ItemSoort,
    Ondertekening,
    Rapport,
    RapportStatus,
    Tijdbron,
)
from handhaving.db import utcnow
from handhaving.instellingen import waarde as instelling
from handhaving.jobs.models import Achtergrondtaak, TaakStatus
from handhaving.locaties.models import Adres, Verblijfsobject
from handhaving.tijd import naar_lokaal, naar_utc, vandaag

log = logging.getLogger("handhaving.controles.demo")

NAMESPACE = uuidlib.UUID("0b7f3c1e-5a2d-4c8e-9f61-d3e2a4b5c6d7")


# --------------------------------------------------------------------------- helpers

@dataclass
class _Gemeente:
    gemeente: Gemeente
    toezichthouders: list[Gebruiker]
    coordinator: Gebruiker
    beheerder: Gebruiker | None
    typen: dict[str, Controletype]
    namen: dict[str, str]
    adressen: dict[str, list[Adres]]
    rnd: random.Random
    nu: datetime
    vandaag: date
    teller: int = 0
    pdfs: int = 0
    gebruikt: set = field(default_factory=set)
    adres_van: dict = field(default_factory=dict)   # Stap.naam → the address it was planned on


def _sleutel(*delen) -> str:
    return str(uuidlib.uuid5(NAMESPACE, ":".join(str(d) for d in delen)))


def _rollen(user: Gebruiker, gemeente_id: int) -> set:
    return user.rollen_per_gemeente().get(gemeente_id, set())


def _gebruikers(users, gemeente: Gemeente):
    users = list(users.values()) if isinstance(users, dict) else list(users)
    # In the order the accounts were made: the first is the one who records (toezichthouder.<gemeente>).
    th = sorted((u for u in users if u.actief and Rol.TOEZICHTHOUDER in _rollen(u, gemeente.id)),
                key=lambda u: u.id)
    # The gemeente's own coordinator (not the regional one) plans and closes.
    coord = sorted((u for u in users if u.actief and Rol.COORDINATOR in _rollen(u, gemeente.id)),
                   key=lambda u: (len(u.rollen_per_gemeente()), u.id))
    beheer = sorted((u for u in users if u.actief and Rol.BEHEERDER in _rollen(u, gemeente.id)),
                    key=lambda u: (len(u.rollen_per_gemeente()), u.id))
    if not th or not coord:
        raise ValueError(f"{gemeente.naam}: de demo-controles hebben een toezichthouder en een coördinator nodig.")
    return th, coord[0], (beheer[0] if beheer else None)


def plan_vooraf(session: Session, user, gemeente_id: int, plan: planning.Plan) -> list[Controle]:
    """Plan ``plan`` as if it had been planned the day before: for demo data, benchmarks and tests
    that need a controle today at a fixed hour, whatever the hour now.

    The planning service refuses a slot earlier today. Such a slot is planned one day later through
    the service (every other rule applies) and then moved back to today on the model. Any other
    slot, a past day included, goes to the service as it is. Never for a user's input."""
    if plan.datum != vandaag() or planning.tijdvak_fout(plan.datum, plan.van, plan.tot) is None:
        return planning.plan_controles(session, user, gemeente_id, plan)
    controles = planning.plan_controles(session, user, gemeente_id,
                                        dataclasses.replace(plan, datum=plan.datum + timedelta(days=1)))
    for c in controles:
        c.gepland_op, c.gepland_tot = naar_utc(plan.datum, plan.van), naar_utc(plan.datum, plan.tot)
    session.flush()
    return controles


def _adressen(session: Session, gemeente_id: int, rnd: random.Random) -> dict[str, list[Adres]]:
    """Existing hoofdadressen per kind of place, each list in a fixed shuffled order."""
    rijen = session.execute(
        select(Adres, Verblijfsobject.gebruiksdoelen, Verblijfsobject.oppervlakte)
        .join(Verblijfsobject, Verblijfsobject.id == Adres.verblijfsobject_id)
        .where(Adres.gemeente_id == gemeente_id, Adres.is_nevenadres.is_(False))
        .order_by(Adres.id)).all()
    if not rijen:
        raise ValueError("Geen adressen: laad eerst de demo-adressen.")

    def kies(*voorwaarden):
        for voorwaarde in voorwaarden:
            lijst = [a for a, doelen, opp in rijen if voorwaarde(doelen or "", opp or 0)]
            if len(lijst) >= 4:
                rnd.shuffle(lijst)
                return lijst
        lijst = [a for a, _, _ in rijen]
        rnd.shuffle(lijst)
        return lijst

    def niet_wonen(d, o):
        return "woonfunctie" not in d

    return {
        "seks": kies(lambda d, o: d in ("bijeenkomstfunctie", "logiesfunctie"), niet_wonen),
        "horeca": kies(lambda d, o: d == "bijeenkomstfunctie", niet_wonen),
        "salon": kies(lambda d, o: "winkelfunctie" in d, niet_wonen),
        "bedrijf": kies(lambda d, o: d in ("industriefunctie", "kantoorfunctie"), niet_wonen),
        "woning": kies(lambda d, o: d == "woonfunctie" and o < 110, lambda d, o: d == "woonfunctie"),
        "woning_groot": kies(lambda d, o: d == "woonfunctie" and o >= 110, lambda d, o: d == "woonfunctie"),
    }


def _neem_adres(g: _Gemeente, soort: str) -> Adres:
    for a in g.adressen[soort]:
        if a.id not in g.gebruikt:
            g.gebruikt.add(a.id)
            return a
    return g.rnd.choice(g.adressen[soort])  # a small demo: addresses are visited twice


def _antwoorden(session: Session, c: Controle, sc: Scenario, g: _Gemeente, stap: Stap, begin: datetime
                ) -> dict[str, vastlegging.Wijziging]:
    """Every item's answer for this scenario (required ones always), as the autosave sends them."""
    # Ids follow the checklist order (sections and items are created in order).
    items = sorted(vastlegging.items(session, c).values(), key=lambda i: i.id)
    bevinding_antwoord = {b.item: b.antwoord for b in sc.bevindingen if b.item and b.antwoord}
    lokaal = naar_lokaal(begin)
    hercontrole = stap.status == S.HERCONTROLE_GEPLAND
    uit: dict[str, vastlegging.Wijziging] = {
        "toegang": vastlegging.Wijziging(sc.toegang.value, ""),
        "is_woning": vastlegging.Wijziging("ja" if sc.is_woning else "nee", "nee"),
        "notities": vastlegging.Wijziging(sc.notities, ""),
    }
    for item in items:
        code = item.code
        w = sc.antwoorden.get(code, bevinding_antwoord.get(code))
        if w is None:
            if code == "overtredingen_geconstateerd":
                w = "ja" if sc.bevindingen else "nee"
            elif code == "hercontrole_nodig":
                w = "ja" if hercontrole else "nee"
            elif code == "woning_aanwezig":
                w = "ja" if sc.is_woning else "nee"
            elif code == "hercontrole_uiterlijk":
                w = (lokaal.date() + timedelta(weeks=6)).isoformat() if hercontrole else ""
            elif code == "onmiddellijke_maatregelen":
                w = "Exploitant aangesproken; gebreken ter plaatse toegelicht." if sc.bevindingen else ""
            elif item.soort == ItemSoort.JA_NEE:
                w = "nee" if code in NORMAAL_NEE or code.startswith("sig_") else "ja"
            elif item.soort == ItemSoort.GETAL:
                w = GETALLEN.get(code, "1")
            elif item.soort == ItemSoort.KEUZE:
                w = KEUZES.get(code) if KEUZES.get(code) in (item.keuzes or []) else (item.keuzes or [""])[0]
            elif item.soort == ItemSoort.DATUM:
                w = {"vergunning_geldig_tot": (lokaal.date() + timedelta(days=420)).isoformat(),
                     "snf_geldig_tot": (lokaal.date() + timedelta(days=230)).isoformat()}.get(code, "")
            elif item.soort == ItemSoort.TIJD:
                w = (lokaal + timedelta(minutes=8)).strftime("%H:%M") if code == "tijd_binnenkomst" else ""
            else:
                w = ""
        if code == "werkgever" and w in g.namen:
            w = g.namen[w]
        if w == "" and not item.verplicht:
            continue
        uit[f"a:{item.id}"] = vastlegging.Wijziging(w, "")
        # A "nee" on a requirement gets a short explanation, as toezichthouders write them.
        if w == "nee" and item.verplicht and code not in NORMAAL_NEE:
            uitleg = next((b.omschrijving for b in sc.bevindingen if b.item == code), "")
            if uitleg:
                uit[f"t:{item.id}"] = vastlegging.Wijziging(uitleg[:300], "")
    if stap.gedeeltelijk:
        # Half-way: the entry basis, the first sections and the notes; the rest still open.
        sleutels = [k for k in uit if k.startswith("a:")]
        houden = set(sleutels[: max(3, len(sleutels) // 2)])
        uit = {k: v for k, v in uit.items() if not k.startswith(("a:", "t:")) or k in houden
               or (k.startswith("t:") and "a:" + k[2:] in houden)}
    return uit


def _sekswerker(p: Pers, g: _Gemeente, jaar: int, n: int) -> vastlegging.SekswerkerInvoer:
    return vastlegging.SekswerkerInvoer(
        werknaam=WERKNAMEN[(g.teller + n) % len(WERKNAMEN)],
        geboortejaar=None if p.leeftijd_min is None else jaar - p.leeftijd_min,
        id_gezien=p.id_gezien, nationaliteit=NATIONALITEITEN[(g.teller * 3 + n) % len(NATIONALITEITEN)],
        ingeschreven_brp_rni=p.brp, gesprek_aangeboden=True, tolk=p.tolk,
        toelichting="Gesprek met een telefonische tolk." if p.tolk else
                    "Apart gesproken, zonder exploitant of beheerder.")


# --------------------------------------------------------------------------- one controle

def _plan(session: Session, g: _Gemeente, stap: Stap, n: int) -> list[Controle]:
    sc = SCENARIOS[stap.scenario]
    ctype = g.typen[sc.type_code]
    if stap.adres and stap.adres.startswith("@"):
        adressen = [g.adres_van[stap.adres[1:]]]
    else:
        adressen = [_neem_adres(g, stap.adres or sc.plek) for _ in range(max(1, stap.ronde))]
    # History is planned for today (the service refuses the past) and moved back later.
    dag = g.vandaag + timedelta(days=max(stap.dag, 0))
    eind = (datetime.combine(dag, stap.uur) + timedelta(hours=2, minutes=30)).time()
    if eind <= stap.uur:
        eind = time(23, 59)
    plan = planning.Plan(
        uuid=_sleutel(g.gemeente.code, "stap", n), controletype_id=ctype.id, adres_ids=[a.id for a in adressen],
        datum=dag, van=stap.uur, tot=eind, toezichthouder_ids=[t.id for t in g.toezichthouders],
        partners=list(stap.partners if stap.partners is not None else ctype.partners),
        rechtsgronden=list(ctype.rechtsgronden), briefing=sc.briefing,
        ronde_naam=f"Avondronde {ctype.naam.lower()} {g.gemeente.naam}" if stap.ronde > 1 else "")
    controles = plan_vooraf(session, g.coordinator, g.gemeente.id, plan)
    if stap.naam:
        g.adres_van[stap.naam] = adressen[0]
    return controles


def _voer_uit(session: Session, g: _Gemeente, c: Controle, stap: Stap, begin: datetime) -> None:
    """Walk one controle through the lifecycle up to ``stap.status`` (before the outcome) and
    move its timestamps back to ``begin``."""
    sc = SCENARIOS[stap.scenario]
    th, coord = g.toezichthouders[0], g.coordinator
    g.teller += 1
    if stap.status == S.GEPLAND:
        return
    services.bereid_voor(session, coord, c, c.versie)
    if stap.status == S.VOORBEREID and not stap.gedeeltelijk:
        return
    vastlegging.start(session, th, c)
    vastlegging.sla_op(session, th, c, c.versie, _antwoorden(session, c, sc, g, stap, begin))
    bevindingen = []
    for i, b in enumerate(sc.bevindingen):
        bev, _ = vastlegging.voeg_bevinding_toe(
            session, th, c, uuid=_sleutel(c.uuid, "bevinding", i), categorie=b.categorie, omschrijving=b.omschrijving,
            waarneming=b.waarneming, ernst=b.ernst, norm=b.norm, checklist_item_code=b.item)
        bevindingen.append(bev)
    jaar = naar_lokaal(begin).year
    for i, p in enumerate(sc.personen):
        naam = g.namen.get(p.naam, p.naam) if p.rol in ("exploitant", "beheerder", "anders") else ""
        vastlegging.voeg_persoon_toe(
            session, th, c, uuid=_sleutel(c.uuid, "persoon", i), rol=p.rol, naam=naam,
            id_gezien=p.id_gezien, leeftijd_gecontroleerd=p.rol != "sekswerker" and p.id_gezien,
            opmerking=p.opmerking, sekswerker=_sekswerker(p, g, jaar, i) if p.rol == "sekswerker" else None)
    fotos = [(b.foto, bev) for b, bev in zip(sc.bevindingen, bevindingen) if b.foto] + [(f, None) for f in sc.fotos]
    for i, (bijschrift, bev) in enumerate(fotos):
        data = foto_jpeg(bijschrift, begin + timedelta(minutes=30 + 6 * i), seed=zlib.crc32(f"{c.uuid}:{i}".encode()))
        vastlegging.voeg_foto_toe(session, th, c, uuid=_sleutel(c.uuid, "foto", i), data=data, bijschrift=bijschrift,
                                  bevinding=bev)
    if stap.status == S.VOORBEREID:
        _verschuif(session, c, begin, g.nu)
        return
    afronding.rond_uitvoering_af(session, th, c, c.versie)
    if stap.status != S.UITGEVOERD:
        services.stel_rapport_op(session, th, c, c.versie)
        if stap.handtekening:
            afronding.onderteken(session, th, c, wijze="handtekening", naam=th.naam,
                                 handtekening=handtekening_data_url(th.naam, g.teller))
        else:
            afronding.onderteken(session, th, c, wijze="verklaring", naam=th.naam, akkoord=True)
        if stap.status != S.RAPPORT_CONCEPT:
            afronding.stel_vast(session, coord, c, c.versie)
    _verschuif(session, c, begin, g.nu)
    if c.status == S.RAPPORT_VASTGESTELD and stap.pdf:
        _maak_pdf(session, g, c)


def _verschuif(session: Session, c: Controle, begin: datetime, nu: datetime) -> None:
    """Move a controle's own timestamps to the moment it really happened (see the module doc)."""
    duur = (c.gepland_tot - c.gepland_op) if c.gepland_op and c.gepland_tot else timedelta(hours=2, minutes=30)
    c.gepland_op, c.gepland_tot = begin, begin + duur
    c.aangemaakt_op = min(c.aangemaakt_op, begin - timedelta(days=9))
    if c.gestart_op is None:
        return
    gestart = begin + timedelta(minutes=6)
    c.gestart_op = gestart
    for i, a in enumerate(session.execute(select(ChecklistAntwoord).where(ChecklistAntwoord.controle_id == c.id)
                                          .order_by(ChecklistAntwoord.id)).scalars()):
        a.gewijzigd_op = gestart + timedelta(minutes=10 + i)
    bevindingen = session.execute(select(Bevinding).where(Bevinding.controle_id == c.id).order_by(Bevinding.id)
                                  ).scalars().all()
    klaar = gestart + timedelta(minutes=95)
    # Issue 23: every other controle carried out was recorded on the tablet offline and synced with
    # afronden: the device's time, received then, with the clock difference (one in four 7 minutes off).
    tablet = c.uitgevoerd_op is not None and c.id % 2 == 0
    c.gestart_ontvangen_op = klaar if tablet else gestart
    for i, b in enumerate(bevindingen):
        b.waargenomen_op = gestart + timedelta(minutes=25 + 7 * i)
        if tablet:
            b.tijdbron, b.klokverschil_s, b.ontvangen_op = Tijdbron.APPARAAT, 420 if c.id % 4 == 0 else 12, klaar
        else:
            b.ontvangen_op = b.waargenomen_op
    if c.uitgevoerd_op is not None and c.id % 3 == 0 and bevindingen and c.toezichthouders:
        # One finding written down after the fact, its time corrected with a reason (before the rapport).
        b = bevindingen[0]
        nieuw = b.waargenomen_op - timedelta(minutes=12)
        session.add(BevindingTijdcorrectie(bevinding_id=b.id, gemeente_id=c.gemeente_id, oud=b.waargenomen_op,
                                           oude_bron=b.tijdbron, nieuw=nieuw, door_id=c.toezichthouders[0].id,
                                           op=klaar - timedelta(minutes=3),
                                           reden="Pas na afloop opgeschreven; tijd uit het notitieboekje."))
        b.waargenomen_op, b.tijdbron = nieuw, Tijdbron.CORRECTIE
    for i, p in enumerate(session.execute(select(AangetroffenPersoon).where(AangetroffenPersoon.controle_id == c.id)
                                          .order_by(AangetroffenPersoon.id)).scalars()):
        p.aangemaakt_op = gestart + timedelta(minutes=15 + 5 * i)
    for i, f in enumerate(session.execute(select(Foto).where(Foto.controle_id == c.id).order_by(Foto.id)).scalars()):
        f.gemaakt_op = gestart + timedelta(minutes=24 + 6 * i)
    c.gewijzigd_op = min(klaar, nu - timedelta(minutes=5))
    if c.uitgevoerd_op is None:
        session.flush()
        return
    c.uitgevoerd_op = klaar
    # Signed the next working morning, vastgesteld before lunch (never later than now).
    getekend = min(_werkdag(klaar, time(9, 20)), nu - timedelta(hours=2))
    for o in session.execute(select(Ondertekening).where(Ondertekening.controle_id == c.id)).scalars():
        o.getekend_op = getekend
    if c.vastgesteld_op is not None:
        c.vastgesteld_op = min(getekend + timedelta(hours=2, minutes=10), nu - timedelta(minutes=5))
        for r in session.execute(select(Rapport).where(Rapport.controle_id == c.id)).scalars():
            r.aangevraagd_op = c.vastgesteld_op
    session.flush()


def _werkdag(na: datetime, om: time) -> datetime:
    """The next working day after ``na`` at local time ``om`` (naive UTC)."""
    dag = naar_lokaal(na).date() + timedelta(days=1)
    while dag.weekday() >= 5:
        dag += timedelta(days=1)
    return naar_utc(dag, om)


def _maak_pdf(session: Session, g: _Gemeente, c: Controle) -> None:
    """Make the rapport now (as the job would right after vaststelling) and mark its job done."""
    r = session.execute(select(Rapport).where(Rapport.controle_id == c.id).order_by(Rapport.versie.desc())
                        ).scalars().first()
    session.expire(c)  # the collections (photos, findings, persons) were added through the services
    gemaakt = rapport.maak_rapport(session, r.id)
    if gemaakt is None or gemaakt.status != RapportStatus.KLAAR:
        raise RuntimeError(f"Rapport van demo-controle {c.id} is niet gemaakt: {gemaakt and gemaakt.fout}")
    gemaakt.gemaakt_op = c.vastgesteld_op + timedelta(seconds=40)
    session.execute(update(Achtergrondtaak).where(Achtergrondtaak.taak_sleutel == rapport.taak_sleutel(c, r))
                    .values(status=TaakStatus.KLAAR, pogingen=1, aangemaakt_op=c.vastgesteld_op,
                            gestart_op=c.vastgesteld_op + timedelta(seconds=2), klaar_op=gemaakt.gemaakt_op))
    session.flush()
    g.pdfs += 1


def _uitkomst(session: Session, g: _Gemeente, c: Controle, stap: Stap) -> Controle | None:
    partner = (stap.partners or ("politie",))[0]
    keuzes = [afronding.Keuze(stap.status.value, stap.toelichting or TOELICHTING[stap.status], partner),
              *(afronding.Keuze(s.value, t, partner) for s, t in stap.ook)]
    hercontrole = None
    if S.HERCONTROLE_GEPLAND in (stap.status, *(s for s, _ in stap.ook)):
        # Planned as the outcome page suggests (the planning service refuses a date in the past);
        # moved to its historic date below, as the rest of the history.
        v = afronding.hercontrole_voorstel(session, c)
        hercontrole = afronding.Hercontrole(_sleutel(c.uuid, "hercontrole"), v.datum, v.van, v.tot,
                                            v.toezichthouder_ids)
    rijen = afronding.kies_uitkomsten(session, g.coordinator, c, c.versie, keuzes, hercontrole)
    c.afgerond_op = min(_werkdag(c.vastgesteld_op + timedelta(days=1), time(10, 15)), g.nu - timedelta(minutes=10))
    vervolg = next((r.hercontrole for r in rijen if r.hercontrole is not None), None)
    for r in rijen:
        r.gekozen_op = c.afgerond_op
    if vervolg is not None:
        duur = vervolg.gepland_tot - vervolg.gepland_op
        vervolg.gepland_op = c.gepland_op + timedelta(weeks=instelling(session, g.gemeente.id, HERCONTROLE_TERMIJN))
        vervolg.gepland_tot = vervolg.gepland_op + duur
        vervolg.aangemaakt_op = c.afgerond_op
    session.flush()
    return vervolg


def _seed_gemeente(session: Session, g: _Gemeente) -> int:
    termijn = timedelta(weeks=instelling(session, g.gemeente.id, HERCONTROLE_TERMIJN))
    aantal = 0
    for n, stap in enumerate(PLAN):
        begin = naar_utc(g.vandaag + timedelta(days=stap.dag), stap.uur)
        for c in _plan(session, g, stap, n):
            aantal += 1
            _voer_uit(session, g, c, stap, begin)
            if stap.status not in afronding.UITKOMSTEN:
                continue
            vervolg = _uitkomst(session, g, c, stap)
            if vervolg is None:
                continue
            aantal += 1
            if vervolg.gepland_op != c.gepland_op + termijn:  # the service's own rule, as documented
                log.warning("Hercontrole van demo-controle %s niet op %s gepland", c.id, termijn)
            if stap.vervolg is not None:
                _voer_uit(session, g, vervolg, stap.vervolg, vervolg.gepland_op)
                if stap.vervolg.status in afronding.UITKOMSTEN:
                    _uitkomst(session, g, vervolg, stap.vervolg)
                    # The follow-up found the findings resolved.
                    # (Set on the model: the service only allows it while the follow-up is open.)
                    for b in c.bevindingen:
                        b.opgelost_op, b.opgelost_in_controle_id = vervolg.uitgevoerd_op, vervolg.id
                        b.opgelost_door_id = vervolg.toezichthouders[0].id if vervolg.toezichthouders else None
                    session.flush()
    return aantal


# --------------------------------------------------------------------------- entry point

def seed_controles(session: Session, gemeenten, users, now: datetime | None = None) -> dict[str, int]:
    """Control types, aanwijzingen and controles for each demo gemeente; flush only.

    ``users``: the demo users (any iterable of ``Gebruiker``, or a dict of them); per gemeente
    its toezichthouders form the team, its own coördinator plans and closes, its beheerder
    records the aanwijzingen. A gemeente that has controles already is skipped. Returns the
    number of controles made per gemeente name.

    ``now``: the moment the demo is set at (default: now); history and plans count from its
    local date. The planning service checks dates against the real today, so ``now`` must not
    lie before today."""
    if not has_app_context():
        raise RuntimeError("seed_controles heeft een app-context nodig: foto's, handtekeningen en PDF's gaan naar "
                           "de opslag van de app (with app.app_context(): ...).")
    start = _time.perf_counter()
    nu = now or utcnow()
    uit: dict[str, int] = {}
    pdfs = 0
    for gemeente in gemeenten:
        if session.execute(select(func.count()).select_from(Controle)
                           .where(Controle.gemeente_id == gemeente.id)).scalar():
            uit[gemeente.naam] = 0
            continue
        sjablonen.installeer_standaard(session, gemeente.id)
        th, coord, beheerder = _gebruikers(users, gemeente)
        besluit, prefix = AANWIJZING.get(gemeente.code, AANWIJZING_ANDERS)
        geldig_tot = date(naar_lokaal(nu).year + 2, 12, 31)
        for i, t in enumerate(th):
            nummer = f"{prefix}-{412 + 37 * i:04d}"
            if beheerder is not None:  # as the beheerder records it (checked, audited)
                sjablonen.zet_aanwijzing(session, beheerder, gemeente.id, t.id, besluit, nummer, geldig_tot)
            else:
                session.add(Aanwijzing(gebruiker_id=t.id, gemeente_id=gemeente.id, besluit=besluit,
                                       legitimatienummer=nummer, geldig_tot=datetime.combine(geldig_tot, time())))
        typen = {t.code: t for t in session.execute(
            select(Controletype).where(Controletype.gemeente_id == gemeente.id)).scalars()}
        rnd = random.Random(f"demo-controles-{gemeente.code}")
        g = _Gemeente(gemeente=gemeente, toezichthouders=th, coordinator=coord, beheerder=beheerder, typen=typen,
                      namen=NAMEN.get(gemeente.code, NAMEN_ANDERS), adressen=_adressen(session, gemeente.id, rnd),
                      rnd=rnd, nu=nu, vandaag=naar_lokaal(nu).date())
        uit[gemeente.naam] = _seed_gemeente(session, g)
        pdfs += g.pdfs
    log.info("Demo-controles: %s, %d PDF's, in %.1f s", uit, pdfs, _time.perf_counter() - start)
    return uit
