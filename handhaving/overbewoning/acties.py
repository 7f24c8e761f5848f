"""Audit actions of overbewoning (imports nothing of the app)."""
from enum import StrEnum


class OverbewoningActie(StrEnum):
    BRP_IMPORT = "overbewoning.brp_import"
    HOTSPOTS_BEKEKEN = "overbewoning.hotspots_bekeken"
    CONTROLE_GEPLAND = "overbewoning.controle_gepland"
    BEOORDEELD = "overbewoning.beoordeeld"
    BRP_PROEF = "overbewoning.brp_proef"
