from handhaving.security.rules import Rol

POLICY = {
    "vergunningen.index": {"GET": frozenset({Rol.VERGUNNINGVERLENER, Rol.COORDINATOR, Rol.BURGEMEESTER,
                                             Rol.TOEZICHTHOUDER})},
}
