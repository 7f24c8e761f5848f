"""The vocabulary of the authorization policy: roles and rule constants.

Imports nothing of the app, so every domain's ``permissions.py`` can use it
and the policy module never needs to import a domain (no import cycle).
"""
from __future__ import annotations

import enum


class Rol(str, enum.Enum):
    TOEZICHTHOUDER = "toezichthouder"
    COORDINATOR = "coordinator"
    VERGUNNINGVERLENER = "vergunningverlener"
    BURGEMEESTER = "burgemeester"
    BEHEERDER = "beheerder"

    @property
    def label(self) -> str:
        return ROL_LABELS[self]


ROL_LABELS = {
    Rol.TOEZICHTHOUDER: "Toezichthouder",
    Rol.COORDINATOR: "Coördinator bestuurlijke aanpak",
    Rol.VERGUNNINGVERLENER: "Vergunningverlener",
    Rol.BURGEMEESTER: "Burgemeester",
    Rol.BEHEERDER: "Functioneel beheerder",
}

# Roles that always need a second factor (BIO 5.17.01: privileged and decision accounts).
MFA_ROLLEN = frozenset({Rol.BURGEMEESTER, Rol.BEHEERDER})

PUBLIC = "public"                # no login (login page, health, static files)
AUTHENTICATED = "authenticated"  # any logged-in user, for their own account
ALLE_ROLLEN = frozenset(Rol)


def rollen(*r: Rol) -> frozenset[Rol]:
    """A rule: the roles that may use an endpoint method."""
    return frozenset(r)
