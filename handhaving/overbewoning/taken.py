"""The web BRP import as background jobs: a dry run (``proef``) and, after it, applying it.

The same pattern as the permit register's import (``handhaving.vergunningen.taken``). Asked for
in a request (``vraag_proef_aan``, ``vraag_uitvoering_aan``), run by the worker: a first import of
300 000 addresses takes about a minute on PostgreSQL, beyond a request's timeout. The uploaded
file is a blob in storage; the dry run's job row (``Achtergrondtaak``) is the import: its id is
the import id of the pages. Each run stores its report as a JSON blob and writes an audit row
(``overbewoning.brp_proef`` / ``overbewoning.brp_toegepast``, object ``brp_import_taak`` with the
import id) that names the report, so no table of its own is needed. Progress goes to huey's
key-value store, outside the job's transaction, so the page can poll it while the job runs.

The file is refused as a whole at upload (``controleer_bestand``: names, BSN, nationality,
unknown columns), in the request: nothing is stored and no job is queued for such a file.
The CLI (``flask brp import``) still runs ``importeer`` itself, synchronously.

Registered on import (``jobs.registry``): the views import this module to enqueue, and the
worker imports the views through ``create_app``.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date

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
from handhaving.overbewoning.acties import OverbewoningActie
from handhaving.overbewoning.importeren import ImportFout, Rapport, controleer_bestand, importeer
from handhaving.storage import get_opslag

PROEF = "overbewoning.brp_import_proef"
UITVOEREN = "overbewoning.brp_import_uitvoeren"
AUDIT_OBJECT = "brp_import_taak"
VOORTGANG = "brp-import"  # key prefix of the progress in huey's store


# --- progress and outcome (``jobs.voortgang``) ------------------------------------------------

def melder(import_id: int, proef: bool):
    """A progress callback for ``importeer`` (huey's key-value store, outside the transaction)."""
    return voortgang_.melder(VOORTGANG, import_id, proef)


def voortgang(import_id: int) -> dict | None:
    return voortgang_.voortgang(VOORTGANG, import_id)


# --- the jobs -------------------------------------------------------------------------------------

def _audit_rij(session: Session, actie: str, import_id: int) -> AuditRegel | None:
    return voortgang_.auditregel(session, actie, AUDIT_OBJECT, import_id)


def _argumenten(bron: Achtergrondtaak) -> tuple[int, str, str, int | None, date | None, bool]:
    # A job queued before ``volledig`` existed has five arguments: it was a supplement.
    gemeente_id, bestand, bestandsnaam, gebruiker_id, peildatum, *rest = json.loads(bron.argumenten)
    return (gemeente_id, bestand, bestandsnaam, gebruiker_id, date.fromisoformat(peildatum) if peildatum else None,
            bool(rest and rest[0]))


def _run(session: Session, import_id: int, proef: bool) -> None:
    actie = OverbewoningActie.BRP_PROEF if proef else OverbewoningActie.BRP_TOEGEPAST
    if _audit_rij(session, actie, import_id) is not None:
        return  # ran and committed before (a retry after the commit, a second delivery)
    bron = session.get(Achtergrondtaak, import_id)
    gemeente_id, bestand, bestandsnaam, gebruiker_id, peildatum, volledig = _argumenten(bron)
    user = session.get(Gebruiker, gebruiker_id) if gebruiker_id else None
    raw = get_opslag().get(bestand)
    try:
        rapport = importeer(session, gemeente_id, raw, proef=proef, user=user, bestandsnaam=bestandsnaam,
                            peildatum=peildatum, voortgang=melder(import_id, proef), volledig=volledig)
    except ImportFout as e:
        # Checked at upload, so only if the rules changed in between: a report with one error.
        rapport = Rapport(proef=proef, bestandsnaam=bestandsnaam, fouten_totaal=1,
                          fouten=[{"regel": 1, "kolom": "", "melding": e.message}])
    # All or nothing: with a refused row importeer has written nothing, only this report and audit row.
    sleutel = get_opslag().put(json.dumps(rapport.als_dict(), ensure_ascii=False).encode("utf-8")).key
    # Counts and keys only, never the file's content.
    audit.record(session, actie, audit.SUCCES if not rapport.fouten_totaal else audit.MISLUKT,
                 object_type=AUDIT_OBJECT, object_id=import_id, gemeente_id=gemeente_id,
                 actor_id=getattr(user, "id", None), actor=getattr(user, "gebruikersnaam", None),
                 details={"rapport": sleutel, "bestand": bestand, "bestandsnaam": bestandsnaam[:200],
                          "sha256": rapport.sha256, "peildatum": peildatum.isoformat() if peildatum else None,
                          "rijen": rapport.rijen, "objecten": rapport.objecten, "fouten": rapport.fouten_totaal,
                          "volledig": volledig, "vervallen": rapport.vervallen,
                          "brp_import_id": rapport.import_id, "duur_s": rapport.duur_s, **rapport.aantallen})


@taak(retries=2, retry_delay=10, naam=PROEF, omschrijving="BRP-tellingen importeren: proef")
def import_proef(session, sleutel: str, gemeente_id: int, bestand: str, bestandsnaam: str,
                 gebruiker_id: int | None, peildatum: str | None, volledig: bool = False) -> None:
    """Check the file against the BAG and the stored counts; writes nothing but its report."""
    import_id = session.scalar(select(Achtergrondtaak.id).where(Achtergrondtaak.taak_sleutel == sleutel))
    _run(session, import_id, proef=True)


@taak(retries=2, retry_delay=10, naam=UITVOEREN, omschrijving="BRP-tellingen importeren: toepassen")
def import_uitvoeren(session, sleutel: str, import_id: int) -> None:
    """Write the checked file's counts, all or nothing."""
    _run(session, import_id, proef=False)


# --- asking for them (request) ----------------------------------------------------------------------

def vraag_proef_aan(session: Session, user, gemeente_id: int, raw: bytes, bestandsnaam: str,
                    peildatum: date | None = None, volledig: bool = False) -> int:
    """Check the file now (personal data or a wrong header is answered at once and nothing is
    stored), store it and queue the dry run; flush only. Returns the import id. ``volledig``: the
    file replaces the gemeente's counts (see ``importeren.importeer``).

    :raise ImportFout: the file is refused as a whole (Dutch message)."""
    controleer_bestand(raw, peildatum)
    blob = get_opslag().put(raw)
    rij = enqueue(session, import_proef, gemeente_id, blob.key, (bestandsnaam or "")[:200], user.id,
                  peildatum.isoformat() if peildatum else None, bool(volledig),
                  sleutel=f"brp-import:proef:{uuid.uuid4().hex}", gemeente_id=gemeente_id,
                  aangevraagd_door_id=user.id)
    return rij.id


@dataclass
class ImportStand(voortgang_.ImportStand):
    rapport_klasse = Rapport

    @property
    def peildatum(self) -> date | None:
        return _argumenten(self.proef_taak)[4]

    @property
    def volledig(self) -> bool:
        return _argumenten(self.proef_taak)[5]

    @property
    def brp_import_id(self) -> int | None:
        """The applied import (``BrpImport``), once the apply job wrote it."""
        return self._details(self.uitvoer_audit).get("brp_import_id")


def get_import(session: Session, gemeente_ids: list[int], import_id: int) -> ImportStand | None:
    """The import if it belongs to one of these gemeenten, else None (the view answers 404)."""
    return voortgang_.laad_stand(session, ImportStand, gemeente_ids=gemeente_ids, import_id=import_id,
                                 proef_taak=PROEF, uitvoer_sleutel=_uitvoer_sleutel(import_id),
                                 proef_actie=OverbewoningActie.BRP_PROEF,
                                 uitvoer_actie=OverbewoningActie.BRP_TOEGEPAST, audit_object=AUDIT_OBJECT)


def recente_imports(session: Session, gemeente_ids: list[int], limit: int = 5) -> list[ImportStand]:
    """The latest web imports of these gemeenten (queued, running or done), newest first."""
    ids = session.execute(select(Achtergrondtaak.id).where(
        Achtergrondtaak.naam == PROEF, Achtergrondtaak.gemeente_id.in_(gemeente_ids))
        .order_by(Achtergrondtaak.id.desc()).limit(limit)).scalars().all()
    return [stand for stand in (get_import(session, gemeente_ids, i) for i in ids) if stand is not None]


def _uitvoer_sleutel(import_id: int) -> str:
    return f"brp-import:uitvoeren:{import_id}"


def vraag_uitvoering_aan(session: Session, user, stand: ImportStand) -> Achtergrondtaak:
    """Queue applying a dry run without errors; asking twice queues it once. Flush only."""
    if stand.uitvoer_taak is None and not stand.kan_uitvoeren:
        raise OngeldigeOvergang("Toepassen kan pas na een proefimport zonder afgewezen regels. Verbeter het "
                                "bestand en laad het opnieuw.")
    return enqueue(session, import_uitvoeren, stand.id, sleutel=_uitvoer_sleutel(stand.id),
                   gemeente_id=stand.gemeente_id, aangevraagd_door_id=user.id)
