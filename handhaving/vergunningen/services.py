from sqlalchemy import select
from sqlalchemy.orm import Session

from handhaving.vergunningen.models import Vergunning


def lijst(session: Session, gemeente_ids: list[int], limit: int = 200) -> list[Vergunning]:
    return session.execute(
        select(Vergunning).where(Vergunning.gemeente_id.in_(gemeente_ids))
        .order_by(Vergunning.aangemaakt_op.desc()).limit(limit)
    ).scalars().all()
