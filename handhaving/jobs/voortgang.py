"""Progress and outcome of an import that runs as a background job (the permit register, the
BRP counts): shared by the domains' ``taken.py``.

Progress goes to huey's key-value store (the queue's own backend), outside the job's
transaction, so a page can poll it while the job still runs. The outcome is the audit row the
job writes at its end (it names the stored report), so a retry that finds it knows the job ran.
"""
from __future__ import annotations

import json
import logging
import time

from huey.constants import EmptyData
from sqlalchemy import select
from sqlalchemy.orm import Session

from handhaving.audit.models import AuditRegel
from handhaving.jobs.queue import get_queue

log = logging.getLogger("handhaving.jobs.voortgang")

INTERVAL = 0.5  # seconds between progress writes


def _sleutel(soort: str, import_id: int) -> str:
    return f"{soort}:voortgang:{import_id}"


def melder(soort: str, import_id: int, proef: bool):
    """A progress callback ``meld(stap, gedaan, totaal)`` for an import service; it writes at
    most every INTERVAL seconds (and always the last step). ``soort`` names the import."""
    laatst = [0.0]

    def meld(stap: str, gedaan: int, totaal: int) -> None:
        nu = time.monotonic()
        if nu - laatst[0] < INTERVAL and gedaan != totaal:
            return
        laatst[0] = nu
        data = json.dumps({"proef": proef, "stap": stap, "gedaan": gedaan, "totaal": totaal}).encode()
        try:
            get_queue().huey.storage.put_data(_sleutel(soort, import_id), data)
        except Exception:  # progress is a courtesy: never fail the import for it
            log.warning("Voortgang van %s %s niet bijgewerkt", soort, import_id, exc_info=True)
    return meld


def voortgang(soort: str, import_id: int) -> dict | None:
    """The last progress written for this import, or None."""
    try:
        data = get_queue().huey.storage.peek_data(_sleutel(soort, import_id))
    except Exception:
        log.warning("Voortgang van %s %s niet gelezen", soort, import_id, exc_info=True)
        return None
    return None if data is EmptyData else json.loads(data)


def auditregel(session: Session, actie: str, object_type: str, import_id: int) -> AuditRegel | None:
    """The newest audit row of ``actie`` about this import: present once the job committed."""
    return session.execute(select(AuditRegel).where(
        AuditRegel.actie == actie, AuditRegel.object_type == object_type,
        AuditRegel.object_id == str(import_id)).order_by(AuditRegel.id.desc()).limit(1)).scalar_one_or_none()
