"""The register import as background jobs: a dry run (``proef``) and, after it, the import itself.

Asked for in a request (``vraag_proef_aan``, ``vraag_uitvoering_aan``), run by the worker. The
uploaded file is a blob in storage; the job's row (``Achtergrondtaak``) is the import: its id is
the import id of the pages. Each run stores its report as a JSON blob and writes an audit row
(``vergunning.import_proef`` / ``vergunning.import_uitgevoerd``, object ``vergunning_import``
with the import id) that names the report; the pages find the report through that row, so no
table of its own is needed. Progress goes to huey's key-value store (the same backend as the
queue), outside the job's transaction, so the page can poll it while the job still runs.

Registered on import (``jobs.registry``): the views import this module to enqueue, and the
worker imports the views through ``create_app``.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from handhaving.audit import services as audit
from handhaving.audit.models import AuditRegel
from handhaving.auth.models import Gebruiker
from handhaving.errors import OngeldigeOvergang
from handhaving.jobs.models import Achtergrondtaak
from handhaving.jobs import voortgang as voortgang_
from handhaving.jobs.queue import enqueue
from handhaving.jobs.registry import taak
from handhaving.storage import get_opslag
from handhaving.vergunningen.acties import VergunningActie
from handhaving.vergunningen.importeren import ImportFout, Rapport, importeer
from handhaving.vergunningen.importeren_lezen import controleer_kopregel


PROEF = "vergunningen.import_proef"
UITVOEREN = "vergunningen.import_uitvoeren"
AUDIT_OBJECT = "vergunning_import"
VOORTGANG = "vergunningen-import"  # key prefix of the progress in huey's store


# --- progress and outcome (``jobs.voortgang``) ------------------------------------------------

def melder(import_id: int, proef: bool):
    """A progress callback for ``importeer`` (huey's key-value store, outside the transaction)."""
    return voortgang_.melder(VOORTGANG, import_id, proef)


def voortgang(import_id: int) -> dict | None:
    return voortgang_.voortgang(VOORTGANG, import_id)


# --- the jobs -------------------------------------------------------------------------------------

def _audit_rij(session: Session, actie: str, import_id: int) -> AuditRegel | None:
    return voortgang_.auditregel(session, actie, AUDIT_OBJECT, import_id)


def _run(session: Session, import_id: int, proef: bool) -> None:
    actie = VergunningActie.IMPORT_PROEF if proef else VergunningActie.IMPORT_UITGEVOERD
    if _audit_rij(session, actie, import_id) is not None:
        return  # ran and committed before (a retry after the commit, a second delivery)
    bron = session.get(Achtergrondtaak, import_id)
    gemeente_id, bestand, bestandsnaam, gebruiker_id = json.loads(bron.argumenten)
    user = session.get(Gebruiker, gebruiker_id) if gebruiker_id else None
    raw = get_opslag().get(bestand)
    try:
        rapport = importeer(session, gemeente_id, raw, proef=proef, user=user, bestandsnaam=bestandsnaam,
                            voortgang=melder(import_id, proef))
    except ImportFout as e:
        rapport = Rapport(proef=proef, bestandsnaam=bestandsnaam,
                          fouten=[{"regel": 1, "kolom": "", "melding": e.message}])
    sleutel = get_opslag().put(json.dumps(rapport.als_dict(), ensure_ascii=False).encode("utf-8")).key
    audit.record(session, actie, audit.SUCCES if not rapport.fouten else audit.MISLUKT,
                 object_type=AUDIT_OBJECT, object_id=import_id, gemeente_id=gemeente_id,
                 actor_id=getattr(user, "id", None), actor=getattr(user, "gebruikersnaam", None),
                 details={"rapport": sleutel, "bestand": bestand, "bestandsnaam": bestandsnaam[:200],
                          "rijen": rapport.rijen, "fouten": len(rapport.fouten), "duur_s": rapport.duur_s,
                          **rapport.aantallen})


@taak(retries=2, retry_delay=10, naam=PROEF, omschrijving="Vergunningenregister importeren: proef")
def import_proef(session, sleutel: str, gemeente_id: int, bestand: str, bestandsnaam: str,
                 gebruiker_id: int | None) -> None:
    """Check the file against the register and report what would change; writes nothing but its report."""
    import_id = session.scalar(select(Achtergrondtaak.id).where(Achtergrondtaak.taak_sleutel == sleutel))
    _run(session, import_id, proef=True)


@taak(retries=2, retry_delay=10, naam=UITVOEREN, omschrijving="Vergunningenregister importeren: uitvoeren")
def import_uitvoeren(session, sleutel: str, import_id: int) -> None:
    """Write the checked file to the register, all or nothing."""
    _run(session, import_id, proef=False)


# --- asking for them (request) ----------------------------------------------------------------------

def vraag_proef_aan(session: Session, user, gemeente_id: int, raw: bytes, bestandsnaam: str) -> int:
    """Check the head of the file now (a CSV's header line, a workbook's structure: a wrong column
    is answered at once, nothing stored), store the file and queue the dry run, which reads the
    whole file; flush only. Returns the import id.

    :raise ImportFout: the file cannot be read as this import (Dutch message)."""
    controleer_kopregel(raw, bestandsnaam or "")
    blob = get_opslag().put(raw)
    rij = enqueue(session, import_proef, gemeente_id, blob.key, (bestandsnaam or "")[:200], user.id,
                  sleutel=f"vergunningen-import:proef:{uuid.uuid4().hex}", gemeente_id=gemeente_id,
                  aangevraagd_door_id=user.id)
    return rij.id


@dataclass
class ImportStand(voortgang_.ImportStand):
    rapport_klasse = Rapport


def get_import(session: Session, gemeente_ids: list[int], import_id: int) -> ImportStand | None:
    """The import if it belongs to one of these gemeenten, else None (the view answers 404)."""
    return voortgang_.laad_stand(session, ImportStand, gemeente_ids=gemeente_ids, import_id=import_id,
                                 proef_taak=PROEF, uitvoer_sleutel=_uitvoer_sleutel(import_id),
                                 proef_actie=VergunningActie.IMPORT_PROEF,
                                 uitvoer_actie=VergunningActie.IMPORT_UITGEVOERD, audit_object=AUDIT_OBJECT)


def _uitvoer_sleutel(import_id: int) -> str:
    return f"vergunningen-import:uitvoeren:{import_id}"


def vraag_uitvoering_aan(session: Session, user, stand: ImportStand) -> Achtergrondtaak:
    """Queue the import of a dry run without errors; asking twice queues it once. Flush only."""
    if stand.uitvoer_taak is None and not stand.kan_uitvoeren:
        raise OngeldigeOvergang("Importeren kan pas na een proefimport zonder fouten. Verbeter het bestand en "
                                "laad het opnieuw.")
    return enqueue(session, import_uitvoeren, stand.id, sleutel=_uitvoer_sleutel(stand.id),
                   gemeente_id=stand.gemeente_id, aangevraagd_door_id=user.id)
