"""``flask --app handhaving brp …``: import BRP occupancy counts."""
import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

brp_cli = AppGroup("brp", help="BRP-tellingen (bewoning per adres) importeren.")


@brp_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--gemeente", "gemeente_code", required=False, help="Gemeentecode, bv. 9901 (verplicht bij meer gemeenten).")
@click.option("--peildatum", type=click.DateTime(formats=["%Y-%m-%d", "%d-%m-%Y"]), default=None,
              help="Peildatum als het bestand geen kolom peildatum heeft.")
@click.option("--volledig/--aanvulling", "volledig", default=None,
              help="Verplicht. --volledig: het bestand bevat alle adressen met ingeschreven personen; een object dat "
                   "er niet in staat krijgt 0 op de peildatum. --aanvulling: andere objecten houden hun telling.")
@click.option("--dry-run", is_flag=True, help="Alleen melden wat er zou veranderen.")
def brp_import(path: Path, gemeente_code: str | None, peildatum, volledig: bool | None, dry_run: bool):
    """Importeer een CSV met BRP-tellingen (zie docs/brp-import.md)."""
    if volledig is None:
        # A full file zeroes every count it lacks: that must be a choice, never a default.
        click.echo("Geef --volledig (het bestand vervangt de tellingen van de gemeente) of --aanvulling (alleen "
                   "deze adressen). Er is niets geïmporteerd.", err=True)
        sys.exit(2)
    from handhaving.auth.models import Gemeente
    from handhaving.db import unit_of_work
    from handhaving.overbewoning.importeren import ImportFout, importeer

    try:
        with unit_of_work() as session:
            gemeenten = session.execute(select(Gemeente).order_by(Gemeente.code)).scalars().all()
            if gemeente_code:
                gemeente = next((g for g in gemeenten if g.code == gemeente_code.zfill(4)), None)
            else:
                gemeente = gemeenten[0] if len(gemeenten) == 1 else None
            if gemeente is None:
                click.echo("Onbekende gemeente: geef --gemeente met de gemeentecode." if gemeente_code else
                           "Geef --gemeente met de gemeentecode.", err=True)
                sys.exit(2)
            rapport = importeer(session, gemeente.id, path.read_bytes(), proef=dry_run, bestandsnaam=path.name,
                                peildatum=peildatum.date() if peildatum else None, volledig=volledig)
            if dry_run or rapport.fouten_totaal:
                session.rollback()  # nothing to keep
    except ImportFout as exc:
        click.echo(exc.message, err=True)
        sys.exit(2)
    click.echo(rapport.samenvatting())
    if rapport.fouten_totaal:
        sys.exit(1)
