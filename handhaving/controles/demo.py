"""Demo controles: half a year of field work in the two demo gemeenten, in every status.

``seed_controles`` is called by ``handhaving.demo.seed`` after the users and addresses
exist, in the caller's transaction (flush only), and needs an app context (photos,
signatures and PDFs go to the app's storage; the rapport job is queued through the
app's queue; audit rows are written as the services write them).

Per gemeente: the default control types (``sjablonen.installeer_standaard``), an
aanwijzing for every toezichthouder, and some 35 controles on existing demo addresses:

* planned ones in the coming weeks (one round of three), and two TODAY (10:00 and 14:00
  local time) for every toezichthouder of the gemeente;
* two started and being recorded, two uitgevoerd, two rapporten in concept with a
  signature (one drawn, one verklaring), two vastgesteld awaiting the outcome;
* closed ones with every outcome; three hercontroles (one follow-up upcoming, one overdue,
  one carried out); some addresses last controlled more than 12 months ago and some with
  serious findings and no control since, so that the suggestions list is not empty.

Everything goes through the services a user would call (plan, prepare, start, autosave,
findings, persons, photos, afronden, rapport, sign, vaststellen, outcome), so the rows,
checks and audit trail are the real ones.

Why dates are set afterwards: the planning service refuses a date in the past, and the
services stamp ``utcnow()`` on start, recording, signing and vaststelling. A history is
therefore planned for today and walked through the lifecycle now; then its timestamps
(``gepland_op``/``gepland_tot``, ``gestart_op``, answers, findings, persons, photos,
``uitgevoerd_op``, signatures, ``vastgesteld_op``, the rapport's dates, ``afgerond_op``)
are moved back to the historic moment directly on the models, keeping their order. The
outcome is chosen *after* that, so a hercontrole's follow-up lands at the historic date plus
the gemeente's term, as it would have. Audit rows are not touched: they are hash-chained,
and they truthfully say that the seed made these rows now.

PDFs: every vastgesteld rapport is made synchronously here (``rapport.maak_rapport``, before
the outcome, as the job would have right after vaststelling), so they exist right after
``make run``; the job row is then marked done, and the job that the worker receives finds
nothing left to do.

Idempotent per gemeente: a gemeente that has controles already is left alone.
"""
from __future__ import annotations

import base64
import io
import logging
import random
import time as _time
import uuid as uuidlib
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from flask import has_app_context
from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from handhaving.auth.models import Gebruiker, Gemeente, Rol
from handhaving.controles import afronding, planning, rapport, services, sjablonen, vastlegging
from handhaving.controles.instellingen import HERCONTROLE_TERMIJN
from handhaving.controles.models import (
    AangetroffenPersoon,
    Aanwijzing,
    Bevinding,
    ChecklistAntwoord,
    Controle,
    ControleStatus,
    Controletype,
    Foto,
    ItemSoort,
    Ondertekening,
    Rapport,
    RapportStatus,
    Toegang,
)
from handhaving.controles.standaard import BEZETTING, BRANDVEILIG, HUISVW_21, OMGEVINGSPLAN, WAV
from handhaving.db import utcnow
from handhaving.instellingen import waarde as instelling
from handhaving.jobs.models import Achtergrondtaak, TaakStatus
from handhaving.locaties.models import Adres, Verblijfsobject
from handhaving.tijd import naar_lokaal, naar_utc

S = ControleStatus

log = logging.getLogger("handhaving.controles.demo")

NAMESPACE = uuidlib.UUID("0b7f3c1e-5a2d-4c8e-9f61-d3e2a4b5c6d7")
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

# Aanwijzingsbesluit and legitimatiebewijs per demo gemeente (prefix of the pass number).
AANWIJZING = {
    "9901": ("Aanwijzingsbesluit toezichthouders APV 2025, nr. 2025/114", "DV"),
    "9902": ("Aanwijzingsbesluit toezichthouders openbare orde en huisvesting 2025, nr. HM/2025/37", "HM"),
}
AANWIJZING_ANDERS = ("Aanwijzingsbesluit toezichthouders 2025", "TH")

# Fictional businesses and people, per gemeente; scenarios refer to them by key.
NAMEN = {
    "9901": {"club": "Club Lumière", "exploitant": "R. Vermeulen", "beheerder": "D. Hermans",
             "salon": "Lotus Wellness", "salon_exploitant": "L. Chen", "cafe": "Café De Gouden Leeuw",
             "cafe_exploitant": "P. Smeets", "cafe_leidinggevende": "T. Coenen",
             "gebouw_beheerder": "F. Kurvers (Ambachtspark Dalveen B.V.)",
             "uitzendbureau": "FlexWerk Limburg B.V.", "verhuurder": "M. Hoenen"},
    "9902": {"club": "Privéhuis De Linde", "exploitant": "S. Kuipers", "beheerder": "A. Janssen",
             "salon": "Thai Harmony Massage", "salon_exploitant": "N. Wongsa", "cafe": "Grand Café Het Wapen",
             "cafe_exploitant": "K. Lemmens", "cafe_leidinggevende": "B. Willems",
             "gebouw_beheerder": "E. Bosch (Bedrijvencentrum Geuldal)",
             "uitzendbureau": "EuroStaff Personeelsdiensten B.V.", "verhuurder": "J. Ramakers"},
}
NAMEN_ANDERS = NAMEN["9901"]
WERKNAMEN = ("Mia", "Jade", "Bianca", "Luna", "Nora", "Elena", "Sofia", "Kiki")
NATIONALITEITEN = ("Roemeense", "Bulgaarse", "Nederlandse", "Hongaarse", "Colombiaanse", "Poolse")


# --------------------------------------------------------------------------- scenarios

@dataclass(frozen=True)
class Bev:
    """A finding, and the answer it gives the checklist item it belongs to."""
    categorie: str
    ernst: str
    norm: str
    omschrijving: str
    item: str | None = None
    antwoord: str | None = None
    foto: str | None = None          # caption of a photo of this finding
    waarneming: str = "eigen"


@dataclass(frozen=True)
class Pers:
    rol: str
    naam: str = ""                   # a key of NAMEN or plain text
    opmerking: str = ""
    id_gezien: bool = True
    leeftijd_min: int | None = None  # sekswerker: age in years (None = not asked)
    tolk: bool = False
    brp: bool | None = True


@dataclass(frozen=True)
class Scenario:
    type_code: str
    plek: str                        # address category (see _adressen)
    toegang: Toegang
    is_woning: bool = False
    antwoorden: dict = field(default_factory=dict)   # item code → answer (overrides the defaults)
    bevindingen: tuple[Bev, ...] = ()
    personen: tuple[Pers, ...] = ()
    fotos: tuple[str, ...] = ()      # captions of general photos
    notities: str = ""
    briefing: str = ""


SCENARIOS: dict[str, Scenario] = {
    # --- prostitutie, vergunde sector
    "pv_in_orde": Scenario(
        "prostitutie_vergund", "seks", Toegang.OPENBARE_INRICHTING,
        antwoorden={"aantal_sekswerkers": "3", "feitelijk_gebruik": "Club of privéhuis", "afdracht_percentage": "50"},
        personen=(Pers("beheerder", "beheerder", "Staat op het aanhangsel; register getoond."),
                  Pers("sekswerker", leeftijd_min=27), Pers("sekswerker", leeftijd_min=31),
                  Pers("sekswerker", leeftijd_min=24, brp=None)),
        fotos=("Entree – vergunning en aanhangsel zichtbaar opgehangen",),
        notities="Rustige avond. Drie sekswerkers aanwezig, alle drie apart gesproken zonder beheerder erbij. "
                 "Register bijgewerkt tot en met vandaag.",
        briefing="Reguliere controle samen met de politie (AVIM). Vorige controle zonder bijzonderheden."),
    "pv_overtredingen": Scenario(
        "prostitutie_vergund", "seks", Toegang.OPENBARE_INRICHTING,
        antwoorden={"aantal_sekswerkers": "2", "aantal_werkruimten": "5", "afdracht_percentage": "60"},
        bevindingen=(
            Bev("vergunning", "matig", "APV art. 3:6 lid 2",
                "Exploitatievergunning niet zichtbaar opgehangen bij de ingang; de beheerder toonde een kopie uit "
                "de kantoorla.", "vergunning_zichtbaar", "nee"),
            Bev("veiligheid", "matig", BRANDVEILIG,
                "Kamer 3: brandblusser ontbreekt, de wandbeugel is leeg. Volgens de beheerder ‘in onderhoud’.",
                "blusmiddelen", "nee", foto="Kamer 3 – brandblusser ontbreekt"),
            Bev("administratie", "ernstig", "APV art. 3:12 lid 1",
                "Register van sekswerkers niet bijgehouden: de twee aanwezige sekswerkers stonden er niet in; "
                "laatste inschrijving van drie weken geleden.", "register_aanwezig", "nee",
                foto="Kantoor – register, laatste inschrijving drie weken oud"),
        ),
        personen=(Pers("exploitant", "exploitant", "Kwam na twintig minuten naar de club."),
                  Pers("sekswerker", leeftijd_min=29), Pers("sekswerker", leeftijd_min=23, tolk=True)),
        notities="Exploitant heeft toegezegd de brandblusser deze week te vervangen en het register bij te "
                 "werken. Gesprek met sekswerker 2 met een telefonische tolk (Roemeens).",
        briefing="Melding van de politie: nieuwe sekswerkers die niet in het register lijken te staan."),
    "pv_geen_beheerder": Scenario(
        "prostitutie_vergund", "seks", Toegang.OPENBARE_INRICHTING,
        antwoorden={"aantal_sekswerkers": "4", "aanspreekpunt": "Medewerker", "afdracht_percentage": "50"},
        bevindingen=(
            Bev("beheer", "ernstig", "APV art. 3:9 lid 1",
                "Tijdens openingstijden was geen exploitant of beheerder aanwezig. De medewerker achter de bar "
                "staat niet op het aanhangsel van de vergunning.", "beheerder_aanwezig", "nee"),
            Bev("beheer", "matig", "APV art. 3:9 lid 2",
                "Aanwezige medewerker treedt feitelijk op als beheerder maar staat niet op het aanhangsel.",
                "beheerder_op_aanhangsel", "nee"),
        ),
        personen=(Pers("werknemer", "", "Medewerker bar; geen beheerder volgens het aanhangsel."),
                  Pers("sekswerker", leeftijd_min=34), Pers("sekswerker", leeftijd_min=26),
                  Pers("sekswerker", leeftijd_min=22), Pers("sekswerker", leeftijd_min=30)),
        notities="Beheerder telefonisch bereikt; hij was ‘even weg’. Kwam niet binnen het uur van de controle.",
        briefing="Tweede melding in korte tijd dat de beheerder ’s avonds vaak afwezig is."),
    "pv_lopend": Scenario(
        "prostitutie_vergund", "seks", Toegang.OPENBARE_INRICHTING,
        antwoorden={"aantal_sekswerkers": "2"},
        bevindingen=(
            Bev("veiligheid", "matig", BRANDVEILIG, "Kamer 3: brandblusser ontbreekt, de wandbeugel is leeg.",
                "blusmiddelen", "nee", foto="Kamer 3 – brandblusser ontbreekt"),
        ),
        personen=(Pers("beheerder", "beheerder"), Pers("sekswerker", leeftijd_min=28)),
        notities="Gesprekken met de sekswerkers nog niet afgerond; vervolg na de pauze.",
        briefing="Avondcontrole met de politie (AVIM)."),

    # --- prostitutie, onvergunde sector
    "po_woning": Scenario(
        "prostitutie_onvergund", "woning", Toegang.TOESTEMMING, is_woning=True,
        antwoorden={"aanleiding": "Advertentie", "soort_locatie": "Woning", "vergunning_aanwezig": "nee",
                    "bedrijfsmatig": "ja", "aantal_kamers_in_gebruik": "3", "aantal_sekswerkers": "2",
                    "aanspreekpunt": "Bewoner", "woning_aanwezig": "ja",
                    "advertentie_kenmerken": "Twee advertenties op een advertentiesite met hetzelfde "
                                             "telefoonnummer (eindigend op 17) en dit adres als ‘privé ontvangst’."},
        bevindingen=(
            Bev("vergunning", "ernstig", "APV art. 3:4 lid 1",
                "In de woning wordt zonder exploitatievergunning bedrijfsmatig gelegenheid gegeven tot prostitutie: "
                "drie kamers in gebruik, een rooster op de koelkast en advertenties met hetzelfde telefoonnummer.",
                "vergunning_aanwezig", "nee", foto="Slaapkamer 2 – ingericht als werkruimte"),
            Bev("gebruik", "matig", OMGEVINGSPLAN,
                "Woning wordt gebruikt als seksinrichting; in strijd met de woonbestemming.", None, None),
        ),
        personen=(Pers("bewoner", "", "Hoofdhuurder; gaf toestemming om binnen te treden."),
                  Pers("sekswerker", leeftijd_min=25, brp=False), Pers("sekswerker", leeftijd_min=32)),
        notities="Binnengetreden met toestemming van de hoofdhuurder (Awb 5:15, toestemming schriftelijk "
                 "vastgelegd). Beide sekswerkers gaven aan zelfstandig te werken.",
        briefing="Advertentie met dit adres; buren melden veel wisselend bezoek. Samen met de politie (AVIM)."),
    "po_signalen": Scenario(
        "prostitutie_onvergund", "woning", Toegang.TOESTEMMING, is_woning=True,
        antwoorden={"aanleiding": "Melding van buren of burgers", "soort_locatie": "Woning",
                    "vergunning_aanwezig": "nee", "bedrijfsmatig": "ja", "aantal_kamers_in_gebruik": "2",
                    "aantal_sekswerkers": "2", "allen_minimumleeftijd": "nee", "allen_legitimatie": "nee",
                    "tolk_ingezet": "ja", "aanspreekpunt": "Niemand aanwezig", "woning_aanwezig": "ja",
                    "sig_geen_eigen_documenten": "ja", "sig_geen_zeggenschap_geld": "ja",
                    "sig_beperkte_bewegingsvrijheid": "ja", "sig_slaapt_op_werkplek": "ja",
                    "sig_pas_aangekomen": "ja",
                    "sig_toelichting": "Eigen waarneming: matrassen en bagage in beide werkkamers; één sekswerker "
                                       "had geen eigen telefoon. Van horen zeggen (buurvrouw): de vrouwen worden "
                                       "’s avonds gebracht en ’s ochtends opgehaald door dezelfde man.",
                    "doorverwijzing": "Zorgcoördinator mensenhandel"},
        bevindingen=(
            Bev("identiteit", "ernstig", "APV art. 3:15 lid 1",
                "Eén sekswerker is jonger dan de minimumleeftijd van de APV (21 jaar).", "allen_minimumleeftijd",
                "nee"),
            Bev("identiteit", "ernstig", "Gemeentewet art. 151a lid 2",
                "Eén sekswerker kon geen identiteitsbewijs tonen; het paspoort zou ‘bij een vriend’ liggen.",
                "allen_legitimatie", "nee"),
            Bev("vergunning", "ernstig", "APV art. 3:4 lid 1",
                "Seksinrichting zonder exploitatievergunning in een woning.", "vergunning_aanwezig", "nee"),
            Bev("overig", "matig", "",
                "Buurvrouw meldt dat de vrouwen ’s avonds worden gebracht en ’s ochtends opgehaald door dezelfde man "
                "in een grijze bestelbus.", None, None, waarneming="horen_zeggen"),
        ),
        personen=(Pers("sekswerker", leeftijd_min=20, id_gezien=True, tolk=True, brp=False),
                  Pers("sekswerker", leeftijd_min=None, id_gezien=False, tolk=True, brp=False)),
        fotos=("Werkkamer 1 – matras en bagage op de grond",),
        notities="Gesprek met beide sekswerkers apart, met een telefonische tolk (Bulgaars). Geen verklaring over "
                 "wie de woning huurt. Zorgcoördinator direct gebeld; opvang aangeboden en geweigerd.",
        briefing="Meldingen van buren over wisselende vrouwen en een man die ze brengt en haalt."),
    "po_gepland": Scenario(
        "prostitutie_onvergund", "woning", Toegang.TOESTEMMING, is_woning=True,
        briefing="Advertentie met dit adres op twee sites. Eerst aanbellen; zonder toestemming niet binnen "
                 "(machtiging wordt zo nodig voorbereid)."),

    # --- integraal horeca
    "ih_in_orde": Scenario(
        "integraal_horeca", "horeca", Toegang.OPENBARE_INRICHTING,
        antwoorden={"aantal_medewerkers": "5"},
        personen=(Pers("exploitant", "cafe_exploitant", "Toonde vergunningen en aanhangsel."),),
        notities="Alles in orde. Leidinggevende op het aanhangsel aanwezig.",
        briefing="Integrale avondcontrole met politie, Belastingdienst en brandweer."),
    "ih_sluitingstijd": Scenario(
        "integraal_horeca", "horeca", Toegang.OPENBARE_INRICHTING,
        antwoorden={"aantal_medewerkers": "3", "feitelijke_sluitingstijd": "02:40"},
        bevindingen=(
            Bev("vergunning", "gering", "APV art. 2:30 lid 1",
                "Sluitingstijd met 40 minuten overschreden; om 02:40 nog 14 bezoekers binnen.",
                "sluitingstijden_nageleefd", "nee"),
        ),
        personen=(Pers("beheerder", "cafe_leidinggevende", "Leidinggevende volgens het aanhangsel."),),
        notities="Leidinggevende gewezen op de sluitingstijd; bezoekers waren om 02:55 vertrokken.",
        briefing="Klachten van omwonenden over geluid na sluitingstijd."),
    "ih_vluchtweg": Scenario(
        "integraal_horeca", "horeca", Toegang.OPENBARE_INRICHTING,
        antwoorden={"aantal_medewerkers": "6", "leidinggevende_aanwezig": "nee", "twijfel_werkrecht": "ja",
                    "doorverwijzing": "Brandweer"},
        bevindingen=(
            Bev("veiligheid", "ernstig", BRANDVEILIG,
                "Nooduitgang achter de bar geblokkeerd door gestapelde kratten; de deur kon niet open.",
                "vluchtwegen_vrij", "nee", foto="Nooduitgang achter de bar – geblokkeerd door kratten"),
            Bev("vergunning", "matig", "Alcoholwet art. 24 lid 1",
                "Geen leidinggevende aanwezig die op het aanhangsel van de Alcoholwetvergunning staat.",
                "leidinggevende_aanwezig", "nee"),
            Bev("identiteit", "matig", WAV,
                "Twee keukenmedewerkers konden niet laten zien dat zij in Nederland mogen werken.",
                "twijfel_werkrecht", "ja"),
        ),
        personen=(Pers("exploitant", "cafe_exploitant", "Telefonisch bereikt, kwam na 30 minuten."),
                  Pers("werknemer", "", "Keukenmedewerker; geen identiteitsbewijs bij zich."),
                  Pers("werknemer", "", "Keukenmedewerker.")),
        notities="Kratten direct laten weghalen (onmiddellijke maatregel). Werkrecht doorgegeven aan de "
                 "Arbeidsinspectie.",
        briefing="Integrale controle na signalen over zwart werk in de keuken."),

    # --- integraal massagesalon
    "im_in_orde": Scenario(
        "integraal_massagesalon", "salon", Toegang.OPENBARE_INRICHTING,
        antwoorden={"aantal_medewerkers": "2", "aantal_behandelruimten": "3", "openingstijden": "10:00–20:00"},
        personen=(Pers("exploitant", "salon_exploitant"), Pers("werknemer", "", "Masseuse; gecertificeerd.")),
        notities="Behandelruimten met massagetafels; geen aanwijzingen voor seksbedrijvigheid.",
        briefing="Integrale controle na een nieuwe inschrijving bij de KvK."),
    "im_seks": Scenario(
        "integraal_massagesalon", "salon", Toegang.OPENBARE_INRICHTING,
        antwoorden={"aantal_medewerkers": "3", "aantal_behandelruimten": "4", "aanbod_erotisch": "ja",
                    "inrichting_bedden": "ja", "condooms_aangetroffen": "ja", "late_openingstijden": "ja",
                    "medewerkers_wonen_in_pand": "ja", "openingstijden": "11:00–01:00",
                    "sig_slaapt_op_werkplek": "ja", "sig_lange_werktijden": "ja",
                    "sig_toelichting": "Twee medewerkers slapen in de achterruimte en werken volgens eigen zeggen "
                                       "zeven dagen per week."},
        bevindingen=(
            Bev("gebruik", "ernstig", "APV art. 3:4 lid 1",
                "Behandelruimten ingericht met tweepersoonsbedden; prijslijst met erotische massages achter de "
                "balie. Seksbedrijf zonder vergunning.", "aanbod_erotisch", "ja",
                foto="Behandelruimte 2 – tweepersoonsbed, geen massagetafel"),
            Bev("huisvesting", "matig", OMGEVINGSPLAN,
                "Twee medewerkers slapen in de achterruimte van de salon; matrassen en bagage aangetroffen.",
                "medewerkers_wonen_in_pand", "ja", foto="Achterruimte – matrassen en bagage"),
        ),
        personen=(Pers("exploitant", "salon_exploitant", "Ontkent erotische massages."),
                  Pers("werknemer", "", "Woont volgens eigen zeggen in de salon."),
                  Pers("werknemer", "")),
        notities="Prijslijst gefotografeerd en meegenomen (bewijs van ontvangst gegeven).",
        briefing="Advertenties met ‘body-to-body’ massage op het adres van de salon."),

    # --- integraal bedrijfsverzamelgebouw
    "ib_in_orde": Scenario(
        "integraal_bedrijfsverzamelgebouw", "bedrijf", Toegang.OPENBARE_INRICHTING,
        antwoorden={"aantal_units": "14", "aantal_units_bewoond": "0", "aantal_bedrijven": "11",
                    "gebruiksdoel_bag": "Kantoorfunctie"},
        notities="Geen bewoning aangetroffen. Twee units leeg.",
        briefing="Controle van het hele gebouw met brandweer en Arbeidsinspectie."),
    "ib_bewoning": Scenario(
        "integraal_bedrijfsverzamelgebouw", "bedrijf", Toegang.OPENBARE_INRICHTING,
        antwoorden={"aantal_units": "16", "aantal_units_bewoond": "2", "aantal_bedrijven": "9",
                    "aantal_slaapplaatsen": "11", "bewoning_zonder_woonfunctie": "ja", "brp_inschrijvingen": "ja",
                    "gebruiksdoel_bag": "Kantoorfunctie", "rookmelders": "nee", "sig_loon_ingehouden": "ja",
                    "sig_toelichting": "Bewoners zeggen dat de huur (€ 110 per week) op hun loon wordt ingehouden "
                                       "door het uitzendbureau.",
                    "doorverwijzing": "Nederlandse Arbeidsinspectie"},
        bevindingen=(
            Bev("gebruik", "ernstig", OMGEVINGSPLAN,
                "Units 4 en 7 worden bewoond: slaapplaatsen voor in totaal 11 personen, kookplaten en persoonlijke "
                "spullen, in een gebouw zonder woonfunctie.", "bewoning_zonder_woonfunctie", "ja",
                foto="Unit 7 – slaapplaatsen in bedrijfsruimte"),
            Bev("veiligheid", "ernstig", BRANDVEILIG,
                "Geen werkende rookmelders in de bewoonde units; verlengsnoeren aan elkaar gekoppeld.",
                "rookmelders", "nee", foto="Unit 4 – gekoppelde verlengsnoeren"),
        ),
        personen=(Pers("bewoner", "", "Arbeidsmigrant; werkt via het uitzendbureau."),
                  Pers("bewoner", "", "Arbeidsmigrant."), Pers("beheerder", "gebouw_beheerder", "Beheerder van het gebouw.")),
        notities="Brandweer heeft ter plaatse de bewoning van unit 7 voor vannacht toegestaan na het plaatsen van "
                 "rookmelders; unit 4 is ontruimd.",
        briefing="Signaal van de wijkagent: ’s avonds licht en auto’s met buitenlandse kentekens bij het "
                 "bedrijvencentrum."),

    # --- huisvesting arbeidsmigranten
    "ha_in_orde": Scenario(
        "huisvesting_arbeidsmigranten", "woning_groot", Toegang.TOESTEMMING, is_woning=True,
        antwoorden={"aantal_bewoners": "4", "aantal_slaapkamers": "4", "personen_per_kamer": "1", "gbo_m2": "128",
                    "gbo_per_persoon": "32", "werkgever": "uitzendbureau", "woning_aanwezig": "ja",
                    "aanspreekpunt": "Bewoner"},
        personen=(Pers("bewoner", "", "Toonde huurcontract los van het arbeidscontract."),),
        notities="Netjes; SNF-certificaat geldig. Huurcontracten los van de arbeidscontracten.",
        briefing="Steekproef huisvesting arbeidsmigranten."),
    "ha_overbezet": Scenario(
        "huisvesting_arbeidsmigranten", "woning_groot", Toegang.TOESTEMMING, is_woning=True,
        antwoorden={"aantal_bewoners": "9", "aantal_slaapkamers": "3", "personen_per_kamer": "3", "gbo_m2": "84",
                    "gbo_per_persoon": "9,3", "snf_certificaat": "nee", "huisvesting_gekoppeld_aan_contract": "ja",
                    "huur_ingehouden": "ja", "huur_per_persoon_week": "125", "werkgever": "uitzendbureau",
                    "brp_komt_overeen": "nee", "sanitair_voldoende": "nee", "woning_aanwezig": "ja",
                    "aanspreekpunt": "Bewoner", "sig_loon_ingehouden": "ja",
                    "doorverwijzing": "Nederlandse Arbeidsinspectie"},
        bevindingen=(
            Bev("huisvesting", "ernstig", BEZETTING,
                "Bezetting: 9 personen op 84 m² GBO, dat is 9,3 m² per persoon (norm: 12 m²). Drie personen per "
                "slaapkamer.", "gbo_per_persoon", None, foto="Slaapkamer 1 – drie bedden"),
            Bev("huisvesting", "matig", "SNF-norm",
                "Geen geldig SNF-certificaat; het laatste certificaat verliep op 1-3-2025.", "snf_certificaat",
                "nee"),
            Bev("hygiene", "gering", "Bbl (gezondheid)",
                "Eén badkamer en één keuken voor negen personen; vochtplekken en schimmel in de badkamer.",
                "sanitair_voldoende", "nee", foto="Badkamer – schimmel boven de douche"),
        ),
        personen=(Pers("bewoner", "", "Sprak namens de bewoners; Pools, gesprek in het Engels."),
                  Pers("bewoner", ""), Pers("bewoner", ""),
                  Pers("anders", "verhuurder", "Eigenaar van de woning, telefonisch bereikt.")),
        notities="Negen bewoners aangetroffen, vijf ingeschreven in de BRP. Huur wordt ingehouden op het loon "
                 "(€ 125 per week per persoon).",
        briefing="Melding van buren: veel bewoners, busjes van een uitzendbureau ’s ochtends vroeg."),
    "ha_lopend": Scenario(
        "huisvesting_arbeidsmigranten", "woning_groot", Toegang.TOESTEMMING, is_woning=True,
        antwoorden={"aantal_bewoners": "6", "aantal_slaapkamers": "4", "woning_aanwezig": "ja"},
        personen=(Pers("bewoner", "", "Gaf toestemming om binnen te treden."),),
        notities="Nog te doen: SNF-certificaat opvragen bij het uitzendbureau; foto’s van de slaapkamers.",
        briefing="Steekproef huisvesting arbeidsmigranten; SNF-certificaat vooraf opgevraagd."),

    # --- huisvesting overbewoning
    "ho_in_orde": Scenario(
        "huisvesting_overbewoning", "woning", Toegang.TOESTEMMING, is_woning=True,
        antwoorden={"aantal_bewoners": "3", "aantal_slaapkamers": "3", "personen_per_kamer": "1", "gbo_m2": "96",
                    "gbo_per_persoon": "32", "aantal_huishoudens": "1", "volwassenen_niet_verwant": "0",
                    "woning_aanwezig": "ja", "aanspreekpunt": "Bewoner"},
        personen=(Pers("bewoner", "", "Hoofdbewoner; gezin met twee kinderen."),),
        notities="Eén huishouden; geen kamerverhuur.",
        briefing="Melding over kamerverhuur; controleren met toestemming van de bewoner."),
    "ho_kamerverhuur": Scenario(
        "huisvesting_overbewoning", "woning", Toegang.MACHTIGING, is_woning=True,
        antwoorden={"aantal_bewoners": "6", "aantal_slaapkamers": "5", "personen_per_kamer": "2", "gbo_m2": "92",
                    "gbo_per_persoon": "15,3", "aantal_huishoudens": "5", "volwassenen_niet_verwant": "6",
                    "omzettingsvergunning": "nee", "rookmelders": "nee", "woning_aanwezig": "ja",
                    "aanspreekpunt": "Niemand aanwezig"},
        bevindingen=(
            Bev("huisvesting", "ernstig", HUISVW_21,
                "Kamerverhuur aan zes volwassenen uit vijf huishoudens zonder omzettingsvergunning.",
                "omzettingsvergunning", "nee", foto="Overloop – vijf kamers met eigen slot"),
            Bev("veiligheid", "matig", BRANDVEILIG, "Op de tweede verdieping geen rookmelder.", "rookmelders", "nee"),
        ),
        personen=(Pers("bewoner", "", "Huurt een kamer; betaalt € 550 per maand contant."),
                  Pers("anders", "verhuurder", "Eigenaar; niet aanwezig, later telefonisch gesproken.")),
        notities="Binnengetreden met een machtiging tot binnentreden (Awb 5:15 jo. Huisvestingswet art. 34); de "
                 "bewoners waren vooraf schriftelijk ingelicht.",
        briefing="Machtiging tot binnentreden afgegeven door de burgemeester. Sloten op de kamerdeuren gemeld."),
    "ho_opgelost": Scenario(
        "huisvesting_overbewoning", "woning", Toegang.TOESTEMMING, is_woning=True,
        antwoorden={"aantal_bewoners": "2", "aantal_slaapkamers": "5", "personen_per_kamer": "1", "gbo_m2": "92",
                    "gbo_per_persoon": "46", "aantal_huishoudens": "1", "volwassenen_niet_verwant": "0",
                    "woning_aanwezig": "ja", "aanspreekpunt": "Bewoner"},
        personen=(Pers("bewoner", "", "Nieuwe huurder; één huishouden."),),
        fotos=("Overloop – sloten van de kamerdeuren verwijderd",),
        notities="Kamerverhuur beëindigd; nog één huishouden van twee personen. Rookmelders op elke verdieping.",
        briefing="Hercontrole: is de kamerverhuur beëindigd?"),
}

TOELICHTING = {
    S.AFGESLOTEN_GEEN_OVERTREDING: "Geen overtredingen; de volgende controle binnen de reguliere termijn.",
    S.DOORGEZET_HANDHAVING: "Voornemen tot een last onder dwangsom (Gemeentewet art. 125, Awb 5:31d) verzonden; "
                            "zienswijzetermijn twee weken. Dossier naar team Juridische zaken.",
    S.DOORGEZET_SIGNAAL_RIEC: "Signalen van mensenhandel besproken met de zorgcoördinator; signaal ingebracht bij het "
                              "RIEC voor het eerstvolgende casusoverleg.",
    S.DOORGEZET_PARTNER: "Doorgegeven aan de partner die hierover gaat (zie partners); de gemeente volgt de "
                         "afhandeling in het driehoeksoverleg.",
    S.HERCONTROLE_GEPLAND: "De exploitant heeft toegezegd de gebreken binnen vier weken te herstellen; hercontrole om "
                           "dat na te gaan.",
}


@dataclass(frozen=True)
class Stap:
    """One controle of the plan: what, when (days from today, local time) and how far it got."""
    scenario: str
    status: S
    dag: int
    uur: time
    adres: str | None = None         # None: the scenario's category; "@naam": the address of that step
    ronde: int = 0                   # >1: a round of this many addresses (same category)
    handtekening: bool = True        # sign by drawing (else: verklaring naar waarheid)
    toelichting: str = ""
    vervolg: Stap | None = None      # hercontrole: how far the follow-up got (dag/uur ignored)
    gedeeltelijk: bool = False       # recording: only part of the checklist answered
    partners: tuple[str, ...] | None = None
    naam: str = ""                   # to refer to this step's address from another
    pdf: bool = False                # make the rapport now (else the worker makes it after the seed)


T = time
PLAN: tuple[Stap, ...] = (
    # today, for every toezichthouder of the gemeente
    Stap("im_in_orde", S.VOORBEREID, 0, T(10, 0)),
    Stap("ho_in_orde", S.GEPLAND, 0, T(14, 0)),
    # coming weeks
    Stap("pv_in_orde", S.GEPLAND, 2, T(20, 30)),
    Stap("ha_in_orde", S.VOORBEREID, 4, T(7, 0)),
    Stap("ih_in_orde", S.GEPLAND, 7, T(21, 0), ronde=3),
    Stap("ib_in_orde", S.GEPLAND, 10, T(6, 30)),
    Stap("po_gepland", S.GEPLAND, 16, T(21, 0)),
    Stap("ho_in_orde", S.GEPLAND, 23, T(10, 0)),
    # being recorded
    Stap("pv_lopend", S.VOORBEREID, -1, T(20, 30), gedeeltelijk=True),
    Stap("ha_lopend", S.VOORBEREID, -2, T(9, 30), gedeeltelijk=True),
    # field work done, rapport not yet drawn up
    Stap("ih_sluitingstijd", S.UITGEVOERD, -3, T(1, 45)),  # around closing time
    Stap("ib_bewoning", S.UITGEVOERD, -4, T(7, 0)),
    # rapport in concept, signed
    Stap("po_woning", S.RAPPORT_CONCEPT, -6, T(20, 0)),
    Stap("ho_kamerverhuur", S.RAPPORT_CONCEPT, -7, T(10, 0), handtekening=False),
    # rapport vastgesteld, outcome still to choose
    Stap("pv_overtredingen", S.RAPPORT_VASTGESTELD, -10, T(21, 0), pdf=True),
    Stap("im_in_orde", S.RAPPORT_VASTGESTELD, -12, T(10, 30), handtekening=False),
    # outcomes
    Stap("pv_in_orde", S.AFGESLOTEN_GEEN_OVERTREDING, -18, T(20, 30), pdf=True),
    Stap("ha_overbezet", S.DOORGEZET_HANDHAVING, -35, T(7, 0), pdf=True),
    Stap("po_signalen", S.DOORGEZET_SIGNAAL_RIEC, -50, T(22, 0),
         toelichting="Signalen van mensenhandel (o.a. geen eigen documenten, slaapt op de werkplek, pas "
                     "aangekomen) besproken met de zorgcoördinator; signaal ingebracht bij het RIEC."),
    Stap("ib_bewoning", S.DOORGEZET_PARTNER, -64, T(6, 30), partners=("arbeidsinspectie", "brandweer", "politie"),
         toelichting="Bewoning van bedrijfsunits en het inhouden van huur op het loon doorgegeven aan de "
                     "Nederlandse Arbeidsinspectie; brandveiligheid aan de brandweer."),
    Stap("ih_vluchtweg", S.DOORGEZET_PARTNER, -80, T(21, 30),
         toelichting="Geblokkeerde nooduitgang doorgegeven aan de brandweer (hercontrole brandveiligheid); twijfel "
                     "over werkrecht aan de Nederlandse Arbeidsinspectie."),
    Stap("ih_in_orde", S.AFGESLOTEN_GEEN_OVERTREDING, -95, T(22, 0)),
    Stap("im_seks", S.DOORGEZET_HANDHAVING, -170, T(20, 30), naam="salon",
         toelichting="Voornemen tot sluiting (Gemeentewet art. 174) en last onder dwangsom wegens exploitatie van "
                     "een seksbedrijf zonder vergunning. Dossier naar team Juridische zaken."),
    # hercontroles: upcoming follow-up, overdue follow-up, follow-up carried out
    Stap("pv_geen_beheerder", S.HERCONTROLE_GEPLAND, -21, T(21, 0)),
    Stap("pv_overtredingen", S.HERCONTROLE_GEPLAND, -120, T(20, 0)),
    Stap("ho_kamerverhuur", S.HERCONTROLE_GEPLAND, -150, T(10, 0),
         vervolg=Stap("ho_opgelost", S.AFGESLOTEN_GEEN_OVERTREDING, 0, T(10, 0))),
    # long ago: the control term (12 months) has passed, nothing since
    Stap("pv_in_orde", S.AFGESLOTEN_GEEN_OVERTREDING, -405, T(21, 0)),
    Stap("ha_in_orde", S.AFGESLOTEN_GEEN_OVERTREDING, -430, T(7, 30)),
    Stap("ib_in_orde", S.AFGESLOTEN_GEEN_OVERTREDING, -415, T(6, 30)),
    # an earlier visit to the massagesalon that was closed for enforcement later (address history)
    Stap("im_in_orde", S.AFGESLOTEN_GEEN_OVERTREDING, -455, T(11, 0), adres="@salon"),
)
del T

# Answers that are normally "nee" (a "ja" is the remarkable case).
NORMAAL_NEE = {
    "woning_aanwezig", "overtredingen_geconstateerd", "hercontrole_nodig", "overnachting", "vocht_schimmel",
    "twijfel_werkrecht", "aanwijzingen_seksbedrijf", "bewoning_zonder_woonfunctie", "medewerkers_wonen_in_pand",
    "inrichting_bedden", "condooms_aangetroffen", "afgesloten_ruimten", "late_openingstijden", "aanbod_erotisch",
    "bedrijfsmatig", "huur_ingehouden", "huisvesting_gekoppeld_aan_contract", "kopieen_gemaakt", "tolk_ingezet",
    "brp_inschrijvingen",
}
GETALLEN = {
    "aantal_werkruimten": "6", "aantal_sekswerkers": "3", "afdracht_percentage": "50", "aantal_kamers_in_gebruik": "2",
    "aantal_medewerkers": "4", "aantal_behandelruimten": "3", "aantal_units": "12", "aantal_units_bewoond": "0",
    "aantal_slaapplaatsen": "0", "aantal_bedrijven": "9", "aantal_bewoners": "4", "aantal_slaapkamers": "4",
    "personen_per_kamer": "1", "gbo_m2": "120", "gbo_per_persoon": "30", "huur_per_persoon_week": "95",
    "aantal_huishoudens": "1", "volwassenen_niet_verwant": "0",
}
KEUZES = {"aanspreekpunt": "Beheerder of leidinggevende", "feitelijk_gebruik": "Club of privéhuis",
          "aanleiding": "Advertentie", "soort_locatie": "Woning", "gebruiksdoel_bag": "Kantoorfunctie",
          "doorverwijzing": "Geen"}


# --------------------------------------------------------------------------- images

def _font(size: int, bold: bool = False):
    path = FONT_BOLD if bold else FONT
    try:
        return ImageFont.truetype(str(path), size)
    except OSError:
        return ImageFont.load_default(size=size)


def foto_jpeg(bijschrift: str, moment: datetime, seed: int, size=(800, 600)) -> bytes:
    """A small drawn 'photo' of a room with the caption on it, with camera EXIF incl. GPS
    (so that the upload check has something to strip)."""
    rnd = random.Random(seed)
    w, h = size
    wand = tuple(rnd.randint(170, 225) for _ in range(3))
    img = Image.new("RGB", size, wand)
    d = ImageDraw.Draw(img)
    horizon = int(h * 0.68)
    d.polygon([(0, h), (w, h), (w - 90, horizon), (90, horizon)], fill=(120, 95, 70))
    d.line([(90, horizon), (w - 90, horizon)], fill=(90, 80, 70), width=3)
    d.line([(0, 0), (90, horizon)], fill=tuple(c - 25 for c in wand), width=3)
    d.line([(w, 0), (w - 90, horizon)], fill=tuple(c - 25 for c in wand), width=3)
    # a door and a window
    d.rectangle((120, 170, 250, horizon), fill=(150, 115, 80), outline=(80, 60, 40), width=3)
    d.ellipse((228, 300, 240, 312), fill=(210, 190, 90))
    d.rectangle((w - 300, 110, w - 130, 260), fill=(170, 205, 235), outline=(240, 240, 240), width=8)
    d.line([(w - 215, 110), (w - 215, 260)], fill=(240, 240, 240), width=5)
    tekst = bijschrift.lower()
    if "brandblusser" in tekst or "blus" in tekst:
        d.rectangle((420, 240, 460, 330), outline=(60, 60, 60), width=4)           # empty bracket
        d.rectangle((400, 180, 480, 230), fill=(200, 30, 30))                       # sign
        d.text((440, 205), "BLUS", font=_font(22, True), fill="white", anchor="mm")
    elif any(k in tekst for k in ("bed", "matras", "slaap")):
        for i in range(rnd.randint(2, 3)):
            x = 300 + i * 140
            d.rectangle((x, horizon - 10, x + 120, horizon + 60), fill=(235, 235, 240), outline=(90, 90, 110),
                        width=3)
            d.rectangle((x + 8, horizon - 4, x + 50, horizon + 18), fill=(250, 250, 250))
        d.rectangle((560, horizon + 70, 640, horizon + 120), fill=(40, 70, 140))    # luggage
    elif any(k in tekst for k in ("krat", "nooduitgang", "vluchtweg")):
        d.rectangle((380, 120, 470, 160), fill=(0, 140, 70))
        d.text((425, 140), "EXIT", font=_font(22, True), fill="white", anchor="mm")
        for r in range(4):
            for c in range(3):
                d.rectangle((340 + c * 60, horizon + 40 - r * 45, 395 + c * 60, horizon + 82 - r * 45),
                            fill=(200, 150, 40), outline=(120, 80, 20), width=3)
    elif any(k in tekst for k in ("schimmel", "vocht")):
        for _ in range(40):
            x, y, r = rnd.randint(320, 620), rnd.randint(60, 300), rnd.randint(4, 22)
            d.ellipse((x - r, y - r, x + r, y + r), fill=(60 + rnd.randint(0, 30), 70, 50))
    elif any(k in tekst for k in ("snoer", "verleng")):
        pts = [(300 + i * 40, horizon + 40 + rnd.randint(-15, 15)) for i in range(10)]
        d.line(pts, fill=(245, 245, 245), width=6)
        for x, y in pts[::3]:
            d.rectangle((x - 14, y - 10, x + 14, y + 10), fill=(250, 250, 250), outline=(100, 100, 100))
    else:  # a framed document or price list on the wall
        d.rectangle((380, 130, 520, 310), fill=(250, 250, 245), outline=(60, 50, 40), width=6)
        for i in range(9):
            d.line([(398, 160 + i * 16), (398 + rnd.randint(60, 100), 160 + i * 16)], fill=(90, 90, 90), width=3)
    # caption bar and the camera's time stamp
    d.rectangle((0, h - 64, w, h), fill=(20, 20, 20))
    d.text((20, h - 32), bijschrift, font=_font(26), fill=(255, 255, 255), anchor="lm")
    d.text((w - 16, 16), f"{naar_lokaal(moment):%d-%m-%Y %H:%M}", font=_font(20), fill=(255, 200, 0), anchor="ra")
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Apple", "iPad (10th generation)"
    exif.get_ifd(0x8825).update({1: "N", 2: (50.0, 52.0, 12.5), 3: "E", 4: (5.0, 47.0, 31.0)})
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=82, exif=exif.tobytes())
    return buf.getvalue()


def handtekening_data_url(naam: str, seed: int) -> str:
    """A drawn signature as the signature pad sends it (PNG data URL)."""
    rnd = random.Random(seed)
    img = Image.new("RGB", (480, 150), "white")
    d = ImageDraw.Draw(img)
    x, pts = 20, []
    for _ in range(max(8, len(naam))):
        pts.append((x, rnd.randint(40, 115)))
        x += rnd.randint(18, 34)
        if x > 440:
            break
    d.line(pts, fill=(10, 20, 90), width=4, joint="curve")
    d.line([(30, 128), (min(x, 450), 122)], fill=(10, 20, 90), width=3)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


# --------------------------------------------------------------------------- helpers

@dataclass
class _Gemeente:
    gemeente: Gemeente
    toezichthouders: list[Gebruiker]
    coordinator: Gebruiker
    beheerder: Gebruiker | None
    typen: dict[str, Controletype]
    namen: dict[str, str]
    adressen: dict[str, list[Adres]]
    rnd: random.Random
    nu: datetime
    vandaag: date
    teller: int = 0
    pdfs: int = 0
    gebruikt: set = field(default_factory=set)
    adres_van: dict = field(default_factory=dict)   # Stap.naam → the address it was planned on


def _sleutel(*delen) -> str:
    return str(uuidlib.uuid5(NAMESPACE, ":".join(str(d) for d in delen)))


def _rollen(user: Gebruiker, gemeente_id: int) -> set:
    return user.rollen_per_gemeente().get(gemeente_id, set())


def _gebruikers(users, gemeente: Gemeente):
    users = list(users.values()) if isinstance(users, dict) else list(users)
    th = sorted((u for u in users if u.actief and Rol.TOEZICHTHOUDER in _rollen(u, gemeente.id)),
                key=lambda u: (u.naam, u.id))
    # The gemeente's own coordinator (not the regional one) plans and closes.
    coord = sorted((u for u in users if u.actief and Rol.COORDINATOR in _rollen(u, gemeente.id)),
                   key=lambda u: (len(u.rollen_per_gemeente()), u.id))
    beheer = sorted((u for u in users if u.actief and Rol.BEHEERDER in _rollen(u, gemeente.id)),
                    key=lambda u: (len(u.rollen_per_gemeente()), u.id))
    if not th or not coord:
        raise ValueError(f"{gemeente.naam}: de demo-controles hebben een toezichthouder en een coördinator nodig.")
    return th, coord[0], (beheer[0] if beheer else None)


def _adressen(session: Session, gemeente_id: int, rnd: random.Random) -> dict[str, list[Adres]]:
    """Existing hoofdadressen per kind of place, each list in a fixed shuffled order."""
    rijen = session.execute(
        select(Adres, Verblijfsobject.gebruiksdoelen, Verblijfsobject.oppervlakte)
        .join(Verblijfsobject, Verblijfsobject.id == Adres.verblijfsobject_id)
        .where(Adres.gemeente_id == gemeente_id, Adres.is_nevenadres.is_(False))
        .order_by(Adres.id)).all()
    if not rijen:
        raise ValueError("Geen adressen: laad eerst de demo-adressen.")

    def kies(*voorwaarden):
        for voorwaarde in voorwaarden:
            lijst = [a for a, doelen, opp in rijen if voorwaarde(doelen or "", opp or 0)]
            if len(lijst) >= 4:
                rnd.shuffle(lijst)
                return lijst
        lijst = [a for a, _, _ in rijen]
        rnd.shuffle(lijst)
        return lijst

    def niet_wonen(d, o):
        return "woonfunctie" not in d

    return {
        "seks": kies(lambda d, o: d in ("bijeenkomstfunctie", "logiesfunctie"), niet_wonen),
        "horeca": kies(lambda d, o: d == "bijeenkomstfunctie", niet_wonen),
        "salon": kies(lambda d, o: "winkelfunctie" in d, niet_wonen),
        "bedrijf": kies(lambda d, o: d in ("industriefunctie", "kantoorfunctie"), niet_wonen),
        "woning": kies(lambda d, o: d == "woonfunctie" and o < 110, lambda d, o: d == "woonfunctie"),
        "woning_groot": kies(lambda d, o: d == "woonfunctie" and o >= 110, lambda d, o: d == "woonfunctie"),
    }


def _neem_adres(g: _Gemeente, soort: str) -> Adres:
    for a in g.adressen[soort]:
        if a.id not in g.gebruikt:
            g.gebruikt.add(a.id)
            return a
    return g.rnd.choice(g.adressen[soort])  # a small demo: addresses are visited twice


def _antwoorden(session: Session, c: Controle, sc: Scenario, g: _Gemeente, stap: Stap, begin: datetime
                ) -> dict[str, vastlegging.Wijziging]:
    """Every item's answer for this scenario (required ones always), as the autosave sends them."""
    # Ids follow the checklist order (sections and items are created in order).
    items = sorted(vastlegging.items(session, c).values(), key=lambda i: i.id)
    bevinding_antwoord = {b.item: b.antwoord for b in sc.bevindingen if b.item and b.antwoord}
    lokaal = naar_lokaal(begin)
    hercontrole = stap.status == S.HERCONTROLE_GEPLAND
    uit: dict[str, vastlegging.Wijziging] = {
        "toegang": vastlegging.Wijziging(sc.toegang.value, ""),
        "is_woning": vastlegging.Wijziging("ja" if sc.is_woning else "nee", "nee"),
        "notities": vastlegging.Wijziging(sc.notities, ""),
    }
    for item in items:
        code = item.code
        w = sc.antwoorden.get(code, bevinding_antwoord.get(code))
        if w is None:
            if code == "overtredingen_geconstateerd":
                w = "ja" if sc.bevindingen else "nee"
            elif code == "hercontrole_nodig":
                w = "ja" if hercontrole else "nee"
            elif code == "woning_aanwezig":
                w = "ja" if sc.is_woning else "nee"
            elif code == "hercontrole_uiterlijk":
                w = (lokaal.date() + timedelta(weeks=6)).isoformat() if hercontrole else ""
            elif code == "onmiddellijke_maatregelen":
                w = "Exploitant aangesproken; gebreken ter plaatse toegelicht." if sc.bevindingen else ""
            elif item.soort == ItemSoort.JA_NEE:
                w = "nee" if code in NORMAAL_NEE or code.startswith("sig_") else "ja"
            elif item.soort == ItemSoort.GETAL:
                w = GETALLEN.get(code, "1")
            elif item.soort == ItemSoort.KEUZE:
                w = KEUZES.get(code) if KEUZES.get(code) in (item.keuzes or []) else (item.keuzes or [""])[0]
            elif item.soort == ItemSoort.DATUM:
                w = {"vergunning_geldig_tot": (lokaal.date() + timedelta(days=420)).isoformat(),
                     "snf_geldig_tot": (lokaal.date() + timedelta(days=230)).isoformat()}.get(code, "")
            elif item.soort == ItemSoort.TIJD:
                w = (lokaal + timedelta(minutes=8)).strftime("%H:%M") if code == "tijd_binnenkomst" else ""
            else:
                w = ""
        if code == "werkgever" and w in g.namen:
            w = g.namen[w]
        if w == "" and not item.verplicht:
            continue
        uit[f"a:{item.id}"] = vastlegging.Wijziging(w, "")
        # A "nee" on a requirement gets a short explanation, as toezichthouders write them.
        if w == "nee" and item.verplicht and code not in NORMAAL_NEE:
            uitleg = next((b.omschrijving for b in sc.bevindingen if b.item == code), "")
            if uitleg:
                uit[f"t:{item.id}"] = vastlegging.Wijziging(uitleg[:300], "")
    if stap.gedeeltelijk:
        # Half-way: the entry basis, the first sections and the notes; the rest still open.
        sleutels = [k for k in uit if k.startswith("a:")]
        houden = set(sleutels[: max(3, len(sleutels) // 2)])
        uit = {k: v for k, v in uit.items() if not k.startswith(("a:", "t:")) or k in houden
               or (k.startswith("t:") and "a:" + k[2:] in houden)}
    return uit


def _sekswerker(p: Pers, g: _Gemeente, jaar: int, n: int) -> vastlegging.SekswerkerInvoer:
    return vastlegging.SekswerkerInvoer(
        werknaam=WERKNAMEN[(g.teller + n) % len(WERKNAMEN)],
        geboortejaar=None if p.leeftijd_min is None else jaar - p.leeftijd_min,
        id_gezien=p.id_gezien, nationaliteit=NATIONALITEITEN[(g.teller * 3 + n) % len(NATIONALITEITEN)],
        ingeschreven_brp_rni=p.brp, gesprek_aangeboden=True, tolk=p.tolk,
        toelichting="Gesprek met een telefonische tolk." if p.tolk else
                    "Apart gesproken, zonder exploitant of beheerder.")


# --------------------------------------------------------------------------- one controle

def _plan(session: Session, g: _Gemeente, stap: Stap, n: int) -> list[Controle]:
    sc = SCENARIOS[stap.scenario]
    ctype = g.typen[sc.type_code]
    if stap.adres and stap.adres.startswith("@"):
        adressen = [g.adres_van[stap.adres[1:]]]
    else:
        adressen = [_neem_adres(g, stap.adres or sc.plek) for _ in range(max(1, stap.ronde))]
    # History is planned for today (the service refuses the past) and moved back later.
    dag = g.vandaag + timedelta(days=max(stap.dag, 0))
    eind = (datetime.combine(dag, stap.uur) + timedelta(hours=2, minutes=30)).time()
    if eind <= stap.uur:
        eind = time(23, 59)
    plan = planning.Plan(
        uuid=_sleutel(g.gemeente.code, "stap", n), controletype_id=ctype.id, adres_ids=[a.id for a in adressen],
        datum=dag, van=stap.uur, tot=eind, toezichthouder_ids=[t.id for t in g.toezichthouders],
        partners=list(stap.partners if stap.partners is not None else ctype.partners),
        rechtsgronden=list(ctype.rechtsgronden), briefing=sc.briefing,
        ronde_naam=f"Avondronde {ctype.naam.lower()} {g.gemeente.naam}" if stap.ronde > 1 else "")
    controles = planning.plan_controles(session, g.coordinator, g.gemeente.id, plan)
    if stap.naam:
        g.adres_van[stap.naam] = adressen[0]
    return controles


def _voer_uit(session: Session, g: _Gemeente, c: Controle, stap: Stap, begin: datetime) -> None:
    """Walk one controle through the lifecycle up to ``stap.status`` (before the outcome) and
    move its timestamps back to ``begin``."""
    sc = SCENARIOS[stap.scenario]
    th, coord = g.toezichthouders[0], g.coordinator
    g.teller += 1
    if stap.status == S.GEPLAND:
        return
    services.bereid_voor(session, coord, c, c.versie)
    if stap.status == S.VOORBEREID and not stap.gedeeltelijk:
        return
    vastlegging.start(session, th, c)
    vastlegging.sla_op(session, th, c, c.versie, _antwoorden(session, c, sc, g, stap, begin))
    bevindingen = []
    for i, b in enumerate(sc.bevindingen):
        bev, _ = vastlegging.voeg_bevinding_toe(
            session, th, c, uuid=_sleutel(c.uuid, "bevinding", i), categorie=b.categorie, omschrijving=b.omschrijving,
            waarneming=b.waarneming, ernst=b.ernst, norm=b.norm, checklist_item_code=b.item)
        bevindingen.append(bev)
    jaar = naar_lokaal(begin).year
    for i, p in enumerate(sc.personen):
        naam = g.namen.get(p.naam, p.naam) if p.rol in ("exploitant", "beheerder", "anders") else ""
        vastlegging.voeg_persoon_toe(
            session, th, c, uuid=_sleutel(c.uuid, "persoon", i), rol=p.rol, naam=naam,
            id_gezien=p.id_gezien, leeftijd_gecontroleerd=p.rol != "sekswerker" and p.id_gezien,
            opmerking=p.opmerking, sekswerker=_sekswerker(p, g, jaar, i) if p.rol == "sekswerker" else None)
    fotos = [(b.foto, bev) for b, bev in zip(sc.bevindingen, bevindingen) if b.foto] + [(f, None) for f in sc.fotos]
    for i, (bijschrift, bev) in enumerate(fotos):
        data = foto_jpeg(bijschrift, begin + timedelta(minutes=30 + 6 * i), seed=zlib.crc32(f"{c.uuid}:{i}".encode()))
        vastlegging.voeg_foto_toe(session, th, c, uuid=_sleutel(c.uuid, "foto", i), data=data, bijschrift=bijschrift,
                                  bevinding=bev)
    if stap.status == S.VOORBEREID:
        _verschuif(session, c, begin, g.nu)
        return
    afronding.rond_uitvoering_af(session, th, c, c.versie)
    if stap.status != S.UITGEVOERD:
        services.stel_rapport_op(session, th, c, c.versie)
        if stap.handtekening:
            afronding.onderteken(session, th, c, wijze="handtekening", naam=th.naam,
                                 handtekening=handtekening_data_url(th.naam, g.teller))
        else:
            afronding.onderteken(session, th, c, wijze="verklaring", naam=th.naam, akkoord=True)
        if stap.status != S.RAPPORT_CONCEPT:
            afronding.stel_vast(session, coord, c, c.versie)
    _verschuif(session, c, begin, g.nu)
    if c.status == S.RAPPORT_VASTGESTELD and stap.pdf:
        _maak_pdf(session, g, c)


def _verschuif(session: Session, c: Controle, begin: datetime, nu: datetime) -> None:
    """Move a controle's own timestamps to the moment it really happened (see the module doc)."""
    duur = (c.gepland_tot - c.gepland_op) if c.gepland_op and c.gepland_tot else timedelta(hours=2, minutes=30)
    c.gepland_op, c.gepland_tot = begin, begin + duur
    c.aangemaakt_op = min(c.aangemaakt_op, begin - timedelta(days=9))
    if c.gestart_op is None:
        return
    gestart = begin + timedelta(minutes=6)
    c.gestart_op = gestart
    for i, a in enumerate(session.execute(select(ChecklistAntwoord).where(ChecklistAntwoord.controle_id == c.id)
                                          .order_by(ChecklistAntwoord.id)).scalars()):
        a.gewijzigd_op = gestart + timedelta(minutes=10 + i)
    bevindingen = session.execute(select(Bevinding).where(Bevinding.controle_id == c.id).order_by(Bevinding.id)
                                  ).scalars().all()
    for i, b in enumerate(bevindingen):
        b.waargenomen_op = gestart + timedelta(minutes=25 + 7 * i)
    for i, p in enumerate(session.execute(select(AangetroffenPersoon).where(AangetroffenPersoon.controle_id == c.id)
                                          .order_by(AangetroffenPersoon.id)).scalars()):
        p.aangemaakt_op = gestart + timedelta(minutes=15 + 5 * i)
    for i, f in enumerate(session.execute(select(Foto).where(Foto.controle_id == c.id).order_by(Foto.id)).scalars()):
        f.gemaakt_op = gestart + timedelta(minutes=24 + 6 * i)
    klaar = gestart + timedelta(minutes=95)
    c.gewijzigd_op = min(klaar, nu - timedelta(minutes=5))
    if c.uitgevoerd_op is None:
        session.flush()
        return
    c.uitgevoerd_op = klaar
    # Signed the next working morning, vastgesteld before lunch (never later than now).
    getekend = min(_werkdag(klaar, time(9, 20)), nu - timedelta(hours=2))
    for o in session.execute(select(Ondertekening).where(Ondertekening.controle_id == c.id)).scalars():
        o.getekend_op = getekend
    if c.vastgesteld_op is not None:
        c.vastgesteld_op = min(getekend + timedelta(hours=2, minutes=10), nu - timedelta(minutes=5))
        for r in session.execute(select(Rapport).where(Rapport.controle_id == c.id)).scalars():
            r.aangevraagd_op = c.vastgesteld_op
    session.flush()


def _werkdag(na: datetime, om: time) -> datetime:
    """The next working day after ``na`` at local time ``om`` (naive UTC)."""
    dag = naar_lokaal(na).date() + timedelta(days=1)
    while dag.weekday() >= 5:
        dag += timedelta(days=1)
    return naar_utc(dag, om)


def _maak_pdf(session: Session, g: _Gemeente, c: Controle) -> None:
    """Make the rapport now (as the job would right after vaststelling) and mark its job done."""
    r = session.execute(select(Rapport).where(Rapport.controle_id == c.id).order_by(Rapport.versie.desc())
                        ).scalars().first()
    session.expire(c)  # the collections (photos, findings, persons) were added through the services
    gemaakt = rapport.maak_rapport(session, r.id)
    if gemaakt is None or gemaakt.status != RapportStatus.KLAAR:
        raise RuntimeError(f"Rapport van demo-controle {c.id} is niet gemaakt: {gemaakt and gemaakt.fout}")
    gemaakt.gemaakt_op = c.vastgesteld_op + timedelta(seconds=40)
    session.execute(update(Achtergrondtaak).where(Achtergrondtaak.taak_sleutel == rapport.taak_sleutel(c, r))
                    .values(status=TaakStatus.KLAAR, pogingen=1, aangemaakt_op=c.vastgesteld_op,
                            gestart_op=c.vastgesteld_op + timedelta(seconds=2), klaar_op=gemaakt.gemaakt_op))
    session.flush()
    g.pdfs += 1


def _uitkomst(session: Session, g: _Gemeente, c: Controle, stap: Stap) -> Controle | None:
    toelichting = stap.toelichting or TOELICHTING[stap.status]
    vervolg = afronding.kies_uitkomst(session, g.coordinator, c, c.versie, stap.status.value, toelichting)
    c.afgerond_op = min(_werkdag(c.vastgesteld_op + timedelta(days=1), time(10, 15)), g.nu - timedelta(minutes=10))
    if vervolg is not None:
        vervolg.aangemaakt_op = c.afgerond_op
    session.flush()
    return vervolg


def _seed_gemeente(session: Session, g: _Gemeente) -> int:
    termijn = timedelta(weeks=instelling(session, g.gemeente.id, HERCONTROLE_TERMIJN))
    aantal = 0
    for n, stap in enumerate(PLAN):
        begin = naar_utc(g.vandaag + timedelta(days=stap.dag), stap.uur)
        for c in _plan(session, g, stap, n):
            aantal += 1
            _voer_uit(session, g, c, stap, begin)
            if stap.status not in afronding.UITKOMSTEN:
                continue
            vervolg = _uitkomst(session, g, c, stap)
            if vervolg is None:
                continue
            aantal += 1
            if vervolg.gepland_op != c.gepland_op + termijn:  # the service's own rule, as documented
                log.warning("Hercontrole van demo-controle %s niet op %s gepland", c.id, termijn)
            if stap.vervolg is not None:
                _voer_uit(session, g, vervolg, stap.vervolg, vervolg.gepland_op)
                if stap.vervolg.status in afronding.UITKOMSTEN:
                    _uitkomst(session, g, vervolg, stap.vervolg)
                    # The follow-up found the findings resolved.
                    # (Set on the model: the service only allows it while the follow-up is open.)
                    for b in c.bevindingen:
                        b.opgelost_op, b.opgelost_in_controle_id = vervolg.uitgevoerd_op, vervolg.id
                        b.opgelost_door_id = vervolg.toezichthouders[0].id if vervolg.toezichthouders else None
                    session.flush()
    return aantal


# --------------------------------------------------------------------------- entry point

def seed_controles(session: Session, gemeenten, users, now: datetime | None = None) -> dict[str, int]:
    """Control types, aanwijzingen and controles for each demo gemeente; flush only.

    ``users``: the demo users (any iterable of ``Gebruiker``, or a dict of them); per gemeente
    its toezichthouders form the team, its own coördinator plans and closes, its beheerder
    records the aanwijzingen. A gemeente that has controles already is skipped. Returns the
    number of controles made per gemeente name.

    ``now``: the moment the demo is set at (default: now); history and plans count from its
    local date. The planning service checks dates against the real today, so ``now`` must not
    lie before today."""
    if not has_app_context():
        raise RuntimeError("seed_controles heeft een app-context nodig: foto's, handtekeningen en PDF's gaan naar "
                           "de opslag van de app (with app.app_context(): ...).")
    start = _time.perf_counter()
    nu = now or utcnow()
    uit: dict[str, int] = {}
    pdfs = 0
    for gemeente in gemeenten:
        if session.execute(select(func.count()).select_from(Controle)
                           .where(Controle.gemeente_id == gemeente.id)).scalar():
            uit[gemeente.naam] = 0
            continue
        sjablonen.installeer_standaard(session, gemeente.id)
        th, coord, beheerder = _gebruikers(users, gemeente)
        besluit, prefix = AANWIJZING.get(gemeente.code, AANWIJZING_ANDERS)
        geldig_tot = date(naar_lokaal(nu).year + 2, 12, 31)
        for i, t in enumerate(th):
            nummer = f"{prefix}-{412 + 37 * i:04d}"
            if beheerder is not None:  # as the beheerder records it (checked, audited)
                sjablonen.zet_aanwijzing(session, beheerder, gemeente.id, t.id, besluit, nummer, geldig_tot)
            else:
                session.add(Aanwijzing(gebruiker_id=t.id, gemeente_id=gemeente.id, besluit=besluit,
                                       legitimatienummer=nummer, geldig_tot=datetime.combine(geldig_tot, time())))
        typen = {t.code: t for t in session.execute(
            select(Controletype).where(Controletype.gemeente_id == gemeente.id)).scalars()}
        rnd = random.Random(f"demo-controles-{gemeente.code}")
        g = _Gemeente(gemeente=gemeente, toezichthouders=th, coordinator=coord, beheerder=beheerder, typen=typen,
                      namen=NAMEN.get(gemeente.code, NAMEN_ANDERS), adressen=_adressen(session, gemeente.id, rnd),
                      rnd=rnd, nu=nu, vandaag=naar_lokaal(nu).date())
        uit[gemeente.naam] = _seed_gemeente(session, g)
        pdfs += g.pdfs
    log.info("Demo-controles: %s, %d PDF's, in %.1f s", uit, pdfs, _time.perf_counter() - start)
    return uit
