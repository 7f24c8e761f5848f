"""The hotspot list, one object's indicators, planning a huisvestingscontrole from them and
recording what that control found.

Every query takes the gemeenten in scope explicitly; another gemeente's object does not exist
for the caller (None → 404). The list filters and sorts in SQL (``indicatoren.sql_vlaggen``)
so it works at 300 000 addresses; only the shown page is explained in Python
(``indicatoren.bereken``). Services flush; the request commits.
"""
from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from sqlalchemy import Integer, and_, case, cast, func, or_, select
from sqlalchemy.orm import Session, aliased

from handhaving.audit import services as audit
from handhaving.controles import planning
from handhaving.controles.models import Controle, ControleSoort, Controletype
from handhaving.errors import Geweigerd, OngeldigeInvoer
from handhaving.locaties.models import Adres, Buurt, Verblijfsobject, Wijk
from handhaving.overbewoning import indicatoren as ind
from handhaving.overbewoning.acties import OverbewoningActie
from handhaving.overbewoning.models import Beoordeling, Bewoning, Indicatorbeoordeling
from handhaving.tijd import vandaag

PER_PAGINA = 50
HUISVESTINGSTYPE = "huisvesting_overbewoning"
KORT = {ind.BOUWNORM: "m² per persoon", ind.VOLWASSENEN: "volwassenen", ind.VERLOOP: "verloop",
        ind.GEEN_WOONFUNCTIE: "geen woonfunctie"}
SORTERINGEN = {"overschot": "Overschot", "m2": "m² per persoon", "personen": "Personen", "adres": "Adres"}
# The natural direction of each sort (the largest problem first).
STANDAARD_RICHTING = {"overschot": "af", "m2": "op", "personen": "af", "adres": "op"}


def normen_voor(session: Session, gemeente_ids: list[int]) -> dict[int, ind.Normen]:
    return {gid: ind.normen(session, gid) for gid in gemeente_ids}


def _hoofdadres_id(vbo):
    """The object's hoofdadres (a nevenadres only if it has no hoofdadres)."""
    a = aliased(Adres)
    return (select(a.id).where(a.verblijfsobject_id == vbo.id).order_by(a.is_nevenadres, a.id).limit(1)
            .correlate(vbo).scalar_subquery())


def _rekenwaarden(session: Session, normen: dict[int, ind.Normen]):
    """SQL for max persons, excess and m² per person (the same arithmetic as ``bereken``)."""
    v, b = Verblijfsobject, Bewoning
    m2 = {gid: n.m2 for gid, n in normen.items()}
    sta = {gid: n.m2_standplaats for gid, n in normen.items()}
    norm = case((v.object_type == "STA", case(sta, value=b.gemeente_id, else_=ind.Normen().m2_standplaats)),
                else_=case(m2, value=b.gemeente_id, else_=ind.Normen().m2))
    opp = ind.sql_oppervlakte(b, v)  # the BAG's area, else the one supplied with the count
    quotient = opp * 1.0 / norm
    # floor(): PostgreSQL rounds a cast to integer; SQLite truncates, which is floor for positives.
    vloer = func.floor(quotient) if session.get_bind().dialect.name == "postgresql" else cast(quotient, Integer)
    max_personen = case((opp > 0, cast(vloer, Integer)), else_=None)
    overschot = case((opp > 0, case((b.personen > max_personen, b.personen - max_personen), else_=0)),
                     else_=None)
    m2_pp = case((and_(opp > 0, b.personen > 0), opp * 1.0 / b.personen), else_=None)
    return max_personen, overschot, m2_pp


@dataclass
class HotspotFilter:
    gemeente_id: int | None = None
    wijk_id: int | None = None
    buurt_id: int | None = None
    vlag: str | None = None
    min_overschot: int | None = None
    sorteer: str = "overschot"
    richting: str | None = None


@dataclass
class Hotspot:
    bewoning: Bewoning
    vbo: Verblijfsobject
    adres: Adres | None
    wijk: str | None
    buurt: str | None
    indicatoren: ind.Indicatoren
    laatste_controle: Controle | None = None
    beoordeling: Indicatorbeoordeling | None = None


@dataclass
class Pagina:
    rijen: list[Hotspot]
    totaal: int
    pagina: int
    paginas: int
    filter: HotspotFilter = field(default_factory=HotspotFilter)


def _gefilterd(session: Session, gemeente_ids: list[int], f: HotspotFilter, normen: dict[int, ind.Normen]):
    v, b = Verblijfsobject, Bewoning
    vlaggen = ind.sql_vlaggen(b, v, normen)
    _, overschot, m2_pp = _rekenwaarden(session, normen)
    ids = [f.gemeente_id] if f.gemeente_id in gemeente_ids else gemeente_ids
    voorwaarden = [b.gemeente_id.in_(ids), b.actueel.is_(True), v.gemeente_id == b.gemeente_id]
    voorwaarden.append(vlaggen[f.vlag] if f.vlag in vlaggen else or_(*vlaggen.values()))
    if f.buurt_id:
        voorwaarden.append(v.buurt_id == f.buurt_id)
    elif f.wijk_id:
        voorwaarden.append(v.buurt_id.in_(select(Buurt.id).where(Buurt.wijk_id == f.wijk_id)))
    if f.min_overschot:
        voorwaarden.append(overschot >= f.min_overschot)
    return voorwaarden, overschot, m2_pp


def hotspots(session: Session, gemeente_ids: list[int], f: HotspotFilter, pagina: int = 1) -> Pagina:
    """Objects with at least one flag on their newest count, filtered, sorted and paged in SQL."""
    if not gemeente_ids:
        return Pagina([], 0, 1, 1, f)
    normen = normen_voor(session, gemeente_ids)
    v, b = Verblijfsobject, Bewoning
    voorwaarden, overschot, m2_pp = _gefilterd(session, gemeente_ids, f, normen)
    pagina = max(1, pagina)
    richting = f.richting if f.richting in ("op", "af") else STANDAARD_RICHTING.get(f.sorteer, "af")
    if f.sorteer not in SORTERINGEN:
        f.sorteer = "overschot"

    def zo(expr):
        return (expr.asc() if richting == "op" else expr.desc()).nulls_last()
    volgorde = {"overschot": [zo(overschot), zo(b.personen)], "m2": [zo(m2_pp), zo(-b.personen)],
                "personen": [zo(b.personen), zo(overschot)],
                "adres": [zo(Adres.zoeknaam), zo(Adres.huisnummer), zo(Adres.huisletter), zo(Adres.toevoeging)]}
    # First the page's ids, then its rows: the hoofdadres lookup per object runs for 50 objects,
    # not for every flagged one (at 300 000 addresses: 0,6 s → see benchmarks/README.md).
    # The total comes with the page (a window count): one pass over the counts, not two.
    ids_stmt = select(b.id, func.count().over()).join(v, v.id == b.verblijfsobject_id)
    if f.sorteer == "adres":
        # A verblijfsobject has one hoofdadres (BAG): a plain join, not a lookup per object.
        ids_stmt = ids_stmt.outerjoin(Adres, and_(Adres.verblijfsobject_id == v.id, Adres.is_nevenadres.is_(False)))
    ids_stmt = ids_stmt.where(*voorwaarden).order_by(*volgorde[f.sorteer], b.id).limit(PER_PAGINA)
    gevonden = session.execute(ids_stmt.offset((pagina - 1) * PER_PAGINA)).all()
    if gevonden:
        totaal = gevonden[0][1]
    else:
        totaal = session.execute(select(func.count()).select_from(b).join(v, v.id == b.verblijfsobject_id)
                                 .where(*voorwaarden)).scalar_one()
        if totaal and pagina > 1:  # past the last page (an old link): show the last one
            pagina = -(-totaal // PER_PAGINA)
            gevonden = session.execute(ids_stmt.offset((pagina - 1) * PER_PAGINA)).all()
    paginas = max(1, -(-totaal // PER_PAGINA))
    pagina_ids = [r[0] for r in gevonden]
    stmt = (select(b, v, Adres, Wijk.naam, Buurt.naam)
            .join(v, v.id == b.verblijfsobject_id)
            .outerjoin(Adres, Adres.id == _hoofdadres_id(v))
            .outerjoin(Buurt, Buurt.id == v.buurt_id).outerjoin(Wijk, Wijk.id == Buurt.wijk_id)
            .where(b.id.in_(pagina_ids)))
    op_id = {bew.id: (bew, vbo, adres, wijk, buurt) for bew, vbo, adres, wijk, buurt
             in session.execute(stmt).unique().all()} if pagina_ids else {}
    rijen = [Hotspot(bew, vbo, adres, wijk, buurt, bereken(bew, vbo, normen[bew.gemeente_id]))
             for bew, vbo, adres, wijk, buurt in (op_id[i] for i in pagina_ids)]
    _vul_aan(session, gemeente_ids, rijen)
    return Pagina(rijen, totaal, pagina, paginas, f)


def bereken(bew: Bewoning, vbo: Verblijfsobject, normen: ind.Normen) -> ind.Indicatoren:
    return ind.bereken(object_type=vbo.object_type, oppervlakte=vbo.oppervlakte, gebruiksdoelen=vbo.gebruiksdoel_lijst,
                       personen=bew.personen, volwassenen=bew.volwassenen, huishoudens=bew.huishoudens,
                       achternamen=bew.achternamen, inschrijvingen_12m=bew.inschrijvingen_12m,
                       peildatum=bew.peildatum, normen=normen, opgegeven_oppervlakte=bew.oppervlakte)


def _vul_aan(session: Session, gemeente_ids: list[int], rijen: list[Hotspot]) -> None:
    """The last huisvestingscontrole and the last beoordeling per object of the page."""
    vbo_ids = [r.vbo.id for r in rijen]
    if not vbo_ids:
        return
    controles = {}
    for c, vid in session.execute(
            select(Controle, Adres.verblijfsobject_id).join(Adres, Adres.id == Controle.adres_id)
            .where(Controle.gemeente_id.in_(gemeente_ids), Controle.soort == ControleSoort.HUISVESTING,
                   Adres.verblijfsobject_id.in_(vbo_ids)).order_by(Controle.gepland_op)):
        controles[vid] = c  # ordered: the last one wins
    beoordelingen = {}
    for bo in session.execute(select(Indicatorbeoordeling).where(
            Indicatorbeoordeling.gemeente_id.in_(gemeente_ids), Indicatorbeoordeling.verblijfsobject_id.in_(vbo_ids))
            .order_by(Indicatorbeoordeling.vastgelegd_op, Indicatorbeoordeling.id)).scalars():
        beoordelingen[bo.verblijfsobject_id] = bo
    for r in rijen:
        r.laatste_controle = controles.get(r.vbo.id)
        r.beoordeling = beoordelingen.get(r.vbo.id)


def gebieden(session: Session, gemeente_ids: list[int]) -> tuple[list[Wijk], list[Buurt]]:
    """The wijken and buurten of the newest boundary year per gemeente, for the filters."""
    jaren = dict(session.execute(select(Wijk.gemeente_id, func.max(Wijk.jaar))
                                 .where(Wijk.gemeente_id.in_(gemeente_ids)).group_by(Wijk.gemeente_id)).all())
    wijken, buurten = [], []
    for gid, jaar in jaren.items():
        wijken += session.execute(select(Wijk).where(Wijk.gemeente_id == gid, Wijk.jaar == jaar)
                                  .order_by(Wijk.naam)).scalars().all()
        buurten += session.execute(select(Buurt).where(Buurt.gemeente_id == gid, Buurt.jaar == jaar)
                                   .order_by(Buurt.naam)).scalars().all()
    return wijken, buurten


def audit_bekeken(gemeente_ids: list[int], f: HotspotFilter, p: Pagina) -> None:
    """The list shows BRP-derived counts per object: who saw which objects (kept on rollback)."""
    per_gemeente: dict[int, list[int]] = {}
    for r in p.rijen:
        per_gemeente.setdefault(r.bewoning.gemeente_id, []).append(r.vbo.id)
    for gid in sorted(per_gemeente) or gemeente_ids[:1]:
        audit.record_security_event(
            OverbewoningActie.HOTSPOTS_BEKEKEN, audit.SUCCES, object_type="verblijfsobject",
            gemeente_id=gid, details={"verblijfsobjecten": per_gemeente.get(gid, []), "pagina": p.pagina,
                                      "totaal": p.totaal, "vlag": f.vlag, "wijk": f.wijk_id, "buurt": f.buurt_id,
                                      "min_overschot": f.min_overschot})


# ---------------------------------------------------------------------------- one object

@dataclass
class Object:
    """One verblijfsobject in scope: its addresses, counts per peildatum and indicators."""
    adres: Adres
    vbo: Verblijfsobject
    historie: list[Bewoning]
    actueel: Bewoning | None
    indicatoren: ind.Indicatoren | None
    wijk: Wijk | None
    buurt: Buurt | None
    controles: list[Controle]
    beoordelingen: list[Indicatorbeoordeling]

    @property
    def gemeente_id(self) -> int:
        return self.vbo.gemeente_id


def get_adres(session: Session, gemeente_ids: list[int], adres_id: int) -> Adres | None:
    return session.execute(select(Adres).where(Adres.id == adres_id, Adres.gemeente_id.in_(gemeente_ids))
                           ).scalar_one_or_none()


def object_voor_adres(session: Session, gemeente_ids: list[int], adres_id: int) -> Object | None:
    adres = get_adres(session, gemeente_ids, adres_id)
    if adres is None:
        return None
    vbo = adres.verblijfsobject
    historie = session.execute(select(Bewoning).where(Bewoning.verblijfsobject_id == vbo.id,
                                                      Bewoning.gemeente_id == vbo.gemeente_id)
                               .order_by(Bewoning.peildatum.desc())).scalars().all()
    actueel = next((h for h in historie if h.actueel), historie[0] if historie else None)
    indicatoren = bereken(actueel, vbo, ind.normen(session, vbo.gemeente_id)) if actueel else None
    buurt = session.get(Buurt, vbo.buurt_id) if vbo.buurt_id else None
    controles = session.execute(
        select(Controle).join(Adres, Adres.id == Controle.adres_id)
        .where(Controle.gemeente_id == vbo.gemeente_id, Adres.verblijfsobject_id == vbo.id,
               Controle.soort == ControleSoort.HUISVESTING)
        .order_by(Controle.gepland_op.desc())).scalars().all()
    beoordelingen = session.execute(
        select(Indicatorbeoordeling).where(Indicatorbeoordeling.verblijfsobject_id == vbo.id,
                                           Indicatorbeoordeling.gemeente_id == vbo.gemeente_id)
        .order_by(Indicatorbeoordeling.vastgelegd_op.desc(), Indicatorbeoordeling.id.desc())).scalars().all()
    return Object(adres, vbo, historie, actueel, indicatoren, buurt.wijk if buurt else None, buurt, controles,
                  beoordelingen)


def uitleg(indicatoren: ind.Indicatoren | None, adres: Adres) -> str:
    """The indicators as plain text, for the briefing of a control planned from them."""
    if indicatoren is None:
        return f"Geen BRP-telling voor {adres.volledig}."
    regels = [f"Aanleiding: BRP-indicatoren overbewoning voor {adres.volledig} (peildatum "
              f"{indicatoren.peildatum:%d-%m-%Y}). Dit zijn signalen, geen bewijs: stel ter plaatse vast hoe het "
              "object werkelijk wordt bewoond.", ""]
    for r in indicatoren.regels:
        uitkomst = {True: "SIGNAAL", False: "geen signaal", None: "niet te berekenen"}[r.uitkomst]
        regels.append(f"- {r.titel}: {uitkomst}")
        regels.append(f"  regel: {r.formule}")
        regels.append(f"  invoer: {r.invoer}")
        if r.toelichting:
            regels.append(f"  {r.toelichting}")
    regels += ["", "Let op: de BAG-oppervlakte kan bergingen of een garage bevatten; de BRP telt niet-ingeschreven "
               "bewoners niet mee en soms vertrokken bewoners nog wel."]
    return "\n".join(regels)


# ---------------------------------------------------------------------------- planning

def volgende_werkdag(dag: date | None = None) -> date:
    dag = (dag or vandaag()) + timedelta(days=1)
    while dag.weekday() >= 5:
        dag += timedelta(days=1)
    return dag


def huisvestingstype(session: Session, gemeente_id: int) -> Controletype | None:
    """The gemeente's huisvestingscontrole for overbewoning (else any active huisvesting type)."""
    typen = [t for t in planning.actieve_typen(session, gemeente_id) if t.soort == ControleSoort.HUISVESTING]
    return next((t for t in typen if t.code == HUISVESTINGSTYPE), typen[0] if typen else None)


def plan_controle(session: Session, user, gemeente_ids: list[int], adres_id: int, *, sleutel: str, datum: date | None,
                  toezichthouder_ids: list[int], van: time = time(9, 0), tot: time = time(12, 0)) -> Controle:
    """Plan a huisvestingscontrole at this address with the indicators in the briefing, in one
    step. Idempotent on ``sleutel`` (a double submit returns the first controle).

    :raise OngeldigeInvoer: with every problem (Dutch); nothing is written."""
    obj = object_voor_adres(session, gemeente_ids, adres_id)
    if obj is None:
        raise LookupError(adres_id)
    bestaand = session.execute(select(Controle).where(Controle.uuid == sleutel)).scalar_one_or_none()
    if bestaand is not None:
        if bestaand.gemeente_id != obj.gemeente_id:
            raise Geweigerd("Deze planning hoort bij een andere gemeente.")
        return bestaand
    problemen = []
    try:
        uuidlib.UUID(sleutel)
    except (TypeError, ValueError):
        problemen.append("Het formulier is verlopen. Vernieuw de pagina en probeer het opnieuw.")
    if datum is None:
        problemen.append("Kies de datum van de controle.")
    elif datum < vandaag():
        problemen.append("De datum ligt in het verleden. Kies vandaag of een latere dag.")
    ctype = huisvestingstype(session, obj.gemeente_id)
    if ctype is None:
        problemen.append("Deze gemeente heeft geen huisvestingscontrole met een gepubliceerde controlelijst. Vraag "
                         "de beheerder.")
    if obj.actueel is None:
        problemen.append("Voor dit adres is geen BRP-telling ingelezen.")
    if problemen:
        raise OngeldigeInvoer(problemen[0], problemen)
    plan = planning.Plan(uuid=sleutel, controletype_id=ctype.id, adres_ids=[obj.adres.id], datum=datum, van=van,
                         tot=tot, toezichthouder_ids=list(toezichthouder_ids), partners=list(ctype.partners or []),
                         rechtsgronden=list(ctype.rechtsgronden or []), briefing=uitleg(obj.indicatoren, obj.adres))
    [controle] = planning.plan_controles(session, user, obj.gemeente_id, plan)
    audit.record(session, OverbewoningActie.CONTROLE_GEPLAND, audit.SUCCES, object_type="controle",
                 object_id=controle.id, gemeente_id=obj.gemeente_id,
                 details={"verblijfsobject_id": obj.vbo.id, "peildatum": obj.actueel.peildatum.isoformat(),
                          "vlaggen": obj.indicatoren.vlaggen})
    return controle


# ---------------------------------------------------------------------------- beoordeling

def beoordeel(session: Session, user, gemeente_ids: list[int], adres_id: int, *, uitkomst: str | None,
              controle_id: int | None, toelichting: str) -> Indicatorbeoordeling:
    """Record what a huisvestingscontrole at this object found about the indicator, with the
    indicators as they are now (a later count does not rewrite what was judged).

    :raise OngeldigeInvoer: with every problem (Dutch); nothing is written."""
    obj = object_voor_adres(session, gemeente_ids, adres_id)
    if obj is None:
        raise LookupError(adres_id)
    problemen = []
    try:
        uitkomst_enum = Beoordeling(uitkomst)
    except ValueError:
        uitkomst_enum = None
        problemen.append("Kies of overbewoning is bevestigd of niet.")
    controle = next((c for c in obj.controles if c.id == controle_id), None)
    if controle is None:
        problemen.append("Kies de huisvestingscontrole op dit adres waarop de beoordeling berust.")
    toelichting = (toelichting or "").strip()
    if not toelichting:
        problemen.append("Licht de beoordeling toe: wat is ter plaatse vastgesteld?")
    elif len(toelichting) > 5000:
        problemen.append("De toelichting is te lang (maximaal 5.000 tekens).")
    if obj.actueel is None:
        problemen.append("Voor dit adres is geen BRP-telling ingelezen.")
    if problemen:
        raise OngeldigeInvoer(problemen[0], problemen)
    bo = Indicatorbeoordeling(gemeente_id=obj.gemeente_id, verblijfsobject_id=obj.vbo.id, bewoning_id=obj.actueel.id,
                              controle_id=controle.id, uitkomst=uitkomst_enum, toelichting=toelichting,
                              indicatoren=obj.indicatoren.als_dict(), vastgelegd_door_id=getattr(user, "id", None))
    session.add(bo)
    session.flush()
    audit.record(session, OverbewoningActie.BEOORDEELD, audit.SUCCES, object_type="indicatorbeoordeling",
                 object_id=bo.id, gemeente_id=obj.gemeente_id,
                 details={"verblijfsobject_id": obj.vbo.id, "controle_id": controle.id, "uitkomst": uitkomst_enum.value})
    return bo
