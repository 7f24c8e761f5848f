"""Background jobs of controles.

Registered on import (``jobs.registry``): ``controles.rapport`` imports this
module, and the worker must import it too, so that both know ``controles.rapport_maken``.
"""
from __future__ import annotations

from sqlalchemy import select

from handhaving.jobs.models import Achtergrondtaak
from handhaving.jobs.registry import taak


@taak(retries=3, retry_delay=30, retry_backoff=2, naam="controles.rapport_maken",
      omschrijving="Rapport van bevindingen maken (PDF en HTML)")
def rapport_maken(session, sleutel: str, rapport_id: int) -> None:
    # Imported here: controles.rapport imports this module to enqueue the job.
    from handhaving.controles.rapport import maak_rapport

    # A temporary storage failure is worth a retry only while the queue will still
    # retry; on the last attempt the rapport is marked "fout" instead (rapport.py).
    pogingen = session.scalar(select(Achtergrondtaak.pogingen).where(Achtergrondtaak.taak_sleutel == sleutel))
    maak_rapport(session, rapport_id, laatste_poging=pogingen is None or pogingen > rapport_maken.retries)
