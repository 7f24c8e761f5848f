"""Demo permit register: some 33 permits per demo gemeente, of every kind and in every status.

``seed_vergunningen`` is called by ``handhaving.demo.seed`` after the users and addresses and
*before* the demo controles, so that planning a controle at an address with a permit in force
finds its voorschriften. ``markeer_naleving`` runs after the controles and records how the
voorschriften fared in the controles that were carried out.

Everything that a user would do goes through the services (``subjecten.services``,
``vergunningen.services``): the subjects, permits, decision history, aanhangsel and
voorschriften are the real rows with their audit trail. The decisions carry historic dates
(the services accept a past decision date); only the audit rows say truthfully that the seed
wrote them now.

Where the permits are: the demo controles choose their addresses deterministically
(``controles.demo._adressen`` with a seeded shuffle, then ``PLAN`` in order). ``controle_adressen``
replays that choice without touching the controles code, so the club, the café and the
massagesalon that the controles visit are the ones in this register. The rest of the permits
get other addresses of the same kind.

Flush only, in the caller's transaction. Idempotent per gemeente: a gemeente that has permits
already is left alone.
"""
from __future__ import annotations

import logging
import random
import time as _time
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handhaving.auth.models import Gebruiker, Gemeente, Rol
from handhaving.controles.demo import _adressen
from handhaving.controles.demo_scenarios import NAMEN, PLAN, SCENARIOS
from handhaving.controles.instellingen import MINIMUMLEEFTIJD_SEKSWERKER
from handhaving.controles.models import Controle, ToetsOordeel, VoorschriftToets
from handhaving.instellingen import waarde as instelling
from handhaving.locaties.models import Adres
from handhaving.subjecten import services as subjecten
from handhaving.subjecten.models import Subject
from handhaving.tijd import vandaag
from handhaving.vergunningen import services
from handhaving.vergunningen.models import (
    BetrokkeneRol,
    Vergunning,
    VergunningBesluit,
    VergunningSoort,
    VergunningStatus,
    Voorschrift,
    VoorschriftCategorie,
)

log = logging.getLogger("handhaving.vergunningen.demo")

V = VergunningSoort
S = VergunningStatus
C = VoorschriftCategorie
R = BetrokkeneRol


# --------------------------------------------------------------------------- names

# Fictional companies per gemeente: key → (naam, KvK, rechtsvorm, handelsnamen, adres_tekst).
# One KvK number with a leading zero (as the KvK writes it: 8 digits, the zero counts).
BEDRIJVEN = {
    "9901": {
        "club": ("Lumière Exploitatie B.V.", "04187262", "bv", ["Club Lumière"], ""),
        "villa": ("Villa Bella Exploitatie B.V.", "62718394", "bv", ["Villa Bella"], ""),
        "nova": ("Club Nova B.V.", "70341286", "bv", ["Club Nova", "Nova Privé"], ""),
        "roosje": ("Privéhuis Roosje V.O.F.", "58203917", "vof", ["Privéhuis Roosje"], ""),
        "mirage": ("Mirage Privé B.V.", "66920413", "bv", ["Mirage"], ""),
        "oase": ("Oase Exploitatie B.V.", "73018264", "bv", ["Oase Relax"], ""),
        "lantaarn": ("De Rode Lantaarn B.V.", "52219870", "bv", [], ""),
        "reddoor": ("Red Door Exploitatie B.V.", "81236540", "bv", ["Red Door"], ""),
        "raam": ("Raamverhuur Ulsterhoven B.V.", "69102385", "bv", [], ""),
        "raam2": ("Venster Vastgoed Dalveen B.V.", "80412367", "bv", [], ""),
        "escort": ("Velvet Escort Limburg B.V.", "75520138", "bv", ["Velvet Escort"], "Postbus 1187, 6400 BD Heerlen"),
        "escort2": ("Discreet Dalveen V.O.F.", "61730429", "vof", ["Discreet Escort"], ""),
        "leisure": ("Maasdal Leisure B.V.", "68231945", "bv", ["Café De Gouden Leeuw", "Gouden Leeuw Wellness"], ""),
        "lotus": ("Lotus Wellness V.O.F.", "71452390", "vof", ["Lotus Wellness"], ""),
        "jade": ("Jade Massage & Spa B.V.", "77301628", "bv", ["Jade Massage"], ""),
        "brasserie": ("Brasserie De Markt V.O.F.", "14072236", "vof", ["Brasserie De Markt"], ""),
        "zaal": ("Partycentrum De Kroon B.V.", "12093851", "bv", ["Zaal De Kroon"], ""),
        "shisha": ("Lounge Noor B.V.", "86014732", "bv", ["Shishalounge Noor"], ""),
        "cafetaria": ("Smulhuys Dalveen", "59302184", "eenmanszaak", ["Cafetaria 't Smulhuys"], ""),
        "uitzend": ("FlexWerk Limburg B.V.", "63390127", "bv", ["FlexWerk Huisvesting"], ""),
        "agri": ("Agri Housing Zuid B.V.", "74229016", "bv", [], "Tuinbouwweg 4, 5951 NB Belfeld"),
        "vereniging": ("RKVV Dalveen", "40198823", "vereniging", ["Sportpark De Heikant – kantine"], ""),
        # Behind the companies: a holding and a financier (Bibob art. 30 data set).
        "holding": ("Vermeulen Beheer B.V.", "55018374", "bv", [], "Maastrichterlaan 80, 6291 EN Vaals"),
        "financier": ("Geulvest Financieringen B.V.", "67812093", "bv", [], "Postbus 322, 6200 AH Maastricht"),
        "buitenland": ("Red Door Holding Ltd.", "", "buitenlands", [], "Nicosia, Cyprus"),
    },
    "9902": {
        "club": ("De Linde Exploitatie B.V.", "08352716", "bv", ["Privéhuis De Linde"], ""),
        "villa": ("Casa Rosa B.V.", "62893105", "bv", ["Casa Rosa"], ""),
        "nova": ("Club Aurora B.V.", "70528841", "bv", ["Club Aurora"], ""),
        "roosje": ("Privéhuis Jasmijn V.O.F.", "58730264", "vof", ["Privéhuis Jasmijn"], ""),
        "mirage": ("Flamingo Privé B.V.", "66173920", "bv", ["Flamingo"], ""),
        "oase": ("Geuldal Relax B.V.", "73590142", "bv", ["Relaxhuis Geuldal"], ""),
        "lantaarn": ("Bar Casablanca B.V.", "52660318", "bv", [], ""),
        "reddoor": ("Golden Gate Exploitatie B.V.", "81902453", "bv", ["Golden Gate"], ""),
        "raam": ("Raamexploitatie Brakel B.V.", "69330751", "bv", [], ""),
        "raam2": ("Stegen Vastgoed B.V.", "80736209", "bv", [], ""),
        "escort": ("Amour Escort Zuid B.V.", "75814026", "bv", ["Amour Escort"], "Postbus 506, 6300 AM Valkenburg"),
        "escort2": ("Nachtvlinder Escort V.O.F.", "61240873", "vof", ["Nachtvlinder"], ""),
        "leisure": ("Geul Horeca Groep B.V.", "68570312", "bv", ["Grand Café Het Wapen", "Wellness Het Wapen"], ""),
        "lotus": ("Thai Harmony V.O.F.", "71960324", "vof", ["Thai Harmony Massage"], ""),
        "jade": ("Bamboo Massage B.V.", "77842105", "bv", ["Bamboo Massage & Spa"], ""),
        "brasserie": ("Eetcafé De Brug V.O.F.", "14520387", "vof", ["Eetcafé De Brug"], ""),
        "zaal": ("Feestzaal Geulhof B.V.", "12603947", "bv", ["Geulhof"], ""),
        "shisha": ("Sky Lounge Hoogmeer B.V.", "86320517", "bv", ["Sky Lounge"], ""),
        "cafetaria": ("Friture Het Pleintje", "59840276", "eenmanszaak", ["Friture 't Pleintje"], ""),
        "uitzend": ("EuroStaff Personeelsdiensten B.V.", "63825104", "bv", ["EuroStaff Wonen"], ""),
        "agri": ("Seizoenswonen Limburg B.V.", "74610538", "bv", [], "Kasseweg 12, 5993 PA Maasbree"),
        "vereniging": ("Tennisvereniging Hoogmeer", "40572290", "vereniging", ["Tennispark De Bron"], ""),
        "holding": ("Kuipers Holding B.V.", "55290461", "bv", [], "Wilhelminasingel 12, 6221 BH Maastricht"),
        "financier": ("Zuid Capital Partners B.V.", "67930218", "bv", [], "Stationsplein 9, 6221 BT Maastricht"),
        "buitenland": ("GG Invest s.r.o.", "", "buitenlands", [], "Bratislava, Slowakije"),
    },
}

# People: key → (voornamen, voorvoegsel, geslachtsnaam, geboortedatum).
PERSONEN = {
    "9901": {
        "exploitant": ("Roel", "", "Vermeulen", date(1971, 4, 12)),
        "beheerder": ("Daan", "", "Hermans", date(1984, 9, 3)),
        "beheerder2": ("Kevin", "de", "Wit", date(1990, 1, 27)),
        "beheerder3": ("Sandra", "van den", "Heuvel", date(1979, 6, 18)),
        "cafe_exploitant": ("Pieter", "", "Smeets", date(1968, 11, 30)),
        "cafe_leidinggevende": ("Tom", "", "Coenen", date(1988, 2, 14)),
        "salon_exploitant": ("Li", "", "Chen", date(1982, 7, 7)),
        "horeca_persoon": ("Jan", "van der", "Linden", date(1975, 3, 22)),
        "verhuurder": ("Mark", "", "Hoenen", date(1966, 12, 1)),
        "kamerverhuur": ("Maria", "de", "Groot", date(1958, 5, 9)),
        "aanvrager": ("Sabine", "de", "Bruijn", date(1986, 10, 16)),
        "bestuurder": ("Wojciech", "", "Nowak", date(1980, 8, 2)),
        "stroman": ("Ruud", "van", "Dijk", date(1995, 4, 4)),
    },
    "9902": {
        "exploitant": ("Sven", "", "Kuipers", date(1973, 2, 8)),
        "beheerder": ("Anna", "", "Janssen", date(1986, 5, 21)),
        "beheerder2": ("Bram", "van der", "Meer", date(1991, 11, 3)),
        "beheerder3": ("Ilse", "de", "Jong", date(1983, 3, 29)),
        "cafe_exploitant": ("Karel", "", "Lemmens", date(1965, 9, 15)),
        "cafe_leidinggevende": ("Bas", "", "Willems", date(1992, 12, 19)),
        "salon_exploitant": ("Nok", "", "Wongsa", date(1985, 1, 11)),
        "horeca_persoon": ("Frank", "van den", "Bosch", date(1977, 7, 30)),
        "verhuurder": ("Jos", "", "Ramakers", date(1962, 4, 17)),
        "kamerverhuur": ("Petra", "van", "Leeuwen", date(1960, 8, 23)),
        "aanvrager": ("Chantal", "de", "Boer", date(1989, 6, 6)),
        "bestuurder": ("Marius", "", "Popescu", date(1978, 10, 10)),
        "stroman": ("Dennis", "van der", "Veen", date(1994, 2, 2)),
    },
}

# Relations behind companies: (company key, subject key, relatiesoort, days ago since).
RELATIES = (
    ("club", "exploitant", "bestuurder", 2400), ("club", "holding", "aandeelhouder", 2400),
    ("club", "financier", "financier", 900), ("holding", "exploitant", "bestuurder", 4000),
    ("leisure", "cafe_exploitant", "bestuurder", 3000), ("leisure", "financier", "financier", 1200),
    ("uitzend", "bestuurder", "bestuurder", 1500),
    ("reddoor", "stroman", "bestuurder", 260), ("reddoor", "buitenland", "aandeelhouder", 260),
    ("reddoor", "exploitant", "zeggenschap", 260),
)


# --------------------------------------------------------------------------- voorschriften

def _voorschriften(soort: VergunningSoort, leeftijd: int, werkruimten: int | None,
                   max_personen: int | None) -> list[dict]:
    """Realistic conditions per kind (Dutch, as a gemeente writes them on the permit)."""
    def vs(categorie, tekst, bron):
        return {"categorie": categorie.value, "tekst": tekst, "bron_artikel": bron}

    leeftijd_vs = vs(C.SEKSWERKERS, f"In het bedrijf werken geen sekswerkers die jonger zijn dan {leeftijd} jaar; de "
                                    "exploitant stelt de leeftijd vast aan de hand van een geldig identiteitsbewijs.",
                     "APV art. 3:15 lid 1")
    register = vs(C.ADMINISTRATIE, "De exploitant houdt een register van sekswerkers bij (werknaam, "
                                   "verblijfsstatus, werkperiode) en toont het op eerste verzoek aan een toezichthouder.",
                  "APV art. 3:12 lid 1")
    if soort == V.SEKSINRICHTING:
        return [
            vs(C.OPENINGSTIJDEN, "De seksinrichting is uitsluitend geopend van 12:00 tot 02:00 uur.", "APV art. 3:13 lid 1"),
            vs(C.BEHEER, "Tijdens de openingstijden is de exploitant of een op het aanhangsel vermelde beheerder "
                         "aanwezig.", "APV art. 3:9 lid 1"),
            register,
            leeftijd_vs,
            vs(C.HYGIENE, "Werkruimten zijn schoon en hebben een wastafel; condooms en glijmiddel zijn gratis "
                          "beschikbaar.", "Vergunningvoorschrift 5 (bedrijfsplan)"),
            vs(C.VEILIGHEID, "Elke werkruimte heeft een werkende alarmknop en er hangt een goedgekeurde brandblusser "
                             "per verdieping.", "Bbl art. 6.25; APV art. 3:6"),
        ]
    if soort == V.RAAMPROSTITUTIE:
        return [
            vs(C.BEZETTING, f"Er worden niet meer dan {werkruimten or 6} werkruimten (ramen) verhuurd.",
               "Vergunningvoorschrift 1"),
            leeftijd_vs,
            vs(C.BEHEER, "De exploitant of beheerder is tijdens de openingstijden bereikbaar in het pand.",
               "APV art. 3:9 lid 1"),
            vs(C.VEILIGHEID, "Elke werkruimte heeft een alarmknop die rechtstreeks bij de beheerder uitkomt.",
               "Vergunningvoorschrift 4"),
        ]
    if soort == V.ESCORTBEDRIJF:
        return [
            register,
            leeftijd_vs,
            vs(C.OVERIG, "Elke advertentie van het escortbedrijf vermeldt het vergunningnummer.", "APV art. 3:18 lid 2"),
            vs(C.BEHEER, "Het bedrijf is tijdens de werktijden telefonisch bereikbaar voor de gemeente.",
               "Vergunningvoorschrift 3"),
        ]
    if soort == V.MASSAGESALON:
        return [
            vs(C.OPENINGSTIJDEN, "De massagesalon is uitsluitend geopend van 09:00 tot 21:00 uur.", "APV art. 3:13a"),
            vs(C.OVERIG, "In de salon worden geen seksuele handelingen aangeboden of verricht; advertenties vermelden "
                         "geen erotische diensten.", "APV art. 3:3a lid 2"),
            vs(C.BEHEER, "De exploitant of een op het aanhangsel vermelde beheerder is tijdens de openingstijden "
                         "aanwezig.", "APV art. 3:9 lid 1"),
            vs(C.HYGIENE, "Massagetafels en handdoeken worden na elke klant gereinigd of verschoond.",
               "Hygiënerichtlijn GGD (Landelijke hygiënerichtlijnen)"),
            vs(C.ADMINISTRATIE, "De exploitant houdt een personeelsregister bij met de diploma’s van de masseurs.",
               "Vergunningvoorschrift 5"),
        ]
    if soort == V.HORECA:
        return [
            vs(C.OPENINGSTIJDEN, "Sluitingstijd 01:00 uur; op vrijdag en zaterdag 02:00 uur. Na sluitingstijd zijn "
                                 "geen bezoekers meer in de zaak.", "APV art. 2:30 lid 1"),
            vs(C.BEHEER, "Tijdens de openingstijden is een op het aanhangsel vermelde leidinggevende aanwezig.",
               "APV art. 2:28 lid 3"),
            vs(C.VEILIGHEID, "Vluchtwegen en nooduitgangen zijn vrij van obstakels en de nooduitgangen zijn van binnen "
                             "zonder sleutel te openen.", "Bbl art. 6.25"),
            vs(C.BEZETTING, f"Er zijn niet meer dan {max_personen or 120} bezoekers tegelijk aanwezig.",
               "Gebruiksmelding brandveilig gebruik"),
        ]
    if soort == V.ALCOHOLWET:
        return [
            vs(C.ALCOHOL, "Er wordt geen alcohol verstrekt aan personen jonger dan 18 jaar; bij twijfel wordt de "
                          "leeftijd vastgesteld met een identiteitsbewijs.", "Alcoholwet art. 20 lid 1"),
            vs(C.BEHEER, "Tijdens de openingstijden is een leidinggevende aanwezig die op het aanhangsel staat.",
               "Alcoholwet art. 24 lid 1"),
            vs(C.ALCOHOL, "Personen in kennelijke staat van dronkenschap worden niet toegelaten.",
               "Alcoholwet art. 20 lid 5"),
            vs(C.ADMINISTRATIE, "De Verklaringen Sociale Hygiëne van de leidinggevenden zijn in de zaak aanwezig.",
               "Alcoholwet art. 8"),
        ]
    if soort == V.HUISVESTING:
        return [
            vs(C.HUISVESTING, f"In de woning wonen niet meer dan {max_personen or 4} bewoners, ieder met een eigen "
                              "kamer.", "Huisvestingsverordening art. 3.2"),
            vs(C.VEILIGHEID, "Op elke verdieping hangt een werkende rookmelder.", "Bbl art. 6.2"),
            vs(C.BEHEER, "De contactgegevens van de verhuurder of beheerder hangen zichtbaar in de gemeenschappelijke "
                         "ruimte.", "Vergunningvoorschrift 3"),
        ]
    # HUISVESTING_ARBEIDSMIGRANTEN
    return [
        vs(C.HUISVESTING, f"In de woning verblijven niet meer dan {max_personen or 6} arbeidsmigranten, met minimaal "
                          "12 m² gebruiksoppervlakte per persoon.", "APV art. 4:2a; Verordening huisvesting arbeidsmigranten"),
        vs(C.BEZETTING, "Niet meer dan twee personen per slaapkamer.", "Vergunningvoorschrift 2"),
        vs(C.ADMINISTRATIE, "De exploitant houdt een nachtregister bij en zorgt voor inschrijving van de bewoners in "
                            "de BRP.", "Vergunningvoorschrift 3"),
        vs(C.ADMINISTRATIE, "De huisvesting heeft een geldig SNF-certificaat.", "Vergunningvoorschrift 4"),
        vs(C.HYGIENE, "Ten minste één toilet en één douche per acht bewoners.", "Vergunningvoorschrift 5"),
        vs(C.VEILIGHEID, "Werkende rookmelders op elke verdieping en een brandblusser in de keuken.", "Bbl art. 6.2"),
    ]


# --------------------------------------------------------------------------- the permits

@dataclass(frozen=True)
class Stap:
    status: VergunningStatus
    dag: int                      # days from today (negative: in the past)
    motivering: str = ""


@dataclass(frozen=True)
class Demo:
    soort: VergunningSoort
    plek: str                     # "seks:2": the 3rd address the controles take of that kind; "vrij:seks": another
    houder: str                   # key of BEDRIJVEN or PERSONEN
    inrichting: str
    aanvraag: int                 # day of the application
    verleend: int | None = None   # day granted (None: not (yet) granted)
    verval: int | None = None     # day the permit ends; None: the type's usual term (or indefinite)
    direct: bool = True           # registered as granted before the register (else the full decision path)
    stappen: tuple[Stap, ...] = ()
    betrokkenen: tuple[tuple[str, BetrokkeneRol], ...] = ()
    bibob: int | None = None
    werkruimten: int | None = None
    max_personen: int | None = None
    openingstijden: str = ""
    toelichting: str = ""


SEKS_UREN = "Ma–zo 12:00–02:00"
HORECA_UREN = "Zo–do tot 01:00, vr–za tot 02:00"

VERGUNNINGEN: tuple[Demo, ...] = (
    # --- seksinrichtingen at the addresses of the prostitutie-controles (see controle_adressen)
    Demo(V.SEKSINRICHTING, "seks:2", "club", "{club}", -760, -700, bibob=-720, werkruimten=6, max_personen=8,
         openingstijden=SEKS_UREN, betrokkenen=(("exploitant", R.EXPLOITANT), ("beheerder", R.BEHEERDER))),
    Demo(V.SEKSINRICHTING, "seks:3", "villa", "{villa}", -1120, -1050, verval=45, bibob=-1070, werkruimten=4,
         openingstijden=SEKS_UREN, betrokkenen=(("beheerder3", R.BEHEERDER),)),
    Demo(V.SEKSINRICHTING, "seks:4", "nova", "{nova}", -400, -340, direct=False, bibob=-370, werkruimten=5,
         openingstijden=SEKS_UREN, betrokkenen=(("beheerder2", R.BEHEERDER),),
         stappen=(Stap(S.GESCHORST, -14, "Bij controles op {c1} en eerder was tijdens de openingstijden geen exploitant "
                                          "of beheerder aanwezig (APV art. 3:9 lid 1). De vergunning wordt voor vier "
                                          "weken geschorst (APV art. 1:6); zienswijze ontvangen en betrokken."),)),
    Demo(V.SEKSINRICHTING, "seks:0", "roosje", "{roosje}", -560, -500, bibob=-520, werkruimten=3,
         openingstijden="Ma–za 11:00–23:00", betrokkenen=(("aanvrager", R.BEHEERDER),)),
    Demo(V.SEKSINRICHTING, "seks:1", "mirage", "{mirage}", -860, -800, werkruimten=5, openingstijden=SEKS_UREN,
         betrokkenen=(("beheerder", R.BEHEERDER),)),
    Demo(V.SEKSINRICHTING, "seks:5", "oase", "{oase}", -1000, -940, werkruimten=4, openingstijden=SEKS_UREN,
         bibob=-960),
    Demo(V.SEKSINRICHTING, "seks:6", "lantaarn", "{lantaarn}", -1260, -1200, werkruimten=3, openingstijden=SEKS_UREN,
         stappen=(Stap(S.VERVALLEN, -100, "De vergunning is op de vervaldatum verlopen; er is geen aanvraag tot "
                                          "verlenging ingediend. De exploitatie is beëindigd."),)),
    Demo(V.SEKSINRICHTING, "vrij:seks", "aanvrager", "Privéhuis Amber", -12, werkruimten=2,
         openingstijden="Ma–vr 10:00–22:00", toelichting="Aanvraag via het e-loket; bedrijfsplan nog na te sturen."),
    Demo(V.SEKSINRICHTING, "vrij:seks", "reddoor", "{reddoor}", -220, bibob=-95, werkruimten=8,
         stappen=(Stap(S.IN_BEHANDELING, -210),
                  Stap(S.GEWEIGERD, -60,
                       "Weigering op grond van Wet Bibob art. 3 lid 1 sub a: ernstig gevaar dat de vergunning mede "
                       "gebruikt zal worden om uit strafbare feiten verkregen voordelen te benutten. De feitelijk "
                       "leidinggevende is niet de bestuurder die op de aanvraag staat; de herkomst van de "
                       "financiering is niet aannemelijk gemaakt. Advies Landelijk Bureau Bibob gevolgd."),)),
    # --- raamprostitutie and escort: addresses that the controles do not visit
    Demo(V.RAAMPROSTITUTIE, "vrij:seks", "raam", "{raam}", -660, -600, bibob=-620, werkruimten=8,
         openingstijden="Dagelijks 10:00–03:00", betrokkenen=(("beheerder3", R.BEHEERDER),)),
    Demo(V.RAAMPROSTITUTIE, "vrij:seks", "raam2", "{raam2}", -40, werkruimten=4,
         stappen=(Stap(S.IN_BEHANDELING, -30),),
         toelichting="Uitbreiding met vier ramen; advies politie en brandweer gevraagd."),
    Demo(V.ESCORTBEDRIJF, "vrij:bedrijf", "escort", "{escort}", -1100, -1030, verval=65, bibob=-1050,
         betrokkenen=(("stroman", R.EXPLOITANT),)),
    Demo(V.ESCORTBEDRIJF, "vrij:bedrijf", "escort2", "{escort2}", -1560, -1500,
         stappen=(Stap(S.VERVALLEN, -300, "De exploitatie is langer dan zes maanden gestaakt; de vergunning is "
                                          "vervallen verklaard (APV art. 1:6)."),)),
    # --- massagesalons: one held by the company that also runs the café (three permits, one subject)
    Demo(V.MASSAGESALON, "salon:1", "leisure", "{leisure1}", -450, -400, openingstijden="Di–za 10:00–20:00",
         betrokkenen=(("salon_exploitant", R.BEHEERDER),)),
    Demo(V.MASSAGESALON, "salon:0", "lotus", "{lotus}", -150, -95, direct=False, openingstijden="Ma–za 09:30–20:00",
         betrokkenen=(("salon_exploitant", R.BEHEERDER),)),
    Demo(V.MASSAGESALON, "salon:2", "jade", "{jade}", -860, -800, openingstijden="Ma–zo 10:00–21:00",
         stappen=(Stap(S.GESCHORST, -165, "Bij de controle op {c2} bleek de salon als seksbedrijf zonder vergunning te "
                                          "worden geëxploiteerd. Schorsing in afwachting van het besluit over "
                                          "intrekking (APV art. 1:6)."),
                  Stap(S.INGETROKKEN, -140, "Intrekking: in de salon werden seksuele diensten aangeboden, in strijd "
                                            "met voorschrift 2 en APV art. 3:3a. De zienswijze van de exploitant geeft "
                                            "geen aanleiding tot een ander besluit."),)),
    # --- horeca and Alcoholwet: the café of the integrale controles
    Demo(V.HORECA, "horeca:4", "leisure", "{cafe}", -960, -900, max_personen=140, openingstijden=HORECA_UREN,
         bibob=-930, betrokkenen=(("cafe_exploitant", R.LEIDINGGEVENDE), ("cafe_leidinggevende", R.LEIDINGGEVENDE))),
    Demo(V.ALCOHOLWET, "horeca:4", "leisure", "{cafe}", -960, -900, openingstijden=HORECA_UREN,
         betrokkenen=(("cafe_exploitant", R.LEIDINGGEVENDE), ("cafe_leidinggevende", R.LEIDINGGEVENDE))),
    Demo(V.HORECA, "horeca:3", "horeca_persoon", "Bar Dubbel", -340, -300, max_personen=80,
         openingstijden=HORECA_UREN, betrokkenen=(("horeca_persoon", R.LEIDINGGEVENDE),)),
    Demo(V.ALCOHOLWET, "horeca:3", "horeca_persoon", "Bar Dubbel", -340, -300,
         betrokkenen=(("horeca_persoon", R.LEIDINGGEVENDE),)),
    Demo(V.HORECA, "horeca:5", "brasserie", "{brasserie}", -2050, -2000, max_personen=90,
         openingstijden="Dagelijks 10:00–01:00"),
    Demo(V.HORECA, "horeca:0", "zaal", "{zaal}", -1450, -1400, max_personen=350, bibob=-1420,
         openingstijden="Op afspraak, uiterlijk tot 02:00"),
    Demo(V.HORECA, "horeca:1", "cafetaria", "{cafetaria}", -90, -40, direct=False, max_personen=30,
         openingstijden="Dagelijks 11:00–23:00"),
    Demo(V.HORECA, "horeca:2", "horeca_persoon", "Eetcafé ’t Hoekje", -520, -500, max_personen=60,
         openingstijden=HORECA_UREN),
    Demo(V.HORECA, "vrij:horeca", "shisha", "{shisha}", -25, max_personen=70,
         stappen=(Stap(S.IN_BEHANDELING, -18),), toelichting="Bibob-vragenlijst ontvangen; toets loopt."),
    Demo(V.ALCOHOLWET, "vrij:horeca", "vereniging", "{vereniging}", -3100, -3000,
         toelichting="Paracommerciële inrichting; schenktijden volgens de Alcoholverordening."),
    # --- huisvesting
    Demo(V.HUISVESTING_ARBEIDSMIGRANTEN, "woning_groot:2", "uitzend", "Woning {straat}", -760, -700,
         max_personen=6, werkruimten=3, betrokkenen=(("verhuurder", R.BEHEERDER),)),
    Demo(V.HUISVESTING_ARBEIDSMIGRANTEN, "woning_groot:0", "uitzend", "Woning {straat}", -200, -150, direct=False,
         max_personen=8, werkruimten=4),
    Demo(V.HUISVESTING_ARBEIDSMIGRANTEN, "woning_groot:3", "agri", "Woning {straat}", -1890, -1810, verval=20,
         max_personen=6, werkruimten=4),
    Demo(V.HUISVESTING_ARBEIDSMIGRANTEN, "woning_groot:1", "agri", "Woning {straat}", -330, -300, max_personen=6,
         werkruimten=4),
    Demo(V.HUISVESTING, "vrij:woning", "kamerverhuur", "Kamerverhuur {straat}", -640, -600, max_personen=4,
         werkruimten=4),
    Demo(V.HUISVESTING, "woning:4", "verhuurder", "Kamerverhuur {straat}", -3, max_personen=5, werkruimten=5,
         toelichting="Aanvraag omzettingsvergunning na de controle van de gemeente; advies wijkteam gevraagd."),
)

# --------------------------------------------------------------------------- addresses

def controle_adressen(session: Session, gemeente: Gemeente) -> tuple[dict[str, list[Adres]], dict[str, list[Adres]]]:
    """The addresses the demo controles take per kind, in the order they take them, and the
    full shuffled lists. Replays ``controles.demo._adressen`` / ``_neem_adres`` over ``PLAN``
    (same seed, same order), so it must run on the same addresses as the controles demo."""
    rnd = random.Random(f"demo-controles-{gemeente.code}")
    lijsten = _adressen(session, gemeente.id, rnd)
    gebruikt: set[int] = set()
    genomen: dict[str, list[Adres]] = {k: [] for k in lijsten}
    for stap in PLAN:
        if stap.adres and stap.adres.startswith("@"):
            continue
        soort = stap.adres or SCENARIOS[stap.scenario].plek
        for _ in range(max(1, stap.ronde)):
            a = next((a for a in lijsten[soort] if a.id not in gebruikt), None)
            if a is None:
                a = rnd.choice(lijsten[soort])
            else:
                gebruikt.add(a.id)
            genomen[soort].append(a)
    return genomen, lijsten


# --------------------------------------------------------------------------- seeding

def _dag(n: int) -> date:
    return vandaag() + timedelta(days=n)


def _plus_maanden(d: date, maanden: int) -> date:
    jaar, maand = divmod(d.month - 1 + maanden, 12)
    return date(d.year + jaar, maand + 1, min(d.day, 28))


def _vergunningverlener(users, gemeente: Gemeente) -> Gebruiker | None:
    users = list(users.values()) if isinstance(users, dict) else list(users)
    kandidaten = sorted((u for u in users if Rol.VERGUNNINGVERLENER in u.rollen_per_gemeente().get(gemeente.id, set())),
                        key=lambda u: u.id)
    return kandidaten[0] if kandidaten else None


def _subjecten(session: Session, user, gemeente: Gemeente) -> dict[str, Subject]:
    uit: dict[str, Subject] = {}
    for key, (naam, kvk, vorm, handelsnamen, adres_tekst) in BEDRIJVEN[gemeente.code].items():
        invoer = subjecten.RechtspersoonInvoer(naam=naam, kvk_nummer=kvk, rechtsvorm=vorm, handelsnamen=handelsnamen,
                                               adres_tekst=adres_tekst)
        if kvk:
            uit[key], _ = subjecten.rechtspersoon_voor_kvk(session, user, gemeente.id, invoer)
        else:  # a foreign company: no KvK number
            uit[key] = subjecten.maak_rechtspersoon(session, user, gemeente.id, invoer)
    for key, (voornamen, voorvoegsel, geslachtsnaam, geboren) in PERSONEN[gemeente.code].items():
        uit[key] = subjecten.maak_persoon(session, user, gemeente.id, subjecten.PersoonInvoer(
            geslachtsnaam=geslachtsnaam, voornamen=voornamen, voorvoegsel=voorvoegsel, geboortedatum=geboren))
    for bedrijf, wie, soort, dagen in RELATIES:
        subjecten.voeg_relatie_toe(session, user, uit[bedrijf], uit[wie], soort, sinds=_dag(-dagen))
    return uit


def _controle_datums() -> dict[str, str]:
    """Dates of the controles that the decisions refer to ({c1}, {c2} in the motivations)."""
    nu = vandaag()
    return {"c1": (nu - timedelta(days=21)).strftime("%d-%m-%Y"), "c2": (nu - timedelta(days=170)).strftime("%d-%m-%Y")}


def _seed_gemeente(session: Session, user, gemeente: Gemeente) -> int:
    genomen, lijsten = controle_adressen(session, gemeente)
    bezet = {a.id for lst in genomen.values() for a in lst}
    alle = session.execute(select(Adres).where(Adres.gemeente_id == gemeente.id, Adres.is_nevenadres.is_(False))
                           .order_by(Adres.id)).scalars().all()

    def adres(plek: str) -> Adres:
        soort, _, wat = plek.partition(":")
        if soort != "vrij":
            lst = genomen[soort]
            return lst[int(wat) % len(lst)]
        for a in [*lijsten[wat], *alle]:
            if a.id not in bezet:
                bezet.add(a.id)
                return a
        return alle[0]

    subj = _subjecten(session, user, gemeente)
    namen = {k: (v[3][0] if v[3] else v[0]) for k, v in BEDRIJVEN[gemeente.code].items()}
    scenario_namen = NAMEN.get(gemeente.code, {})
    namen.update(club=scenario_namen.get("club", namen["club"]), cafe=scenario_namen.get("cafe", namen["leisure"]),
                 lotus=scenario_namen.get("salon", namen["lotus"]), leisure1=BEDRIJVEN[gemeente.code]["leisure"][3][1])
    leeftijd = instelling(session, gemeente.id, MINIMUMLEEFTIJD_SEKSWERKER)
    motivering = _controle_datums()
    aantal = 0
    jaren: dict[int, int] = {}
    for d in sorted(VERGUNNINGEN, key=lambda d: d.aanvraag):
        a = adres(d.plek)
        jaar = _dag(d.aanvraag).year
        jaren[jaar] = jaren.get(jaar, 0) + 1
        verleend = d.verleend is not None
        ingang = _dag(d.verleend) if verleend else None
        t = services.type_voor_soort(session, gemeente.id, d.soort)
        if d.verval is not None:
            verval = _dag(d.verval)
        elif verleend and t.geldigheid_maanden:
            verval = _plus_maanden(ingang, t.geldigheid_maanden)
        else:
            verval = None
        voorschriften = _voorschriften(d.soort, leeftijd, d.werkruimten, d.max_personen)
        direct = verleend and d.direct
        if direct:
            eerste, later = voorschriften, []
        elif verleend:  # drafted with the application, the last one added at the decision
            eerste, later = voorschriften[:-1], voorschriften[-1:]
        elif d.stappen and d.stappen[-1].status == S.IN_BEHANDELING:  # drafts on the file
            eerste, later = voorschriften[:3], []
        else:  # an application, or refused: no voorschriften
            eerste, later = [], []
        inv = services.VergunningInvoer(
            soort=d.soort.value, houder_id=subj[d.houder].id, adres_id=a.id, zaaknummer=f"VERG-{jaar}-{jaren[jaar]:04d}",
            inrichting_naam=d.inrichting.format(straat=f"{a.openbare_ruimte} {a.huisnummer_volledig}", **namen),
            werkruimten=d.werkruimten, max_personen=d.max_personen, openingstijden=d.openingstijden,
            aanvraagdatum=_dag(d.aanvraag), toelichting=d.toelichting,
            bibob_getoetst_op=_dag(d.bibob) if d.bibob is not None else None,
            status=S.VERLEEND.value if direct else S.AANGEVRAAGD.value,
            besluitdatum=ingang if direct else None, ingangsdatum=ingang if direct else None,
            vervaldatum=verval if direct else None, voorschriften=eerste)
        v = services.maak_vergunning(session, user, gemeente.id, inv)
        if verleend and not direct:
            services.wijzig_status(session, user, v, S.IN_BEHANDELING.value, datum=_dag(d.aanvraag + 5),
                                   toelichting="Aanvraag compleet; adviezen politie en brandweer gevraagd.")
            services.wijzig_status(session, user, v, S.VERLEEND.value, datum=ingang, ingangsdatum=ingang,
                                   vervaldatum=verval, toelichting="Verleend onder de voorschriften in de bijlage.")
            for vs in later:
                services.voeg_voorschrift_toe(session, user, v, **vs)
        for key, rol in d.betrokkenen:
            services.voeg_betrokkene_toe(session, user, v, subj[key], rol.value, sinds=ingang or _dag(d.aanvraag))
        for stap in d.stappen:
            services.wijzig_status(session, user, v, stap.status.value, datum=_dag(stap.dag),
                                   toelichting=stap.motivering.format(**motivering))
        aantal += 1
    return aantal


def seed_vergunningen(session: Session, gemeenten, gebruikers) -> dict[str, int]:
    """Subjects and permits for each demo gemeente, as its vergunningverlener registers them.
    Flush only. A gemeente that has permits already is skipped. Returns permits per gemeente."""
    start = _time.perf_counter()
    uit: dict[str, int] = {}
    for gemeente in gemeenten:
        if session.execute(select(func.count()).select_from(Vergunning)
                           .where(Vergunning.gemeente_id == gemeente.id)).scalar():
            uit[gemeente.naam] = 0
            continue
        services.zorg_voor_typen(session, gemeente.id)
        uit[gemeente.naam] = _seed_gemeente(session, _vergunningverlener(gebruikers, gemeente), gemeente)
    log.info("Demo-vergunningen: %s in %.1f s", uit, _time.perf_counter() - start)
    return uit


# --------------------------------------------------------------------------- compliance

# A finding on this checklist item breaches the voorschriften of this category (whose text
# names the keyword, where one is given).
ITEM_CATEGORIE = {
    "register_aanwezig": (C.ADMINISTRATIE, "register"),
    "beheerder_aanwezig": (C.BEHEER, "beheerder"),
    "beheerder_op_aanhangsel": (C.BEHEER, "beheerder"),
    "blusmiddelen": (C.VEILIGHEID, "brandblusser"),
    "sluitingstijden_nageleefd": (C.OPENINGSTIJDEN, None),
    "vluchtwegen_vrij": (C.VEILIGHEID, "vluchtweg"),
    "leidinggevende_aanwezig": (C.BEHEER, "leidinggevende"),
    "gbo_per_persoon": (C.HUISVESTING, None),
    "snf_certificaat": (C.ADMINISTRATIE, "SNF"),
    "sanitair_voldoende": (C.HYGIENE, None),
    "aanbod_erotisch": (C.OVERIG, "seksuele"),
}
# These findings are also linked to the voorschrift itself (Bevinding.voorschrift_id): the permit
# page lists them as breaches, with the finding's text.
KOPPELEN = {"register_aanwezig", "vluchtwegen_vrij"}


def _breekt(b, vs: Voorschrift) -> bool:
    categorie, woord = ITEM_CATEGORIE.get(b.checklist_item_code or "", (None, None))
    return categorie == vs.categorie and (woord is None or woord.lower() in vs.tekst.lower())


def _in_werking(v: Vergunning, besluiten: list[VergunningBesluit], op: date) -> bool:
    """Whether the permit bound its holder on that day (granted, not yet ended)."""
    if v.besluitdatum is None or v.ingangsdatum is None or op < v.ingangsdatum:
        return False
    einde = [b.datum for b in besluiten if b.naar_status in (S.INGETROKKEN, S.VERVALLEN)]
    return not einde or op < min(einde)


def markeer_naleving(session: Session, gemeenten) -> dict[str, int]:
    """How the voorschriften fared in the demo controles at permit addresses.

    For every demo controle at an address with a permit: make sure it has a check per
    voorschrift (``VoorschriftToets``; planning makes them when ``controles.voorschriften``
    is there, this fills in what is missing). For the controles that were carried out, judge
    each check: a finding on a matching checklist item makes the voorschrift ‘overtreden’
    (two kinds of findings are also linked to the voorschrift), the rest ‘nageleefd’, and one
    check per gemeente stays ‘niet gecontroleerd’.

    DEMO SEEDING ONLY: the judgements and links are written directly on the rows. Most of these
    controles are vastgesteld already, and the services rightly refuse to change a controle after
    vaststelling; here we set the history up as if it had been recorded in the field.
    Idempotent: an existing judgement is left alone."""
    start = _time.perf_counter()
    uit: dict[str, int] = {}
    for gemeente in gemeenten:
        vergunningen = session.execute(select(Vergunning).where(Vergunning.gemeente_id == gemeente.id,
                                                                Vergunning.adres_id.is_not(None))).scalars().all()
        per_adres: dict[int, list[Vergunning]] = {}
        for v in vergunningen:
            per_adres.setdefault(v.adres_id, []).append(v)
        controles = session.execute(select(Controle).where(Controle.gemeente_id == gemeente.id,
                                                           Controle.adres_id.in_(list(per_adres) or [0]))
                                    .order_by(Controle.id)).scalars().all()
        bestaand = {(t.controle_id, t.voorschrift_id): t for t in session.execute(
            select(VoorschriftToets).where(VoorschriftToets.gemeente_id == gemeente.id)).scalars()}
        besluiten: dict[int, list[VergunningBesluit]] = {}
        for b in session.execute(select(VergunningBesluit).where(VergunningBesluit.gemeente_id == gemeente.id)
                                 ).scalars():
            besluiten.setdefault(b.vergunning_id, []).append(b)
        niet_gecontroleerd = any(t.oordeel == ToetsOordeel.NIET_GECONTROLEERD.value for t in bestaand.values())
        gezet = 0
        # Newest first: the one ‘niet gecontroleerd’ goes to a recent controle without findings.
        for c in sorted(controles, key=lambda c: c.gepland_op or c.aangemaakt_op, reverse=True):
            moment = c.gestart_op or c.gepland_op or c.aangemaakt_op
            permits = [v for v in per_adres[c.adres_id]
                       if _in_werking(v, besluiten.get(v.id, []), moment.date())
                       or (c.gestart_op is None and v.is_geldend)]
            voorschriften = [vs for v in permits for vs in v.voorschriften if not vs.vervallen]
            if not voorschriften:
                continue
            bevindingen = list(c.bevindingen)
            gedaan = c.uitgevoerd_op is not None
            door = c.toezichthouders[0].id if c.toezichthouders else None
            stille_controle = gedaan and not bevindingen and not niet_gecontroleerd
            for vs in voorschriften:
                t = bestaand.get((c.id, vs.id))
                if t is None:
                    t = VoorschriftToets(controle_id=c.id, voorschrift_id=vs.id, gemeente_id=gemeente.id, oordeel="",
                                         toelichting="")
                    session.add(t)
                    bestaand[(c.id, vs.id)] = t
                if not gedaan or t.oordeel:
                    continue  # planned or still being recorded: not judged yet
                geraakt = [b for b in bevindingen if _breekt(b, vs)]
                if geraakt:
                    t.oordeel = ToetsOordeel.OVERTREDEN.value
                    t.toelichting = geraakt[0].omschrijving[:300]
                    for b in geraakt:
                        if b.checklist_item_code in KOPPELEN and b.voorschrift_id is None:
                            b.voorschrift_id = vs.id
                elif stille_controle and not niet_gecontroleerd and vs.categorie in (C.HYGIENE, C.ADMINISTRATIE):
                    t.oordeel = ToetsOordeel.NIET_GECONTROLEERD.value
                    t.toelichting = "Niet beoordeeld: de ruimten waren in gebruik door klanten."
                    niet_gecontroleerd = True
                else:
                    t.oordeel = ToetsOordeel.NAGELEEFD.value
                t.gewijzigd_op = c.uitgevoerd_op
                t.gewijzigd_door_id = door
                gezet += 1
        session.flush()
        uit[gemeente.naam] = gezet
    log.info("Demo-naleving: %s voorschrifttoetsen beoordeeld in %.1f s", uit, _time.perf_counter() - start)
    return uit

