"""What other domains may ask of controles (the only door; see the style guide on ports).

Reads take the gemeenten the caller may see controles in and return small frozen values. A
sekswerker met at a controle is special-category data (AVG art. 9) and never leaves through here.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from handhaving.controles.models import AangetroffenPersoon, Controle, PersoonRol, VoorschriftToets


@dataclass(frozen=True)
class Aangetroffen:
    naam: str          # as noted at the controle
    rol: str           # the role's label, e.g. "Beheerder / leidinggevende"
    adres_id: int
    gemeente_id: int


@dataclass(frozen=True)
class GetoetstVoorschrift:
    voorschrift_id: int
    adres_id: int      # where the controle was held (not necessarily the permit's address)


def _controles_op(adres_ids: list[int], gemeente_ids: list[int]):
    # ``+ 0``: the address is selective, the gemeente not (keep the planner off its index).
    return select(Controle.id).where(Controle.adres_id.in_(adres_ids), (Controle.gemeente_id + 0).in_(gemeente_ids))


def getoetste_voorschriften(session: Session, gemeente_ids: list[int], adres_ids: list[int]) -> list[GetoetstVoorschrift]:
    """The permit voorschriften checked in a controle at these addresses."""
    if not adres_ids or not gemeente_ids:
        return []
    rijen = session.execute(select(VoorschriftToets.voorschrift_id, Controle.adres_id).distinct()
                            .join(Controle, Controle.id == VoorschriftToets.controle_id)
                            .where(VoorschriftToets.controle_id.in_(_controles_op(adres_ids, gemeente_ids)))).all()
    return [GetoetstVoorschrift(v, a) for v, a in rijen]


def aangetroffen_op(session: Session, gemeente_ids: list[int], adres_ids: list[int],
                    limit: int = 20) -> list[Aangetroffen]:
    """Named people met at controles at these addresses, newest first, one per name and gemeente;
    never a sekswerker."""
    if not adres_ids or not gemeente_ids:
        return []
    uit: list[Aangetroffen] = []
    gezien: set[tuple[str, int]] = set()
    for naam, rol, adres_id, gemeente_id in session.execute(
            select(AangetroffenPersoon.naam, AangetroffenPersoon.rol, Controle.adres_id, Controle.gemeente_id)
            .join(Controle, Controle.id == AangetroffenPersoon.controle_id)
            .where(AangetroffenPersoon.controle_id.in_(_controles_op(adres_ids, gemeente_ids)),
                   AangetroffenPersoon.rol != PersoonRol.SEKSWERKER, AangetroffenPersoon.naam != "")
            .order_by(AangetroffenPersoon.id.desc())).all():
        if (naam.lower(), gemeente_id) not in gezien and len(uit) < limit:
            gezien.add((naam.lower(), gemeente_id))
            uit.append(Aangetroffen(naam, rol.label, adres_id, gemeente_id))
    return uit
