"""Jobs for the beheerder: what failed, what ran lately, and offering a job again."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from handhaving.audit import services as audit
from handhaving.auth.models import Gebruiker
from handhaving.db import utcnow
from handhaving.errors import OngeldigeOvergang
from handhaving.jobs.acties import TaakActie
from handhaving.jobs.models import Achtergrondtaak, TaakStatus
from handhaving.jobs.queue import send_after_commit
from handhaving.jobs.registry import get_taak

# A queued or running job that shows no progress for this long lost its message
# (broker down at commit, worker killed) and may be offered again. Longer than
# the default retry delays (30 s, 60 s, 120 s) and any job should take.
VASTGELOPEN_NA = timedelta(minutes=30)


def _zichtbaar(gemeente_ids: list[int], gebruiker_id: int):
    # Jobs of the beheerder's gemeenten, plus those they asked for themselves. Jobs
    # without a gemeente that someone else started (CLI, system) are for the
    # system administrator: ``flask taken lijst``.
    return or_(Achtergrondtaak.gemeente_id.in_(gemeente_ids), Achtergrondtaak.aangevraagd_door_id == gebruiker_id)


def mislukte_taken(session: Session, gemeente_ids: list[int], gebruiker_id: int) -> list[Achtergrondtaak]:
    return session.execute(
        select(Achtergrondtaak).where(_zichtbaar(gemeente_ids, gebruiker_id),
                                      Achtergrondtaak.status == TaakStatus.MISLUKT)
        .order_by(Achtergrondtaak.klaar_op.desc(), Achtergrondtaak.id.desc())
    ).scalars().all()


def recente_taken(session: Session, gemeente_ids: list[int], gebruiker_id: int,
                  limit: int = 50) -> list[Achtergrondtaak]:
    """The latest jobs that did not fail (queued, running, done)."""
    return session.execute(
        select(Achtergrondtaak).where(_zichtbaar(gemeente_ids, gebruiker_id),
                                      Achtergrondtaak.status != TaakStatus.MISLUKT)
        .order_by(Achtergrondtaak.id.desc()).limit(limit)
    ).scalars().all()


def get_taak_voor_beheer(session: Session, gemeente_ids: list[int], gebruiker_id: int,
                         taak_id: int) -> Achtergrondtaak | None:
    """The job if this beheerder may see it, else None (404: not "exists elsewhere")."""
    return session.execute(
        select(Achtergrondtaak).where(Achtergrondtaak.id == taak_id, _zichtbaar(gemeente_ids, gebruiker_id))
    ).scalar_one_or_none()


def kan_opnieuw(taak: Achtergrondtaak, now: datetime | None = None) -> bool:
    """Failed, or stuck: queued or running without progress for ``VASTGELOPEN_NA``."""
    if taak.status == TaakStatus.MISLUKT:
        return True
    now = now or utcnow()
    laatst = taak.gestart_op or taak.aangemaakt_op
    return taak.status in (TaakStatus.QUEUED, TaakStatus.BEZIG) and now - laatst > VASTGELOPEN_NA


def opnieuw_aanbieden(session: Session, actor: Gebruiker, taak: Achtergrondtaak) -> None:
    """Queue a failed (or stuck) job again under its own key, audited; flush only.

    Attempts keep counting; the last error stays visible until the job succeeds
    or fails again. The message goes to the queue after the commit."""
    if not kan_opnieuw(taak):
        raise OngeldigeOvergang("Alleen een mislukte of vastgelopen taak kan opnieuw worden aangeboden.")
    vorige = taak.status
    taak.status = TaakStatus.QUEUED
    taak.klaar_op = None
    audit.record(session, TaakActie.OPNIEUW_AANGEBODEN, object_type="achtergrondtaak", object_id=taak.id,
                 gemeente_id=taak.gemeente_id, actor_id=actor.id, actor=actor.gebruikersnaam,
                 details={"naam": taak.naam, "vorige_status": vorige.value, "pogingen": taak.pogingen})
    session.flush()
    send_after_commit(session, taak.taak_sleutel, get_taak(taak.naam))


def omschrijving(naam: str) -> str:
    """What the job does, in Dutch, from its registration; the name if this code does not know it."""
    definitie = get_taak(naam)
    return definitie.omschrijving if definitie else naam


def alle_mislukte_taken(session: Session, limit: int = 200) -> list[Achtergrondtaak]:
    """Every failed job, of every gemeente and without one: for the system administrator (CLI)."""
    return session.execute(
        select(Achtergrondtaak).where(Achtergrondtaak.status == TaakStatus.MISLUKT)
        .order_by(Achtergrondtaak.id.desc()).limit(limit)
    ).scalars().all()
