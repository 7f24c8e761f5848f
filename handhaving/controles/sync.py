"""The offline tablet's server side (issue 14): the day's package, bundles of drafts
processed exactly once, and photos that arrive in parts.

* **Package** (``pakket``): today's controles of the user with what is needed on site.
  Never data about sex workers (AVG art. 9) and never Bibob: the package is stored on a
  device. Only counts of persons met leave the server.
* **Bundle** (``verwerk``): everything a tablet recorded for one controle, sent as one JSON
  body with its own client ``uuid``. It is processed all-or-nothing in the request's
  transaction (services only flush; the request boundary commits or rolls back) and
  exactly once: a ``SyncInzending`` row keyed by that uuid holds the sha256 of the body and
  the result. A replay with the same body gets the stored result, another body 422. Only
  accepted bundles are kept, so a refused bundle may be sent again (changed) later.
* **Photo in parts** (``ontvang_deel``): parts of at most 1 MiB, stored in the database
  (``FotoUploadDeel``), so any app server can take the next one and nothing lives in a
  local temp file. The last part joins them and hands the photo to
  ``vastlegging.voeg_foto_toe`` (re-encoded, EXIF/GPS removed, idempotent on its uuid).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from flask import current_app, has_app_context
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from handhaving.audit import services as audit
from handhaving.controles import afronding, permissions, planning, services, vastlegging, voorschriften
from handhaving.controles.acties import ControleActie
from handhaving.controles.models import (
    AangetroffenPersoon,
    Bevinding,
    BevindingCategorie,
    ChecklistSectie,
    Controle,
    Ernst,
    Foto,
    FotoUpload,
    FotoUploadDeel,
    Partner,
    PersoonRol,
    SyncInzending,
    Tijdbron,
    Toegang,
    Waarneming,
)
from handhaving.db import lock_for, utcnow
from handhaving.errors import DomeinFout, Geweigerd, OngeldigeInvoer
from handhaving.invoer import MAX_GETAL, json_geheel, json_getal
from handhaving.storage.uploads import DEFAULT_MAX_BYTES
from handhaving.tijd import naar_lokaal

# pg_advisory_xact_lock namespaces (see handhaving.db.lock_for; others: auth 8151502/3, rapport 8151510).
LOCK_SYNC_INZENDING = 8151520
LOCK_SYNC_CONTROLE = 8151521
LOCK_FOTO_UPLOAD = 8151522

KLOKMARGE = timedelta(minutes=10)
DEEL_MAX = 1024 * 1024
UPLOAD_RETENTIE = timedelta(hours=72)
# A start time from the tablet is taken if it lies in this window before arrival.
START_VENSTER = timedelta(hours=24)
# Any moment a tablet sends (sent, started) lies around now; outside this it is a broken clock or a forgery.
TIJDSTIP_VROEGST, TIJDSTIP_LAATST = datetime(2000, 1, 1), datetime(2100, 1, 1)
MAX_ITEMS = 500


class NietGevonden(DomeinFout):
    """Unknown, or another gemeente's (which does not exist for this user)."""
    status = 404
    code = "niet_gevonden"


class ControleGewijzigd(DomeinFout):
    """Afronden from a tablet whose copy of the controle is older than the server's."""
    status = 409
    code = "controle_gewijzigd"


class KlokAfwijking(OngeldigeInvoer):
    code = "klok_afwijking"


# ---------------------------------------------------------------------------- helpers

def _iso(value: datetime | None) -> str | None:
    return value.isoformat() + "Z" if value else None


def _tijd(value, veld: str) -> datetime:
    """An ISO 8601 moment from the tablet → naive UTC (a time without zone counts as UTC)."""
    if not isinstance(value, str) or not value.strip():
        raise OngeldigeInvoer(f"{veld} ontbreekt of is geen tijdstip.")
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise OngeldigeInvoer(f"{veld} is geen geldig tijdstip.") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    if not TIJDSTIP_VROEGST <= moment <= TIJDSTIP_LAATST:
        # A tablet's moment lies around now; year 1 or 9999 would overflow the clock arithmetic.
        raise OngeldigeInvoer(f"{veld} ({value.strip()[:30]}) ligt niet tussen 2000 en 2100.")
    return moment


def duur_tekst(verschil: timedelta) -> str:
    """3 uur en 5 minuten; 2 dagen, 1 uur en 1 minuut."""
    minuten = int(abs(verschil).total_seconds() // 60)
    dagen, rest = divmod(minuten, 24 * 60)
    uren, minuten = divmod(rest, 60)
    delen = []
    if dagen:
        delen.append(f"{dagen} {'dag' if dagen == 1 else 'dagen'}")
    if uren:
        delen.append(f"{uren} uur")
    if minuten or not delen:
        delen.append(f"{minuten} {'minuut' if minuten == 1 else 'minuten'}")
    return delen[0] if len(delen) == 1 else ", ".join(delen[:-1]) + " en " + delen[-1]


def controleer_klok(verzonden_op, nu: datetime | None = None) -> timedelta:
    """The tablet's clock against the server's: returns server − tablet; refuses > 10 minutes."""
    nu = nu or utcnow()
    tablet = _tijd(verzonden_op, "Het verzendtijdstip (verzonden_op)")
    verschil = nu - tablet
    if abs(verschil) > KLOKMARGE:
        richting = "voor" if tablet > nu else "achter"
        raise KlokAfwijking(
            f"De klok van uw tablet loopt {duur_tekst(verschil)} {richting}. Zet datum en tijd goed (automatisch "
            "instellen via het netwerk) en verstuur dan opnieuw. Er is niets verwerkt; uw gegevens staan nog op de "
            "tablet.", details={"verschil_seconden": int(verschil.total_seconds())})
    return verschil


def _max_bytes() -> int:
    if has_app_context():
        return int(current_app.config.get("UPLOAD_MAX_BYTES") or DEFAULT_MAX_BYTES)
    return DEFAULT_MAX_BYTES


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".replace(".", ",").replace(",0", "")


# ---------------------------------------------------------------------------- the package

def _keuzes(cls) -> list[dict]:
    return [{"value": v, "label": label} for v, label in cls.keuzes()]


def keuzes() -> dict:
    """The select options the tablet form needs, from the enums (one source of truth)."""
    return {"bevinding_categorie": _keuzes(BevindingCategorie), "ernst": _keuzes(Ernst),
            "waarneming": _keuzes(Waarneming), "persoon_rol": _keuzes(PersoonRol), "toegang": _keuzes(Toegang)}


def _secties(session: Session, sjabloon_id: int | None) -> list[dict]:
    if sjabloon_id is None:
        return []
    secties = session.execute(select(ChecklistSectie).where(ChecklistSectie.sjabloon_id == sjabloon_id)
                              .order_by(ChecklistSectie.volgorde)).scalars().all()
    return [{"id": s.id, "titel": s.titel, "toelichting": s.toelichting, "signalen": s.signalen,
             "items": [{"id": i.id, "code": i.code, "soort": i.soort.value, "tekst": i.tekst,
                        "hulptekst": i.hulptekst, "verplicht": i.verplicht, "keuzes": list(i.keuzes or []),
                        "norm": i.norm} for i in s.items if not i.vervallen]}
            for s in secties]


def _partner(p: str) -> str:
    try:
        return Partner(p).label
    except ValueError:
        return p


def _vergunningen(session: Session, c: Controle) -> list[dict]:
    """The permits whose voorschriften this controle checks, with those voorschriften. Only what
    the field needs: nothing Bibob, and of persons only the holder's name."""
    uit = []
    for v, lijst in voorschriften.per_vergunning(voorschriften.toetsen(session, c)):
        uit.append({"zaaknummer": v.zaaknummer, "soort": v.soort.label,
                    "houder": v.houder.weergavenaam if v.houder else "",
                    "vervaldatum": v.vervaldatum.isoformat() if v.vervaldatum else None,
                    "voorschriften": [{"id": t.voorschrift.id, "nummer": t.voorschrift.nummer,
                                       "tekst": t.voorschrift.tekst, "categorie": t.voorschrift.categorie.label,
                                       "bron_artikel": t.voorschrift.bron_artikel or ""} for t in lijst]})
    return uit


def controle_voor_tablet(session: Session, user, c: Controle, secties: list[dict]) -> dict:
    """One controle as the tablet stores it. Nothing about sex workers beyond a count; of a
    permit its number, kind, holder's name, end date and voorschriften (values: ``v:``/``vt:``)."""
    aantal_personen = session.execute(select(func.count()).select_from(AangetroffenPersoon)
                                      .where(AangetroffenPersoon.controle_id == c.id)).scalar_one()
    aantal_fotos = session.execute(select(func.count()).select_from(Foto).where(Foto.controle_id == c.id)).scalar_one()
    return {
        "id": c.id, "uuid": c.uuid, "versie": c.versie, "status": c.status.value, "status_label": c.status.label,
        "titel": c.titel,
        "adres": {"regel1": c.adres.regel1, "volledig": c.adres.volledig} if c.adres else None,
        "gepland_op": _iso(c.gepland_op), "gepland_tot": _iso(c.gepland_tot),
        "team": [u.naam for u in c.toezichthouders],
        "partners": [_partner(p) for p in (c.partners or [])],
        "rechtsgronden": list(c.rechtsgronden or []), "briefing": c.briefing or "",
        "gestart_op": _iso(c.gestart_op),
        "bewerkbaar": bewerkbaar_op_tablet(user, c),
        "sjabloon_versie": c.sjabloon.versie if c.sjabloon else None,
        "secties": secties,
        "vergunningen": _vergunningen(session, c),
        "waarden": vastlegging.huidige_waarden(session, c),
        "eerdere_bevindingen": [
            {"id": b.id, "datum": naar_lokaal(b.waargenomen_op).date().isoformat(), "categorie": b.categorie.label,
             "ernst": b.ernst.label, "norm": b.norm, "omschrijving": b.omschrijving,
             "opgelost_hier": b.opgelost_in_controle_id == c.id}
            for b in vastlegging.eerdere_bevindingen(session, c)],
        "bevindingen": [{"uuid": b.uuid, "categorie": b.categorie.value, "ernst": b.ernst.value,
                         "omschrijving": b.omschrijving, "voorschrift_id": b.voorschrift_id} for b in c.bevindingen],
        "aantal_personen": aantal_personen, "aantal_fotos": aantal_fotos,
    }


def controles_vandaag(session: Session, user, gemeente_ids: list[int]) -> list[Controle]:
    """Today's controles where the user is in the team; for a coördinator all of today in
    the gemeenten where they coordinate."""
    planner = [g for g in gemeente_ids if permissions.mag_plannen(user, g)]
    overig = [g for g in gemeente_ids if g not in planner]
    controles = (planning.vandaag_voor(session, planner, user, alle=True) if planner else []) + \
        (planning.vandaag_voor(session, overig, user) if overig else [])
    return sorted(controles, key=lambda c: (c.gepland_op or datetime.min, c.id))


def bewerkbaar_op_tablet(user, c: Controle) -> bool:
    """Whether the tablet may record this controle (the package's ``bewerkbaar``)."""
    return permissions.mag_wijzigen(user, c) and c.status in vastlegging.BEWERKBAAR


def veldwerk_ids(session: Session, user, gemeente_ids: list[int]) -> set[int]:
    """The controles this user records in the offline app, not on the online Vastleggen page:
    in their day's package, in its team and still recordable there. A coördinator's package
    also holds today's controles of others; those stay on the online page (office use)."""
    return {c.id for c in controles_vandaag(session, user, gemeente_ids)
            if permissions.in_team(user, c) and bewerkbaar_op_tablet(user, c)}


def pakket(session: Session, user, gemeente_ids: list[int]) -> dict:
    """The day's package for the logged-in user (read only; its handing out is audited)."""
    controles = controles_vandaag(session, user, gemeente_ids)
    secties: dict[int | None, list[dict]] = {}
    uit = []
    for c in controles:
        if c.sjabloon_id not in secties:
            secties[c.sjabloon_id] = _secties(session, c.sjabloon_id)
        uit.append(controle_voor_tablet(session, user, c, secties[c.sjabloon_id]))
    for gid in sorted({c.gemeente_id for c in controles}):
        audit.record_security_event(ControleActie.OFFLINE_PAKKET, audit.SUCCES, object_type="controle",
                                    gemeente_id=gid,
                                    details={"controles": [c.id for c in controles if c.gemeente_id == gid]})
    return {"gemaakt_op": _iso(utcnow()), "gebruiker": user.naam, "controles": uit, "keuzes": keuzes()}


# ---------------------------------------------------------------------------- a bundle

@dataclass
class Inzending:
    uuid: str
    controle_id: int
    versie: int
    inhoud_hash: str
    start: dict | None = None
    wijzigingen: dict[str, vastlegging.Wijziging] = field(default_factory=dict)
    bevindingen: list[dict] = field(default_factory=list)
    personen: list[dict] = field(default_factory=list)
    opgelost: list[tuple[int, bool]] = field(default_factory=list)
    afronden: bool = False


def inhoud_hash(inzending: dict) -> str:
    """sha256 of the canonical JSON of the bundle (keys sorted, no spaces, UTF-8)."""
    tekst = json.dumps(inzending, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(tekst.encode("utf-8")).hexdigest()


def _lijst(inz: dict, key: str) -> list:
    waarde = inz.get(key) or []
    if not isinstance(waarde, list) or not all(isinstance(x, dict) for x in waarde):
        raise OngeldigeInvoer(f"‘{key}’ moet een lijst zijn.")
    if len(waarde) > MAX_ITEMS:
        raise OngeldigeInvoer(f"Te veel onderdelen in ‘{key}’ (maximaal {MAX_ITEMS}).")
    return waarde


def _tekst(value) -> str:
    return "" if value is None else str(value)


def lees_inzending(inz) -> Inzending:
    """The bundle's shape; the content rules are the services'. Raises OngeldigeInvoer (422)."""
    if not isinstance(inz, dict):
        raise OngeldigeInvoer("Het verzoek bevat geen inzending. Vernieuw de pagina en probeer het opnieuw.")
    sleutel = _tekst(inz.get("uuid")).lower()
    if not vastlegging.UUID_RE.match(sleutel):
        raise OngeldigeInvoer("De inzending heeft geen geldige sleutel (uuid).")
    uit = Inzending(uuid=sleutel, controle_id=json_geheel(inz.get("controle_id"), "De controle (controle_id)"),
                    versie=json_geheel(inz.get("versie"), "De versie"), inhoud_hash=inhoud_hash(inz),
                    afronden=inz.get("afronden") is True)
    start = inz.get("start")
    if start is not None:
        if not isinstance(start, dict):
            raise OngeldigeInvoer("De start van de controle is ongeldig.")
        uit.start = {"op": _tijd(start.get("op"), "Het starttijdstip") if start.get("op") else None,
                     "lat": json_getal(start.get("lat"), "De breedtegraad van de start", -90, 90),
                     "lon": json_getal(start.get("lon"), "De lengtegraad van de start", -180, 180),
                     "nauwkeurigheid": json_getal(start.get("nauwkeurigheid"), "De nauwkeurigheid van de start "
                                                  "(meter)", 0, vastlegging.MAX_NAUWKEURIGHEID)}
    wijzigingen = inz.get("wijzigingen") or {}
    if not isinstance(wijzigingen, dict) or len(wijzigingen) > 4 * MAX_ITEMS:
        raise OngeldigeInvoer("De wijzigingen zijn ongeldig.")
    for key, w in wijzigingen.items():
        if not isinstance(w, dict):
            raise OngeldigeInvoer("De wijzigingen zijn ongeldig.")
        uit.wijzigingen[str(key)] = vastlegging.Wijziging(
            _tekst(w.get("waarde")), None if w.get("basis") is None else _tekst(w.get("basis")))
    uit.bevindingen = _lijst(inz, "bevindingen")
    uit.personen = _lijst(inz, "personen")
    uit.opgelost = [(json_geheel(o.get("bevinding_id"), "De eerdere bevinding"), o.get("opgelost") is True)
                    for o in _lijst(inz, "opgelost")]
    return uit


def _voorschrift_id(value) -> int | None:
    if value is None or value == "":
        return None
    tekst = "" if isinstance(value, bool) or not isinstance(value, (int, str)) else str(value).strip()
    if not (tekst.isascii() and tekst.isdigit() and int(tekst) <= MAX_GETAL):
        raise OngeldigeInvoer(vastlegging.NIET_OP_ADRES)
    return int(tekst)


def _waarneemtijd(b: dict, klokverschil: timedelta) -> vastlegging.Waarneemtijd | None:
    """The device's time of observation (issue 23), kept with the clock difference of this sync.
    A tablet app from before it sends none: then the server's clock, as before."""
    if b.get("waargenomen_op") in (None, ""):
        return None
    return vastlegging.Waarneemtijd(op=_tijd(b.get("waargenomen_op"), "Het tijdstip van waarneming"),
                                    bron=Tijdbron.APPARAAT, klokverschil=klokverschil)


def _ja(value) -> bool:
    return value is True or str(value).lower() in ("ja", "true", "1", "on")


def _sekswerker(data) -> vastlegging.SekswerkerInvoer:
    data = data if isinstance(data, dict) else {}
    jaar = data.get("geboortejaar")
    if jaar in (None, ""):
        jaar = None
    else:
        jaar = json_geheel(jaar, "Het geboortejaar")
    brp = data.get("ingeschreven_brp_rni")
    return vastlegging.SekswerkerInvoer(
        werknaam=_tekst(data.get("werknaam")), geboortejaar=jaar, id_gezien=_ja(data.get("id_gezien")),
        nationaliteit=_tekst(data.get("nationaliteit")),
        ingeschreven_brp_rni=None if brp in (None, "") else _ja(brp),
        gesprek_aangeboden=_ja(data.get("gesprek_aangeboden")), tolk=_ja(data.get("tolk")),
        toelichting=_tekst(data.get("toelichting")))


def _starttijd(op: datetime | None, klokverschil: timedelta, nu: datetime) -> datetime | None:
    """The tablet's start time, corrected for its clock, if plausible (else None: server time)."""
    if op is None:
        return None
    op = op + klokverschil
    if nu - START_VENSTER <= op <= nu + timedelta(minutes=1):
        return min(op, nu)
    return None


def _controleer_toegang(user, controle: Controle) -> None:
    if not permissions.mag_wijzigen(user, controle):
        audit.record_security_event(ControleActie.WIJZIGEN_GEWEIGERD, audit.GEWEIGERD, object_type="controle",
                                    object_id=controle.id, gemeente_id=controle.gemeente_id,
                                    details={"wat": "synchronisatie"})
        raise Geweigerd("U staat niet (meer) in het team van deze controle en kunt haar daarom niet vastleggen. "
                        "Er is niets opgeslagen; uw gegevens staan nog op de tablet. Neem contact op met de "
                        "coördinator.")
    if controle.status not in vastlegging.BEWERKBAAR:
        vastlegging.controleer_bewerkbaar(user, controle, "synchronisatie")  # raises with the status's reason


def _verwerk(session: Session, user, controle: Controle, inz: Inzending, klokverschil: timedelta) -> dict:
    _controleer_toegang(user, controle)
    nu = utcnow()
    # The bundle's own steps move the version on; only a difference on arrival is someone else's change.
    eigen_basis = inz.versie == controle.versie
    if inz.afronden and not eigen_basis:
        raise ControleGewijzigd(
            "Deze controle is gewijzigd sinds u haar op de tablet zette (door kantoor of een collega). Afronden "
            "kan pas als u de nieuwe stand hebt gezien. Er is niets opgeslagen; uw gegevens staan nog op de "
            "tablet. Open de controle opnieuw, bekijk de wijzigingen en rond dan af.",
            details={"versie": controle.versie, "status": controle.status.value})
    starttijd = None
    if inz.start is not None and controle.gestart_op is None:
        vastlegging.start(session, user, controle, lat=inz.start["lat"], lon=inz.start["lon"],
                          nauwkeurigheid=inz.start["nauwkeurigheid"])
        starttijd = _starttijd(inz.start["op"], klokverschil, nu)
        if starttijd is not None:
            controle.gestart_op = starttijd
            session.flush()
    if inz.wijzigingen:
        vastlegging.sla_op(session, user, controle, controle.versie if eigen_basis else inz.versie,
                           inz.wijzigingen)
    bevindingen = {}
    for b in inz.bevindingen:
        rij, _ = vastlegging.voeg_bevinding_toe(
            session, user, controle, uuid=_tekst(b.get("uuid")), categorie=_tekst(b.get("categorie")),
            omschrijving=_tekst(b.get("omschrijving")), waarneming=_tekst(b.get("waarneming")),
            ernst=_tekst(b.get("ernst")), norm=_tekst(b.get("norm")),
            checklist_item_code=_tekst(b.get("checklist_item_code")) or None,
            voorschrift_id=_voorschrift_id(b.get("voorschrift_id")), tijd=_waarneemtijd(b, klokverschil))
        bevindingen[rij.uuid] = rij.id
    personen = {}
    for p in inz.personen:
        rij, _ = vastlegging.voeg_persoon_toe(
            session, user, controle, uuid=_tekst(p.get("uuid")), rol=_tekst(p.get("rol")),
            naam=_tekst(p.get("naam")), id_gezien=_ja(p.get("id_gezien")),
            leeftijd_gecontroleerd=_ja(p.get("leeftijd_gecontroleerd")), opmerking=_tekst(p.get("opmerking")),
            sekswerker=_sekswerker(p.get("sekswerker")) if p.get("rol") == PersoonRol.SEKSWERKER.value else None)
        personen[rij.uuid] = rij.id
    for bevinding_id, opgelost in inz.opgelost:
        b = session.get(Bevinding, bevinding_id)
        if b is None or b.gemeente_id != controle.gemeente_id:
            raise OngeldigeInvoer("Een eerdere bevinding uit deze inzending bestaat niet (meer).")
        vastlegging.zet_opgelost(session, user, controle, b, opgelost)
    if inz.afronden:
        afronding.rond_uitvoering_af(session, user, controle, controle.versie)
    # The server's version of every field the tablet sent (issue 23): the tablet keeps these as its
    # basis, so correcting its own synced answer later is not mistaken for a colleague's change.
    huidig = vastlegging.huidige_waarden(session, controle) if inz.wijzigingen else {}
    return {"uuid": inz.uuid, "controle_id": controle.id, "versie": controle.versie,
            "status": controle.status.value, "status_label": controle.status.label,
            "bevindingen": bevindingen, "personen": personen,
            "waarden": {key: huidig.get(key, "") for key in inz.wijzigingen},
            "gestart_op": _iso(controle.gestart_op),
            "bewerkbaar": bewerkbaar_op_tablet(user, controle),
            "_start": "tablet" if starttijd else ("server" if inz.start is not None else None)}


def verwerk(session: Session, user, gemeente_ids: list[int], body) -> dict:
    """A bundle from the tablet, all or nothing, exactly once. Returns the answer (200).

    :raise KlokAfwijking: the tablet's clock is more than 10 minutes off (422; nothing read further).
    :raise NietGevonden: unknown controle or another gemeente's (404).
    :raise Geweigerd: the user may not (any more) record this controle (403).
    :raise OngeldigeOvergang: the controle's state no longer allows recording (409).
    :raise vastlegging.Conflict: a field someone else changed meanwhile (409, both values).
    :raise ControleGewijzigd: afronden while the controle changed since the tablet's copy (409).
    :raise OngeldigeInvoer: bad content, required items missing, or the uuid used for another body (422).
    Every refusal is audited (one row) and leaves nothing of the bundle.
    """
    inz = None
    controle = None
    try:
        if not isinstance(body, dict):
            raise OngeldigeInvoer("Het verzoek is geen geldige inzending (JSON verwacht).")
        klokverschil = controleer_klok(body.get("verzonden_op"))
        inz = lees_inzending(body.get("inzending"))
        controle = services.get_controle(session, gemeente_ids, inz.controle_id)
        if controle is None:
            raise NietGevonden("Deze controle bestaat niet of valt buiten uw gemeente.")
        # One bundle at a time per uuid and per controle (PostgreSQL; SQLite: the write lock).
        lock_for(session, LOCK_SYNC_INZENDING, inz.uuid)
        lock_for(session, LOCK_SYNC_CONTROLE, str(controle.id))
        session.refresh(controle)
        bestaand = session.execute(select(SyncInzending).where(SyncInzending.uuid == inz.uuid)).scalar_one_or_none()
        if bestaand is not None:
            if (bestaand.inhoud_hash, bestaand.controle_id, bestaand.gebruiker_id) == \
                    (inz.inhoud_hash, controle.id, user.id):
                return {**bestaand.resultaat, "herhaald": True}
            raise OngeldigeInvoer("Deze inzending is al eerder ontvangen met een andere inhoud (zelfde sleutel). "
                                  "Er is niets opgeslagen.")
        resultaat = _verwerk(session, user, controle, inz, klokverschil)
        start = resultaat.pop("_start")
        session.add(SyncInzending(uuid=inz.uuid, gemeente_id=controle.gemeente_id, controle_id=controle.id,
                                  gebruiker_id=user.id, inhoud_hash=inz.inhoud_hash, resultaat=resultaat))
        session.flush()
        audit.record(session, ControleActie.SYNC_ONTVANGEN, audit.SUCCES, object_type="controle",
                     object_id=controle.id, gemeente_id=controle.gemeente_id,
                     details={"inzending": inz.uuid, "wijzigingen": len(inz.wijzigingen),
                              "bevindingen": len(inz.bevindingen), "personen": len(inz.personen),
                              "opgelost": len(inz.opgelost), "afgerond": inz.afronden, "start": start,
                              "klokverschil_s": int(klokverschil.total_seconds()), "versie_tablet": inz.versie,
                              "versie": controle.versie})
        return {**resultaat, "herhaald": False}
    except DomeinFout as e:
        if inz is not None:
            e.details.setdefault("inzending", inz.uuid)
        audit.record_security_event(
            ControleActie.SYNC_GEWEIGERD, audit.GEWEIGERD, object_type="controle",
            object_id=controle.id if controle is not None else None,
            gemeente_id=controle.gemeente_id if controle is not None else None,
            details={"inzending": inz.uuid if inz else None, "fout": e.code, "status": e.status})
        raise


# ---------------------------------------------------------------------------- photos in parts

@dataclass
class Antwoord:
    body: dict
    status: int = 200


def _klaar(foto: Foto) -> dict:
    return {"klaar": True, "foto_id": foto.id, "sha256": foto.sha256}


def _foto(session: Session, controle: Controle, uuid: str) -> Foto | None:
    foto = session.execute(select(Foto).where(Foto.uuid == uuid)).scalar_one_or_none()
    if foto is not None and foto.controle_id != controle.id:
        raise OngeldigeInvoer("Deze sleutel is al gebruikt voor een andere foto; er is niets opgeslagen.")
    return foto


def foto_stand(session: Session, controle: Controle, uuid: str) -> dict:
    """Where an upload stands: the photo if it is complete, else the bytes received (0 if unknown)."""
    if not vastlegging.UUID_RE.match(uuid or ""):
        raise OngeldigeInvoer("Ongeldige sleutel (uuid) van de foto.")
    foto = session.execute(select(Foto).where(Foto.uuid == uuid, Foto.controle_id == controle.id)
                           ).scalar_one_or_none()
    if foto is not None:
        return _klaar(foto)
    upload = session.execute(select(FotoUpload).where(FotoUpload.uuid == uuid,
                                                      FotoUpload.controle_id == controle.id)).scalar_one_or_none()
    return {"ontvangen": upload.ontvangen if upload else 0, "klaar": False}


def _verwijder_upload(session: Session, upload: FotoUpload) -> None:
    session.execute(delete(FotoUploadDeel).where(FotoUploadDeel.upload_id == upload.id))
    session.delete(upload)
    session.flush()


def ruim_uploads_op(session: Session, nu: datetime | None = None) -> int:
    """Uploads not finished within 72 hours of their start are removed (the tablet still has the
    photo and starts again from 0). Called when a new upload starts."""
    grens = (nu or utcnow()) - UPLOAD_RETENTIE
    oud = select(FotoUpload.id).where(FotoUpload.aangemaakt_op < grens)
    session.execute(delete(FotoUploadDeel).where(FotoUploadDeel.upload_id.in_(oud)))
    n = session.execute(delete(FotoUpload).where(FotoUpload.aangemaakt_op < grens)).rowcount or 0
    session.flush()
    return n


def ontvang_deel(session: Session, user, controle: Controle, uuid: str, *, positie: int | None,
                 totaal: int | None, data: bytes, bijschrift: str = "", bevinding_uuid: str = "",
                 sha256: str = "") -> Antwoord:
    """One part of a photo. 200 ``{ontvangen, klaar: false}`` while parts are missing; 201 with the
    photo when the last part completed it (200 with the same body when it was complete already);
    409 ``{ontvangen}`` when ``positie`` is not what the server has (the tablet resumes from there).
    """
    if not vastlegging.UUID_RE.match(uuid or ""):
        raise OngeldigeInvoer("Ongeldige sleutel (uuid) van de foto.")
    lock_for(session, LOCK_FOTO_UPLOAD, uuid)
    foto = _foto(session, controle, uuid)
    if foto is not None:
        return Antwoord(_klaar(foto), 200)  # a replayed last part
    vastlegging.controleer_bewerkbaar(user, controle, "foto")
    if positie is None or totaal is None or positie < 0:
        raise OngeldigeInvoer("Geef de positie (offset) en de grootte (totaal) van de foto mee.")
    grens = _max_bytes()
    if totaal > grens:
        raise OngeldigeInvoer(f"De foto is te groot ({_mb(totaal)} MB); de grens is {_mb(grens)} MB. Maak de foto "
                              "met een lagere resolutie of kies een kleinere.")
    if totaal <= 0:
        raise OngeldigeInvoer("De foto is leeg.")
    if len(data) > DEEL_MAX:
        raise OngeldigeInvoer("Een deel van de foto mag hoogstens 1 MiB zijn.")
    upload = session.execute(select(FotoUpload).where(FotoUpload.uuid == uuid)).scalar_one_or_none()
    if upload is not None and upload.controle_id != controle.id:
        raise OngeldigeInvoer("Deze sleutel is al gebruikt voor een andere foto; er is niets opgeslagen.")
    if upload is not None and upload.totaal != totaal:
        raise OngeldigeInvoer("De grootte van de foto klopt niet met de eerder verstuurde delen.")
    ontvangen = upload.ontvangen if upload else 0
    if positie != ontvangen:
        return Antwoord({"fout": "verkeerde_positie", "ontvangen": ontvangen, "klaar": False,
                         "melding": f"De server heeft {ontvangen} bytes van deze foto; ga vanaf daar verder."}, 409)
    if not data or positie + len(data) > totaal:
        raise OngeldigeInvoer("Dit deel past niet bij de grootte van de foto.")
    if upload is None:
        ruim_uploads_op(session)
        if bevinding_uuid and not vastlegging.UUID_RE.match(bevinding_uuid):
            raise OngeldigeInvoer("Ongeldige sleutel van de bevinding bij deze foto.")
        upload = FotoUpload(uuid=uuid, controle_id=controle.id, gemeente_id=controle.gemeente_id,
                            gebruiker_id=user.id, totaal=totaal, ontvangen=0,
                            bijschrift=vastlegging._tekst(bijschrift, "Bijschrift", 300),
                            bevinding_uuid=bevinding_uuid or None, sha256=(sha256 or "").lower()[:64] or None)
        session.add(upload)
        session.flush()
    session.add(FotoUploadDeel(upload_id=upload.id, positie=positie, data=data))
    upload.ontvangen = positie + len(data)
    upload.gewijzigd_op = utcnow()
    session.flush()
    if upload.ontvangen < upload.totaal:
        return Antwoord({"ontvangen": upload.ontvangen, "klaar": False})
    # The last part: join, check, hand to the photo service, remove the parts.
    delen = session.execute(select(FotoUploadDeel.data).where(FotoUploadDeel.upload_id == upload.id)
                            .order_by(FotoUploadDeel.positie)).scalars().all()
    geheel = b"".join(delen)
    if len(geheel) != upload.totaal or (upload.sha256 and hashlib.sha256(geheel).hexdigest() != upload.sha256):
        _verwijder_upload(session, upload)
        return Antwoord({"fout": "beschadigd", "ontvangen": 0, "klaar": False,
                         "melding": "De foto kwam beschadigd aan en wordt opnieuw verstuurd."}, 409)
    bevinding = None
    if upload.bevinding_uuid:
        bevinding = session.execute(select(Bevinding).where(Bevinding.uuid == upload.bevinding_uuid,
                                                            Bevinding.controle_id == controle.id)
                                    ).scalar_one_or_none()
        if bevinding is None:
            raise OngeldigeInvoer("De bevinding bij deze foto is nog niet op de server. Verstuur eerst de "
                                  "controle; daarna gaat de foto verder.", details={"ontvangen": positie})
    foto, _ = vastlegging.voeg_foto_toe(session, user, controle, uuid=uuid, data=geheel,
                                        bijschrift=upload.bijschrift, bevinding=bevinding)
    _verwijder_upload(session, upload)
    return Antwoord(_klaar(foto), 201)

