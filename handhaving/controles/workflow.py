"""The control lifecycle (domain brief §2) as data.

gepland → voorbereid → uitgevoerd → rapport_concept → rapport_vastgesteld → one outcome.
A vastgesteld rapport is locked; a correction is a new version (next issue).
"""
from handhaving.controles.models import ControleStatus as S
from handhaving.workflow import Overgang, Workflow

UITKOMSTEN = (S.AFGESLOTEN_GEEN_OVERTREDING, S.DOORGEZET_HANDHAVING, S.DOORGEZET_SIGNAAL_RIEC,
              S.DOORGEZET_PARTNER, S.HERCONTROLE_GEPLAND)
# While these hold, the field work can still be recorded and corrected.
BEWERKBAAR = (S.GEPLAND, S.VOORBEREID, S.UITGEVOERD)

CONTROLE_WORKFLOW = Workflow("controle", [
    Overgang(S.GEPLAND, S.VOORBEREID, "Voorbereiding afronden"),
    Overgang(S.VOORBEREID, S.GEPLAND, "Terug naar planning"),
    Overgang(S.VOORBEREID, S.UITGEVOERD, "Uitvoering vastleggen"),
    Overgang(S.UITGEVOERD, S.RAPPORT_CONCEPT, "Rapport opstellen"),
    Overgang(S.RAPPORT_CONCEPT, S.UITGEVOERD, "Rapport terug naar uitvoering"),
    Overgang(S.RAPPORT_CONCEPT, S.RAPPORT_VASTGESTELD, "Rapport vaststellen"),
    *[Overgang(S.RAPPORT_VASTGESTELD, uitkomst, f"Afronden: {uitkomst.label.lower()}") for uitkomst in UITKOMSTEN],
])
