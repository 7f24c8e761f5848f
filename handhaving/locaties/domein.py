from decimal import Decimal

from handhaving.domein import Domein, Menu, Startkaart
from handhaving.instellingen import DECIMAAL, GEHEEL, Instelling
from handhaving.locaties.acties import LocatieActie
from handhaving.locaties.permissions import POLICY
from handhaving.locaties.views import bp

DOMEIN = Domein(
    naam="locaties", blueprint=bp, url_prefix="/locaties", policy=POLICY,
    menu=Menu("locaties.index", "Locaties"),
    startkaart=Startkaart("locaties.index", "Locaties", "Adressen en panden uit de BAG zoeken."),
    audit_acties=LocatieActie, modellen="handhaving.locaties.models",
    instellingen=(
        Instelling("overbewoning_norm_m2", "Norm overbewoning", "Minimale gebruiksoppervlakte per ingeschreven "
                   "persoon in een woning; daaronder krijgt het adres de indicator overbewoning (Bouwbesluit 2012 "
                   "art. 7.18, nu Bbl).", DECIMAAL, Decimal("12"), "m² per persoon", 1, 100),
        Instelling("overbewoning_norm_standplaats_m2", "Norm overbewoning standplaats", "Dezelfde norm voor een "
                   "woonwagen op een standplaats.", DECIMAAL, Decimal("6"), "m² per persoon", 1, 100),
        Instelling("volwassenen_drempel", "Drempel volwassenen zonder gezamenlijk huishouden", "Vanaf dit aantal "
                   "volwassenen die geen huishouden vormen, krijgt een adres een aanvullende indicator (lokale regel "
                   "voor kamerverhuur of omzetting).", GEHEEL, 4, "personen", 1, 50),
    ))
