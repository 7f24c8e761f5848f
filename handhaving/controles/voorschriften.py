"""The voorschriften of the permits at a controle's address, checked one by one (issue 15).

A controle planned at an address with a permit in force gets one ``VoorschriftToets`` per
voorschrift (``vul_aan``), topped up at voorbereiden and at the start while the controle is
still editable, so a permit granted after planning is checked too. The rows stay with the
controle when the permit changes later; a voorschrift withdrawn (vervallen) before a check was
made gets none. Recording goes through ``vastlegging.sla_op`` like the checklist (keys
``v:<voorschrift_id>`` and ``vt:<voorschrift_id>``); a bevinding may name the voorschrift it
breaches (``vastlegging.voeg_bevinding_toe``). Flush only.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from handhaving.controles.models import Controle, ToetsOordeel, VoorschriftToets
from handhaving.controles.workflow import BEWERKBAAR
from handhaving.vergunningen import services as vergunningen
from handhaving.vergunningen.models import Vergunning, Voorschrift

OORDELEN = {o.value: o.label for o in ToetsOordeel}
NIET_BEOORDEELD = "Nog niet beoordeeld"
# The autosave keys of one check (vastlegging.huidige_waarden).
OORDEEL, TOELICHTING = "v:", "vt:"


@dataclass
class Toets:
    """One check with its voorschrift and permit, as the screens, the package and the rapport show it."""
    toets: VoorschriftToets
    voorschrift: Voorschrift
    vergunning: Vergunning

    @property
    def voorschrift_id(self) -> int:
        return self.voorschrift.id

    @property
    def oordeel(self) -> str:
        return self.toets.oordeel or ""

    @property
    def oordeel_label(self) -> str:
        return OORDELEN.get(self.oordeel, NIET_BEOORDEELD)

    @property
    def label(self) -> str:
        return label(self.vergunning, self.voorschrift)

    @property
    def kort(self) -> str:
        """For a select: ``Voorschrift 2 (VERG-2026-0001): Het bedrijf is …``."""
        return f"Voorschrift {self.voorschrift.nummer} ({self.vergunning.zaaknummer}): {_kort(self.voorschrift.tekst, 60)}"


def _kort(tekst: str, lengte: int) -> str:
    tekst = " ".join((tekst or "").split())
    return tekst if len(tekst) <= lengte else tekst[:lengte - 1].rstrip() + "…"


def label(vergunning: Vergunning, voorschrift: Voorschrift, lengte: int = 80) -> str:
    """``Voorschrift 2 van vergunning VERG-2026-0001: <tekst, ingekort>`` (conflicts, lists)."""
    return f"Voorschrift {voorschrift.nummer} van vergunning {vergunning.zaaknummer}: {_kort(voorschrift.tekst, lengte)}"


def vul_aan(session: Session, controle: Controle) -> list[VoorschriftToets]:
    """Create the checks this controle does not have yet: one per voorschrift (not vervallen) of
    every permit in force at its address, in its own gemeente. Only while the controle can still
    be recorded; returns the new rows."""
    if controle.status not in BEWERKBAAR or controle.adres_id is None or controle.id is None:
        return []
    ids = [vs.id for v in vergunningen.geldend_op_adres(session, controle.gemeente_id, controle.adres_id)
           for vs in v.voorschriften if not vs.vervallen and vs.gemeente_id == controle.gemeente_id]
    if not ids:
        return []
    bestaand = set(session.execute(select(VoorschriftToets.voorschrift_id)
                                   .where(VoorschriftToets.controle_id == controle.id)).scalars())
    nieuw = [VoorschriftToets(controle_id=controle.id, voorschrift_id=i, gemeente_id=controle.gemeente_id, oordeel="")
             for i in dict.fromkeys(ids) if i not in bestaand]
    if nieuw:
        session.add_all(nieuw)
        session.flush()
    return nieuw


def toetsen(session: Session, controle: Controle) -> list[Toets]:
    """The controle's checks with voorschrift and permit, by permit and then voorschrift order."""
    if controle.id is None:
        return []
    rijen = session.execute(
        select(VoorschriftToets, Voorschrift, Vergunning)
        .join(Voorschrift, Voorschrift.id == VoorschriftToets.voorschrift_id)
        .join(Vergunning, Vergunning.id == Voorschrift.vergunning_id)
        .where(VoorschriftToets.controle_id == controle.id, VoorschriftToets.gemeente_id == controle.gemeente_id)
        .order_by(Vergunning.id, Voorschrift.volgorde, Voorschrift.id)).all()
    return [Toets(t, vs, v) for t, vs, v in rijen]


def per_vergunning(lijst: list[Toets]) -> list[tuple[Vergunning, list[Toets]]]:
    """The checks grouped by permit, in the order ``toetsen`` gives them."""
    groepen: dict[int, tuple[Vergunning, list[Toets]]] = {}
    for t in lijst:
        groepen.setdefault(t.vergunning.id, (t.vergunning, []))[1].append(t)
    return list(groepen.values())


def samenvatting(lijst: list[Toets]) -> list[tuple[str, int]]:
    """Counts per judgement in words, for the controle page: [("Nageleefd", 3), …]."""
    tellingen: dict[str, int] = {}
    for t in lijst:
        tellingen[t.oordeel] = tellingen.get(t.oordeel, 0) + 1
    volgorde = [o.value for o in ToetsOordeel] + [""]
    return [(OORDELEN.get(o, NIET_BEOORDEELD), tellingen[o]) for o in volgorde if tellingen.get(o)]
