"""Audit actions of the Bibob register (imports nothing of the app)."""
from enum import StrEnum


class BibobActie(StrEnum):
    GELEZEN = "bibob.gelezen"
