from handhaving.domein import Domein, Menu, Startkaart
from handhaving.kaart.permissions import POLICY
from handhaving.kaart.views import bp

DOMEIN = Domein(
    naam="kaart", blueprint=bp, url_prefix="/kaart", policy=POLICY,
    menu=Menu("kaart.index", "Kaart"),
    startkaart=Startkaart("kaart.index", "Kaart",
                          "Vergunningen, controles, bevindingen en overbewoning op één kaart, per wijk en buurt."))
