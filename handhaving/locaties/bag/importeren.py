"""The BAG import as one call: read (streaming), check, store, audit.

All or nothing: every row is validated and the file-wide checks run before
``verblijfsobject`` or ``adres`` is touched; everything happens inside a
SAVEPOINT, so an unexpected database error leaves nothing behind either. The
function only flushes: the caller commits (or rolls back a dry run).
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from handhaving.audit import services as audit
from handhaving.auth.models import Gemeente
from handhaving.locaties.acties import LocatieActie
from handhaving.locaties.bag.lezen import Bron, lees_rijen, open_bestand
from handhaving.locaties.bag.opslaan import Staging
from handhaving.locaties.bag.rapport import ImportReport
from handhaving.locaties.cbs.toewijzen import wijs_buurten_toe
from handhaving.locaties.models import Adres, Verblijfsobject


def import_bag(session: Session, source, *, encoding: str | None = "auto",
               gemeente_codes: list[str] | None = None, dry_run: bool = False,
               bestandsnaam: str | None = None) -> ImportReport:
    """Import an NLExtract ``bagadres-full.csv`` or ``bagadres.csv``.

    ``source``: bytes, a path, or a binary file object (read as a stream).
    ``encoding``: "auto" (UTF-8, else Windows-1252), "utf-8" or "cp1252".
    Raises ImportError_ (Dutch message) when the file is not a BAG export at
    all; row errors are in the report, and then nothing is written.
    """
    report = ImportReport(dry_run=dry_run)
    query = select(Gemeente.id, Gemeente.naam)
    if gemeente_codes:
        query = query.where(Gemeente.code.in_(gemeente_codes))
    gemeenten = {naam.lower(): gemeente_id for gemeente_id, naam in session.execute(query)}
    bron = Bron(source)
    try:
        with session.begin_nested():
            staging = Staging(session.connection())
            _read(staging, bron, encoding, gemeenten, report)
            if not report.errors:
                report.errors.extend(staging.check())
            if not report.errors:
                staging.upsert(report, dry_run)
            staging.drop()
    finally:
        bron.close()
    if report.errors:
        report.errors.sort()
        return report
    if not dry_run:
        # Written with Core: objects loaded before the import would show the old values.
        for obj in list(session.identity_map.values()):
            if isinstance(obj, (Verblijfsobject, Adres)):
                session.expire(obj)
        # New and moved objects get their buurt from the boundaries already imported.
        wijs_buurten_toe(session, sorted(set(gemeenten.values())))
        audit.record(session, LocatieActie.BAG_IMPORT, audit.SUCCES, object_type="bag_bestand",
                     object_id=(bestandsnaam or "")[:64] or None,
                     details={"rijen": report.rows, "vbo_nieuw": report.vbo_new,
                              "vbo_gewijzigd": report.vbo_changed, "adres_nieuw": report.adres_new,
                              "adres_gewijzigd": report.adres_changed,
                              "per_soort": report.objecten_per_soort})
    return report


def _read(staging: Staging, bron: Bron, encoding: str | None, gemeenten: dict[str, int],
          report: ImportReport) -> None:
    """Header first (nothing is created for a file that is not a BAG export), then the rows."""
    reader, full = open_bestand(bron, encoding, report)
    staging.create()
    staging.load(lees_rijen(reader, full, gemeenten, report))
    staging.loaded()
