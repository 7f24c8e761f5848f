"""Demo Bibob register: mandates, a dozen investigations per demo gemeente in every step of the
lifecycle, and subjects whose names are spelling variants of the permit register's (for the
history search). Everyone here is fictional.

``seed_bibob`` is called by ``handhaving.demo.seed`` after the permits and controles. Everything
a user would do goes through the services (``bibob.services``, ``subjecten.services``,
``vergunningen.services``) with historic dates in the past and in order, so the services'
checks hold for the demo too. Only the start of each investigation is dated back afterwards
(see ``_start_terugdateren``): ``maak_onderzoek`` always starts today.

Per gemeente exactly one investigation has a deadline in the coming seven days (the LBB advice
of the ‘verlenging’ dossier, due in three days); the other open deadlines lie further ahead.

Flush only, in the caller's transaction. Idempotent per gemeente: a gemeente that has Bibob
investigations already is left alone (an existing mandate is kept).
"""
from __future__ import annotations

import logging
import time as _time
import zlib
from datetime import date, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handhaving.auth.models import Gebruiker, Gemeente, Rol
from handhaving.bibob import services
from handhaving.bibob.models import (
    BibobAanleiding,
    BibobBesluit,
    BibobMandaat,
    BibobOnderzoek,
    BibobStap,
    BibobStatus,
    TipBron,
)
from handhaving.subjecten import services as subjecten
from handhaving.subjecten.models import Subject, SubjectSoort
from handhaving.tijd import naar_utc, vandaag
from handhaving.vergunningen import services as vergunningen
from handhaving.vergunningen.demo import BEDRIJVEN, PERSONEN
from handhaving.vergunningen.models import Vergunning, VergunningSoort, Vergunningtype

log = logging.getLogger("handhaving.bibob.demo")

S = BibobStatus
A = BibobAanleiding
V = VergunningSoort

# --------------------------------------------------------------------------- spelling variants

# People and companies whose names are variants of the permit register's (Dijk/Dyk, Bruijn/Bruyn,
# Janssen/Jansen, Kuipers/Kuijpers) or of each other (Dijkstra/Dykstra, Müller/Muller,
# ‘de Vries’ stored with its particle apart, as ‘Vries, de’ sorts). Fictional.
# key → (voornamen, voorvoegsel, geslachtsnaam, geboortedatum)
VARIANT_PERSONEN = {
    "9901": {
        "van_dyk": ("Ruud", "van", "Dyk", date(1995, 4, 4)),        # = Ruud van Dijk (stroman), other spelling
        "de_bruyn": ("Sabine", "de", "Bruyn", date(1986, 10, 16)),  # = Sabine de Bruijn (aanvrager)
        "dijkstra": ("Jelle", "", "Dijkstra", date(1969, 3, 14)),
        "muller": ("Hans", "", "Müller", date(1974, 8, 9)),
        "de_vries": ("Gerrit", "de", "Vries", date(1981, 12, 2)),
        "jansen": ("Piet", "", "Jansen", date(1977, 5, 5)),
    },
    "9902": {
        "jansen": ("Anna", "", "Jansen", date(1986, 5, 21)),        # = Anna Janssen (beheerder), other spelling
        "kuijpers": ("Sven", "", "Kuijpers", date(1973, 2, 8)),     # = Sven Kuipers (exploitant)
        "dykstra": ("Sietse", "", "Dykstra", date(1972, 9, 30)),
        "muller": ("Jürgen", "", "Muller", date(1969, 1, 15)),
        "de_vries": ("Marijke", "de", "Vries", date(1984, 4, 4)),
    },
}
# key → (naam, KvK, rechtsvorm, adres_tekst)
VARIANT_BEDRIJVEN = {
    "9901": {
        "vastgoed": ("Dykstra Vastgoed B.V.", "03918274", "bv", "Havenweg 7, Dalveen"),
        "financier": ("Muller Financieringen B.V.", "58820461", "bv", "Postbus 77, 6400 AB Heerlen"),
        "holding": ("Janssen Horeca Holding B.V.", "71190356", "bv", "Markt 3, Dalveen"),
    },
    "9902": {
        "vastgoed": ("Kuypers Vastgoed B.V.", "06627315", "bv", "Handelsweg 21, Hoogmeer"),
        "financier": ("Müller Beteiligungen GmbH", "", "buitenlands", "Theaterstraße 5, Aachen, Duitsland"),
        "holding": ("Dijkstra Evenementen B.V.", "72450813", "bv", "Raadhuisplein 2, Hoogmeer"),
    },
}
# (company key, person or company key, relatiesoort)
VARIANT_RELATIES = {
    "9901": (("vastgoed", "dijkstra", "bestuurder"), ("vastgoed", "financier", "financier"),
             ("financier", "muller", "bestuurder"), ("holding", "jansen", "bestuurder"),
             ("holding", "de_vries", "aandeelhouder")),
    "9902": (("vastgoed", "kuijpers", "bestuurder"), ("vastgoed", "financier", "financier"),
             ("financier", "muller", "bestuurder"), ("holding", "dykstra", "bestuurder"),
             ("holding", "de_vries", "aandeelhouder")),
}
# Who of them appears elsewhere: on the aanhangsel of the new application (beheerder) and as a
# betrokkene in the investigation of the shisha lounge's application.
OP_AANHANGSEL = {"9901": "jansen", "9902": "de_vries"}
IN_ONDERZOEK = {"9901": "van_dyk", "9902": "jansen"}

ANDERE_GEMEENTE = {"9901": "Hoogmeer", "9902": "Dalveen"}


def _dag(n: int) -> date:
    return vandaag() + timedelta(days=n)


def _pdf(regels: list[str]) -> bytes:
    """A small valid one-page PDF with these lines (Helvetica, WinAnsi; no WeasyPrint needed)."""
    def esc(t: str) -> str:
        return t.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    tekst = "BT /F1 11 Tf 56 780 Td 15 TL " + " ".join(f"({esc(r)}) '" for r in regels) + " ET"
    stream = tekst.encode("cp1252", errors="replace")
    objecten = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>"),
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    uit = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    posities = []
    for i, obj in enumerate(objecten, 1):
        posities.append(len(uit))
        uit += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(uit)
    uit += f"xref\n0 {len(objecten) + 1}\n0000000000 65535 f \n".encode()
    uit += b"".join(f"{p:010d} 00000 n \n".encode() for p in posities)
    uit += f"trailer\n<< /Size {len(objecten) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    # A checksum keeps identical demo documents of the two gemeenten apart in the store.
    return bytes(uit) + f"% {zlib.crc32(stream):08x}\n".encode()


# --------------------------------------------------------------------------- helpers

class _Seeder:
    def __init__(self, session: Session, gemeente: Gemeente, vv: Gebruiker, coordinator: Gebruiker):
        self.session, self.gemeente, self.vv, self.coordinator = session, gemeente, vv, coordinator
        self.code = gemeente.code
        self.subj: dict[str, Subject] = {}

    # -- the register
    def subject(self, key: str) -> Subject:
        """A subject of the permit register's demo (BEDRIJVEN / PERSONEN) or of the variants."""
        if key in self.subj:
            return self.subj[key]
        if key in BEDRIJVEN[self.code]:
            naam, kvk, *_ = BEDRIJVEN[self.code][key]
            stmt = select(Subject).where(Subject.gemeente_id == self.gemeente.id,
                                         Subject.kvk_nummer == kvk if kvk else Subject.naam == naam)
        else:
            voornamen, _voorvoegsel, geslachtsnaam, geboren = PERSONEN[self.code][key]
            stmt = select(Subject).where(Subject.gemeente_id == self.gemeente.id,
                                         Subject.soort == SubjectSoort.PERSOON, Subject.voornamen == voornamen,
                                         Subject.geslachtsnaam == geslachtsnaam, Subject.geboortedatum == geboren)
        self.subj[key] = self.session.execute(stmt.order_by(Subject.id)).scalars().first()
        return self.subj[key]

    def vergunning(self, houder: str, soort: VergunningSoort, aanvraag: int | None = None) -> Vergunning | None:
        h = self.subject(houder)
        if h is None:
            return None
        stmt = (select(Vergunning).join(Vergunningtype, Vergunningtype.id == Vergunning.vergunningtype_id)
                .where(Vergunning.gemeente_id == self.gemeente.id, Vergunning.houder_id == h.id,
                       Vergunningtype.soort == soort))
        if aanvraag is not None:
            stmt = stmt.where(Vergunning.aanvraagdatum == _dag(aanvraag))
        return self.session.execute(stmt.order_by(Vergunning.aanvraagdatum.desc())).scalars().first()

    def varianten(self) -> None:
        vv = self.vv
        for key, (voornamen, voorvoegsel, geslachtsnaam, geboren) in VARIANT_PERSONEN[self.code].items():
            self.subj["v:" + key] = subjecten.maak_persoon(self.session, vv, self.gemeente.id, subjecten.PersoonInvoer(
                geslachtsnaam=geslachtsnaam, voornamen=voornamen, voorvoegsel=voorvoegsel, geboortedatum=geboren))
        for key, (naam, kvk, vorm, adres) in VARIANT_BEDRIJVEN[self.code].items():
            invoer = subjecten.RechtspersoonInvoer(naam=naam, kvk_nummer=kvk, rechtsvorm=vorm, adres_tekst=adres)
            if kvk:
                self.subj["v:" + key], _ = subjecten.rechtspersoon_voor_kvk(self.session, vv, self.gemeente.id, invoer)
            else:
                self.subj["v:" + key] = subjecten.maak_rechtspersoon(self.session, vv, self.gemeente.id, invoer)
        for bedrijf, wie, soort in VARIANT_RELATIES[self.code]:
            subjecten.voeg_relatie_toe(self.session, vv, self.subj["v:" + bedrijf], self.subj["v:" + wie], soort,
                                       sinds=_dag(-700))
        # On the aanhangsel of the new application for a sex business.
        v = self.vergunning("aanvrager", V.SEKSINRICHTING)
        if v is not None:
            vergunningen.voeg_betrokkene_toe(self.session, vv, v, self.subj["v:" + OP_AANHANGSEL[self.code]],
                                             "beheerder", sinds=_dag(-12))

    # -- investigations
    def start(self, aanleiding: BibobAanleiding, dag: int, *, vergunning: Vergunning | None = None,
              omschrijving: str = "", betrokkenen: tuple[tuple[str, str], ...] = (), beslistermijn: int | None = None,
              door: str = "vv", behandelaar: str = "vv") -> BibobOnderzoek | None:
        if vergunning is None and aanleiding not in (A.SUBSIDIE, A.VASTGOED, A.AANBESTEDING):
            return None  # the permit register's demo is not there (the seeds run separately)
        user = self.vv if door == "vv" else self.coordinator
        o = services.maak_onderzoek(self.session, user, self.gemeente.id, services.OnderzoekInvoer(
            aanleiding=aanleiding.value, vergunning_id=vergunning.id if vergunning else None,
            omschrijving=omschrijving, behandelaar_id=(self.vv if behandelaar == "vv" else self.coordinator).id,
            beslistermijn_tot=_dag(beslistermijn) if beslistermijn is not None else None,
            betrokkenen=[(self.subject(k).id, rol) for k, rol in betrokkenen]))
        _start_terugdateren(self.session, o, _dag(dag))
        return o

    def user(self, o: BibobOnderzoek) -> Gebruiker:
        return self.vv if o.behandelaar_id == self.vv.id else self.coordinator

    def stap(self, o: BibobOnderzoek, naar: BibobStatus, dag: int, **kw) -> None:
        services.stap(self.session, self.user(o), o, naar.value, services.StapInvoer(datum=_dag(dag), **kw))

    def formulier(self, o: BibobOnderzoek, opgevraagd: int, ontvangen: int | None = None) -> None:
        self.stap(o, S.FORMULIER_OPGEVRAAGD, opgevraagd,
                  toelichting="Vragenformulier Bibob met toelichting verstuurd; termijn voor terugsturen: vier weken.")
        if ontvangen is not None:
            self.stap(o, S.FORMULIER_ONTVANGEN, ontvangen,
                      toelichting="Formulier met bijlagen (jaarrekening, financieringsovereenkomst, KvK-uittreksels) "
                                  "ontvangen.")

    def tip(self, o: BibobOnderzoek, bron: TipBron, omschrijving: str, dag: int, inhoud: str) -> None:
        services.voeg_tip_toe(self.session, self.user(o), o, bron=bron.value, bron_omschrijving=omschrijving,
                              ontvangen_op=_dag(dag), inhoud=inhoud)

    def document(self, o: BibobOnderzoek, bestandsnaam: str, omschrijving: str, regels: list[str]) -> None:
        services.voeg_document_toe(self.session, self.user(o), o, data=_pdf([*regels, f"Zaak {o.zaaknummer}"]),
                                   bestandsnaam=bestandsnaam, omschrijving=omschrijving)


def _start_terugdateren(session: Session, o: BibobOnderzoek, dag: date) -> None:
    """DEMO SEEDING ONLY: ``maak_onderzoek`` starts an investigation today; the demo's started
    months ago, so its start (the first step and the creation moment) is set to that day. The
    audit row still says truthfully that the seed wrote it now."""
    o.aangemaakt_op = naar_utc(dag, time(9, 30))
    eerste = session.execute(select(BibobStap).where(BibobStap.onderzoek_id == o.id)
                             .order_by(BibobStap.id)).scalars().first()
    eerste.datum = dag
    eerste.vastgelegd_op = naar_utc(dag, time(9, 30))
    session.flush()


def _namen(code: str, key: str) -> str:
    naam, _kvk, _vorm, handelsnamen, _adres = BEDRIJVEN[code][key]
    return handelsnamen[0] if handelsnamen else naam


# --------------------------------------------------------------------------- the dossiers

def _seed_gemeente(session: Session, gemeente: Gemeente, vv: Gebruiker, coordinator: Gebruiker) -> int:
    s = _Seeder(session, gemeente, vv, coordinator)
    code = gemeente.code
    s.varianten()
    p = services.perioden(session, gemeente.id)
    andere = ANDERE_GEMEENTE.get(code, "een buurgemeente")
    aantal = 0

    # 1. Geen gevaar → verlenen → gearchiveerd; its advice is reused below (hergebruik).
    v = s.vergunning("leisure", V.HORECA)
    o = s.start(A.AANVRAAG, -958, vergunning=v, beslistermijn=-900)
    if o is not None:
        s.formulier(o, -957, -950)
        s.stap(o, S.EIGEN_ONDERZOEK, -948)
        s.stap(o, S.ADVIES_LBB_AANGEVRAAGD, -946, betrokkene_geinformeerd_op=_dag(-946),
               bevindingen="Financiering door een externe financier; herkomst van het eigen vermogen niet volledig "
                           "onderbouwd. Advies van het LBB nodig voor een oordeel.")
        s.stap(o, S.ADVIES_ONTVANGEN, -936, advies_mate="geen",
               advies_samenvatting="Geen aanwijzingen voor gevaar: de financiering is met bankafschriften en een "
                                   "notariële akte onderbouwd.")
        s.stap(o, S.BESLUIT, -930, besluit=BibobBesluit.VERLENEN.value,
               motivering="Het advies van het LBB vermeldt geen gevaar; de vergunning wordt verleend.")
        s.stap(o, S.GEARCHIVEERD, -900, toelichting="Dossier gesloten; bewaartermijn volgens de selectielijst.")
        eerder_advies = o
        aantal += 1
    else:
        eerder_advies = None

    # 2. Eigen onderzoek: geen gevaar → verlenen → gearchiveerd (housing for labour migrants).
    o = s.start(A.AANVRAAG, -198, vergunning=s.vergunning("uitzend", V.HUISVESTING_ARBEIDSMIGRANTEN, -200),
                beslistermijn=-145)
    if o is not None:
        s.formulier(o, -197, -185)
        s.stap(o, S.EIGEN_ONDERZOEK, -183)
        s.stap(o, S.CONCLUSIE_EIGEN_ONDERZOEK, -160, conclusie="geen_gevaar",
               bevindingen="KvK, kadaster en jaarrekeningen bekeken; de huurovereenkomst en de financiering zijn "
                           "verklaard. Geen antecedenten bij de bestuurder bekend.")
        s.stap(o, S.BESLUIT, -150, besluit=BibobBesluit.VERLENEN.value,
               motivering="Uit het eigen onderzoek blijkt geen gevaar als bedoeld in art. 3 Wet Bibob.")
        s.stap(o, S.GEARCHIVEERD, -120)
        aantal += 1

    # 3. Ernstig gevaar (grond a) → zienswijze → weigeren: the refused sex business.
    o = s.start(A.AANVRAAG, -212, vergunning=s.vergunning("reddoor", V.SEKSINRICHTING), beslistermijn=-110)
    if o is not None:
        s.tip(o, TipBron.RIEC, "RIEC Demo-Zuid, casusoverleg", -214,
              "Signaal: de bestuurder op de aanvraag lijkt een stroman; een eerder bij het RIEC bekende exploitant "
              "zou feitelijk leiding geven. Financiering via een buitenlandse aandeelhouder.")
        s.formulier(o, -210, -196)
        s.stap(o, S.EIGEN_ONDERZOEK, -190)
        s.stap(o, S.ADVIES_LBB_AANGEVRAAGD, -176, betrokkene_geinformeerd_op=_dag(-175),
               bevindingen="De bestuurder is 29 jaar en heeft geen ervaring of vermogen; de aandeelhouder is een "
                           "vennootschap op Cyprus zonder inzicht in de uiteindelijk belanghebbende.",
               toelichting="Aanvrager per brief geïnformeerd; beslistermijn opgeschort (art. 31).")
        s.stap(o, S.ADVIES_ONTVANGEN, -122, advies_mate="ernstig", advies_grond="a",
               advies_samenvatting="Ernstig gevaar dat de vergunning wordt gebruikt om uit strafbare feiten verkregen "
                                   "voordelen te benutten: de herkomst van de financiering is niet aannemelijk en de "
                                   "feitelijk leidinggevende staat niet op de aanvraag.")
        s.document(o, "advies-lbb-samenvatting.pdf", "Samenvatting van het advies van het LBB (vertrouwelijk)",
                   ["Landelijk Bureau Bibob - samenvatting advies (demo, fictief)",
                    "Conclusie: ernstig gevaar, art. 3 lid 1 sub a Wet Bibob.",
                    "Dit stuk is geheim (art. 28 Wet Bibob)."])
        s.stap(o, S.ZIENSWIJZE, -118, toelichting="Voornemen tot weigering met het advies (geheimhoudingsplicht, "
                                                   "art. 28 lid 3) aan de aanvrager gestuurd.")
        services.leg_zienswijze_vast(session, s.user(o), o, datum=_dag(-101),
                                     tekst="De aanvrager stelt dat de financiering een lening van familie is, maar "
                                           "legt geen stukken over die dat onderbouwen.")
        s.stap(o, S.BESLUIT, -60, besluit=BibobBesluit.WEIGEREN.value,
               motivering="Weigering op grond van art. 3 lid 1 sub a Wet Bibob. De zienswijze neemt het gevaar niet "
                          "weg: de herkomst van de financiering blijft onverklaard. Voorschriften kunnen het gevaar "
                          "niet beperken (art. 3 lid 5 en 7).")
        aantal += 1

    # 4. Mindere mate van gevaar → zienswijze (afgezien) → verlenen met voorschriften.
    o = s.start(A.AANVRAAG, -88, vergunning=s.vergunning("cafetaria", V.HORECA), beslistermijn=-40)
    if o is not None:
        s.formulier(o, -87, -80)
        s.stap(o, S.EIGEN_ONDERZOEK, -78)
        s.stap(o, S.ADVIES_LBB_AANGEVRAAGD, -75, betrokkene_geinformeerd_op=_dag(-75),
               bevindingen="De eigenaar had eerder een zaak die failliet ging met belastingschulden.")
        s.stap(o, S.ADVIES_ONTVANGEN, -52, advies_mate="mindere_mate", advies_grond="b",
               advies_samenvatting="Mindere mate van gevaar voor het plegen van strafbare feiten (fiscaal); met "
                                   "voorschriften te beperken.")
        s.stap(o, S.ZIENSWIJZE, -50)
        services.leg_zienswijze_vast(session, s.user(o), o, datum=_dag(-41), afgezien=True)
        s.stap(o, S.BESLUIT, -40, besluit=BibobBesluit.VOORSCHRIFTEN.value,
               motivering="Verlenen met voorschriften (art. 3 lid 7): een jaarlijkse accountantsverklaring en "
                          "melding van elke wijziging in de financiering binnen twee weken.")
        aantal += 1

    # 5. Hergebruik of an earlier advice (art. 29): a subsidy for the same company.
    o = s.start(A.SUBSIDIE, -30, omschrijving=f"Subsidie gevelrenovatie en terrasoverkapping "
                                              f"{_namen(code, 'leisure')} (Subsidieregeling Levendige Kern {_dag(0).year})",
                betrokkenen=(("leisure", "betrokkene"),), beslistermijn=20) if eerder_advies else None
    if o is not None:
        s.formulier(o, -29, -21)
        s.stap(o, S.EIGEN_ONDERZOEK, -20)
        s.stap(o, S.ADVIES_ONTVANGEN, -12, hergebruik_van_id=eerder_advies.id,
               advies_samenvatting=f"Advies uit {eerder_advies.zaaknummer} hergebruikt: dezelfde onderneming, "
                                   "zelfde bestuurders en financier.")
        aantal += 1

    # 6. Advice requested; the LBB's period ends in three days (the one deadline this week).
    o = s.start(A.WIJZIGING, -120, vergunning=s.vergunning("villa", V.SEKSINRICHTING), beslistermijn=-25)
    if o is not None:
        aangevraagd = -(p.lbb_weken * 7) + 3
        s.formulier(o, -118, -95)
        s.stap(o, S.EIGEN_ONDERZOEK, -90)
        s.stap(o, S.ADVIES_LBB_AANGEVRAAGD, aangevraagd, betrokkene_geinformeerd_op=_dag(aangevraagd),
               bevindingen="Nieuwe aandeelhouder sinds de vorige verlening; de koopsom is contant betaald.",
               toelichting="Verlenging van de exploitatievergunning; aanvrager geïnformeerd (art. 32).")
        aantal += 1

    # 7. Advice requested, the LBB extended its period once by four weeks.
    o = s.start(A.WIJZIGING, -150, vergunning=s.vergunning("club", V.SEKSINRICHTING), beslistermijn=-20)
    if o is not None:
        s.formulier(o, -148, -130)
        s.stap(o, S.EIGEN_ONDERZOEK, -125)
        s.stap(o, S.CONCLUSIE_EIGEN_ONDERZOEK, -80, conclusie="advies_nodig",
               bevindingen="De holding heeft een nieuwe financier; leningen zonder zekerheden en met een rente ver "
                           "onder de markt.")
        s.stap(o, S.ADVIES_LBB_AANGEVRAAGD, -70, betrokkene_geinformeerd_op=_dag(-69))
        services.verleng_lbb(session, s.user(o), o, datum=_dag(-15), weken=min(4, p.verlenging_max_weken))
        aantal += 1

    # 8. Intended revocation: own investigation concluded (danger), zienswijze next.
    o = s.start(A.INTREKKING, -62, vergunning=s.vergunning("escort", V.ESCORTBEDRIJF), beslistermijn=30,
                door="coordinator")
    if o is not None:
        s.tip(o, TipBron.RIEC, "RIEC Demo-Zuid", -64,
              "De exploitant op het aanhangsel staat ook als bestuurder van een geweigerde seksinrichting in het "
              "RIEC-beeld; mogelijk dezelfde financier.")
        s.formulier(o, -60, -41)
        s.stap(o, S.EIGEN_ONDERZOEK, -40)
        s.stap(o, S.CONCLUSIE_EIGEN_ONDERZOEK, -4, conclusie="gevaar",
               bevindingen="Exploitant is een stroman: geen inkomen, wel volmacht voor de bankrekening van de "
                           "buitenlandse aandeelhouder. Gevaar vastgesteld; intrekking wordt voorbereid.")
        aantal += 1

    # 9. The form was not returned (art. 4): straight to zienswijze.
    o = s.start(A.WIJZIGING, -45, vergunning=s.vergunning("zaal", V.HORECA), beslistermijn=25,
                omschrijving="Wijziging: uitbreiding met een terras en latere sluitingstijd op zaterdag.")
    if o is not None:
        s.formulier(o, -44)
        s.stap(o, S.ZIENSWIJZE, -4, formulier_uitkomst="geweigerd",
               toelichting="Het vragenformulier is na herinnering niet teruggestuurd; voornemen tot weigering "
                           "verstuurd (art. 4 Wet Bibob).")
        aantal += 1

    # 10. Own investigation running, with a tip from the other gemeente.
    v = s.vergunning("shisha", V.HORECA)
    o = s.start(A.AANVRAAG, -24, vergunning=v, beslistermijn=31)
    if o is not None:
        services.voeg_betrokkene_toe(session, s.user(o), o, s.subj["v:" + IN_ONDERZOEK[code]], "bestuurder")
        s.formulier(o, -23, -17)
        s.stap(o, S.EIGEN_ONDERZOEK, -15)
        s.tip(o, TipBron.GEMEENTE, f"Gemeente {andere}, team vergunningen", -10,
              f"In {andere} is vorig jaar een vergelijkbare aanvraag door dezelfde bestuurder ingetrokken nadat om "
              "een Bibob-formulier was gevraagd (art. 28 lid 1).")
        aantal += 1

    # 11. Form received (windows).
    o = s.start(A.AANVRAAG, -38, vergunning=s.vergunning("raam2", V.RAAMPROSTITUTIE), beslistermijn=16)
    if o is not None:
        s.formulier(o, -37, -9)
        s.document(o, "vragenformulier-bibob.pdf", "Ingevuld vragenformulier met bijlagenlijst",
                   ["Vragenformulier Wet Bibob (demo, fictief)", ("Bijlagen: KvK-uittreksel, jaarrekening, "
                    "huurovereenkomst.")])
        aantal += 1

    # 12. Real-estate transaction without a permit: form requested; the coördinator handles it.
    o = s.start(A.VASTGOED, -14, omschrijving="Verkoop van het gemeentelijke bedrijfspand Industrieweg 14 aan "
                                              f"{s.subj['v:vastgoed'].naam} (art. 5a Wet Bibob).",
                betrokkenen=(("v:vastgoed", "betrokkene"), (f"v:{VARIANT_RELATIES[code][0][1]}", "bestuurder"),
                             ("v:financier", "financier")),
                beslistermijn=40, door="coordinator", behandelaar="coordinator")
    if o is not None:
        s.formulier(o, -12)
        aantal += 1

    # 13. A new application: the investigation has just started.
    o = s.start(A.AANVRAAG, -2, vergunning=s.vergunning("aanvrager", V.SEKSINRICHTING), beslistermijn=44,
                door="coordinator")
    if o is not None:
        aantal += 1
    return aantal


def _rol(gebruikers, gemeente: Gemeente, rol: Rol, voorkeur: str) -> Gebruiker | None:
    """The gemeente's own demo account for the role (``coordinator.dalveen``), else the first."""
    kandidaten = sorted((u for u in gebruikers if rol in u.rollen_per_gemeente().get(gemeente.id, set())),
                        key=lambda u: (u.gebruikersnaam != f"{voorkeur}.{gemeente.naam.lower()}", u.id))
    return kandidaten[0] if kandidaten else None


def seed_bibob(session: Session, gemeenten, gebruikers) -> dict[str, int]:
    """Mandates, investigations and variant subjects per demo gemeente. Flush only. Returns the
    number of investigations made per gemeente (0: it had some already, or lacks the accounts)."""
    start = _time.perf_counter()
    gebruikers = list(gebruikers.values()) if isinstance(gebruikers, dict) else list(gebruikers)
    uit: dict[str, int] = {}
    for gemeente in gemeenten:
        if session.execute(select(func.count()).select_from(BibobOnderzoek)
                           .where(BibobOnderzoek.gemeente_id == gemeente.id)).scalar():
            uit[gemeente.naam] = 0
            continue
        vv = _rol(gebruikers, gemeente, Rol.VERGUNNINGVERLENER, "vergunningverlener")
        coordinator = _rol(gebruikers, gemeente, Rol.COORDINATOR, "coordinator")
        beheerder = _rol(gebruikers, gemeente, Rol.BEHEERDER, "beheerder")
        if vv is None or coordinator is None or beheerder is None:
            uit[gemeente.naam] = 0
            continue
        if not session.execute(select(BibobMandaat.id).where(
                BibobMandaat.gebruiker_id == vv.id, BibobMandaat.gemeente_id == gemeente.id,
                BibobMandaat.ingetrokken_op.is_(None))).first():
            m = services.verleen_mandaat(session, beheerder, gemeente.id, vv,
                                         f"Mandaatbesluit Bibob {vandaag().year}-{gemeente.code[-2:]}, burgemeester "
                                         f"van {gemeente.naam}, {_dag(-300):%d-%m-%Y}")
            # DEMO SEEDING ONLY: the mandate dates from before the investigations.
            m.verleend_op = naar_utc(_dag(-300), time(10))
            session.flush()
        uit[gemeente.naam] = _seed_gemeente(session, gemeente, vv, coordinator)
    log.info("Demo-Bibob: %s onderzoeken in %.1f s", uit, _time.perf_counter() - start)
    return uit
