from handhaving.beheer.acties import BeheerActie
from handhaving.beheer.permissions import POLICY
from handhaving.beheer.views import bp
from handhaving.domein import Domein, Menu, Startkaart

DOMEIN = Domein(
    naam="beheer", blueprint=bp, url_prefix="/beheer", policy=POLICY,
    menu=Menu("beheer.gebruikers", "Beheer"),
    startkaart=Startkaart("beheer.gebruikers", "Beheer", "Gebruikers, rollen en de controle van het auditlog."),
    audit_acties=BeheerActie, modellen="handhaving.beheer.models")
