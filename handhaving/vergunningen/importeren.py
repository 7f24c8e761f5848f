"""Import of an existing permit register: compare a read CSV with the register, then (only
without errors) write it all or nothing. Flush only; the job (``taken.py``) commits.

Bulk, not per row: the gemeente's permits, voorschriften, beheerders and subjects (one query
each) and its addresses with the file's postcodes are loaded once into dicts; new rows are
inserted in batches (Core executemany), changed voorschriften updated in one bulk UPDATE.
Idempotent: a permit is found by (gemeente, zaaknummer), a voorschrift by (zaaknummer,
voorschrift_nummer), a company by KvK number and a person by name and date of
birth, so importing the same file again changes nothing. New subjects are made in one batch with
the subjects register's own normalisation (``namen``), not one service call each. Audit: one
row per changed permit (``vergunning.gewijzigd``) and the job's summary row, which counts the
new permits and subjects (they carry ``aangemaakt_door_id`` and the import's time).
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session, lazyload

from handhaving.audit import services as audit
from handhaving.db import utcnow
from handhaving.errors import OngeldigeInvoer
from handhaving.locaties.models import Adres
from handhaving.subjecten.models import Subject, SubjectSoort
from handhaving.subjecten.namen import zoeknaam_rechtspersoon, zoeksleutel
from handhaving.tijd import vandaag
from handhaving.vergunningen.acties import VergunningActie
from handhaving.vergunningen.importeren_adres import BagAdressen
from handhaving.vergunningen.importeren_lezen import Fout, Gelezen, Houder, ImportFout, VergunningRij, lees
from handhaving.vergunningen.models import (
    BetrokkeneRol,
    Vergunning,
    VergunningBesluit,
    VergunningBetrokkene,
    Vergunningtype,
    Voorschrift,
)
from handhaving.vergunningen.services import type_voor_soort

__all__ = ["ImportFout", "Rapport", "importeer"]

TELLERS = ("vergunning_nieuw", "vergunning_gewijzigd", "vergunning_ongewijzigd", "voorschrift_nieuw",
           "voorschrift_gewijzigd", "voorschrift_ongewijzigd", "subject_nieuw", "beheerder_toegevoegd",
           "beheerder_verwijderd")
MAX_WIJZIGINGEN = 1000
BLOK = 500  # IN-lists per query (SQLite and PostgreSQL both take this comfortably)
# Permit fields compared and written, as the columns name them.
VELDEN = ("status", "inrichting_naam", "werkruimten", "max_personen", "openingstijden", "aanvraagdatum",
          "besluitdatum", "ingangsdatum", "vervaldatum", "bibob_getoetst_op")
LEEG = {"inrichting_naam": "", "openingstijden": ""}

Voortgang = Callable[[str, int, int], None]


@dataclass
class Rapport:
    """What an import found or did; stored as JSON next to the job and shown on the status page."""
    proef: bool
    bestandsnaam: str = ""
    encoding: str = ""
    scheidingsteken: str = ""
    rijen: int = 0
    vergunningen: int = 0
    aantallen: dict = field(default_factory=lambda: dict.fromkeys(TELLERS, 0))
    fouten: list[dict] = field(default_factory=list)
    wijzigingen: list[dict] = field(default_factory=list)
    uitgevoerd: bool = False
    duur_s: float = 0.0

    @property
    def heeft_fouten(self) -> bool:
        return bool(self.fouten)

    def tel(self, teller: str, n: int = 1) -> None:
        self.aantallen[teller] += n

    def fout(self, f: Fout) -> None:
        self.fouten.append(f.als_dict())

    def wijziging(self, zaaknummer: str, actie: str, velden: Iterable[str] = ()) -> None:
        if len(self.wijzigingen) < MAX_WIJZIGINGEN:
            self.wijzigingen.append({"zaaknummer": zaaknummer, "actie": actie, "velden": list(velden)})

    def als_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def uit_dict(cls, data: dict) -> Rapport:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


def _blokken(values: Iterable, n: int = BLOK):
    values = list(values)
    for i in range(0, len(values), n):
        yield values[i:i + n]


# --- what exists ------------------------------------------------------------------------------

@dataclass
class Register:
    """The part of the gemeente's register that the file touches, loaded once. Voorschriften and
    beheerders as plain rows: compared in memory, changed with bulk statements."""
    typen: dict = field(default_factory=dict)           # soort → Vergunningtype
    vergunningen: dict = field(default_factory=dict)    # zaaknummer → Vergunning
    voorschriften: dict = field(default_factory=dict)   # vergunning id → {nummer: row}
    beheerders: dict = field(default_factory=dict)      # vergunning id → [(betrokkene id, subject id)]
    subjecten: dict = field(default_factory=dict)       # Houder.sleutel → subject id
    personen: set = field(default_factory=set)          # ids of natural persons among them
    adressen: BagAdressen = field(default_factory=BagAdressen)
    aantal_voor: int = 0                                # permits of the gemeente before the import


def laad_register(session: Session, gemeente_id: int, gelezen: Gelezen) -> Register:
    """Whole-gemeente queries (one each, no long IN-lists) for permits, voorschriften, beheerders
    and subjects; addresses by the file's postcodes (a gemeente has far more addresses than permits)."""
    reg = Register()
    reg.typen = {t.soort: t for t in session.execute(
        select(Vergunningtype).where(Vergunningtype.gemeente_id == gemeente_id)).scalars()}
    for v in session.execute(select(Vergunning).where(Vergunning.gemeente_id == gemeente_id)
                             .options(lazyload(Vergunning.houder), lazyload(Vergunning.vergunningtype))).scalars():
        if v.zaaknummer in gelezen.vergunningen:
            reg.vergunningen[v.zaaknummer] = v
        reg.aantal_voor += 1
    ids = {v.id for v in reg.vergunningen.values()}
    vs = Voorschrift.__table__.c
    for r in session.execute(select(vs.id, vs.vergunning_id, vs.nummer, vs.tekst, vs.categorie, vs.bron_artikel,
                                    vs.volgorde).where(vs.gemeente_id == gemeente_id)):
        if r.vergunning_id in ids:
            reg.voorschriften.setdefault(r.vergunning_id, {})[r.nummer] = r
    b = VergunningBetrokkene.__table__.c
    for r in session.execute(select(b.id, b.vergunning_id, b.subject_id).where(
            b.gemeente_id == gemeente_id, b.rol == BetrokkeneRol.BEHEERDER.value)):
        if r.vergunning_id in ids:
            reg.beheerders.setdefault(r.vergunning_id, []).append((r.id, r.subject_id))
    s = Subject.__table__.c
    for r in session.execute(select(s.id, s.soort, s.kvk_nummer, s.zoeknaam, s.geboortedatum)
                             .where(s.gemeente_id == gemeente_id).order_by(s.id)):
        if r.kvk_nummer:
            reg.subjecten[("kvk", r.kvk_nummer)] = r.id
        elif r.soort == SubjectSoort.PERSOON.value:
            reg.subjecten.setdefault(("persoon", r.zoeknaam, r.geboortedatum), r.id)
            reg.personen.add(r.id)
    postcodes = {v.adres[0] for v in gelezen.vergunningen.values() if v.adres}
    for blok in _blokken(postcodes):
        for a in session.execute(select(Adres.id, Adres.postcode, Adres.huisnummer, Adres.huisletter,
                                        Adres.toevoeging, Adres.is_nevenadres)
                                 .where(Adres.gemeente_id == gemeente_id, Adres.postcode.in_(blok))
                                 .order_by(Adres.is_nevenadres, Adres.id)):
            reg.adressen.voeg_toe(a.id, a.postcode, a.huisnummer, a.huisletter, a.toevoeging)
    return reg


# --- the plan: what would change ----------------------------------------------------------------

@dataclass
class Stap:
    """One permit of the file against the register."""
    rij: VergunningRij
    bestaand: Vergunning | None
    waarden: dict                                   # field → new value (only fields the file sets)
    gewijzigd: list[str]
    voorschriften_nieuw: list = field(default_factory=list)
    voorschriften_gewijzigd: list = field(default_factory=list)   # {"id": …, changed fields}
    beheerders_erbij: list[Houder] = field(default_factory=list)
    beheerders_eraf: list[int] = field(default_factory=list)       # VergunningBetrokkene ids

    @property
    def wijzigt(self) -> bool:
        return bool(self.gewijzigd or self.voorschriften_nieuw or self.voorschriften_gewijzigd
                    or self.beheerders_erbij or self.beheerders_eraf)

    @property
    def extra(self) -> list[str]:
        return (["voorschriften"] if self.voorschriften_nieuw or self.voorschriften_gewijzigd else []) \
            + (["beheerders"] if self.beheerders_erbij or self.beheerders_eraf else [])


def _houder_id(reg: Register, h: Houder | None) -> int | None:
    return reg.subjecten.get(h.sleutel) if h else None


def plan(gemeente_id: int, gelezen: Gelezen, reg: Register, rapport: Rapport) -> list[Stap]:
    stappen: list[Stap] = []
    nieuwe_subjecten: set = set()
    adres_kolommen = bool({"postcode", "huisnummer"} & set(gelezen.kolommen))
    for rij in gelezen.vergunningen.values():
        v = reg.vergunningen.get(rij.zaaknummer)
        waarden = {k: rij.velden[k] for k in VELDEN if k in rij.velden}
        for k in VELDEN:
            if v is None and k not in waarden:
                waarden[k] = LEEG.get(k)
        if rij.velden.get("soort") is not None:
            waarden["soort"] = rij.velden["soort"]
        if rij.adres is not None:
            adres_id, kolom, melding = reg.adressen.zoek(rij.adres)
            if adres_id is None:
                rapport.fout(Fout(rij.regel, kolom, melding))
                continue
            waarden["adres_id"] = adres_id
        elif v is None or adres_kolommen:
            waarden["adres_id"] = None
        for h in [rij.houder, *(rij.beheerders or [])]:
            if h is not None and h.sleutel not in reg.subjecten:
                nieuwe_subjecten.add(h.sleutel)
        if rij.houder is None:
            continue  # its error is reported already
        waarden["houder"] = rij.houder
        stap = Stap(rij, v, waarden, [] if v is None else _verschil(v, waarden, reg))
        _voorschriften(stap, reg, rapport)
        _beheerders(stap, reg, rapport)
        stappen.append(stap)
        if v is None:
            rapport.tel("vergunning_nieuw")
            rapport.wijziging(rij.zaaknummer, "nieuw")
        elif stap.wijzigt:
            rapport.tel("vergunning_gewijzigd")
            rapport.wijziging(rij.zaaknummer, "gewijzigd", stap.gewijzigd + stap.extra)
        else:
            rapport.tel("vergunning_ongewijzigd")
    rapport.tel("subject_nieuw", len(nieuwe_subjecten))
    return stappen


def _verschil(v: Vergunning, waarden: dict, reg: Register) -> list[str]:
    gewijzigd = [k for k in VELDEN if k in waarden and getattr(v, k) != waarden[k]]
    t = reg.typen.get(waarden.get("soort"))
    if "soort" in waarden and (t is None or v.vergunningtype_id != t.id):
        gewijzigd.append("soort")
    if "adres_id" in waarden and v.adres_id != waarden["adres_id"]:
        gewijzigd.append("adres")
    if v.houder_id != _houder_id(reg, waarden["houder"]):
        gewijzigd.append("houder")
    return gewijzigd


def _voorschriften(stap: Stap, reg: Register, rapport: Rapport) -> None:
    bestaand = reg.voorschriften.get(stap.bestaand.id, {}) if stap.bestaand else {}
    for vs in stap.rij.voorschriften:
        oud = bestaand.get(vs.nummer)
        if oud is None:
            stap.voorschriften_nieuw.append(vs)
            rapport.tel("voorschrift_nieuw")
            continue
        nieuw = {"tekst": vs.tekst, "categorie": vs.categorie, "bron_artikel": vs.bron_artikel}
        if oud.tekst != vs.tekst or oud.categorie != vs.categorie.value or oud.bron_artikel != vs.bron_artikel:
            stap.voorschriften_gewijzigd.append({"id": oud.id, **nieuw})
            rapport.tel("voorschrift_gewijzigd")
        else:
            rapport.tel("voorschrift_ongewijzigd")


def _beheerders(stap: Stap, reg: Register, rapport: Rapport) -> None:
    if stap.rij.beheerders is None:
        return
    huidig = reg.beheerders.get(stap.bestaand.id, []) if stap.bestaand else []
    gewenst_ids = {_houder_id(reg, h) for h in stap.rij.beheerders} - {None}
    huidig_ids = {subject_id for _, subject_id in huidig}
    stap.beheerders_erbij = [h for h in stap.rij.beheerders if _houder_id(reg, h) not in huidig_ids]
    stap.beheerders_eraf = [b_id for b_id, subject_id in huidig if subject_id not in gewenst_ids]
    rapport.tel("beheerder_toegevoegd", len(stap.beheerders_erbij))
    rapport.tel("beheerder_verwijderd", len(stap.beheerders_eraf))


# --- writing ------------------------------------------------------------------------------------

def _nieuwe_subjecten(session: Session, user_id: int | None, gemeente_id: int, stappen: list[Stap],
                      reg: Register, nu) -> int:
    """Every holder and beheerder not in the register, inserted at once: one subject per KvK number
    and per person (name and date of birth), with the fields ``subjecten.services`` would give them."""
    nieuw: dict[tuple, dict] = {}
    for stap in stappen:
        for h in [stap.waarden["houder"], *stap.beheerders_erbij]:
            if h.sleutel in reg.subjecten or h.sleutel in nieuw:
                continue
            nieuw[h.sleutel] = {
                "gemeente_id": gemeente_id, "soort": SubjectSoort.RECHTSPERSOON if h.kvk else SubjectSoort.PERSOON,
                "naam": h.naam, "kvk_nummer": h.kvk, "voornamen": h.voornamen, "voorvoegsel": h.voorvoegsel,
                "geslachtsnaam": h.geslachtsnaam, "geboortedatum": h.geboortedatum, "bsn": None, "bsn_grondslag": "",
                "handelsnamen": [], "adres_tekst": "", "aangemaakt_door_id": user_id, "aangemaakt_op": nu,
                "zoeknaam": zoeknaam_rechtspersoon(h.naam, []) if h.kvk else h.sleutel[1],
                "zoeksleutel": zoeksleutel(h.naam) if h.kvk else zoeksleutel(h.geslachtsnaam, h.voornamen)}
    if not nieuw:
        return 0
    s = Subject.__table__.c
    # Core executemany (insertmanyvalues where RETURNING is needed): one statement per batch, not per row.
    for blok in _blokken(nieuw.values(), 1000):
        for r in session.execute(insert(Subject.__table__).returning(s.id, s.soort, s.kvk_nummer, s.zoeknaam,
                                                                      s.geboortedatum), blok):
            if r.kvk_nummer:
                reg.subjecten[("kvk", r.kvk_nummer)] = r.id
            else:
                reg.subjecten[("persoon", r.zoeknaam, r.geboortedatum)] = r.id
                reg.personen.add(r.id)
    return len(nieuw)


def _betrokkenen(stap: Stap, gemeente_id: int, reg: Register, sinds, vergunning_id: int) -> list[dict]:
    uit = []
    for h in stap.beheerders_erbij:
        subject_id = reg.subjecten[h.sleutel]
        if subject_id not in reg.personen:
            raise OngeldigeInvoer(f"Zaak {stap.rij.zaaknummer}: een beheerder is een natuurlijk persoon.")
        uit.append({"vergunning_id": vergunning_id, "gemeente_id": gemeente_id, "subject_id": subject_id,
                    "rol": BetrokkeneRol.BEHEERDER, "sinds": sinds, "tot": None})
    return uit


def _voorschrift_rijen(stap: Stap, gemeente_id: int, nu, volgorde: int, vergunning_id: int) -> list[dict]:
    return [{"vergunning_id": vergunning_id, "gemeente_id": gemeente_id, "nummer": vs.nummer, "tekst": vs.tekst,
             "categorie": vs.categorie, "bron_artikel": vs.bron_artikel, "volgorde": volgorde + i,
             "vervallen": False, "aangemaakt_op": nu} for i, vs in enumerate(stap.voorschriften_nieuw, 1)]


def _besluit(vergunning_id: int, gemeente_id: int, van, naar, handeling: str, datum, user_id, toelichting: str,
             nu) -> dict:
    return {"vergunning_id": vergunning_id, "gemeente_id": gemeente_id, "van_status": van, "naar_status": naar,
            "handeling": handeling, "datum": datum, "toelichting": toelichting, "door_id": user_id,
            "vastgelegd_op": nu}


def _voeg_in(session: Session, model, rijen: list[dict]) -> None:
    for blok in _blokken(rijen, 2000):
        session.execute(insert(model.__table__), blok)


def _nieuwe_vergunningen(session: Session, user_id, gemeente_id: int, stappen: list[Stap], reg: Register, nu,
                         voortgang: Voortgang) -> None:
    rijen = []
    for stap in stappen:
        w = stap.waarden
        rijen.append({"gemeente_id": gemeente_id, "zaaknummer": stap.rij.zaaknummer,
                      "vergunningtype_id": reg.typen[w["soort"]].id, "houder_id": reg.subjecten[w["houder"].sleutel],
                      "adres_id": w.get("adres_id"), "toelichting": "", "aangemaakt_door_id": user_id,
                      "aangemaakt_op": nu, "gewijzigd_op": None, **{k: w[k] for k in VELDEN}})
    v = Vergunning.__table__.c
    ids: dict[str, int] = {}
    for i, blok in enumerate(_blokken(rijen, 1000), 1):
        ids.update((r.zaaknummer, r.id) for r in session.execute(
            insert(Vergunning.__table__).returning(v.id, v.zaaknummer), blok))
        voortgang("schrijven", min(i * 1000, len(rijen)), len(stappen))
    besluiten, voorschriften, betrokkenen = [], [], []
    for stap, rij in zip(stappen, rijen, strict=True):
        vid = ids[stap.rij.zaaknummer]
        besluiten.append(_besluit(vid, gemeente_id, None, rij["status"], "Geïmporteerd",
                                  rij["besluitdatum"] or rij["aanvraagdatum"] or vandaag(), user_id,
                                  "Overgenomen uit het bestaande vergunningenregister.", nu))
        voorschriften += _voorschrift_rijen(stap, gemeente_id, nu, 0, vid)
        betrokkenen += _betrokkenen(stap, gemeente_id, reg, rij["ingangsdatum"], vid)
    _voeg_in(session, VergunningBesluit, besluiten)
    _voeg_in(session, Voorschrift, voorschriften)
    _voeg_in(session, VergunningBetrokkene, betrokkenen)


def schrijf(session: Session, user, gemeente_id: int, stappen: list[Stap], reg: Register,
            voortgang: Voortgang) -> None:
    """Write the plan in batches. Raises OngeldigeInvoer on anything refused (the caller's
    SAVEPOINT then takes everything back)."""
    user_id = getattr(user, "id", None)
    totaal, nu = len(stappen), utcnow()
    with session.no_autoflush:
        for soort in {s.waarden["soort"] for s in stappen if "soort" in s.waarden} - set(reg.typen):
            reg.typen[soort] = type_voor_soort(session, gemeente_id, soort)
    _nieuwe_subjecten(session, user_id, gemeente_id, stappen, reg, nu)
    voortgang("schrijven", 0, totaal)
    _nieuwe_vergunningen(session, user_id, gemeente_id, [s for s in stappen if s.bestaand is None], reg, nu,
                         voortgang)
    gewijzigd = [s for s in stappen if s.bestaand is not None and s.wijzigt]
    voorschriften, betrokkenen, besluiten = [], [], []
    for stap in gewijzigd:
        besluit = _wijzig(stap, user_id, reg, nu)
        if besluit:
            besluiten.append(besluit)
        v = stap.bestaand
        volgorde = max((r.volgorde for r in reg.voorschriften.get(v.id, {}).values()), default=0)
        voorschriften += _voorschrift_rijen(stap, gemeente_id, nu, volgorde, v.id)
        betrokkenen += _betrokkenen(stap, gemeente_id, reg, v.ingangsdatum, v.id)
    session.flush()
    _voeg_in(session, VergunningBesluit, besluiten)
    _voeg_in(session, Voorschrift, voorschriften)
    _voeg_in(session, VergunningBetrokkene, betrokkenen)
    vs = [x for stap in gewijzigd for x in stap.voorschriften_gewijzigd]
    if vs:
        session.execute(update(Voorschrift), vs)
    for blok in _blokken([b for stap in gewijzigd for b in stap.beheerders_eraf]):
        session.execute(delete(VergunningBetrokkene).where(VergunningBetrokkene.id.in_(blok)))
    for stap in gewijzigd:
        audit.record(session, VergunningActie.GEWIJZIGD, audit.SUCCES, object_type="vergunning",
                     object_id=stap.bestaand.id, gemeente_id=gemeente_id, actor_id=user_id,
                     actor=getattr(user, "gebruikersnaam", None),
                     details={"velden": sorted(stap.gewijzigd + stap.extra), "bron": "import"})
    # Written with Core: loaded permits would show their old collections.
    for v in [s.bestaand for s in gewijzigd]:
        session.expire(v, ["voorschriften", "betrokkenen", "besluiten"])
    controleer_resultaat(session, gemeente_id, reg, sum(1 for s in stappen if s.bestaand is None))
    voortgang("schrijven", totaal, totaal)


def _wijzig(stap: Stap, user_id, reg: Register, nu) -> dict | None:
    """Set the changed fields of a loaded permit; the besluit row when its status changed."""
    v, w = stap.bestaand, stap.waarden
    van = v.status
    for k in VELDEN:
        if k in w and getattr(v, k) != w[k]:
            setattr(v, k, w[k])
    if "adres_id" in w:
        v.adres_id = w["adres_id"]
    v.houder_id = reg.subjecten[w["houder"].sleutel]
    if "soort" in w:
        v.vergunningtype_id = reg.typen[w["soort"]].id
    v.gewijzigd_op = nu
    if v.status == van:
        return None
    return _besluit(v.id, v.gemeente_id, van, v.status, "Bijgewerkt door import", vandaag(), user_id,
                    "Status overgenomen uit het bestaande vergunningenregister.", nu)


def controleer_resultaat(session: Session, gemeente_id: int, reg: Register, nieuw: int) -> None:
    """After writing, before the commit: the gemeente has exactly the new permits more."""
    na = session.scalar(select(func.count()).select_from(Vergunning).where(Vergunning.gemeente_id == gemeente_id))
    if na != reg.aantal_voor + nieuw:
        raise OngeldigeInvoer(f"Na het schrijven heeft de gemeente {na} vergunningen; verwacht "
                              f"{reg.aantal_voor + nieuw}.")


# --- the one entry point ------------------------------------------------------------------------

def _stil(fase: str, gedaan: int, totaal: int) -> None:
    return None


def importeer(session: Session, gemeente_id: int, raw: bytes, *, proef: bool, user=None,
              bestandsnaam: str = "", voortgang: Voortgang | None = None) -> Rapport:
    """Read, check and compare ``raw``; unless ``proef``, and only without errors, write it.

    All or nothing: row errors stop the import before anything is written, and the writing
    runs in a SAVEPOINT, so a refusal found only while writing (OngeldigeInvoer) takes back
    everything; it is reported as an error of the file. Other (database) errors propagate.

    :raise ImportFout: the file cannot be read at all (encoding, header): nothing is imported.
    """
    voortgang = voortgang or _stil
    begin = time.perf_counter()
    voortgang("lezen", 0, 0)
    gelezen = lees(raw, bestandsnaam)
    rapport = Rapport(proef=proef, bestandsnaam=bestandsnaam[:200], encoding=gelezen.encoding,
                      scheidingsteken=gelezen.scheidingsteken, rijen=gelezen.rijen,
                      vergunningen=len(gelezen.vergunningen))
    for f in gelezen.fouten:
        rapport.fout(f)
    voortgang("vergelijken", 0, len(gelezen.vergunningen))
    reg = laad_register(session, gemeente_id, gelezen)
    stappen = plan(gemeente_id, gelezen, reg, rapport)
    rapport.fouten.sort(key=lambda f: (f["regel"], f["kolom"]))
    if not proef and not rapport.fouten:
        try:
            with session.begin_nested():
                schrijf(session, user, gemeente_id, stappen, reg, voortgang)
            rapport.uitgevoerd = True
        except OngeldigeInvoer as e:
            rapport.fouten.append({"regel": 0, "kolom": "", "melding": f"Tijdens het importeren: {e.message} "
                                                                      "Er is niets geïmporteerd."})
            rapport.aantallen = dict.fromkeys(TELLERS, 0)
            rapport.wijzigingen = []
    rapport.duur_s = round(time.perf_counter() - begin, 2)
    return rapport
