from handhaving.controles.acties import ControleActie
from handhaving.controles.permissions import POLICY
from handhaving.controles.views import bp
from handhaving.domein import Domein, Menu, Startkaart
from handhaving.instellingen import GEHEEL, Instelling

DOMEIN = Domein(
    naam="controles", blueprint=bp, url_prefix="/controles", policy=POLICY,
    menu=Menu("controles.index", "Controles"),
    startkaart=Startkaart("controles.index", "Controles",
                          "Prostitutie- en integrale controles. In opbouw: nu alleen het overzicht."),
    audit_acties=ControleActie, modellen="handhaving.controles.models",
    instellingen=(
        Instelling("controle_termijn_maanden", "Controletermijn", "Na zoveel maanden zonder controle komt een "
                   "vergund adres op de lijst met voorgestelde controles.", GEHEEL, 12, "maanden", 1, 60),
        Instelling("hercontrole_termijn_weken", "Termijn hercontrole", "Binnen zoveel weken na een overtreding "
                   "wordt een hercontrole voorgesteld.", GEHEEL, 6, "weken", 1, 52),
        Instelling("minimumleeftijd_sekswerker", "Minimumleeftijd sekswerker", "Leeftijd die de APV voor "
                   "sekswerkers vraagt (strafrechtelijk 18; veel APV's 21). De controlelijst toetst hieraan.",
                   GEHEEL, 21, "jaar", 18, 30),
    ))
