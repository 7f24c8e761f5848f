"""A job's run: claim the row, run the body in its own unit of work, record the outcome.

Each step is a short transaction of its own, so the status survives a body
that rolls back, and two deliveries of one message cannot both run the body
(the claim moves ``queued`` to ``bezig`` in one UPDATE).
"""
from __future__ import annotations

import json
import logging

from sqlalchemy import select, update

from handhaving.db import unit_of_work, utcnow
from handhaving.jobs.models import Achtergrondtaak, TaakStatus
from handhaving.jobs.registry import get_taak

log = logging.getLogger("handhaving.jobs")

FOUT_MAX = 500


def run(sleutel: str, retries_left: int) -> None:
    """Run the job with this key once. Raises the body's exception, so that huey
    schedules the next attempt while ``retries_left`` > 0."""
    claimed = claim(sleutel)
    if claimed is None:
        return
    naam, args = claimed
    definitie = get_taak(naam)
    if definitie is None:
        # Not retried: the code that knows this job is not in this worker.
        record_failure(sleutel, f"Onbekende taak {naam} (is de worker bijgewerkt?)", final=True)
        log.error("Unknown job %s for key %s", naam, sleutel)
        return
    try:
        with unit_of_work(write=definitie.write) as session:
            definitie.func(session, sleutel, *args)
    except Exception as exc:
        record_failure(sleutel, describe(exc), final=retries_left <= 0)
        raise
    record_done(sleutel)


def claim(sleutel: str) -> tuple[str, list] | None:
    """``queued`` → ``bezig`` with one more attempt; None when there is nothing to run
    (no row: the enqueuing transaction rolled back; or done, failed or running)."""
    with unit_of_work() as session:
        result = session.execute(
            update(Achtergrondtaak)
            .where(Achtergrondtaak.taak_sleutel == sleutel, Achtergrondtaak.status == TaakStatus.QUEUED)
            .values(status=TaakStatus.BEZIG, pogingen=Achtergrondtaak.pogingen + 1, gestart_op=utcnow(),
                    klaar_op=None))
        if result.rowcount != 1:
            log.info("Job %s not run: no queued row", sleutel)
            return None
        row = session.execute(select(Achtergrondtaak.naam, Achtergrondtaak.argumenten)
                              .where(Achtergrondtaak.taak_sleutel == sleutel)).one()
        return row.naam, json.loads(row.argumenten)


def record_done(sleutel: str) -> None:
    with unit_of_work() as session:
        session.execute(update(Achtergrondtaak).where(Achtergrondtaak.taak_sleutel == sleutel)
                        .values(status=TaakStatus.KLAAR, klaar_op=utcnow()))


def record_failure(sleutel: str, fout: str, final: bool) -> None:
    """Back to ``queued`` while huey will try again, else ``mislukt`` for the beheerder."""
    with unit_of_work() as session:
        session.execute(update(Achtergrondtaak).where(Achtergrondtaak.taak_sleutel == sleutel)
                        .values(status=TaakStatus.MISLUKT if final else TaakStatus.QUEUED,
                                laatste_fout=fout[:FOUT_MAX], klaar_op=utcnow() if final else None))


def describe(exc: BaseException) -> str:
    """Exception class and message, one line, capped: never a stack trace."""
    message = " ".join(str(exc).split())
    text = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    text = "".join(ch if ch.isprintable() else "\ufffd" for ch in text)
    return text[:FOUT_MAX]
