"""Security headers on every response, error pages and static files included."""
from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import current_app, g, request


def csp_nonce() -> str:
    nonce = g.get("csp_nonce")
    if nonce is None:
        nonce = g.csp_nonce = secrets.token_urlsafe(18)
    return nonce


def _img_sources() -> str:
    sources = ["'self'", "data:"]
    tiles = current_app.config.get("MAP_TILE_URL")
    if tiles:
        parts = urlsplit(tiles)
        if parts.scheme and parts.netloc:
            sources.append(f"{parts.scheme}://{parts.netloc}")
    return " ".join(sources)


def content_security_policy() -> str:
    nonce = csp_nonce()
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        f"style-src 'self' 'nonce-{nonce}'",
        f"img-src {_img_sources()}",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ])


def apply(response):
    h = response.headers
    h["Content-Security-Policy"] = content_security_policy()
    h["X-Content-Type-Options"] = "nosniff"
    h["Referrer-Policy"] = "same-origin"
    h["X-Frame-Options"] = "DENY"
    h["Cross-Origin-Opener-Policy"] = "same-origin"
    h["Permissions-Policy"] = "camera=(self), geolocation=(self), microphone=()"
    if current_app.config.get("HTTPS"):
        h["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if request.endpoint != "static" or response.status_code >= 400:
        # Pages carry case data, and an error is no asset: never keep them in a
        # browser or proxy cache.
        h["Cache-Control"] = "no-store"
        h["Pragma"] = "no-cache"
    elif "Cache-Control" not in h:
        # Own assets: may be cached, but revalidated (ETag) so a deploy shows at once.
        h["Cache-Control"] = "no-cache"
    return response
