"""``flask --app handhaving cbs …``: import the CBS Wijk- en Buurtkaart."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from handhaving.db import unit_of_work
from handhaving.locaties.cbs.importeren import import_cbs
from handhaving.locaties.cbs.lezen import CbsImportFout

cbs_cli = AppGroup("cbs", help="CBS wijken en buurten importeren.")


@cbs_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--jaar", type=int, default=None,
              help="Jaar van de grenzen, als het bestand geen jaarstatcode heeft (bv. 2025).")
@click.option("--gemeente", "gemeenten", multiple=True, help="Alleen deze gemeentecode(s), bv. 0034.")
@click.option("--dry-run", is_flag=True, help="Alleen melden wat er zou veranderen.")
def cbs_import(path: Path, jaar: int | None, gemeenten: tuple[str, ...], dry_run: bool):
    """Importeer de CBS Wijk- en Buurtkaart (GeoPackage, GeoJSON of TopoJSON) en geef elk adres zijn buurt.

    Exitcode 0: geïmporteerd (of proefimport in orde); 1: objecten afgekeurd, niets
    geïmporteerd; 2: het bestand is onbruikbaar, niets geïmporteerd.
    """
    try:
        with unit_of_work() as session:
            rapport = import_cbs(session, path, jaar=jaar, gemeente_codes=list(gemeenten) or None,
                                 dry_run=dry_run, bestandsnaam=path.name)
            if not rapport.ok or dry_run:
                session.rollback()  # nothing to keep; the unit of work then commits nothing
    except CbsImportFout as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    click.echo(rapport.samenvatting())
    if not rapport.ok:
        sys.exit(1)
