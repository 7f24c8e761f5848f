from handhaving.domein import Domein, Menu, Startkaart
from handhaving.historie.acties import HistorieActie
from handhaving.historie.permissions import POLICY
from handhaving.historie.views import bp

DOMEIN = Domein(
    naam="historie", blueprint=bp, url_prefix="/historie", policy=POLICY,
    menu=Menu("historie.index", "Historie"),
    startkaart=Startkaart("historie.index", "Historie",
                          "Wat er eerder speelde rond een persoon, onderneming of adres: vergunningen, weigeringen, "
                          "intrekkingen, controles en bevindingen."),
    audit_acties=HistorieActie)
