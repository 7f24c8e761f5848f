"""Audit actions of the subjects register (imports nothing of the app)."""
from enum import StrEnum


class SubjectActie(StrEnum):
    AANGEMAAKT = "subject.aangemaakt"
    GEWIJZIGD = "subject.gewijzigd"
    GELEZEN = "subject.gelezen"
    RELATIE_TOEGEVOEGD = "subject.relatie_toegevoegd"
    RELATIE_VERWIJDERD = "subject.relatie_verwijderd"
