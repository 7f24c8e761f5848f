"""Functional administration: accounts of the beheerder's own gemeenten, audit log."""
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handhaving.audit import services as audit
from handhaving.audit.models import AuditRegel
from handhaving.auth.models import Gebruiker, Gemeente, Rol, Roltoewijzing
from handhaving.auth.passwords import hash_password
from handhaving.auth.services import create_user, end_all_sessions, normalise_username

# Words for a first password that is easy to pass on by phone (four words ≈ 50 bits).
_WOORDEN = """appel boom brug duin eik fiets gracht haven hek ijs jas kade kerk klok kraan lamp
maan molen mos noord oever paard plein poort regen rivier ster storm straat toren tulp uil vaart
veld vis vlag wind wolk zand zee zon zwaan beek berg dijk hoeve kasteel laan mast polder sluis""".split()


def eerste_wachtwoord() -> str:
    return " ".join(secrets.choice(_WOORDEN) for _ in range(4)) + f" {secrets.randbelow(90) + 10}"


def gemeenten(session: Session, gemeente_ids: list[int]) -> list[Gemeente]:
    return session.execute(select(Gemeente).where(Gemeente.id.in_(gemeente_ids))
                           .order_by(Gemeente.naam)).scalars().all()


def nieuwe_gebruiker(session: Session, gemeente_ids: list[int], gebruikersnaam: str, naam: str,
                     email: str | None, gemeente_id: int, rol: Rol) -> tuple[Gebruiker | None, str | None, str]:
    """Create an account with one role. Returns (user, first password, error)."""
    if gemeente_id not in gemeente_ids:
        return None, None, "U kunt alleen gebruikers aanmaken voor uw eigen gemeente(n)."
    username = normalise_username(gebruikersnaam)
    if session.execute(select(Gebruiker.id).where(Gebruiker.gebruikersnaam == username)).first():
        return None, None, "Deze gebruikersnaam bestaat al. Kies een andere."
    gemeente = session.get(Gemeente, gemeente_id)
    wachtwoord = eerste_wachtwoord()
    user = create_user(session, username, naam.strip(), wachtwoord, [(gemeente, rol)], email=email or None)
    return user, wachtwoord, ""


def rol_toevoegen(session: Session, gemeente_ids: list[int], user: Gebruiker, gemeente_id: int, rol: Rol) -> str:
    if gemeente_id not in gemeente_ids:
        return "U kunt alleen rollen in uw eigen gemeente(n) toekennen."
    if any(t.gemeente_id == gemeente_id and t.rol == rol for t in user.rollen):
        return "Deze gebruiker heeft die rol al in die gemeente."
    user.rollen.append(Roltoewijzing(gemeente_id=gemeente_id, rol=rol))
    session.flush()
    audit.record(session, "gebruiker.rol_toegekend", audit.SUCCES, object_type="gebruiker", object_id=user.id,
                 gemeente_id=gemeente_id, details={"rol": rol.value})
    return ""


def rol_intrekken(session: Session, gemeente_ids: list[int], user: Gebruiker, toewijzing_id: int) -> str:
    """Takes effect on the user's next request: roles are read per request."""
    toewijzing = next((t for t in user.rollen if t.id == toewijzing_id), None)
    if toewijzing is None or toewijzing.gemeente_id not in gemeente_ids:
        return "Deze rol bestaat niet of hoort niet bij uw gemeente(n)."
    user.rollen.remove(toewijzing)
    session.flush()
    audit.record(session, "gebruiker.rol_ingetrokken", audit.SUCCES, object_type="gebruiker", object_id=user.id,
                 gemeente_id=toewijzing.gemeente_id, details={"rol": toewijzing.rol.value})
    return ""


def gebruikers(session: Session, gemeente_ids: list[int]) -> list[Gebruiker]:
    """Users with at least one role in these gemeenten."""
    ids = select(Roltoewijzing.gebruiker_id).where(Roltoewijzing.gemeente_id.in_(gemeente_ids))
    return session.execute(
        select(Gebruiker).where(Gebruiker.id.in_(ids)).order_by(Gebruiker.naam)
    ).scalars().all()


def get_gebruiker(session: Session, gemeente_ids: list[int], gebruiker_id: int) -> Gebruiker | None:
    ids = select(Roltoewijzing.gebruiker_id).where(Roltoewijzing.gemeente_id.in_(gemeente_ids))
    return session.execute(
        select(Gebruiker).where(Gebruiker.id == gebruiker_id, Gebruiker.id.in_(ids))
    ).scalar_one_or_none()


def recente_auditregels(session: Session, gemeente_ids: list[int], limit: int = 100) -> list[AuditRegel]:
    """Recent events of these gemeenten and of their users (security events carry no gemeente)."""
    user_ids = select(Roltoewijzing.gebruiker_id).where(Roltoewijzing.gemeente_id.in_(gemeente_ids))
    return session.execute(
        # Rows of another gemeente stay hidden, also when the actor works here too.
        select(AuditRegel).where(AuditRegel.gemeente_id.in_(gemeente_ids) |
                                 (AuditRegel.gemeente_id.is_(None) & AuditRegel.actor_id.in_(user_ids)))
        .order_by(AuditRegel.id.desc()).limit(limit)
    ).scalars().all()


def aantal_auditregels(session: Session) -> int:
    return session.execute(select(func.count()).select_from(AuditRegel)).scalar()


def wachtwoord_herstellen(session: Session, user: Gebruiker, reden: str) -> str:
    """A new first password (forgotten password); ends all the user's sessions."""
    wachtwoord = eerste_wachtwoord()
    user.wachtwoord_hash = hash_password(wachtwoord)
    ended = end_all_sessions(session, user)
    session.flush()
    audit.record(session, "gebruiker.wachtwoord_hersteld", audit.SUCCES, object_type="gebruiker",
                 object_id=user.id, reden=reden, details={"sessies_beeindigd": ended})
    return wachtwoord


def tweede_factor_herstellen(session: Session, user: Gebruiker, reden: str) -> None:
    """Lost phone: the user links a new authenticator app at the next login."""
    user.totp_secret = None
    user.totp_bevestigd = False
    user.totp_laatste_stap = None
    ended = end_all_sessions(session, user)
    session.flush()
    audit.record(session, "gebruiker.tweede_factor_hersteld", audit.SUCCES, object_type="gebruiker",
                 object_id=user.id, reden=reden, details={"sessies_beeindigd": ended})


def mfa_alle_rollen_instellen(session: Session, gemeente: Gemeente, aan: bool, reden: str) -> None:
    gemeente.mfa_alle_rollen = aan
    session.flush()
    audit.record(session, "gemeente.instelling_gewijzigd", audit.SUCCES, object_type="gemeente",
                 object_id=gemeente.id, gemeente_id=gemeente.id, reden=reden,
                 details={"mfa_alle_rollen": aan})
