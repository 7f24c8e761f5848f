from handhaving.controles.acties import ControleActie
from handhaving.controles.instellingen import INSTELLINGEN
from handhaving.controles.permissions import POLICY
from handhaving.controles.views import bp
from handhaving.domein import Domein, Menu, Startkaart

DOMEIN = Domein(
    naam="controles", blueprint=bp, url_prefix="/controles", policy=POLICY,
    menu=Menu("controles.index", "Controles"),
    startkaart=Startkaart("controles.vandaag", "Controles",
                          "Uw controles van vandaag, de planning en de voorgestelde controles."),
    audit_acties=ControleActie, modellen="handhaving.controles.models",
    instellingen=INSTELLINGEN)
