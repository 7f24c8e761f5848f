"""Audit actions of overbewoning (imports nothing of the app)."""
from enum import StrEnum


class OverbewoningActie(StrEnum):
    BRP_IMPORT = "overbewoning.brp_import"
    HOTSPOTS_BEKEKEN = "overbewoning.hotspots_bekeken"
    CONTROLE_GEPLAND = "overbewoning.controle_gepland"
    BEOORDEELD = "overbewoning.beoordeeld"
    # The web import's jobs (object ``brp_import_taak``, the job's id): the dry run, and applying it.
    # Their details name the stored report; a refused upload is a BRP_PROEF "mislukt" without object.
    BRP_PROEF = "overbewoning.brp_proef"
    BRP_TOEGEPAST = "overbewoning.brp_toegepast"
    # A beheerder supplied the area of an object the BAG gives none (standplaats, ligplaats).
    OPPERVLAKTE_OPGEGEVEN = "overbewoning.oppervlakte_opgegeven"
