"""Audit actions of login, sessions and accounts (imports nothing of the app)."""
from enum import StrEnum


class AuthActie(StrEnum):
    INLOGGEN = "auth.inloggen"
    WACHTWOORD_JUIST = "auth.wachtwoord_juist"
    TWEEDE_FACTOR = "auth.tweede_factor"
    SESSIE_VERLOPEN = "auth.sessie_verlopen"
    UITLOGGEN = "auth.uitloggen"
    ANDERE_SESSIES_BEEINDIGD = "auth.andere_sessies_beeindigd"
    WACHTWOORD_WIJZIGEN = "auth.wachtwoord_wijzigen"
    WACHTWOORD_GEWIJZIGD = "auth.wachtwoord_gewijzigd"
    GEBRUIKER_AANGEMAAKT = "gebruiker.aangemaakt"
    EERSTE_INLOG_NA_HERSTEL = "gebruiker.eerste_inlog_na_herstel"
    GEBRUIKER_GEACTIVEERD = "gebruiker.geactiveerd"
    GEBRUIKER_GEDEACTIVEERD = "gebruiker.gedeactiveerd"
    OPGESCHOOND = "onderhoud.opgeschoond"
