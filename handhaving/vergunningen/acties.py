"""Audit actions of the permit register (imports nothing of the app)."""
from enum import StrEnum


class VergunningActie(StrEnum):
    AANGEMAAKT = "vergunning.aangemaakt"
    GELEZEN = "vergunning.gelezen"
    GEWIJZIGD = "vergunning.gewijzigd"
    STATUS_GEWIJZIGD = "vergunning.status_gewijzigd"
    BETROKKENE_TOEGEVOEGD = "vergunning.betrokkene_toegevoegd"
    BETROKKENE_VERWIJDERD = "vergunning.betrokkene_verwijderd"
    VOORSCHRIFT_TOEGEVOEGD = "vergunning.voorschrift_toegevoegd"
    VOORSCHRIFT_GEWIJZIGD = "vergunning.voorschrift_gewijzigd"
    VOORSCHRIFT_VERVALLEN = "vergunning.voorschrift_vervallen"
    TYPE_GEWIJZIGD = "vergunning.type_gewijzigd"
    IMPORT_PROEF = "vergunning.import_proef"
    IMPORT_UITGEVOERD = "vergunning.import_uitgevoerd"
