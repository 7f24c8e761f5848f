"""Who may use which controle page (policy), and who may see or change one controle."""
from handhaving.security.rules import Rol

CONTROLE_ROLLEN = frozenset({Rol.TOEZICHTHOUDER, Rol.COORDINATOR})

POLICY = {
    "controles.index": {"GET": CONTROLE_ROLLEN},
}


def mag_zien(user, controle) -> bool:
    """Toezichthouders and coördinatoren of the controle's gemeente."""
    return bool(user.rollen_per_gemeente().get(controle.gemeente_id, set()) & CONTROLE_ROLLEN)


def mag_wijzigen(user, controle) -> bool:
    """The coördinator of that gemeente, or a toezichthouder assigned to this controle."""
    rollen = user.rollen_per_gemeente().get(controle.gemeente_id, set())
    if Rol.COORDINATOR in rollen:
        return True
    return Rol.TOEZICHTHOUDER in rollen and any(t.id == user.id for t in controle.toezichthouders)
