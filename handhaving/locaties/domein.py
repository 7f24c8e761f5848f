from handhaving.domein import Domein, Menu, Startkaart
from handhaving.locaties.acties import LocatieActie
from handhaving.locaties.permissions import POLICY
from handhaving.locaties.views import bp

DOMEIN = Domein(
    naam="locaties", blueprint=bp, url_prefix="/locaties", policy=POLICY,
    menu=Menu("locaties.index", "Locaties"),
    startkaart=Startkaart("locaties.index", "Locaties", "Adressen en panden uit de BAG zoeken."),
    audit_acties=LocatieActie, modellen="handhaving.locaties.models")
