"""Audit actions of controles (imports nothing of the app)."""
from enum import StrEnum


class ControleActie(StrEnum):
    STATUS_GEWIJZIGD = "controle.status_gewijzigd"
    WIJZIGEN_GEWEIGERD = "controle.wijzigen_geweigerd"
