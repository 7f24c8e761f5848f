"""Control types, their checklist versions, and the toezichthouders' aanwijzingen.

A published checklist version never changes: a controle keeps pointing at the
version it was carried out with. A beheerder edits a *concept* (a copy of the
published version), and publishing it makes it the next version; the previous
one becomes ``vervangen`` and stays as it was.

Services take the session, the acting user and loaded objects; they check the
user's role in the object's gemeente (defence in depth behind the policy), raise
domain errors in Dutch, audit the change and only flush.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from handhaving.audit.services import SUCCES, record
from handhaving.auth.models import Gebruiker, Gemeente, Rol, Roltoewijzing
from handhaving.controles import standaard
from handhaving.controles.acties import ControleActie
from handhaving.controles.models import (
    Aanwijzing,
    ChecklistItem,
    ChecklistSectie,
    ChecklistSjabloon,
    Controletype,
    ItemSoort,
    SjabloonStatus,
)
from handhaving.db import utcnow
from handhaving.errors import Geweigerd, OngeldigeInvoer, OngeldigeOvergang

MAX_TITEL, MAX_TEKST, MAX_NORM, MAX_HULPTEKST, MAX_TOELICHTING = 200, 300, 200, 1000, 1000
MAX_KEUZE, MAX_KEUZES = 100, 30
MAX_BESLUIT, MAX_LEGITIMATIE = 200, 40


class OngeldigeVelden(OngeldigeInvoer):
    """OngeldigeInvoer with the message per form field (``velden``), so a page can show each
    message at its field; ``problemen`` stays the list of Dutch messages for API answers."""

    def __init__(self, velden: dict[str, str], message: str = "Controleer de gemarkeerde velden."):
        super().__init__(message, list(velden.values()))
        self.velden = dict(velden)


# --- permission and state checks ------------------------------------------------------------------

def _mag_beheren(user, gemeente_id: int) -> None:
    if user is None or Rol.BEHEERDER not in user.rollen_per_gemeente().get(gemeente_id, set()):
        raise Geweigerd("Alleen een functioneel beheerder van deze gemeente kan controletypen en "
                        "controlelijsten beheren.")


def _concept_vereist(sjabloon: ChecklistSjabloon) -> None:
    if sjabloon.status != SjabloonStatus.CONCEPT:
        raise OngeldigeOvergang(
            f"Versie {sjabloon.versie} is {sjabloon.status.label.lower()} en verandert niet meer: controles die "
            "ermee zijn of worden uitgevoerd verwijzen ernaar. Maak een concept om de volgende versie voor te "
            "bereiden.")


def _lock_type(session: Session, controletype_id: int) -> None:
    """Serialise version changes of one type (PostgreSQL; SQLite writers are serial already)."""
    session.execute(select(Controletype.id).where(Controletype.id == controletype_id).with_for_update())


def _audit(session: Session, actie: ControleActie, sjabloon: ChecklistSjabloon, handeling: str, **details) -> None:
    record(session, actie, SUCCES, object_type="checklist_sjabloon", object_id=sjabloon.id,
           gemeente_id=sjabloon.gemeente_id,
           details={"handeling": handeling, "controletype_id": sjabloon.controletype_id,
                    "versie": sjabloon.versie, **details})


# --- reading --------------------------------------------------------------------------------------

def typen(session: Session, gemeente_ids: list[int]) -> list[Controletype]:
    """The control types of these gemeenten, in the gemeente's order."""
    return session.execute(
        select(Controletype).where(Controletype.gemeente_id.in_(gemeente_ids))
        .order_by(Controletype.gemeente_id, Controletype.volgorde, Controletype.naam)
    ).scalars().all()


def actieve_typen(session: Session, gemeente_id: int) -> list[Controletype]:
    """Active types of one gemeente that have a published checklist (what planning may offer)."""
    return session.execute(
        select(Controletype).where(
            Controletype.gemeente_id == gemeente_id, Controletype.actief.is_(True),
            Controletype.id.in_(select(ChecklistSjabloon.controletype_id)
                                .where(ChecklistSjabloon.status == SjabloonStatus.GEPUBLICEERD)))
        .order_by(Controletype.volgorde, Controletype.naam)
    ).scalars().all()


def get_type(session: Session, gemeente_ids: list[int], controletype_id: int) -> Controletype | None:
    """A type of the user's gemeenten, or None (another gemeente's does not exist: 404)."""
    return session.execute(
        select(Controletype).where(Controletype.id == controletype_id, Controletype.gemeente_id.in_(gemeente_ids))
    ).scalar_one_or_none()


def get_sjabloon(session: Session, gemeente_ids: list[int], sjabloon_id: int) -> ChecklistSjabloon | None:
    return session.execute(
        select(ChecklistSjabloon).where(ChecklistSjabloon.id == sjabloon_id,
                                        ChecklistSjabloon.gemeente_id.in_(gemeente_ids))
    ).scalar_one_or_none()


def get_item(session: Session, gemeente_ids: list[int], item_id: int) -> ChecklistItem | None:
    return session.execute(
        select(ChecklistItem).join(ChecklistSectie).join(ChecklistSjabloon)
        .where(ChecklistItem.id == item_id, ChecklistSjabloon.gemeente_id.in_(gemeente_ids))
    ).scalar_one_or_none()


def _met_status(session: Session, controletype_id: int, status: SjabloonStatus) -> ChecklistSjabloon | None:
    return session.execute(
        select(ChecklistSjabloon).where(ChecklistSjabloon.controletype_id == controletype_id,
                                        ChecklistSjabloon.status == status)
        .order_by(ChecklistSjabloon.versie.desc()).limit(1)
    ).scalar_one_or_none()


def gepubliceerd(session: Session, controletype: Controletype) -> ChecklistSjabloon | None:
    """The version in use: new controles get this one."""
    return _met_status(session, controletype.id, SjabloonStatus.GEPUBLICEERD)


def concept(session: Session, controletype: Controletype) -> ChecklistSjabloon | None:
    return _met_status(session, controletype.id, SjabloonStatus.CONCEPT)


def get_gepubliceerd_sjabloon_voor(session: Session, controletype_id: int) -> ChecklistSjabloon | None:
    """For planning: the version a new controle of this type is carried out with."""
    return _met_status(session, controletype_id, SjabloonStatus.GEPUBLICEERD)


def versies(session: Session, controletype: Controletype) -> list[ChecklistSjabloon]:
    return session.execute(
        select(ChecklistSjabloon).where(ChecklistSjabloon.controletype_id == controletype.id)
        .order_by(ChecklistSjabloon.versie.desc())
    ).scalars().all()


def aantal_items(sjabloon: ChecklistSjabloon | None) -> int:
    """Items that count in this version (retired ones in a concept do not)."""
    if sjabloon is None:
        return 0
    return sum(1 for s in sjabloon.secties for i in s.items if not i.vervallen)


@dataclass
class TypeOverzicht:
    controletype: Controletype
    gepubliceerd: ChecklistSjabloon | None
    concept: ChecklistSjabloon | None
    aantal_items: int


def overzicht(session: Session, gemeente_id: int) -> list[TypeOverzicht]:
    """Per type of the gemeente: its published version, its concept and the number of items."""
    rijen = []
    lijst = typen(session, [gemeente_id])
    sjablonen = session.execute(
        select(ChecklistSjabloon).where(ChecklistSjabloon.gemeente_id == gemeente_id,
                                        ChecklistSjabloon.status.in_([SjabloonStatus.GEPUBLICEERD,
                                                                      SjabloonStatus.CONCEPT]))
        .options(selectinload(ChecklistSjabloon.secties).selectinload(ChecklistSectie.items))
    ).scalars().all()
    per_type: dict[tuple[int, SjabloonStatus], ChecklistSjabloon] = {}
    for s in sjablonen:
        vorige = per_type.get((s.controletype_id, s.status))
        if vorige is None or s.versie > vorige.versie:
            per_type[(s.controletype_id, s.status)] = s
    for t in lijst:
        pub = per_type.get((t.id, SjabloonStatus.GEPUBLICEERD))
        rijen.append(TypeOverzicht(t, pub, per_type.get((t.id, SjabloonStatus.CONCEPT)), aantal_items(pub)))
    return rijen


def ontbrekende_standaardtypen(session: Session, gemeente_id: int) -> list[standaard.StandaardType]:
    bestaand = set(session.execute(
        select(Controletype.code).where(Controletype.gemeente_id == gemeente_id)).scalars())
    return [t for t in standaard.STANDAARD_TYPEN if t.code not in bestaand]


# --- the defaults ---------------------------------------------------------------------------------

def _sectie_uit(st: standaard.StandaardSectie, volgorde: int) -> ChecklistSectie:
    return ChecklistSectie(
        code=standaard.sectiecode(volgorde), titel=st.titel, toelichting=st.toelichting, volgorde=volgorde,
        signalen=st.signalen,
        items=[ChecklistItem(code=i.code, soort=i.soort, tekst=i.tekst, hulptekst=i.hulptekst,
                             verplicht=i.verplicht, keuzes=list(i.keuzes), norm=i.norm, volgorde=n,
                             vervallen=False)
               for n, i in enumerate(st.items, 1)])


def installeer_standaard(session: Session, gemeente_id: int, user=None) -> int:
    """Add every default type the gemeente does not have yet, each with a published version 1.
    Idempotent (by type code); returns how many types were added. ``user`` is None from the CLI."""
    if user is not None:
        _mag_beheren(user, gemeente_id)
    # One installer per gemeente at a time (PostgreSQL); SQLite writers are serial already.
    session.execute(select(Gemeente.id).where(Gemeente.id == gemeente_id).with_for_update())
    ontbrekend = ontbrekende_standaardtypen(session, gemeente_id)
    if not ontbrekend:
        return 0
    start = session.execute(select(func.max(Controletype.volgorde))
                            .where(Controletype.gemeente_id == gemeente_id)).scalar() or 0
    nu = utcnow()
    for n, st in enumerate(ontbrekend, 1):
        volgorde = start + 10 * n
        ct = Controletype(gemeente_id=gemeente_id, code=st.code, naam=st.naam, soort=st.soort,
                          omschrijving=st.omschrijving, partners=[p.value for p in st.partners],
                          rechtsgronden=list(st.rechtsgronden), woning_mogelijk=st.woning_mogelijk, actief=True,
                          volgorde=volgorde)
        session.add(ct)
        session.flush()
        session.add(ChecklistSjabloon(
            controletype_id=ct.id, gemeente_id=gemeente_id, versie=1, status=SjabloonStatus.GEPUBLICEERD,
            gepubliceerd_op=nu, gepubliceerd_door_id=user.id if user is not None else None,
            secties=[_sectie_uit(s, v) for v, s in enumerate(st.secties, 1)]))
    session.flush()
    actor = {} if user is None else {"actor_id": user.id, "actor": user.gebruikersnaam}
    record(session, ControleActie.TYPEN_GELADEN, SUCCES, object_type="gemeente", object_id=gemeente_id,
           gemeente_id=gemeente_id, details={"typen": [t.code for t in ontbrekend]}, **actor)
    return len(ontbrekend)


# --- concept, edit, publish -----------------------------------------------------------------------

def maak_concept(session: Session, user, controletype: Controletype) -> ChecklistSjabloon:
    """The type's concept: the existing one, or a new copy of the published version (retired
    items left out) numbered one above the highest version."""
    _mag_beheren(user, controletype.gemeente_id)
    _lock_type(session, controletype.id)
    bestaand = concept(session, controletype)
    if bestaand is not None:
        return bestaand
    bron = gepubliceerd(session, controletype)
    hoogste = session.execute(select(func.max(ChecklistSjabloon.versie))
                              .where(ChecklistSjabloon.controletype_id == controletype.id)).scalar() or 0
    nieuw = ChecklistSjabloon(controletype_id=controletype.id, gemeente_id=controletype.gemeente_id,
                              versie=hoogste + 1, status=SjabloonStatus.CONCEPT)
    if bron is not None:
        for sectie in bron.secties:
            items = [i for i in sectie.items if not i.vervallen]
            nieuw.secties.append(ChecklistSectie(
                code=sectie.code, titel=sectie.titel, toelichting=sectie.toelichting, volgorde=sectie.volgorde,
                signalen=sectie.signalen,
                items=[ChecklistItem(code=i.code, soort=i.soort, tekst=i.tekst, hulptekst=i.hulptekst,
                                     verplicht=i.verplicht, keuzes=list(i.keuzes or []), norm=i.norm,
                                     volgorde=n, vervallen=False)
                       for n, i in enumerate(items, 1)]))
    session.add(nieuw)
    session.flush()
    _audit(session, ControleActie.SJABLOON_GEWIJZIGD, nieuw, "concept_gemaakt",
           van_versie=bron.versie if bron is not None else None)
    return nieuw


def _schoon(waarde, veld: str, label: str, maximum: int, velden: dict, verplicht: bool = False) -> str:
    tekst = " ".join((waarde or "").split()) if veld not in ("hulptekst", "toelichting") else (waarde or "").strip()
    if verplicht and not tekst:
        velden[veld] = f"Vul {label} in."
    elif len(tekst) > maximum:
        velden[veld] = f"{label[0].upper() + label[1:]} heeft hoogstens {maximum} tekens."
    return tekst


def voeg_sectie_toe(session: Session, user, sjabloon: ChecklistSjabloon, titel: str, toelichting: str = "",
                    signalen: bool = False) -> ChecklistSectie:
    _mag_beheren(user, sjabloon.gemeente_id)
    _concept_vereist(sjabloon)
    velden: dict[str, str] = {}
    titel = _schoon(titel, "titel", "een titel", MAX_TITEL, velden, verplicht=True)
    toelichting = _schoon(toelichting, "toelichting", "de toelichting", MAX_TOELICHTING, velden)
    if titel and any(s.titel.casefold() == titel.casefold() for s in sjabloon.secties):
        velden["titel"] = f"Er is al een sectie ‘{titel}’ in deze versie."
    if velden:
        raise OngeldigeVelden(velden)
    volgorde = max((s.volgorde for s in sjabloon.secties), default=0) + 1
    codes = {s.code for s in sjabloon.secties}
    n = volgorde
    while standaard.sectiecode(n) in codes:
        n += 1
    sectie = ChecklistSectie(code=standaard.sectiecode(n), titel=titel, toelichting=toelichting, volgorde=volgorde,
                             signalen=bool(signalen), items=[])
    sjabloon.secties.append(sectie)
    session.flush()
    _audit(session, ControleActie.SJABLOON_GEWIJZIGD, sjabloon, "sectie_toegevoegd", sectie=sectie.code)
    return sectie


def _keuzes(soort: ItemSoort, keuzes, velden: dict) -> list[str]:
    if isinstance(keuzes, str):
        keuzes = keuzes.splitlines()
    lijst = [" ".join(k.split()) for k in (keuzes or [])]
    lijst = [k for k in lijst if k]
    if soort != ItemSoort.KEUZE:
        return []
    if len(lijst) < 2:
        velden["keuzes"] = "Geef bij ‘Keuze uit een lijst’ ten minste twee keuzes, één per regel."
    elif len(lijst) > MAX_KEUZES:
        velden["keuzes"] = f"Geef hoogstens {MAX_KEUZES} keuzes."
    elif any(len(k) > MAX_KEUZE for k in lijst):
        velden["keuzes"] = f"Een keuze heeft hoogstens {MAX_KEUZE} tekens."
    elif len({k.casefold() for k in lijst}) != len(lijst):
        velden["keuzes"] = "Elke keuze mag maar één keer voorkomen."
    return lijst


def _soort(soort, velden: dict) -> ItemSoort | None:
    try:
        return ItemSoort(soort)
    except ValueError:
        velden["soort"] = "Kies het soort antwoord."
        return None


def _item_velden(soort, tekst, hulptekst, keuzes, norm) -> tuple[ItemSoort | None, dict, dict]:
    velden: dict[str, str] = {}
    s = _soort(soort, velden)
    waarden = {
        "tekst": _schoon(tekst, "tekst", "de vraag", MAX_TEKST, velden, verplicht=True),
        "hulptekst": _schoon(hulptekst, "hulptekst", "de hulptekst", MAX_HULPTEKST, velden),
        "norm": _schoon(norm, "norm", "de norm", MAX_NORM, velden),
        "keuzes": _keuzes(s, keuzes, velden) if s is not None else [],
    }
    return s, waarden, velden


def _codes_van_type(session: Session, controletype_id: int) -> set[str]:
    """Every item code ever used by this type: a new item never takes an old item's code."""
    return set(session.execute(
        select(ChecklistItem.code).join(ChecklistSectie).join(ChecklistSjabloon)
        .where(ChecklistSjabloon.controletype_id == controletype_id)).scalars())


def _nieuwe_code(tekst: str, bezet: set[str]) -> str:
    plat = unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode().lower()
    woorden = re.findall(r"[a-z0-9]+", plat)
    basis = "_".join(woorden)[:50].strip("_") or "item"
    if not basis[0].isalpha():
        basis = "item_" + basis
    code, n = basis, 2
    while code in bezet:
        code = f"{basis}_{n}"
        n += 1
    return code


def voeg_item_toe(session: Session, user, sectie: ChecklistSectie, soort, tekst: str, hulptekst: str = "",
                  verplicht: bool = False, keuzes=(), norm: str = "") -> ChecklistItem:
    """A new item at the end of the section, with a code no version of the type used before."""
    sjabloon = sectie.sjabloon
    _mag_beheren(user, sjabloon.gemeente_id)
    _concept_vereist(sjabloon)
    s, waarden, velden = _item_velden(soort, tekst, hulptekst, keuzes, norm)
    if velden:
        raise OngeldigeVelden(velden)
    code = _nieuwe_code(waarden["tekst"], _codes_van_type(session, sjabloon.controletype_id))
    item = ChecklistItem(code=code, soort=s, verplicht=bool(verplicht),
                         volgorde=max((i.volgorde for i in sectie.items), default=0) + 1, vervallen=False, **waarden)
    sectie.items.append(item)
    session.flush()
    _audit(session, ControleActie.SJABLOON_GEWIJZIGD, sjabloon, "item_toegevoegd", item=code, sectie=sectie.code)
    return item


def _in_eerdere_versie(session: Session, item: ChecklistItem) -> bool:
    sjabloon = item.sectie.sjabloon
    return session.execute(
        select(ChecklistItem.id).join(ChecklistSectie).join(ChecklistSjabloon)
        .where(ChecklistSjabloon.controletype_id == sjabloon.controletype_id,
               ChecklistSjabloon.id != sjabloon.id, ChecklistItem.code == item.code).limit(1)
    ).first() is not None


def wijzig_item(session: Session, user, item: ChecklistItem, soort, tekst: str, hulptekst: str = "",
                verplicht: bool = False, keuzes=(), norm: str = "") -> ChecklistItem:
    sjabloon = item.sectie.sjabloon
    _mag_beheren(user, sjabloon.gemeente_id)
    _concept_vereist(sjabloon)
    s, waarden, velden = _item_velden(soort, tekst, hulptekst, keuzes, norm)
    if s is not None and s != item.soort and _in_eerdere_versie(session, item):
        # Answers of different versions are compared by code: a code keeps its kind of answer.
        velden["soort"] = ("Het soort antwoord van een bestaand item verandert niet, want antwoorden van eerdere "
                           "versies worden per item vergeleken. Laat dit item vervallen en voeg een nieuw item toe.")
    if velden:
        raise OngeldigeVelden(velden)
    gewijzigd = sorted(k for k, v in {**waarden, "soort": s, "verplicht": bool(verplicht)}.items()
                       if getattr(item, k) != v)
    if not gewijzigd:
        return item
    item.soort = s
    item.verplicht = bool(verplicht)
    for k, v in waarden.items():
        setattr(item, k, v)
    session.flush()
    _audit(session, ControleActie.SJABLOON_GEWIJZIGD, sjabloon, "item_gewijzigd", item=item.code, velden=gewijzigd)
    return item


def verplaats_item(session: Session, user, item: ChecklistItem, richting: str) -> bool:
    """One place up ("op") or down ("neer") within its section; False when it is already at that end."""
    sectie = item.sectie
    _mag_beheren(user, sectie.sjabloon.gemeente_id)
    _concept_vereist(sectie.sjabloon)
    if richting not in ("op", "neer"):
        raise OngeldigeInvoer("Kies omhoog of omlaag.")
    items = sorted(sectie.items, key=lambda i: (i.volgorde, i.id))
    plek = items.index(item)
    doel = plek - 1 if richting == "op" else plek + 1
    if doel < 0 or doel >= len(items):
        return False
    items[plek], items[doel] = items[doel], items[plek]
    for n, i in enumerate(items, 1):
        i.volgorde = n
    session.flush()
    _audit(session, ControleActie.SJABLOON_GEWIJZIGD, sectie.sjabloon, "item_verplaatst", item=item.code,
           richting=richting)
    return True


def laat_vervallen(session: Session, user, item: ChecklistItem, vervallen: bool = True) -> ChecklistItem:
    """Retire an item in the concept (it is left out of the published version), or take it back."""
    sjabloon = item.sectie.sjabloon
    _mag_beheren(user, sjabloon.gemeente_id)
    _concept_vereist(sjabloon)
    if item.vervallen != bool(vervallen):
        item.vervallen = bool(vervallen)
        session.flush()
        _audit(session, ControleActie.SJABLOON_GEWIJZIGD, sjabloon,
               "item_vervallen" if vervallen else "item_teruggezet", item=item.code)
    return item


def publiceer(session: Session, user, sjabloon: ChecklistSjabloon) -> ChecklistSjabloon:
    """The concept becomes the version in use; the previous one is kept unchanged as ``vervangen``.
    Retired items and sections left empty are removed from the concept first (they were copies,
    never answered: the originals stay in the earlier version)."""
    _mag_beheren(user, sjabloon.gemeente_id)
    _lock_type(session, sjabloon.controletype_id)
    _concept_vereist(sjabloon)
    if aantal_items(sjabloon) == 0:
        raise OngeldigeInvoer("Een lege controlelijst kan niet worden gepubliceerd. Voeg eerst ten minste één "
                              "vraag toe, of zet een vervallen vraag terug.")
    for sectie in list(sjabloon.secties):
        for item in [i for i in sectie.items if i.vervallen]:
            sectie.items.remove(item)
        if not sectie.items:
            sjabloon.secties.remove(sectie)
            continue
        for n, item in enumerate(sorted(sectie.items, key=lambda i: (i.volgorde, i.id)), 1):
            item.volgorde = n
    for n, sectie in enumerate(sorted(sjabloon.secties, key=lambda s: (s.volgorde, s.id)), 1):
        sectie.volgorde = n
    vorige = _met_status(session, sjabloon.controletype_id, SjabloonStatus.GEPUBLICEERD)
    if vorige is not None:
        vorige.status = SjabloonStatus.VERVANGEN
        session.flush()  # one published version at any moment
    sjabloon.status = SjabloonStatus.GEPUBLICEERD
    sjabloon.gepubliceerd_op = utcnow()
    sjabloon.gepubliceerd_door_id = user.id
    session.flush()
    _audit(session, ControleActie.SJABLOON_GEPUBLICEERD, sjabloon, "gepubliceerd",
           vorige_versie=vorige.versie if vorige is not None else None, items=aantal_items(sjabloon))
    return sjabloon


# --- aanwijzingen (Awb 5:11, 5:12) ----------------------------------------------------------------

@dataclass
class Toezichthouder:
    gebruiker: Gebruiker
    aanwijzing: Aanwijzing | None

    @property
    def verlopen(self) -> bool:
        a = self.aanwijzing
        return a is not None and a.geldig_tot is not None and a.geldig_tot.date() < date.today()


def aanwijzingen(session: Session, gemeente_id: int) -> dict[int, Aanwijzing]:
    return {a.gebruiker_id: a for a in session.execute(
        select(Aanwijzing).where(Aanwijzing.gemeente_id == gemeente_id)).scalars()}


def _toezichthouder_ids(session: Session, gemeente_id: int):
    return (select(Roltoewijzing.gebruiker_id)
            .where(Roltoewijzing.gemeente_id == gemeente_id, Roltoewijzing.rol == Rol.TOEZICHTHOUDER))


def toezichthouders(session: Session, gemeente_id: int) -> list[Toezichthouder]:
    """Active users with the toezichthouder role in the gemeente, each with its aanwijzing (or None)."""
    gebruikers = session.execute(
        select(Gebruiker).where(Gebruiker.actief.is_(True), Gebruiker.id.in_(_toezichthouder_ids(session, gemeente_id)))
        .order_by(Gebruiker.naam, Gebruiker.id)
    ).scalars().all()
    per = aanwijzingen(session, gemeente_id)
    return [Toezichthouder(g, per.get(g.id)) for g in gebruikers]


def get_toezichthouder(session: Session, gemeente_id: int, gebruiker_id: int) -> Gebruiker | None:
    return session.execute(
        select(Gebruiker).where(Gebruiker.id == gebruiker_id, Gebruiker.actief.is_(True),
                                Gebruiker.id.in_(_toezichthouder_ids(session, gemeente_id)))
    ).scalar_one_or_none()


def _als_datum(waarde, velden: dict) -> datetime | None:
    if waarde in (None, ""):
        return None
    if isinstance(waarde, str):
        tekst = waarde.strip()
        try:
            # A date input sends 2027-12-31; typed by hand (no date picker) it is 31-12-2027.
            waarde = (date.fromisoformat(tekst) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", tekst)
                      else datetime.strptime(tekst, "%d-%m-%Y").date())
        except ValueError:
            velden["geldig_tot"] = "Vul een geldige datum in, bijvoorbeeld 31-12-2027."
            return None
    if isinstance(waarde, datetime):
        waarde = waarde.date()
    if waarde < date.today():
        velden["geldig_tot"] = "Deze datum ligt in het verleden: een verlopen legitimatiebewijs is niet geldig."
        return None
    return datetime(waarde.year, waarde.month, waarde.day)


def zet_aanwijzing(session: Session, user, gemeente_id: int, gebruiker_id: int, besluit: str,
                   legitimatienummer: str, geldig_tot) -> Aanwijzing | None:
    """Record or change a toezichthouder's aanwijzingsbesluit and legitimatiebewijs in this gemeente.
    None when ``gebruiker_id`` is not an active toezichthouder of the gemeente (the page answers 404)."""
    _mag_beheren(user, gemeente_id)
    if get_toezichthouder(session, gemeente_id, gebruiker_id) is None:
        return None
    velden: dict[str, str] = {}
    besluit = _schoon(besluit, "besluit", "het kenmerk van het aanwijzingsbesluit", MAX_BESLUIT, velden,
                      verplicht=True)
    legitimatienummer = _schoon(legitimatienummer, "legitimatienummer", "het nummer van het legitimatiebewijs",
                                MAX_LEGITIMATIE, velden, verplicht=True)
    tot = _als_datum(geldig_tot, velden)
    if velden:
        raise OngeldigeVelden(velden)
    aanwijzing = session.execute(
        select(Aanwijzing).where(Aanwijzing.gemeente_id == gemeente_id, Aanwijzing.gebruiker_id == gebruiker_id)
    ).scalar_one_or_none()
    nieuw = aanwijzing is None
    if nieuw:
        aanwijzing = Aanwijzing(gemeente_id=gemeente_id, gebruiker_id=gebruiker_id)
        session.add(aanwijzing)
    gewijzigd = [k for k, v in (("besluit", besluit), ("legitimatienummer", legitimatienummer), ("geldig_tot", tot))
                 if nieuw or getattr(aanwijzing, k) != v]
    if not gewijzigd:
        return aanwijzing
    aanwijzing.besluit, aanwijzing.legitimatienummer, aanwijzing.geldig_tot = besluit, legitimatienummer, tot
    aanwijzing.gewijzigd_op = utcnow()
    session.flush()
    # The numbers themselves stay out of the log; which fields changed is enough.
    record(session, ControleActie.AANWIJZING_GEWIJZIGD, SUCCES, object_type="gebruiker", object_id=gebruiker_id,
           gemeente_id=gemeente_id, details={"velden": gewijzigd, "nieuw": nieuw,
                                             "geldig_tot": tot.date().isoformat() if tot else None})
    return aanwijzing
