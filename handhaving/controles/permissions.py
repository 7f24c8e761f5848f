from handhaving.auth.models import Rol

POLICY = {
    "controles.index": {"GET": frozenset({Rol.TOEZICHTHOUDER, Rol.COORDINATOR})},
}
