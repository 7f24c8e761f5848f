from handhaving.security.rules import Rol

BEHEERDER = frozenset({Rol.BEHEERDER})

POLICY = {
    "beheer.gebruikers": {"GET": BEHEERDER},
    "beheer.nieuwe_gebruiker": {"GET": BEHEERDER, "POST": BEHEERDER},
    "beheer.gebruiker": {"GET": BEHEERDER},
    "beheer.activering": {"POST": BEHEERDER},
    "beheer.rol_toevoegen": {"POST": BEHEERDER},
    "beheer.rol_intrekken": {"POST": BEHEERDER},
    "beheer.bibob_mandaat_verlenen": {"POST": BEHEERDER},
    "beheer.bibob_mandaat_intrekken": {"POST": BEHEERDER},
    "beheer.wachtwoord_herstellen": {"POST": BEHEERDER},
    "beheer.tweede_factor_herstellen": {"POST": BEHEERDER},
    "beheer.herstel_goedkeuren": {"POST": BEHEERDER},
    "beheer.herstel_afwijzen": {"POST": BEHEERDER},
    "beheer.aanvraag_goedkeuren": {"POST": BEHEERDER},
    "beheer.aanvraag_afwijzen": {"POST": BEHEERDER},
    "beheer.gemeenten": {"GET": BEHEERDER},
    "beheer.gemeente_instellingen": {"POST": BEHEERDER},
    "beheer.instelling_wijzigen": {"POST": BEHEERDER},
    "beheer.auditlog": {"GET": BEHEERDER},
    "beheer.taken": {"GET": BEHEERDER},
    "beheer.taak_opnieuw": {"POST": BEHEERDER},
}
