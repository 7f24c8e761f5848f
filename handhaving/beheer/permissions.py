from handhaving.auth.models import Rol

BEHEERDER = frozenset({Rol.BEHEERDER})

POLICY = {
    "beheer.gebruikers": {"GET": BEHEERDER},
    "beheer.activering": {"POST": BEHEERDER},
    "beheer.auditlog": {"GET": BEHEERDER},
}
