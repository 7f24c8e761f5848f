"""Audit actions of the Bibob register (imports nothing of the app). Details never carry the
content of a dossier: only ids, statuses and the reason a user gave."""
from enum import StrEnum


class BibobActie(StrEnum):
    GELEZEN = "bibob.gelezen"
    GEOPEND = "bibob.geopend"          # a dossier opened, with the reason the user gave
    INZAGE_GEWEIGERD = "bibob.inzage_geweigerd"
    AANGEMAAKT = "bibob.aangemaakt"
    STAP = "bibob.stap"
    GEWIJZIGD = "bibob.gewijzigd"
    BETROKKENE = "bibob.betrokkene"
    DOCUMENT = "bibob.document"
    DOCUMENT_GELEZEN = "bibob.document_gelezen"
    TIP = "bibob.tip"
    EXPORT = "bibob.export"
    MANDAAT = "bibob.mandaat"
