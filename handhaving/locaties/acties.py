"""Audit actions of addresses and imports (imports nothing of the app)."""
from enum import StrEnum


class LocatieActie(StrEnum):
    BAG_IMPORT = "locaties.bag_import"
    CBS_IMPORT = "locaties.cbs_import"
