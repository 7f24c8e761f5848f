"""The subjects register: create, find and relate people and companies. Flush only.

Every function takes the gemeenten the caller may see: a subject of another gemeente is never
found (the view answers 404), and a relation never crosses gemeenten.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from handhaving import invoer
from handhaving.audit import services as audit
from handhaving.db import utcnow
from handhaving.errors import OngeldigeInvoer
from handhaving.subjecten.acties import SubjectActie
from handhaving.subjecten.models import Rechtsvorm, RelatieSoort, Subject, SubjectRelatie, SubjectSoort
from handhaving.subjecten.namen import (
    normaliseer_bsn,
    normaliseer_kvk,
    zoeknaam_persoon,
    zoeknaam_rechtspersoon,
    zoeksleutel,
    zoektekst,
)


@dataclass
class PersoonInvoer:
    geslachtsnaam: str
    voornamen: str = ""
    voorvoegsel: str = ""
    geboortedatum: date | None = None
    bsn: str = ""
    bsn_grondslag: str = ""
    adres_id: int | None = None
    adres_tekst: str = ""


@dataclass
class RechtspersoonInvoer:
    naam: str
    kvk_nummer: str = ""
    rechtsvorm: str = ""
    handelsnamen: list[str] = field(default_factory=list)
    adres_id: int | None = None
    adres_tekst: str = ""


def get_subject(session: Session, gemeente_ids: list[int], subject_id: int) -> Subject | None:
    s = session.get(Subject, subject_id)
    return s if s is not None and s.gemeente_id in gemeente_ids else None


def lees_subject(session: Session, gemeente_ids: list[int], subject_id: int) -> Subject | None:
    """A subject opened on its own page: personal data, so the read is audited (domain brief §8)."""
    s = get_subject(session, gemeente_ids, subject_id)
    if s is not None:
        audit.record_security_event(SubjectActie.GELEZEN, audit.SUCCES, object_type="subject", object_id=s.id,
                                    gemeente_id=s.gemeente_id)
    return s


def _tekst(value: str | None, veld: str, maximum: int) -> str:
    value = " ".join((value or "").split())
    if len(value) > maximum:
        raise OngeldigeInvoer(f"{veld}: maximaal {maximum} tekens.")
    return value


def _persoon_velden(gemeente_id: int, p: PersoonInvoer) -> dict:
    problemen = []
    geslachtsnaam = _tekst(p.geslachtsnaam, "Achternaam", 200)
    if not geslachtsnaam:
        problemen.append("Vul de achternaam in (zonder voorvoegsel: ‘Vries’, met ‘de’ als voorvoegsel).")
    bsn = None
    if (p.bsn or "").strip():
        try:
            bsn = normaliseer_bsn(p.bsn)
        except OngeldigeInvoer as e:
            problemen.append(e.message)
        if not (p.bsn_grondslag or "").strip():
            problemen.append("Een BSN legt u alleen vast met de wettelijke grondslag ervoor (bijvoorbeeld Wet Bibob "
                             "art. 30 bij een aanvraag). Vul de grondslag in of laat het BSN leeg.")
    if p.geboortedatum and not date(1900, 1, 1) <= p.geboortedatum <= date.today():
        problemen.append("De geboortedatum ligt in de toekomst of vóór 1900.")
    if problemen:
        raise OngeldigeInvoer(problemen[0], problemen)
    voornamen = _tekst(p.voornamen, "Voornamen", 200)
    voorvoegsel = _tekst(p.voorvoegsel, "Voorvoegsel", 20).lower()
    return {"voornamen": voornamen, "voorvoegsel": voorvoegsel, "geslachtsnaam": geslachtsnaam,
                "geboortedatum": p.geboortedatum, "bsn": bsn, "bsn_grondslag": _tekst(p.bsn_grondslag, "Grondslag", 200)
                if bsn else "", "adres_id": p.adres_id, "adres_tekst": _tekst(p.adres_tekst, "Adres", 300),
                "zoeknaam": zoeknaam_persoon(voornamen, voorvoegsel, geslachtsnaam),
                "zoeksleutel": zoeksleutel(geslachtsnaam, voornamen)}


def _rechtspersoon_velden(session: Session, gemeente_id: int, r: RechtspersoonInvoer,
                          eigen_id: int | None = None) -> dict:
    problemen = []
    naam = _tekst(r.naam, "Naam", 200)
    if not naam:
        problemen.append("Vul de (statutaire) naam in.")
    kvk = None
    if (r.kvk_nummer or "").strip():
        try:
            kvk = normaliseer_kvk(r.kvk_nummer)
        except OngeldigeInvoer as e:
            problemen.append(e.message)
    if r.rechtsvorm and r.rechtsvorm not in {v.value for v in Rechtsvorm}:
        problemen.append("Kies een rechtsvorm uit de lijst.")
    if kvk:
        bestaand = op_kvk(session, gemeente_id, kvk)
        if bestaand is not None and bestaand.id != eigen_id:
            problemen.append(f"KvK-nummer {kvk} staat al in het register: {bestaand.naam}. Kies die in plaats van "
                             "een tweede te maken.")
    if problemen:
        raise OngeldigeInvoer(problemen[0], problemen)
    handelsnamen = [h for h in (_tekst(x, "Handelsnaam", 200) for x in r.handelsnamen) if h and h != naam]
    return {"naam": naam, "kvk_nummer": kvk, "rechtsvorm": Rechtsvorm(r.rechtsvorm) if r.rechtsvorm else None,
                "handelsnamen": list(dict.fromkeys(handelsnamen)), "adres_id": r.adres_id,
                "adres_tekst": _tekst(r.adres_tekst, "Adres", 300), "zoeknaam": zoeknaam_rechtspersoon(naam, handelsnamen),
                "zoeksleutel": zoeksleutel(naam, *handelsnamen)}


def op_kvk(session: Session, gemeente_id: int, kvk: str) -> Subject | None:
    return session.execute(select(Subject).where(Subject.gemeente_id == gemeente_id,
                                                 Subject.kvk_nummer == kvk)).scalar_one_or_none()


def _nieuw(session: Session, user, gemeente_id: int, soort: SubjectSoort, velden: dict) -> Subject:
    s = Subject(gemeente_id=gemeente_id, soort=soort, aangemaakt_door_id=getattr(user, "id", None), **velden)
    session.add(s)
    session.flush()
    audit.record(session, SubjectActie.AANGEMAAKT, audit.SUCCES, object_type="subject", object_id=s.id,
                 gemeente_id=gemeente_id, details={"soort": soort.value})
    return s


def maak_persoon(session: Session, user, gemeente_id: int, invoer: PersoonInvoer) -> Subject:
    return _nieuw(session, user, gemeente_id, SubjectSoort.PERSOON, _persoon_velden(gemeente_id, invoer))


def maak_rechtspersoon(session: Session, user, gemeente_id: int, invoer: RechtspersoonInvoer) -> Subject:
    """:raise OngeldigeInvoer: bad KvK number, or one already in the register (one company, one subject)."""
    return _nieuw(session, user, gemeente_id, SubjectSoort.RECHTSPERSOON,
                  _rechtspersoon_velden(session, gemeente_id, invoer))


def rechtspersoon_voor_kvk(session: Session, user, gemeente_id: int, invoer: RechtspersoonInvoer) -> tuple[Subject, bool]:
    """The company with this KvK number, made if new: (subject, created). Imports and permit
    forms use this so a company with three permits stays one subject."""
    kvk = normaliseer_kvk(invoer.kvk_nummer)
    bestaand = op_kvk(session, gemeente_id, kvk)
    if bestaand is not None:
        return bestaand, False
    return maak_rechtspersoon(session, user, gemeente_id, invoer), True


def persoon_zoeken_of_maken(session: Session, user, gemeente_id: int, invoer: PersoonInvoer) -> tuple[Subject, bool]:
    """The person with this name and date of birth, made if new (a name without date of birth is
    only matched to a record that also has none)."""
    velden = _persoon_velden(gemeente_id, invoer)
    bestaand = session.execute(select(Subject).where(
        Subject.gemeente_id == gemeente_id, Subject.soort == SubjectSoort.PERSOON,
        Subject.zoeknaam == velden["zoeknaam"],
        Subject.geboortedatum.is_(None) if velden["geboortedatum"] is None
        else Subject.geboortedatum == velden["geboortedatum"])).scalars().first()
    if bestaand is not None:
        return bestaand, False
    return _nieuw(session, user, gemeente_id, SubjectSoort.PERSOON, velden), True


def wijzig(session: Session, user, subject: Subject, invoer: PersoonInvoer | RechtspersoonInvoer) -> Subject:
    if subject.is_persoon != isinstance(invoer, PersoonInvoer):
        raise OngeldigeInvoer("Een persoon blijft een persoon en een rechtspersoon een rechtspersoon.")
    velden = (_persoon_velden(subject.gemeente_id, invoer) if subject.is_persoon
              else _rechtspersoon_velden(session, subject.gemeente_id, invoer, subject.id))
    gewijzigd = sorted(k for k, v in velden.items()
                       if getattr(subject, k) != v and k not in ("zoeknaam", "zoeksleutel"))
    for k, v in velden.items():
        setattr(subject, k, v)
    if gewijzigd:
        subject.gewijzigd_op = utcnow()
        session.flush()
        audit.record(session, SubjectActie.GEWIJZIGD, audit.SUCCES, object_type="subject", object_id=subject.id,
                     gemeente_id=subject.gemeente_id, details={"velden": gewijzigd})
    return subject


def voeg_relatie_toe(session: Session, user, rechtspersoon: Subject, betrokkene: Subject, soort: str,
                     sinds: date | None = None, tot: date | None = None, toelichting: str = "") -> SubjectRelatie:
    problemen = []
    if rechtspersoon.is_persoon:
        problemen.append("Bestuurders, aandeelhouders en financiers legt u vast bij een rechtspersoon.")
    if betrokkene.gemeente_id != rechtspersoon.gemeente_id:
        problemen.append("Deze persoon of onderneming hoort bij een andere gemeente.")
    if betrokkene.id == rechtspersoon.id:
        problemen.append("Een onderneming kan niet bij zichzelf betrokken zijn.")
    if soort not in {s.value for s in RelatieSoort}:
        problemen.append("Kies de soort betrokkenheid.")
    if sinds and tot and tot < sinds:
        problemen.append("De einddatum ligt vóór de begindatum.")
    problemen += [m for d, label in ((sinds, "De begindatum"), (tot, "De einddatum"))
                  if d is not None and (m := invoer.LEVEN.fout(d, label))]
    if not problemen and any(r.betrokkene_id == betrokkene.id and r.soort.value == soort for r in rechtspersoon.relaties):
        problemen.append(f"{betrokkene.weergavenaam} staat al als {RelatieSoort(soort).label.lower()} vermeld.")
    if problemen:
        raise OngeldigeInvoer(problemen[0], problemen)
    r = SubjectRelatie(gemeente_id=rechtspersoon.gemeente_id, rechtspersoon=rechtspersoon, betrokkene=betrokkene,
                       soort=RelatieSoort(soort), sinds=sinds, tot=tot,
                       toelichting=_tekst(toelichting, "Toelichting", 300))
    session.add(r)
    session.flush()
    audit.record(session, SubjectActie.RELATIE_TOEGEVOEGD, audit.SUCCES, object_type="subject",
                 object_id=rechtspersoon.id, gemeente_id=rechtspersoon.gemeente_id,
                 details={"betrokkene_id": betrokkene.id, "soort": soort})
    return r


def verwijder_relatie(session: Session, user, relatie: SubjectRelatie) -> None:
    audit.record(session, SubjectActie.RELATIE_VERWIJDERD, audit.SUCCES, object_type="subject",
                 object_id=relatie.rechtspersoon_id, gemeente_id=relatie.gemeente_id,
                 details={"betrokkene_id": relatie.betrokkene_id, "soort": relatie.soort.value})
    session.delete(relatie)
    session.flush()


def betrokken_bij(session: Session, subject: Subject) -> list[SubjectRelatie]:
    """The companies this subject directs, owns, finances or controls."""
    return list(session.execute(select(SubjectRelatie).where(SubjectRelatie.betrokkene_id == subject.id)
                                .order_by(SubjectRelatie.id)).scalars())


def zoek(session: Session, gemeente_ids: list[int], q: str, *, soort: str | None = None,
         limit: int = 20) -> list[Subject]:
    """Search as you type on name, trade name or KvK number. (The fuzzy history search over
    spelling variants and initials is the Bibob module's.)"""
    q = (q or "").strip()
    stmt = select(Subject).where(Subject.gemeente_id.in_(gemeente_ids))
    if soort:
        stmt = stmt.where(Subject.soort == SubjectSoort(soort))
    cijfers = q.replace(" ", "").replace(".", "")
    woorden = zoektekst(q).split()
    if cijfers.isdigit() and len(cijfers) in (7, 8):
        stmt = stmt.where(Subject.kvk_nummer == cijfers.zfill(8))
    elif woorden:
        stmt = stmt.where(*[or_(Subject.zoeknaam.like(f"{w}%"), Subject.zoeknaam.like(f"% {w}%"))
                            for w in woorden[:5]])
    return list(session.execute(stmt.order_by(Subject.zoeknaam).limit(limit)).scalars())
