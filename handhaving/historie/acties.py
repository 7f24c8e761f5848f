"""Audit actions of the history search (imports nothing of the app). The details name the
subjects shown (ids), never the query: a name typed into a search is personal data too."""
from enum import StrEnum


class HistorieActie(StrEnum):
    GEZOCHT = "historie.gezocht"
