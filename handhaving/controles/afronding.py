"""Closing a controle: check the required items, sign, fix the rapport, choose the outcome,
and afterwards only addenda.

uitgevoerd (field work done, required items checked) → rapport_concept (frozen for signing)
→ rapport_vastgesteld (signed, immutable, the PDF is made) → the outcome: one or more of the
lifecycle's outcomes; a hercontrole is planned in the same step, and the rapport gets a new
version that carries the outcome.
"""
from __future__ import annotations

import base64
import binascii
import uuid as uuidlib
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from handhaving.audit import services as audit
from handhaving.controles import permissions, planning, rapport
from handhaving.controles.acties import ControleActie
from handhaving.controles.instellingen import HERCONTROLE_TERMIJN
from handhaving.controles.models import (Addendum, ChecklistAntwoord, ChecklistItem, ChecklistSectie, Controle,
                                         ControleStatus, ControleUitkomst, Ondertekening, Ondertekenwijze, Partner,
                                         RapportStatus, Toegang)
from handhaving.controles.models import ControleStatus as S
from handhaving.controles.services import _overgang
from handhaving.controles.vastlegging import UUID_RE, controleer_bewerkbaar
from handhaving.controles.workflow import UITKOMSTEN, status_voor
from handhaving.db import utcnow
from handhaving.errors import Geweigerd, OngeldigeInvoer, OngeldigeOvergang, VerouderdeVersie
from handhaving.instellingen import waarde
from handhaving.storage import get_opslag
from handhaving.storage.uploads import FOTO, controleer_upload
from handhaving.tijd import naar_lokaal, vandaag

VASTGESTELD = (ControleStatus.RAPPORT_VASTGESTELD, *UITKOMSTEN)
# The checklist items (standaard.py, section Afsluiting) the outcome page plans a hercontrole from.
HERCONTROLE_NODIG, HERCONTROLE_UITERLIJK = "hercontrole_nodig", "hercontrole_uiterlijk"
VERKLARING = ("Ik verklaar dat ik dit rapport naar waarheid heb opgemaakt en dat het overeenkomt met wat ik "
              "zelf heb waargenomen, tenzij anders vermeld.")


@dataclass
class Ontbrekend:
    sectie: str
    item: str
    item_id: int | None


def ontbrekend(session: Session, controle: Controle) -> list[Ontbrekend]:
    """Required items without an answer, plus the entry basis; in checklist order."""
    uit = []
    if controle.toegang is None:
        uit.append(Ontbrekend("Binnentreden", "Op welke basis is het object betreden?", None))
    elif controle.is_woning and controle.toegang == Toegang.OPENBARE_INRICHTING:
        uit.append(Ontbrekend("Binnentreden", "Een woning alleen met toestemming of machtiging", None))
    if controle.sjabloon_id is None:
        return uit
    beantwoord = set(session.execute(
        select(ChecklistAntwoord.item_id).where(ChecklistAntwoord.controle_id == controle.id,
                                                ChecklistAntwoord.waarde != "")).scalars())
    rijen = session.execute(
        select(ChecklistSectie.titel, ChecklistItem.tekst, ChecklistItem.id).join(ChecklistItem)
        .where(ChecklistSectie.sjabloon_id == controle.sjabloon_id, ChecklistItem.verplicht.is_(True),
               ChecklistItem.vervallen.is_(False))
        .order_by(ChecklistSectie.volgorde, ChecklistItem.volgorde)).all()
    uit += [Ontbrekend(sectie, tekst, item_id) for sectie, tekst, item_id in rijen if item_id not in beantwoord]
    return uit


def rond_uitvoering_af(session: Session, user, controle: Controle, versie: int) -> Controle:
    """Afronden in the field: every required item answered, then status uitgevoerd."""
    controleer_bewerkbaar(user, controle, "afronden")
    if controle.status == ControleStatus.UITGEVOERD:
        raise OngeldigeOvergang("De uitvoering van deze controle is al afgerond.")
    missend = ontbrekend(session, controle)
    if missend:
        raise OngeldigeInvoer(
            f"Nog {len(missend)} verplicht{'e' if len(missend) != 1 else ''} onderde{'len' if len(missend) != 1 else 'el'}"
            " in te vullen voordat u kunt afronden.",
            [f"{m.sectie}: {m.item}" for m in missend])
    controle.uitgevoerd_op = utcnow()
    return _overgang(session, user, controle, ControleStatus.UITGEVOERD, versie)


def rapport_terug(session: Session, user, controle: Controle, versie: int, reden: str) -> Controle:
    """Back to the field work for a correction; signatures given so far lapse."""
    if not reden.strip():
        raise OngeldigeInvoer("Geef een reden op waarom het rapport terug moet naar de uitvoering.")
    _overgang(session, user, controle, ControleStatus.UITGEVOERD, versie, reden.strip())
    session.execute(delete(Ondertekening).where(Ondertekening.controle_id == controle.id))
    session.flush()
    return controle


def _png(data_url: str) -> bytes:
    """The signature pad's PNG data URL → checked, re-encoded PNG bytes."""
    prefix = "data:image/png;base64,"
    if not data_url.startswith(prefix):
        raise OngeldigeInvoer("Zet eerst uw handtekening in het vak, of kies voor een verklaring naar waarheid.")
    try:
        raw = base64.b64decode(data_url[len(prefix):], validate=True)
    except (binascii.Error, ValueError):
        raise OngeldigeInvoer("De handtekening kon niet worden gelezen. Zet hem opnieuw.") from None
    return controleer_upload(raw, FOTO, max_bytes=2 * 1024 * 1024).data


def onderteken(session: Session, user, controle: Controle, *, wijze: str, naam: str,
               handtekening: str = "", akkoord: bool = False) -> Ondertekening:
    """The logged-in toezichthouder signs the rapport in concept: a drawn signature (PNG) or a
    typed declaration naar waarheid with name and date. One signature per person."""
    if not permissions.mag_wijzigen(user, controle) or not permissions.in_team(user, controle):
        audit.record_security_event(ControleActie.WIJZIGEN_GEWEIGERD, audit.GEWEIGERD, object_type="controle",
                                    object_id=controle.id, gemeente_id=controle.gemeente_id,
                                    details={"wat": "ondertekenen"})
        raise Geweigerd("Alleen de toezichthouders van deze controle ondertekenen het rapport.")
    if controle.status != ControleStatus.RAPPORT_CONCEPT:
        raise OngeldigeOvergang("Alleen een rapport in concept kan worden ondertekend.")
    bestaand = session.execute(select(Ondertekening).where(Ondertekening.controle_id == controle.id,
                                                           Ondertekening.gebruiker_id == user.id)
                               ).scalar_one_or_none()
    if bestaand is not None:
        return bestaand  # a double submit signs once
    naam = (naam or "").strip()[:120]
    if not naam:
        raise OngeldigeInvoer("Vul uw naam in.")
    if wijze not in {w.value for w in Ondertekenwijze}:
        raise OngeldigeInvoer("Kies hoe u ondertekent.")
    o = Ondertekening(controle_id=controle.id, gemeente_id=controle.gemeente_id, gebruiker_id=user.id,
                      wijze=Ondertekenwijze(wijze), naam=naam, getekend_op=utcnow())
    if o.wijze == Ondertekenwijze.HANDTEKENING:
        opgeslagen = get_opslag().put(_png(handtekening))
        o.handtekening_sleutel, o.handtekening_sha256 = opgeslagen.key, opgeslagen.sha256
    else:
        if not akkoord:
            raise OngeldigeInvoer("Vink de verklaring naar waarheid aan om te ondertekenen.")
        o.verklaring = VERKLARING
    session.add(o)
    session.flush()
    audit.record(session, ControleActie.ONDERTEKEND, audit.SUCCES, object_type="controle", object_id=controle.id,
                 gemeente_id=controle.gemeente_id, details={"wijze": o.wijze.value})
    return o


def stel_vast(session: Session, user, controle: Controle, versie: int):
    """Fix the rapport: from now on the controle is immutable; the PDF is made as a job."""
    getekend = session.scalar(select(func.count()).select_from(Ondertekening)
                              .where(Ondertekening.controle_id == controle.id))
    if controle.status == ControleStatus.RAPPORT_CONCEPT and not getekend:
        raise OngeldigeInvoer("Het rapport moet eerst door ten minste één toezichthouder worden ondertekend.")
    controle.vastgesteld_op = utcnow()
    _overgang(session, user, controle, ControleStatus.RAPPORT_VASTGESTELD, versie)
    return rapport.vraag_rapport_aan(session, controle)


@dataclass
class Keuze:
    """One outcome as the form (or the demo) delivers it."""
    uitkomst: str
    toelichting: str = ""
    partner: str = ""


@dataclass
class Hercontrole:
    """The follow-up as the user confirmed it; the rest comes from the controle."""
    uuid: str
    datum: date | None
    van: time | None
    tot: time | None
    toezichthouder_ids: list[int] = field(default_factory=list)


@dataclass
class Voorstel:
    """What the outcome page fills in for a hercontrole."""
    nodig: bool               # the checklist says "hercontrole nodig: ja"
    uiterlijk: date | None    # the checklist's "hercontrole uiterlijk op"
    datum: date
    van: time
    tot: time
    toezichthouder_ids: list[int]


def _antwoord(session: Session, controle: Controle, code: str) -> str:
    return session.execute(
        select(ChecklistAntwoord.waarde).join(ChecklistItem, ChecklistItem.id == ChecklistAntwoord.item_id)
        .where(ChecklistAntwoord.controle_id == controle.id, ChecklistItem.code == code)).scalar() or ""


def hercontrole_voorstel(session: Session, controle: Controle) -> Voorstel:
    """The suggested hercontrole: after the gemeente's term for a hercontrole (the time the
    exploitant has to put things right), or earlier when the checklist set a latest date; never
    in the past. Same time of day and team as this controle; the user confirms or changes it."""
    try:
        uiterlijk = date.fromisoformat(_antwoord(session, controle, HERCONTROLE_UITERLIJK))
    except ValueError:
        uiterlijk = None
    basis = controle.uitgevoerd_op or controle.gepland_op or utcnow()
    datum = naar_lokaal(basis).date() + timedelta(weeks=waarde(session, controle.gemeente_id, HERCONTROLE_TERMIJN))
    if uiterlijk is not None:
        datum = min(datum, uiterlijk)
    van = naar_lokaal(controle.gepland_op).time() if controle.gepland_op else time(10, 0)
    tot = naar_lokaal(controle.gepland_tot).time() if controle.gepland_tot else time(min(van.hour + 2, 23), 0)
    return Voorstel(nodig=_antwoord(session, controle, HERCONTROLE_NODIG).lower() == "ja", uiterlijk=uiterlijk,
                    datum=max(datum, vandaag()), van=van, tot=tot,
                    toezichthouder_ids=[t.id for t in controle.toezichthouders])


def _controleer_keuzes(session: Session, controle: Controle, keuzes: list[Keuze]) -> list[Keuze]:
    """The set's rules; every problem at once, in Dutch."""
    problemen = []
    gekozen: dict[ControleStatus, Keuze] = {}
    for k in keuzes:
        try:
            status = ControleStatus(k.uitkomst)
        except ValueError:
            status = None
        if status not in UITKOMSTEN:
            problemen.append("Onbekende uitkomst.")
            continue
        gekozen[status] = Keuze(status.value, (k.toelichting or "").strip(), (k.partner or "").strip())
    if not gekozen and not problemen:
        problemen.append("Kies ten minste één uitkomst.")
    if S.AFGESLOTEN_GEEN_OVERTREDING in gekozen and len(gekozen) > 1:
        problemen.append("‘Afgesloten, geen overtreding’ gaat niet samen met een andere uitkomst.")
    # Enforcement is a decision against someone and must rest on facts established at the
    # controle (Awb 3:2, careful fact finding): no finding on record, nothing to enforce.
    if S.DOORGEZET_HANDHAVING in gekozen and not controle.bevindingen:
        problemen.append("Doorzetten naar handhaving kan alleen met ten minste één vastgelegde bevinding. Leg die "
                         "vast met een addendum, of kies een andere uitkomst.")
    for status, k in gekozen.items():
        if status != S.AFGESLOTEN_GEEN_OVERTREDING and not k.toelichting:
            problemen.append(f"{status.label}: licht toe wat er nu gebeurt en door wie.")
        if len(k.toelichting) > 5000:
            problemen.append(f"{status.label}: de toelichting is te lang (maximaal 5.000 tekens).")
    partner = gekozen.get(S.DOORGEZET_PARTNER)
    if partner is not None and partner.partner not in {p.value for p in Partner}:
        problemen.append("Doorgezet naar partner: kies de partnerorganisatie.")
    if problemen:
        raise OngeldigeInvoer(problemen[0], problemen)
    return [gekozen[s] for s in UITKOMSTEN if s in gekozen]


def kies_uitkomsten(session: Session, user, controle: Controle, versie: int, keuzes: list[Keuze],
                    hercontrole: Hercontrole | None = None) -> list[ControleUitkomst]:
    """The outcome of a controle whose rapport is vastgesteld: one or more of the lifecycle's
    outcomes, each with what happens now and by whom.

    'Hercontrole gepland' is complete only with its follow-up planned: ``hercontrole`` plans it in
    this same step through the planning service (its rules on date, team and checklist). The
    status moves to the furthest-reaching outcome (``workflow.VOORRANG``), and a new version of
    the rapport is asked for: the one made at vaststelling stays as it was signed.

    Everything is checked before anything is written: OngeldigeInvoer (the set, the hercontrole's
    plan), Geweigerd (not the team or the coördinator), OngeldigeOvergang (rapport not vastgesteld,
    or an outcome chosen already), VerouderdeVersie (someone changed the controle meanwhile)."""
    if not permissions.mag_wijzigen(user, controle):
        audit.record_security_event(ControleActie.WIJZIGEN_GEWEIGERD, audit.GEWEIGERD, object_type="controle",
                                    object_id=controle.id, gemeente_id=controle.gemeente_id,
                                    details={"wat": "uitkomst"})
        raise Geweigerd("Alleen de toegewezen toezichthouders en de coördinator kunnen deze controle wijzigen.")
    if controle.status != S.RAPPORT_VASTGESTELD:
        raise OngeldigeOvergang("De uitkomst kan alleen worden gekozen als het rapport is vastgesteld en er nog "
                                "geen uitkomst is.")
    if versie != controle.versie:
        raise VerouderdeVersie("Iemand anders heeft deze controle intussen gewijzigd. Vernieuw de pagina.")
    gekozen = _controleer_keuzes(session, controle, keuzes)
    statussen = [ControleStatus(k.uitkomst) for k in gekozen]
    vervolg = None
    if S.HERCONTROLE_GEPLAND in statussen:
        vervolg = _plan_hercontrole(session, user, controle, hercontrole,
                                    next(k for k in gekozen if k.uitkomst == S.HERCONTROLE_GEPLAND.value))
    nu = utcnow()
    rijen = [ControleUitkomst(controle_id=controle.id, gemeente_id=controle.gemeente_id,
                              uitkomst=ControleStatus(k.uitkomst), toelichting=k.toelichting,
                              partner=k.partner if k.uitkomst == S.DOORGEZET_PARTNER.value else "",
                              hercontrole_id=vervolg.id if k.uitkomst == S.HERCONTROLE_GEPLAND.value else None,
                              gekozen_op=nu, gekozen_door_id=user.id) for k in gekozen]
    session.add_all(rijen)
    controle.afgerond_op = nu
    _overgang(session, user, controle, status_voor(statussen), versie,
              "Uitkomsten: " + ", ".join(s.label.lower() for s in statussen))
    session.expire(controle, ["uitkomsten"])
    rapport.vraag_rapport_aan(session, controle)
    return rijen


def _plan_hercontrole(session: Session, user, controle: Controle, hercontrole: Hercontrole | None,
                      keuze: Keuze) -> Controle:
    """The follow-up at the same address, of the same type, with the same legal bases and partners."""
    if hercontrole is None or hercontrole.datum is None or hercontrole.van is None or hercontrole.tot is None:
        raise OngeldigeInvoer("Plan de hercontrole: vul datum, begintijd en eindtijd in.")
    if controle.adres_id is None or controle.controletype_id is None:
        raise OngeldigeInvoer("Deze controle heeft geen adres of soort; plan de hercontrole via de planning.")
    # The form key makes a double submit plan once; without a usable one, a key of its own.
    sleutel = hercontrole.uuid if UUID_RE.match(hercontrole.uuid or "") else str(uuidlib.uuid4())
    plan = planning.Plan(uuid=sleutel, controletype_id=controle.controletype_id,
                         adres_ids=[controle.adres_id], datum=hercontrole.datum, van=hercontrole.van,
                         tot=hercontrole.tot, toezichthouder_ids=list(hercontrole.toezichthouder_ids),
                         partners=list(controle.partners or []), rechtsgronden=list(controle.rechtsgronden or []),
                         briefing=(f"Hercontrole na de controle van {naar_lokaal(controle.uitgevoerd_op):%d-%m-%Y}. "
                                   f"{keuze.toelichting}")[:10000])
    [vervolg] = planning.plan_controles(session, user, controle.gemeente_id, plan, hercontrole_van=controle)
    if vervolg.vorige_controle_id != controle.id:
        # The key was used for another plan (a form sent for another controle): not this hercontrole.
        raise OngeldigeInvoer("Het formulier is verouderd. Vernieuw de pagina en plan de hercontrole opnieuw.")
    audit.record(session, ControleActie.HERCONTROLE_GEPLAND, audit.SUCCES, object_type="controle",
                 object_id=vervolg.id, gemeente_id=controle.gemeente_id, details={"vorige_controle_id": controle.id})
    return vervolg


def voeg_addendum_toe(session: Session, user, controle: Controle, *, uuid: str, tekst: str, reden: str):
    """A dated correction with a reason after vaststelling; a new rapport version includes it."""
    if not permissions.mag_wijzigen(user, controle):
        raise Geweigerd("Alleen de toegewezen toezichthouders en de coördinator kunnen een addendum toevoegen.")
    if controle.status not in VASTGESTELD:
        raise OngeldigeOvergang("Een addendum kan pas als het rapport is vastgesteld; wijzig tot dan de "
                                "controle zelf.")
    if not UUID_RE.match(uuid or ""):
        raise OngeldigeInvoer("Ontbrekende sleutel bij het versturen. Vernieuw de pagina.")
    bestaand = session.execute(select(Addendum).where(Addendum.uuid == uuid)).scalar_one_or_none()
    if bestaand is not None:
        return bestaand
    tekst, reden = (tekst or "").strip(), (reden or "").strip()
    problemen = ([] if tekst else ["Beschrijf de correctie."]) + ([] if reden else ["Geef de reden van de correctie."])
    if len(tekst) > 10000 or len(reden) > 2000:
        problemen.append("De tekst is te lang.")
    if problemen:
        raise OngeldigeInvoer(problemen[0], problemen)
    a = Addendum(uuid=uuid, controle_id=controle.id, gemeente_id=controle.gemeente_id, tekst=tekst, reden=reden,
                 door_id=user.id, op=utcnow())
    session.add(a)
    session.flush()
    audit.record(session, ControleActie.ADDENDUM_TOEGEVOEGD, audit.SUCCES, object_type="controle",
                 object_id=controle.id, gemeente_id=controle.gemeente_id, reden=reden)
    rapport.vraag_rapport_aan(session, controle)
    return a


def maak_rapport_opnieuw(session: Session, user, controle: Controle):
    """Ask for a new version after the last one failed (e.g. storage was unreachable)."""
    if not permissions.mag_wijzigen(user, controle):
        raise Geweigerd("Alleen het team en de coördinator vragen een rapport opnieuw aan.")
    if controle.status not in VASTGESTELD:
        raise OngeldigeOvergang("Er is nog geen vastgesteld rapport.")
    laatste = max(controle.rapporten, key=lambda r: r.versie, default=None)
    if laatste is not None and laatste.status != RapportStatus.FOUT:
        raise OngeldigeOvergang("Het laatste rapport is gemaakt of wordt nog gemaakt; opnieuw maken is niet nodig.")
    return rapport.vraag_rapport_aan(session, controle)
