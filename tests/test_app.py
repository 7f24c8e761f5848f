import pytest

from handhaving import create_app
from handhaving.config import DEFAULT_SECRET, ConfigError


def test_factory_builds_an_app(app):
    assert app.config["TESTING"]
    assert {"auth", "locaties", "controles", "vergunningen", "bibob", "beheer", "core"} <= set(app.blueprints)


def test_production_refuses_default_secret(monkeypatch):
    monkeypatch.setenv("HANDHAVING_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"SECRET_KEY": DEFAULT_SECRET, "DATABASE_URL": "sqlite://"})


def test_production_refuses_debug(monkeypatch):
    monkeypatch.setenv("HANDHAVING_ENV", "production")
    with pytest.raises(ConfigError, match="Debug"):
        create_app({"SECRET_KEY": "k" * 48, "DEBUG": True, "DATABASE_URL": "sqlite://"})


def test_production_starts_with_strong_secret(monkeypatch):
    monkeypatch.setenv("HANDHAVING_ENV", "production")
    app = create_app({"SECRET_KEY": "k" * 48, "DATABASE_URL": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_NAME"].startswith("__Host-")


def test_health_checks_the_database(client):
    resp = client.get("/health")
    assert resp.status_code == 200
    assert resp.get_json() == {"status": "ok", "database": "ok"}
