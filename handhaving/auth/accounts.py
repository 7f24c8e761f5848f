"""Accounts: creating, (de)activating, changing the own password."""
from __future__ import annotations

from flask import current_app
from sqlalchemy.orm import Session

from handhaving.audit import services as audit
from handhaving.auth.acties import AuthActie
from handhaving.auth.models import Gebruiker, Gemeente, Rol, Roltoewijzing, Sessie
from handhaving.auth.passwords import hash_password, password_problems, verify_password
from handhaving.auth.sessies import end_all_sessions, end_other_sessions
from handhaving.errors import OngeldigeInvoer


def _cfg(key):
    return current_app.config[key]


def normalise_username(username: str) -> str:
    """Lower-case, trimmed, at most 80 characters, control and format characters
    (CR/LF, RTL override …) replaced: the name is stored and logged as typed at a
    failed login, so it must not be able to forge log lines."""
    cleaned = "".join(ch if ch.isprintable() else "\ufffd" for ch in (username or "")[:200])
    return cleaned.strip().lower()[:80]


def create_user(session: Session, gebruikersnaam: str, naam: str, wachtwoord: str,
                rollen: list[tuple[Gemeente, Rol]], email: str | None = None,
                totp_secret: str | None = None) -> Gebruiker:
    user = Gebruiker(gebruikersnaam=normalise_username(gebruikersnaam), naam=naam, email=email,
                     wachtwoord_hash=hash_password(wachtwoord), actief=True, totp_secret=totp_secret,
                     totp_bevestigd=totp_secret is not None)
    for gemeente, rol in rollen:
        user.rollen.append(Roltoewijzing(gemeente_id=gemeente.id, rol=rol))
    session.add(user)
    session.flush()
    audit.record(session, AuthActie.GEBRUIKER_AANGEMAAKT, audit.SUCCES, object_type="gebruiker",
                 object_id=user.id, details={"gebruikersnaam": user.gebruikersnaam,
                                             "rollen": sorted(f"{g.code}:{r.value}" for g, r in rollen)})
    return user


def set_active(session: Session, user: Gebruiker, actief: bool, reden: str) -> int:
    """(De)activate an account; deactivation ends its sessions at once."""
    user.actief = actief
    ended = 0 if actief else end_all_sessions(session, user)
    session.flush()
    audit.record(session, AuthActie.GEBRUIKER_GEACTIVEERD if actief else AuthActie.GEBRUIKER_GEDEACTIVEERD,
                 audit.SUCCES, object_type="gebruiker", object_id=user.id, reden=reden,
                 details={"sessies_beeindigd": ended})
    return ended


def change_password(session: Session, user: Gebruiker, current: str, new: str,
                    keep_sessie: Sessie | None) -> None:
    """Change the own password and end the user's other sessions; OngeldigeInvoer
    with every problem at once when the old one is wrong or the new one too weak."""
    if not verify_password(user.wachtwoord_hash, current):
        audit.record_security_event(AuthActie.WACHTWOORD_WIJZIGEN, audit.MISLUKT, object_type="gebruiker",
                                    object_id=user.id, details={"reden": "huidig wachtwoord onjuist"})
        raise OngeldigeInvoer("Uw huidige wachtwoord klopt niet.")
    problems = password_problems(new, _cfg("PASSWORD_MIN_LENGTH"), user.gebruikersnaam, user.naam)
    if verify_password(user.wachtwoord_hash, new):
        problems.append("Kies een ander wachtwoord dan uw huidige.")
    if problems:
        raise OngeldigeInvoer(problems[0], problems)
    user.wachtwoord_hash = hash_password(new)
    user.wachtwoord_wijzigen_verplicht = False
    session.flush()
    audit.record(session, AuthActie.WACHTWOORD_GEWIJZIGD, audit.SUCCES, object_type="gebruiker", object_id=user.id)
    end_other_sessions(session, user, keep_sessie)
