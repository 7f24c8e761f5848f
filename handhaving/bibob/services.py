"""Bibob dossiers: start, steps of the lifecycle, betrokkenen, tips, documents, mandates.

Flush only. Every read of a dossier goes through ``inzage`` (reason, audit); the audit rows of
changes carry ids and statuses, never content (logs hold no secrets).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from handhaving import invoer
from handhaving.audit import services as audit
from handhaving.auth.models import Gebruiker
from handhaving.bibob import rechten
from handhaving.bibob.acties import BibobActie
from handhaving.bibob.instellingen import (
    ADVIES_HERGEBRUIK,
    BESLISTERMIJN,
    LBB_ADVIESTERMIJN,
    LBB_VERLENGING_MAX,
    WAARSCHUWING,
    ZIENSWIJZE_TERMIJN,
)
from handhaving.bibob.models import (
    NADELIG,
    BibobAanleiding,
    BibobBesluit,
    BibobBetrokkene,
    BibobDocument,
    BibobMandaat,
    BibobOnderzoek,
    BibobRol,
    BibobStap,
    BibobStatus,
    BibobTip,
    BibobZienswijze,
    EigenConclusie,
    FormulierUitkomst,
    GevaarGrond,
    MateVanGevaar,
    TipBron,
)
from handhaving.bibob.termijnen import Perioden, hergebruik_tot, lbb_uiterlijk
from handhaving.bibob.workflow import BIBOB_WORKFLOW
from handhaving.db import utcnow
from handhaving.errors import Geweigerd, OngeldigeInvoer
from handhaving.instellingen import waarde
from handhaving.security.rules import Rol
from handhaving.storage import get_opslag
from handhaving.storage.uploads import DOSSIERSTUK, controleer_upload
from handhaving.subjecten.models import RelatieSoort, Subject
from handhaving.tijd import vandaag
from handhaving.vergunningen.models import Vergunning

S = BibobStatus
MAX_TEKST = 20000
INTREKKING_BESLUITEN = (BibobBesluit.INTREKKEN, BibobBesluit.NIET_INTREKKEN)


def perioden(session: Session, gemeente_id: int) -> Perioden:
    return Perioden(lbb_weken=waarde(session, gemeente_id, LBB_ADVIESTERMIJN),
                    verlenging_max_weken=waarde(session, gemeente_id, LBB_VERLENGING_MAX),
                    hergebruik_jaren=waarde(session, gemeente_id, ADVIES_HERGEBRUIK),
                    zienswijze_weken=waarde(session, gemeente_id, ZIENSWIJZE_TERMIJN),
                    beslistermijn_weken=waarde(session, gemeente_id, BESLISTERMIJN),
                    waarschuwing_dagen=waarde(session, gemeente_id, WAARSCHUWING))


# ---------------------------------------------------------------------------- visibility

def zichtbaar_filter(session: Session, user, gemeente_ids: list[int]):
    """SQL condition, the same rule as ``rechten.mag_openen``: the coördinator the gemeente's
    dossiers, a mandated vergunningverlener those assigned to them, the burgemeester the decision
    file. Nothing else ever selects from bibob_onderzoek for a page."""
    recht = [g for g in rechten.recht_gemeenten(session, user) if g in gemeente_ids]
    coordinator = [g for g in rechten.coordinator_gemeenten(user) if g in recht]
    toegewezen = [g for g in recht if g not in coordinator]
    besluit = [g for g in rechten.besluit_gemeenten(user) if g in gemeente_ids]
    clauses = []
    if coordinator:
        clauses.append(BibobOnderzoek.gemeente_id.in_(coordinator))
    if toegewezen:
        clauses.append(BibobOnderzoek.gemeente_id.in_(toegewezen) & (BibobOnderzoek.behandelaar_id == user.id))
    if besluit:
        clauses.append(BibobOnderzoek.gemeente_id.in_(besluit) & BibobOnderzoek.status.in_(rechten.BESLUITDOSSIER))
    return or_(*clauses) if clauses else BibobOnderzoek.id.is_(None)


def get_onderzoek(session: Session, user, gemeente_ids: list[int], onderzoek_id: int) -> BibobOnderzoek | None:
    """The dossier if this user may open it; None (404) otherwise: its existence is not told."""
    o = session.get(BibobOnderzoek, onderzoek_id)
    if o is None or o.gemeente_id not in gemeente_ids or not rechten.mag_openen(session, user, o):
        return None
    return o


def lijst(session: Session, user, gemeente_ids: list[int], *, status: str = "", alleen_mijn: bool = False,
          limit: int = 200) -> list[BibobOnderzoek]:
    stmt = select(BibobOnderzoek).where(zichtbaar_filter(session, user, gemeente_ids))
    if status in {s.value for s in BibobStatus}:
        stmt = stmt.where(BibobOnderzoek.status == S(status))
    if alleen_mijn:
        stmt = stmt.where(BibobOnderzoek.behandelaar_id == user.id)
    rows = session.execute(stmt.order_by(BibobOnderzoek.aangemaakt_op.desc()).limit(limit)).scalars().all()
    for r in rows:
        # One event per object shown (requirement 21), kept even if the request fails later.
        audit.record_security_event(BibobActie.GELEZEN, audit.SUCCES, object_type="bibob_onderzoek",
                                    object_id=r.id, gemeente_id=r.gemeente_id, details={"weergave": "lijst"},
                                    actor_id=user.id, actor=user.gebruikersnaam)
    return list(rows)


def controleer_recht(session: Session, user, o: BibobOnderzoek) -> None:
    if not rechten.mag_wijzigen(session, user, o):
        raise Geweigerd("Alleen wie het Bibob-recht heeft in deze gemeente wijzigt een Bibob-dossier; "
                        "een gearchiveerd dossier is gesloten.")


def _tekst(value: str | None, veld: str, maximum: int = MAX_TEKST) -> str:
    value = (value or "").strip()
    if len(value) > maximum:
        raise OngeldigeInvoer(f"{veld}: maximaal {maximum} tekens.")
    return value


# ---------------------------------------------------------------------------- start

@dataclass
class OnderzoekInvoer:
    aanleiding: str
    vergunning_id: int | None = None
    omschrijving: str = ""
    behandelaar_id: int | None = None
    beslistermijn_tot: date | None = None
    # (subject_id, rol); empty with a permit: its holder, the holder's relations and the aanhangsel.
    betrokkenen: list[tuple[int, str]] = field(default_factory=list)


def volgend_zaaknummer(session: Session, gemeente_id: int) -> str:
    prefix = f"BIBOB-{vandaag().year}-"
    hoogste = session.execute(select(func.max(BibobOnderzoek.zaaknummer)).where(
        BibobOnderzoek.gemeente_id == gemeente_id, BibobOnderzoek.zaaknummer.like(prefix + "%"))).scalar_one()
    nummer = int(hoogste[len(prefix):]) + 1 if hoogste and hoogste[len(prefix):].isdigit() else 1
    return f"{prefix}{nummer:04d}"


_RELATIE_ROL = {RelatieSoort.BESTUURDER: BibobRol.BESTUURDER, RelatieSoort.AANDEELHOUDER: BibobRol.AANDEELHOUDER,
                RelatieSoort.FINANCIER: BibobRol.FINANCIER, RelatieSoort.ZEGGENSCHAP: BibobRol.ZEGGENSCHAP,
                RelatieSoort.LEIDINGGEVENDE: BibobRol.BESTUURDER}


def betrokkenen_van_vergunning(v: Vergunning) -> list[tuple[Subject, BibobRol]]:
    """Who a permit's investigation is about by default: the holder as betrokkene, those who
    direct, own, finance or control the holder (art. 30), and the aanhangsel."""
    uit = [(v.houder, BibobRol.BETROKKENE)]
    for r in v.houder.relaties:
        uit.append((r.betrokkene, _RELATIE_ROL[r.soort]))
    for b in v.betrokkenen:
        uit.append((b.subject, BibobRol.ZAKELIJK if b.rol.value == "exploitant" else BibobRol.BESTUURDER))
    gezien, schoon = set(), []
    for s, rol in uit:
        if (s.id, rol) not in gezien:
            gezien.add((s.id, rol))
            schoon.append((s, rol))
    return schoon


def maak_onderzoek(session: Session, user, gemeente_id: int, inv: OnderzoekInvoer) -> BibobOnderzoek:
    """:raise Geweigerd: no Bibob right here. :raise OngeldigeInvoer: every problem, nothing written."""
    if not rechten.heeft_recht(session, user, gemeente_id):
        raise Geweigerd("Alleen wie het Bibob-recht heeft in deze gemeente start een Bibob-onderzoek.")
    problemen = []
    if inv.aanleiding not in {a.value for a in BibobAanleiding}:
        problemen.append("Kies de aanleiding van het onderzoek.")
    v = session.get(Vergunning, inv.vergunning_id) if inv.vergunning_id else None
    if inv.vergunning_id and (v is None or v.gemeente_id != gemeente_id):
        problemen.append("Deze vergunning hoort niet bij de gemeente van het onderzoek.")
    if inv.aanleiding in (BibobAanleiding.INTREKKING.value, BibobAanleiding.WIJZIGING.value) and v is None:
        problemen.append("Kies de vergunning waarvan intrekking of wijziging wordt overwogen.")
    if v is None and not (inv.omschrijving or "").strip():
        problemen.append("Beschrijf waarover het besluit gaat (bijvoorbeeld de subsidie of de transactie).")
    behandelaar = session.get(Gebruiker, inv.behandelaar_id) if inv.behandelaar_id else user
    if behandelaar is None or not rechten.heeft_recht(session, behandelaar, gemeente_id):
        problemen.append("De behandelaar moet het Bibob-recht hebben in deze gemeente.")
    subjecten: list[tuple[Subject, BibobRol]] = []
    for subject_id, rol in inv.betrokkenen:
        s = session.get(Subject, subject_id)
        if s is None or s.gemeente_id != gemeente_id:
            problemen.append("Een betrokkene hoort niet bij deze gemeente.")
            continue
        if rol not in {r.value for r in BibobRol}:
            problemen.append("Kies de rol van elke betrokkene.")
            continue
        subjecten.append((s, BibobRol(rol)))
    if not subjecten and v is not None:
        subjecten = betrokkenen_van_vergunning(v)
    if not subjecten:
        problemen.append("Kies ten minste één betrokkene uit het register van personen en ondernemingen.")
    try:
        omschrijving = _tekst(inv.omschrijving, "Omschrijving", 2000)
    except OngeldigeInvoer as e:
        problemen.append(e.message)
        omschrijving = ""
    if inv.beslistermijn_tot and inv.beslistermijn_tot < vandaag() - timedelta(days=365 * 5):
        problemen.append("De einddatum van de beslistermijn ligt te ver in het verleden.")
    if problemen:
        raise OngeldigeInvoer(problemen[0], problemen)
    o = BibobOnderzoek(gemeente_id=gemeente_id, vergunning_id=v.id if v else None,
                       zaaknummer=volgend_zaaknummer(session, gemeente_id), status=S.AANLEIDING,
                       behandelaar_id=behandelaar.id, aanleiding=inv.aanleiding, omschrijving=omschrijving,
                       beslistermijn_tot=inv.beslistermijn_tot, aangemaakt_door_id=user.id)
    session.add(o)
    session.flush()
    for s, rol in subjecten:
        session.add(BibobBetrokkene(onderzoek_id=o.id, gemeente_id=gemeente_id, subject_id=s.id, rol=rol))
    session.add(BibobStap(onderzoek_id=o.id, gemeente_id=gemeente_id, van_status=None, naar_status=S.AANLEIDING,
                          handeling="Onderzoek gestart", datum=vandaag(), door_id=user.id))
    session.flush()
    audit.record(session, BibobActie.AANGEMAAKT, audit.SUCCES, object_type="bibob_onderzoek", object_id=o.id,
                 gemeente_id=gemeente_id, details={"aanleiding": inv.aanleiding, "vergunning_id": o.vergunning_id})
    return o


def voeg_betrokkene_toe(session: Session, user, o: BibobOnderzoek, subject: Subject | None,
                        rol: str) -> BibobBetrokkene:
    controleer_recht(session, user, o)
    if subject is None or subject.gemeente_id != o.gemeente_id:
        raise OngeldigeInvoer("Kies een persoon of onderneming uit het register van deze gemeente.")
    if rol not in {r.value for r in BibobRol}:
        raise OngeldigeInvoer("Kies de rol van de betrokkene.")
    if any(b.subject_id == subject.id and b.rol.value == rol for b in o.betrokkenen):
        raise OngeldigeInvoer(f"{subject.weergavenaam} staat al als {BibobRol(rol).label.lower()} in het dossier.")
    b = BibobBetrokkene(onderzoek=o, gemeente_id=o.gemeente_id, subject_id=subject.id, rol=BibobRol(rol))
    session.add(b)
    session.flush()
    audit.record(session, BibobActie.BETROKKENE, audit.SUCCES, object_type="bibob_onderzoek", object_id=o.id,
                 gemeente_id=o.gemeente_id, details={"subject_id": subject.id, "rol": rol})
    return b


# ---------------------------------------------------------------------------- steps

@dataclass
class StapInvoer:
    datum: date | None
    toelichting: str = ""
    formulier_uitkomst: str = ""
    bevindingen: str = ""
    conclusie: str = ""
    betrokkene_geinformeerd_op: date | None = None
    advies_mate: str = ""
    advies_grond: str = ""
    advies_samenvatting: str = ""
    hergebruik_van_id: int | None = None
    besluit: str = ""
    motivering: str = ""


def _na(datum: date, eerder: date | None, wat: str, problemen: list[str]) -> None:
    if eerder is not None and datum < eerder:
        problemen.append(f"De datum ligt vóór {wat} ({eerder:%d-%m-%Y}).")


def _keuze(cls, waarde_: str, melding: str, problemen: list[str]):
    try:
        return cls(waarde_)
    except ValueError:
        problemen.append(melding)
        return None


def hergebruik_opties(session: Session, user, o: BibobOnderzoek) -> list[tuple[BibobOnderzoek, date]]:
    """Earlier advices about the same betrokkenen, still within the reuse period (art. 29), from
    dossiers this user may open: art. 29 allows the reuse, art. 28 still decides who reads it."""
    p = perioden(session, o.gemeente_id)
    subject_ids = {b.subject_id for b in o.betrokkenen}
    if not subject_ids:
        return []
    kandidaten = session.execute(
        select(BibobOnderzoek).join(BibobBetrokkene, BibobBetrokkene.onderzoek_id == BibobOnderzoek.id)
        .where(BibobOnderzoek.gemeente_id == o.gemeente_id, BibobOnderzoek.id != o.id,
               zichtbaar_filter(session, user, [o.gemeente_id]),
               BibobOnderzoek.advies_ontvangen_op.is_not(None), BibobOnderzoek.hergebruikt_advies_van_id.is_(None),
               BibobBetrokkene.subject_id.in_(subject_ids))
        .order_by(BibobOnderzoek.advies_ontvangen_op.desc())).scalars().unique().all()
    uit = []
    for k in kandidaten:
        tot = hergebruik_tot(k, p)
        if tot is not None and tot >= vandaag():
            uit.append((k, tot))
    return uit


def hergebruik_keuzes(session: Session, user, o: BibobOnderzoek,
                      reden: str | None) -> list[tuple[BibobOnderzoek, date]]:
    """``hergebruik_opties`` as shown in the step form: each advice shown is a read of its
    dossier, one audit row each, with why (reuse in ``o``, and the reason ``o`` was opened with)."""
    opties = hergebruik_opties(session, user, o)
    waarom = f"Eerder advies hergebruiken in {o.zaaknummer} (art. 29 Wet Bibob)" + (f": {reden}" if reden else "")
    for k, _ in opties:
        audit.record_security_event(BibobActie.GELEZEN, audit.SUCCES, object_type="bibob_onderzoek", object_id=k.id,
                                    gemeente_id=k.gemeente_id, reden=waarom,
                                    details={"weergave": "hergebruik", "in": o.id})
    return opties


def stap(session: Session, user, o: BibobOnderzoek, naar: str, inv: StapInvoer) -> BibobStap:
    """One step of the lifecycle with its date and data.

    :raise OngeldigeOvergang: not allowed from the current status (409).
    :raise OngeldigeInvoer: missing or inconsistent data (dates out of order, a decision that
        needs a zienswijze first …), nothing written (422).
    """
    controleer_recht(session, user, o)
    try:
        doel = S(naar)
    except ValueError:
        raise OngeldigeInvoer("Onbekende stap.") from None
    overgang = BIBOB_WORKFLOW.controleer(o.status, doel)
    problemen: list[str] = []
    datum = inv.datum
    if datum is None:
        raise OngeldigeInvoer("Vul de datum van deze stap in.")
    if datum > vandaag() + timedelta(days=1):
        problemen.append("De datum van een stap ligt niet in de toekomst.")
    elif melding := invoer.BIBOB_STAP.fout(datum, "De datum van deze stap"):
        problemen.append(melding)
    toelichting = _tekst(inv.toelichting, "Toelichting")
    wijzig: dict = {}
    van = o.status
    if doel == S.FORMULIER_OPGEVRAAGD:
        wijzig["formulier_opgevraagd_op"] = datum
    elif doel == S.FORMULIER_ONTVANGEN:
        _na(datum, o.formulier_opgevraagd_op, "het opvragen van het formulier", problemen)
        wijzig.update(formulier_ontvangen_op=datum, formulier_uitkomst=FormulierUitkomst.VOLLEDIG)
    elif doel == S.ZIENSWIJZE and van == S.FORMULIER_OPGEVRAAGD:
        # Not (fully) returned: art. 4 lets the gemeente draw conclusions from that; the betrokkene
        # is heard first.
        uitkomst = _keuze(FormulierUitkomst, inv.formulier_uitkomst, "Kies wat er met het formulier gebeurde.",
                          problemen)
        if uitkomst == FormulierUitkomst.VOLLEDIG:
            problemen.append("Een volledig formulier legt u vast met ‘Vragenformulier ontvangen’.")
        _na(datum, o.formulier_opgevraagd_op, "het opvragen van het formulier", problemen)
        wijzig.update(formulier_uitkomst=uitkomst, zienswijze_gevraagd_op=datum)
    elif doel == S.EIGEN_ONDERZOEK:
        _na(datum, o.formulier_ontvangen_op or o.formulier_opgevraagd_op, "het vragenformulier", problemen)
        wijzig["eigen_onderzoek_op"] = datum
    elif doel == S.CONCLUSIE_EIGEN_ONDERZOEK:
        bevindingen = _tekst(inv.bevindingen, "Bevindingen")
        if not bevindingen:
            problemen.append("Beschrijf de bevindingen van het eigen onderzoek.")
        conclusie = _keuze(EigenConclusie, inv.conclusie, "Kies de conclusie van het eigen onderzoek.", problemen)
        _na(datum, o.eigen_onderzoek_op, "de start van het eigen onderzoek", problemen)
        wijzig.update(eigen_bevindingen=bevindingen, eigen_conclusie=conclusie, eigen_conclusie_op=datum)
    elif doel == S.ADVIES_LBB_AANGEVRAAGD:
        if inv.betrokkene_geinformeerd_op is None:
            problemen.append("Vul in wanneer de betrokkene over de adviesaanvraag is geïnformeerd (art. 32).")
        else:
            _na(inv.betrokkene_geinformeerd_op, datum, "de adviesaanvraag", problemen)
            if inv.betrokkene_geinformeerd_op > vandaag() + timedelta(days=1):
                problemen.append("De datum waarop de betrokkene is geïnformeerd ligt in de toekomst.")
        _na(datum, o.eigen_conclusie_op or o.eigen_onderzoek_op, "het eigen onderzoek", problemen)
        if van == S.EIGEN_ONDERZOEK and (inv.bevindingen or "").strip():
            wijzig["eigen_bevindingen"] = _tekst(inv.bevindingen, "Bevindingen")
        wijzig.update(lbb_aangevraagd_op=datum, betrokkene_geinformeerd_op=inv.betrokkene_geinformeerd_op)
    elif doel == S.ADVIES_ONTVANGEN and van == S.ADVIES_LBB_AANGEVRAAGD:
        if o.lbb_aangevraagd_op and datum < o.lbb_aangevraagd_op:
            problemen.append(f"De datum van het advies ligt vóór de adviesaanvraag ({o.lbb_aangevraagd_op:%d-%m-%Y}).")
        mate = _keuze(MateVanGevaar, inv.advies_mate, "Kies de mate van gevaar uit het advies.", problemen)
        grond = None
        if mate in (MateVanGevaar.MINDERE_MATE, MateVanGevaar.ERNSTIG):
            grond = _keuze(GevaarGrond, inv.advies_grond, "Kies de grond van het gevaar (a, b of lid 6).", problemen)
        wijzig.update(advies_ontvangen_op=datum, advies_mate=mate, advies_grond=grond,
                      advies_samenvatting=_tekst(inv.advies_samenvatting, "Samenvatting advies"))
    elif doel == S.ADVIES_ONTVANGEN:
        bron = next((k for k, _ in hergebruik_opties(session, user, o) if k.id == inv.hergebruik_van_id), None)
        _na(datum, o.eigen_conclusie_op or o.eigen_onderzoek_op, "het eigen onderzoek", problemen)
        if bron is None:
            problemen.append("Kies een eerder advies over dezelfde betrokkene dat nog hergebruikt mag worden.")
        else:
            wijzig.update(advies_ontvangen_op=datum, advies_mate=bron.advies_mate, advies_grond=bron.advies_grond,
                          hergebruikt_advies_van_id=bron.id,
                          advies_samenvatting=_tekst(inv.advies_samenvatting, "Samenvatting advies"))
    elif doel == S.ZIENSWIJZE:
        wijzig["zienswijze_gevraagd_op"] = datum
        _na(datum, o.advies_ontvangen_op or o.eigen_conclusie_op, "het advies of de conclusie", problemen)
    elif doel == S.BESLUIT:
        besluit = _keuze(BibobBesluit, inv.besluit, "Kies het besluit.", problemen)
        motivering = _tekst(inv.motivering, "Motivering")
        intrekking = o.aanleiding == BibobAanleiding.INTREKKING.value
        if besluit is not None and (besluit in INTREKKING_BESLUITEN) != intrekking:
            problemen.append("Bij een voorgenomen intrekking besluit u tot intrekken of afzien daarvan; bij een "
                             "aanvraag tot verlenen (met voorschriften) of weigeren.")
        if besluit in NADELIG:
            gehoord = o.zienswijze_ontvangen_op is not None or o.zienswijze_afgezien
            if van != S.ZIENSWIJZE or not gehoord:
                problemen.append("Voor een besluit tot weigeren, intrekken of verlenen met voorschriften hoort de "
                                 "betrokkene eerst een zienswijze te kunnen geven (art. 33 Wet Bibob, Awb 4:8). "
                                 "Leg de ontvangen zienswijze vast, of dat de betrokkene ervan afzag.")
            if not motivering:
                problemen.append("Motiveer het besluit (Awb 3:46).")
        _na(datum, o.zienswijze_ontvangen_op or o.advies_ontvangen_op or o.eigen_conclusie_op,
            "de vorige stap", problemen)
        wijzig.update(besluit=besluit, besluit_op=datum, besluit_motivering=motivering)
    elif doel == S.GEARCHIVEERD:
        _na(datum, o.besluit_op, "het besluit", problemen)
        wijzig["gearchiveerd_op"] = datum
    if problemen:
        raise OngeldigeInvoer(problemen[0], problemen)
    for k, w in wijzig.items():
        setattr(o, k, w)
    o.status, o.gewijzigd_op = doel, utcnow()
    if doel == S.BESLUIT and o.vergunning_id:
        # The permit shows only that a check was done, and when (art. 28).
        o.vergunning.bibob_getoetst_op = datum
    s = BibobStap(onderzoek_id=o.id, gemeente_id=o.gemeente_id, van_status=van, naar_status=doel,
                  handeling=overgang.handeling, datum=datum, toelichting=toelichting, door_id=user.id)
    session.add(s)
    session.flush()
    audit.record(session, BibobActie.STAP, audit.SUCCES, object_type="bibob_onderzoek", object_id=o.id,
                 gemeente_id=o.gemeente_id, details={"van": van.value, "naar": doel.value})
    return s


def verleng_lbb(session: Session, user, o: BibobOnderzoek, *, datum: date | None, weken: int | None) -> None:
    """The LBB extends its advice period once, by at most the configured weeks (art. 15 lid 2)."""
    controleer_recht(session, user, o)
    p = perioden(session, o.gemeente_id)
    problemen = []
    if o.status != S.ADVIES_LBB_AANGEVRAAGD:
        problemen.append("Alleen een lopende adviesaanvraag bij het LBB kan worden verlengd.")
    elif o.lbb_verlengd_op is not None:
        problemen.append("Het LBB kan de adviestermijn maar één keer verlengen (art. 15 lid 2); dat is al gebeurd "
                         f"op {o.lbb_verlengd_op:%d-%m-%Y}.")
    if datum is None:
        problemen.append("Vul de datum van de verlenging in.")
    elif o.lbb_aangevraagd_op and datum < o.lbb_aangevraagd_op:
        problemen.append("De verlenging ligt vóór de adviesaanvraag.")
    elif datum > vandaag() + timedelta(days=1):
        problemen.append("De datum van de verlenging ligt in de toekomst.")
    elif (uiterlijk := lbb_uiterlijk(o, p)) is not None and datum > uiterlijk:
        problemen.append(f"De adviestermijn liep al af op {uiterlijk:%d-%m-%Y}; verlengen kan alleen daarvoor.")
    if weken is None or not 1 <= weken <= p.verlenging_max_weken:
        problemen.append(f"De verlenging is 1 tot en met {p.verlenging_max_weken} weken.")
    if problemen:
        raise OngeldigeInvoer(problemen[0], problemen)
    o.lbb_verlengd_op, o.lbb_verlenging_weken, o.gewijzigd_op = datum, weken, utcnow()
    session.add(BibobStap(onderzoek_id=o.id, gemeente_id=o.gemeente_id, van_status=o.status, naar_status=o.status,
                          handeling=f"Adviestermijn LBB verlengd met {weken} weken", datum=datum, door_id=user.id))
    session.flush()
    audit.record(session, BibobActie.GEWIJZIGD, audit.SUCCES, object_type="bibob_onderzoek", object_id=o.id,
                 gemeente_id=o.gemeente_id, details={"verlenging_weken": weken})


def leg_zienswijze_vast(session: Session, user, o: BibobOnderzoek, *, datum: date | None, tekst: str = "",
                        afgezien: bool = False) -> BibobZienswijze:
    """Record a zienswijze of the betrokkene, or that he let the term pass (art. 33 Wet Bibob, Awb 4:8).

    A statutory response is never overwritten: a second one (an addition, an oral one after the
    written one, one after the term passed) is kept next to the first. Only a row is added, the
    dossier itself is not updated, so two arriving at once are both kept.

    :raise OngeldigeInvoer: not asked for, no date, a date before the request, no summary (422)."""
    controleer_recht(session, user, o)
    problemen = []
    if o.status != S.ZIENSWIJZE:
        problemen.append("Een zienswijze legt u vast nadat erom is gevraagd.")
    if datum is None:
        problemen.append("Vul de datum in waarop de zienswijze binnenkwam (of de termijn verliep).")
    elif o.zienswijze_gevraagd_op and datum < o.zienswijze_gevraagd_op:
        problemen.append("De datum ligt vóór het verzoek om een zienswijze.")
    elif datum > vandaag() + timedelta(days=1):
        problemen.append("De datum van de zienswijze ligt in de toekomst.")
    tekst = _tekst(tekst, "Zienswijze")
    if not afgezien and not tekst:
        problemen.append("Vat de zienswijze samen, of geef aan dat de betrokkene ervan afzag.")
    if problemen:
        raise OngeldigeInvoer(problemen[0], problemen)
    z = BibobZienswijze(onderzoek_id=o.id, gemeente_id=o.gemeente_id, ontvangen_op=datum, tekst=tekst,
                        afgezien=afgezien, vastgelegd_door_id=user.id)
    # Through the collection: no column of the dossier changes, so its version is not raised.
    o.zienswijzen.append(z)
    session.add(BibobStap(onderzoek_id=o.id, gemeente_id=o.gemeente_id, van_status=o.status, naar_status=o.status,
                          handeling="Afgezien van zienswijze" if afgezien else "Zienswijze ontvangen", datum=datum,
                          door_id=user.id))
    session.flush()
    audit.record(session, BibobActie.GEWIJZIGD, audit.SUCCES, object_type="bibob_onderzoek", object_id=o.id,
                 gemeente_id=o.gemeente_id, details={"zienswijze": "afgezien" if afgezien else "ontvangen",
                                                     "zienswijze_id": z.id})
    return z


# ---------------------------------------------------------------------------- tips, documents

def voeg_tip_toe(session: Session, user, o: BibobOnderzoek, *, bron: str, bron_omschrijving: str,
                 ontvangen_op: date | None, inhoud: str) -> BibobTip:
    controleer_recht(session, user, o)
    problemen = []
    if bron not in {b.value for b in TipBron}:
        problemen.append("Kies de bron van de informatie.")
    if ontvangen_op is None or ontvangen_op > vandaag():
        problemen.append("Vul de datum van ontvangst in (niet in de toekomst).")
    elif melding := invoer.TIP.fout(ontvangen_op, "De datum van ontvangst"):
        problemen.append(melding)
    inhoud = _tekst(inhoud, "Inhoud")
    if not inhoud:
        problemen.append("Beschrijf de informatie.")
    if bron == TipBron.ANDERS.value and not (bron_omschrijving or "").strip():
        problemen.append("Omschrijf de bron.")
    if problemen:
        raise OngeldigeInvoer(problemen[0], problemen)
    t = BibobTip(onderzoek_id=o.id, gemeente_id=o.gemeente_id, bron=TipBron(bron),
                 bron_omschrijving=_tekst(bron_omschrijving, "Bron", 200), ontvangen_op=ontvangen_op, inhoud=inhoud,
                 vastgelegd_door_id=user.id)
    session.add(t)
    session.flush()
    audit.record(session, BibobActie.TIP, audit.SUCCES, object_type="bibob_onderzoek", object_id=o.id,
                 gemeente_id=o.gemeente_id, details={"tip_id": t.id, "bron": bron})
    return t


# Below the request limit (MAX_CONTENT_LENGTH, 16 MB), so a too-large document gets this form's own message.
MAX_DOCUMENT = 15 * 1024 * 1024


def _bestandsnaam(bestandsnaam: str, extensie: str) -> str:
    """The user's file name without a path, ending in the extension of the real content."""
    naam = "".join(c for c in (bestandsnaam or "document").replace("\\", "/").rsplit("/", 1)[-1]
                   if c.isprintable()).strip() or "document"
    stam, punt, ext = naam.rpartition(".")
    if not (punt and stam and ext.isalnum() and len(ext) <= 5):
        stam = naam
    return f"{stam[:200 - len(extensie) - 1]}.{extensie}"


def voeg_document_toe(session: Session, user, o: BibobOnderzoek, *, data: bytes, bestandsnaam: str,
                      omschrijving: str = "") -> BibobDocument:
    """A document of the dossier (PDF, Word/Excel, JPEG, PNG or WebP), stored by its SHA-256 after the
    app's one upload check: images re-encoded (no EXIF/GPS), PDF and Office checked for their structure.

    :raise OngeldigeInvoer: no file, too large, or refused by the check (Dutch message); nothing stored."""
    controleer_recht(session, user, o)
    if not data:
        raise OngeldigeInvoer("Kies een bestand.")
    bestand = controleer_upload(data, DOSSIERSTUK, max_bytes=MAX_DOCUMENT)
    data, mimetype = bestand.data, bestand.mimetype
    naam = _bestandsnaam(bestandsnaam, bestand.extensie)
    opgeslagen = get_opslag().put(data)
    sha = sleutel = opgeslagen.key
    d = BibobDocument(onderzoek_id=o.id, gemeente_id=o.gemeente_id, sleutel=sleutel, sha256=sha, bestandsnaam=naam,
                      mimetype=mimetype, grootte=len(data), omschrijving=_tekst(omschrijving, "Omschrijving", 300),
                      toegevoegd_door_id=user.id)
    session.add(d)
    session.flush()
    audit.record(session, BibobActie.DOCUMENT, audit.SUCCES, object_type="bibob_onderzoek", object_id=o.id,
                 gemeente_id=o.gemeente_id, details={"document_id": d.id, "sha256": sha})
    return d


# ---------------------------------------------------------------------------- mandates

def mandaten(session: Session, gemeente_id: int) -> list[BibobMandaat]:
    return list(session.execute(select(BibobMandaat).where(BibobMandaat.gemeente_id == gemeente_id)
                                .order_by(BibobMandaat.ingetrokken_op.is_not(None), BibobMandaat.id)).scalars())


def verleen_mandaat(session: Session, user, gemeente_id: int, gebruiker: Gebruiker | None, besluit: str) -> BibobMandaat:
    """The beheerder records a vergunningverlener's Bibob mandate (the mandaatbesluit's reference)."""
    problemen = []
    if gebruiker is None or Rol.VERGUNNINGVERLENER not in gebruiker.rollen_per_gemeente().get(gemeente_id, set()):
        problemen.append("Een Bibob-mandaat is voor een vergunningverlener van deze gemeente.")
    besluit = " ".join((besluit or "").split())
    if not besluit:
        problemen.append("Vul het mandaatbesluit in (kenmerk en datum).")
    elif len(besluit) > 200:
        problemen.append("Mandaatbesluit: maximaal 200 tekens.")
    if not problemen and session.execute(select(BibobMandaat.id).where(
            BibobMandaat.gebruiker_id == gebruiker.id, BibobMandaat.gemeente_id == gemeente_id,
            BibobMandaat.ingetrokken_op.is_(None))).first():
        problemen.append(f"{gebruiker.naam} heeft al een Bibob-mandaat in deze gemeente.")
    if problemen:
        raise OngeldigeInvoer(problemen[0], problemen)
    m = BibobMandaat(gebruiker_id=gebruiker.id, gemeente_id=gemeente_id, besluit=besluit, verleend_door_id=user.id)
    session.add(m)
    session.flush()
    audit.record(session, BibobActie.MANDAAT, audit.SUCCES, object_type="gebruiker", object_id=gebruiker.id,
                 gemeente_id=gemeente_id, details={"mandaat": "verleend"})
    return m


def trek_mandaat_in(session: Session, user, m: BibobMandaat) -> None:
    if m.ingetrokken_op is not None:
        raise OngeldigeInvoer("Dit mandaat is al ingetrokken.")
    m.ingetrokken_op, m.ingetrokken_door_id = utcnow(), user.id
    session.flush()
    audit.record(session, BibobActie.MANDAAT, audit.SUCCES, object_type="gebruiker", object_id=m.gebruiker_id,
                 gemeente_id=m.gemeente_id, details={"mandaat": "ingetrokken"})
