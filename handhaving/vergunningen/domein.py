from handhaving.domein import Adresblok, Domein, Menu, Startkaart
from handhaving.vergunningen.acties import VergunningActie
from handhaving.vergunningen.permissions import POLICY
from handhaving.vergunningen.views import adresblok, bp

# The APV article of each permit kind is configured per gemeente on its Vergunningtype
# (model-APV numbering differs per gemeente, domain brief §9.3).
DOMEIN = Domein(
    naam="vergunningen", blueprint=bp, url_prefix="/vergunningen", policy=POLICY,
    menu=(Menu("vergunningen.index", "Vergunningen"), Menu("vergunningen.typen", "Vergunningtypen")),
    startkaart=(Startkaart("vergunningen.index", "Vergunningen",
                           "Het APV-vergunningenregister: houders, aanhangsel, voorschriften en hun naleving."),
                Startkaart("vergunningen.typen", "Vergunningtypen",
                           "Soorten vergunningen van uw gemeente en het APV-artikel waarop elk berust.")),
    adresblok=Adresblok("vergunningen.index", "vergunningen/_adresblok.html", adresblok),
    audit_acties=VergunningActie, modellen="handhaving.vergunningen.models")
