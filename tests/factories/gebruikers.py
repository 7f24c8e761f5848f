"""Gemeenten and users with their role per gemeente."""
from __future__ import annotations

import factory
import pyotp

from handhaving.auth.models import Gebruiker, Gemeente, Rol, Roltoewijzing
from tests.factories.base import Factory
from tests.helpers import password_hash


class GemeenteFactory(Factory):
    class Meta:
        model = Gemeente

    code = factory.Sequence(lambda n: f"{9500 + n:04d}")
    naam = factory.Sequence(lambda n: f"Proefgemeente {n}")
    regio = "Testregio"
    mfa_alle_rollen = False


class GebruikerFactory(Factory):
    """``GebruikerFactory(rol_in=[(gemeente, Rol.COORDINATOR)])``; burgemeester and
    beheerder get a linked second factor, as they must have one."""

    class Meta:
        model = Gebruiker

    class Params:
        # (gemeente, Rol) pairs; decide the second factor before the roles exist.
        rol_in = ()
        totp = None

    gebruikersnaam = factory.Sequence(lambda n: f"gebruiker{n}")
    naam = factory.LazyAttribute(lambda o: o.gebruikersnaam.replace(".", " ").title())
    wachtwoord_hash = factory.LazyFunction(password_hash)
    actief = True
    totp_secret = factory.LazyAttribute(
        lambda o: pyotp.random_base32() if _needs_totp(o) else None)
    totp_bevestigd = factory.LazyAttribute(lambda o: _needs_totp(o))
    rollen = factory.LazyAttribute(
        lambda o: [Roltoewijzing(gemeente_id=g.id, rol=r) for g, r in o.rol_in])


def _needs_totp(o) -> bool:
    if o.totp is not None:
        return o.totp
    return any(r in (Rol.BURGEMEESTER, Rol.BEHEERDER) for _, r in o.rol_in)


def make_gemeente(session, code: str, naam: str, **kw) -> Gemeente:
    from tests.factories.base import bind

    bind(session)
    return GemeenteFactory(code=code, naam=naam, regio=kw.pop("regio", "Testregio"),
                           mfa_alle_rollen=kw.pop("mfa", False))


def make_user(session, username: str, rollen: list[tuple[Gemeente, Rol]], totp: bool | None = None,
              naam: str | None = None) -> Gebruiker:
    from tests.factories.base import bind

    bind(session)
    kwargs = {"naam": naam} if naam else {}
    return GebruikerFactory(gebruikersnaam=username, rol_in=rollen, totp=totp, **kwargs)
