"""What a domain package declares about itself, in one place (its ``domein.py``).

``handhaving.domeinen`` holds the one explicit, ordered list of domains that
``create_app`` registers; nothing is discovered by file name.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

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
class Startblok:
    """A block on the start page with live content (e.g. today's controles), shown to users
    the policy allows ``endpoint``; ``gegevens()`` returns the template's context."""
    endpoint: str
    template: str
    gegevens: Callable[[], dict]


@dataclass(frozen=True)
class Adresblok:
    """A block on the address page (this domain's records at the address), shown to users the
    policy allows ``endpoint``; ``gegevens(adres_id)`` returns the template's context."""
    endpoint: str
    template: str
    gegevens: Callable[[int], dict]


@dataclass(frozen=True)
class Domein:
    naam: str
    blueprint: Blueprint
    url_prefix: str | None
    # (endpoint, method) → rule from ``security.rules``; only this domain's endpoints.
    policy: Mapping[str, Mapping[str, object]]
    # One entry, or several in order of preference: a user sees the first one they may open
    # (controles: the field and planning pages, or for a beheerder the checklists).
    menu: Menu | tuple[Menu, ...] | None = None
    startkaart: Startkaart | tuple[Startkaart, ...] | None = None
    # StrEnum/LabelEnum of the audit actions this domain writes.
    audit_acties: type | None = None
    # Module whose import registers the domain's models with the metadata.
    modellen: str | None = None
    # Wet Bibob art. 28 and similar: roles that open any page of it need four eyes to be granted.
    vertrouwelijk: bool = False
    # Endpoints whose pages can show special-category personal data (AVG art. 9, e.g. the sex
    # workers met at a controle): the roles the policy admits there hold such access.
    bijzondere_gegevens: tuple[str, ...] = ()
    startblok: Startblok | None = None
    adresblok: Adresblok | None = None
    # Per-gemeente settings (``handhaving.instellingen.Instelling``) this domain reads.
    instellingen: tuple = ()

    def endpoints(self) -> set[str]:
        return set(self.policy)

    @property
    def menus(self) -> tuple[Menu, ...]:
        return _als_tuple(self.menu)

    @property
    def startkaarten(self) -> tuple[Startkaart, ...]:
        return _als_tuple(self.startkaart)


def _als_tuple(entry) -> tuple:
    if entry is None:
        return ()
    return entry if isinstance(entry, tuple) else (entry,)
