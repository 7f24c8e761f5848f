"""``flask --app handhaving gemeente …``: put a gemeente into service."""
from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from handhaving.db import unit_of_work
from handhaving.errors import OngeldigeInvoer

gemeente_cli = AppGroup("gemeente", help="Gemeenten in gebruik nemen.")


@gemeente_cli.command("toevoegen")
@click.option("--code", required=True, help="CBS-gemeentecode, vier cijfers (bv. 0034).")
@click.option("--naam", required=True, help="Naam van de gemeente.")
@click.option("--regio", required=True, help="Regio (RIEC-gebied).")
def toevoegen(code: str, naam: str, regio: str):
    """Voeg een gemeente toe aan deze installatie."""
    from handhaving.beheer.installatie import gemeente_toevoegen

    try:
        with unit_of_work() as session:
            gemeente = gemeente_toevoegen(session, code, naam, regio)
            click.echo(f"Gemeente {gemeente.code} {gemeente.naam} ({gemeente.regio}) toegevoegd.")
    except OngeldigeInvoer as exc:
        click.echo(exc.message, err=True)
        sys.exit(2)
    click.echo("Maak nu de eerste beheerder: flask --app handhaving gemeente eerste-beheerder "
               f"--gemeente {gemeente.code} --gebruikersnaam … --naam …")


@gemeente_cli.command("eerste-beheerder")
@click.option("--gemeente", "gemeente_code", required=True, help="CBS-gemeentecode.")
@click.option("--gebruikersnaam", required=True)
@click.option("--naam", required=True, help="Volledige naam.")
@click.option("--email", default=None, help="E-mailadres (werk).")
def eerste_beheerder_cmd(gemeente_code: str, gebruikersnaam: str, naam: str, email: str | None):
    """Maak de eerste functioneel beheerder van een gemeente, met een eenmalig wachtwoord."""
    from handhaving.beheer.installatie import eerste_beheerder

    try:
        with unit_of_work() as session:
            user, wachtwoord = eerste_beheerder(session, gemeente_code, gebruikersnaam, naam, email)
    except OngeldigeInvoer as exc:
        click.echo(exc.message, err=True)
        sys.exit(2)
    click.echo(f"Beheerder {user.gebruikersnaam} aangemaakt. Eenmalig wachtwoord (wordt niet bewaard):")
    click.echo(f"  {wachtwoord}")
    click.echo("Geef het persoonlijk door. Bij de eerste keer inloggen kiest de beheerder een eigen wachtwoord "
               "en koppelt een authenticator-app.")


@gemeente_cli.command("lijst")
def lijst():
    """Toon de gemeenten van deze installatie."""
    from handhaving.auth.models import Gemeente

    with unit_of_work(write=False) as session:
        for g in session.execute(select(Gemeente).order_by(Gemeente.code)).scalars():
            click.echo(f"{g.code}  {g.naam:<30} {g.regio}")
