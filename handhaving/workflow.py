"""Lifecycles as data: statuses, the allowed transitions, and one check.

Each domain with a lifecycle writes its table in ``<domain>/workflow.py`` and
one service per transition; the service calls ``Workflow.controleer`` so an
illegal step raises ``OngeldigeOvergang`` before anything changes.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from handhaving.errors import OngeldigeOvergang


@dataclass(frozen=True)
class Overgang:
    van: Enum
    naar: Enum
    # The verb on the button and in the audit log ("Rapport vaststellen").
    handeling: str


class Workflow:
    def __init__(self, naam: str, overgangen: list[Overgang]):
        self.naam = naam
        self.overgangen = tuple(overgangen)
        self._tabel = {(o.van, o.naar): o for o in self.overgangen}
        if len(self._tabel) != len(self.overgangen):
            raise ValueError(f"{naam}: een overgang staat er dubbel in")

    def mogelijk(self, van: Enum) -> list[Overgang]:
        """The steps offered from ``van`` (for buttons)."""
        return [o for o in self.overgangen if o.van == van]

    def eindstatussen(self, statussen) -> set:
        return {s for s in statussen if not self.mogelijk(s)}

    def controleer(self, van: Enum, naar: Enum) -> Overgang:
        overgang = self._tabel.get((van, naar))
        if overgang is None:
            label = getattr(van, "label", van.value)
            naar_label = getattr(naar, "label", naar.value)
            raise OngeldigeOvergang(f"Van ‘{label}’ kan een {self.naam} niet naar ‘{naar_label}’.")
        return overgang
