from handhaving.controles import taken  # noqa: F401  (registers the controle jobs with the worker)
from handhaving.controles.acties import ControleActie
from handhaving.controles.instellingen import INSTELLINGEN
from handhaving.controles.permissions import POLICY
from handhaving.controles.views import adresblok, bp, startblok_vandaag
from handhaving.domein import Adresblok, Domein, Menu, Startblok, Startkaart

DOMEIN = Domein(
    naam="controles", blueprint=bp, url_prefix="/controles", policy=POLICY,
    menu=(Menu("controles.vandaag", "Controles"), Menu("controles.typen", "Controlelijsten")),
    startkaart=(Startkaart("controles.vandaag", "Controles",
                           "Uw controles van vandaag, de planning, de week en de voorgestelde controles."),
                Startkaart("controles.typen", "Controlelijsten",
                           "Soorten controles en hun controlelijsten per gemeente; aanwijzingen van toezichthouders.")),
    startblok=Startblok("controles.vandaag", "controles/_startblok.html", startblok_vandaag),
    adresblok=Adresblok("controles.index", "controles/_adresblok.html", adresblok),
    audit_acties=ControleActie, modellen="handhaving.controles.models",
    # The controle page (also as the answer to signing or an addendum) shows the sex workers met
    # (``vastlegging.sekswerkers``); the tablet's sync receives them.
    bijzondere_gegevens=("controles.detail", "controles.ondertekenen", "controles.addendum", "controles.sync"),
    instellingen=INSTELLINGEN)
