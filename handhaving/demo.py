"""Demo data: two fictional gemeenten of one region, a few thousand BAG-style
addresses in a plausible Dutch street pattern, and one user per role per gemeente, plus a
second toezichthouder: a prostitution control goes out as a team of two.

The addresses are written as a real NLExtract ``bagadres-full.csv`` and loaded
through the same importer that municipalities use.
"""
from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass

import pyotp
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handhaving.auth.models import Gebruiker, Gemeente, Rol
from handhaving.auth.services import create_user
from handhaving.bibob.demo import seed_bibob
from handhaving.controles.demo import seed_controles
from handhaving.locaties.bag import FULL_COLUMNS, import_bag
from handhaving.locaties.cbs.demo import seed_gebieden
from handhaving.overbewoning.demo import seed_bewoning
from handhaving.vergunningen.demo import markeer_naleving, seed_vergunningen

DEMO_PASSWORD = "demo handhaving 2026"
REGIO = "RIEC Demo-Zuid"


@dataclass(frozen=True)
class DemoGemeente:
    code: str
    naam: str
    woonplaatsen: tuple[str, ...]
    centrum: tuple[float, float]   # RD New
    postcode_start: int


DEMO_GEMEENTEN = (
    DemoGemeente("9901", "Dalveen", ("Dalveen", "Ulsterhoven"), (191_400.0, 321_800.0), 6411),
    DemoGemeente("9902", "Hoogmeer", ("Hoogmeer", "Brakel aan de Geul"), (183_200.0, 316_400.0), 6321),
)

# Street names by neighbourhood theme, as Dutch towns are laid out.
THEMES = {
    "oud": ["Kerkstraat", "Markt", "Molenweg", "Brugstraat", "Kloosterstraat", "Nieuwstraat", "Grachtstraat",
            "Sint-Jansstraat", "Pastoor Habetsstraat", "Oude Kerkweg", "Raadhuisplein", "Dorpsstraat"],
    "bomen": ["Beukenlaan", "Eikenlaan", "Lindenlaan", "Kastanjelaan", "Berkenstraat", "Wilgenstraat",
              "Populierenweg", "Essenlaan", "Iepenstraat", "Acaciastraat", "Elzenhof", "Platanenlaan"],
    "oranje": ["Julianastraat", "Wilhelminastraat", "Beatrixlaan", "Prins Hendrikstraat", "Emmastraat",
               "Willem-Alexanderlaan", "Oranjeplein", "Bernhardstraat", "Irenestraat", "Margrietstraat"],
    "schilders": ["Rembrandtstraat", "Vermeerstraat", "Frans Halsstraat", "Van Goghlaan", "Jan Steenstraat",
                  "Mondriaanstraat", "Breitnerstraat", "Ruisdaelstraat", "Van Gendtstraat", "Israëlsstraat"],
    "bedrijven": ["Industrieweg", "Ambachtsweg", "Handelsweg", "Transportweg", "Nijverheidsstraat",
                  "Energieweg", "Havenweg"],
}
VBO_STATUS = ["Verblijfsobject in gebruik"] * 30 + ["Verblijfsobject in gebruik (niet ingemeten)",
                                                   "Verbouwing verblijfsobject", "Verblijfsobject gevormd"]
PAND_STATUS = ["Pand in gebruik"] * 20 + ["Pand in gebruik (niet ingemeten)", "Verbouwing pand"]


def rd_to_wgs84(x: float, y: float) -> tuple[float, float]:
    """Approximation (Schreutelkamp & Strang van Hees), ~1 m; only for the lon/lat columns."""
    dx, dy = (x - 155000) * 1e-5, (y - 463000) * 1e-5
    n = (3235.65389 * dy - 32.58297 * dx ** 2 - 0.2475 * dy ** 2 - 0.84978 * dx ** 2 * dy
         - 0.0655 * dy ** 3 - 0.01709 * dx ** 2 * dy ** 2 - 0.00738 * dx + 0.0053 * dx ** 4
         - 0.00039 * dx ** 2 * dy ** 3 + 0.00033 * dx ** 4 * dy - 0.00012 * dx * dy)
    e = (5260.52916 * dx + 105.94684 * dx * dy + 2.45656 * dx * dy ** 2 - 0.81885 * dx ** 3
         + 0.05594 * dx * dy ** 3 - 0.05607 * dx ** 3 * dy + 0.01199 * dy - 0.00256 * dx ** 3 * dy ** 2
         + 0.00128 * dx * dy ** 4 + 0.00022 * dy ** 2 - 0.00022 * dx ** 2 + 0.00026 * dx ** 5)
    return 52.15517440 + n / 3600, 5.38720621 + e / 3600


def _letters(index: int) -> str:
    return "ABCDEFGHJKLMNPRSTVWXZ"[index // 21 % 21] + "ABCDEFGHJKLMNPRSTVWXZ"[index % 21]


def generate_bag_csv(gemeente: DemoGemeente, n_addresses: int, seed: int = 1) -> bytes:
    """A bagadres-full.csv for one gemeente with about ``n_addresses`` rows."""
    rnd = random.Random(f"{seed}-{gemeente.code}")
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\n")
    w.writerow(FULL_COLUMNS)
    serial = {"01": 0, "10": 0, "20": 0}

    def next_id(kind: str) -> str:
        serial[kind] += 1
        return f"{gemeente.code}{kind}{serial[kind]:010d}"

    rows = 0
    street_no = 0
    cx, cy = gemeente.centrum
    names = [(theme, name) for theme, lst in THEMES.items() for name in lst]
    while rows < n_addresses:
        theme, base = names[street_no % len(names)]
        cycle = street_no // len(names)
        woonplaats = gemeente.woonplaatsen[(street_no // 7) % len(gemeente.woonplaatsen)]
        name = base if cycle == 0 else f"{base} {['Noord', 'Zuid', 'Oost', 'West', 'Oud', 'Nieuw'][cycle % 6]}"
        if cycle >= 6:
            name = f"{base} {cycle}"
        # Streets radiate on a grid around the centre; woonplaatsen are separate cores.
        core = gemeente.woonplaatsen.index(woonplaats)
        ox, oy = cx + core * 3800, cy - core * 2100
        col, row_ = (street_no // 2) % 9, (street_no // 18) % 9
        horizontal = street_no % 2 == 0
        sx = ox + (col - 4) * 160 + rnd.uniform(-15, 15)
        sy = oy + (row_ - 4) * 150 + rnd.uniform(-15, 15)
        angle_dx, angle_dy = (1.0, rnd.uniform(-0.08, 0.08)) if horizontal else (rnd.uniform(-0.08, 0.08), 1.0)
        houses = rnd.randint(14, 70) if theme != "bedrijven" else rnd.randint(6, 20)
        pc_area = gemeente.postcode_start + (street_no // 12) % 9
        pand_id, pand_left, bouwjaar = None, 0, 1960
        for i in range(houses):
            nummer = i + 1
            side = 1 if nummer % 2 else -1
            along = (i // 2) * (7.5 if theme != "bedrijven" else 40) + 10
            x = sx + angle_dx * along + side * 9 * angle_dy
            y = sy + angle_dy * along - side * 9 * angle_dx
            postcode = f"{pc_area}{_letters((street_no * 3 + i // 20) % 441)}"
            if pand_left == 0:
                pand_id, pand_left = next_id("10"), rnd.choice([1, 2, 2, 4, 6])
                bouwjaar = {"oud": rnd.randint(1880, 1935), "oranje": rnd.randint(1920, 1960),
                            "bomen": rnd.randint(1955, 1990), "schilders": rnd.randint(1985, 2022),
                            "bedrijven": rnd.randint(1970, 2015)}[theme]
            pand_left -= 1
            # Some houses are split into flats (toevoeging) or have a letter.
            split = rnd.random()
            units = [(None, None)]
            if theme == "oud" and split < 0.25:
                units = [(None, str(k)) for k in range(1, rnd.randint(2, 4) + 1)]
            elif split < 0.06:
                units = [(None, None), ("A", None)]
            elif split < 0.09:
                units = [("A", None), ("B", None)]
            for letter, toev in units:
                if theme == "bedrijven":
                    doelen, opp = rnd.choice([["industriefunctie"], ["kantoorfunctie"], ["industriefunctie", "kantoorfunctie"], ["logiesfunctie"]]), rnd.randint(150, 4000)
                elif theme == "oud" and rnd.random() < 0.3:
                    doelen, opp = rnd.choice([["winkelfunctie"], ["bijeenkomstfunctie"], ["woonfunctie", "winkelfunctie"], ["kantoorfunctie"], ["logiesfunctie"]]), rnd.randint(40, 400)
                else:
                    doelen, opp = ["woonfunctie"], (rnd.randint(35, 75) if toev else rnd.randint(70, 190))
                vbo = next_id("01")
                jx, jy = x + rnd.uniform(-1.5, 1.5), y + rnd.uniform(-1.5, 1.5)
                lat, lon = rd_to_wgs84(jx, jy)
                common = [postcode, woonplaats, gemeente.naam, "Limburg"]
                # Drawn once per object: its nevenadres repeats them (the import refuses an object
                # whose lines disagree).
                vbo_status, pand_status = rnd.choice(VBO_STATUS), rnd.choice(PAND_STATUS)
                w.writerow([name, nummer, letter or "", toev or "", *common, next_id("20"), ",".join(doelen), opp,
                            vbo_status, vbo, "VBO", "f", pand_id, pand_status,
                            bouwjaar, f"{jx:.3f}", f"{jy:.3f}", f"{lon:.7f}", f"{lat:.7f}"])
                rows += 1
                # A corner shop also known by its number in the side street: a nevenadres.
                if rnd.random() < 0.02:
                    w.writerow([name, nummer + 1000 if nummer < 99000 else nummer, "", "", *common, next_id("20"),
                                ",".join(doelen), opp, vbo_status, vbo, "VBO", "t", pand_id,
                                pand_status, bouwjaar, f"{jx:.3f}", f"{jy:.3f}", f"{lon:.7f}", f"{lat:.7f}"])
                    rows += 1
        street_no += 1
    return out.getvalue().encode("utf-8")


ROL_ACCOUNT = {Rol.TOEZICHTHOUDER: "toezichthouder", Rol.COORDINATOR: "coordinator",
               Rol.VERGUNNINGVERLENER: "vergunningverlener", Rol.BURGEMEESTER: "burgemeester",
               Rol.BEHEERDER: "beheerder"}
DEMO_NAMEN = {
    "9901": ["Sanne de Vries", "Mehmet Yılmaz", "Ingrid Janssen", "Pieter van den Berg", "Fatima El Amrani"],
    "9902": ["Joost Hendriks", "Anouk Bakker", "Rachid Bouzid", "Marieke Smeets", "Tom Vos"],
}
# The colleague of toezichthouder.<gemeente> (made after it: the controles demo lets the first record).
TWEEDE_TOEZICHTHOUDER = {"9901": "Bram Lemmens", "9902": "Yara Mulder"}


def is_empty(session: Session) -> bool:
    return session.execute(select(func.count()).select_from(Gemeente)).scalar() == 0


def seed(session: Session, addresses_per_gemeente: int = 1500) -> list[dict]:
    """Create the demo gemeenten, users and addresses. Returns the logins."""
    logins = []
    for dg in DEMO_GEMEENTEN:
        gemeente = Gemeente(code=dg.code, naam=dg.naam, regio=REGIO, mfa_alle_rollen=False)
        session.add(gemeente)
        session.flush()
        for (rol, account), naam in zip(ROL_ACCOUNT.items(), DEMO_NAMEN[dg.code]):
            secret = pyotp.random_base32() if rol in (Rol.BURGEMEESTER, Rol.BEHEERDER) else None
            username = f"{account}.{dg.naam.lower()}"
            create_user(session, username, naam, DEMO_PASSWORD, [(gemeente, rol)],
                        email=f"{username}@{dg.naam.lower()}.example", totp_secret=secret)
            logins.append({"gebruikersnaam": username, "rol": rol.label, "gemeente": dg.naam,
                           "totp_secret": secret})
        # Gets its aanwijzing with the first one (controles demo): both can be planned at once.
        username = f"toezichthouder2.{dg.naam.lower()}"
        create_user(session, username, TWEEDE_TOEZICHTHOUDER[dg.code], DEMO_PASSWORD,
                    [(gemeente, Rol.TOEZICHTHOUDER)], email=f"{username}@{dg.naam.lower()}.example")
        logins.append({"gebruikersnaam": username, "rol": Rol.TOEZICHTHOUDER.label, "gemeente": dg.naam,
                       "totp_secret": None})
    # One regional coordinator who works for both gemeenten.
    gemeenten = session.execute(select(Gemeente).order_by(Gemeente.code)).scalars().all()
    create_user(session, "coordinator.regio", "Lotte Maessen", DEMO_PASSWORD,
                [(g, Rol.COORDINATOR) for g in gemeenten], email="coordinator.regio@riec.example")
    logins.append({"gebruikersnaam": "coordinator.regio", "rol": Rol.COORDINATOR.label,
                   "gemeente": " + ".join(g.naam for g in gemeenten), "totp_secret": None})
    # A regional beheerder: the only one who may reset coordinator.regio's password,
    # and the second pair of eyes for the open role request below.
    secret = pyotp.random_base32()
    create_user(session, "beheerder.regio", "Sanne Claessens", DEMO_PASSWORD,
                [(g, Rol.BEHEERDER) for g in gemeenten], email="beheerder.regio@riec.example", totp_secret=secret)
    logins.append({"gebruikersnaam": "beheerder.regio", "rol": Rol.BEHEERDER.label,
                   "gemeente": " + ".join(g.naam for g in gemeenten), "totp_secret": secret})
    _demo_rolaanvraag(session, gemeenten[-1])
    _demo_herstelaanvraag(session, gemeenten[0])
    for dg in DEMO_GEMEENTEN:
        report = import_bag(session, generate_bag_csv(dg, addresses_per_gemeente),
                            gemeente_codes=[dg.code], bestandsnaam=f"demo-{dg.code}.csv")
        if not report.ok:
            raise RuntimeError(report.summary())
    # Wijk and buurt outlines (CBS format, through the CBS importer) around the addresses.
    seed_gebieden(session, gemeenten)
    gebruikers = session.execute(select(Gebruiker)).scalars().all()
    # The permit register first: planning a controle at a permit's address adds its voorschriften.
    seed_vergunningen(session, gemeenten, gebruikers)
    # Controles over the past months in every status and type, today's for each toezichthouder.
    seed_controles(session, gemeenten, gebruikers)
    # How the voorschriften fared in the controles carried out at permit addresses.
    markeer_naleving(session, gemeenten)
    seed_bibob(session, gemeenten, gebruikers)
    # BRP counts with a handful of hotspots (after the controles: some were checked already).
    seed_bewoning(session, gemeenten, gebruikers)
    return logins


def _demo_rolaanvraag(session: Session, gemeente: Gemeente) -> None:
    """Hoogmeer's beheerder asked for a Bibob-carrying role; a second beheerder decides."""
    from handhaving.beheer.models import Rolaanvraag

    naam = gemeente.naam.lower()
    users = {u.gebruikersnaam: u for u in session.execute(select(Gebruiker).where(
        Gebruiker.gebruikersnaam.in_([f"toezichthouder.{naam}", f"beheerder.{naam}"]))).scalars()}
    session.add(Rolaanvraag(gebruiker_id=users[f"toezichthouder.{naam}"].id, gemeente_id=gemeente.id,
                            rol=Rol.VERGUNNINGVERLENER, aangevraagd_door_id=users[f"beheerder.{naam}"].id,
                            reden="Vervangt de vergunningverlener tijdens verlof (januari tot en met april)."))
    session.flush()


def _demo_herstelaanvraag(session: Session, gemeente: Gemeente) -> None:
    """Dalveen's beheerder asked to reset the burgemeester's second factor (a lost phone): it
    waits for a second beheerder (beheerder.regio), as every reset of an account with
    confidential access does. A second-factor reset: no half of a password is stored."""
    from handhaving.beheer import herstel

    naam = gemeente.naam.lower()
    users = {u.gebruikersnaam: u for u in session.execute(select(Gebruiker).where(
        Gebruiker.gebruikersnaam.in_([f"burgemeester.{naam}", f"beheerder.{naam}"]))).scalars()}
    herstel.tweede_factor_herstellen(session, [gemeente.id], users[f"beheerder.{naam}"],
                                     users[f"burgemeester.{naam}"],
                                     "Telefoon met de authenticator-app verloren; melding bij de servicedesk.")


def totp_secret_for(session: Session, gebruikersnaam: str, demo_only: bool = False) -> str | None:
    from handhaving.auth.models import Roltoewijzing

    stmt = select(Gebruiker.totp_secret).where(Gebruiker.gebruikersnaam == gebruikersnaam)
    if demo_only:
        demo_codes = [dg.code for dg in DEMO_GEMEENTEN]
        stmt = stmt.where(Gebruiker.id.in_(
            select(Roltoewijzing.gebruiker_id).join(Gemeente).where(Gemeente.code.in_(demo_codes))))
    return session.execute(stmt).scalars().first()
