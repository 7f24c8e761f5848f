from handhaving.domein import Domein, Menu, Startkaart
from handhaving.subjecten.acties import SubjectActie
from handhaving.subjecten.permissions import POLICY
from handhaving.subjecten.views import bp

DOMEIN = Domein(
    naam="subjecten", blueprint=bp, url_prefix="/subjecten", policy=POLICY,
    menu=Menu("subjecten.index", "Personen en ondernemingen"),
    startkaart=Startkaart("subjecten.index", "Personen en ondernemingen",
                          "Vergunninghouders, exploitanten, beheerders en wie achter een onderneming staat."),
    audit_acties=SubjectActie, modellen="handhaving.subjecten.models")
