"""Functional administration: accounts of the beheerder's own gemeenten, audit log."""
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handhaving.audit.models import AuditRegel
from handhaving.auth.models import Gebruiker, Roltoewijzing


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
        select(AuditRegel).where(AuditRegel.gemeente_id.in_(gemeente_ids) |
                                 AuditRegel.actor_id.in_(user_ids))
        .order_by(AuditRegel.id.desc()).limit(limit)
    ).scalars().all()


def aantal_auditregels(session: Session) -> int:
    return session.execute(select(func.count()).select_from(AuditRegel)).scalar()
