from handhaving.security.rules import Rol

# Need-to-know (Wet Bibob art. 28): no toezichthouder, no beheerder.
POLICY = {
    "bibob.index": {"GET": frozenset({Rol.VERGUNNINGVERLENER, Rol.COORDINATOR, Rol.BURGEMEESTER})},
}
