"""What reaches the logs (review finding 10): no forged lines, no SQL parameters,
and demo secrets only for demo data."""
import logging

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from handhaving.audit.models import AuditRegel
from handhaving.auth.models import Inlogpoging
from handhaving.auth.services import authenticate
from handhaving.auth.acties import AuthActie


def test_failed_login_username_is_neutralised_and_capped(app, session, caplog):
    typed = "jan\r\n2026-11-23 INFO audit auth.inloggen succes\u202e" + "x" * 5000
    with caplog.at_level(logging.INFO), app.test_request_context("/inloggen", method="POST"):
        authenticate(session, typed, "wat dan ook", "10.0.0.1")
        from handhaving.audit.services import flush_pending
        flush_pending()
    poging = session.execute(select(Inlogpoging)).scalars().all()[-1]
    assert len(poging.account) <= 80
    for value in [poging.account] + [r.getMessage() for r in caplog.records]:
        assert "\r" not in value and "\n" not in value and "\u202e" not in value
    row = session.execute(select(AuditRegel).order_by(AuditRegel.id.desc())).scalars().first()
    assert row.actie == AuthActie.INLOGGEN and "\n" not in row.object_id


def test_sql_parameters_are_not_in_errors_or_logs(app, session, world):
    """A 500 logs its traceback; the SQL may be there, its parameters (personal data) not."""
    with pytest.raises(IntegrityError) as exc:
        session.execute(text("INSERT INTO gemeente (id, code, naam, regio, mfa_alle_rollen) "
                             "VALUES (:id, '9901', :naam, 'r', false)"),
                        {"id": 777, "naam": "PARAMETER-CANARY"})
    session.rollback()
    assert "PARAMETER-CANARY" not in str(exc.value)
    assert "hidden" in str(exc.value)


def test_demo_seed_is_refused_in_production(app, monkeypatch):
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 1 and "niet beschikbaar in productie" in result.output
