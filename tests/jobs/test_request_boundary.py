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
