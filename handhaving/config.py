"""Deploy-time configuration, read from the environment in one place.

Admin-editable settings (per gemeente) live in the database, not here.
"""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRET = "dev-only-niet-in-productie"


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "ja", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def _instance_secret(instance: Path) -> str | None:
    """The per-installation key that scripts/setup.sh writes for local use."""
    path = instance / "secret_key"
    return path.read_text().strip() if path.exists() else None


def load_config() -> dict:
    """Settings for the current environment (HANDHAVING_ENV)."""
    env = os.environ.get("HANDHAVING_ENV", "development")
    instance = Path(os.environ.get("HANDHAVING_INSTANCE", PROJECT_ROOT / "instance"))
    secure = _bool("HANDHAVING_HTTPS", env == "production")
    return {
        "ENV_NAME": env,
        "DEBUG": _bool("FLASK_DEBUG", False),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or _instance_secret(instance) or DEFAULT_SECRET,
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", f"sqlite:///{instance / 'handhaving.db'}"
        ),
        "INSTANCE_DIR": str(instance),
        # Served over HTTPS: Secure cookies with the __Host- prefix and HSTS.
        "HTTPS": secure,
        "SESSION_COOKIE_NAME": "__Host-handhaving" if secure else "handhaving",
        "SESSION_COOKIE_SECURE": secure,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "PREFERRED_URL_SCHEME": "https" if secure else "http",
        # Idle 20 min and absolute 10 h: a field shift plus the office, no longer (ASVS 7.3).
        "SESSION_IDLE_MINUTES": _int("SESSION_IDLE_MINUTES", 20),
        "SESSION_ABSOLUTE_HOURS": _int("SESSION_ABSOLUTE_HOURS", 10),
        "PASSWORD_MIN_LENGTH": _int("PASSWORD_MIN_LENGTH", 12),
        # Login throttling (per account and per IP, in the database).
        "LOGIN_WINDOW_MINUTES": _int("LOGIN_WINDOW_MINUTES", 15),
        "LOGIN_DELAY_AFTER": _int("LOGIN_DELAY_AFTER", 5),
        "LOGIN_LOCK_AFTER": _int("LOGIN_LOCK_AFTER", 10),
        "LOGIN_IP_LOCK_AFTER": _int("LOGIN_IP_LOCK_AFTER", 50),
        # CSRF tokens live as long as a session may (absolute timeout).
        "WTF_CSRF_TIME_LIMIT": _int("SESSION_ABSOLUTE_HOURS", 10) * 3600,
        "WTF_CSRF_SSL_STRICT": secure,
        "MAX_CONTENT_LENGTH": _int("MAX_CONTENT_LENGTH", 16 * 1024 * 1024),
        # Map background tiles, e.g. PDOK BRT-Achtergrondkaart; empty = no background.
        "MAP_TILE_URL": os.environ.get("MAP_TILE_URL", ""),
        "MAP_TILE_ATTRIBUTION": os.environ.get("MAP_TILE_ATTRIBUTION", ""),
        # Reverse proxies in front of gunicorn (X-Forwarded-For/Proto hops to trust).
        "PROXY_HOPS": _int("PROXY_HOPS", 0),
    }


class ConfigError(RuntimeError):
    pass


def check_production_safety(config: dict) -> None:
    """Refuse to run production with a known secret or the debugger on."""
    if config["ENV_NAME"] != "production":
        return
    if config["SECRET_KEY"] in (DEFAULT_SECRET, "", None) or len(config["SECRET_KEY"]) < 32:
        raise ConfigError("SECRET_KEY ontbreekt of is te kort (minimaal 32 tekens) in productie.")
    if config["DEBUG"]:
        raise ConfigError("Debugmodus staat aan in productie; zet FLASK_DEBUG uit.")
