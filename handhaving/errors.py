"""Domain exceptions: services raise them, one handler (``web.py``) answers them.

A service never returns UI strings; it raises one of these with a Dutch text
meant for the user (no internal details). The request boundary turns them into
403 / 409 / 422 with that text: a page for browsers, a JSON body for APIs.
"""


class DomeinFout(Exception):
    """Base class: ``message`` is shown to the user as is."""

    status = 400
    code = "fout"

    def __init__(self, message: str, problemen: list[str] | None = None, details: dict | None = None):
        super().__init__(message)
        self.message = message
        # Several findings at once (e.g. a password that fails three rules).
        self.problemen = list(problemen or [message])
        # Extra JSON for API clients (e.g. both versions of a conflicting edit).
        self.details = dict(details or {})


class Geweigerd(DomeinFout):
    """The user may not do this to this object."""
    status = 403
    code = "geweigerd"


class OngeldigeOvergang(DomeinFout):
    """The object's status does not allow this step (any more)."""
    status = 409
    code = "ongeldige_overgang"


class VerouderdeVersie(DomeinFout):
    """Someone else changed the object since the user loaded it (optimistic locking)."""
    status = 409
    code = "verouderde_versie"


class OngeldigeInvoer(DomeinFout):
    """The request is understood but its content is not acceptable."""
    status = 422
    code = "ongeldige_invoer"


class OngeldigVerzoek(DomeinFout):
    """The request itself is malformed: a number or date out of range, JSON too deep (400)."""
    status = 400
    code = "ongeldig_verzoek"
