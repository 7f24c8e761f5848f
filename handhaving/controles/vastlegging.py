"""Recording a controle on site: start, the checklist and fields (autosave), bevindingen,
persons met, photos. One set of services serves the online form and the later offline sync:

* every record a tablet creates carries a client ``uuid``: a replay returns the same row,
  the same ``uuid`` with another body is refused (422), nothing is created twice;
* the checklist and fields are saved as *changes*, each with the value the client started
  from (``basis``). With the current ``versie`` everything is applied; with a stale one a
  change is applied only if nobody else changed that field meanwhile, otherwise the save is
  refused with both values (409), so two toezichthouders never overwrite each other silently.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session, aliased

from handhaving.audit import services as audit
from handhaving.controles import permissions, voorschriften
from handhaving.controles.acties import ControleActie
from handhaving.controles.instellingen import KLOKVERSCHIL_TOLERANTIE, MINIMUMLEEFTIJD_SEKSWERKER
from handhaving.controles.models import (
    AangetroffenPersoon,
    AangetroffenSekswerker,
    Bevinding,
    BevindingCategorie,
    BevindingTijdcorrectie,
    ChecklistAntwoord,
    ChecklistItem,
    ChecklistSectie,
    Controle,
    ControleStatus,
    Ernst,
    Foto,
    ItemSoort,
    PersoonRol,
    Tijdbron,
    Toegang,
    ToetsOordeel,
    VoorschriftToets,
    Waarneming,
)
from handhaving.controles.workflow import BEWERKBAAR, CONTROLE_WORKFLOW
from handhaving.db import utcnow
from handhaving.errors import DomeinFout, Geweigerd, OngeldigeInvoer, OngeldigeOvergang, VerouderdeVersie
from handhaving.instellingen import waarde as instelling
from handhaving.storage import get_opslag
from handhaving.storage.uploads import FOTO, controleer_upload
from handhaving.tijd import naar_lokaal, naar_utc, vandaag

VELDEN = {"toegang": "Binnentreden op basis van", "is_woning": "Deel van het object is een woning",
          "notities": "Notities"}
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MAX_TEKST = 5000
NIET_OP_ADRES = "Dit voorschrift hoort niet bij een vergunning op het adres van deze controle."


class Conflict(DomeinFout):
    """A stale save touched fields someone else changed meanwhile; carries both values."""
    status = 409
    code = "verouderde_versie"

    def __init__(self, message: str, conflicten: list[dict], versie: int):
        super().__init__(message, details={"conflicten": conflicten, "versie": versie})
        self.conflicten = conflicten
        self.versie = versie


def _weiger(controle: Controle, wat: str):
    audit.record_security_event(ControleActie.WIJZIGEN_GEWEIGERD, audit.GEWEIGERD, object_type="controle",
                                object_id=controle.id, gemeente_id=controle.gemeente_id, details={"wat": wat})
    raise Geweigerd("Alleen de toegewezen toezichthouders en de coördinator kunnen deze controle vastleggen.")


def controleer_bewerkbaar(user, controle: Controle, wat: str = "vastlegging") -> None:
    if not permissions.mag_wijzigen(user, controle):
        _weiger(controle, wat)
    if controle.status not in BEWERKBAAR:
        if controle.vastgesteld_op is not None:
            raise OngeldigeOvergang("Het rapport van deze controle is vastgesteld; er kan niets meer worden "
                                    "gewijzigd. Een correctie legt u vast als addendum, met een reden.")
        raise OngeldigeOvergang("Het rapport van deze controle is in concept en wordt ondertekend. Zet het "
                                "eerst terug naar de uitvoering om iets te wijzigen.")
    if controle.gestart_op is None:
        raise OngeldigeOvergang("Start eerst de controle ter plaatse; daarna kunt u vastleggen.")


def _hash(inhoud: dict) -> str:
    return hashlib.sha256(json.dumps(inhoud, sort_keys=True, default=str).encode()).hexdigest()


def _tekst(value, veld: str, maximum: int = MAX_TEKST) -> str:
    value = "" if value is None else str(value)
    value = value.replace("\x00", "").strip()
    if len(value) > maximum:
        raise OngeldigeInvoer(f"{veld}: de tekst is te lang (maximaal {maximum} tekens).")
    return value


# ---------------------------------------------------------------------------- start

# A browser's location is accurate to metres (GPS) or kilometres (network); more is no location.
MAX_NAUWKEURIGHEID = 100_000

def start(session: Session, user, controle: Controle, *, lat: float | None = None, lon: float | None = None,
          nauwkeurigheid: float | None = None) -> Controle:
    """Start on site: the time, and the device location if the browser was allowed to give it."""
    if not permissions.mag_wijzigen(user, controle):
        _weiger(controle, "start")
    if controle.status not in (ControleStatus.GEPLAND, ControleStatus.VOORBEREID):
        raise OngeldigeOvergang("Deze controle is al uitgevoerd.")
    if controle.gestart_op is not None:
        return controle  # a second tap (or a replay from the tablet) changes nothing
    if nauwkeurigheid is not None and not (math.isfinite(nauwkeurigheid) and
                                           0 <= nauwkeurigheid <= MAX_NAUWKEURIGHEID):
        raise OngeldigeInvoer(f"De nauwkeurigheid van de locatie moet tussen 0 en {MAX_NAUWKEURIGHEID} meter "
                              "liggen. Start opnieuw; de controle is niet gestart.")
    if controle.status == ControleStatus.GEPLAND:
        CONTROLE_WORKFLOW.controleer(controle.status, ControleStatus.VOORBEREID)
        controle.status = ControleStatus.VOORBEREID
    # The sync may set gestart_op to the tablet's start time afterwards; the receipt stays.
    controle.gestart_op = controle.gestart_ontvangen_op = utcnow()
    if lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180:
        controle.locatie_lat, controle.locatie_lon = round(lat, 6), round(lon, 6)
        controle.locatie_nauwkeurigheid = nauwkeurigheid
    session.flush()
    # A permit granted since planning: its voorschriften are checked too.
    voorschriften.vul_aan(session, controle)
    audit.record(session, ControleActie.GESTART, audit.SUCCES, object_type="controle", object_id=controle.id,
                 gemeente_id=controle.gemeente_id, details={"locatie": controle.locatie_lat is not None})
    return controle


# ---------------------------------------------------------------------------- checklist and fields

def items(session: Session, controle: Controle) -> dict[int, ChecklistItem]:
    """The items of the checklist version this controle is carried out with."""
    if controle.sjabloon_id is None:
        return {}
    rijen = session.execute(select(ChecklistItem).join(ChecklistSectie)
                            .where(ChecklistSectie.sjabloon_id == controle.sjabloon_id,
                                   ChecklistItem.vervallen.is_(False))).scalars()
    return {i.id: i for i in rijen}


def huidige_waarden(session: Session, controle: Controle) -> dict[str, str]:
    """Every field as the autosave sees it: ``toegang``, ``is_woning``, ``notities``,
    ``a:<item>`` (answer), ``t:<item>`` (toelichting), and per permit voorschrift checked
    ``v:<voorschrift>`` (oordeel: "" or a ToetsOordeel value) and ``vt:<voorschrift>`` (toelichting)."""
    waarden = {"toegang": controle.toegang.value if controle.toegang else "",
               "is_woning": "ja" if controle.is_woning else "nee", "notities": controle.notities or ""}
    for a in session.execute(select(ChecklistAntwoord).where(ChecklistAntwoord.controle_id == controle.id)
                             ).scalars():
        waarden[f"a:{a.item_id}"] = a.waarde
        waarden[f"t:{a.item_id}"] = a.toelichting
    for t in session.execute(select(VoorschriftToets).where(VoorschriftToets.controle_id == controle.id)).scalars():
        waarden[f"{voorschriften.OORDEEL}{t.voorschrift_id}"] = t.oordeel or ""
        waarden[f"{voorschriften.TOELICHTING}{t.voorschrift_id}"] = t.toelichting or ""
    return waarden


def normaliseer(item: ChecklistItem, value: str) -> str:
    """An answer as stored; raises OngeldigeInvoer with a message naming the item."""
    value = (value or "").strip()
    if value == "":
        return ""
    naam = f"‘{item.tekst}’"
    if item.soort == ItemSoort.JA_NEE:
        if value not in ("ja", "nee", "nvt"):
            raise OngeldigeInvoer(f"{naam}: kies ja, nee of n.v.t.")
    elif item.soort == ItemSoort.GETAL:
        try:
            getal = float(value.replace(",", "."))
        except ValueError:
            raise OngeldigeInvoer(f"{naam}: vul een getal in, bijvoorbeeld 3 of 12,5.") from None
        if not -1e9 < getal < 1e9:
            raise OngeldigeInvoer(f"{naam}: dit getal is te groot.")
        value = (f"{getal:.2f}".rstrip("0").rstrip(".")).replace(".", ",")
    elif item.soort == ItemSoort.KEUZE:
        if value not in (item.keuzes or []):
            raise OngeldigeInvoer(f"{naam}: kies een van de mogelijkheden.")
    elif item.soort == ItemSoort.DATUM:
        try:
            value = date.fromisoformat(value).isoformat()
        except ValueError:
            raise OngeldigeInvoer(f"{naam}: vul een datum in als dd-mm-jjjj.") from None
    elif item.soort == ItemSoort.TIJD:
        try:
            value = time.fromisoformat(value).strftime("%H:%M")
        except ValueError:
            raise OngeldigeInvoer(f"{naam}: vul een tijd in als uu:mm.") from None
    else:
        value = _tekst(value, naam)
    return value


@dataclass
class Wijziging:
    nieuw: str
    # The value the client started from; None = unknown (a plain form post): then a stale
    # version conflicts on every field whose current value differs from the new one.
    basis: str | None = None


def _voorschrift_key(key: str) -> tuple[str, int] | None:
    """``v:12`` → ("v:", 12), ``vt:12`` → ("vt:", 12); anything else None."""
    for prefix in (voorschriften.OORDEEL, voorschriften.TOELICHTING):
        if key.startswith(prefix) and key[len(prefix):].isdigit():
            return prefix, int(key[len(prefix):])
    return None


def _label(key: str, alle_items: dict[int, ChecklistItem], toetsen: dict[int, voorschriften.Toets]) -> str:
    if key in VELDEN:
        return VELDEN[key]
    vk = _voorschrift_key(key)
    if vk is not None:
        t = toetsen.get(vk[1])
        naam = t.label if t else key
        return naam if vk[0] == voorschriften.OORDEEL else f"{naam} (toelichting)"
    soort, _, item_id = key.partition(":")
    item = alle_items.get(int(item_id))
    naam = item.tekst if item else key
    return naam if soort == "a" else f"{naam} (toelichting)"


def sla_op(session: Session, user, controle: Controle, versie: int, wijzigingen: dict[str, Wijziging]) -> Controle:
    """Save changes to the checklist and fields (autosave and the plain form).

    :raise Conflict: stale version and a field changed by someone else meanwhile (409, both values).
    :raise OngeldigeInvoer: a value that does not fit its item, or a woning without basis (422).
    """
    controleer_bewerkbaar(user, controle)
    alle_items = items(session, controle)
    toetsen = {t.voorschrift_id: t for t in voorschriften.toetsen(session, controle)}
    huidig = huidige_waarden(session, controle)
    schoon: dict[str, str] = {}
    problemen = []
    for key, w in wijzigingen.items():
        try:
            if key == "toegang":
                if w.nieuw and w.nieuw not in {t.value for t in Toegang}:
                    raise OngeldigeInvoer("Kies op welke basis u binnentrad.")
                schoon[key] = w.nieuw or ""
            elif key == "is_woning":
                schoon[key] = "ja" if w.nieuw in ("ja", "true", "1", "on") else "nee"
            elif key == "notities":
                schoon[key] = _tekst(w.nieuw, "Notities", 20000)
            elif key[:2] in ("a:", "t:") and key[2:].isdigit() and int(key[2:]) in alle_items:
                item = alle_items[int(key[2:])]
                schoon[key] = normaliseer(item, w.nieuw) if key[0] == "a" else _tekst(w.nieuw, f"‘{item.tekst}’")
            elif (vk := _voorschrift_key(key)) is not None:
                t = toetsen.get(vk[1])
                if t is None:
                    raise OngeldigeInvoer(NIET_OP_ADRES)
                naam = f"‘{t.label}’"
                if vk[0] == voorschriften.OORDEEL:
                    oordeel = (w.nieuw or "").strip()
                    if oordeel and oordeel not in voorschriften.OORDELEN:
                        raise OngeldigeInvoer(f"{naam}: kies nageleefd, overtreden of niet gecontroleerd.")
                    schoon[key] = oordeel
                else:
                    schoon[key] = _tekst(w.nieuw, naam)
            else:
                raise OngeldigeInvoer("Dit veld hoort niet bij de controlelijst van deze controle.")
        except OngeldigeInvoer as e:
            problemen.append(e.message)
    if problemen:
        raise OngeldigeInvoer(problemen[0], problemen)
    toegang = schoon.get("toegang", huidig["toegang"])
    woning = schoon.get("is_woning", huidig["is_woning"]) == "ja"
    if woning and toegang in (Toegang.OPENBARE_INRICHTING.value,):
        raise OngeldigeInvoer("Een woning mag u alleen binnentreden met toestemming van de bewoner of met een "
                              "machtiging (Awb 5:15, Huisvestingswet art. 34). Kies toestemming, machtiging of "
                              "‘geen toegang verkregen’.")
    if versie != controle.versie:
        conflicten = [{"veld": key, "label": _label(key, alle_items, toetsen), "uw_waarde": nieuw,
                       "huidige_waarde": huidig.get(key, "")}
                      for key, nieuw in schoon.items()
                      if huidig.get(key, "") != nieuw and (wijzigingen[key].basis is None
                                                          or wijzigingen[key].basis != huidig.get(key, ""))]
        if conflicten:
            raise Conflict("Een collega heeft intussen dezelfde velden gewijzigd. Hieronder ziet u beide "
                           "versies; kies welke blijft.", conflicten, controle.versie)
    veranderd = {k: v for k, v in schoon.items() if huidig.get(k, "") != v}
    if not veranderd:
        return controle
    antwoorden = {a.item_id: a for a in session.execute(
        select(ChecklistAntwoord).where(ChecklistAntwoord.controle_id == controle.id)).scalars()}
    for key, nieuw in veranderd.items():
        if key == "toegang":
            controle.toegang = Toegang(nieuw) if nieuw else None
        elif key == "is_woning":
            controle.is_woning = nieuw == "ja"
        elif key == "notities":
            controle.notities = nieuw
        elif (vk := _voorschrift_key(key)) is not None:
            toets = toetsen[vk[1]].toets
            if vk[0] == voorschriften.OORDEEL:
                toets.oordeel = nieuw
            else:
                toets.toelichting = nieuw
            toets.gewijzigd_op, toets.gewijzigd_door_id = utcnow(), user.id
        else:
            item_id = int(key[2:])
            antwoord = antwoorden.get(item_id)
            if antwoord is None:
                antwoord = antwoorden[item_id] = ChecklistAntwoord(
                    controle_id=controle.id, gemeente_id=controle.gemeente_id, item_id=item_id)
                session.add(antwoord)
            if key[0] == "a":
                antwoord.waarde = nieuw
            else:
                antwoord.toelichting = nieuw
            antwoord.gewijzigd_op, antwoord.gewijzigd_door_id = utcnow(), user.id
    # Any saved change moves the version on, also when only answers changed.
    controle.gewijzigd_op = utcnow()
    session.flush()
    audit.record(session, ControleActie.VASTLEGGING_OPGESLAGEN, audit.SUCCES, object_type="controle",
                 object_id=controle.id, gemeente_id=controle.gemeente_id,
                 details={"velden": sorted(veranderd)[:50]})
    return controle


# ---------------------------------------------------------------------------- bevindingen

def _bestaand(session: Session, model, uuid: str, controle: Controle, inhoud_hash: str):
    """Idempotency: the row created earlier under this uuid, if the content matches."""
    if not UUID_RE.match(uuid or ""):
        raise OngeldigeInvoer("Ontbrekende of ongeldige sleutel (uuid) bij het versturen. Vernieuw de pagina.")
    rij = session.execute(select(model).where(model.uuid == uuid)).scalar_one_or_none()
    if rij is None:
        return None
    if rij.controle_id != controle.id or getattr(rij, "inhoud_hash", inhoud_hash) != inhoud_hash:
        raise OngeldigeInvoer("Deze sleutel is al gebruikt voor andere gegevens; er is niets opgeslagen. "
                              "Vernieuw de pagina en probeer het opnieuw.")
    return rij


# ---------------------------------------------------------------------------- observation times
#
# Awb 3:2 (careful preparation): the rapport van bevindingen states when the facts were
# observed. That is the moment the toezichthouder recorded them (the device's clock, offline
# or online), not the moment the server received them; both are kept, with the clock
# difference measured at the sync. The order of a controle's moments is held here:
# gestart_op ≤ every waargenomen_op ≤ uitgevoerd_op ≤ vastgesteld_op.

@dataclass(frozen=True)
class Waarneemtijd:
    """When a finding was observed, as the client says. ``op`` None: the server's clock now."""
    op: datetime | None = None
    bron: Tijdbron = Tijdbron.SERVER
    # Server time at receipt minus the device's time of sending (only with bron APPARAAT).
    klokverschil: timedelta | None = None


def tolerantie(session: Session, gemeente_id: int) -> timedelta:
    """The gemeente's tolerance for a device's clock (KLOKVERSCHIL_TOLERANTIE)."""
    return timedelta(minutes=instelling(session, gemeente_id, KLOKVERSCHIL_TOLERANTIE))


def _klok(moment: datetime) -> str:
    return naar_lokaal(moment).strftime("%d-%m-%Y %H:%M")


def _minuut(moment: datetime) -> datetime:
    # A typed time has minutes only: 10:00 counts for a start at 10:00:40.
    return moment.replace(second=0, microsecond=0)


def controleer_volgorde(controle: Controle, waargenomen: datetime, *, marge: timedelta = timedelta(),
                        wat: str = "Het tijdstip van waarneming") -> None:
    """gestart_op ≤ waargenomen ≤ uitgevoerd_op (Awb 3:2; ``marge`` for a device's clock)."""
    if controle.gestart_op is not None and waargenomen < _minuut(controle.gestart_op) - marge:
        raise OngeldigeInvoer(f"{wat} ({_klok(waargenomen)}) ligt vóór de start van de controle "
                              f"({_klok(controle.gestart_op)}). Een waarneming valt tussen de start en het einde "
                              "van de uitvoering; er is niets opgeslagen.")
    if controle.uitgevoerd_op is not None and waargenomen > controle.uitgevoerd_op + marge:
        raise OngeldigeInvoer(f"{wat} ({_klok(waargenomen)}) ligt na het afronden van de uitvoering "
                              f"({_klok(controle.uitgevoerd_op)}). Vul in wanneer u dit hebt waargenomen "
                              "(‘Waargenomen om’); er is niets opgeslagen.")


def bepaal_waarneemtijd(session: Session, controle: Controle, tijd: Waarneemtijd | None,
                        ontvangen: datetime) -> tuple[datetime, Tijdbron, int | None]:
    """(waargenomen_op, tijdbron, klokverschil_s) of a new finding; refuses (422) a time that
    cannot be true. A device's time is kept as it was, also when its clock was off: the clock
    difference is stored beside it (a warning above the tolerance), never silently 'fixed'."""
    tijd = tijd or Waarneemtijd()
    if tijd.bron == Tijdbron.APPARAAT and tijd.op is not None and tijd.klokverschil is not None:
        marge = tolerantie(session, controle.gemeente_id)
        # Compare on the server's clock: the device's time plus the difference measured at its sync.
        op_server = tijd.op + tijd.klokverschil
        if op_server > ontvangen + marge:
            raise OngeldigeInvoer(f"Het tijdstip van waarneming van de tablet ({_klok(tijd.op)}) ligt na de "
                                  f"ontvangst door de server ({_klok(ontvangen)}), ook na correctie voor de klok van "
                                  "de tablet. Controleer datum en tijd van de tablet; er is niets opgeslagen.")
        controleer_volgorde(controle, op_server, marge=marge, wat="Het tijdstip van waarneming van de tablet")
        return tijd.op, Tijdbron.APPARAAT, int(tijd.klokverschil.total_seconds())
    if tijd.bron == Tijdbron.OPGEGEVEN and tijd.op is not None:
        if tijd.op > ontvangen:
            raise OngeldigeInvoer(f"‘Waargenomen om’ ({_klok(tijd.op)}) ligt in de toekomst. Vul in wanneer u dit "
                                  "hebt waargenomen.")
        controleer_volgorde(controle, tijd.op, wat="‘Waargenomen om’")
        return tijd.op, Tijdbron.OPGEGEVEN, None
    controleer_volgorde(controle, ontvangen, wat="Het tijdstip van vastleggen")
    return ontvangen, Tijdbron.SERVER, None


def waargenomen_om(controle: Controle, tijdstip: time | str | None) -> Waarneemtijd:
    """The online form's optional ‘Waargenomen om’ (local time of day, uu:mm) as a moment: on the day
    the controle started, or the day after when the time lies before the start (work past midnight)."""
    if isinstance(tijdstip, str):
        tekst = tijdstip.strip()
        try:
            tijdstip = time.fromisoformat(tekst) if tekst else None
        except ValueError:
            raise OngeldigeInvoer("Vul bij ‘Waargenomen om’ een tijd in als uu:mm.") from None
    if tijdstip is None:
        return Waarneemtijd()
    if not isinstance(tijdstip, time):
        raise OngeldigeInvoer("Vul bij ‘Waargenomen om’ een tijd in als uu:mm.")
    dag = naar_lokaal(controle.gestart_op).date() if controle.gestart_op else vandaag()
    moment = naar_utc(dag, tijdstip)
    if controle.gestart_op is not None and moment < _minuut(controle.gestart_op):
        moment = naar_utc(dag + timedelta(days=1), tijdstip)
    return Waarneemtijd(op=moment, bron=Tijdbron.OPGEGEVEN)


def klok_wijkt_af(bevinding: Bevinding, marge: timedelta) -> bool:
    """The device's clock was further off than the gemeente's tolerance (shown as a warning)."""
    return bevinding.klokverschil_s is not None and abs(bevinding.klokverschil_s) > marge.total_seconds()


def ontvangst_wijkt_af(bevinding: Bevinding, marge: timedelta) -> bool:
    """Observed and received lie further apart than the tolerance (the rapport shows both)."""
    return abs(bevinding.ontvangen_op - bevinding.waargenomen_op) > marge or klok_wijkt_af(bevinding, marge)


def klokverschil_tekst(seconden: int | None) -> str:
    """‘de klok van het apparaat liep 7 min 5 s achter’; server minus device, so + is behind."""
    if seconden is None:
        return "niet van toepassing (geen tijd van een apparaat)"
    if abs(seconden) < 1:
        return "geen"
    minuten, rest = divmod(abs(seconden), 60)
    duur = f"{minuten} min {rest} s" if minuten else f"{rest} s"
    return f"de klok van het apparaat liep {duur} {'achter' if seconden > 0 else 'voor'}"


MAX_REDEN = 2000


def corrigeer_waarneemtijd(session: Session, user, controle: Controle, bevinding: Bevinding, *,
                           nieuw: datetime | None, reden: str, versie: int | None = None) -> BevindingTijdcorrectie:
    """Correct when a finding was observed, with a reason, while the rapport is not vastgesteld.

    The old and new time, the reason, who and when are kept in ``bevinding_tijdcorrectie``
    (append-only) and in the audit log (Awb 3:2: the rapport must be able to show it).
    :raise Geweigerd: not in the team and not the coördinator (403).
    :raise OngeldigeOvergang: rapport in concept or vastgesteld (409: after vaststelling an addendum).
    :raise VerouderdeVersie: ``versie`` (the finding's, as the form showed it) is no longer current (409).
    :raise OngeldigeInvoer: no reason, no time, or a time outside start … receipt/afronden (422).
    """
    if bevinding.controle_id != controle.id:
        raise OngeldigeInvoer("Deze bevinding hoort niet bij deze controle.")
    controleer_bewerkbaar(user, controle, "tijdcorrectie")
    if versie is not None and versie != bevinding.versie:
        raise VerouderdeVersie("Deze bevinding is intussen gewijzigd (bijvoorbeeld een andere correctie van de tijd). "
                               "Er is niets gewijzigd; bekijk de nieuwe stand en corrigeer zo nodig opnieuw.")
    reden = _tekst(reden, "Reden", MAX_REDEN)
    if not reden:
        raise OngeldigeInvoer("Geef de reden van de correctie; die komt in het rapport. Er is niets gewijzigd.")
    if nieuw is None:
        raise OngeldigeInvoer("Vul de datum en de tijd van waarneming in. Er is niets gewijzigd.")
    if nieuw == bevinding.waargenomen_op:
        raise OngeldigeInvoer("Dit is al het tijdstip van waarneming. Er is niets gewijzigd.")
    # Recorded, then received: an observation cannot lie after the record reached the server.
    if nieuw > bevinding.ontvangen_op:
        raise OngeldigeInvoer(f"Het nieuwe tijdstip ({_klok(nieuw)}) ligt na de ontvangst van de bevinding "
                              f"({_klok(bevinding.ontvangen_op)}); u kunt niet later waargenomen hebben dan u "
                              "vastlegde. Er is niets gewijzigd.")
    controleer_volgorde(controle, nieuw, wat="Het nieuwe tijdstip")
    correctie = BevindingTijdcorrectie(bevinding_id=bevinding.id, gemeente_id=controle.gemeente_id,
                                       oud=bevinding.waargenomen_op, oude_bron=bevinding.tijdbron, nieuw=nieuw,
                                       reden=reden, door_id=user.id, op=utcnow())
    session.add(correctie)
    bevinding.waargenomen_op, bevinding.tijdbron = nieuw, Tijdbron.CORRECTIE
    session.flush()
    audit.record(session, ControleActie.BEVINDING_TIJD_GECORRIGEERD, audit.SUCCES, object_type="bevinding",
                 object_id=bevinding.id, gemeente_id=controle.gemeente_id, reden=reden,
                 details={"controle_id": controle.id, "correctie_id": correctie.id,
                          "oud": correctie.oud.isoformat() + "Z", "oude_bron": correctie.oude_bron.value,
                          "nieuw": nieuw.isoformat() + "Z"})
    return correctie


def voeg_bevinding_toe(session: Session, user, controle: Controle, *, uuid: str, categorie: str,
                       omschrijving: str, waarneming: str, ernst: str, norm: str = "",
                       checklist_item_code: str | None = None,
                       voorschrift_id: int | None = None,
                       tijd: Waarneemtijd | None = None) -> tuple[Bevinding, bool]:
    """A finding; returns (bevinding, created). A replay with the same uuid and body returns the first.

    ``voorschrift_id`` names the permit voorschrift it breaches: one of this controle's checks
    (else 422, nothing written); that check's oordeel becomes ‘overtreden’ in the same flush.
    ``tijd``: when it was observed (``bepaal_waarneemtijd``); without it, the server's clock now."""
    controleer_bewerkbaar(user, controle, "bevinding")
    inhoud = {"categorie": categorie, "omschrijving": (omschrijving or "").strip(), "waarneming": waarneming,
              "ernst": ernst, "norm": (norm or "").strip(), "item": checklist_item_code or None}
    if voorschrift_id is not None:
        # Only when set: the hashes of findings without a voorschrift stay what they were.
        inhoud["voorschrift"] = voorschrift_id
    h = _hash(inhoud)
    bestaand = _bestaand(session, Bevinding, uuid, controle, h)
    if bestaand is not None:
        return bestaand, False
    problemen = []
    if categorie not in {c.value for c in BevindingCategorie}:
        problemen.append("Kies een categorie.")
    if waarneming not in {w.value for w in Waarneming}:
        problemen.append("Geef aan of dit een eigen waarneming is of van horen zeggen.")
    if ernst not in {e.value for e in Ernst}:
        problemen.append("Kies de ernst.")
    if not inhoud["omschrijving"]:
        problemen.append("Beschrijf wat u hebt vastgesteld.")
    toets = None
    if voorschrift_id is not None:
        toets = session.execute(select(VoorschriftToets).where(
            VoorschriftToets.controle_id == controle.id, VoorschriftToets.voorschrift_id == voorschrift_id,
            VoorschriftToets.gemeente_id == controle.gemeente_id)).scalar_one_or_none()
        if toets is None:
            problemen.append(NIET_OP_ADRES)
    if problemen:
        raise OngeldigeInvoer(problemen[0], problemen)
    ontvangen = utcnow()
    waargenomen, bron, klokverschil_s = bepaal_waarneemtijd(session, controle, tijd, ontvangen)
    b = Bevinding(uuid=uuid, controle_id=controle.id, gemeente_id=controle.gemeente_id,
                  categorie=BevindingCategorie(categorie), omschrijving=_tekst(omschrijving, "Omschrijving"),
                  waarneming=Waarneming(waarneming), ernst=Ernst(ernst), norm=_tekst(norm, "Norm", 200),
                  checklist_item_code=(checklist_item_code or None), voorschrift_id=voorschrift_id,
                  vastgelegd_door_id=user.id, inhoud_hash=h, waargenomen_op=waargenomen, ontvangen_op=ontvangen,
                  klokverschil_s=klokverschil_s, tijdbron=bron)
    session.add(b)
    if toets is not None and toets.oordeel != ToetsOordeel.OVERTREDEN.value:
        toets.oordeel = ToetsOordeel.OVERTREDEN.value
        toets.gewijzigd_op, toets.gewijzigd_door_id = utcnow(), user.id
        # The check's field changed: move the controle's version on, so a colleague's stale
        # save of the same field is a conflict (409 with both values), not a silent overwrite.
        controle.gewijzigd_op = utcnow()
    session.flush()
    details = {"controle_id": controle.id, "tijdbron": bron.value}
    if klokverschil_s is not None:
        details["klokverschil_s"] = klokverschil_s
    if voorschrift_id is not None:
        details["voorschrift_id"] = voorschrift_id
    audit.record(session, ControleActie.BEVINDING_VASTGELEGD, audit.SUCCES, object_type="bevinding",
                 object_id=b.id, gemeente_id=controle.gemeente_id, details=details)
    return b, True


def verwijder_bevinding(session: Session, user, controle: Controle, bevinding: Bevinding) -> None:
    controleer_bewerkbaar(user, controle, "bevinding")
    for foto in bevinding.fotos:
        foto.bevinding_id = None
    session.delete(bevinding)
    session.flush()
    audit.record(session, ControleActie.BEVINDING_VERWIJDERD, audit.SUCCES, object_type="bevinding",
                 object_id=bevinding.id, gemeente_id=controle.gemeente_id, details={"controle_id": controle.id})


def eerdere_bevindingen(session: Session, controle: Controle) -> list[Bevinding]:
    """Findings of earlier controles at this address: the open ones, and those this controle
    found resolved. A hercontrole checks them one by one."""
    if controle.adres_id is None:
        return []
    eerdere = aliased(Controle)
    return session.execute(
        select(Bevinding).join(eerdere, eerdere.id == Bevinding.controle_id)
        .where(Bevinding.gemeente_id == controle.gemeente_id, eerdere.adres_id == controle.adres_id,
               eerdere.id != controle.id, eerdere.uitgevoerd_op.is_not(None),
               or_(Bevinding.opgelost_op.is_(None), Bevinding.opgelost_in_controle_id == controle.id))
        .order_by(Bevinding.waargenomen_op.desc())).scalars().all()


def zet_opgelost(session: Session, user, controle: Controle, bevinding: Bevinding, opgelost: bool) -> Bevinding:
    """Record in this controle that an earlier finding at the address is resolved (or undo that)."""
    controleer_bewerkbaar(user, controle, "bevinding")
    if bevinding not in eerdere_bevindingen(session, controle):
        raise OngeldigeInvoer("Deze bevinding hoort niet bij een eerdere controle op dit adres.")
    if opgelost:
        bevinding.opgelost_op, bevinding.opgelost_in_controle_id = utcnow(), controle.id
        bevinding.opgelost_door_id = user.id
    elif bevinding.opgelost_in_controle_id == controle.id:
        bevinding.opgelost_op = bevinding.opgelost_in_controle_id = bevinding.opgelost_door_id = None
    session.flush()
    audit.record(session, ControleActie.BEVINDING_OPGELOST, audit.SUCCES, object_type="bevinding",
                 object_id=bevinding.id, gemeente_id=controle.gemeente_id,
                 details={"controle_id": controle.id, "opgelost": opgelost})
    return bevinding


# ---------------------------------------------------------------------------- persons met

@dataclass
class SekswerkerInvoer:
    werknaam: str = ""
    geboortejaar: int | None = None
    id_gezien: bool = False
    nationaliteit: str = ""
    ingeschreven_brp_rni: bool | None = None
    gesprek_aangeboden: bool = False
    tolk: bool = False
    toelichting: str = ""


def voeg_persoon_toe(session: Session, user, controle: Controle, *, uuid: str, rol: str, naam: str = "",
                     id_gezien: bool = False, leeftijd_gecontroleerd: bool = False, opmerking: str = "",
                     sekswerker: SekswerkerInvoer | None = None) -> tuple[AangetroffenPersoon, bool]:
    """A person met, minimal. For a sekswerker the data goes to the separate table, and
    the age is checked against the gemeente's APV minimum (stored as a yes/no, not a verdict)."""
    controleer_bewerkbaar(user, controle, "persoon")
    sw = sekswerker or SekswerkerInvoer()
    inhoud = {"rol": rol, "naam": naam.strip(), "id": id_gezien, "leeftijd": leeftijd_gecontroleerd,
              "opmerking": opmerking.strip(), "sw": sw.__dict__ if rol == PersoonRol.SEKSWERKER.value else None}
    h = _hash(inhoud)
    bestaand = _bestaand(session, AangetroffenPersoon, uuid, controle, h)
    if bestaand is not None:
        return bestaand, False
    if rol not in {r.value for r in PersoonRol}:
        raise OngeldigeInvoer("Kies de rol van de persoon.")
    rol = PersoonRol(rol)
    p = AangetroffenPersoon(uuid=uuid, controle_id=controle.id, gemeente_id=controle.gemeente_id, rol=rol,
                            inhoud_hash=h, aangemaakt_door_id=user.id)
    if rol == PersoonRol.SEKSWERKER:
        jaar = sw.geboortejaar
        huidig_jaar = utcnow().year
        if jaar is not None and not (huidig_jaar - 100 <= jaar <= huidig_jaar - 10):
            raise OngeldigeInvoer("Het geboortejaar is niet mogelijk. Controleer het identiteitsbewijs.")
        minimum = instelling(session, controle.gemeente_id, MINIMUMLEEFTIJD_SEKSWERKER)
        # Year only: someone born in (year - minimum) may not be of age yet; that counts as "not met".
        voldoet = None if jaar is None else (huidig_jaar - jaar) > minimum
        p.id_gezien = sw.id_gezien
        p.leeftijd_gecontroleerd = jaar is not None
        session.add(p)
        session.flush()
        session.add(AangetroffenSekswerker(
            persoon_id=p.id, gemeente_id=controle.gemeente_id, werknaam=_tekst(sw.werknaam, "Werknaam", 120),
            geboortejaar=jaar, leeftijd_voldoet=voldoet, id_gezien=sw.id_gezien,
            nationaliteit=_tekst(sw.nationaliteit, "Nationaliteit", 80), ingeschreven_brp_rni=sw.ingeschreven_brp_rni,
            gesprek_aangeboden=sw.gesprek_aangeboden, tolk=sw.tolk, toelichting=_tekst(sw.toelichting, "Toelichting")))
    else:
        p.naam = _tekst(naam, "Naam", 200)
        p.id_gezien, p.leeftijd_gecontroleerd = id_gezien, leeftijd_gecontroleerd
        p.opmerking = _tekst(opmerking, "Opmerking")
        session.add(p)
    session.flush()
    audit.record(session, ControleActie.PERSOON_VASTGELEGD, audit.SUCCES, object_type="aangetroffen_persoon",
                 object_id=p.id, gemeente_id=controle.gemeente_id,
                 details={"controle_id": controle.id, "rol": rol.value})
    return p, True


def verwijder_persoon(session: Session, user, controle: Controle, persoon: AangetroffenPersoon) -> None:
    controleer_bewerkbaar(user, controle, "persoon")
    session.execute(delete(AangetroffenSekswerker).where(AangetroffenSekswerker.persoon_id == persoon.id))
    session.delete(persoon)
    session.flush()
    audit.record(session, ControleActie.PERSOON_VERWIJDERD, audit.SUCCES, object_type="aangetroffen_persoon",
                 object_id=persoon.id, gemeente_id=controle.gemeente_id, details={"controle_id": controle.id})


def personen_zonder_sekswerkers(session: Session, controle: Controle) -> tuple[list[AangetroffenPersoon], int]:
    """What everyone who may see the controle sees: persons other than sex workers, and a count."""
    rijen = session.execute(select(AangetroffenPersoon).where(AangetroffenPersoon.controle_id == controle.id)
                            .order_by(AangetroffenPersoon.id)).scalars().all()
    anderen = [p for p in rijen if p.rol != PersoonRol.SEKSWERKER]
    return anderen, len(rijen) - len(anderen)


def sekswerkers(session: Session, user, controle: Controle) -> list[tuple[AangetroffenPersoon, AangetroffenSekswerker]]:
    """Special-category data, for who needs it only; each record shown is one audited read."""
    if not permissions.mag_sekswerkers_zien(user, controle):
        return []
    rijen = session.execute(
        select(AangetroffenPersoon, AangetroffenSekswerker)
        .join(AangetroffenSekswerker, AangetroffenSekswerker.persoon_id == AangetroffenPersoon.id)
        .where(AangetroffenPersoon.controle_id == controle.id, AangetroffenSekswerker.gemeente_id == controle.gemeente_id)
        .order_by(AangetroffenPersoon.id)).all()
    for persoon, _ in rijen:
        audit.record_security_event(ControleActie.SEKSWERKERS_GELEZEN, audit.SUCCES,
                                    object_type="aangetroffen_sekswerker", object_id=persoon.id,
                                    gemeente_id=controle.gemeente_id, details={"controle_id": controle.id})
    return [tuple(r) for r in rijen]


# ---------------------------------------------------------------------------- photos

def voeg_foto_toe(session: Session, user, controle: Controle, *, uuid: str, data: bytes, bijschrift: str = "",
                  bevinding: Bevinding | None = None) -> tuple[Foto, bool]:
    """A photo from the tablet camera: checked, re-encoded without EXIF/GPS, stored by its hash."""
    controleer_bewerkbaar(user, controle, "foto")
    if not UUID_RE.match(uuid or ""):
        raise OngeldigeInvoer("Ontbrekende of ongeldige sleutel (uuid) bij het versturen. Vernieuw de pagina.")
    bijschrift = _tekst(bijschrift, "Bijschrift", 300)
    bestaand = session.execute(select(Foto).where(Foto.uuid == uuid)).scalar_one_or_none()
    if bestaand is not None:
        if bestaand.controle_id != controle.id:
            raise OngeldigeInvoer("Deze sleutel is al gebruikt voor een andere foto; er is niets opgeslagen.")
        return bestaand, False
    if bevinding is not None and bevinding.controle_id != controle.id:
        raise OngeldigeInvoer("Deze bevinding hoort niet bij deze controle.")
    bestand = controleer_upload(data, FOTO)
    opgeslagen = get_opslag().put(bestand.data)
    foto = Foto(uuid=uuid, controle_id=controle.id, gemeente_id=controle.gemeente_id,
                bevinding_id=bevinding.id if bevinding else None, sleutel=opgeslagen.key, sha256=opgeslagen.sha256,
                mimetype=bestand.mimetype, breedte=bestand.breedte or 0, hoogte=bestand.hoogte or 0,
                grootte=opgeslagen.size, bijschrift=bijschrift, gemaakt_door_id=user.id)
    session.add(foto)
    session.flush()
    audit.record(session, ControleActie.FOTO_TOEGEVOEGD, audit.SUCCES, object_type="controle_foto",
                 object_id=foto.id, gemeente_id=controle.gemeente_id,
                 details={"controle_id": controle.id, "sha256": foto.sha256})
    return foto, True


def verwijder_foto(session: Session, user, controle: Controle, foto: Foto) -> None:
    """Removes the record; the stored blob stays until retention (it may be shared by content)."""
    controleer_bewerkbaar(user, controle, "foto")
    session.delete(foto)
    session.flush()
    audit.record(session, ControleActie.FOTO_VERWIJDERD, audit.SUCCES, object_type="controle_foto",
                 object_id=foto.id, gemeente_id=controle.gemeente_id, details={"controle_id": controle.id})
