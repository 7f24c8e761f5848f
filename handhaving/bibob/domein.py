from handhaving.bibob.acties import BibobActie
from handhaving.bibob.instellingen import INSTELLINGEN
from handhaving.bibob.permissions import POLICY
from handhaving.bibob.views import bp
from handhaving.domein import Domein, Menu, Startkaart

DOMEIN = Domein(
    naam="bibob", blueprint=bp, url_prefix="/bibob", policy=POLICY,
    menu=Menu("bibob.index", "Bibob"),
    startkaart=Startkaart("bibob.index", "Bibob",
                          "Bibob-onderzoeken met hun stappen en wettelijke termijnen (vertrouwelijk, art. 28 Wet Bibob)."),
    audit_acties=BibobActie, modellen="handhaving.bibob.models",
    # Wet Bibob art. 28: a role that opens any of these pages is granted with four eyes.
    vertrouwelijk=True, instellingen=INSTELLINGEN)
