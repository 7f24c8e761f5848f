"""The gemeente's norms for the overbewoning indicators (domain brief §7); the beheerder sets
them under Beheer → Gemeente-instellingen. The keys predate this module (they were declared
by locaties), so values a gemeente already set stay in force."""
from decimal import Decimal

from handhaving.instellingen import DECIMAAL, GEHEEL, Instelling

NORM_M2 = Instelling(
    "overbewoning_norm_m2", "Norm overbewoning", "Minimale gebruiksoppervlakte per ingeschreven persoon in een "
    "woning; daaronder krijgt het adres de indicator overbewoning (Bouwbesluit 2012 art. 7.18, nu Bbl).",
    DECIMAAL, Decimal("12"), "m² per persoon", 1, 100)
NORM_STANDPLAATS_M2 = Instelling(
    "overbewoning_norm_standplaats_m2", "Norm overbewoning standplaats", "Dezelfde norm voor een woonwagen op "
    "een standplaats.", DECIMAAL, Decimal("6"), "m² per persoon", 1, 100)
VOLWASSENEN_DREMPEL = Instelling(
    "volwassenen_drempel", "Drempel volwassenen zonder gezamenlijk huishouden", "Vanaf dit aantal volwassenen, "
    "verdeeld over meer dan één huishouden, krijgt een adres een aanvullende indicator (lokale regel voor "
    "kamerverhuur of omzetting).", GEHEEL, 4, "personen", 1, 50)
VERLOOP_DREMPEL = Instelling(
    "verloop_drempel", "Drempel verloop inschrijvingen", "Vanaf dit aantal inschrijvingen op één object in de "
    "laatste 12 maanden krijgt het een aanvullende indicator (veel wisselende bewoners).",
    GEHEEL, 6, "inschrijvingen per 12 maanden", 1, 200)

ALLE = (NORM_M2, NORM_STANDPLAATS_M2, VOLWASSENEN_DREMPEL, VERLOOP_DREMPEL)
