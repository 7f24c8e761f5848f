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
from handhaving.locaties.bag.lezen import (
    Bron,
    Gemeenten,
    ImportError_,
    gemeentecode,
    lees_rijen,
    open_bestand,
)
from handhaving.locaties.bag.opslaan import Staging
from handhaving.locaties.bag.rapport import ImportReport
from handhaving.locaties.cbs.toewijzen import wijs_buurten_toe
from handhaving.locaties.models import Adres, Verblijfsobject


def import_bag(session: Session, source, *, encoding: str | None = "auto",
               gemeente_codes: list[str] | None = None, dry_run: bool = False,
               bestandsnaam: str | None = None) -> ImportReport:
    """Import an NLExtract ``bagadres-full.csv`` or ``bagadres.csv``.

    ``source``: bytes, a path, or a binary file object (read as a stream).
    ``encoding``: "auto" (per line: UTF-8, else Windows-1252), "utf-8" or "cp1252".
    ``gemeente_codes``: only these gemeenten (CBS codes); default: all of this
    installation's. A line belongs to a gemeente by its ``gemeentecode`` column
    where it has one, else by its name (accents, case, hyphens and spaces aside).
    Raises ImportError_ (Dutch message) when the file is not a BAG export at
    all, or holds no line for a selected gemeente (nothing to import is an
    error, not a success); row errors are in the report, and then nothing is written.
    """
    report = ImportReport(dry_run=dry_run)
    gemeenten, gekozen = _gemeenten(session, gemeente_codes)
    bron = Bron(source)
    try:
        with session.begin_nested():
            staging = Staging(session.connection())
            full = _read(staging, bron, encoding, gemeenten, report)
            _controleer_gevonden(gekozen, report, alle=not gemeente_codes)
            if not report.errors:
                report.errors.extend(staging.check())
            if not report.errors:
                staging.upsert(report, dry_run, volledig=full)
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
        wijs_buurten_toe(session, sorted(gemeenten.per_code.values()))
        audit.record(session, LocatieActie.BAG_IMPORT, audit.SUCCES, object_type="bag_bestand",
                     object_id=(bestandsnaam or "")[:64] or None,
                     details={"rijen": report.rows, "vbo_nieuw": report.vbo_new,
                              "vbo_gewijzigd": report.vbo_changed, "adres_nieuw": report.adres_new,
                              "adres_gewijzigd": report.adres_changed,
                              "per_soort": report.objecten_per_soort, "codering": report.encoding,
                              "regels_cp1252": report.cp1252_aantal})
    return report


def _gemeenten(session: Session, codes: list[str] | None) -> tuple[Gemeenten, list[tuple[int, str, str]]]:
    """The gemeenten to import for, and (id, code, naam) of each. A code this
    installation does not have is refused before the file is read."""
    rijen = [tuple(r) for r in session.execute(select(Gemeente.id, Gemeente.code, Gemeente.naam)
                                               .order_by(Gemeente.code))]
    if codes:
        gewenst = [gemeentecode(c) for c in codes]
        onbekend = [c for c in gewenst if c not in {code for _, code, _ in rijen}]
        if onbekend:
            woord = "De gemeentecode" if len(onbekend) == 1 else "De gemeentecodes"
            raise ImportError_(f"{woord} {', '.join(onbekend)} staat niet in deze installatie. "
                               "Er is niets geïmporteerd.")
        rijen = [r for r in rijen if r[1] in gewenst]
    return Gemeenten.van(rijen), rijen


def _controleer_gevonden(gekozen: list[tuple[int, str, str]], report: ImportReport, alle: bool) -> None:
    """An import that finds nothing for a gemeente it was asked for is an error that
    says why (a name spelt otherwise, another gemeente's file), never a quiet success.
    Without a selection (``alle``): an error only when no installed gemeente is found."""
    gevonden = report.regels_per_gemeente
    leeg = [g for g in gekozen if not gevonden.get(g[0])]
    if not leeg or (alle and gevonden):
        return
    namen = " of ".join(f"{naam} ({code})" for _, code, naam in leeg) or "een gemeente van deze installatie"
    in_bestand = sorted(report.skipped_other_gemeente.items(), key=lambda kv: (-kv[1], kv[0]))
    if in_bestand:
        genoemd = ", ".join(f"{naam} ({n} {'regel' if n == 1 else 'regels'})" for naam, n in in_bestand[:10])
        meer = f" en {len(in_bestand) - 10} andere" if len(in_bestand) > 10 else ""
        uitleg = (f" Het bestand noemt: {genoemd}{meer}. Staat de gemeente er anders gespeld in, of is het "
                  "een bestand van een andere gemeente? Een kolom gemeentecode (CBS-code) gaat voor de naam.")
    else:
        uitleg = " Het bestand heeft geen adresregels."
    raise ImportError_(f"Geen enkele regel in het bestand hoort bij {namen}; "
                       f"er is niets geïmporteerd.{uitleg}")


def _read(staging: Staging, bron: Bron, encoding: str | None, gemeenten: Gemeenten,
          report: ImportReport) -> bool:
    """Header first (nothing is created for a file that is not a BAG export), then
    the rows. Returns whether the file is the full layout."""
    reader, full = open_bestand(bron, encoding, report)
    staging.create()
    staging.load(lees_rijen(reader, full, gemeenten, report))
    staging.loaded()
    return full
