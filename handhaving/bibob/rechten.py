"""Who has the Bibob right (Wet Bibob art. 28, security requirement 5).

In a gemeente: the coördinator by role, and a vergunningverlener with a Bibob mandate there
(``BibobMandaat``, recorded by the beheerder). The burgemeester opens a dossier only once it is
at the decision (the decision file). Everyone else sees on a permit only that a check was done
and when. The answer is cached per request (it is asked for every row of a list).
"""
from __future__ import annotations

from flask import g, has_request_context
from sqlalchemy import select
from sqlalchemy.orm import Session

from handhaving.bibob.models import BibobMandaat, BibobStatus
from handhaving.security.rules import Rol

BESLUITDOSSIER = (BibobStatus.BESLUIT, BibobStatus.GEARCHIVEERD)


def _mandaten(session: Session, user) -> set[int]:
    cache = g.setdefault("_bibob_mandaten", {}) if has_request_context() else {}
    if user.id not in cache:
        cache[user.id] = set(session.execute(select(BibobMandaat.gemeente_id).where(
            BibobMandaat.gebruiker_id == user.id, BibobMandaat.ingetrokken_op.is_(None))).scalars())
    return cache[user.id]


def recht_gemeenten(session: Session, user) -> list[int]:
    """The gemeenten where this user has the Bibob right."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "actief", True):
        return []
    uit = []
    for gemeente_id, rollen in user.rollen_per_gemeente().items():
        if Rol.COORDINATOR in rollen or (Rol.VERGUNNINGVERLENER in rollen
                                         and gemeente_id in _mandaten(session, user)):
            uit.append(gemeente_id)
    return sorted(uit)


def heeft_recht(session: Session, user, gemeente_id: int) -> bool:
    return gemeente_id in recht_gemeenten(session, user)


def besluit_gemeenten(user) -> list[int]:
    """Gemeenten where the user is burgemeester: the decision file only."""
    return sorted(g_id for g_id, rollen in user.rollen_per_gemeente().items() if Rol.BURGEMEESTER in rollen)


def coordinator_gemeenten(user) -> list[int]:
    return sorted(g_id for g_id, rollen in user.rollen_per_gemeente().items() if Rol.COORDINATOR in rollen)


def mag_openen(session: Session, user, onderzoek) -> bool:
    """Need-to-know within the right (security requirement 5): the coördinator every dossier of
    the gemeente, a mandated vergunningverlener the dossiers assigned to them, the burgemeester
    the decision file. The same rule decides what other pages say of a dossier (``bibob.api``)."""
    if onderzoek.gemeente_id in coordinator_gemeenten(user):
        return True
    if heeft_recht(session, user, onderzoek.gemeente_id) and onderzoek.behandelaar_id == user.id:
        return True
    return onderzoek.gemeente_id in besluit_gemeenten(user) and onderzoek.status in BESLUITDOSSIER


def mag_wijzigen(session: Session, user, onderzoek) -> bool:
    """Who may open it with the Bibob right (not the burgemeester); an archived dossier is closed."""
    return (heeft_recht(session, user, onderzoek.gemeente_id) and mag_openen(session, user, onderzoek)
            and onderzoek.status != BibobStatus.GEARCHIVEERD)
