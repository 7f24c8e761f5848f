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
from dataclasses import dataclass
from typing import ClassVar

from huey.constants import EmptyData
from sqlalchemy import select
from sqlalchemy.orm import Session

from handhaving.audit.models import AuditRegel
from handhaving.jobs.models import Achtergrondtaak, TaakStatus
from handhaving.jobs.queue import get_queue
from handhaving.storage import get_opslag

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


@dataclass
class ImportStand:
    """Where one import stands (a dry-run job, maybe its apply job, and the audit rows they
    wrote when done), for its page and the JSON the page polls. A domain subclasses it and sets
    ``rapport_klasse`` (with ``uit_dict``) for its report."""
    proef_taak: Achtergrondtaak
    uitvoer_taak: Achtergrondtaak | None
    proef_audit: AuditRegel | None
    uitvoer_audit: AuditRegel | None

    rapport_klasse: ClassVar[type]

    @property
    def id(self) -> int:
        return self.proef_taak.id

    @property
    def gemeente_id(self) -> int:
        return self.proef_taak.gemeente_id

    @property
    def argumenten(self) -> list:
        """The dry-run job's arguments: (gemeente_id, blob key, bestandsnaam, gebruiker_id, …)."""
        return json.loads(self.proef_taak.argumenten)

    @property
    def bestandsnaam(self) -> str:
        return self.argumenten[2]

    @property
    def fase(self) -> str:
        """proef · proef_klaar · uitvoeren · uitgevoerd · mislukt."""
        taak = self.uitvoer_taak or self.proef_taak
        if taak.status == TaakStatus.MISLUKT:
            return "mislukt"
        if self.uitvoer_taak is None:
            return "proef_klaar" if self.proef_audit is not None else "proef"
        return "uitgevoerd" if self.uitvoer_audit is not None else "uitvoeren"

    @property
    def klaar(self) -> bool:
        return self.fase in ("proef_klaar", "uitgevoerd", "mislukt")

    def _details(self, regel: AuditRegel | None) -> dict:
        return json.loads(regel.details) if regel is not None and regel.details else {}

    @property
    def proef_fouten(self) -> int | None:
        return self._details(self.proef_audit).get("fouten")

    @property
    def kan_uitvoeren(self) -> bool:
        return self.fase == "proef_klaar" and self.proef_fouten == 0

    def rapport(self):
        """The latest report (the apply's once it ran, else the dry run's)."""
        regel = self.uitvoer_audit or self.proef_audit
        sleutel = self._details(regel).get("rapport")
        if not sleutel:
            return None
        return self.rapport_klasse.uit_dict(json.loads(get_opslag().get(sleutel)))


def laad_stand(session: Session, klasse: type[ImportStand], *, gemeente_ids: list[int], import_id: int,
               proef_taak: str, uitvoer_sleutel: str, proef_actie: str, uitvoer_actie: str,
               audit_object: str) -> ImportStand | None:
    """The import if its dry run belongs to one of these gemeenten, else None (the view answers 404)."""
    proef = session.execute(select(Achtergrondtaak).where(
        Achtergrondtaak.id == import_id, Achtergrondtaak.naam == proef_taak,
        Achtergrondtaak.gemeente_id.in_(gemeente_ids))).scalar_one_or_none()
    if proef is None:
        return None
    uitvoer = session.execute(select(Achtergrondtaak).where(
        Achtergrondtaak.taak_sleutel == uitvoer_sleutel)).scalar_one_or_none()
    return klasse(proef, uitvoer, auditregel(session, proef_actie, audit_object, import_id),
                  auditregel(session, uitvoer_actie, audit_object, import_id) if uitvoer else None)
