from handhaving.auth.models import Rol

POLICY = {
    "vergunningen.index": {"GET": frozenset({Rol.VERGUNNINGVERLENER, Rol.COORDINATOR, Rol.BURGEMEESTER,
                                             Rol.TOEZICHTHOUDER})},
}
