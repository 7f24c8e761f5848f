"""Audit actions of the request boundary itself (imports nothing of the app)."""
from enum import StrEnum


class KernActie(StrEnum):
    AUTORISATIE_GEWEIGERD = "autorisatie.geweigerd"
