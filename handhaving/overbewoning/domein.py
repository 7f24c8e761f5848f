from handhaving.domein import Adresblok, Domein, Menu, Startkaart
from handhaving.overbewoning import instellingen
from handhaving.overbewoning.acties import OverbewoningActie
from handhaving.overbewoning.permissions import POLICY
from handhaving.overbewoning.views import adresblok, bp

DOMEIN = Domein(
    naam="overbewoning", blueprint=bp, url_prefix="/overbewoning", policy=POLICY,
    menu=(Menu("overbewoning.hotspots", "Overbewoning"), Menu("overbewoning.brp_import", "BRP-tellingen")),
    startkaart=Startkaart("overbewoning.hotspots", "Overbewoning",
                          "Adressen waar de BRP-inschrijvingen wijzen op overbewoning, met de regel, de cijfers en "
                          "de peildatum; van daaruit een huisvestingscontrole plannen."),
    audit_acties=OverbewoningActie, modellen="handhaving.overbewoning.models",
    adresblok=Adresblok("overbewoning.hotspots", "overbewoning/_adresblok.html", adresblok),
    instellingen=instellingen.ALLE)
