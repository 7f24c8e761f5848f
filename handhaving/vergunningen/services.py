"""The permit register: register, decide, attach the aanhangsel and voorschriften. Flush only.

Every query takes the gemeenten the caller may see; a permit, subject or address of another
gemeente is not found (404) or refused with a Dutch message (422), never half-written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, func, or_, select, union
from sqlalchemy.orm import Session, selectinload

from handhaving.audit import services as audit
from handhaving.controles.models import Bevinding, Controle, ToetsOordeel, VoorschriftToets
from handhaving.db import utcnow
from handhaving.errors import OngeldigeInvoer
from handhaving.locaties.models import Adres
from handhaving.subjecten import services as subjecten
from handhaving.subjecten.models import Subject, SubjectSoort
from handhaving.subjecten.namen import zoektekst
from handhaving.tijd import vandaag
from handhaving.vergunningen.acties import VergunningActie
from handhaving.vergunningen.models import (
    GELDEND,
    BetrokkeneRol,
    Vergunning,
    VergunningBesluit,
    VergunningBetrokkene,
    VergunningSoort,
    VergunningStatus,
    Vergunningtype,
    Voorschrift,
    VoorschriftCategorie,
)
from handhaving.vergunningen.standaard import STANDAARD_TYPEN
from handhaving.vergunningen.workflow import VERGUNNING_WORKFLOW

S = VergunningStatus
PER_PAGINA = 50
MAX_TEKST = 5000


# ---------------------------------------------------------------------------- types

def typen(session: Session, gemeente_id: int, alleen_actief: bool = False) -> list[Vergunningtype]:
    stmt = select(Vergunningtype).where(Vergunningtype.gemeente_id == gemeente_id)
    if alleen_actief:
        stmt = stmt.where(Vergunningtype.actief.is_(True))
    return list(session.execute(stmt.order_by(Vergunningtype.volgorde, Vergunningtype.id)).scalars())


def type_voor_soort(session: Session, gemeente_id: int, soort: VergunningSoort) -> Vergunningtype:
    """The gemeente's type for this kind, made from the standard values on first use."""
    t = session.execute(select(Vergunningtype).where(Vergunningtype.gemeente_id == gemeente_id,
                                                     Vergunningtype.soort == soort)).scalar_one_or_none()
    if t is None:
        grondslag, maanden = STANDAARD_TYPEN[soort]
        t = Vergunningtype(gemeente_id=gemeente_id, soort=soort, naam=soort.label, grondslag=grondslag,
                           geldigheid_maanden=maanden, actief=True, volgorde=list(VergunningSoort).index(soort))
        session.add(t)
        session.flush()
    return t


def zorg_voor_typen(session: Session, gemeente_id: int) -> list[Vergunningtype]:
    for soort in VergunningSoort:
        type_voor_soort(session, gemeente_id, soort)
    return typen(session, gemeente_id)


def wijzig_type(session: Session, user, t: Vergunningtype, *, naam: str, grondslag: str,
                geldigheid_maanden: int | None, actief: bool) -> Vergunningtype:
    naam, grondslag = " ".join((naam or "").split()), " ".join((grondslag or "").split())
    problemen = []
    if not naam:
        problemen.append("Vul de naam van het vergunningtype in.")
    if not grondslag:
        problemen.append("Vul het artikel in dat de vergunning grondt, zoals het in uw APV staat.")
    if geldigheid_maanden is not None and not 1 <= geldigheid_maanden <= 240:
        problemen.append("De gebruikelijke geldigheid ligt tussen 1 en 240 maanden, of laat het veld leeg.")
    if len(naam) > 120 or len(grondslag) > 200:
        problemen.append("Naam maximaal 120 en grondslag maximaal 200 tekens.")
    if problemen:
        raise OngeldigeInvoer(problemen[0], problemen)
    t.naam, t.grondslag, t.geldigheid_maanden, t.actief = naam, grondslag, geldigheid_maanden, actief
    session.flush()
    audit.record(session, VergunningActie.TYPE_GEWIJZIGD, audit.SUCCES, object_type="vergunningtype",
                 object_id=t.id, gemeente_id=t.gemeente_id, details={"soort": t.soort.value})
    return t


# ---------------------------------------------------------------------------- one permit

def get_vergunning(session: Session, gemeente_ids: list[int], vergunning_id: int) -> Vergunning | None:
    v = session.get(Vergunning, vergunning_id)
    return v if v is not None and v.gemeente_id in gemeente_ids else None


def lees_vergunning(session: Session, gemeente_ids: list[int], vergunning_id: int) -> Vergunning | None:
    """A permit opened on its own page: it names people (holder, beheerders), so the read is
    audited (domain brief §8), kept even if the request fails later."""
    v = get_vergunning(session, gemeente_ids, vergunning_id)
    if v is not None:
        audit.record_security_event(VergunningActie.GELEZEN, audit.SUCCES, object_type="vergunning",
                                    object_id=v.id, gemeente_id=v.gemeente_id)
    return v


def _tekst(value: str | None, veld: str, maximum: int = MAX_TEKST) -> str:
    value = (value or "").strip()
    if len(value) > maximum:
        raise OngeldigeInvoer(f"{veld}: maximaal {maximum} tekens.")
    return value


@dataclass
class VergunningInvoer:
    soort: str
    houder_id: int | None
    adres_id: int | None = None
    zaaknummer: str = ""
    inrichting_naam: str = ""
    werkruimten: int | None = None
    max_personen: int | None = None
    openingstijden: str = ""
    aanvraagdatum: date | None = None
    toelichting: str = ""
    bibob_getoetst_op: date | None = None
    # Registering a permit granted before this register existed: straight to verleend.
    status: str = S.AANGEVRAAGD.value
    besluitdatum: date | None = None
    ingangsdatum: date | None = None
    vervaldatum: date | None = None
    voorschriften: list[dict] = field(default_factory=list)


def _datums(aanvraag: date | None, besluit: date | None, ingang: date | None, verval: date | None) -> list[str]:
    problemen = []
    if aanvraag and besluit and besluit < aanvraag:
        problemen.append("De besluitdatum ligt vóór de aanvraagdatum.")
    if ingang and verval and verval < ingang:
        problemen.append("De vervaldatum ligt vóór de ingangsdatum. Controleer beide datums.")
    for d in (aanvraag, besluit, ingang, verval):
        if d and not date(1950, 1, 1) <= d <= date(2100, 12, 31):
            problemen.append(f"De datum {d.strftime('%d-%m-%Y')} is niet aannemelijk.")
            break
    if aanvraag and aanvraag > vandaag():
        problemen.append("De aanvraagdatum ligt in de toekomst.")
    return problemen


def _details(session: Session, gemeente_id: int, inv: VergunningInvoer, problemen: list[str]) -> dict:
    """The establishment and holder fields, checked; problems collected, nothing written."""
    houder = session.get(Subject, inv.houder_id) if inv.houder_id else None
    if houder is None or houder.gemeente_id != gemeente_id:
        problemen.append("Kies de vergunninghouder uit het register van personen en ondernemingen.")
    if inv.adres_id is not None:
        adres = session.get(Adres, inv.adres_id)
        if adres is None or adres.gemeente_id != gemeente_id:
            problemen.append("Dit adres ligt niet in de gemeente van de vergunning.")
    for naam, waarde, maximum in (("Aantal werkruimten of kamers", inv.werkruimten, 10000),
                                  ("Maximaal aantal personen", inv.max_personen, 100000)):
        if waarde is not None and not 0 <= waarde <= maximum:
            problemen.append(f"{naam}: vul een aantal tussen 0 en {maximum} in.")
    try:
        velden = {"inrichting_naam": _tekst(inv.inrichting_naam, "Naam inrichting", 200),
                      "openingstijden": _tekst(inv.openingstijden, "Openingstijden", 1000),
                      "toelichting": _tekst(inv.toelichting, "Toelichting")}
    except OngeldigeInvoer as e:
        problemen.append(e.message)
        velden = {}
    return dict(houder_id=inv.houder_id, adres_id=inv.adres_id, werkruimten=inv.werkruimten,
                max_personen=inv.max_personen, bibob_getoetst_op=inv.bibob_getoetst_op, **velden)


def volgend_zaaknummer(session: Session, gemeente_id: int, jaar: int | None = None) -> str:
    jaar = jaar or vandaag().year
    prefix = f"VERG-{jaar}-"
    hoogste = session.execute(select(func.max(Vergunning.zaaknummer)).where(
        Vergunning.gemeente_id == gemeente_id, Vergunning.zaaknummer.like(prefix + "%"))).scalar_one()
    nummer = int(hoogste[len(prefix):]) + 1 if hoogste and hoogste[len(prefix):].isdigit() else 1
    return f"{prefix}{nummer:04d}"


def maak_vergunning(session: Session, user, gemeente_id: int, inv: VergunningInvoer) -> Vergunning:
    """A new permit (application, or a permit granted earlier), with its first voorschriften.

    :raise OngeldigeInvoer: every problem found, nothing written.
    """
    problemen: list[str] = []
    if inv.soort not in {s.value for s in VergunningSoort}:
        problemen.append("Kies het soort vergunning.")
    if inv.status not in (S.AANGEVRAAGD.value, S.VERLEEND.value):
        problemen.append("Een nieuwe vergunning is aangevraagd of (eerder) verleend.")
    velden = _details(session, gemeente_id, inv, problemen)
    zaaknummer = _tekst(inv.zaaknummer, "Zaaknummer", 40) or volgend_zaaknummer(session, gemeente_id)
    if session.execute(select(Vergunning.id).where(Vergunning.gemeente_id == gemeente_id,
                                                   Vergunning.zaaknummer == zaaknummer)).first():
        problemen.append(f"Zaaknummer {zaaknummer} is al in gebruik.")
    verleend = inv.status == S.VERLEEND.value
    if verleend and not (inv.besluitdatum and inv.ingangsdatum):
        problemen.append("Vul bij een verleende vergunning de besluitdatum en de ingangsdatum in.")
    problemen += _datums(inv.aanvraagdatum, inv.besluitdatum if verleend else None,
                         inv.ingangsdatum if verleend else None, inv.vervaldatum if verleend else None)
    nieuwe_voorschriften = [_voorschrift_velden(vs, problemen) for vs in inv.voorschriften]
    if problemen:
        raise OngeldigeInvoer(problemen[0], problemen)
    t = type_voor_soort(session, gemeente_id, VergunningSoort(inv.soort))
    v = Vergunning(gemeente_id=gemeente_id, zaaknummer=zaaknummer, vergunningtype_id=t.id, status=S(inv.status),
                   aanvraagdatum=inv.aanvraagdatum or (None if verleend else vandaag()),
                   besluitdatum=inv.besluitdatum if verleend else None,
                   ingangsdatum=inv.ingangsdatum if verleend else None,
                   vervaldatum=inv.vervaldatum if verleend else None,
                   aangemaakt_door_id=getattr(user, "id", None), **velden)
    session.add(v)
    session.flush()
    session.add(VergunningBesluit(vergunning_id=v.id, gemeente_id=gemeente_id, van_status=None, naar_status=v.status,
                                  handeling="Geregistreerd (eerder verleend)" if verleend else "Aanvraag geregistreerd",
                                  datum=(inv.besluitdatum if verleend else v.aanvraagdatum) or vandaag(),
                                  door_id=getattr(user, "id", None)))
    for i, vs in enumerate(nieuwe_voorschriften, start=1):
        session.add(Voorschrift(vergunning_id=v.id, gemeente_id=gemeente_id, nummer=vs["nummer"] or str(i),
                                volgorde=i, **{k: w for k, w in vs.items() if k != "nummer"}))
    session.flush()
    audit.record(session, VergunningActie.AANGEMAAKT, audit.SUCCES, object_type="vergunning", object_id=v.id,
                 gemeente_id=gemeente_id, details={"soort": inv.soort, "status": v.status.value})
    return v


def wijzig_vergunning(session: Session, user, v: Vergunning, inv: VergunningInvoer) -> Vergunning:
    """Holder, address and establishment details (the status has its own steps)."""
    problemen: list[str] = []
    velden = _details(session, v.gemeente_id, inv, problemen)
    if inv.aanvraagdatum is not None:
        problemen += _datums(inv.aanvraagdatum, v.besluitdatum, None, None)
    if problemen:
        raise OngeldigeInvoer(problemen[0], problemen)
    if inv.aanvraagdatum is not None:
        velden["aanvraagdatum"] = inv.aanvraagdatum
    gewijzigd = sorted(k for k, w in velden.items() if getattr(v, k) != w)
    for k, w in velden.items():
        setattr(v, k, w)
    if gewijzigd:
        v.gewijzigd_op = utcnow()
        session.flush()
        audit.record(session, VergunningActie.GEWIJZIGD, audit.SUCCES, object_type="vergunning", object_id=v.id,
                     gemeente_id=v.gemeente_id, details={"velden": gewijzigd})
    return v


# Steps that must say why, on the decision itself (Awb 3:46).
MET_MOTIVERING = {S.GEWEIGERD, S.GESCHORST, S.INGETROKKEN}


def wijzig_status(session: Session, user, v: Vergunning, naar: str, *, datum: date | None,
                  toelichting: str = "", ingangsdatum: date | None = None,
                  vervaldatum: date | None = None) -> VergunningBesluit:
    """One step of the lifecycle, written to the decision history.

    :raise OngeldigeOvergang: a step the workflow does not allow from the current status (409).
    :raise OngeldigeInvoer: missing date or reasons, or dates out of order (422).
    """
    try:
        doel = S(naar)
    except ValueError:
        raise OngeldigeInvoer("Onbekende status.") from None
    overgang = VERGUNNING_WORKFLOW.controleer(v.status, doel)
    toelichting = _tekst(toelichting, "Toelichting")
    problemen = []
    if datum is None:
        problemen.append("Vul de datum van het besluit in.")
    elif datum > vandaag() + timedelta(days=366):
        problemen.append("De besluitdatum ligt te ver in de toekomst.")
    if doel in MET_MOTIVERING and not toelichting:
        problemen.append(f"Geef de motivering van het besluit ‘{overgang.handeling.lower()}’.")
    if doel == S.VERLEEND and v.status == S.IN_BEHANDELING:
        ingangsdatum = ingangsdatum or datum
        if ingangsdatum is None:
            problemen.append("Vul de ingangsdatum in.")
        problemen += _datums(v.aanvraagdatum, datum, ingangsdatum, vervaldatum)
    elif datum is not None and v.besluitdatum and doel != S.VERLEEND and datum < v.besluitdatum:
        problemen.append("Deze datum ligt vóór het besluit tot verlening.")
    if problemen:
        raise OngeldigeInvoer(problemen[0], problemen)
    van = v.status
    v.status = doel
    if doel in (S.VERLEEND, S.GEWEIGERD) and van == S.IN_BEHANDELING:
        v.besluitdatum = datum
    if doel == S.VERLEEND and van == S.IN_BEHANDELING:
        v.ingangsdatum, v.vervaldatum = ingangsdatum, vervaldatum
    v.gewijzigd_op = utcnow()
    besluit = VergunningBesluit(vergunning_id=v.id, gemeente_id=v.gemeente_id, van_status=van, naar_status=doel,
                                handeling=overgang.handeling, datum=datum, toelichting=toelichting,
                                door_id=getattr(user, "id", None))
    session.add(besluit)
    session.flush()
    audit.record(session, VergunningActie.STATUS_GEWIJZIGD, audit.SUCCES, object_type="vergunning",
                 object_id=v.id, gemeente_id=v.gemeente_id, details={"van": van.value, "naar": doel.value})
    return besluit


# ---------------------------------------------------------------------------- aanhangsel

def voeg_betrokkene_toe(session: Session, user, v: Vergunning, subject: Subject | None, rol: str,
                        sinds: date | None = None) -> VergunningBetrokkene:
    problemen = []
    if subject is None or subject.gemeente_id != v.gemeente_id:
        problemen.append("Kies een persoon of onderneming uit het register van deze gemeente.")
    if rol not in {r.value for r in BetrokkeneRol}:
        problemen.append("Kies de rol: exploitant, beheerder of leidinggevende.")
    elif subject is not None and rol in (BetrokkeneRol.BEHEERDER.value, BetrokkeneRol.LEIDINGGEVENDE.value) \
            and subject.soort != SubjectSoort.PERSOON:
        problemen.append("Een beheerder of leidinggevende is een natuurlijk persoon.")
    if not problemen and any(b.subject_id == subject.id and b.rol.value == rol for b in v.betrokkenen):
        problemen.append(f"{subject.weergavenaam} staat al als {BetrokkeneRol(rol).label.lower()} op het aanhangsel.")
    if problemen:
        raise OngeldigeInvoer(problemen[0], problemen)
    b = VergunningBetrokkene(vergunning=v, gemeente_id=v.gemeente_id, subject_id=subject.id, rol=BetrokkeneRol(rol),
                             sinds=sinds)
    session.add(b)
    session.flush()
    audit.record(session, VergunningActie.BETROKKENE_TOEGEVOEGD, audit.SUCCES, object_type="vergunning",
                 object_id=v.id, gemeente_id=v.gemeente_id, details={"subject_id": subject.id, "rol": rol})
    return b


def verwijder_betrokkene(session: Session, user, b: VergunningBetrokkene) -> None:
    audit.record(session, VergunningActie.BETROKKENE_VERWIJDERD, audit.SUCCES, object_type="vergunning",
                 object_id=b.vergunning_id, gemeente_id=b.gemeente_id,
                 details={"subject_id": b.subject_id, "rol": b.rol.value})
    session.delete(b)
    session.flush()


# ---------------------------------------------------------------------------- voorschriften

def _voorschrift_velden(vs: dict, problemen: list[str]) -> dict:
    tekst = (vs.get("tekst") or "").strip()
    categorie = vs.get("categorie") or VoorschriftCategorie.OVERIG.value
    nummer = " ".join((vs.get("nummer") or "").split())
    bron = " ".join((vs.get("bron_artikel") or "").split())
    if not tekst:
        problemen.append("Vul de tekst van het voorschrift in.")
    elif len(tekst) > MAX_TEKST:
        problemen.append(f"Een voorschrift is maximaal {MAX_TEKST} tekens.")
    if categorie not in {c.value for c in VoorschriftCategorie}:
        problemen.append("Kies de categorie van het voorschrift.")
        categorie = VoorschriftCategorie.OVERIG.value
    if len(nummer) > 10 or len(bron) > 120:
        problemen.append("Nummer maximaal 10 en bronartikel maximaal 120 tekens.")
    return {"nummer": nummer[:10], "tekst": tekst, "categorie": VoorschriftCategorie(categorie), "bron_artikel": bron[:120]}


def voeg_voorschrift_toe(session: Session, user, v: Vergunning, *, tekst: str, categorie: str,
                         bron_artikel: str = "", nummer: str = "") -> Voorschrift:
    problemen: list[str] = []
    velden = _voorschrift_velden({"tekst": tekst, "categorie": categorie, "bron_artikel": bron_artikel, "nummer": nummer},
                                 problemen)
    if v.status in (S.GEWEIGERD, S.INGETROKKEN, S.VERVALLEN):
        problemen.append(f"Aan een {v.status.label.lower()} vergunning voegt u geen voorschriften meer toe.")
    nummers = {x.nummer for x in v.voorschriften}
    if velden["nummer"] and velden["nummer"] in nummers:
        problemen.append(f"Voorschrift {velden['nummer']} bestaat al bij deze vergunning.")
    if problemen:
        raise OngeldigeInvoer(problemen[0], problemen)
    volgorde = max((x.volgorde for x in v.voorschriften), default=0) + 1
    if not velden["nummer"]:
        n = volgorde
        while str(n) in nummers:
            n += 1
        velden["nummer"] = str(n)
    vs = Voorschrift(vergunning=v, gemeente_id=v.gemeente_id, volgorde=volgorde, **velden)
    session.add(vs)
    session.flush()
    audit.record(session, VergunningActie.VOORSCHRIFT_TOEGEVOEGD, audit.SUCCES, object_type="vergunning",
                 object_id=v.id, gemeente_id=v.gemeente_id, details={"voorschrift_id": vs.id})
    return vs


def get_voorschrift(session: Session, gemeente_ids: list[int], voorschrift_id: int) -> Voorschrift | None:
    vs = session.get(Voorschrift, voorschrift_id)
    return vs if vs is not None and vs.gemeente_id in gemeente_ids else None


def zet_voorschrift_vervallen(session: Session, user, vs: Voorschrift, vervallen: bool = True) -> Voorschrift:
    """Withdrawn, not deleted: controls that checked it keep their history."""
    vs.vervallen = vervallen
    session.flush()
    audit.record(session, VergunningActie.VOORSCHRIFT_VERVALLEN, audit.SUCCES, object_type="vergunning",
                 object_id=vs.vergunning_id, gemeente_id=vs.gemeente_id,
                 details={"voorschrift_id": vs.id, "vervallen": vervallen})
    return vs


# ---------------------------------------------------------------------------- compliance

@dataclass
class Toetsmoment:
    controle: Controle
    oordeel: str            # nageleefd / overtreden / niet_gecontroleerd
    toelichting: str
    bevindingen: list[Bevinding]

    @property
    def label(self) -> str:
        return ToetsOordeel(self.oordeel).label


@dataclass
class Naleving:
    voorschrift: Voorschrift
    momenten: list[Toetsmoment]

    @property
    def laatste(self) -> str:
        """The latest judgement: what the permit page shows first."""
        return self.momenten[0].oordeel if self.momenten else ToetsOordeel.NIET_GECONTROLEERD.value


def naleving(session: Session, v: Vergunning) -> list[Naleving]:
    """Per voorschrift its history over the controls that checked it, newest first. A bevinding
    naming the voorschrift makes that control's judgement ‘overtreden’ whatever was ticked."""
    ids = [vs.id for vs in v.voorschriften]
    if not ids:
        return []
    toetsen = session.execute(
        select(VoorschriftToets, Controle).join(Controle, Controle.id == VoorschriftToets.controle_id)
        .where(VoorschriftToets.voorschrift_id.in_(ids), VoorschriftToets.gemeente_id == v.gemeente_id)
    ).all()
    bevindingen: dict[tuple[int, int], list[Bevinding]] = {}
    for b in session.execute(select(Bevinding).where(Bevinding.voorschrift_id.in_(ids),
                                                     Bevinding.gemeente_id == v.gemeente_id)
                             .order_by(Bevinding.id)).scalars():
        bevindingen.setdefault((b.voorschrift_id, b.controle_id), []).append(b)
    per: dict[int, list[Toetsmoment]] = {i: [] for i in ids}
    gezien = set()
    for t, c in toetsen:
        bev = bevindingen.get((t.voorschrift_id, c.id), [])
        oordeel = ToetsOordeel.OVERTREDEN.value if bev else (t.oordeel or ToetsOordeel.NIET_GECONTROLEERD.value)
        per[t.voorschrift_id].append(Toetsmoment(c, oordeel, t.toelichting, bev))
        gezien.add((t.voorschrift_id, c.id))
    for (vid, cid), bev in bevindingen.items():
        if (vid, cid) not in gezien:
            per[vid].append(Toetsmoment(bev[0].controle, ToetsOordeel.OVERTREDEN.value, "", bev))

    def moment(m: Toetsmoment):
        return m.controle.gestart_op or m.controle.gepland_op or m.controle.aangemaakt_op

    return [Naleving(vs, sorted(per[vs.id], key=moment, reverse=True)) for vs in v.voorschriften]


def _overtreden_ids(sinds, vergunning_ids=None):
    """SQL: ids of permits with a voorschrift found breached since ``sinds`` (ticked ‘overtreden’
    in a controle, or named by a bevinding). A union of two index-backed selects: an
    ``EXISTS … OR EXISTS`` per permit made PostgreSQL's planner price it per row (and JIT-compile
    it: 2 s instead of 80 ms at 20 000 permits, benchmarks/vergunningen.py)."""
    toets = (select(Voorschrift.vergunning_id).join(VoorschriftToets, VoorschriftToets.voorschrift_id == Voorschrift.id)
             .join(Controle, Controle.id == VoorschriftToets.controle_id)
             .where(VoorschriftToets.oordeel == ToetsOordeel.OVERTREDEN.value,
                    func.coalesce(Controle.gestart_op, Controle.gepland_op) >= sinds))
    bevinding = (select(Voorschrift.vergunning_id).join(Bevinding, Bevinding.voorschrift_id == Voorschrift.id)
                 .where(Bevinding.waargenomen_op >= sinds))
    if vergunning_ids is not None:
        toets = toets.where(Voorschrift.vergunning_id.in_(vergunning_ids))
        bevinding = bevinding.where(Voorschrift.vergunning_id.in_(vergunning_ids))
    return union(toets, bevinding)


# ---------------------------------------------------------------------------- lists

@dataclass
class Filter:
    q: str = ""
    soort: str = ""
    status: str = ""
    overtredingen: bool = False      # breaches in the last 12 months
    verloopt: bool = False           # in force and expiring within 90 days
    pagina: int = 1


@dataclass
class Pagina:
    vergunningen: list[Vergunning]
    totaal: int
    pagina: int
    per_pagina: int = PER_PAGINA

    @property
    def paginas(self) -> int:
        return max(1, -(-self.totaal // self.per_pagina))


def lijst(session: Session, gemeente_ids: list[int], f: Filter) -> Pagina:
    voorwaarden = [Vergunning.gemeente_id.in_(gemeente_ids)]
    if f.soort in {s.value for s in VergunningSoort}:
        voorwaarden.append(Vergunning.vergunningtype_id.in_(
            select(Vergunningtype.id).where(Vergunningtype.soort == VergunningSoort(f.soort),
                                            Vergunningtype.gemeente_id.in_(gemeente_ids))))
    if f.status in {s.value for s in VergunningStatus}:
        voorwaarden.append(Vergunning.status == S(f.status))
    if f.verloopt:
        voorwaarden += [Vergunning.status.in_(GELDEND), Vergunning.vervaldatum >= vandaag(),
                        Vergunning.vervaldatum <= vandaag() + timedelta(days=90)]
    if f.overtredingen:
        voorwaarden.append(Vergunning.id.in_(_overtreden_ids(utcnow() - timedelta(days=365))))
    q = (f.q or "").strip()
    if q:
        woorden = zoektekst(q).split()
        houder = select(Subject.id).where(Subject.gemeente_id.in_(gemeente_ids),
                                          *[Subject.zoeknaam.like(f"%{w}%") for w in woorden[:5]])
        voorwaarden.append(or_(Vergunning.zaaknummer == q.upper(), Vergunning.zaaknummer == q,
                               and_(*[func.lower(Vergunning.inrichting_naam).like(f"%{w}%") for w in woorden[:5]])
                               if woorden else False,
                               Vergunning.houder_id.in_(houder) if woorden else False))
    totaal = session.execute(select(func.count()).select_from(Vergunning).where(*voorwaarden)).scalar_one()
    pagina = max(1, min(f.pagina, max(1, -(-totaal // PER_PAGINA))))
    # NULLS LAST is the B-tree's own order for ASC: the vervaldatum index serves the sort.
    rijen = session.execute(select(Vergunning).where(*voorwaarden).options(selectinload(Vergunning.adres))
                            .order_by(Vergunning.vervaldatum.asc().nulls_last(), Vergunning.id)
                            .offset((pagina - 1) * PER_PAGINA).limit(PER_PAGINA)).scalars().all()
    return Pagina(list(rijen), totaal, pagina)


def met_overtredingen(session: Session, vergunning_ids: list[int]) -> set[int]:
    """Which of these permits had a breach in the last 12 months (a badge in the list)."""
    if not vergunning_ids:
        return set()
    return set(session.execute(_overtreden_ids(utcnow() - timedelta(days=365), vergunning_ids)).scalars())


def op_adres(session: Session, gemeente_ids: list[int], adres: Adres) -> list[Vergunning]:
    """The permits at this address or another address of the same verblijfsobject."""
    adres_ids = select(Adres.id).where(Adres.verblijfsobject_id == adres.verblijfsobject_id,
                                       Adres.gemeente_id.in_(gemeente_ids))
    return list(session.execute(select(Vergunning).where(Vergunning.gemeente_id.in_(gemeente_ids),
                                                         Vergunning.adres_id.in_(adres_ids))
                                .order_by(Vergunning.status.in_(GELDEND).desc(), Vergunning.id.desc())).scalars())


def geldend_op_adres(session: Session, gemeente_id: int, adres_id: int | None) -> list[Vergunning]:
    """Permits in force at the address (same verblijfsobject): their voorschriften are checked."""
    if adres_id is None:
        return []
    vbo = select(Adres.verblijfsobject_id).where(Adres.id == adres_id).scalar_subquery()
    adres_ids = select(Adres.id).where(Adres.verblijfsobject_id == vbo)
    return list(session.execute(select(Vergunning).where(Vergunning.gemeente_id == gemeente_id,
                                                         Vergunning.status.in_(GELDEND),
                                                         Vergunning.adres_id.in_(adres_ids))
                                .order_by(Vergunning.id)).scalars())


def rollen_van_subject(session: Session, subject: Subject) -> list[tuple[Vergunning, str]]:
    """Every permit this subject appears on, with the role (houder, exploitant, beheerder …)."""
    uit = [(v, "Vergunninghouder") for v in session.execute(
        select(Vergunning).where(Vergunning.houder_id == subject.id).order_by(Vergunning.id)).scalars()]
    uit += [(b.vergunning, b.rol.label) for b in session.execute(
        select(VergunningBetrokkene).where(VergunningBetrokkene.subject_id == subject.id)
        .order_by(VergunningBetrokkene.id)).scalars()]
    return uit


# ---------------------------------------------------------------------------- addresses

_HUISNUMMER = re.compile(r"^\s*(\d{1,5})\s*([A-Za-z])?\s*(?:[-\s]\s*([A-Za-z0-9]{1,4}))?\s*$")


def adres_op_postcode(session: Session, gemeente_id: int, postcode: str, huisnummer: str) -> Adres:
    """The BAG address of the gemeente for ``1234 AB`` + ``12A-1`` (how staff write it).

    :raise OngeldigeInvoer: not found in the gemeente, or ambiguous without letter/toevoeging.
    """
    pc = "".join((postcode or "").split()).upper()
    m = _HUISNUMMER.match(huisnummer or "")
    if len(pc) != 6 or not (pc[:4].isdigit() and pc[4:].isalpha()) or not m:
        raise OngeldigeInvoer("Vul het adres in als postcode (1234 AB) en huisnummer (12, 12A of 12-1).")
    nummer, letter, toevoeging = int(m.group(1)), (m.group(2) or "").upper() or None, m.group(3)
    kandidaten = list(session.execute(select(Adres).where(Adres.gemeente_id == gemeente_id, Adres.postcode == pc,
                                                          Adres.huisnummer == nummer)).scalars())
    passend = [a for a in kandidaten if (a.huisletter or None) == letter
               and (a.toevoeging or "").upper() == (toevoeging or "").upper()]
    if len(passend) == 1:
        return passend[0]
    if not kandidaten:
        raise OngeldigeInvoer(f"Adres {pc[:4]} {pc[4:]} {huisnummer.strip()} staat niet in de BAG van deze gemeente.")
    opties = ", ".join(sorted(a.huisnummer_volledig for a in kandidaten)[:8])
    raise OngeldigeInvoer(f"Kies het juiste huisnummer; op {pc[:4]} {pc[4:]} bestaan: {opties}.")


# ---------------------------------------------------------------------------- holder

@dataclass
class HouderInvoer:
    subject_id: int | None = None
    kvk: str = ""
    naam: str = ""
    rechtsvorm: str = ""
    voornamen: str = ""
    voorvoegsel: str = ""
    geslachtsnaam: str = ""
    geboortedatum: date | None = None


def houder_voor(session: Session, user, gemeente_id: int, h: HouderInvoer) -> Subject:
    """The subject a form names: an existing one, the company with this KvK number (made if
    new), or a natural person (found by name and date of birth, or made). Never a copy."""
    if h.subject_id:
        s = session.get(Subject, h.subject_id)
        if s is None or s.gemeente_id != gemeente_id:
            raise OngeldigeInvoer("Kies een persoon of onderneming uit het register van deze gemeente.")
        return s
    if (h.kvk or "").strip():
        kvk = subjecten.normaliseer_kvk(h.kvk)
        if not (h.naam or "").strip() and subjecten.op_kvk(session, gemeente_id, kvk) is None:
            raise OngeldigeInvoer(f"KvK-nummer {kvk} staat nog niet in het register: vul ook de naam van de "
                                  "onderneming in.")
        return subjecten.rechtspersoon_voor_kvk(session, user, gemeente_id, subjecten.RechtspersoonInvoer(
            naam=h.naam, kvk_nummer=kvk, rechtsvorm=h.rechtsvorm))[0]
    if (h.geslachtsnaam or "").strip():
        return subjecten.persoon_zoeken_of_maken(session, user, gemeente_id, subjecten.PersoonInvoer(
            geslachtsnaam=h.geslachtsnaam, voornamen=h.voornamen, voorvoegsel=h.voorvoegsel,
            geboortedatum=h.geboortedatum))[0]
    raise OngeldigeInvoer("Vul de houder in: het KvK-nummer van de onderneming of de naam van de persoon.")
