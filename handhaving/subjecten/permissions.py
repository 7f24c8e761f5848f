"""Who may use the subjects register. People and companies behind permits are personal data
with need-to-know: vergunningverleners and the coördinator, not the field or the beheerder."""
from handhaving.security.rules import Rol

V, C = Rol.VERGUNNINGVERLENER, Rol.COORDINATOR
REGISTER = frozenset({V, C})

POLICY = {
    "subjecten.index": {"GET": REGISTER},
    "subjecten.zoek": {"GET": REGISTER},
    "subjecten.nieuw": {"GET": REGISTER, "POST": REGISTER},
    "subjecten.detail": {"GET": REGISTER},
    "subjecten.wijzigen": {"GET": REGISTER, "POST": REGISTER},
    "subjecten.relatie_toevoegen": {"POST": REGISTER},
    "subjecten.relatie_verwijderen": {"POST": REGISTER},
}


def mag_wijzigen(user, subject) -> bool:
    return bool(user.rollen_per_gemeente().get(subject.gemeente_id, set()) & REGISTER)
