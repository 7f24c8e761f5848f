"""A warning when the app probably runs behind a reverse proxy without PROXY_HOPS.

Without PROXY_HOPS the app takes the proxy's address for every user's address:
the per-IP login limit then counts all users of an office together.
"""
from __future__ import annotations

import logging

from flask import request

log = logging.getLogger(__name__)

WARNING = ("PROXY_HOPS staat op 0: draait u achter een reverse proxy, zet dan PROXY_HOPS; "
           "anders delen alle gebruikers één IP-adres voor de inlogbeperking.")


def init_app(app) -> None:
    """Warn at start-up in production, and at the first request that carries
    X-Forwarded-For (once per process: one app per gunicorn worker)."""
    if app.config.get("PROXY_HOPS"):
        return
    if app.config.get("ENV_NAME") == "production":
        log.warning(WARNING)
    warned = False

    @app.before_request
    def _warn_forwarded_without_hops():
        nonlocal warned
        if not warned and "X-Forwarded-For" in request.headers:
            warned = True
            log.warning("%s (Er kwam een verzoek binnen met X-Forwarded-For.)", WARNING)
