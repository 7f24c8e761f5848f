"""Enums whose members carry their Dutch label next to the stored value."""
from __future__ import annotations

import enum


class LabelEnum(str, enum.Enum):
    """``GEPLAND = "gepland", "Gepland"``: stored value, then the label users read."""

    label: str

    def __new__(cls, value: str, label: str):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    def __str__(self) -> str:
        return self.value

    @classmethod
    def keuzes(cls) -> list[tuple[str, str]]:
        """(value, label) pairs for a select field."""
        return [(m.value, m.label) for m in cls]
