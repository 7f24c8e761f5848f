"""Command-line tasks: ``flask --app handhaving <group> <command>``."""
from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import click
from flask.cli import AppGroup

from handhaving.config import PROJECT_ROOT
from handhaving.db import get_db, unit_of_work
from handhaving.jobs.cli import taken_cli


def _session():
    return get_db().new_session()


def alembic_config(url: str):
    from alembic.config import Config

    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    cfg.attributes["database_url"] = url
    return cfg


def register_cli(app) -> None:
    audit_cli = AppGroup("audit", help="Auditlog verankeren en controleren.")
    db_cli = AppGroup("db", help="Databaseschema (Alembic).")
    bag_cli = AppGroup("bag", help="BAG-adressen importeren.")
    demo_cli = AppGroup("demo", help="Demogegevens.")
    onderhoud_cli = AppGroup("onderhoud", help="Periodiek onderhoud (cron).")

    @onderhoud_cli.command("opschonen")
    def onderhoud_opschonen():
        """Verwijder inlogpogingen ouder dan 30 dagen, sessies ouder dan 90 dagen en verlopen verzendsleutels."""
        from handhaving.auth.services import housekeeping
        from handhaving.eenmalig.services import BEWAREN_NA_CSRF, opschonen

        with unit_of_work() as session:
            result = housekeeping(session)
            # A form older than its CSRF token cannot be sent any more: its key is no longer needed
            # (without a token limit, keys are kept).
            limiet = app.config.get("WTF_CSRF_TIME_LIMIT")
            sleutels = opschonen(session, timedelta(seconds=limiet) + BEWAREN_NA_CSRF) if limiet else 0
        click.echo(f"Verwijderd: {result['inlogpogingen']} inlogpogingen, {result['sessies']} sessies, "
                   f"{sleutels} verzendsleutels.")

    @audit_cli.command("anker")
    def audit_anker():
        """Schrijf een anker (nieuwste regelnummer en hash) naar het ankerbestand."""
        from handhaving.audit.anchor import anchor_path, write_anchor

        path = anchor_path(app.config)
        session = _session()
        try:
            anchor = write_anchor(session, path)
        except OSError as exc:
            click.echo(f"Anker niet geschreven naar {path}: {exc}", err=True)
            sys.exit(1)
        finally:
            session.close()
        click.echo(f"Anker geschreven: regel {anchor.regel_id}, hash {anchor.hash[:12]}… in {path}")

    @audit_cli.command("verify")
    @click.option("--anker-verplicht/--anker-optioneel", "verplicht", default=None,
                  help="Zonder ankerbestand exitcode 2 (standaard in productie) of alleen een waarschuwing.")
    def audit_verify(verplicht: bool | None):
        """Controleer de hash-keten en de ankers; meldt de eerste aangetaste regel.

        Exitcode 0: in orde; 1: aangetast; 2: geen anker (alleen met --anker-verplicht).
        Schrijft zelf geen anker: schrijven (audit anker) en controleren blijven gescheiden.
        """
        from handhaving.audit.anchor import GEEN_ANKER, anchor_path, verify_anchors
        from handhaving.audit.services import verify_chain

        if verplicht is None:
            # In production a missing anchor means the protection is off (wrong path,
            # cron not running, file removed): make that visible to monitoring.
            verplicht = app.config["ENV_NAME"] == "production"
        session = _session()
        try:
            result = verify_chain(session)
            anchors = verify_anchors(session, anchor_path(app.config))
        finally:
            session.close()
        if not result.ok:
            click.echo(f"AUDITLOG AANGETAST vanaf regel {result.broken_id}: {result.reason} "
                       f"({result.checked} regels daarvoor in orde).", err=True)
        if anchors.problems:
            click.echo(f"AUDITLOG AANGETAST volgens de ankers in {anchors.path}:", err=True)
            for problem in anchors.problems[:20]:
                click.echo(f"  - {problem}", err=True)
            if len(anchors.problems) > 20:
                click.echo(f"  … en nog {len(anchors.problems) - 20} meldingen.", err=True)
        if not result.ok or anchors.problems:
            sys.exit(1)
        if anchors.status == GEEN_ANKER:
            click.echo(f"Hash-keten in orde: {result.checked} regels gecontroleerd.")
            click.echo(f"WAARSCHUWING: Geen anker gevonden in {anchors.path}: het verwijderen van de "
                       "nieuwste regels kan niet worden vastgesteld.", err=True)
            if verplicht:
                sys.exit(2)
            return
        click.echo(f"Auditlog in orde: {result.checked} regels gecontroleerd, "
                   f"{anchors.checked} ankers gecontroleerd ({anchors.path}).")

    @db_cli.command("upgrade")
    def db_upgrade():
        """Breng het schema naar de laatste versie (alembic upgrade head)."""
        from alembic import command

        command.upgrade(alembic_config(app.config["DATABASE_URL"]), "head")

    @db_cli.command("check")
    def db_check():
        """Meld verschil tussen modellen en schema (alembic check)."""
        from alembic import command

        command.check(alembic_config(app.config["DATABASE_URL"]))

    @db_cli.command("grant-app-role")
    @click.argument("role")
    def db_grant_app_role(role: str):
        """PostgreSQL: rechten voor de app-rol; op audit_log alleen lezen en toevoegen."""
        from handhaving.db import grant_app_role

        db = get_db()
        if db.sqlite:
            click.echo("Alleen voor PostgreSQL (SQLite kent geen databaserollen).", err=True)
            sys.exit(1)
        with db.engine.begin() as conn:
            grant_app_role(conn, role)
        click.echo(f"Rechten gezet voor {role}.")

    @bag_cli.command("import")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--encoding", default="auto", help="utf-8, cp1252 of auto (standaard).")
    @click.option("--gemeente", "gemeenten", multiple=True, help="Alleen deze gemeentecode(s), bv. 0034.")
    @click.option("--dry-run", is_flag=True, help="Alleen melden wat er zou veranderen.")
    def bag_import(path: Path, encoding: str, gemeenten: tuple[str, ...], dry_run: bool):
        """Importeer een NLExtract bagadres-full.csv of bagadres.csv."""
        from handhaving.locaties.bag import ImportError_, import_bag

        try:
            with unit_of_work() as session:
                # The path, not its bytes: the importer streams the file.
                report = import_bag(session, path, encoding=encoding,
                                    gemeente_codes=list(gemeenten) or None, dry_run=dry_run,
                                    bestandsnaam=path.name)
                if not report.ok or dry_run:
                    session.rollback()  # nothing to keep; the unit of work then commits nothing
        except ImportError_ as exc:
            click.echo(str(exc), err=True)
            sys.exit(2)
        click.echo(report.summary())
        if not report.ok:
            sys.exit(1)

    @demo_cli.command("seed")
    @click.option("--adressen", default=1500, show_default=True, help="Adressen per gemeente.")
    @click.option("--if-empty", is_flag=True, help="Niets doen als er al gegevens zijn.")
    def demo_seed(adressen: int, if_empty: bool):
        """Maak twee demogemeenten met adressen en een gebruiker per rol."""
        from handhaving import demo

        if app.config["ENV_NAME"] == "production":
            # Demo accounts share one known password and print their TOTP keys.
            click.echo("Demogegevens zijn niet beschikbaar in productie.", err=True)
            sys.exit(1)
        with unit_of_work() as session:
            if not demo.is_empty(session):
                if if_empty:
                    click.echo("Database bevat al gegevens; demogegevens overgeslagen.")
                    return
                click.echo("Database is niet leeg; demogegevens niet toegevoegd.", err=True)
                sys.exit(1)
            logins = demo.seed(session, adressen)
        click.echo("\nDemo-logins (wachtwoord voor allemaal: '%s'):" % demo.DEMO_PASSWORD)
        for login in logins:
            extra = f"  TOTP-sleutel: {login['totp_secret']}" if login["totp_secret"] else ""
            click.echo(f"  {login['gebruikersnaam']:<32} {login['rol']:<33} {login['gemeente']}{extra}")
        click.echo("Deze TOTP-sleutels worden alleen afgedrukt omdat dit fictieve demo-accounts zijn "
                   "(gemeenten Dalveen en Hoogmeer); echte sleutels toont de app nooit buiten de koppelpagina.")
        click.echo("Burgemeester en beheerder hebben een tweede inlogstap: zet de TOTP-sleutel in een "
                   "authenticator-app, of vraag de huidige code op met: "
                   ".venv/bin/flask --app handhaving demo code <gebruikersnaam>")

    @demo_cli.command("code")
    @click.argument("gebruikersnaam")
    def demo_code(gebruikersnaam: str):
        """Toon de huidige TOTP-code van een demo-account (niet in productie)."""
        import pyotp

        from handhaving.demo import totp_secret_for

        if app.config["ENV_NAME"] == "production":
            click.echo("Niet beschikbaar in productie.", err=True)
            sys.exit(1)
        session = _session()
        try:
            secret = totp_secret_for(session, gebruikersnaam.strip().lower(), demo_only=True)
        finally:
            session.close()
        if not secret:
            click.echo("Geen demo-account met een tweede inlogstap onder die naam.", err=True)
            sys.exit(1)
        click.echo(pyotp.TOTP(secret).now())

    from handhaving.beheer.cli import gemeente_cli
    from handhaving.locaties.cbs.cli import cbs_cli
    from handhaving.overbewoning.cli import brp_cli

    for group in (audit_cli, db_cli, bag_cli, demo_cli, onderhoud_cli, taken_cli, gemeente_cli, cbs_cli, brp_cli):
        app.cli.add_command(group)
