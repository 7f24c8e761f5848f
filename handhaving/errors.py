"""Domain exceptions: services raise them, views turn them into a message.

A service never returns UI strings; it raises one of these with a Dutch text
meant for the user (no internal details)."""


class DomeinFout(Exception):
    """Base class: ``message`` is shown to the user as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Geweigerd(DomeinFout):
    """The user may not do this to this object (403)."""


class OngeldigeInvoer(DomeinFout):
    """The request is understood but not acceptable (422)."""
