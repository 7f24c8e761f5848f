"""The control lifecycle (domain brief §2) as data.

gepland → voorbereid → uitgevoerd → rapport_concept → rapport_vastgesteld → the outcome.
A vastgesteld rapport is locked; a correction is a new version.

The outcome is a set (``ControleUitkomst`` rows, chosen in ``afronding.kies_uitkomsten``): one
visit can lead to enforcement, a RIEC signal and a referral together. The status takes the one
that reaches furthest (``VOORRANG``), so lists, filters and the map keep working on one status.
"""
from handhaving.controles.models import ControleStatus as S
from handhaving.workflow import Overgang, Workflow

UITKOMSTEN = (S.AFGESLOTEN_GEEN_OVERTREDING, S.DOORGEZET_HANDHAVING, S.DOORGEZET_SIGNAAL_RIEC,
              S.DOORGEZET_PARTNER, S.HERCONTROLE_GEPLAND)
# Which outcome the status shows when several are chosen, furthest-reaching first: the gemeente's
# own enforcement (a sanction, with legal deadlines the gemeente must keep), a referral to a
# partner (police or Arbeidsinspectie take a criminal or Wav track), a RIEC signal (to be weighed),
# only a follow-up visit; 'geen overtreding' excludes the others.
VOORRANG = (S.DOORGEZET_HANDHAVING, S.DOORGEZET_PARTNER, S.DOORGEZET_SIGNAAL_RIEC, S.HERCONTROLE_GEPLAND,
            S.AFGESLOTEN_GEEN_OVERTREDING)


def status_voor(uitkomsten) -> S:
    """The status of a controle with these outcomes (at least one)."""
    return min(uitkomsten, key=VOORRANG.index)


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
