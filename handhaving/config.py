"""Deploy-time configuration, read from the environment in one place.

Admin-editable settings (per gemeente) live in the database, not here.
"""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRET = "dev-only-niet-in-productie"
# Exactly these names: "Production" or "prod" must not silently run as development.
ENVIRONMENTS = ("development", "production")
SECRET_HINT = "Maak er een met: python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"


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
    # The key file that scripts/setup.sh writes is for a local installation only;
    # production takes its key from the environment (README, "Productie").
    secret = os.environ.get("SECRET_KEY") or (None if env == "production" else _instance_secret(instance))
    return {
        "ENV_NAME": env,
        "DEBUG": _bool("FLASK_DEBUG", False),
        "SECRET_KEY": secret or DEFAULT_SECRET,
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
        # Per IP a delay, never a lock: behind a proxy or NAT many users share one address.
        "LOGIN_IP_DELAY_AFTER": _int("LOGIN_IP_DELAY_AFTER", 100),
        "LOGIN_IP_DELAY_SECONDS": _int("LOGIN_IP_DELAY_SECONDS", 2),
        # CSRF tokens live as long as a session may (absolute timeout).
        "WTF_CSRF_TIME_LIMIT": _int("SESSION_ABSOLUTE_HOURS", 10) * 3600,
        "WTF_CSRF_SSL_STRICT": secure,
        "MAX_CONTENT_LENGTH": _int("MAX_CONTENT_LENGTH", 16 * 1024 * 1024),
        # Map background tiles, e.g. PDOK BRT-Achtergrondkaart; empty = no background.
        "MAP_TILE_URL": os.environ.get("MAP_TILE_URL", ""),
        "MAP_TILE_ATTRIBUTION": os.environ.get("MAP_TILE_ATTRIBUTION", ""),
        # Reverse proxies in front of gunicorn (X-Forwarded-For/Proto hops to trust).
        "PROXY_HOPS": _int("PROXY_HOPS", 0),
        # Background jobs (huey): "sqlite" (embedded, INSTANCE_DIR/taken.db), "redis", "postgres", "immediate".
        "JOBS_BACKEND": os.environ.get("JOBS_BACKEND", "sqlite"),
        "JOBS_NAME": os.environ.get("JOBS_NAME", "handhaving"),
        "JOBS_SQLITE_PATH": os.environ.get("JOBS_SQLITE_PATH", ""),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "AUDIT_ANCHOR_PATH": os.environ.get("AUDIT_ANCHOR_PATH", ""),  # "": INSTANCE_DIR/audit-anker.log
        # File storage (handhaving/storage): "lokaal" = files under STORAGE_DIR, "s3" = S3-compatible.
        "STORAGE_BACKEND": os.environ.get("STORAGE_BACKEND", "lokaal"),
        "STORAGE_DIR": os.environ.get("STORAGE_DIR", ""),  # "": INSTANCE_DIR/bestanden
        "S3_ENDPOINT_URL": os.environ.get("S3_ENDPOINT_URL", ""),  # "": AWS itself
        "S3_BUCKET": os.environ.get("S3_BUCKET", ""),
        "S3_REGION": os.environ.get("S3_REGION", ""),
        "S3_ACCESS_KEY_ID": os.environ.get("S3_ACCESS_KEY_ID", ""),  # "": boto3's own chain (IAM role)
        "S3_SECRET_ACCESS_KEY": os.environ.get("S3_SECRET_ACCESS_KEY", ""),
        "S3_SSE": os.environ.get("S3_SSE", ""),  # "", "AES256" or "aws:kms"
        "S3_SSE_KMS_KEY_ID": os.environ.get("S3_SSE_KMS_KEY_ID", ""),
        "S3_CHECKSUM": os.environ.get("S3_CHECKSUM", "sha256"),  # "md5" for stores without SHA-256 checksums
        "UPLOAD_MAX_BYTES": _int("UPLOAD_MAX_BYTES", 15 * 1024 * 1024),
        "UPLOAD_MAX_PIXELS": _int("UPLOAD_MAX_PIXELS", 50_000_000),
    }


class ConfigError(RuntimeError):
    pass


def weak_secret(key: str | None) -> str | None:
    """Why ``key`` is not fit to sign sessions and CSRF tokens, or None."""
    if not key or key == DEFAULT_SECRET:
        return "ontbreekt of is de standaardwaarde"
    if len(key.strip()) < 32:
        return "is te kort (minimaal 32 tekens, spaties niet meegeteld)"
    # 32 spaces, "aaaa…" or "abab…" pass a length check but are guessable.
    if len(set(key)) < 10:
        return "heeft te weinig verschillende tekens (lijkt niet willekeurig)"
    return None


def check_production_safety(config: dict) -> None:
    """Refuse unknown environments, and production with a weak or file-based
    secret, the debugger on, or cookies without Secure."""
    env = config["ENV_NAME"]
    if env not in ENVIRONMENTS:
        raise ConfigError(f"Onbekende HANDHAVING_ENV {env!r}: kies precies 'development' of 'production'.")
    if env != "production":
        return
    problem = weak_secret(config["SECRET_KEY"])
    if problem:
        raise ConfigError(f"SECRET_KEY {problem}; in productie komt hij uit de omgeving. {SECRET_HINT}")
    if config["DEBUG"]:
        raise ConfigError("Debugmodus staat aan in productie; zet FLASK_DEBUG uit.")
    if not config["HTTPS"] or not config["SESSION_COOKIE_SECURE"]:
        raise ConfigError("Productie draait alleen achter HTTPS (cookies met Secure, HSTS): "
                          "verwijder HANDHAVING_HTTPS=0.")
