"""Planning controles: plan one or a round, change the plan, the lists and the suggestions.

Every query takes the gemeenten in scope explicitly; a controle of another
gemeente simply does not exist for the caller (404).
"""
from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from handhaving import invoer
from handhaving.audit import services as audit
from handhaving.auth.models import Gebruiker, Roltoewijzing
from handhaving.controles import permissions, voorschriften
from handhaving.controles.acties import ControleActie
from handhaving.controles.instellingen import CONTROLE_TERMIJN, HERCONTROLE_TERMIJN, OVERTREDING_TERUGKIJK
from handhaving.controles.models import (
    Bevinding,
    ChecklistSjabloon,
    Controle,
    Controleronde,
    ControleStatus,
    Controletype,
    ControleUitkomst,
    Ernst,
    Partner,
    SjabloonStatus,
    controle_toezichthouder,
)
from handhaving.controles.workflow import UITKOMSTEN
from handhaving.db import utcnow
from handhaving.errors import Geweigerd, OngeldigeInvoer, OngeldigeOvergang, VerouderdeVersie
from handhaving.instellingen import waarde
from handhaving.locaties.models import Adres
from handhaving.security.rules import Rol
from handhaving.tijd import AMSTERDAM, dag_grenzen, naar_lokaal, naar_utc, nu_lokaal, vandaag

OPEN = (ControleStatus.GEPLAND, ControleStatus.VOORBEREID)
IN_BEHANDELING = (ControleStatus.UITGEVOERD, ControleStatus.RAPPORT_CONCEPT, ControleStatus.RAPPORT_VASTGESTELD)
# Outcomes that mean something was wrong at the address.
MET_OVERTREDING = (ControleStatus.DOORGEZET_HANDHAVING, ControleStatus.DOORGEZET_SIGNAAL_RIEC,
                   ControleStatus.DOORGEZET_PARTNER, ControleStatus.HERCONTROLE_GEPLAND)
RONDE_NAMESPACE = uuidlib.UUID("6f1c9a52-3d0e-4b8e-9a55-0c7f3e1d2b41")


@dataclass
class Plan:
    """What the planning form delivers (also used by the demo and the benchmarks)."""
    uuid: str
    controletype_id: int
    adres_ids: list[int]
    datum: date
    van: time
    tot: time
    toezichthouder_ids: list[int]
    partners: list[str] = field(default_factory=list)
    rechtsgronden: list[str] = field(default_factory=list)
    briefing: str = ""
    ronde_naam: str = ""


def toezichthouders(session: Session, gemeente_id: int) -> list[Gebruiker]:
    """Active users with the toezichthouder role in this gemeente."""
    return session.execute(
        select(Gebruiker).join(Roltoewijzing, Roltoewijzing.gebruiker_id == Gebruiker.id)
        .where(Roltoewijzing.gemeente_id == gemeente_id, Roltoewijzing.rol == Rol.TOEZICHTHOUDER,
               Gebruiker.actief.is_(True))
        .order_by(Gebruiker.naam)).scalars().unique().all()


def actieve_typen(session: Session, gemeente_id: int) -> list[Controletype]:
    """Types that can be planned: active and with a published checklist."""
    return session.execute(
        select(Controletype).where(
            Controletype.gemeente_id == gemeente_id, Controletype.actief.is_(True),
            exists().where(ChecklistSjabloon.controletype_id == Controletype.id,
                           ChecklistSjabloon.status == SjabloonStatus.GEPUBLICEERD))
        .order_by(Controletype.volgorde, Controletype.naam)).scalars().all()


def _gepubliceerd(session: Session, controletype_id: int) -> ChecklistSjabloon | None:
    return session.execute(
        select(ChecklistSjabloon).where(ChecklistSjabloon.controletype_id == controletype_id,
                                        ChecklistSjabloon.status == SjabloonStatus.GEPUBLICEERD)
    ).scalar_one_or_none()


def standaard_keuzes(typen: list[Controletype]) -> dict[int, dict[str, list[str]]]:
    """Per type the partners and legal bases ticked when it is chosen: the form's initial ticks
    and plannen.js's ticks on a change come from this one table."""
    return {t.id: {"partners": list(t.partners or []), "rechtsgronden": list(t.rechtsgronden or [])}
            for t in typen}


def begin_type(typen: list[Controletype], gevraagd: int | None) -> Controletype | None:
    """The type a new planning form opens with: the asked one if it can be planned, else the
    first of the list (the one the browser shows selected)."""
    return next((t for t in typen if t.id == gevraagd), typen[0] if typen else None)


def tijdvak_fout(datum: date, van: time, tot: time) -> str | None:
    """Why this slot cannot be planned now, or None. Local Dutch time: the team reads its
    planning on that clock. Per minute, as the form enters it: 14:05 is still allowed at 14:05:40."""
    nu = nu_lokaal().replace(second=0, microsecond=0)
    if datum < nu.date():
        return "De datum ligt in het verleden. Kies vandaag of een latere dag."
    if datetime.combine(datum, van, tzinfo=AMSTERDAM) < nu:
        if datetime.combine(datum, tot, tzinfo=AMSTERDAM) <= nu:
            return (f"Het tijdvak {van:%H:%M}–{tot:%H:%M} ligt in het verleden: het is nu {nu:%H:%M}. "
                    "Kies een latere tijd of een andere dag.")
        return (f"De begintijd {van:%H:%M} ligt in het verleden: het is nu {nu:%H:%M}. "
                "Kies een latere begintijd of een andere dag.")
    return None


def _controleer_plan(session: Session, gemeente_id: int, plan: Plan, *, nieuw: bool):
    """Validate a plan; returns (type, checklist, addresses, team). Raises OngeldigeInvoer with every problem.

    ``nieuw``: the slot is new or moved, so it must not lie in the past (a slot left as it
    was on an edit is not checked again: the team may still change after its start time)."""
    problemen = []
    ctype = session.get(Controletype, plan.controletype_id)
    if ctype is None or ctype.gemeente_id != gemeente_id or not ctype.actief:
        problemen.append("Kies een soort controle.")
        sjabloon = None
    else:
        sjabloon = _gepubliceerd(session, ctype.id)
        if sjabloon is None:
            problemen.append(f"Voor ‘{ctype.naam}’ is nog geen controlelijst gepubliceerd. Vraag de beheerder.")
    adressen = []
    if not plan.adres_ids:
        problemen.append("Kies ten minste één adres.")
    elif not all(0 < i <= invoer.MAX_GETAL for i in plan.adres_ids):
        problemen.append("Een gekozen adres bestaat niet.")  # a 64-bit id would overflow the query
    else:
        adressen = session.execute(select(Adres).where(Adres.id.in_(plan.adres_ids),
                                                       Adres.gemeente_id == gemeente_id)).scalars().all()
        if len(adressen) != len(set(plan.adres_ids)):
            problemen.append("Een gekozen adres ligt niet in deze gemeente.")
    if nieuw and (melding := tijdvak_fout(plan.datum, plan.van, plan.tot)):
        problemen.append(melding)
    elif melding := invoer.GEPLAND.fout(plan.datum, "De datum van de controle"):
        problemen.append(melding)
    if plan.tot <= plan.van:
        problemen.append("De eindtijd moet na de begintijd liggen.")
    team_ids = set(plan.toezichthouder_ids)
    mogelijk = {g.id: g for g in toezichthouders(session, gemeente_id)}
    if not team_ids:
        problemen.append("Kies ten minste één toezichthouder.")
    elif not team_ids <= set(mogelijk):
        problemen.append("Een gekozen toezichthouder werkt niet als toezichthouder voor deze gemeente.")
    onbekend = set(plan.partners) - {p.value for p in Partner}
    if onbekend:
        problemen.append("Onbekende partnerorganisatie.")
    if len(plan.briefing) > 10000:
        problemen.append("De briefing is te lang (maximaal 10.000 tekens).")
    if problemen:
        raise OngeldigeInvoer(problemen[0], problemen)
    team = [mogelijk[i] for i in sorted(team_ids)]
    volgorde = {a: i for i, a in enumerate(plan.adres_ids)}
    return ctype, sjabloon, sorted(adressen, key=lambda a: volgorde[a.id]), team


def plan_controles(session: Session, user, gemeente_id: int, plan: Plan,
                   hercontrole_van: Controle | None = None) -> list[Controle]:
    """Plan one controle, or a round with one controle per address.

    Idempotent on ``plan.uuid`` (the form's hidden key): a double submit returns
    what the first one created instead of planning twice. ``hercontrole_van``: the controle
    whose outcome asks for this follow-up (``afronding.kies_uitkomsten``); who may close that
    controle may plan its hercontrole, as the outcome is theirs to choose.
    """
    if not (permissions.mag_plannen(user, gemeente_id)
            or hercontrole_van is not None and permissions.mag_wijzigen(user, hercontrole_van)):
        raise Geweigerd("Alleen de coördinator plant controles.")
    bestaand = session.execute(select(Controle).where(Controle.uuid == plan.uuid)).scalar_one_or_none()
    if bestaand is not None:
        return [bestaand]
    ronde = session.execute(select(Controleronde).where(Controleronde.uuid == plan.uuid)).scalar_one_or_none()
    if ronde is not None:
        return list(ronde.controles)
    ctype, sjabloon, adressen, team = _controleer_plan(session, gemeente_id, plan, nieuw=True)
    start, eind = naar_utc(plan.datum, plan.van), naar_utc(plan.datum, plan.tot)
    ronde = None
    if len(adressen) > 1:
        ronde = Controleronde(uuid=plan.uuid, gemeente_id=gemeente_id, aangemaakt_door_id=user.id,
                              naam=plan.ronde_naam.strip() or f"{ctype.naam} {plan.datum:%d-%m-%Y}")
        session.add(ronde)
    controles = []
    for adres in adressen:
        sleutel = plan.uuid if ronde is None else str(uuidlib.uuid5(RONDE_NAMESPACE, f"{plan.uuid}:{adres.id}"))
        c = Controle(uuid=sleutel, gemeente_id=gemeente_id, adres_id=adres.id, soort=ctype.soort,
                     controletype=ctype, sjabloon_id=sjabloon.id, ronde=ronde, status=ControleStatus.GEPLAND,
                     gepland_op=start, gepland_tot=eind, partners=list(plan.partners),
                     rechtsgronden=list(plan.rechtsgronden), briefing=plan.briefing.strip(),
                     vorige_controle_id=hercontrole_van.id if hercontrole_van else None,
                     aangemaakt_door_id=user.id)
        c.toezichthouders = list(team)
        session.add(c)
        controles.append(c)
    session.flush()
    for c in controles:
        # A permit in force at the address: one check per voorschrift in the checklist.
        voorschriften.vul_aan(session, c)
    for c in controles:
        audit.record(session, ControleActie.GEPLAND, audit.SUCCES, object_type="controle", object_id=c.id,
                     gemeente_id=gemeente_id, details={"type": ctype.code, "adres_id": c.adres_id,
                                                       "ronde_id": ronde.id if ronde else None})
    return controles


def wijzig_planning(session: Session, user, controle: Controle, versie: int, plan: Plan) -> Controle:
    """Change date, time, team, partners, legal bases or briefing of a controle not yet carried out."""
    if not permissions.mag_plannen(user, controle.gemeente_id):
        raise Geweigerd("Alleen de coördinator wijzigt de planning.")
    if controle.status not in OPEN or controle.gestart_op is not None:
        raise OngeldigeOvergang("Deze controle is al begonnen; de planning ligt vast.")
    if versie != controle.versie:
        raise VerouderdeVersie("Iemand anders heeft deze controle intussen gewijzigd. Vernieuw de pagina.")
    plan.adres_ids = [controle.adres_id]
    plan.controletype_id = controle.controletype_id
    verzet = (naar_utc(plan.datum, plan.van), naar_utc(plan.datum, plan.tot)) != (controle.gepland_op,
                                                                                  controle.gepland_tot)
    _, _, _, team = _controleer_plan(session, controle.gemeente_id, plan, nieuw=verzet)
    controle.gepland_op, controle.gepland_tot = naar_utc(plan.datum, plan.van), naar_utc(plan.datum, plan.tot)
    controle.toezichthouders = list(team)
    controle.partners = list(plan.partners)
    controle.rechtsgronden = list(plan.rechtsgronden)
    controle.briefing = plan.briefing.strip()
    session.flush()
    # The address stays (see above); a permit granted since planning adds its voorschriften.
    voorschriften.vul_aan(session, controle)
    audit.record(session, ControleActie.PLANNING_GEWIJZIGD, audit.SUCCES, object_type="controle",
                 object_id=controle.id, gemeente_id=controle.gemeente_id)
    return controle


# ---------------------------------------------------------------------------- lists

@dataclass
class Filter:
    status: str = ""          # "", "open", "lopend", "afgerond" or one ControleStatus value
    controletype_id: int | None = None
    van: date | None = None
    tot: date | None = None
    toezichthouder_id: int | None = None
    adres: str = ""


STATUSGROEPEN = {
    "open": OPEN,
    "lopend": IN_BEHANDELING,
    "afgerond": UITKOMSTEN,
}


def _gefilterd(gemeente_ids: list[int], f: Filter):
    q = select(Controle).where(Controle.gemeente_id.in_(gemeente_ids))
    if f.status in STATUSGROEPEN:
        q = q.where(Controle.status.in_(STATUSGROEPEN[f.status]))
    elif f.status in {s.value for s in ControleStatus}:
        q = q.where(Controle.status == ControleStatus(f.status))
    if f.controletype_id:
        q = q.where(Controle.controletype_id == f.controletype_id)
    if f.van:
        q = q.where(Controle.gepland_op >= dag_grenzen(f.van)[0])
    if f.tot:
        q = q.where(Controle.gepland_op < dag_grenzen(f.tot)[1])
    if f.toezichthouder_id:
        q = q.where(exists().where(controle_toezichthouder.c.controle_id == Controle.id,
                                   controle_toezichthouder.c.gebruiker_id == f.toezichthouder_id))
    if f.adres.strip():
        term = f"%{f.adres.strip().lower()}%"
        q = q.join(Adres, Adres.id == Controle.adres_id).where(
            or_(func.lower(Adres.openbare_ruimte).like(term), func.lower(Adres.postcode).like(term.replace(" ", ""))))
    return q


def lijst(session: Session, gemeente_ids: list[int], f: Filter, pagina: int = 1,
          per_pagina: int = 50) -> tuple[list[Controle], bool]:
    """One page of the filtered planning list, newest first; and whether there is a next page.

    No total count: on 100 000 controles a count costs more than the page itself.
    """
    pagina = max(1, pagina)
    rijen = session.execute(
        _gefilterd(gemeente_ids, f).order_by(Controle.gepland_op.desc(), Controle.id.desc())
        .offset((pagina - 1) * per_pagina).limit(per_pagina + 1)).scalars().all()
    return list(rijen[:per_pagina]), len(rijen) > per_pagina


def vandaag_voor(session: Session, gemeente_ids: list[int], user, alle: bool = False,
                 dag: date | None = None) -> list[Controle]:
    """Today's controles: the user's own (in the team), or with ``alle`` every one in scope."""
    start, eind = dag_grenzen(dag or vandaag())
    q = select(Controle).where(Controle.gemeente_id.in_(gemeente_ids), Controle.gepland_op >= start,
                               Controle.gepland_op < eind)
    if not alle:
        q = q.where(exists().where(controle_toezichthouder.c.controle_id == Controle.id,
                                   controle_toezichthouder.c.gebruiker_id == user.id))
    return session.execute(q.order_by(Controle.gepland_op, Controle.id)).scalars().all()


def week(session: Session, gemeente_ids: list[int], maandag: date, toezichthouder_id: int | None = None
         ) -> dict[date, list[Controle]]:
    """Controles of a local week, per day."""
    start, eind = dag_grenzen(maandag, 7)
    q = select(Controle).where(Controle.gemeente_id.in_(gemeente_ids), Controle.gepland_op >= start,
                               Controle.gepland_op < eind)
    if toezichthouder_id:
        q = q.where(exists().where(controle_toezichthouder.c.controle_id == Controle.id,
                                   controle_toezichthouder.c.gebruiker_id == toezichthouder_id))
    dagen = {maandag + timedelta(days=i): [] for i in range(7)}
    for c in session.execute(q.order_by(Controle.gepland_op, Controle.id)).scalars():
        dagen.setdefault(naar_lokaal(c.gepland_op).date(), []).append(c)
    return dagen


def voor_adres(session: Session, gemeente_ids: list[int], adres_id: int) -> list[Controle]:
    return session.execute(
        select(Controle).where(Controle.gemeente_id.in_(gemeente_ids), Controle.adres_id == adres_id)
        .order_by(Controle.gepland_op.desc())).scalars().all()


def open_bevindingen_voor_adres(session: Session, gemeente_ids: list[int], adres_id: int) -> list[Bevinding]:
    """Findings at this address that no later control or decision has closed."""
    return session.execute(
        select(Bevinding).join(Controle, Controle.id == Bevinding.controle_id)
        .where(Bevinding.gemeente_id.in_(gemeente_ids), Controle.adres_id == adres_id,
               Bevinding.opgelost_op.is_(None))
        .order_by(Bevinding.waargenomen_op.desc())).scalars().all()


# ---------------------------------------------------------------------------- suggestions

@dataclass
class Suggestie:
    adres: Adres
    reden: str
    sinds: datetime | None
    soort: str          # "hercontrole", "overtreding", "termijn"
    controletype_id: int | None = None


def suggesties(session: Session, gemeente_id: int, limit: int = 100) -> list[Suggestie]:
    """Addresses due for a control, each with its reason in words. Three transparent rules,
    thresholds from the gemeente's settings; an address with a control already planned is left out.

    1. an outcome 'hercontrole gepland' whose follow-up was never carried out;
    2. a serious finding in the last N months and no control since;
    3. a control more than N months ago and none since.
    Vergunde adressen without any control come with the permit register (issue Vergunningen).
    """
    nu = utcnow()
    termijn = waarde(session, gemeente_id, CONTROLE_TERMIJN)
    terugkijk = waarde(session, gemeente_id, OVERTREDING_TERUGKIJK)
    hercontrole_weken = waarde(session, gemeente_id, HERCONTROLE_TERMIJN)
    later = aliased(Controle)
    gepland = exists().where(later.adres_id == Controle.adres_id, later.gemeente_id == gemeente_id,
                             later.status.in_(OPEN))
    laatste = (select(Controle.adres_id, func.max(Controle.uitgevoerd_op).label("laatst"))
               .where(Controle.gemeente_id == gemeente_id, Controle.uitgevoerd_op.is_not(None))
               .group_by(Controle.adres_id).subquery())
    gezien: set[int] = set()
    uit: list[Suggestie] = []

    def voeg_toe(adres, reden, sinds, soort, ctype=None):
        if adres.id in gezien or len(uit) >= limit:
            return
        gezien.add(adres.id)
        uit.append(Suggestie(adres, reden, sinds, soort, ctype))

    # 1. Open hercontroles: the follow-up the outcome planned was not carried out (or is overdue).
    # A hercontrole may come with a further-reaching outcome that the status shows: ask the outcomes.
    vervolg = aliased(Controle)
    met_hercontrole = or_(Controle.status == ControleStatus.HERCONTROLE_GEPLAND, exists().where(
        ControleUitkomst.controle_id == Controle.id, ControleUitkomst.uitkomst == ControleStatus.HERCONTROLE_GEPLAND))
    rijen = session.execute(
        select(Controle, Adres).join(Adres, Adres.id == Controle.adres_id)
        .where(Controle.gemeente_id == gemeente_id, met_hercontrole,
               ~exists().where(vervolg.vorige_controle_id == Controle.id, vervolg.uitgevoerd_op.is_not(None)))
        .order_by(Controle.afgerond_op).limit(limit)).all()
    for c, adres in rijen:
        te_laat = c.afgerond_op and c.afgerond_op + timedelta(weeks=hercontrole_weken) < nu
        reden = (f"Hercontrole na de controle van {c.uitgevoerd_op:%d-%m-%Y} is nog niet uitgevoerd"
                 + (f" (termijn van {hercontrole_weken} weken verstreken)." if te_laat else "."))
        voeg_toe(adres, reden, c.afgerond_op, "hercontrole", c.controletype_id)
    # 2. Serious findings, no control since.
    grens = nu - timedelta(days=round(terugkijk * 30.44))
    # The finding's controle is the address's latest one carried out: nothing checked it since.
    rijen = session.execute(
        select(Adres, Controle.uitgevoerd_op, func.count(Bevinding.id))
        .join(Controle, Controle.adres_id == Adres.id).join(Bevinding, Bevinding.controle_id == Controle.id)
        .join(laatste, laatste.c.adres_id == Adres.id)
        .where(Controle.gemeente_id == gemeente_id, Bevinding.ernst == Ernst.ERNSTIG,
               Controle.uitgevoerd_op == laatste.c.laatst,
               Bevinding.waargenomen_op >= grens, Bevinding.opgelost_op.is_(None), ~gepland)
        .group_by(Adres.id, Controle.uitgevoerd_op)
        .order_by(Controle.uitgevoerd_op.desc()).limit(limit)).all()
    for adres, op, aantal in rijen:
        voeg_toe(adres, f"{aantal} ernstige bevinding{'en' if aantal != 1 else ''} bij de controle van "
                        f"{op:%d-%m-%Y}; sindsdien niet opnieuw gecontroleerd.", op, "overtreding")
    # 3. Last control longer ago than the term.
    grens = nu - timedelta(days=round(termijn * 30.44))
    rijen = session.execute(
        select(Adres, laatste.c.laatst).join(laatste, laatste.c.adres_id == Adres.id)
        .where(Adres.gemeente_id == gemeente_id, laatste.c.laatst < grens,
               ~exists().where(Controle.adres_id == Adres.id, Controle.gemeente_id == gemeente_id,
                               Controle.status.in_(OPEN)))
        .order_by(laatste.c.laatst).limit(limit)).all()
    for adres, laatst in rijen:
        maanden = int((nu - laatst).days / 30.44)
        voeg_toe(adres, f"Laatste controle {maanden} maanden geleden ({laatst:%d-%m-%Y}); de termijn is "
                        f"{termijn} maanden.", laatst, "termijn")
    return uit

