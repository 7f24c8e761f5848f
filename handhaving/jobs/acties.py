"""Audit actions of the background jobs (imports nothing of the app)."""
from enum import StrEnum


class TaakActie(StrEnum):
    OPNIEUW_AANGEBODEN = "taak.opnieuw_aangeboden"
