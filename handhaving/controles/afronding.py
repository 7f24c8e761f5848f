"""Closing a controle: check the required items, sign, fix the rapport, choose the outcome,
and afterwards only addenda.

uitgevoerd (field work done, required items checked) → rapport_concept (frozen for signing)
→ rapport_vastgesteld (signed, immutable, the PDF is made) → one outcome; a hercontrole
outcome plans the follow-up controle.
"""
from __future__ import annotations

import base64
import binascii
import uuid as uuidlib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from handhaving.audit import services as audit
from handhaving.controles import permissions, rapport
from handhaving.controles.acties import ControleActie
from handhaving.controles.instellingen import HERCONTROLE_TERMIJN
from handhaving.controles.models import (Addendum, ChecklistAntwoord, ChecklistItem, ChecklistSectie,
                                         ChecklistSjabloon, Controle, ControleStatus, Ondertekening,
                                         Ondertekenwijze, RapportStatus, SjabloonStatus, Toegang)
from handhaving.controles.services import _overgang
from handhaving.controles.vastlegging import UUID_RE, controleer_bewerkbaar
from handhaving.controles.workflow import UITKOMSTEN
from handhaving.db import utcnow
from handhaving.errors import Geweigerd, OngeldigeInvoer, OngeldigeOvergang
from handhaving.instellingen import waarde
from handhaving.storage import get_opslag
from handhaving.storage.uploads import FOTO, controleer_upload

VASTGESTELD = (ControleStatus.RAPPORT_VASTGESTELD, *UITKOMSTEN)
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


def kies_uitkomst(session: Session, user, controle: Controle, versie: int, uitkomst: str,
                  toelichting: str = "") -> Controle | None:
    """The outcome; 'hercontrole gepland' plans the follow-up and returns it."""
    try:
        status = ControleStatus(uitkomst)
    except ValueError:
        status = None
    if status not in UITKOMSTEN:
        raise OngeldigeInvoer("Kies de uitkomst van de controle.")
    toelichting = (toelichting or "").strip()
    if len(toelichting) > 5000:
        raise OngeldigeInvoer("De toelichting is te lang (maximaal 5.000 tekens).")
    if status != ControleStatus.AFGESLOTEN_GEEN_OVERTREDING and not toelichting:
        raise OngeldigeInvoer("Licht de uitkomst toe: wat gebeurt er nu en door wie?")
    controle.uitkomst_toelichting = toelichting
    controle.afgerond_op = utcnow()
    _overgang(session, user, controle, status, versie)
    if status != ControleStatus.HERCONTROLE_GEPLAND:
        return None
    weken = waarde(session, controle.gemeente_id, HERCONTROLE_TERMIJN)
    duur = (controle.gepland_tot - controle.gepland_op) if controle.gepland_op and controle.gepland_tot else \
        timedelta(hours=2)
    begin = (controle.gepland_op or utcnow()) + timedelta(weeks=weken)
    vervolg = Controle(uuid=str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, f"hercontrole:{controle.uuid}")),
                       gemeente_id=controle.gemeente_id, adres_id=controle.adres_id, soort=controle.soort,
                       controletype_id=controle.controletype_id, sjabloon_id=_actueel_sjabloon(session, controle),
                       vorige_controle_id=controle.id, status=ControleStatus.GEPLAND, gepland_op=begin,
                       gepland_tot=begin + duur, partners=list(controle.partners or []),
                       rechtsgronden=list(controle.rechtsgronden or []),
                       briefing=f"Hercontrole na de controle van {controle.uitgevoerd_op:%d-%m-%Y}. {toelichting}",
                       aangemaakt_door_id=user.id)
    vervolg.toezichthouders = list(controle.toezichthouders)
    session.add(vervolg)
    session.flush()
    audit.record(session, ControleActie.HERCONTROLE_GEPLAND, audit.SUCCES, object_type="controle",
                 object_id=vervolg.id, gemeente_id=controle.gemeente_id, details={"vorige_controle_id": controle.id})
    return vervolg


def _actueel_sjabloon(session: Session, controle: Controle) -> int | None:
    """The follow-up uses the checklist version in force now, not the old one."""
    if controle.controletype_id is None:
        return controle.sjabloon_id
    nieuw = session.execute(select(ChecklistSjabloon.id).where(
        ChecklistSjabloon.controletype_id == controle.controletype_id,
        ChecklistSjabloon.status == SjabloonStatus.GEPUBLICEERD)).scalar_one_or_none()
    return nieuw or controle.sjabloon_id


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
