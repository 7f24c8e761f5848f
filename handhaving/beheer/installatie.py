"""Putting a real gemeente into service: the gemeente itself and its first beheerder.

Run from the command line by whoever installs the application (README,
"Een gemeente in gebruik nemen"); everything after that is done in the browser.
"""
from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handhaving.audit import services as audit
from handhaving.auth.models import Gebruiker, Gemeente, Rol, Roltoewijzing
from handhaving.auth.services import create_user, normalise_username
from handhaving.beheer.acties import BeheerActie
from handhaving.beheer.services import eerste_wachtwoord
from handhaving.errors import OngeldigeInvoer

GEBRUIKERSNAAM_RE = re.compile(r"^[a-z0-9._-]{3,80}$")


def normaliseer_gemeentecode(code: str) -> str:
    """CBS gemeentecode: four digits ("0034"); "GM0034" as CBS writes it is accepted."""
    code = (code or "").strip().upper().removeprefix("GM")
    if not re.fullmatch(r"\d{4}", code):
        raise OngeldigeInvoer("Een gemeentecode bestaat uit vier cijfers, zoals 0034 (de CBS-code, eventueel "
                              "met GM ervoor).")
    return code


def gemeente_toevoegen(session: Session, code: str, naam: str, regio: str) -> Gemeente:
    code = normaliseer_gemeentecode(code)
    naam, regio = (naam or "").strip(), (regio or "").strip()
    if not naam or len(naam) > 100:
        raise OngeldigeInvoer("Geef de naam van de gemeente (hoogstens 100 tekens).")
    if not regio or len(regio) > 100:
        raise OngeldigeInvoer("Geef de regio (het RIEC-gebied, hoogstens 100 tekens).")
    bestaand = session.execute(select(Gemeente).where(
        (Gemeente.code == code) | (func.lower(Gemeente.naam) == naam.lower()))).scalars().first()
    if bestaand is not None:
        raise OngeldigeInvoer(f"Gemeente {bestaand.code} {bestaand.naam} bestaat al in deze installatie.")
    gemeente = Gemeente(code=code, naam=naam, regio=regio, mfa_alle_rollen=False)
    session.add(gemeente)
    session.flush()
    audit.record(session, BeheerActie.GEMEENTE_TOEGEVOEGD, audit.SUCCES, object_type="gemeente",
                 object_id=gemeente.id, gemeente_id=gemeente.id,
                 details={"code": code, "naam": naam, "regio": regio})
    return gemeente


def eerste_beheerder(session: Session, gemeente_code: str, gebruikersnaam: str, naam: str,
                     email: str | None = None) -> tuple[Gebruiker, str]:
    """The first beheerder of a gemeente, with a one-time passphrase it must replace.

    Only while the gemeente has no beheerder: every later one is made in the
    browser, with four eyes (README, "Beheer van accounts")."""
    code = normaliseer_gemeentecode(gemeente_code)
    gemeente = session.execute(select(Gemeente).where(Gemeente.code == code)).scalar_one_or_none()
    if gemeente is None:
        raise OngeldigeInvoer(f"Gemeente {code} bestaat niet in deze installatie; voeg haar eerst toe.")
    heeft_beheerder = session.execute(select(Roltoewijzing.id).where(
        Roltoewijzing.gemeente_id == gemeente.id, Roltoewijzing.rol == Rol.BEHEERDER)).first()
    if heeft_beheerder:
        raise OngeldigeInvoer(f"{gemeente.naam} heeft al een beheerder. Verdere beheerders maakt een beheerder "
                              "aan in de applicatie (met goedkeuring door een tweede beheerder).")
    username = normalise_username(gebruikersnaam)
    if not GEBRUIKERSNAAM_RE.fullmatch(username):
        raise OngeldigeInvoer("Een gebruikersnaam heeft 3 tot 80 tekens: letters, cijfers, punt, streepje of "
                              "liggend streepje.")
    if session.execute(select(Gebruiker.id).where(Gebruiker.gebruikersnaam == username)).first():
        raise OngeldigeInvoer("Deze gebruikersnaam bestaat al. Kies een andere.")
    if not (naam or "").strip() or len(naam.strip()) > 120:
        raise OngeldigeInvoer("Geef de volledige naam (hoogstens 120 tekens).")
    wachtwoord = eerste_wachtwoord()
    user = create_user(session, username, naam.strip(), wachtwoord, [(gemeente, Rol.BEHEERDER)],
                       email=(email or "").strip() or None)
    # The installer saw the passphrase; the second factor is linked at the first login.
    user.wachtwoord_wijzigen_verplicht = True
    session.flush()
    audit.record(session, BeheerActie.EERSTE_BEHEERDER, audit.SUCCES, object_type="gebruiker",
                 object_id=user.id, gemeente_id=gemeente.id, details={"gebruikersnaam": username})
    return user, wachtwoord
