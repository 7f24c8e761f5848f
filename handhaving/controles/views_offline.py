"""The offline tablet (issue 14): the offline page, its service worker, the day's package and the device key.

Routes (all under ``/controles``):

* ``offline`` (GET ``/controles/offline``) – the app shell. It carries **no personal data**:
  the service worker caches it, so the HTML holds only static text, the CSRF token of the
  session (refreshed from ``offline/sleutel`` before every sync) and the URLs the scripts
  need. Today's controles and the recording form are rendered in the browser from the
  package in IndexedDB, decrypted with the device key. It does not extend ``base.html``,
  because that header shows the user's name.
* ``offline_sleutel`` (GET ``/controles/offline/sleutel``, ``no-store``) – the device key.
* ``service_worker`` (GET ``/controles/sw.js``, public: no data, and a logged-out update
  check must get the script, not a login page) – ``static/js/offline/sw.js`` with its
  cache version and asset list filled in. Scope ``/controles/``.

The package itself (``offline_pakket``) and the sync API (``sync``, ``foto_delen``) live in
``views_sync.py``.

Device key – what it protects and what not
------------------------------------------
The server derives one AES-256 key per login session: HMAC-SHA256 over the session's
token hash (``Sessie.token_hash``, the server-side record of the session) keyed with
``SECRET_KEY``. It is never stored on the server and can be derived again only while that
session exists. The browser imports it with WebCrypto as a **non-extractable** AES-GCM
``CryptoKey`` and keeps that object (not the bytes) in IndexedDB, so it survives a reload
and a browser or tablet restart without a connection. Every record on the device – the
day's package, each draft, each photo (meta data and blob) – is AES-GCM encrypted with a
fresh random 96-bit IV; only a record's kind, controle id, state and timestamps are plain
(needed to count waiting drafts and to enforce the retention without decrypting).

It protects against:
* reading the stored data with tools that read the profile's IndexedDB/Cache files
  without the browser's key handling (a copied Cache Storage or IndexedDB value holds only
  ciphertext; no plaintext canary is found there);
* script code getting the raw key bytes (non-extractable: ``exportKey`` fails);
* stale data: records older than 72 hours are deleted by the page, drafts as soon as the
  server confirms them, photos once the server has the last chunk; at every contact the
  key of the session replaces the old one and keys no record uses are deleted.

It does NOT protect against:
* someone who has the unlocked tablet with the browser profile: the CryptoKey lives in
  that profile, so the page (or anyone driving it) can decrypt. Chromium keeps the key
  material of a non-extractable key inside the profile's IndexedDB files, so a forensic
  copy of an unencrypted disk can recover it. Protection then rests on the tablet's device
  encryption and screen lock (MDM policy), on the 72-hour retention and on wiping at the
  next contact – a documented deviation from ASVS 14.3.3 (requirement 26);
* script injection into the origin (XSS) – the strict nonce CSP is the defence there.

A browser cannot hold a key that survives a restart offline and yet is unusable to the
profile owner; a key kept only in memory would lose every draft on a browser restart
without a connection, which the issue forbids.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from functools import lru_cache
from pathlib import Path

from flask import current_app, g, jsonify, render_template, url_for
from flask_wtf.csrf import generate_csrf

from handhaving.controles.blueprint import bp

STATIC = Path(__file__).resolve().parents[2] / "static"
SW_BESTAND = STATIC / "js" / "offline" / "sw.js"
# What the offline page loads: cached by the service worker (static files only).
SHELL_ASSETS = (
    "vendor/utrecht/design-tokens.css",
    "vendor/utrecht/component-library.css",
    "css/handhaving.css",
    "img/favicon.svg",
    "js/offline/store.js",
    "js/offline/sync.js",
    "js/offline/status.js",
    "js/offline/app.js",
    # Not the offline page's: what the service worker shows for a page or form post under
    # /controles/ that cannot reach the server (static/js/offline/sw.js).
    "offline/niet-verstuurd.html",
    "offline/geen-verbinding.html",
)
RETENTIE_UREN = 72


def sleutel_voor_sessie(secret_key: str | bytes, token_hash: str) -> tuple[bytes, str]:
    """The device key of one login session and its short id (both derived, never stored)."""
    secret = secret_key.encode() if isinstance(secret_key, str) else secret_key
    sleutel = hmac.new(secret, b"handhaving-offline-sleutel|" + token_hash.encode(), hashlib.sha256).digest()
    sleutel_id = hmac.new(secret, b"handhaving-offline-sleutel-id|" + token_hash.encode(),
                          hashlib.sha256).hexdigest()[:16]
    return sleutel, sleutel_id


@bp.get("/offline", endpoint="offline")
def offline():
    return render_template("controles/offline.html", retentie_uren=RETENTIE_UREN)


@bp.get("/offline/sleutel", endpoint="offline_sleutel")
def offline_sleutel():
    sessie = g.get("sessie")
    if sessie is None:  # the policy lets only logged-in users here; be safe anyway
        return jsonify({"fout": "niet_ingelogd", "melding": "Log opnieuw in."}), 401
    sleutel, sleutel_id = sleutel_voor_sessie(current_app.config["SECRET_KEY"], sessie.token_hash)
    resp = jsonify({"sleutel": base64.b64encode(sleutel).decode("ascii"), "id": sleutel_id,
                    "csrf": generate_csrf(), "retentie_uren": RETENTIE_UREN})
    resp.headers["Cache-Control"] = "no-store"
    return resp


@lru_cache(maxsize=4)
def _sw_versie(mtimes: tuple) -> str:
    bron = SW_BESTAND.read_text(encoding="utf-8")
    h = hashlib.sha256(bron.encode())
    for naam in SHELL_ASSETS:
        pad = STATIC / naam
        if pad.exists():
            h.update(naam.encode())
            h.update(pad.read_bytes())
    return h.hexdigest()[:12]


def _sw_response_text() -> str:
    mtimes = tuple((STATIC / n).stat().st_mtime_ns if (STATIC / n).exists() else 0 for n in SHELL_ASSETS)
    versie = _sw_versie(mtimes + (SW_BESTAND.stat().st_mtime_ns,))
    assets = [url_for("static", filename=n) for n in SHELL_ASSETS]
    return (SW_BESTAND.read_text(encoding="utf-8")
            .replace('"__VERSIE__"', json.dumps(versie))
            .replace('"__SHELL__"', json.dumps(url_for("controles.offline")))
            .replace("[/*__ASSETS__*/]", json.dumps(assets)))


@bp.get("/sw.js", endpoint="service_worker")
def service_worker():
    resp = current_app.response_class(_sw_response_text(), mimetype="application/javascript")
    # The global header rule turns this into no-store (stricter; the browser fetches the
    # script afresh on every update check either way).
    resp.headers["Cache-Control"] = "no-cache"
    resp.headers["Service-Worker-Allowed"] = url_for("controles.offline").rsplit("/", 1)[0] + "/"
    return resp
