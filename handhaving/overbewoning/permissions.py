"""Who may see overbewoning indicators and import BRP counts.

The indicators rest on BRP data (counts, never names): the toezichthouder and the
coördinator, who plan and carry out huisvestingscontroles, see them per object; the
coördinator plans a control from the hotspot list. The beheerder imports the counts and
sees the import report, not the indicators.
"""
from handhaving.security.rules import Rol

T, C, BH = Rol.TOEZICHTHOUDER, Rol.COORDINATOR, Rol.BEHEERDER
LEZERS = frozenset({T, C})
PLANNERS = frozenset({C})
BEHEER = frozenset({BH})

POLICY = {
    "overbewoning.hotspots": {"GET": LEZERS},
    "overbewoning.controle_plannen": {"POST": PLANNERS},
    "overbewoning.beoordelen": {"POST": LEZERS},
    "overbewoning.brp_import": {"GET": BEHEER, "POST": BEHEER},
    "overbewoning.brp_import_status": {"GET": BEHEER},
    "overbewoning.brp_import_uitvoeren": {"POST": BEHEER},
    "overbewoning.oppervlakte_opgeven": {"POST": BEHEER},
}
