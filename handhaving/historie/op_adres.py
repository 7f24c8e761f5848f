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

from handhaving.controles import api as controles_api
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
    getoetst = {g.voorschrift_id: g.adres_id for g in controles_api.getoetste_voorschriften(session, controle_gemeenten, ids)}
    if getoetst:
        for houder_id, voorschrift_id in session.execute(
                select(Vergunning.houder_id, Voorschrift.id).join(Voorschrift, Voorschrift.vergunning_id == Vergunning.id)
                .where(Voorschrift.id.in_(list(getoetst)), _binnen(Vergunning.gemeente_id, controle_gemeenten))).all():
            uit.voeg_toe(houder_id, f"Vergunning gecontroleerd bij een controle op dit adres "
                                    f"({regel[getoetst[voorschrift_id]]})")
    for a in controles_api.aangetroffen_op(session, controle_gemeenten, ids, limit=MAX_AANGETROFFEN):
        uit.aangetroffen.append((a.naam, a.rol, regel[a.adres_id], a.gemeente_id))
    return uit
