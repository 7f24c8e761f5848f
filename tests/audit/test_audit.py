"""The audit log: append-only in the database, hash-chained, written with the change."""
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from handhaving.audit import services as audit
from handhaving.audit.models import AuditRegel
from handhaving.auth.models import Gebruiker, Rol
from tests.factories import make_gemeente, make_user
from handhaving.security.acties import KernActie


def _rows(session, n=3):
    for i in range(n):
        audit.record(session, "test.actie", audit.SUCCES, object_type="test", object_id=i, actor="tester")
    session.flush()
    return session.execute(select(AuditRegel).order_by(AuditRegel.id)).scalars().all()


def test_bio_fields_and_chain(session):
    rows = _rows(session)
    first = rows[0]
    assert first.vorige_hash == audit.GENESIS
    for prev, row in zip(rows, rows[1:]):
        assert row.vorige_hash == prev.hash
    assert all(r.tijdstip and r.actie and r.resultaat and r.oorsprong for r in rows)
    assert audit.verify_chain(session).ok


def test_update_is_refused_by_the_database(session):
    row = _rows(session, 1)[0]
    with pytest.raises(DBAPIError, match="append-only"):
        with session.begin_nested():
            session.execute(text("UPDATE audit_log SET actie = 'weg' WHERE id = :id"), {"id": row.id})


def test_delete_is_refused_by_the_database(session):
    row = _rows(session, 1)[0]
    with pytest.raises(DBAPIError, match="append-only"):
        with session.begin_nested():
            session.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": row.id})


def test_truncate_is_refused(session):
    _rows(session, 1)
    # SQLite has no TRUNCATE; its equivalent is an unqualified DELETE.
    stmt = "TRUNCATE audit_log" if session.get_bind().dialect.name == "postgresql" else "DELETE FROM audit_log"
    with pytest.raises(DBAPIError, match="append-only"):
        with session.begin_nested():
            session.execute(text(stmt))


def _tamper(session, row_id):
    """What a superuser could do: switch the guard off and edit a row."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update"))
    else:
        session.execute(text("DROP TRIGGER audit_log_no_update"))
    session.execute(text("UPDATE audit_log SET actor = 'iemand anders' WHERE id = :id"), {"id": row_id})
    session.expire_all()


def test_tampering_is_found_at_exactly_that_row(session):
    rows = _rows(session, 5)
    _tamper(session, rows[2].id)
    result = audit.verify_chain(session)
    assert not result.ok and result.broken_id == rows[2].id and result.checked == 2


def test_cli_verify(app, db, session):
    rows = _rows(session, 3)
    session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["audit", "verify"], catch_exceptions=False)
    assert result.exit_code == 0 and "in orde" in result.output
    _tamper(session, rows[1].id)
    session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and f"vanaf regel {rows[1].id}" in result.output


def test_log_injection_is_neutralised(session):
    row = audit.record(session, "test.actie", audit.MISLUKT, object_type="account",
                       object_id="eve\r\nFAKE audit ok", actor="x")
    assert "\n" not in row.object_id and "\r" not in row.object_id


def test_change_and_audit_roll_back_together(session):
    """A fault after the audit insert leaves neither the change nor its audit row."""
    g = make_gemeente(session, "9901", "Dalveen")
    user = make_user(session, "piet", [(g, Rol.TOEZICHTHOUDER)])
    session.commit()
    before = session.execute(select(AuditRegel.id)).all()
    from handhaving.auth.services import set_active
    try:
        with session.begin_nested():
            set_active(session, user, False, "test van terugdraaien")
            raise RuntimeError("stroomstoring")
    except RuntimeError:
        pass
    session.expire_all()
    assert session.get(Gebruiker, user.id).actief is True
    assert session.execute(select(AuditRegel.id)).all() == before


def test_denial_is_logged_although_request_rolls_back(app, client, session, world):
    from tests.helpers import login
    login(client, session, world["users"][("9901", Rol.TOEZICHTHOUDER)])
    assert client.get("/beheer/gebruikers").status_code == 403
    session.expire_all()
    row = session.execute(select(AuditRegel).where(AuditRegel.actie == KernActie.AUTORISATIE_GEWEIGERD)).scalar_one()
    assert row.resultaat == "geweigerd" and row.object_id == "beheer.gebruikers"
    assert row.actor == "toezichthouder.9901" and "GET /beheer/gebruikers" in row.oorsprong


def test_no_secrets_in_the_log(app, client, session, world):
    from tests.helpers import PASSWORD, login
    login(client, session, world["users"][("9901", Rol.BURGEMEESTER)])
    session.expire_all()
    everything = " ".join(str(v) for r in session.execute(select(AuditRegel)).scalars()
                          for v in (r.details, r.object_id, r.reden, r.oorsprong))
    assert PASSWORD not in everything
    secret = world["users"][("9901", Rol.BURGEMEESTER)].totp_secret
    assert secret not in everything


def test_runtime_role_may_only_insert_into_audit_log(session):
    """PostgreSQL: the app's own role cannot change or remove audit rows, nor the guard."""
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite has no database roles; the triggers above guard it")
    from handhaving.db import grant_app_role

    _rows(session, 1)
    grant_app_role(session.connection(), "handhaving_app")
    session.execute(text("SET LOCAL ROLE handhaving_app"))
    audit.record(session, "test.als_app_rol", audit.SUCCES, actor="app")  # INSERT works
    for stmt in ("UPDATE audit_log SET actie = 'x'", "DELETE FROM audit_log",
                 "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update", "TRUNCATE audit_log"):
        with pytest.raises(DBAPIError, match="permission denied|must be owner"):
            with session.begin_nested():
                session.execute(text(stmt))
    session.execute(text("RESET ROLE"))


def test_confidential_read_not_shown_when_it_cannot_be_audited(app, client, session, world, monkeypatch):
    """Fail closed: if the read-audit cannot be written, the Bibob list is not shown."""
    from sqlalchemy.exc import OperationalError

    from handhaving.bibob.models import BibobOnderzoek, BibobStatus
    from tests.helpers import login
    user = world["users"][("9901", Rol.COORDINATOR)]
    session.add(BibobOnderzoek(gemeente_id=world["a"].id, zaaknummer="BIB-FAILCLOSED-CANARY",
                               status=BibobStatus.EIGEN_ONDERZOEK, aanleiding="aanvraag"))
    session.commit()
    login(client, session, user)

    def broken(events):
        raise OperationalError("INSERT INTO audit_log", {}, Exception("disk full"))

    monkeypatch.setattr(audit, "write_events", broken)
    resp = client.get("/bibob/")
    assert resp.status_code == 503
    assert "BIB-FAILCLOSED-CANARY" not in resp.get_data(as_text=True)
