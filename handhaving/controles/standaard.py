"""The default control types and their checklists, as data (domain brief §3, §4).

``sjablonen.installeer_standaard`` turns these into ``Controletype`` rows with a
published version 1 per gemeente; from then on the gemeente's beheerder owns them
and changes them through concepts (new versions). Nothing here is read at run
time after that, so changing this file never changes an existing gemeente's
checklist or a control that was carried out with it.

Item codes are stable snake_case, unique within a type: answers and findings of
different versions are compared by code. Article numbers of the APV differ per
gemeente, so norms refer to the APV chapter only; the beheerder refines them.
"""
from __future__ import annotations

from dataclasses import dataclass

from handhaving.controles.models import ControleSoort, ItemSoort, Partner

# --- legal bases (the planning form offers these; a gemeente's types pick from them) ----------------

AWB_TOEZICHT = "Awb 5:15–5:20 (binnentreden, inlichtingen, identiteit, inzage)"
GEMW_174 = "Gemeentewet art. 174"
GEMW_151A = "Gemeentewet art. 151a"
APV_SEKS = "APV hoofdstuk 3 (seksinrichtingen)"
APV_HORECA = "APV (openbare inrichtingen, exploitatievergunning horeca)"
ALCOHOLWET = "Alcoholwet art. 3"
HUISVW_34 = "Huisvestingswet 2014 art. 34"
HUISVW_21 = "Huisvestingswet 2014 art. 21 (omzettings- en splitsingsvergunning)"
BEZETTING = "Bouwbesluit 2012 art. 7.18 / Bbl (bezettingsnorm 12 m² per persoon)"
BRANDVEILIG = "Bbl (brandveilig gebruik)"
OMGEVINGSPLAN = "Omgevingsplan (strijdig gebruik)"
WAV = "Wav art. 2 (tewerkstellingsvergunning; via de Arbeidsinspectie)"

RECHTSGRONDEN: tuple[str, ...] = (
    AWB_TOEZICHT, GEMW_174, GEMW_151A, APV_SEKS, APV_HORECA, ALCOHOLWET, HUISVW_34, HUISVW_21,
    BEZETTING, BRANDVEILIG, OMGEVINGSPLAN, WAV,
)


# --- the shapes -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class StandaardItem:
    code: str
    soort: ItemSoort
    tekst: str
    hulptekst: str = ""
    verplicht: bool = False
    keuzes: tuple[str, ...] = ()
    norm: str = ""


@dataclass(frozen=True)
class StandaardSectie:
    titel: str
    items: tuple[StandaardItem, ...]
    toelichting: str = ""
    signalen: bool = False


@dataclass(frozen=True)
class StandaardType:
    code: str
    naam: str
    soort: ControleSoort
    omschrijving: str
    partners: tuple[Partner, ...]
    rechtsgronden: tuple[str, ...]
    secties: tuple[StandaardSectie, ...]
    woning_mogelijk: bool = False


def sectiecode(volgorde: int) -> str:
    """A, B, …, Z, AA, AB, … for the 1st, 2nd, … section of a version."""
    code = ""
    n = volgorde
    while n > 0:
        n, rest = divmod(n - 1, 26)
        code = chr(ord("A") + rest) + code
    return code


def _ja_nee(code, tekst, hulptekst="", verplicht=False, norm=""):
    return StandaardItem(code, ItemSoort.JA_NEE, tekst, hulptekst, verplicht, (), norm)


def _getal(code, tekst, hulptekst="", verplicht=False, norm=""):
    return StandaardItem(code, ItemSoort.GETAL, tekst, hulptekst, verplicht, (), norm)


def _tekst(code, tekst, hulptekst="", verplicht=False, norm=""):
    return StandaardItem(code, ItemSoort.TEKST, tekst, hulptekst, verplicht, (), norm)


def _keuze(code, tekst, keuzes, hulptekst="", verplicht=False, norm=""):
    return StandaardItem(code, ItemSoort.KEUZE, tekst, hulptekst, verplicht, tuple(keuzes), norm)


def _datum(code, tekst, hulptekst="", verplicht=False, norm=""):
    return StandaardItem(code, ItemSoort.DATUM, tekst, hulptekst, verplicht, (), norm)


def _tijd(code, tekst, hulptekst="", verplicht=False, norm=""):
    return StandaardItem(code, ItemSoort.TIJD, tekst, hulptekst, verplicht, (), norm)


# --- sections used by several types ---------------------------------------------------------------

def _context(*extra: StandaardItem) -> StandaardSectie:
    """Brief §4 A. Date, place, team, partners, legal bases and the entry basis are part of the
    controle itself (planning and start); the checklist asks what only the team can tell."""
    return StandaardSectie("Context", (
        _tijd("tijd_binnenkomst", "Tijdstip van binnenkomst",
              "Het moment waarop het team het pand binnenging; kan afwijken van het starttijdstip in de app."),
        _ja_nee("legitimatie_getoond", "Legitimatiebewijs getoond aan de aanwezige verantwoordelijke",
                "Toon het legitimatiebewijs uit eigen beweging of direct op verzoek.", True, "Awb 5:12"),
        _keuze("aanspreekpunt", "Wie was ter plaatse het aanspreekpunt?",
               ("Exploitant", "Beheerder of leidinggevende", "Medewerker", "Bewoner", "Niemand aanwezig"),
               "Alleen de rol; namen legt u vast bij ‘Aangetroffen personen’."),
        _ja_nee("woning_aanwezig", "Was een deel van het pand een woning?",
                "Een woning mag alleen worden betreden met toestemming van de bewoner of met een machtiging "
                "(Awb 5:15). Feitelijk gebruik telt, niet de bestemming. De grond van binnentreden legt u vast "
                "bij de start van de controle.", True, "Awb 5:15"),
        _ja_nee("medewerking_verleend", "Werd de gevraagde medewerking verleend?",
                "Iedereen moet meewerken aan redelijke vorderingen (Awb 5:20); weigeren is strafbaar (Sr 184). "
                "Beschrijf bij ‘nee’ wat werd geweigerd.", True, "Awb 5:20"),
        *extra,
    ))


def _signalen(*extra: StandaardItem) -> StandaardSectie:
    """Brief §4 F: each signal ticked separately; free text; never a verdict."""
    return StandaardSectie("Signalen van mensenhandel", (
        _ja_nee("sig_geen_eigen_documenten", "Heeft de eigen identiteits- of reisdocumenten niet in bezit",
                "Bijvoorbeeld: documenten worden ‘bewaard’ door de exploitant, een vriend of een werkgever."),
        _ja_nee("sig_geen_zeggenschap_geld", "Geen zeggenschap over de eigen verdiensten of een buitensporige afdracht",
                "Geld gaat naar een ander, of het grootste deel van de inkomsten wordt afgedragen."),
        _ja_nee("sig_schulden", "Schulden bij de exploitant of een derde, of een ‘overnamesom’ betaald",
                "Bijvoorbeeld schulden voor reis, huisvesting, advertenties of een bemiddelaar."),
        _ja_nee("sig_beperkte_bewegingsvrijheid", "Beperkte bewegingsvrijheid of voortdurend begeleid",
                "Mag niet alleen naar buiten, wordt gebracht en gehaald, of een ander voert steeds het woord."),
        _ja_nee("sig_slaapt_op_werkplek", "Slaapt op de werkplek of kent het eigen adres niet",
                "Bijvoorbeeld: matras of bagage in de werkruimte, of geen antwoord op de vraag waar iemand woont."),
        _ja_nee("sig_lange_werktijden", "Maakt zeer lange werkdagen of is dag en nacht beschikbaar",
                "Bijvoorbeeld: werkt elke dag, geen vrije dagen, of moet altijd bereikbaar zijn."),
        _ja_nee("sig_reis_geregeld", "Reis, visum of werk is door een ander geregeld",
                "Vraag wie de reis betaalde en wie het werk of de werkplek regelde."),
        _ja_nee("sig_angst_letsel", "Angst, verwondingen of ‘brandmerk’-tatoeages",
                "Bijvoorbeeld: schrikachtig, ontwijkend, blauwe plekken, een naam of teken als tatoeage."),
        _ja_nee("sig_geen_contacttaal", "Spreekt geen taal waarin contact mogelijk is",
                "Zonder gemeenschappelijke taal kan iemand geen hulp vragen; zet zo nodig een tolk in."),
        _ja_nee("sig_bedreiging_familie", "Vertelt over bedreiging van familie",
                "Ook: angst dat familie in het land van herkomst iets overkomt als er niet wordt betaald."),
        _ja_nee("sig_pas_aangekomen", "Pas in Nederland aangekomen en direct aan het werk",
                "Bijvoorbeeld: enkele dagen in Nederland, kent de stad niet, geen eigen telefoon of bankrekening."),
        *extra,
        _tekst("sig_toelichting", "Toelichting op de signalen",
               "Beschrijf wat u zelf zag of hoorde, en wat u van anderen hoorde, apart. Geen conclusies. "
               "Bronnen van de lijst: Veiligheidshuis Zeeland, HVO-Querido, Informatiepunt Mensenhandel."),
    ), toelichting="Een signaal is een waarneming, geen oordeel.", signalen=True)


def _afsluiting() -> StandaardSectie:
    """Brief §4 H. The outcome itself (and the signature) is recorded when the controle is completed."""
    return StandaardSectie("Afsluiting", (
        _ja_nee("overtredingen_geconstateerd", "Overtredingen geconstateerd",
                "Leg elke overtreding vast als bevinding, met het geschonden artikel als norm.", True),
        _tekst("onmiddellijke_maatregelen", "Onmiddellijke maatregelen",
               "Bijvoorbeeld: bedrijf voor de avond gesloten, ruimte ontruimd, aanwijzing ter plaatse gegeven."),
        _keuze("doorverwijzing", "Doorverwijzing",
               ("Geen", "Politie (AVIM)", "Nederlandse Arbeidsinspectie", "Zorgcoördinator mensenhandel",
                "CoMensha", "Brandweer", "GGD", "Anders"),
               "Bij een vermoeden van mensenhandel (Sr 273f): politie of zorgcoördinator. Bij twijfel over "
               "het recht om te werken (Wav): de Arbeidsinspectie."),
        _ja_nee("hercontrole_nodig", "Hercontrole nodig", "", True),
        _datum("hercontrole_uiterlijk", "Hercontrole uiterlijk op",
               "Alleen als een hercontrole nodig is; de coördinator plant die in."),
    ))


def _brandveiligheid(*extra: StandaardItem, titel: str = "Omstandigheden en veiligheid") -> StandaardSectie:
    return StandaardSectie(titel, (
        _ja_nee("vluchtwegen_vrij", "Vluchtwegen vrij en nooduitgangen bruikbaar", "", True, BRANDVEILIG),
        _ja_nee("blusmiddelen", "Blusmiddelen aanwezig en gekeurd", "", False, BRANDVEILIG),
        _ja_nee("rookmelders", "Rookmelders aanwezig en werkend", "", False, BRANDVEILIG),
        *extra,
    ))


# --- prostitution (brief §4 A–H) ------------------------------------------------------------------

_VERGUNNING = StandaardSectie("Vergunning", (
    _ja_nee("vergunning_aanwezig", "Geldige exploitatievergunning aanwezig", "", True, APV_SEKS),
    _ja_nee("vergunning_zichtbaar", "Vergunning zichtbaar opgehangen", "", True, APV_SEKS),
    _datum("vergunning_geldig_tot", "Vergunning geldig tot",
           "Staat op de vergunning; vergunningen gelden vaak voor 1 tot 3 jaar."),
    _keuze("feitelijk_gebruik", "Feitelijk aangetroffen soort bedrijf",
           ("Club of privéhuis", "Raamprostitutie", "Escortbedrijf", "Massagesalon", "Anders"), "", True),
    _ja_nee("type_komt_overeen", "Soort vergunning komt overeen met het feitelijke gebruik", "", True, APV_SEKS),
    _ja_nee("adres_komt_overeen", "Adres komt overeen met de vergunning"),
    _getal("aantal_werkruimten", "Aantal aangetroffen werkruimten",
           "Vergelijk met het aantal werkruimten op de vergunning."),
    _ja_nee("werkruimten_binnen_vergunning", "Aantal werkruimten binnen het vergunde aantal", "", False, APV_SEKS),
    _ja_nee("voorschriften_nagelopen", "Vergunningvoorschriften een voor een nagelopen",
            "Leg elk overtreden voorschrift vast als bevinding, met het voorschrift als norm.", True),
    _ja_nee("sluitingstijden_nageleefd", "Sluitingstijden nageleefd",
            "Volgens de vergunning of het sluitingsbeleid van de gemeente.", False, APV_SEKS),
))

_BEHEER = StandaardSectie("Exploitant en beheer", (
    _ja_nee("beheerder_aanwezig", "Exploitant of beheerder aanwezig tijdens openingstijden",
            "Een ontbrekende beheerder heeft tot intrekking van een vergunning geleid (Rb Den Haag 2020).",
            True, APV_SEKS),
    _ja_nee("beheerder_op_aanhangsel", "Aanwezige beheerder staat op het aanhangsel van de vergunning", "", True,
            APV_SEKS),
    _ja_nee("beheerder_identiteit", "Identiteit van exploitant of beheerder vastgesteld",
            "Met een geldig identiteitsbewijs.", True, "Awb 5:16a"),
))

_ADMINISTRATIE = StandaardSectie("Administratie", (
    _ja_nee("bedrijfsplan_aanwezig", "Bedrijfsplan aanwezig",
            "Met onder meer hygiëne, gezondheid, veiligheid, het recht klanten te weigeren en het toezicht.",
            True, APV_SEKS),
    _ja_nee("bedrijfsplan_uitgevoerd", "Bedrijfsplan wordt in de praktijk uitgevoerd", "", False, APV_SEKS),
    _ja_nee("register_aanwezig", "Register van sekswerkers aanwezig en bijgehouden",
            "Bekijk alleen de gegevens die de APV voorschrijft; neem niet meer over dan nodig.", True, APV_SEKS),
    _ja_nee("werktijden_geregistreerd", "Werktijden van sekswerkers worden bijgehouden"),
    _ja_nee("financiele_afspraken_inzichtelijk", "Financiële afspraken (huur, afdracht) zijn inzichtelijk"),
    _getal("afdracht_percentage", "Afdrachtpercentage volgens de administratie (%)",
           "Een hoog percentage kan een signaal zijn; vul dan ook de signalen in."),
    _ja_nee("kopieen_gemaakt", "Kopieën van zakelijke gegevens gemaakt",
            "Geef een bewijs van ontvangst als u stukken meeneemt.", False, "Awb 5:17"),
), toelichting="Inzage in zakelijke gegevens en bescheiden (Awb 5:17).")

_SEKSWERKERS = StandaardSectie("Sekswerkers", (
    _getal("aantal_sekswerkers", "Aantal aangetroffen sekswerkers", "", True),
    _ja_nee("allen_legitimatie", "Alle sekswerkers hebben een identiteitsbewijs getoond", "", True,
            "Gemeentewet art. 151a lid 2"),
    _ja_nee("allen_minimumleeftijd", "Alle sekswerkers voldoen aan de minimumleeftijd",
            "Strafrechtelijk 18 jaar; de APV kan 21 jaar vragen (gemeente-instelling ‘Minimumleeftijd "
            "sekswerker’). Jonger dan 18: direct de politie inschakelen.", True, APV_SEKS),
    _ja_nee("allen_werkrecht", "Alle sekswerkers mogen in Nederland werken",
            "EU/EER-nationaliteit of een TWV/GVVA. Bij twijfel doorverwijzen naar de Arbeidsinspectie.", False,
            WAV),
    _ja_nee("allen_ingeschreven", "Alle sekswerkers staan ingeschreven in de BRP of de RNI"),
    _ja_nee("gesprek_aangeboden", "Gesprek zonder exploitant of beheerder aangeboden",
            "Buiten het zicht en gehoor van exploitant en beheerder, zo nodig met een tolk.", True),
    _ja_nee("tolk_ingezet", "Tolk ingezet"),
), toelichting="Alleen totalen. Gegevens per sekswerker legt u vast bij ‘Aangetroffen personen’; die zijn "
               "extra beschermd (AVG art. 9) en alleen voor het team zichtbaar.")

_HYGIENE = _brandveiligheid(
    _ja_nee("hygienerichtlijn", "Hygiënerichtlijn voor seksinrichtingen (LCHV) wordt nageleefd", "", True,
            "LCHV Hygiënerichtlijnen voor seksinrichtingen"),
    _ja_nee("condooms_beschikbaar", "Condooms en glijmiddel gratis beschikbaar"),
    _ja_nee("sanitair_toereikend", "Sanitaire voorzieningen toereikend en schoon"),
    _ja_nee("alarmknoppen", "Alarmknoppen in de werkruimten aanwezig en werkend", "", False, APV_SEKS),
    _ja_nee("overnachting", "Wordt er in het pand overnacht?",
            "Overnachten op de werkplek kan ook een signaal van uitbuiting zijn."),
    titel="Omstandigheden en hygiëne")

_ONVERGUND = StandaardSectie("Aanleiding en bedrijfsvoering", (
    _keuze("aanleiding", "Aanleiding van de controle",
           ("Advertentie", "Melding van buren of burgers", "Informatie van de politie", "Eigen waarneming",
            "Anders"), "", True),
    _keuze("soort_locatie", "Soort locatie",
           ("Woning", "Hotel of vakantiewoning", "Bedrijfspand", "Vervoermiddel", "Anders"), "", True),
    _ja_nee("vergunning_aanwezig", "Exploitatievergunning aanwezig",
            "Zonder vergunning exploiteren is een overtreding van de APV; handhaving met bestuursdwang "
            "(Gemeentewet art. 125).", True, APV_SEKS),
    _ja_nee("bedrijfsmatig", "Aanwijzingen voor bedrijfsmatige seksbedrijvigheid",
            "Bijvoorbeeld meerdere sekswerkers, roosters, een prijslijst, een vaste klantenstroom of "
            "advertenties met hetzelfde telefoonnummer."),
    _getal("aantal_kamers_in_gebruik", "Aantal kamers in gebruik voor seksuele dienstverlening"),
    _tekst("advertentie_kenmerken", "Kenmerken van de advertentie",
           "Website, advertentienummer of telefoonnummer; geen schermafdruk met foto’s van personen."),
))


# --- integral controls ----------------------------------------------------------------------------

_HORECA = StandaardSectie("Alcoholwet en exploitatie", (
    _ja_nee("alcoholvergunning_aanwezig", "Alcoholwetvergunning aanwezig", "", True, ALCOHOLWET),
    _ja_nee("exploitatievergunning_aanwezig", "Exploitatievergunning horeca aanwezig", "", True, APV_HORECA),
    _ja_nee("leidinggevende_aanwezig", "Een leidinggevende die op het aanhangsel staat is aanwezig",
            "Vergelijk met de namen op het aanhangsel bij de vergunning.", True, "Alcoholwet art. 24"),
    _ja_nee("leidinggevenden_21", "Aanwezige leidinggevenden zijn 21 jaar of ouder", "", False,
            "Alcoholwet art. 8"),
    _ja_nee("geen_alcohol_onder_18", "Geen alcohol verstrekt aan personen jonger dan 18", "", False,
            "Alcoholwet art. 20"),
    _tijd("feitelijke_sluitingstijd", "Feitelijke sluitingstijd bij de controle",
          "Vul in als de controle rond sluitingstijd plaatsvond."),
    _ja_nee("sluitingstijden_nageleefd", "Sluitingstijden nageleefd", "", False, APV_HORECA),
))

_PERSONEEL = StandaardSectie("Personeel en gebruik", (
    _getal("aantal_medewerkers", "Aantal aangetroffen medewerkers", "", True),
    _ja_nee("twijfel_werkrecht", "Twijfel over het recht om te werken",
            "Niet zelf beoordelen: doorverwijzen naar de Arbeidsinspectie.", False, WAV),
    _ja_nee("aanwijzingen_seksbedrijf", "Aanwijzingen voor seksbedrijvigheid zonder vergunning",
            "Bijvoorbeeld afgesloten ruimten met bedden, prijslijsten of advertenties.", False, APV_SEKS),
))

_MASSAGESALON = StandaardSectie("Massagesalon en bedrijfsvoering", (
    _ja_nee("vergunning_aanwezig", "Vereiste vergunning of melding voor de massagesalon aanwezig",
            "Of een vergunning nodig is, hangt af van de APV van de gemeente.", False, APV_SEKS),
    _getal("aantal_behandelruimten", "Aantal behandelruimten"),
    _getal("aantal_medewerkers", "Aantal aangetroffen medewerkers", "", True),
    _tekst("openingstijden", "Openingstijden volgens de exploitant"),
))

_ONVERGUNDE_SEKS = StandaardSectie("Aanwijzingen voor onvergunde seksbedrijvigheid", (
    _ja_nee("aanbod_erotisch", "Aanbod of prijslijst met erotische of seksuele diensten",
            "Ook online: advertenties met het adres of het telefoonnummer van de salon.", True, APV_SEKS),
    _ja_nee("inrichting_bedden", "Behandelruimten met bedden in plaats van massagetafels"),
    _ja_nee("condooms_aangetroffen", "Condooms of seksartikelen in de behandelruimten"),
    _ja_nee("afgesloten_ruimten", "Afsluitbare ruimten zonder zicht van buiten"),
    _ja_nee("late_openingstijden", "Open tot laat in de avond of nacht"),
    _ja_nee("medewerkers_wonen_in_pand", "Medewerkers wonen of slapen in het pand"),
), toelichting="Meerdere aanwijzingen samen kunnen seksbedrijvigheid zonder vergunning aannemelijk maken; "
               "leg ze als waarneming vast.")

_BEDRIJFSVERZAMELGEBOUW = StandaardSectie("Gebruik van de units", (
    _getal("aantal_units", "Aantal units in het gebouw"),
    _getal("aantal_units_bewoond", "Aantal units waarin bewoning werd aangetroffen", "", True),
    _keuze("gebruiksdoel_bag", "Gebruiksdoel volgens de BAG",
           ("Industriefunctie", "Kantoorfunctie", "Logiesfunctie", "Winkelfunctie", "Bijeenkomstfunctie",
            "Overige gebruiksfunctie", "Meerdere"), "Zie de adrespagina (BAG)."),
    _ja_nee("bewoning_zonder_woonfunctie", "Bewoning van units zonder woonfunctie",
            "Slaapplaatsen, kookgelegenheid en persoonlijke spullen wijzen op bewoning.", True, OMGEVINGSPLAN),
    _getal("aantal_slaapplaatsen", "Aantal aangetroffen slaapplaatsen"),
    _ja_nee("brp_inschrijvingen", "Personen staan in de BRP ingeschreven op een adres in het gebouw",
            "Een signaal, geen bewijs: controleer ook de RNI."),
    _getal("aantal_bedrijven", "Aantal aangetroffen bedrijven"),
    _ja_nee("aanwijzingen_seksbedrijf", "Aanwijzingen voor seksbedrijvigheid zonder vergunning", "", False,
            APV_SEKS),
))


# --- housing --------------------------------------------------------------------------------------

def _bewoning(*extra: StandaardItem) -> StandaardSectie:
    return StandaardSectie("Bewoning", (
        _getal("aantal_bewoners", "Aantal aangetroffen bewoners", "", True),
        _getal("aantal_slaapkamers", "Aantal slaapkamers"),
        _getal("personen_per_kamer", "Hoogste aantal personen per slaapkamer", "", True),
        _getal("gbo_m2", "Gebruiksoppervlakte (GBO) in m²",
               "Volgens de BAG of gemeten (NEN 2580). De BAG-oppervlakte kan bergingen of een garage bevatten."),
        _getal("gbo_per_persoon", "GBO per persoon in m²",
               "GBO gedeeld door het aantal bewoners. Minder dan 12 m² per persoon is in strijd met de "
               "bezettingsnorm.", True, BEZETTING),
        _ja_nee("brp_komt_overeen", "Aantal bewoners komt overeen met de inschrijvingen in de BRP of RNI",
                "Een verschil is een signaal, geen bewijs."),
        *extra,
    ))


_WERKGEVER = StandaardSectie("Werkgever en huisvesting", (
    _ja_nee("snf_certificaat", "SNF-certificaat aanwezig",
            "Keurmerk van de Stichting Normering Flexwonen. Sinds 1-7-2025 geldt volgens een secundaire bron "
            "ten minste 15 m² GBO per persoon voor nieuwbouw en hotels; controleer de actuele norm.", True,
            "SNF-norm"),
    _datum("snf_geldig_tot", "SNF-certificaat geldig tot"),
    _ja_nee("huisvesting_gekoppeld_aan_contract", "Huisvesting is gekoppeld aan het arbeidscontract",
            "Wie zijn baan verliest, verliest dan ook zijn woonruimte: vraag hiernaar in het gesprek.", True),
    _ja_nee("huur_ingehouden", "Huur wordt ingehouden op het loon"),
    _getal("huur_per_persoon_week", "Huur per persoon per week (euro)"),
    _tekst("werkgever", "Werkgever of uitzendbureau",
           "Naam van het bedrijf; dat kan met de Arbeidsinspectie worden gedeeld."),
))

_HUISVESTING_VEILIGHEID = _brandveiligheid(
    _ja_nee("sanitair_voldoende", "Voldoende sanitair en kookgelegenheid voor het aantal bewoners"),
    _ja_nee("vocht_schimmel", "Vocht of schimmel aangetroffen"),
    titel="Brandveiligheid en omstandigheden")

_SIGNALEN_ARBEID = (
    _ja_nee("sig_loon_ingehouden", "Ingehouden loon of boetes zonder duidelijke grond",
            "Bijvoorbeeld hoge inhoudingen voor huisvesting, vervoer of ‘bemiddeling’."),
)


# --- the types ------------------------------------------------------------------------------------

STANDAARD_TYPEN: tuple[StandaardType, ...] = (
    StandaardType(
        "prostitutie_vergund", "Prostitutiecontrole vergunde sector", ControleSoort.PROSTITUTIE_VERGUND,
        "Controle van een vergunde seksinrichting of escortbedrijf op vergunning, beheer, administratie, "
        "de sekswerkers en signalen van mensenhandel.",
        (Partner.POLITIE,), (AWB_TOEZICHT, GEMW_174, APV_SEKS, GEMW_151A),
        (_context(), _VERGUNNING, _BEHEER, _ADMINISTRATIE, _SEKSWERKERS, _signalen(), _HYGIENE, _afsluiting())),
    StandaardType(
        "prostitutie_onvergund", "Prostitutiecontrole onvergunde sector", ControleSoort.PROSTITUTIE_ONVERGUND,
        "Controle naar aanleiding van signalen van prostitutie zonder vergunning, bijvoorbeeld in een woning "
        "of hotel. Samen met de politie (AVIM).",
        (Partner.POLITIE,), (AWB_TOEZICHT, APV_SEKS, GEMW_151A),
        (_context(), _ONVERGUND, _SEKSWERKERS, _signalen(), _HYGIENE, _afsluiting()), woning_mogelijk=True),
    StandaardType(
        "integraal_horeca", "Integrale controle horeca", ControleSoort.INTEGRAAL,
        "Integrale controle van een horecabedrijf: Alcoholwet, exploitatie, personeel, veiligheid en signalen.",
        (Partner.POLITIE, Partner.BELASTINGDIENST, Partner.BRANDWEER), (AWB_TOEZICHT, GEMW_174, ALCOHOLWET, APV_HORECA),
        (_context(), _HORECA, _PERSONEEL, _signalen(), _brandveiligheid(), _afsluiting())),
    StandaardType(
        "integraal_massagesalon", "Integrale controle massagesalon", ControleSoort.INTEGRAAL,
        "Integrale controle van een massagesalon, met aandacht voor seksbedrijvigheid zonder vergunning.",
        (Partner.POLITIE, Partner.ARBEIDSINSPECTIE), (AWB_TOEZICHT, GEMW_174, APV_SEKS),
        (_context(), _MASSAGESALON, _ONVERGUNDE_SEKS, _signalen(), _brandveiligheid(), _afsluiting())),
    StandaardType(
        "integraal_bedrijfsverzamelgebouw", "Integrale controle bedrijfsverzamelgebouw", ControleSoort.INTEGRAAL,
        "Integrale controle van een bedrijfsverzamelgebouw, met aandacht voor bewoning van units zonder "
        "woonfunctie.",
        (Partner.BRANDWEER, Partner.POLITIE, Partner.ARBEIDSINSPECTIE), (AWB_TOEZICHT, OMGEVINGSPLAN, BRANDVEILIG),
        (_context(), _BEDRIJFSVERZAMELGEBOUW, _signalen(*_SIGNALEN_ARBEID), _brandveiligheid(), _afsluiting()),
        woning_mogelijk=True),
    StandaardType(
        "huisvesting_arbeidsmigranten", "Huisvestingscontrole arbeidsmigranten", ControleSoort.HUISVESTING,
        "Controle van de huisvesting van arbeidsmigranten: bezetting, brandveiligheid, SNF-keurmerk en de "
        "koppeling tussen wonen en werk.",
        (Partner.ARBEIDSINSPECTIE, Partner.BRANDWEER), (AWB_TOEZICHT, HUISVW_34, BEZETTING, BRANDVEILIG),
        (_context(), _bewoning(), _WERKGEVER, _HUISVESTING_VEILIGHEID, _signalen(*_SIGNALEN_ARBEID),
         _afsluiting()), woning_mogelijk=True),
    StandaardType(
        "huisvesting_overbewoning", "Huisvestingscontrole overbewoning", ControleSoort.HUISVESTING,
        "Controle van een woning op overbewoning en kamerverhuur zonder vergunning.",
        (Partner.BRANDWEER,), (AWB_TOEZICHT, HUISVW_34, HUISVW_21, BEZETTING),
        (_context(), _bewoning(
            _getal("aantal_huishoudens", "Aantal huishoudens"),
            _getal("volwassenen_niet_verwant", "Aantal volwassenen die geen huishouden vormen",
                   "Vergelijk met de grens voor kamerverhuur of omzetting in de huisvestingsverordening."),
            _ja_nee("omzettingsvergunning", "Omzettingsvergunning (kamerverhuur) aanwezig als die nodig is", "",
                    False, HUISVW_21)),
         _HUISVESTING_VEILIGHEID, _signalen(*_SIGNALEN_ARBEID), _afsluiting()), woning_mogelijk=True),
)


def standaard_type(code: str) -> StandaardType | None:
    return next((t for t in STANDAARD_TYPEN if t.code == code), None)
