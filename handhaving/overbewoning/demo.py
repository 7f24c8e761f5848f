"""Demo BRP counts for the demo addresses, with a handful of hotspots.

Through the real importer (two files per gemeente, one per peildatum, so the address page
shows history). Ordinary objects get plausible counts that set off no indicator; 10 objects
per gemeente are clear hotspots of the four kinds, starting with the addresses where the demo
has huisvestingscontroles. One of those controles records "overbewoning bevestigd".
"""
from __future__ import annotations

import csv
import io
import logging
import random
from datetime import date

from sqlalchemy import select

from handhaving.auth.models import Rol
from handhaving.controles.models import Controle, ControleSoort, ControleStatus
from handhaving.locaties.models import Adres, Verblijfsobject
from handhaving.overbewoning import services
from handhaving.overbewoning.importeren import importeer
from handhaving.overbewoning.indicatoren import is_woonobject

log = logging.getLogger("handhaving.demo")

PEILDATA = (date(2026, 6, 30), date(2026, 11, 30))
HOTSPOTS = 10
KOLOMMEN = ["nummeraanduiding_id", "verblijfsobject_id", "peildatum", "personen", "volwassenen", "huishoudens",
            "achternamen", "inschrijvingen_12m"]


def _gewoon(rnd: random.Random, opp: int | None, woon: bool) -> dict:
    """Counts that set off nothing: at least ~16 m² per person, few adults, little turnover."""
    if not woon or not opp:
        return dict(personen=0, volwassenen=0, huishoudens=0, achternamen=0, inschrijvingen_12m=0)
    personen = min(rnd.choice([0, 1, 1, 2, 2, 2, 3, 3, 4, 5]), max(0, opp // 16))
    volwassenen = min(personen, rnd.choice([1, 2, 2, 2, 3]))
    huishoudens = 1 if personen else 0
    return dict(personen=personen, volwassenen=volwassenen, huishoudens=huishoudens,
                achternamen=min(personen, rnd.choice([1, 1, 2])), inschrijvingen_12m=rnd.choice([0, 0, 0, 1, 2]))


def _hotspot(soort: int, opp: int, rnd: random.Random, later: bool) -> dict:
    extra = 1 if later else 0
    if soort == 0:     # small area, many persons
        personen = max(3, opp // 7) + extra
        return dict(personen=personen, volwassenen=personen - 1, huishoudens=3, achternamen=4,
                    inschrijvingen_12m=3 + extra)
    if soort == 1:     # registrations at an object without woonfunctie
        personen = rnd.randint(6, 12) + extra
        return dict(personen=personen, volwassenen=personen, huishoudens=personen - 2, achternamen=personen - 1,
                    inschrijvingen_12m=4 + 2 * extra)
    if soort == 2:     # high turnover
        personen = min(4, max(1, opp // 20))
        return dict(personen=personen, volwassenen=personen, huishoudens=min(personen, 2), achternamen=personen,
                    inschrijvingen_12m=8 + 4 * extra)
    personen = 7 + extra  # many adults in several households
    return dict(personen=personen, volwassenen=6 + extra, huishoudens=4, achternamen=5, inschrijvingen_12m=3)


def _csv(regels: list[dict]) -> bytes:
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=KOLOMMEN, delimiter=";", lineterminator="\n")
    w.writeheader()
    w.writerows(regels)
    return out.getvalue().encode("utf-8")


def seed_bewoning(session, gemeenten, gebruikers) -> None:
    """BRP counts through the real importer, hotspots, and one confirmed beoordeling per gemeente."""
    for gemeente in gemeenten:
        rnd = random.Random(f"brp-{gemeente.code}")
        vbos = session.execute(select(Verblijfsobject).where(Verblijfsobject.gemeente_id == gemeente.id)
                               .order_by(Verblijfsobject.id)).scalars().all()
        if not vbos:
            continue
        adressen: dict[int, list[Adres]] = {}
        for a in session.execute(select(Adres).where(Adres.gemeente_id == gemeente.id)
                                 .order_by(Adres.is_nevenadres, Adres.id)).scalars():
            adressen.setdefault(a.verblijfsobject_id, []).append(a)
        # Hotspots: first the objects of huisvestingscontroles, then small dwellings and offices.
        controle_vbos = [vid for (vid,) in session.execute(
            select(Adres.verblijfsobject_id).join(Controle, Controle.adres_id == Adres.id)
            .where(Controle.gemeente_id == gemeente.id, Controle.soort == ControleSoort.HUISVESTING)
            .order_by(Controle.gepland_op)).all()]
        woon = [v for v in vbos if is_woonobject(v.object_type, v.gebruiksdoel_lijst) and v.oppervlakte]
        niet_woon = [v for v in vbos if not is_woonobject(v.object_type, v.gebruiksdoel_lijst)]
        per_id = {v.id: v for v in vbos}
        gekozen: dict[int, int] = {}
        for vid in dict.fromkeys(controle_vbos):
            if len(gekozen) >= 4:
                break
            v = per_id[vid]
            if is_woonobject(v.object_type, v.gebruiksdoel_lijst) and v.oppervlakte:
                gekozen[vid] = (0, 3, 0, 2)[len(gekozen)]
        klein = sorted(woon, key=lambda v: v.oppervlakte)
        soorten = [0, 1, 2, 3, 0, 1]
        for soort in soorten:
            if len(gekozen) >= HOTSPOTS:
                break
            bron = niet_woon if soort == 1 else (klein[:200] if soort == 0 else woon)
            kandidaten = [v for v in bron if v.id not in gekozen and v.id in adressen]
            if kandidaten:
                gekozen[rnd.choice(kandidaten).id] = soort
        while len(gekozen) < HOTSPOTS and woon:
            gekozen.setdefault(rnd.choice(woon).id, rnd.choice([0, 2, 3]))

        basis = {v.id: _gewoon(rnd, v.oppervlakte, is_woonobject(v.object_type, v.gebruiksdoel_lijst)) for v in vbos}
        for n, peildatum in enumerate(PEILDATA):
            regels = []
            for v in vbos:
                if v.id not in adressen:
                    continue
                if v.id in gekozen:
                    t = _hotspot(gekozen[v.id], v.oppervlakte or 40, rnd, later=n > 0)
                else:
                    t = dict(basis[v.id])
                    if n > 0 and t["personen"] and rnd.random() < 0.08:  # a birth or a move between counts
                        t["personen"] = min(t["personen"] + rnd.choice([-1, 1]), max(0, (v.oppervlakte or 0) // 16))
                        t["volwassenen"] = min(t["volwassenen"], t["personen"])
                        t["achternamen"] = min(t["achternamen"], t["personen"])
                        t["huishoudens"] = 1 if t["personen"] else 0
                eigen = adressen[v.id]
                if v.id % 17 == 0:  # some departments deliver per verblijfsobject
                    regels.append({"verblijfsobject_id": v.bag_id, "peildatum": peildatum.isoformat(), **t})
                elif len(eigen) > 1 and t["personen"] > 1:
                    # Hoofd- and nevenadres: the import adds them up onto the object.
                    neven = {"personen": 1, "volwassenen": 1 if t["volwassenen"] else 0,
                             "huishoudens": 1, "achternamen": 1, "inschrijvingen_12m": 0}
                    hoofd = {k: max(0, t[k] - neven[k]) for k in t}
                    hoofd["inschrijvingen_12m"] = t["inschrijvingen_12m"]
                    hoofd["huishoudens"] = max(1, hoofd["huishoudens"])
                    hoofd["achternamen"] = max(1, hoofd["achternamen"])
                    regels.append({"nummeraanduiding_id": eigen[0].nummeraanduiding_id,
                                   "peildatum": peildatum.isoformat(), **hoofd})
                    regels.append({"nummeraanduiding_id": eigen[1].nummeraanduiding_id,
                                   "peildatum": peildatum.isoformat(), **neven})
                else:
                    regels.append({"nummeraanduiding_id": eigen[0].nummeraanduiding_id,
                                   "peildatum": peildatum.isoformat(), **t})
            rapport = importeer(session, gemeente.id, _csv(regels), proef=False,
                                bestandsnaam=f"brp-{gemeente.code}-{peildatum.isoformat()}.csv")
            if rapport.fouten_totaal:
                raise RuntimeError(rapport.samenvatting())
            log.info("BRP demo %s: %s", gemeente.naam, rapport.samenvatting().splitlines()[0])
        _beoordeling(session, gemeente, gebruikers, list(gekozen))


def _beoordeling(session, gemeente, gebruikers, hotspot_vbos: list[int]) -> None:
    """'Overbewoning bevestigd' on a huisvestingscontrole carried out at a hotspot, if the demo has one."""
    coordinator = next((u for u in gebruikers if any(t.rol == Rol.COORDINATOR and t.gemeente_id == gemeente.id
                                                     for t in u.rollen)), None)
    if coordinator is None or not hotspot_vbos:
        return
    gedaan = [s for s in ControleStatus if s not in (ControleStatus.GEPLAND, ControleStatus.VOORBEREID)]
    rij = session.execute(
        select(Controle, Adres).join(Adres, Adres.id == Controle.adres_id)
        .where(Controle.gemeente_id == gemeente.id, Controle.soort == ControleSoort.HUISVESTING,
               Controle.status.in_(gedaan), Adres.verblijfsobject_id.in_(hotspot_vbos))
        .order_by(Controle.gepland_op.desc()).limit(1)).first()
    if rij is None:
        return
    controle, adres = rij
    services.beoordeel(session, coordinator, [gemeente.id], adres.id, uitkomst="bevestigd", controle_id=controle.id,
                       toelichting="Bij de controle trof het team meer bewoners aan dan de gebruiksoppervlakte toelaat; "
                                   "meerdere slaapplaatsen per kamer. Zie het rapport van de controle.")
