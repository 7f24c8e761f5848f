"""The statutory periods of Wet Bibob as per-gemeente settings (edited at /beheer/gemeenten).

The domain brief marks some as *verify* (the 2020 amendments): they are configuration, not code.
"""
from handhaving.instellingen import GEHEEL, Instelling

LBB_ADVIESTERMIJN = Instelling(
    "bibob_lbb_adviestermijn_weken", "Adviestermijn LBB", "Het Landelijk Bureau Bibob adviseert binnen "
    "zoveel weken na de aanvraag (art. 15 lid 1 Wet Bibob).", GEHEEL, 8, "weken", 1, 26)
LBB_VERLENGING_MAX = Instelling(
    "bibob_lbb_verlenging_max_weken", "Verlenging adviestermijn LBB", "Het LBB kan de adviestermijn één keer "
    "met ten hoogste zoveel weken verlengen (art. 15 lid 2).", GEHEEL, 4, "weken", 0, 12)
ADVIES_HERGEBRUIK = Instelling(
    "bibob_advies_hergebruik_jaren", "Hergebruik van een advies", "Een advies mag zoveel jaar na ontvangst "
    "opnieuw worden gebruikt voor een ander besluit over dezelfde betrokkene (art. 29; 2 jaar in de tekst van "
    "2013, 5 jaar sinds 1-8-2020: controleer).", GEHEEL, 5, "jaar", 1, 10)
ZIENSWIJZE_TERMIJN = Instelling(
    "bibob_zienswijze_termijn_weken", "Termijn zienswijze", "Zoveel weken krijgt de betrokkene voor een "
    "zienswijze (art. 33 Wet Bibob, Awb 4:8).", GEHEEL, 2, "weken", 1, 12)
BESLISTERMIJN = Instelling(
    "bibob_beslistermijn_weken", "Beslistermijn aanvraag", "Gebruikelijke beslistermijn van een aanvraag "
    "(Awb 4:13: redelijk, uiterlijk 8 weken) als het dossier geen eigen einddatum heeft.", GEHEEL, 8, "weken",
    1, 52)
WAARSCHUWING = Instelling(
    "bibob_termijn_waarschuwing_dagen", "Waarschuwing voor een termijn", "Zoveel dagen voordat een termijn "
    "afloopt, staat die als ‘loopt bijna af’ in het termijnenoverzicht.", GEHEEL, 7, "dagen", 1, 60)

INSTELLINGEN = (LBB_ADVIESTERMIJN, LBB_VERLENGING_MAX, ADVIES_HERGEBRUIK, ZIENSWIJZE_TERMIJN, BESLISTERMIJN,
                WAARSCHUWING)
