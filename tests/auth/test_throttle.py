"""The per-IP limit delays, it does not lock (review item 8), and the warning
for a reverse proxy without PROXY_HOPS."""
import logging
import secrets
from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import delete

from handhaving.auth.models import Inlogpoging
from handhaving.auth.services import Blokkade, check_throttle
from handhaving.db import utcnow
from tests.auth.test_login import _post_login, user  # noqa: F401  (fixture)
from tests.helpers import PASSWORD

IP = "192.0.2.10"  # a town hall behind one address


def test_many_failures_from_one_ip_delay_other_accounts_but_never_lock(app, session):
    assert (app.config["LOGIN_IP_DELAY_AFTER"], app.config["LOGIN_IP_DELAY_SECONDS"]) == (100, 2)  # defaults
    last = utcnow()
    for i in range(100):  # one failure each for 100 accounts, within the window
        session.add(Inlogpoging(account=f"medewerker{i}", ip=IP, gelukt=False,
                                op=last - timedelta(seconds=3 * (99 - i))))
    session.flush()
    with app.app_context():
        throttle = check_throttle(session, "burgemeester.dalveen", IP, now=last + timedelta(seconds=1))
        assert throttle.blocked and throttle.reden == Blokkade.WACHT_NETWERK  # a delay, not the lock
        assert 0 < throttle.seconden <= 2
        # Once the delay since the address's last failure has passed: allowed.
        later = last + timedelta(seconds=2.1)
        assert not check_throttle(session, "burgemeester.dalveen", IP, now=later).blocked
        # Other addresses are not affected, and below the limit nothing waits.
        assert not check_throttle(session, "burgemeester.dalveen", "192.0.2.11", now=last).blocked
        session.execute(delete(Inlogpoging).where(Inlogpoging.account == "medewerker0"))
        assert not check_throttle(session, "burgemeester.dalveen", IP, now=last).blocked


def test_ip_delay_at_the_login_page(app, client, session, user):  # noqa: F811
    app.config["LOGIN_IP_DELAY_AFTER"] = 3
    try:
        with freeze_time(utcnow()) as clock:
            for i in range(3):
                _post_login(client, f"onbekend{i}", "fout fout fout fout")
            resp = _post_login(client, "jan.toezicht", PASSWORD)
            assert resp.status_code == 422 and "Wacht 2 seconden" in resp.get_data(as_text=True)
            clock.tick(timedelta(seconds=2.5))
            resp = _post_login(client, "jan.toezicht", PASSWORD)
            assert resp.status_code == 302 and resp.headers["Location"].endswith("/")
    finally:
        app.config["LOGIN_IP_DELAY_AFTER"] = 100


@pytest.fixture
def make_app(migrated):
    from handhaving import create_app

    apps = []

    def make(**config):
        apps.append(create_app({"DATABASE_URL": migrated, "TESTING": True, **config}))
        return apps[-1]

    yield make
    for a in apps:
        a.extensions["handhaving_db"].engine.dispose()


PRODUCTION = {"ENV_NAME": "production", "SECRET_KEY": secrets.token_urlsafe(48), "DEBUG": False,
              "HTTPS": True, "SESSION_COOKIE_SECURE": True}


def _warnings(caplog):
    return [r for r in caplog.records if r.levelno == logging.WARNING and "PROXY_HOPS" in r.getMessage()]


def test_warning_at_start_in_production_without_proxy_hops(make_app, caplog):
    caplog.set_level(logging.WARNING)
    make_app(**PRODUCTION, PROXY_HOPS=0)
    [warning] = _warnings(caplog)
    assert "zet dan PROXY_HOPS" in warning.getMessage()
    assert "delen alle gebruikers één IP-adres" in warning.getMessage()
    caplog.clear()
    make_app(**PRODUCTION, PROXY_HOPS=1)
    make_app(ENV_NAME="development", PROXY_HOPS=0)
    assert _warnings(caplog) == []


def test_warning_once_when_x_forwarded_for_arrives_without_proxy_hops(make_app, caplog):
    caplog.set_level(logging.WARNING)
    client = make_app(PROXY_HOPS=0).test_client()
    assert client.get("/health").status_code == 200
    assert _warnings(caplog) == []
    for _ in range(3):
        client.get("/health", headers={"X-Forwarded-For": "198.51.100.7"})
    assert len(_warnings(caplog)) == 1
    caplog.clear()
    client = make_app(PROXY_HOPS=1).test_client()
    client.get("/health", headers={"X-Forwarded-For": "198.51.100.7"})
    assert _warnings(caplog) == []
