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
        create_app({"SECRET_KEY": "Zq8-xY7_wV6" * 4, "DEBUG": True, "DATABASE_URL": "sqlite://"})


def test_production_starts_with_strong_secret(monkeypatch):
    monkeypatch.setenv("HANDHAVING_ENV", "production")
    app = create_app({"SECRET_KEY": "Zq8-xY7_wV6" * 4, "DATABASE_URL": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_NAME"].startswith("__Host-")


def test_health_checks_the_database(client):
    resp = client.get("/health")
    assert resp.status_code == 200
    assert resp.get_json() == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize("env", ["Production", "prod", "PRODUCTION", "productie", ""])
def test_unknown_environment_names_are_refused(monkeypatch, env):
    """Review finding 7: these silently ran as development."""
    monkeypatch.setenv("HANDHAVING_ENV", env)
    with pytest.raises(ConfigError, match="HANDHAVING_ENV"):
        create_app({"SECRET_KEY": "Zq8" * 16, "DATABASE_URL": "sqlite://"})


@pytest.mark.parametrize("key", [" " * 32, "a" * 48, "ab" * 24, "  short-key-with-padding        "])
def test_production_refuses_weak_secrets(monkeypatch, key):
    monkeypatch.setenv("HANDHAVING_ENV", "production")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"SECRET_KEY": key, "DATABASE_URL": "sqlite://"})


def test_production_refuses_https_off(monkeypatch):
    monkeypatch.setenv("HANDHAVING_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "vX3-kQ9_pL2mN7rT5wY8zB4cD6fG1hJ0")
    monkeypatch.setenv("HANDHAVING_HTTPS", "0")
    with pytest.raises(ConfigError, match="HTTPS"):
        create_app({"DATABASE_URL": "sqlite://"})


def test_production_does_not_take_the_key_from_the_instance_file(monkeypatch, tmp_path):
    """The README says production needs SECRET_KEY in the environment; the code now agrees."""
    (tmp_path / "secret_key").write_text("vX3-kQ9_pL2mN7rT5wY8zB4cD6fG1hJ0aa")
    monkeypatch.setenv("HANDHAVING_INSTANCE", str(tmp_path))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("HANDHAVING_ENV", "development")
    assert create_app({"DATABASE_URL": "sqlite://"}).config["SECRET_KEY"].startswith("vX3")
    monkeypatch.setenv("HANDHAVING_ENV", "production")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"DATABASE_URL": "sqlite://"})
