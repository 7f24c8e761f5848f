"""Who may search the history of people and companies: the vergunningverlener and the
coördinator (need-to-know, as the subjects register). The search covers the gemeenten where
the user has one of these roles; of Bibob only the dossiers ``bibob.api`` lets the user open."""
from handhaving.security.rules import Rol

V, C = Rol.VERGUNNINGVERLENER, Rol.COORDINATOR
ZOEKERS = frozenset({V, C})

POLICY = {
    "historie.index": {"GET": ZOEKERS},
}
