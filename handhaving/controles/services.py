from sqlalchemy import select
from sqlalchemy.orm import Session

from handhaving.controles.models import Controle


def lijst(session: Session, gemeente_ids: list[int], limit: int = 200) -> list[Controle]:
    return session.execute(
        select(Controle).where(Controle.gemeente_id.in_(gemeente_ids))
        .order_by(Controle.gepland_op.desc()).limit(limit)
    ).scalars().all()
