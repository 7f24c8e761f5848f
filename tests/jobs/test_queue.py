"""Enqueue on commit, run once per key, retry and then fail visibly; on huey's real
SQLite storage and on Redis."""
import pytest
from sqlalchemy import select

from handhaving.auth.models import Gemeente
from handhaving.db import unit_of_work
from handhaving.jobs.models import Achtergrondtaak, TaakStatus
from handhaving.jobs.queue import enqueue
from tests.jobs.conftest import drain
from tests.jobs.voorbeeldtaken import RUNS, faalt, faalt_een_keer, regio_zetten


def _row(session, sleutel):
    session.expire_all()
    return session.execute(select(Achtergrondtaak).where(Achtergrondtaak.taak_sleutel == sleutel)).scalar_one_or_none()


def test_enqueued_in_rolled_back_transaction_never_runs(app, world, session, queue):
    gemeente = world["a"]
    with app.app_context():
        enqueue(session, regio_zetten, gemeente.id, "Noord", sleutel="regio:terug", gemeente_id=gemeente.id)
        session.rollback()
        # The same through the unit of work: an exception rolls it back.
        with pytest.raises(RuntimeError), unit_of_work() as s:
            enqueue(s, regio_zetten, gemeente.id, "Zuid", sleutel="regio:uow", gemeente_id=gemeente.id)
            raise RuntimeError("afgebroken")
    assert queue.huey.pending_count() == 0
    assert drain(queue) == 0
    assert RUNS == []
    assert _row(session, "regio:terug") is None and _row(session, "regio:uow") is None
    assert session.get(Gemeente, gemeente.id).regio == "Testregio"


def test_message_is_sent_only_at_commit(app, world, session, queue):
    with app.app_context():
        enqueue(session, regio_zetten, world["a"].id, "Noord", sleutel="regio:later")
        session.flush()
        assert queue.huey.pending_count() == 0  # written, not committed: nothing in the queue
        session.commit()
    assert queue.huey.pending_count() == 1


def test_committed_job_runs_once_even_if_enqueued_twice(app, world, session, queue):
    gemeente = world["a"]
    with app.app_context():
        first = enqueue(session, regio_zetten, gemeente.id, "Noord", sleutel="regio:1", gemeente_id=gemeente.id)
        again = enqueue(session, regio_zetten, gemeente.id, "Noord", sleutel="regio:1", gemeente_id=gemeente.id)
        session.commit()
        with unit_of_work() as s:
            later = enqueue(s, regio_zetten, gemeente.id, "Noord", sleutel="regio:1", gemeente_id=gemeente.id)
    assert first.id == again.id == later.id
    assert queue.huey.pending_count() == 1
    assert drain(queue) == 1
    # A second delivery of the same message (at-least-once brokers, a re-offer race) does nothing.
    queue.send("regio:1", regio_zetten)
    assert drain(queue) == 1
    assert [r[1] for r in RUNS] == ["regio:1"]
    row = _row(session, "regio:1")
    assert row.status == TaakStatus.KLAAR and row.pogingen == 1 and row.klaar_op is not None
    assert session.get(Gemeente, gemeente.id).regio == "Noord"  # the body's unit of work committed


def test_same_key_for_another_job_is_refused(app, world, session, queue):
    with app.app_context():
        enqueue(session, regio_zetten, world["a"].id, "Noord", sleutel="botsing")
        with pytest.raises(ValueError):
            enqueue(session, faalt, world["a"].id, sleutel="botsing")


def test_arguments_must_be_json(app, world, session, queue):
    with app.app_context(), pytest.raises(TypeError):
        enqueue(session, regio_zetten, world["a"], "Noord", sleutel="geen-json")


def test_failing_job_is_retried_then_failed_with_its_error(app, world, session, queue):
    gemeente = world["a"]
    with app.app_context():
        enqueue(session, faalt, gemeente.id, sleutel="faalt:1", gemeente_id=gemeente.id)
        session.commit()
    assert drain(queue) == 3  # the run and its two retries
    assert len(RUNS) == 3
    row = _row(session, "faalt:1")
    assert row.status == TaakStatus.MISLUKT and row.pogingen == 3
    # Class and message on one line; no stack trace.
    assert row.laatste_fout == "RuntimeError: Bestand rapport-42.pdf kon niet worden geschreven"
    assert session.get(Gemeente, gemeente.id).regio == "Testregio"  # each failed run rolled back


def test_retry_after_delay_succeeds(app, world, session, queue):
    with app.app_context():
        enqueue(session, faalt_een_keer, sleutel="riec:7")
        session.commit()
    assert drain(queue) == 2  # the second attempt came from huey's schedule (retry_delay=60)
    row = _row(session, "riec:7")
    assert row.status == TaakStatus.KLAAR and row.pogingen == 2
    assert row.laatste_fout == "ConnectionError: RIEC-koppeling niet bereikbaar"  # kept as history


def test_send_failure_after_commit_keeps_the_commit(app, world, session, queue, monkeypatch, caplog):
    def broker_down(self, sleutel, definitie):
        raise ConnectionError("broker weg")

    monkeypatch.setattr(type(queue), "send", broker_down)
    with app.app_context(), unit_of_work() as s:
        enqueue(s, regio_zetten, world["a"].id, "Noord", sleutel="regio:brokerweg")
    # No exception from the commit: the row is there, queued, and can be offered again later.
    assert _row(session, "regio:brokerweg").status == TaakStatus.QUEUED
    assert "niet aan de wachtrij gegeven" in caplog.text


def test_unknown_job_fails_without_retry(app, world, session, queue):
    session.add(Achtergrondtaak(taak_sleutel="oud:1", naam="bestaat.niet", argumenten="[]"))
    session.commit()
    queue.send("oud:1", None)
    assert drain(queue) == 1
    row = _row(session, "oud:1")
    assert row.status == TaakStatus.MISLUKT and "Onbekende taak bestaat.niet" in row.laatste_fout
