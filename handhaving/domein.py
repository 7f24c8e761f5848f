"""What a domain package declares about itself, in one place (its ``domein.py``).

``handhaving.domeinen`` holds the one explicit, ordered list of domains that
``create_app`` registers; nothing is discovered by file name.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from flask import Blueprint


@dataclass(frozen=True)
class Menu:
    """An entry in the main navigation, shown to users whom the policy allows it."""
    endpoint: str
    label: str


@dataclass(frozen=True)
class Startkaart:
    """A tile on the start page."""
    endpoint: str
    titel: str
    tekst: str


@dataclass(frozen=True)
class Domein:
    naam: str
    blueprint: Blueprint
    url_prefix: str | None
    # (endpoint, method) → rule from ``security.rules``; only this domain's endpoints.
    policy: Mapping[str, Mapping[str, object]]
    menu: Menu | None = None
    startkaart: Startkaart | None = None
    # StrEnum/LabelEnum of the audit actions this domain writes.
    audit_acties: type | None = None
    # Module whose import registers the domain's models with the metadata.
    modellen: str | None = None
    # Wet Bibob art. 28 and similar: roles that open any page of it need four eyes to be granted.
    vertrouwelijk: bool = False
    # Per-gemeente settings (``handhaving.instellingen.Instelling``) this domain reads.
    instellingen: tuple = ()

    def endpoints(self) -> set[str]:
        return set(self.policy)
