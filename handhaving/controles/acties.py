"""Audit actions of controles (imports nothing of the app)."""
from enum import StrEnum


class ControleActie(StrEnum):
    GEPLAND = "controle.gepland"
    PLANNING_GEWIJZIGD = "controle.planning_gewijzigd"
    STATUS_GEWIJZIGD = "controle.status_gewijzigd"
    WIJZIGEN_GEWEIGERD = "controle.wijzigen_geweigerd"
    GESTART = "controle.gestart"
    VASTLEGGING_OPGESLAGEN = "controle.vastlegging_opgeslagen"
    BEVINDING_VASTGELEGD = "controle.bevinding_vastgelegd"
    BEVINDING_VERWIJDERD = "controle.bevinding_verwijderd"
    BEVINDING_OPGELOST = "controle.bevinding_opgelost"
    BEVINDING_TIJD_GECORRIGEERD = "controle.bevinding_tijd_gecorrigeerd"
    PERSOON_VASTGELEGD = "controle.persoon_vastgelegd"
    PERSOON_VERWIJDERD = "controle.persoon_verwijderd"
    SEKSWERKERS_GELEZEN = "controle.sekswerkers_gelezen"
    FOTO_TOEGEVOEGD = "controle.foto_toegevoegd"
    FOTO_VERWIJDERD = "controle.foto_verwijderd"
    FOTO_BEKEKEN = "controle.foto_bekeken"
    ONDERTEKEND = "controle.ondertekend"
    HANDTEKENING_BEKEKEN = "controle.handtekening_bekeken"
    ADDENDUM_TOEGEVOEGD = "controle.addendum_toegevoegd"
    HERCONTROLE_GEPLAND = "controle.hercontrole_gepland"
    RAPPORT_AANGEVRAAGD = "controle.rapport_aangevraagd"
    RAPPORT_GEMAAKT = "controle.rapport_gemaakt"
    RAPPORT_MISLUKT = "controle.rapport_mislukt"
    RAPPORT_GEDOWNLOAD = "controle.rapport_gedownload"
    # Beheer
    TYPEN_GELADEN = "controle.typen_geladen"
    SJABLOON_GEWIJZIGD = "controle.sjabloon_gewijzigd"
    SJABLOON_GEPUBLICEERD = "controle.sjabloon_gepubliceerd"
    AANWIJZING_GEWIJZIGD = "controle.aanwijzing_gewijzigd"
    # The offline tablet (issue 14). One row per bundle; the services it calls audit their own changes.
    # Parts of a photo are not audited one by one: the finished photo is (FOTO_TOEGEVOEGD).
    OFFLINE_PAKKET = "controle.offline_pakket"
    SYNC_ONTVANGEN = "controle.sync_ontvangen"
    SYNC_GEWEIGERD = "controle.sync_geweigerd"
