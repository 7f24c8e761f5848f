"""Subjects and permits, made through the services (so they are what a user would have made).
Needs an app context (audit)."""
from __future__ import annotations

import itertools
from datetime import date, timedelta

from handhaving.subjecten import services as subjecten
from handhaving.vergunningen import services as vergunningen
from handhaving.vergunningen.models import Vergunning

_teller = itertools.count(1)


def bedrijf(session, gemeente, naam: str = "", kvk: str = "", user=None, **kw):
    n = next(_teller)
    return subjecten.maak_rechtspersoon(session, user, gemeente.id, subjecten.RechtspersoonInvoer(
        naam=naam or f"Exploitatie {n} B.V.", kvk_nummer=kvk or f"{70000000 + n:08d}", rechtsvorm="bv", **kw))


def persoon(session, gemeente, geslachtsnaam: str = "Jansen", voornamen: str = "Piet", voorvoegsel: str = "",
            geboortedatum: date | None = date(1980, 5, 1), user=None, **kw):
    return subjecten.maak_persoon(session, user, gemeente.id, subjecten.PersoonInvoer(
        geslachtsnaam=geslachtsnaam, voornamen=voornamen, voorvoegsel=voorvoegsel, geboortedatum=geboortedatum, **kw))


def vergunning(session, gemeente, *, houder=None, adres=None, soort: str = "seksinrichting",
               status: str = "verleend", user=None, voorschriften=("Het bedrijf is gesloten tussen 04.00 en 10.00 uur.",
                                                                   "Tijdens openingstijden is een beheerder aanwezig."),
               vervaldatum: date | None = None, **kw) -> Vergunning:
    """A permit in force by default (registered as granted earlier), with two voorschriften."""
    houder = houder or bedrijf(session, gemeente)
    verleend = status == "verleend"
    return vergunningen.maak_vergunning(session, user, gemeente.id, vergunningen.VergunningInvoer(
        soort=soort, houder_id=houder.id, adres_id=adres.id if adres else None, status=status,
        aanvraagdatum=date.today() - timedelta(days=200),
        besluitdatum=date.today() - timedelta(days=100) if verleend else None,
        ingangsdatum=date.today() - timedelta(days=100) if verleend else None,
        vervaldatum=(vervaldatum or date.today() + timedelta(days=900)) if verleend else None,
        voorschriften=[{"tekst": t, "categorie": "overig"} for t in voorschriften], **kw))
