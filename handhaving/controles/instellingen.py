"""Per-gemeente settings the controles domain reads (edited at /beheer/gemeenten)."""
from handhaving.instellingen import GEHEEL, Instelling

CONTROLE_TERMIJN = Instelling(
    "controle_termijn_maanden", "Controletermijn", "Na zoveel maanden zonder controle komt een eerder "
    "gecontroleerd adres op de lijst met voorgestelde controles.", GEHEEL, 12, "maanden", 1, 60)
HERCONTROLE_TERMIJN = Instelling(
    "hercontrole_termijn_weken", "Termijn hercontrole", "Binnen zoveel weken na een overtreding wordt een "
    "hercontrole voorgesteld en gepland.", GEHEEL, 6, "weken", 1, 52)
MINIMUMLEEFTIJD_SEKSWERKER = Instelling(
    "minimumleeftijd_sekswerker", "Minimumleeftijd sekswerker", "Leeftijd die de APV voor sekswerkers vraagt "
    "(strafrechtelijk 18; veel APV's 21). De controlelijst toetst hieraan.", GEHEEL, 21, "jaar", 18, 30)
OVERTREDING_TERUGKIJK = Instelling(
    "overtreding_terugkijk_maanden", "Eerdere overtredingen", "Een adres met een ernstige bevinding in "
    "zoveel maanden komt op de lijst met voorgestelde controles, als het sindsdien niet is gecontroleerd.",
    GEHEEL, 24, "maanden", 1, 120)
# At most the 10 minutes beyond which the tablet's sync is refused altogether (sync.KLOKMARGE).
KLOKVERSCHIL_TOLERANTIE = Instelling(
    "klokverschil_tolerantie_minuten", "Tolerantie klokverschil", "Loopt de klok van een tablet meer af dan "
    "dit, dan staat dat als waarschuwing bij de bevinding en in het rapport; de tijd van het apparaat blijft "
    "bewaard. Ook de marge waarmee tijden van het apparaat met de start en de ontvangst worden vergeleken.",
    GEHEEL, 5, "minuten", 1, 10)

INSTELLINGEN = (CONTROLE_TERMIJN, HERCONTROLE_TERMIJN, MINIMUMLEEFTIJD_SEKSWERKER, OVERTREDING_TERUGKIJK,
                KLOKVERSCHIL_TOLERANTIE)
