"""The rapport van bevindingen of a controle: asked for in a request, made by a background job.

``vraag_rapport_aan`` adds the next ``Rapport`` version (status *wacht*) and queues
``taken.rapport_maken``; the job calls ``maak_rapport``, which renders one
self-contained HTML document (photos and signatures inside as ``data:`` URIs),
turns it into a PDF with WeasyPrint and stores both, content-addressed, with
their SHA-256 on the row. A rapport never changes once made: a correction is a
new version (or an addendum after vaststelling).

Privacy (AVG art. 9): the rapport counts the persons met per role and names only
exploitant and beheerders. It never reads ``AangetroffenSekswerker``, and no
name or remark of a person with the role sekswerker reaches the document.

Failures. Any error while building or storing ends in status *fout* with a
short Dutch reason and an audit row ``RAPPORT_MISLUKT``, written in the job's
own transaction (so the job ends "klaar": its outcome is the rapport's status).
A retry would fail the same way for a missing photo or a bug, so only a
temporary storage failure (disk full, S3 unreachable) is raised to the queue
for a retry, and only while the queue will still retry it (``laatste_poging``).
Database errors always propagate: the session is unusable then, and the queue
retries the job.
"""
from __future__ import annotations

import base64
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app
from PIL import ImageFile
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from handhaving.audit import services as audit
from handhaving.auth.models import Gemeente
from handhaving.controles import taken, vastlegging, voorschriften
from handhaving.controles.acties import ControleActie
from handhaving.controles.models import (
    Aanwijzing, Bevinding, Controle, ControleStatus, ItemSoort, Ondertekenwijze, Partner, PersoonRol, Rapport,
    RapportStatus,
)
from handhaving.controles.workflow import UITKOMSTEN, VOORRANG
from handhaving.db import lock_for, utcnow
from handhaving.errors import OngeldigeOvergang
from handhaving.jobs.queue import enqueue
from handhaving.storage import (
    BestandBeschadigd, BestandNietGevonden, OngeldigeSleutel, OpslagFout, get_opslag,
)
from handhaving.templating import datum_tijd

log = logging.getLogger("handhaving.controles.rapport")

TEMPLATE = "controles/rapport/rapport.html"
CLASSIFICATIE = "VERTROUWELIJK – bevat persoonsgegevens"
# Serialises the version numbering of one controle's rapporten (PostgreSQL; SQLite has one writer).
LOCK_RAPPORT_VERSIE = 8151510
# As the downloads in views.py: the rapport is the object, its controle in the details.
AUDIT_OBJECT = "controle_rapport"
# Audit rows written by the job have no user: "systeem" is a reserved user name (beheer/services.py).
SYSTEEM = "systeem"
FOUT_MAX = 300

# Before uitvoering there is nothing to report on.
NOG_NIET_UITGEVOERD = (ControleStatus.GEPLAND, ControleStatus.VOORBEREID)
# From vaststelling on the rapport is final; before it, every version is a concept.
VASTGESTELD = (ControleStatus.RAPPORT_VASTGESTELD, *UITKOMSTEN)
# Only these roles are named in the rapport (they are on the permit's aanhangsel anyway).
GENOEMDE_ROLLEN = (PersoonRol.EXPLOITANT, PersoonRol.BEHEERDER)
PERSONEN_LABEL = {
    PersoonRol.SEKSWERKER: "Sekswerkers",
    PersoonRol.EXPLOITANT: "Exploitant",
    PersoonRol.BEHEERDER: "Beheerder / leidinggevende",
    PersoonRol.BEWONER: "Bewoners",
    PersoonRol.WERKNEMER: "Werknemers",
    PersoonRol.ANDERS: "Anderen",
}
JA_NEE = {"ja": "Ja", "nee": "Nee", "nvt": "n.v.t."}
# What the HTML may embed: the types the upload check produces (storage/uploads.py).
AFBEELDING_TYPES = {"image/jpeg", "image/png", "image/webp"}
LEEG = "—"


class RapportFout(Exception):
    """Building the rapport failed for a reason the user can act on; ``message`` is Dutch."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Asking for a rapport (request) ---------------------------------------------------------

def vraag_rapport_aan(session: Session, controle: Controle) -> Rapport:
    """Add the next version of the rapport (status *wacht*), audit it and queue the job; flush only.

    The job's message reaches the queue only when the caller's transaction commits
    (``jobs.queue.enqueue``), so a rolled-back request leaves no job behind. Who may
    ask is the caller's check (``permissions``)."""
    if controle.status in NOG_NIET_UITGEVOERD:
        raise OngeldigeOvergang("Een rapport van bevindingen kan pas worden gemaakt als de controle is uitgevoerd.")
    lock_for(session, LOCK_RAPPORT_VERSIE, str(controle.id))
    hoogste = session.scalar(select(func.max(Rapport.versie)).where(Rapport.controle_id == controle.id))
    rapport = Rapport(controle_id=controle.id, gemeente_id=controle.gemeente_id, versie=(hoogste or 0) + 1,
                      status=RapportStatus.WACHT, aangevraagd_op=utcnow())
    session.add(rapport)
    session.flush()
    audit.record(session, ControleActie.RAPPORT_AANGEVRAAGD, audit.SUCCES, object_type=AUDIT_OBJECT,
                 object_id=rapport.id, gemeente_id=controle.gemeente_id,
                 details={"controle_id": controle.id, "versie": rapport.versie})
    # The controle's uuid, not the row id: a key must never be reused (SQLite may hand out
    # a deleted row's id again, and a key that exists is treated as "asked for already").
    enqueue(session, taken.rapport_maken, rapport.id, sleutel=taak_sleutel(controle, rapport),
            gemeente_id=controle.gemeente_id)
    return rapport


def taak_sleutel(controle: Controle, rapport: Rapport) -> str:
    return f"rapport:{controle.uuid}:v{rapport.versie}"


# --- Making it (job) ------------------------------------------------------------------------

def maak_rapport(session: Session, rapport_id: int, *, laatste_poging: bool = True) -> Rapport | None:
    """Build, store and record one rapport; flush only. Safe to run again: a made rapport is kept.

    Returns the rapport (status *klaar* or *fout*), or None when the row does not
    exist (any more). See the module docstring for which failures are raised."""
    rapport = session.get(Rapport, rapport_id)
    if rapport is None:
        log.warning("Rapport %s bestaat niet (meer); niets gemaakt", rapport_id)
        return None
    if rapport.status == RapportStatus.KLAAR:
        return rapport  # a retry after this job's commit: done already
    controle = session.get(Controle, rapport.controle_id)
    try:
        html = bouw_html(session, controle, rapport)
        pdf, paginas = _render_pdf(html)
        opslag = get_opslag()
        html_blob = opslag.put(html.encode("utf-8"))
        pdf_blob = opslag.put(pdf)
    except SQLAlchemyError:
        raise
    except Exception as exc:
        if _tijdelijk(exc) and not laatste_poging:
            log.warning("Rapport %s: tijdelijke storing, de wachtrij probeert het opnieuw: %s", rapport_id, exc)
            raise
        return _mislukt(session, controle, rapport, exc)

    rapport.html_sleutel, rapport.html_sha256 = html_blob.key, html_blob.sha256
    rapport.pdf_sleutel, rapport.pdf_sha256 = pdf_blob.key, pdf_blob.sha256
    rapport.pdf_grootte = pdf_blob.size
    rapport.gemaakt_op = utcnow()
    rapport.status = RapportStatus.KLAAR
    rapport.fout = None
    session.flush()
    audit.record(session, ControleActie.RAPPORT_GEMAAKT, audit.SUCCES, object_type=AUDIT_OBJECT,
                 object_id=rapport.id, gemeente_id=controle.gemeente_id, actor=SYSTEEM,
                 details={"controle_id": controle.id, "versie": rapport.versie, "paginas": paginas,
                          "pdf_sha256": rapport.pdf_sha256, "pdf_grootte": rapport.pdf_grootte,
                          "html_sha256": rapport.html_sha256})
    return rapport


def _tijdelijk(exc: Exception) -> bool:
    """Storage that is unreachable or full may work in a minute; a missing or damaged blob will not."""
    if isinstance(exc, (BestandNietGevonden, BestandBeschadigd, OngeldigeSleutel)):
        return False
    return isinstance(exc, (OpslagFout, ConnectionError, TimeoutError))


def _mislukt(session: Session, controle: Controle, rapport: Rapport, exc: Exception) -> Rapport:
    if isinstance(exc, (RapportFout, OpslagFout)):
        reden = exc.message
        log.warning("Rapport %s mislukt: %s", rapport.id, reden)
    else:
        # The message of an unexpected error may quote user text: the log gets it, the row not.
        reden = f"Technische fout ({type(exc).__name__}); de details staan in het logboek van de server."
        log.exception("Rapport %s mislukt", rapport.id)
    rapport.status = RapportStatus.FOUT
    rapport.fout = f"Het rapport kon niet worden gemaakt. {reden}"[:FOUT_MAX]
    session.flush()
    audit.record(session, ControleActie.RAPPORT_MISLUKT, audit.MISLUKT, object_type=AUDIT_OBJECT,
                 object_id=rapport.id, gemeente_id=controle.gemeente_id, actor=SYSTEEM,
                 details={"controle_id": controle.id, "versie": rapport.versie, "fout": type(exc).__name__})
    return rapport


# --- HTML ---------------------------------------------------------------------------------

def bouw_html(session: Session, controle: Controle, rapport: Rapport) -> str:
    """The rapport as one self-contained HTML document (needs an app context).

    Rendered with the app's Jinja environment (autoescape on ``.html``) but without
    ``render_template``: the job has no request, and the context processors read the
    logged-in user. Every value reaches the template as plain data, prepared here."""
    context = _inhoud(session, controle, rapport)
    template = current_app.jinja_env.get_template(TEMPLATE)
    return template.render(**context)


@dataclass
class _Foto:
    nummer: int
    bijschrift: str
    gemaakt_op: str
    sha256: str
    data_uri: str
    bevinding: int | None = None


@dataclass
class _Bevinding:
    nummer: int
    categorie: str
    ernst: str
    waarneming: str
    norm: str
    omschrijving: str
    waargenomen_op: str
    # Awb 3:2: when the facts were observed, where that time came from, and where it lies
    # further from the receipt than the tolerance: the receipt and the clock difference.
    tijdbron: str = ""
    ontvangen_op: str = ""
    klokverschil: str = ""
    tijdcorrecties: list[dict] = field(default_factory=list)
    checklistvraag: str = ""
    voorschrift: str = ""
    fotos: list[int] = field(default_factory=list)


def _inhoud(session: Session, controle: Controle, rapport: Rapport) -> dict:
    gemeente = session.get(Gemeente, controle.gemeente_id)
    opslag = get_opslag()

    fotos = []
    foto_nummers = {}
    for nummer, foto in enumerate(controle.fotos, start=1):
        foto_nummers[foto.id] = nummer
        fotos.append(_Foto(nummer=nummer, bijschrift=foto.bijschrift, gemaakt_op=datum_tijd(foto.gemaakt_op),
                           sha256=foto.sha256,
                           data_uri=_data_uri(opslag, foto.sleutel, foto.mimetype, f"Foto {nummer}")))

    items_per_code = {}
    secties = []
    if controle.sjabloon is not None:
        antwoorden = {a.item_id: a for a in controle.antwoorden}
        for sectie in controle.sjabloon.secties:
            regels = []
            for item in sectie.items:
                if item.vervallen:
                    continue
                items_per_code[item.code] = item.tekst
                antwoord = antwoorden.get(item.id)
                regels.append({
                    "tekst": item.tekst, "norm": item.norm,
                    "waarde": _waarde(item, antwoord.waarde if antwoord else ""),
                    "toelichting": antwoord.toelichting if antwoord else "",
                })
            secties.append({"titel": sectie.titel, "toelichting": sectie.toelichting,
                            "signalen": sectie.signalen, "vragen": regels})

    toetsen = voorschriften.toetsen(session, controle)
    per_voorschrift = {t.voorschrift_id: t for t in toetsen}
    bevindingen = []
    bevinding_nummers: dict[int, list[int]] = {}
    marge = vastlegging.tolerantie(session, controle.gemeente_id)
    for nummer, b in enumerate(controle.bevindingen, start=1):
        afwijkend = vastlegging.ontvangst_wijkt_af(b, marge)
        regel = _Bevinding(nummer=nummer, categorie=b.categorie.label, ernst=b.ernst.label,
                           waarneming=b.waarneming.label, norm=b.norm, omschrijving=b.omschrijving,
                           waargenomen_op=datum_tijd(b.waargenomen_op), tijdbron=b.tijdbron.label.lower(),
                           ontvangen_op=datum_tijd(b.ontvangen_op) if afwijkend else "",
                           klokverschil=vastlegging.klokverschil_tekst(b.klokverschil_s)
                           if afwijkend and b.klokverschil_s is not None else "",
                           tijdcorrecties=[{"op": datum_tijd(k.op), "door": k.door.naam, "oud": datum_tijd(k.oud),
                                            "nieuw": datum_tijd(k.nieuw), "reden": k.reden}
                                           for k in b.tijdcorrecties],
                           checklistvraag=items_per_code.get(b.checklist_item_code or "", ""),
                           voorschrift=(voorschriften.label(per_voorschrift[b.voorschrift_id].vergunning,
                                                            per_voorschrift[b.voorschrift_id].voorschrift, 300)
                                        if b.voorschrift_id in per_voorschrift else ""),
                           fotos=[foto_nummers[f.id] for f in b.fotos if f.id in foto_nummers])
        if b.voorschrift_id:
            bevinding_nummers.setdefault(b.voorschrift_id, []).append(nummer)
        for n in regel.fotos:
            fotos[n - 1].bevinding = nummer
        bevindingen.append(regel)

    return {
        "classificatie": CLASSIFICATIE,
        "concept": controle.status not in VASTGESTELD,
        "rapport": {"versie": rapport.versie, "aangevraagd_op": datum_tijd(rapport.aangevraagd_op),
                    "opgemaakt_op": datum_tijd(utcnow())},
        "controle": _kop(controle, gemeente),
        "team": _team(session, controle),
        "secties": secties,
        "vergunningen": _vergunningen(toetsen, bevinding_nummers),
        "bevindingen": bevindingen,
        # Findings of earlier controles at the address that this controle found resolved.
        "opgelost": [{"datum": datum_tijd(b.waargenomen_op), "categorie": b.categorie.label, "norm": b.norm,
                      "omschrijving": b.omschrijving}
                     for b in session.execute(select(Bevinding).where(Bevinding.opgelost_in_controle_id == controle.id)
                                              .order_by(Bevinding.waargenomen_op)).scalars()],
        "personen": _personen(controle),
        "notities": controle.notities,
        "uitkomsten": _uitkomsten(controle),
        "ondertekeningen": _ondertekeningen(opslag, controle),
        "addenda": [{"op": datum_tijd(a.op), "door": a.door.naam, "reden": a.reden, "tekst": a.tekst}
                    for a in controle.addenda],
        "fotos": fotos,
    }


def _uitkomsten(controle: Controle) -> list[dict]:
    """Each chosen outcome with what happens now and by whom, furthest-reaching first; for a
    hercontrole its planned date. A controle closed before outcomes were a set has no rows:
    its status and ``uitkomst_toelichting`` are its one outcome."""
    if controle.status not in UITKOMSTEN:
        return []
    if not controle.uitkomsten:
        return [{"label": controle.status.label, "toelichting": controle.uitkomst_toelichting, "partner": "",
                 "hercontrole": ""}]
    uit = []
    for u in sorted(controle.uitkomsten, key=lambda u: VOORRANG.index(u.uitkomst)):
        vervolg = u.hercontrole
        uit.append({"label": u.uitkomst.label, "toelichting": u.toelichting,
                    "partner": _label(Partner, u.partner) if u.partner else "",
                    "hercontrole": _tijdvak(vervolg.gepland_op, vervolg.gepland_tot) if vervolg else ""})
    return uit


def _vergunningen(toetsen: list[voorschriften.Toets], bevinding_nummers: dict[int, list[int]]) -> list[dict]:
    """Per permit at the address its voorschriften with this controle's judgement. A finding naming
    a voorschrift makes it ‘overtreden’ (as the permit's compliance history counts it)."""
    uit = []
    for v, lijst in voorschriften.per_vergunning(toetsen):
        regels = []
        for t in lijst:
            nummers = bevinding_nummers.get(t.voorschrift_id, [])
            oordeel = voorschriften.OORDELEN["overtreden"] if nummers else t.oordeel_label
            regels.append({"nummer": t.voorschrift.nummer, "tekst": t.voorschrift.tekst,
                           "categorie": t.voorschrift.categorie.label, "bron_artikel": t.voorschrift.bron_artikel,
                           "oordeel": oordeel, "beoordeeld": bool(t.oordeel or nummers),
                           "toelichting": t.toets.toelichting, "bevindingen": nummers})
        uit.append({"zaaknummer": v.zaaknummer, "soort": v.soort.label,
                    "houder": v.houder.weergavenaam if v.houder else "",
                    "vervaldatum": v.vervaldatum.strftime("%d-%m-%Y") if v.vervaldatum else "",
                    "voorschriften": regels})
    return uit


def _kop(controle: Controle, gemeente: Gemeente) -> dict:
    adres = controle.adres
    if adres is not None:
        adres_tekst = adres.volledig
    elif controle.locatie_lat is not None and controle.locatie_lon is not None:
        adres_tekst = f"Geen adres; plaats volgens het apparaat {controle.locatie_lat:.5f}, {controle.locatie_lon:.5f}"
    else:
        adres_tekst = "Geen adres vastgelegd"
    return {
        "id": controle.id,
        "gemeente": gemeente.naam,
        "type": controle.controletype.naam if controle.controletype else controle.soort.label,
        "soort": controle.soort.label,
        "adres": adres_tekst,
        "gepland": _tijdvak(controle.gepland_op, controle.gepland_tot),
        "gestart_op": datum_tijd(controle.gestart_op),
        "uitgevoerd_op": datum_tijd(controle.uitgevoerd_op),
        "vastgesteld_op": datum_tijd(controle.vastgesteld_op),
        "status": controle.status.label,
        "partners": [_label(Partner, p) for p in controle.partners or ()],
        "rechtsgronden": list(controle.rechtsgronden or ()),
        "toegang": controle.toegang.label if controle.toegang else "",
        "is_woning": "Ja" if controle.is_woning else "Nee",
    }


def _team(session: Session, controle: Controle) -> list[dict]:
    ids = [g.id for g in controle.toezichthouders]
    aanwijzingen = {}
    if ids:
        aanwijzingen = {a.gebruiker_id: a for a in session.execute(
            select(Aanwijzing).where(Aanwijzing.gemeente_id == controle.gemeente_id,
                                     Aanwijzing.gebruiker_id.in_(ids))).scalars()}
    team = []
    for g in sorted(controle.toezichthouders, key=lambda g: g.naam):
        a = aanwijzingen.get(g.id)
        team.append({"naam": g.naam, "besluit": a.besluit if a else "",
                     "legitimatienummer": a.legitimatienummer if a else ""})
    return team


def _personen(controle: Controle) -> dict:
    """Counts per role; names only of exploitant and beheerders (never of a sekswerker)."""
    per_rol = Counter(p.rol for p in controle.personen)
    aantallen = [{"rol": PERSONEN_LABEL[rol], "aantal": per_rol[rol]} for rol in PersoonRol if per_rol[rol]]
    genoemd = [{"rol": p.rol.label, "naam": p.naam, "id_gezien": "Ja" if p.id_gezien else "Nee"}
               for p in controle.personen if p.rol in GENOEMDE_ROLLEN and p.naam]
    return {"aantallen": aantallen, "genoemd": genoemd, "totaal": sum(per_rol.values())}


def _ondertekeningen(opslag, controle: Controle) -> list[dict]:
    regels = []
    for o in controle.ondertekeningen:
        afbeelding = None
        if o.wijze == Ondertekenwijze.HANDTEKENING and o.handtekening_sleutel:
            afbeelding = _data_uri(opslag, o.handtekening_sleutel, "image/png", f"De handtekening van {o.naam}")
        regels.append({"naam": o.naam, "getekend_op": datum_tijd(o.getekend_op), "wijze": o.wijze.label,
                       "afbeelding": afbeelding, "verklaring": o.verklaring})
    return regels


def _data_uri(opslag, sleutel: str, mimetype: str, wat: str) -> str:
    """The blob as a ``data:`` URI; a missing or damaged one fails the rapport (it is evidence)."""
    if mimetype not in AFBEELDING_TYPES:
        raise RapportFout(f"{wat} heeft een onbekend bestandstype en kan niet in het rapport.")
    try:
        data = opslag.get(sleutel)
    except (BestandNietGevonden, BestandBeschadigd, OngeldigeSleutel) as exc:
        raise RapportFout(f"{wat} ontbreekt in de opslag of is beschadigd. {exc.message}") from exc
    return f"data:{mimetype};base64,{base64.b64encode(data).decode('ascii')}"


def _waarde(item, waarde: str) -> str:
    waarde = (waarde or "").strip()
    if not waarde:
        return LEEG
    if item.soort == ItemSoort.JA_NEE:
        return JA_NEE.get(waarde.lower(), waarde)
    if item.soort == ItemSoort.DATUM:
        try:
            return date.fromisoformat(waarde).strftime("%d-%m-%Y")
        except ValueError:
            return waarde
    if item.soort == ItemSoort.KEUZE:
        for keuze in item.keuzes or ():
            # A choice is a plain string or a [waarde, label] pair.
            if isinstance(keuze, (list, tuple)) and len(keuze) == 2 and keuze[0] == waarde:
                return str(keuze[1])
    return waarde


def _tijdvak(van: datetime | None, tot: datetime | None) -> str:
    if van is None:
        return ""
    begin = datum_tijd(van)
    if tot is None:
        return begin
    eind = datum_tijd(tot)
    # Same day: "22-11-2026 20:00 – 23:30" instead of the date twice.
    return f"{begin} – {eind[11:] if eind[:10] == begin[:10] else eind}"


def _label(enum_cls, value) -> str:
    try:
        return enum_cls(value).label
    except ValueError:
        return str(value)


# --- PDF ----------------------------------------------------------------------------------

def bouw_pdf(html: str) -> bytes:
    """The HTML as an A4 PDF (WeasyPrint), fonts embedded as subsets."""
    return _render_pdf(html)[0]


def _render_pdf(html: str) -> tuple[bytes, int]:
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    # WeasyPrint turns Pillow's LOAD_TRUNCATED_IMAGES on for the whole process when imported;
    # the upload checks rely on Pillow refusing a truncated photo, so turn it off again.
    ImageFile.LOAD_TRUNCATED_IMAGES = False

    # Everything the document needs is inside it: any other URL (file:, http:) is an
    # error instead of a read from the server's disk or the network.
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    try:
        document = HTML(string=html, url_fetcher=fetcher).render()
        return document.write_pdf(), len(document.pages)
    except FatalURLFetchingError as exc:  # a BaseException in WeasyPrint
        raise RapportFout("Het rapport verwijst naar een bestand buiten het document.") from exc
