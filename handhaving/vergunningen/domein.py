from handhaving.domein import Domein, Menu, Startkaart
from handhaving.instellingen import TEKST, Instelling
from handhaving.vergunningen.acties import VergunningActie
from handhaving.vergunningen.permissions import POLICY
from handhaving.vergunningen.views import bp

DOMEIN = Domein(
    naam="vergunningen", blueprint=bp, url_prefix="/vergunningen", policy=POLICY,
    menu=Menu("vergunningen.index", "Vergunningen"),
    startkaart=Startkaart("vergunningen.index", "Vergunningen",
                          "Het APV-vergunningenregister. In opbouw: nu alleen het overzicht."),
    audit_acties=VergunningActie, modellen="handhaving.vergunningen.models",
    instellingen=(
        # The model-APV numbering differs per gemeente (domain brief §8): configured, not assumed.
        Instelling("apv_artikel_seksinrichting", "APV-artikel exploitatievergunning seksinrichting",
                   "Het artikel van uw APV dat de vergunningplicht voor seksinrichtingen en escortbedrijven regelt; "
                   "het staat in vergunningen, rapporten en besluiten.", TEKST, "3:3", max_lengte=20),
        Instelling("apv_artikel_massagesalon", "APV-artikel massagesalon", "Het artikel van uw APV over "
                   "massagesalons (vergunning of melding).", TEKST, "3:3a", max_lengte=20),
        Instelling("apv_artikel_horeca", "APV-artikel horeca-exploitatievergunning", "Het artikel van uw APV over "
                   "de exploitatievergunning voor horecabedrijven.", TEKST, "2:28", max_lengte=20),
    ))
