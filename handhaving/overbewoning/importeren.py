"""Importing BRP occupancy counts (documented in ``docs/brp-import.md``).

The file holds counts only, per nummeraanduiding or verblijfsobject and peildatum. A file
that looks like it holds names, BSNs or nationality is refused as a whole before anything
is read (domain brief §7, §8); reading is :mod:`handhaving.overbewoning.brp_lezen`. Every
other problem is a rejected row with its line number; one rejected row and nothing is
applied (all or nothing).

A count belongs to the object, once per peildatum: the rows of its hoofd- and nevenadressen
for one peildatum are added up, but an object whose addresses come with different peildata
(two partial counts), or with a row by object id next to a row by one of its addresses (the
same persons twice), is refused. A full file (``volledig``) replaces: an object with
registered persons that is not in it gets 0 at the file's peildatum, and the report says how
many. History is kept per peildatum; re-importing a file changes nothing; ``actueel`` marks
each object's newest count. The service only flushes: the caller's transaction commits.
"""
from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from datetime import date

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session, aliased

from handhaving.audit import services as audit
from handhaving.auth.models import Gemeente
from handhaving.locaties.models import Adres, Verblijfsobject
from handhaving.overbewoning.acties import OverbewoningActie
from handhaving.overbewoning.brp_lezen import (KOLOMMEN, OPTIONEEL, TELLINGEN, ImportFout, Rapport, Voortgang, _fout,
                                               _lees_rijen, _Rij, _stil, controleer_bestand, decodeer, is_bsn)
from handhaving.overbewoning.models import BrpImport, Bewoning, OpgegevenOppervlakte

_CHUNK = 500
_SCHRIJF_STUK = 10_000   # rows per INSERT/UPDATE batch while writing (a progress report after each)
_HELE_GEMEENTE = 2_000
# What is compared to decide nieuw / gewijzigd / ongewijzigd, and written.
VELDEN = (*TELLINGEN, "oppervlakte", "oppervlakte_bron")


def _in_stukken(waarden):
    waarden = list(waarden)
    for i in range(0, len(waarden), _CHUNK):
        yield waarden[i:i + _CHUNK]


def _objecten(session: Session, gemeente_id: int, rijen: list[_Rij]) -> dict[tuple[str, str], int]:
    """(column, id) → verblijfsobject id, for ids of this gemeente's BAG only."""
    uit: dict[tuple[str, str], int] = {}
    nums = {r.sleutel[1] for r in rijen if r.sleutel[0] == "nummeraanduiding_id"}
    vbos = {r.sleutel[1] for r in rijen if r.sleutel[0] == "verblijfsobject_id"}
    for kolom, ids, sleutel, waarde, tenant in (
            ("nummeraanduiding_id", nums, Adres.nummeraanduiding_id, Adres.verblijfsobject_id, Adres.gemeente_id),
            ("verblijfsobject_id", vbos, Verblijfsobject.bag_id, Verblijfsobject.id, Verblijfsobject.gemeente_id)):
        if len(ids) > _HELE_GEMEENTE:
            # A large file: one pass over the gemeente's BAG beats many IN lists.
            for bid, vid in session.execute(select(sleutel, waarde).where(tenant == gemeente_id)):
                if bid in ids:
                    uit[(kolom, bid)] = vid
            continue
        for stuk in _in_stukken(ids):
            for bid, vid in session.execute(select(sleutel, waarde).where(tenant == gemeente_id, sleutel.in_(stuk))):
                uit[(kolom, bid)] = vid
    return uit


def _optellen(a: int | None, b: int | None) -> int | None:
    """An optional count of an object is known only if every one of its rows has it."""
    return None if a is None or b is None else a + b


def _nl(d: date) -> str:
    return d.strftime("%d-%m-%Y")


def _een_telling_per_object(rapport: Rapport, rijen: list[_Rij]) -> bool:
    """Refuse the rows that would make an object's count partial or double; True if all is well.

    - A row by ``verblijfsobject_id`` and a row by one of its addresses on the same peildatum
      would count the same persons twice: refused, not added up.
    - The object's addresses must come on the same peildata: with the hoofdadres on one date and
      a nevenadres on another, each peildatum holds part of the persons, and the newest
      (``actueel``) one loses the others."""
    goed = True
    op_regel = sorted(rijen, key=lambda r: r.regel)
    per_dag: dict[date, dict[tuple[str, str], _Rij]] = defaultdict(dict)
    for r in op_regel:
        per_dag[r.peildatum][r.sleutel] = r
    for pd, rijen_op_dag in per_dag.items():
        per_object = [r for s, r in rijen_op_dag.items() if s[0] == "verblijfsobject_id"]
        if per_object and len(rijen_op_dag) > 1:
            eerste = min(rijen_op_dag.values(), key=lambda r: r.regel)
            for r in sorted(rijen_op_dag.values(), key=lambda r: r.regel)[1:]:
                _fout(rapport, r.regel, r.sleutel[0],
                      f"Verblijfsobject {per_object[0].sleutel[1]} heeft op regel {eerste.regel} al een telling "
                      f"(peildatum {_nl(pd)}); een rij per object en een rij per adres samen tellen dezelfde personen "
                      "twee keer. Lever per object óf één rij met verblijfsobject_id, óf een rij per adres.")
            goed = False
    if goed and len(per_dag) > 1:
        sleutels = {s for dag in per_dag.values() for s in dag}
        if any(set(dag) != sleutels for dag in per_dag.values()):
            laatste = op_regel[-1]
            ander = next(r for r in op_regel if r.peildatum != laatste.peildatum)
            _fout(rapport, laatste.regel, "peildatum",
                  f"De adressen van dit verblijfsobject hebben verschillende peildata: regel {ander.regel} "
                  f"({_nl(ander.peildatum)}) en regel {laatste.regel} ({_nl(laatste.peildatum)}). Een telling hoort "
                  "per object en peildatum alle adressen te bevatten; anders telt de nieuwste maar een deel van de "
                  "personen. Lever alle adressen van het object met dezelfde peildatum(s).")
            goed = False
    return goed


def _oppervlakten(session: Session, gemeente_id: int, rapport: Rapport,
                  per_vid: dict[int, list[_Rij]]) -> dict[int, int]:
    """verblijfsobject id → the beheerder's area, for the objects in the file. Refuses an area in the
    file for an object whose area the BAG gives, and two different areas for one object and peildatum."""
    met_opp = [vid for vid, rijen in per_vid.items() if any(r.oppervlakte is not None for r in rijen)]
    bag = {}
    for stuk in _in_stukken(met_opp):
        bag.update(session.execute(select(Verblijfsobject.id, Verblijfsobject.oppervlakte)
                                   .where(Verblijfsobject.id.in_(stuk))).all())
    for vid in met_opp:
        gezien: dict[date, _Rij] = {}
        for r in sorted(per_vid[vid], key=lambda r: r.regel):
            if r.oppervlakte is None:
                continue
            if bag.get(vid):
                _fout(rapport, r.regel, "oppervlakte",
                      f"Dit object heeft in de BAG een gebruiksoppervlakte ({bag[vid]} m²); die geldt. Geef een "
                      "oppervlakte alleen op voor een standplaats of ligplaats zonder oppervlakte in de BAG.")
            elif r.peildatum in gezien and gezien[r.peildatum].oppervlakte != r.oppervlakte:
                _fout(rapport, r.regel, "oppervlakte",
                      f"Een andere oppervlakte ({r.oppervlakte} m²) dan regel {gezien[r.peildatum].regel} "
                      f"({gezien[r.peildatum].oppervlakte} m²) voor hetzelfde object en dezelfde peildatum.")
            gezien.setdefault(r.peildatum, r)
    # Few objects of a gemeente have one (standplaatsen, ligplaatsen): read them all at once.
    return dict(session.execute(select(OpgegevenOppervlakte.verblijfsobject_id, OpgegevenOppervlakte.m2)
                                .where(OpgegevenOppervlakte.gemeente_id == gemeente_id)).all())


def _per_object(session: Session, gemeente_id: int, rapport: Rapport, rijen: list[_Rij]) -> dict[tuple[int, date], dict]:
    """(verblijfsobject id, peildatum) → its count: the rows of its addresses added up, once."""
    objecten = _objecten(session, gemeente_id, rijen)
    per_vid: dict[int, list[_Rij]] = defaultdict(list)
    gezien: dict[tuple, int] = {}
    for r in rijen:
        vid = objecten.get(r.sleutel)
        if vid is None:
            soort = "adres" if r.sleutel[0] == "nummeraanduiding_id" else "verblijfsobject"
            _fout(rapport, r.regel, r.sleutel[0], f"Het {soort} {r.sleutel[1]} staat niet in de BAG van deze gemeente.")
            continue
        dubbel = gezien.get((r.sleutel, r.peildatum))
        if dubbel:
            _fout(rapport, r.regel, r.sleutel[0], f"Dezelfde id en peildatum staan ook op regel {dubbel}.")
            continue
        gezien[(r.sleutel, r.peildatum)] = r.regel
        per_vid[vid].append(r)
    opgegeven = _oppervlakten(session, gemeente_id, rapport, per_vid)
    uit: dict[tuple[int, date], dict] = {}
    for vid, eigen in per_vid.items():
        # One row per object (the usual case) cannot be partial or double.
        if len(eigen) > 1 and not _een_telling_per_object(rapport, eigen):
            continue
        for r in eigen:  # in file order already
            huidig = uit.get((vid, r.peildatum))
            if huidig is None:
                huidig = uit[(vid, r.peildatum)] = {**r.tellingen, "oppervlakte": None, "oppervlakte_bron": None}
            else:
                rapport.samengeteld += 1
                huidig["personen"] += r.tellingen["personen"]
                for k in OPTIONEEL:
                    huidig[k] = _optellen(huidig[k], r.tellingen[k])
            if r.oppervlakte is not None:
                huidig["oppervlakte"], huidig["oppervlakte_bron"] = r.oppervlakte, "brp"
        if vid in opgegeven:
            for pd in {r.peildatum for r in eigen}:
                t = uit[(vid, pd)]
                if t["oppervlakte"] is None:
                    t["oppervlakte"], t["oppervlakte_bron"] = opgegeven[vid], "beheerder"
    return uit


def _vervallen(session: Session, gemeente_id: int, in_bestand: set[int], peildatum: date) -> list[tuple]:
    """For a full file: the current counts with persons of objects not in it, up to its peildatum
    (id, verblijfsobject id, peildatum). A count newer than the file is left alone."""
    rows = session.execute(select(Bewoning.id, Bewoning.verblijfsobject_id, Bewoning.peildatum).where(
        Bewoning.gemeente_id == gemeente_id, Bewoning.actueel.is_(True), Bewoning.personen > 0,
        Bewoning.peildatum <= peildatum)).all()
    return [tuple(r) for r in rows if r[1] not in in_bestand]


def importeer(session: Session, gemeente_id: int, raw: bytes, *, proef: bool, user=None, bestandsnaam: str = "",
              peildatum: date | None = None, voortgang: Voortgang | None = None, volledig: bool = False) -> Rapport:
    """Check the file against this gemeente's BAG and (unless ``proef``, and only without errors)
    write the counts. Flush only. The returned report holds counts and line numbers, no content.
    ``voortgang(stap, gedaan, totaal)`` is told how far it is (the background job's progress).
    ``volledig``: the file holds every address with registered persons of the gemeente, so an
    object not in it has nobody (0 at the file's newest peildatum); otherwise it is a supplement
    and other objects keep their count.

    :raise ImportFout: the file as a whole is refused (personal data, header, encoding, a field
        over 128 KiB)."""
    start = time.perf_counter()
    voortgang = voortgang or _stil
    rapport = Rapport(proef=proef, bestandsnaam=(bestandsnaam or "")[:200], sha256=hashlib.sha256(raw).hexdigest(),
                      volledig=volledig)
    if session.get(Gemeente, gemeente_id) is None:
        raise ImportFout("Onbekende gemeente.")
    tekst, rapport.encoding = decodeer(raw)
    rijen = _lees_rijen(tekst, rapport, peildatum, voortgang)
    voortgang("zoeken", 0, 0)
    per_object = _per_object(session, gemeente_id, rapport, rijen)
    rapport.objecten = len({vid for vid, _ in per_object})
    rapport.peildata = sorted({pd.isoformat() for _, pd in per_object})
    if rapport.rijen == 0 and not rapport.fouten_totaal:
        _fout(rapport, 1, "", "Het bestand bevat geen rijen met tellingen.")

    # Compare with what is stored for the same objects and peildata.
    voortgang("vergelijken", 0, 0)
    bestaand: dict[tuple[int, date], tuple] = {}
    peildata = sorted({pd for _, pd in per_object})
    for stuk in _in_stukken({vid for vid, _ in per_object}):
        for row in session.execute(select(Bewoning.id, Bewoning.verblijfsobject_id, Bewoning.peildatum,
                                          *(getattr(Bewoning, k) for k in VELDEN))
                                   .where(Bewoning.verblijfsobject_id.in_(stuk), Bewoning.peildatum.in_(peildata))):
            bestaand[(row[1], row[2])] = (row[0], tuple(row[3:]))
    nieuw, gewijzigd = [], []
    for (vid, pd), t in per_object.items():
        oud = bestaand.get((vid, pd))
        if oud is None:
            nieuw.append((vid, pd, t))
        elif oud[1] != tuple(t[k] for k in VELDEN):
            gewijzigd.append((oud[0], t))
        else:
            rapport.aantallen["ongewijzigd"] += 1
    rapport.aantallen["nieuw"], rapport.aantallen["gewijzigd"] = len(nieuw), len(gewijzigd)
    if volledig and peildata:
        # Nobody at these objects any more, as of the file's newest peildatum (counted apart).
        leeg = {k: None for k in VELDEN} | {"personen": 0}
        for bid, vid, pd in _vervallen(session, gemeente_id, {vid for vid, _ in per_object}, peildata[-1]):
            rapport.vervallen += 1
            if pd == peildata[-1]:
                gewijzigd.append((bid, leeg))
            else:
                nieuw.append((vid, peildata[-1], leeg))

    if not proef and not rapport.fouten_totaal:
        _schrijf(session, gemeente_id, rapport, user, nieuw, gewijzigd, peildata, voortgang, start)
    rapport.duur_s = round(time.perf_counter() - start, 3)
    return rapport


def _schrijf(session: Session, gemeente_id: int, rapport: Rapport, user, nieuw: list, gewijzigd: list,
             peildata: list[date], voortgang: Voortgang, start: float) -> None:
    bron = BrpImport(gemeente_id=gemeente_id, bestandsnaam=rapport.bestandsnaam, sha256=rapport.sha256,
                     peildatum=max(peildata) if peildata else date.today(), regels=rapport.rijen,
                     ingelezen_door_id=getattr(user, "id", None))
    session.add(bron)
    session.flush()
    te_schrijven, geschreven = len(nieuw) + len(gewijzigd), 0
    voortgang("schrijven", 0, te_schrijven)
    for i in range(0, len(nieuw), _SCHRIJF_STUK):
        session.execute(insert(Bewoning), [
            {"gemeente_id": gemeente_id, "verblijfsobject_id": vid, "peildatum": pd, "actueel": False,
             "import_id": bron.id, **t} for vid, pd, t in nieuw[i:i + _SCHRIJF_STUK]])
        geschreven += len(nieuw[i:i + _SCHRIJF_STUK])
        voortgang("schrijven", geschreven, te_schrijven)
    for i in range(0, len(gewijzigd), _SCHRIJF_STUK):
        session.execute(update(Bewoning), [{"id": bid, "import_id": bron.id, **t}
                                           for bid, t in gewijzigd[i:i + _SCHRIJF_STUK]])
        geschreven += len(gewijzigd[i:i + _SCHRIJF_STUK])
        voortgang("schrijven", geschreven, te_schrijven)
    herbereken_actueel(session, {vid for vid, _, _ in nieuw}, gemeente_id=gemeente_id)
    voortgang("schrijven", te_schrijven, te_schrijven)
    rapport.uitgevoerd = True
    rapport.import_id = bron.id
    rapport.duur_s = round(time.perf_counter() - start, 3)
    bron.rapport = {k: v for k, v in rapport.als_dict().items() if k != "fouten"}
    audit.record(session, OverbewoningActie.BRP_IMPORT, audit.SUCCES, object_type="brp_import",
                 object_id=bron.id, gemeente_id=gemeente_id,
                 **({"actor_id": user.id, "actor": user.gebruikersnaam} if user is not None else {}),
                 details={"sha256": rapport.sha256, "rijen": rapport.rijen, "objecten": rapport.objecten,
                          "peildata": rapport.peildata, "samengeteld": rapport.samengeteld,
                          "volledig": rapport.volledig, "vervallen": rapport.vervallen, **rapport.aantallen})
    session.flush()


def herbereken_actueel(session: Session, vbo_ids, gemeente_id: int | None = None) -> None:
    """Mark each object's newest count ``actueel`` (and only that one)."""
    nieuwste = aliased(Bewoning)
    if gemeente_id is not None and len(vbo_ids) > _HELE_GEMEENTE:
        # Many objects: one UPDATE … FROM over the gemeente, writing only rows that change.
        hoogste = (select(nieuwste.verblijfsobject_id.label("vid"), func.max(nieuwste.peildatum).label("max"))
                   .where(nieuwste.gemeente_id == gemeente_id).group_by(nieuwste.verblijfsobject_id).subquery())
        nu = Bewoning.peildatum == hoogste.c.max
        session.execute(update(Bewoning).where(Bewoning.gemeente_id == gemeente_id,
                                               Bewoning.verblijfsobject_id == hoogste.c.vid,
                                               Bewoning.actueel.is_distinct_from(nu))
                        .values(actueel=nu).execution_options(synchronize_session=False))
        session.flush()
        return
    for stuk in _in_stukken(sorted(vbo_ids)):
        hoogste = (select(func.max(nieuwste.peildatum)).where(nieuwste.verblijfsobject_id == Bewoning.verblijfsobject_id)
                   .scalar_subquery())
        session.execute(update(Bewoning).where(Bewoning.verblijfsobject_id.in_(stuk))
                        .values(actueel=(Bewoning.peildatum == hoogste))
                        .execution_options(synchronize_session=False))
    session.flush()


def laatste_imports(session: Session, gemeente_ids: list[int], limit: int = 10) -> list[BrpImport]:
    return session.execute(select(BrpImport).where(BrpImport.gemeente_id.in_(gemeente_ids))
                           .order_by(BrpImport.ingelezen_op.desc(), BrpImport.id.desc()).limit(limit)).scalars().all()


__all__ = ["KOLOMMEN", "ImportFout", "Rapport", "Voortgang", "controleer_bestand", "importeer", "herbereken_actueel",
           "is_bsn", "laatste_imports"]
