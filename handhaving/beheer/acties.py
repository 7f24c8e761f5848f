"""Audit actions of the functional administration (imports nothing of the app)."""
from enum import StrEnum


class BeheerActie(StrEnum):
    GEWEIGERD = "beheer.geweigerd"
    ROL_AANGEVRAAGD = "gebruiker.rol_aangevraagd"
    ROL_TOEGEKEND = "gebruiker.rol_toegekend"
    ROL_AFGEWEZEN = "gebruiker.rol_afgewezen"
    ROL_INGETROKKEN = "gebruiker.rol_ingetrokken"
    WACHTWOORD_HERSTELD = "gebruiker.wachtwoord_hersteld"
    TWEEDE_FACTOR_HERSTELD = "gebruiker.tweede_factor_hersteld"
    HERSTEL_AANGEVRAAGD = "gebruiker.herstel_aangevraagd"
    HERSTEL_AFGEWEZEN = "gebruiker.herstel_afgewezen"
    HERSTEL_INGETROKKEN = "gebruiker.herstel_ingetrokken"
    GEMEENTE_INSTELLING_GEWIJZIGD = "gemeente.instelling_gewijzigd"
    GEMEENTE_TOEGEVOEGD = "gemeente.toegevoegd"
    EERSTE_BEHEERDER = "gebruiker.eerste_beheerder"
