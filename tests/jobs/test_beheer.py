"""A failed job is shown to the beheerder of its gemeente, and only there; "opnieuw" queues it again."""
from sqlalchemy import select

from handhaving.audit.models import AuditRegel
from handhaving.auth.models import Rol
from handhaving.jobs.acties import TaakActie
from handhaving.jobs.models import Achtergrondtaak, TaakStatus
from handhaving.jobs.queue import enqueue
from tests.helpers import csrf_for, login
from tests.jobs.conftest import drain
from tests.jobs.voorbeeldtaken import RUNS, faalt


def _failed_job(app, session, queue, gemeente, sleutel="faalt:beheer"):
    with app.app_context():
        row = enqueue(session, faalt, gemeente.id, sleutel=sleutel, gemeente_id=gemeente.id)
        session.commit()
    drain(queue)
    session.expire_all()
    row = session.get(Achtergrondtaak, row.id)
    assert row.status == TaakStatus.MISLUKT
    return row


def test_failed_job_visible_to_beheerder_of_its_gemeente_only(app, make_client, world, session, queue):
    taak = _failed_job(app, session, queue, world["a"])

    own = make_client()
    login(own, session, world["users"][("9901", Rol.BEHEERDER)])
    page = own.get("/beheer/taken")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Mislukt altijd (test)" in html and f"#{taak.id}" in html
    assert "RuntimeError: Bestand rapport-42.pdf kon niet worden geschreven" in html
    assert 'data-label="Pogingen" role="cell">3</td>' in html
    assert own.get("/beheer/gebruikers").get_data(as_text=True).count("/beheer/taken") == 1  # link in the action row

    other = make_client()
    login(other, session, world["users"][("9902", Rol.BEHEERDER)])
    html = other.get("/beheer/taken").get_data(as_text=True)
    assert "rapport-42" not in html and f"#{taak.id}" not in html
    resp = other.post(f"/beheer/taken/{taak.id}/opnieuw", data={"csrf_token": csrf_for(other)})
    assert resp.status_code == 404
    session.expire_all()
    assert session.get(Achtergrondtaak, taak.id).status == TaakStatus.MISLUKT


def test_job_requested_by_beheerder_without_gemeente_is_visible_to_them(app, make_client, world, session,
                                                                          queue):
    beheerder_b = world["users"][("9902", Rol.BEHEERDER)]
    with app.app_context():
        enqueue(session, faalt, world["a"].id, sleutel="faalt:eigen", aangevraagd_door_id=beheerder_b.id)
        session.commit()
    drain(queue)
    client = make_client()
    login(client, session, beheerder_b)
    assert "Mislukt altijd (test)" in client.get("/beheer/taken").get_data(as_text=True)
    client_a = make_client()
    login(client_a, session, world["users"][("9901", Rol.BEHEERDER)])
    assert "Mislukt altijd (test)" not in client_a.get("/beheer/taken").get_data(as_text=True)


def test_opnieuw_queues_the_job_again_and_is_audited(app, make_client, world, session, queue):
    taak = _failed_job(app, session, queue, world["a"])
    RUNS.clear()
    client = make_client()
    beheerder = world["users"][("9901", Rol.BEHEERDER)]
    login(client, session, beheerder)
    resp = client.post(f"/beheer/taken/{taak.id}/opnieuw", data={"csrf_token": csrf_for(client)})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/beheer/taken")
    session.expire_all()
    assert session.get(Achtergrondtaak, taak.id).status == TaakStatus.QUEUED
    audit = session.execute(select(AuditRegel).where(AuditRegel.actie == TaakActie.OPNIEUW_AANGEBODEN)).scalar_one()
    assert audit.actor_id == beheerder.id and audit.object_id == str(taak.id) and audit.gemeente_id == world["a"].id
    assert queue.huey.pending_count() == 1  # handed to the queue after the request committed
    assert drain(queue) == 3
    assert len(RUNS) == 3
    session.expire_all()
    row = session.get(Achtergrondtaak, taak.id)
    assert row.status == TaakStatus.MISLUKT and row.pogingen == 6

    # A job that is not failed (or stuck) cannot be offered again.
    row.status = TaakStatus.KLAAR
    session.commit()
    resp = client.post(f"/beheer/taken/{taak.id}/opnieuw", data={"csrf_token": csrf_for(client)},
                       follow_redirects=True)
    assert "Alleen een mislukte of vastgelopen taak" in resp.get_data(as_text=True)
    assert queue.huey.pending_count() == 0


def test_broker_down_after_commit_keeps_the_redirect(app, make_client, world, session, queue, monkeypatch,
                                                    caplog):
    """An exception in an after-commit step (here: handing the job to the queue)
    does not turn a committed request into an error page."""
    taak = _failed_job(app, session, queue, world["a"])
    client = make_client()
    login(client, session, world["users"][("9901", Rol.BEHEERDER)])
    token = csrf_for(client)

    def broker_down(self, sleutel, definitie):
        raise ConnectionError("Redis weg")

    monkeypatch.setattr(type(queue), "send", broker_down)
    resp = client.post(f"/beheer/taken/{taak.id}/opnieuw", data={"csrf_token": token})
    assert resp.status_code == 302
    assert "After-commit step failed" in caplog.text
    session.expire_all()
    assert session.get(Achtergrondtaak, taak.id).status == TaakStatus.QUEUED  # committed
    assert client.get("/beheer/taken").status_code == 200
