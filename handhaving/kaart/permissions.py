"""The map: one page for every role, and one JSON endpoint per layer, so the policy decides
per layer who sees it and in which gemeenten (``gemeente_ids()`` per endpoint). Bibob is
never a layer; person data never appears in any feature."""
from handhaving.security.rules import ALLE_ROLLEN, Rol

T, C, V, B = Rol.TOEZICHTHOUDER, Rol.COORDINATOR, Rol.VERGUNNINGVERLENER, Rol.BURGEMEESTER

POLICY = {
    "kaart.index": {"GET": ALLE_ROLLEN},
    # Wijk and buurt outlines are public CBS data.
    "kaart.buurten": {"GET": ALLE_ROLLEN},
    # Same readers as the permit register.
    "kaart.vergunningen": {"GET": frozenset({V, C, B, T})},
    "kaart.controles": {"GET": frozenset({T, C})},
    "kaart.bevindingen": {"GET": frozenset({T, C})},
    # Indicators per object for those who plan and carry out huisvestingscontroles;
    # per buurt (counts of flagged objects) also for the burgemeester.
    "kaart.overbewoning": {"GET": frozenset({T, C})},
    "kaart.overbewoning_buurten": {"GET": frozenset({T, C, B})},
}
