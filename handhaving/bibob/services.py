"""Bibob data is read only through here, and every object read is audited."""
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from handhaving.audit import services as audit
from handhaving.auth.models import Gebruiker, Rol
from handhaving.bibob.models import BibobOnderzoek, BibobStatus
from handhaving.bibob.acties import BibobActie


def zichtbaar_filter(user: Gebruiker, gemeente_ids: list[int]):
    """SQL condition for need-to-know: coördinator sees the gemeente's onderzoeken,
    a vergunningverlener only the ones assigned to them, the burgemeester those
    awaiting or past a decision."""
    per_gemeente = user.rollen_per_gemeente()
    clauses = []
    for gid in gemeente_ids:
        rollen = per_gemeente.get(gid, set())
        if Rol.COORDINATOR in rollen:
            clauses.append(BibobOnderzoek.gemeente_id == gid)
            continue
        if Rol.VERGUNNINGVERLENER in rollen:
            clauses.append((BibobOnderzoek.gemeente_id == gid) & (BibobOnderzoek.behandelaar_id == user.id))
        if Rol.BURGEMEESTER in rollen:
            clauses.append((BibobOnderzoek.gemeente_id == gid) &
                           BibobOnderzoek.status.in_([BibobStatus.BESLUIT, BibobStatus.GEARCHIVEERD]))
    return or_(*clauses) if clauses else BibobOnderzoek.id.is_(None)


def lijst(session: Session, user: Gebruiker, gemeente_ids: list[int], limit: int = 200) -> list[BibobOnderzoek]:
    rows = session.execute(
        select(BibobOnderzoek).where(zichtbaar_filter(user, gemeente_ids))
        .order_by(BibobOnderzoek.aangemaakt_op.desc()).limit(limit)
    ).scalars().all()
    for r in rows:
        # One event per object shown, kept even if the request fails later.
        audit.record_security_event(BibobActie.GELEZEN, audit.SUCCES, object_type="bibob_onderzoek",
                                    object_id=r.id, gemeente_id=r.gemeente_id,
                                    details={"weergave": "lijst"})
    return rows
