"""Who reaches which Bibob page (Wet Bibob art. 28, security requirement 5).

The policy admits the roles that can hold the Bibob right (coördinator; vergunningverlener with a
mandate) and the burgemeester (the decision file); ``rechten`` then decides per gemeente and per
dossier, and every query filters on it in SQL. No toezichthouder, no beheerder.
"""
from handhaving.security.rules import Rol

V, C, B = Rol.VERGUNNINGVERLENER, Rol.COORDINATOR, Rol.BURGEMEESTER
LEZERS = frozenset({V, C, B})
BEHANDELAARS = frozenset({V, C})

POLICY = {
    "bibob.index": {"GET": LEZERS},
    "bibob.termijnen": {"GET": BEHANDELAARS},
    "bibob.nieuw": {"GET": BEHANDELAARS, "POST": BEHANDELAARS},
    "bibob.openen": {"GET": LEZERS, "POST": LEZERS},
    "bibob.dossier": {"GET": LEZERS},
    "bibob.stap": {"POST": BEHANDELAARS},
    "bibob.verlengen": {"POST": BEHANDELAARS},
    "bibob.zienswijze": {"POST": BEHANDELAARS},
    "bibob.betrokkene_toevoegen": {"POST": BEHANDELAARS},
    "bibob.tip_toevoegen": {"POST": BEHANDELAARS},
    "bibob.document_toevoegen": {"POST": BEHANDELAARS},
    "bibob.document": {"GET": LEZERS},
    "bibob.export": {"GET": BEHANDELAARS, "POST": BEHANDELAARS},
}
