"""Handing a stored file to a user: only from a route that has checked access.

A domain route loads its object, checks that this user may see it, and then
returns ``bestand_response(...)``. The read is audited as a security event, so
the row is kept even if the request's transaction rolls back, and it is
written (by the request boundary) before the first byte leaves.
"""
from __future__ import annotations

import logging
import unicodedata
from urllib.parse import quote

from flask import Response, abort, g

from handhaving.audit.services import MISLUKT, SUCCES, record_security_event
from handhaving.storage import get_opslag
from handhaving.storage.base import CHUNK, BestandNietGevonden, OpslagFout, VerifyingReader, check_key
from handhaving.web import render_error

log = logging.getLogger("handhaving.storage")

# Types a browser may show inline; everything else is a download. Never SVG or HTML.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})


def _safe_name(name: str) -> str:
    """A file name for Content-Disposition: no path, no control characters, no quotes."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '";')
    name = name.strip(" .")[:150]
    return name or "bestand"


def content_disposition(download_name: str, inline: bool = False) -> str:
    """``attachment`` (or ``inline``) with an ASCII name and, if needed, the UTF-8 name (RFC 6266)."""
    name = _safe_name(download_name)
    kind = "inline" if inline else "attachment"
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = _safe_name(ascii_name)
    value = f'{kind}; filename="{ascii_name}"'
    if ascii_name != name:
        value += f"; filename*=UTF-8''{quote(name, safe='')}"
    return value


def _stream(reader: VerifyingReader):
    """Yield the blob in chunks, holding the last one back until it verified.

    A blob that does not match its key then ends short of Content-Length: the
    browser reports a failed download instead of saving a damaged file.
    """
    try:
        previous = reader.read(CHUNK)
        while True:
            current = reader.read(CHUNK)  # raises BestandBeschadigd at the end
            if not current:
                if previous:
                    yield previous
                return
            yield previous
            previous = current
    except OpslagFout:
        log.error("Stored file failed its check while being served; download cut off")
        raise
    finally:
        reader.close()


def bestand_response(key: str, download_name: str, mimetype: str, *, audit_actie: str,
                     object_type: str, object_id, gemeente_id: int | None, inline: bool = False,
                     reden: str | None = None) -> Response:
    """The response for a stored file, for a route that has already checked access.

    Writes the audit row (also when the file is missing), sends the file as a
    download (``inline`` only for photos, and only when asked), never cached,
    never sniffed, streamed in chunks.
    """
    check_key(key)
    details = {"sha256": key}
    try:
        reader = get_opslag().open(key)
    except BestandNietGevonden:
        log.error("Stored file %s… of %s %s is missing", key[:12], object_type, object_id)
        record_security_event(audit_actie, MISLUKT, object_type=object_type, object_id=object_id,
                              gemeente_id=gemeente_id, reden=reden, details={**details, "fout": "ontbreekt"})
        abort(404)
    except OpslagFout:
        log.exception("Storage unavailable while serving %s…", key[:12])
        g.rollback = True
        body, code = render_error(503, "De bestandsopslag is even niet bereikbaar. Probeer het over een "
                                       "minuut opnieuw.")
        return Response(body, code, {"Retry-After": "30"}, mimetype="text/html")

    record_security_event(audit_actie, SUCCES, object_type=object_type, object_id=object_id,
                          gemeente_id=gemeente_id, reden=reden, details={**details, "bytes": reader.size})
    show_inline = inline and mimetype in INLINE_TYPES
    response = Response(_stream(reader), mimetype=mimetype if mimetype else "application/octet-stream",
                        direct_passthrough=True)
    response.content_length = reader.size
    response.headers["Content-Disposition"] = content_disposition(download_name, show_inline)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response
