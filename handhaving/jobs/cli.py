"""``flask --app handhaving taken worker|lijst``."""
from __future__ import annotations

import sys
import time
import uuid

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import delete, select

from handhaving.db import unit_of_work
from handhaving.jobs import services
from handhaving.jobs.models import Achtergrondtaak, TaakStatus
from handhaving.jobs.ping import ping as ping_taak
from handhaving.jobs.queue import enqueue, get_queue
from handhaving.jobs.registry import alle_taken

taken_cli = AppGroup("taken", help="Achtergrondtaken: de worker en mislukte taken.")


@taken_cli.command("worker")
@click.option("--workers", "-w", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Aantal taken dat tegelijk draait (threads).")
def worker(workers: int):
    """Voer achtergrondtaken uit tot SIGINT/SIGTERM (Ctrl+C stopt netjes na de lopende taken)."""
    queue = get_queue(current_app._get_current_object())
    backend = type(queue.huey).__name__
    if queue.huey.immediate:
        click.echo("JOBS_BACKEND=immediate voert taken direct uit; een worker is niet nodig.", err=True)
        raise SystemExit(1)
    click.echo(f"==> Worker gestart: {workers} thread(s), wachtrij {queue.huey.name} ({backend}), "
               f"{len(alle_taken())} soort(en) taak bekend.")
    queue.consumer(workers=workers).run()


@taken_cli.command("lijst")
def lijst():
    """Toon de mislukte taken van alle gemeenten (nieuwste eerst)."""
    with unit_of_work(write=False) as session:
        taken = services.alle_mislukte_taken(session)
    if not taken:
        click.echo("Geen mislukte taken.")
        return
    click.echo(f"{len(taken)} mislukte taak/taken:")
    for t in taken:
        tijd = t.klaar_op.strftime("%Y-%m-%d %H:%M") if t.klaar_op else "-"
        gemeente = t.gemeente_id if t.gemeente_id is not None else "-"
        click.echo(f"  #{t.id:<6} {tijd}  {t.naam:<32} gemeente {gemeente:<4} pogingen {t.pogingen}  "
                   f"sleutel {t.taak_sleutel}")
        click.echo(f"          fout: {t.laatste_fout or '-'}")


@taken_cli.command("ping")
@click.option("--timeout", default=10.0, show_default=True, help="Seconden wachten op de worker.")
def ping(timeout: float):
    """Controleer of een worker draait: een lege taak moet binnen de tijd klaar zijn (exitcode 1 als niet)."""
    sleutel = f"ping:{uuid.uuid4().hex}"
    start = time.perf_counter()
    with unit_of_work() as session:
        enqueue(session, ping_taak, sleutel=sleutel)
    status = None
    while time.perf_counter() - start < timeout:
        with unit_of_work(write=False) as session:
            status = session.scalar(select(Achtergrondtaak.status).where(Achtergrondtaak.taak_sleutel == sleutel))
        if status == TaakStatus.KLAAR:
            break
        time.sleep(0.01)
    duur = time.perf_counter() - start
    with unit_of_work() as session:
        session.execute(delete(Achtergrondtaak).where(Achtergrondtaak.taak_sleutel == sleutel))
    if status != TaakStatus.KLAAR:
        click.echo(f"Geen worker heeft de taak binnen {timeout:g} s uitgevoerd. Draait "
                   "'flask --app handhaving taken worker'?", err=True)
        sys.exit(1)
    click.echo(f"Worker draait: taak in {duur * 1000:.0f} ms uitgevoerd.")
