"""The demo controles as data: who, where, which checklist answers, findings and persons per
scenario, and the plan of the months (used by ``controles/demo.py``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

from handhaving.controles.models import (
    ControleStatus,
    Toegang,
)
from handhaving.controles.standaard import BEZETTING, BRANDVEILIG, HUISVW_21, OMGEVINGSPLAN, WAV

S = ControleStatus

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
    ook: tuple[tuple[S, str], ...] = ()  # further outcomes, each with its toelichting (a controle may have several)


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
                     "een seksbedrijf zonder vergunning. Dossier naar team Juridische zaken.",
         # Two outcomes of one visit: the gemeente enforces, and the RIEC weighs who is behind it.
         ook=((S.DOORGEZET_SIGNAAL_RIEC, "Onduidelijk wie de salon financiert en wie de vrouwen brengt; signaal "
                                         "ingebracht bij het RIEC (coördinator bestuurlijke aanpak) voor de "
                                         "weegtafel."),)),
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


