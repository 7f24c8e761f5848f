"""File storage: photos, generated PDFs and attachments behind one interface.

``STORAGE_BACKEND`` chooses where blobs live: ``lokaal`` (files under
``<INSTANCE_DIR>/bestanden``, the embedded default) or ``s3`` (S3-compatible
object storage, the ``S3_*`` settings). Blobs are content-addressed (SHA-256);
the meaning of a blob (name, type, owner) belongs in the domain's table.
Uploads pass ``uploads.controleer_upload`` first; files leave only through
``serve.bestand_response`` in a route that checked access.
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from handhaving.config import ConfigError
from handhaving.storage.base import (
    BestandBeschadigd, BestandNietGevonden, OngeldigeSleutel, Opslag, OpslagFout, StoredObject, check_key,
)
from handhaving.storage.local import LokaleOpslag

__all__ = [
    "BACKENDS", "BestandBeschadigd", "BestandNietGevonden", "OngeldigeSleutel", "Opslag", "OpslagFout",
    "StoredObject", "build_opslag", "check_key", "get_opslag", "init_app",
]

BACKENDS = ("lokaal", "s3")
EXTENSION = "handhaving_opslag"


def local_root(config) -> Path:
    return Path(config.get("STORAGE_DIR") or Path(config["INSTANCE_DIR"]) / "bestanden").resolve()


def build_opslag(config, static_folder: str | None = None) -> Opslag:
    """The backend that ``config`` asks for. Connects to nothing yet."""
    backend = (config.get("STORAGE_BACKEND") or "lokaal").strip().lower()
    if backend == "lokaal":
        root = local_root(config)
        if static_folder:
            web_root = Path(static_folder).resolve()
            if root == web_root or web_root in root.parents or root in web_root.parents:
                raise ConfigError(f"STORAGE_DIR {root} ligt in of boven de webroot {web_root}: bestanden "
                                  "mogen alleen via een route met toegangscontrole naar buiten.")
        return LokaleOpslag(root)
    if backend == "s3":
        if not config.get("S3_BUCKET"):
            raise ConfigError("STORAGE_BACKEND=s3 maar S3_BUCKET ontbreekt.")
        # boto3 is only imported when it is used: it adds a noticeable start-up time.
        from handhaving.storage.s3 import S3Opslag

        try:
            return S3Opslag(
                config["S3_BUCKET"], endpoint_url=config.get("S3_ENDPOINT_URL"),
                region=config.get("S3_REGION"), access_key_id=config.get("S3_ACCESS_KEY_ID"),
                secret_access_key=config.get("S3_SECRET_ACCESS_KEY"), sse=config.get("S3_SSE") or "",
                sse_kms_key_id=config.get("S3_SSE_KMS_KEY_ID"), checksum=config.get("S3_CHECKSUM") or "sha256",
            )
        except ValueError as exc:
            raise ConfigError(str(exc)) from exc
    raise ConfigError(f"Onbekende STORAGE_BACKEND {backend!r}: kies 'lokaal' of 's3'.")


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = build_opslag(app.config, app.static_folder)


def get_opslag() -> Opslag:
    """The app's storage backend."""
    return current_app.extensions[EXTENSION]
