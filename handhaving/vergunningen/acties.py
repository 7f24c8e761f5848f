"""Audit actions of the permit register (imports nothing of the app)."""
from enum import StrEnum


class VergunningActie(StrEnum):
    STATUS_GEWIJZIGD = "vergunning.status_gewijzigd"
