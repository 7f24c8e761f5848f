"""huey's own consumer (the one ``flask taken worker`` runs) picks the job up; ``taken lijst`` shows failures."""
import signal
import threading

from sqlalchemy import select

from handhaving.auth.models import Gemeente
from handhaving.jobs import registry
from handhaving.jobs.models import Achtergrondtaak, TaakStatus
from handhaving.jobs.queue import enqueue
from tests.jobs.conftest import drain
from tests.jobs.voorbeeldtaken import faalt

DONE = threading.Event()


@registry.taak(retries=0, naam="test.consumer", omschrijving="Consumer-test")
def consumer_taak(session, sleutel: str, gemeente_id: int) -> None:
    session.get(Gemeente, gemeente_id).regio = "door de worker"
    DONE.set()


def test_real_consumer_runs_the_job(app, world, session, queue):
    DONE.clear()
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    consumer = queue.consumer(workers=2)
    consumer.start()
    try:
        with app.app_context():
            enqueue(session, consumer_taak, world["a"].id, sleutel="consumer:1")
            session.commit()
        assert DONE.wait(10), "de worker voerde de taak niet uit"
    finally:
        # Graceful: waits until the running job recorded its outcome.
        consumer.stop(graceful=True)
        for s, h in handlers.items():
            signal.signal(s, h)
    session.expire_all()
    row = session.execute(select(Achtergrondtaak).where(Achtergrondtaak.taak_sleutel == "consumer:1")).scalar_one()
    assert row.status == TaakStatus.KLAAR and row.pogingen == 1
    assert session.get(Gemeente, world["a"].id).regio == "door de worker"


def test_taken_lijst_shows_failed_jobs(app, world, session, sqlite_queue):
    runner = app.test_cli_runner()
    assert "Geen mislukte taken." in runner.invoke(args=["taken", "lijst"]).output
    with app.app_context():
        enqueue(session, faalt, world["a"].id, sleutel="faalt:cli", gemeente_id=world["a"].id)
        session.commit()
    drain(sqlite_queue)
    result = runner.invoke(args=["taken", "lijst"])
    assert result.exit_code == 0
    assert "test.faalt" in result.output and "pogingen 3" in result.output and "sleutel faalt:cli" in result.output
    assert "RuntimeError: Bestand rapport-42.pdf kon niet worden geschreven" in result.output


def test_worker_refuses_immediate_mode(app, db, monkeypatch):
    from handhaving.jobs.queue import JobQueue, make_huey

    monkeypatch.setitem(app.extensions, "handhaving_jobs",
                        JobQueue(app, make_huey({"JOBS_BACKEND": "immediate", "INSTANCE_DIR": "/tmp"})))
    result = app.test_cli_runner().invoke(args=["taken", "worker"])
    assert result.exit_code == 1 and "immediate" in result.output
