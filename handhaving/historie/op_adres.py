"""Who is linked to the addresses an address query finds, each with the reason in words:

* holders and aanhangsel of permits at the address (everyone who may search);
* people and companies registered at the address in the subjects register (idem);
* only where the user may see controles in that gemeente: holders of permits whose voorschriften
  were checked in a controle at the address, and the names of people met there (a sekswerker
  never: special-category data, AVG art. 9) — ``zoeken`` matches those names to subjects.

Another address of the same verblijfsobject counts as the same place. Every query is limited to
the gemeenten passed in.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from handhaving.controles.models import AangetroffenPersoon, Controle, PersoonRol, VoorschriftToets
from handhaving.locaties.models import Adres
from handhaving.locaties.services import zoek_adressen
from handhaving.subjecten.models import Subject
from handhaving.vergunningen.models import Vergunning, VergunningBetrokkene, Voorschrift

MAX_ADRESSEN = 20
MAX_AANGETROFFEN = 20


@dataclass
class OpAdres:
    redenen: dict[int, str] = field(default_factory=dict)          # subject id → why
    aangetroffen: list[tuple[str, str, str, int]] = field(default_factory=list)  # (naam, rol, adres, gemeente)

    def voeg_toe(self, subject_id: int, reden: str) -> None:
        self.redenen.setdefault(subject_id, reden)


def _binnen(kolom, gemeente_ids: list[int]):
    # ``+ 0``: the address is selective, the gemeente not (keep the planner off its index).
    return (kolom + 0).in_(gemeente_ids)


def op_adres(session: Session, gemeente_ids: list[int], tekst: str, controle_gemeenten: list[int]) -> OpAdres:
    uit = OpAdres()
    adressen = zoek_adressen(session, gemeente_ids, tekst, limit=MAX_ADRESSEN)
    if not adressen:
        return uit
    vbo = {a.verblijfsobject_id: a for a in adressen}
    alle = session.execute(select(Adres.id, Adres.verblijfsobject_id).where(
        Adres.verblijfsobject_id.in_(list(vbo)), _binnen(Adres.gemeente_id, gemeente_ids))).all()
    regel = {r.id: vbo[r.verblijfsobject_id].volledig for r in alle}
    ids = list(regel)

    rijen = session.execute(select(Vergunning.houder_id, Vergunning.adres_id).where(
        _binnen(Vergunning.gemeente_id, gemeente_ids), Vergunning.adres_id.in_(ids))).all()
    rijen += session.execute(select(VergunningBetrokkene.subject_id, Vergunning.adres_id)
                             .join(Vergunning, Vergunning.id == VergunningBetrokkene.vergunning_id)
                             .where(_binnen(Vergunning.gemeente_id, gemeente_ids), Vergunning.adres_id.in_(ids))).all()
    for subject_id, adres_id in rijen:
        uit.voeg_toe(subject_id, f"Vergunning op dit adres ({regel[adres_id]})")
    for subject_id, adres_id in session.execute(select(Subject.id, Subject.adres_id).where(
            _binnen(Subject.gemeente_id, gemeente_ids), Subject.adres_id.in_(ids))).all():
        uit.voeg_toe(subject_id, f"Ingeschreven op dit adres ({regel[adres_id]})")

    if not controle_gemeenten:
        return uit
    controles = select(Controle.id).where(Controle.adres_id.in_(ids), _binnen(Controle.gemeente_id, controle_gemeenten))
    for houder_id, adres_id in session.execute(
            select(Vergunning.houder_id, Controle.adres_id).distinct()
            .join(Voorschrift, Voorschrift.vergunning_id == Vergunning.id)
            .join(VoorschriftToets, VoorschriftToets.voorschrift_id == Voorschrift.id)
            .join(Controle, Controle.id == VoorschriftToets.controle_id)
            .where(VoorschriftToets.controle_id.in_(controles),
                   _binnen(Vergunning.gemeente_id, controle_gemeenten))).all():
        uit.voeg_toe(houder_id, f"Vergunning gecontroleerd bij een controle op dit adres ({regel[adres_id]})")
    gezien: set[tuple[str, int]] = set()
    for naam, rol, adres_id, gemeente_id in session.execute(
            select(AangetroffenPersoon.naam, AangetroffenPersoon.rol, Controle.adres_id, Controle.gemeente_id)
            .join(Controle, Controle.id == AangetroffenPersoon.controle_id)
            .where(AangetroffenPersoon.controle_id.in_(controles), AangetroffenPersoon.rol != PersoonRol.SEKSWERKER,
                   AangetroffenPersoon.naam != "")
            .order_by(AangetroffenPersoon.id.desc())).all():
        if (naam.lower(), gemeente_id) not in gezien and len(gezien) < MAX_AANGETROFFEN:
            gezien.add((naam.lower(), gemeente_id))
            uit.aangetroffen.append((naam, rol.label, regel[adres_id], gemeente_id))
    return uit
