"""After-commit steps run after the request committed; their failure is logged, never shown."""
from handhaving import web
from handhaving.auth.models import Rol
from tests.helpers import login


def _with_failing_after_commit_step(app, monkeypatch, ran):
    """Every request gets an after-commit step that raises (as a broken housekeeping step would)."""
    def add_step():
        def step():
            ran.append(True)
            raise RuntimeError("after-commit kapot")
        web.after_commit(step)

    funcs = {key: list(value) for key, value in app.before_request_funcs.items()}
    funcs.setdefault(None, []).append(add_step)
    monkeypatch.setattr(app, "before_request_funcs", funcs)


def test_failing_after_commit_step_keeps_a_200(app, make_client, world, session, monkeypatch, caplog):
    client = make_client()
    login(client, session, world["users"][("9901", Rol.TOEZICHTHOUDER)])
    ran = []
    _with_failing_after_commit_step(app, monkeypatch, ran)
    resp = client.get("/")
    assert resp.status_code == 200 and ran
    assert "Er ging iets mis" not in resp.get_data(as_text=True)
    assert "After-commit step failed on GET /" in caplog.text


def test_after_commit_steps_do_not_run_after_a_rollback(app, make_client, world, session, monkeypatch):
    client = make_client()
    login(client, session, world["users"][("9901", Rol.TOEZICHTHOUDER)])
    ran = []
    _with_failing_after_commit_step(app, monkeypatch, ran)
    # A toezichthouder on a beheer page: 403, the request's transaction is rolled back.
    assert client.get("/beheer/gebruikers").status_code == 403
    assert ran == []


def test_committed_change_is_never_reported_as_not_saved(app, make_client, world, session, monkeypatch):
    """If the security events cannot be written after a commit, the page fails closed,
    but says the change was saved (so the user does not send it twice)."""
    from sqlalchemy.exc import OperationalError

    from tests.helpers import csrf_for

    client = make_client()
    login(client, session, world["users"][("9901", Rol.TOEZICHTHOUDER)])
    token = csrf_for(client)

    def audit_down():
        raise OperationalError("INSERT INTO audit_log", {}, Exception("disk full"))

    monkeypatch.setattr(web, "flush_pending", audit_down)
    resp = client.post("/account/sessies", data={"csrf_token": token})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 503 and "Uw wijziging is opgeslagen" in html and "niets half opgeslagen" not in html
    # A read that could not be audited: the plain fail-closed page.
    resp = client.get("/")
    assert resp.status_code == 503 and "Uw wijziging is opgeslagen" not in resp.get_data(as_text=True)
