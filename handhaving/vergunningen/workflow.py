"""The permit lifecycle as data (issue text and domain brief §2).

aangevraagd → in behandeling → verleend / geweigerd; verleend ⇄ geschorst;
verleend → ingetrokken / vervallen; a suspended permit can also be revoked. One service checks
every step: ``services.wijzig_status``.
"""
from handhaving.vergunningen.models import VergunningStatus as S
from handhaving.workflow import Overgang, Workflow

VERGUNNING_WORKFLOW = Workflow("vergunning", [
    Overgang(S.AANGEVRAAGD, S.IN_BEHANDELING, "In behandeling nemen"),
    Overgang(S.IN_BEHANDELING, S.VERLEEND, "Verlenen"),
    Overgang(S.IN_BEHANDELING, S.GEWEIGERD, "Weigeren"),
    Overgang(S.VERLEEND, S.GESCHORST, "Schorsen"),
    Overgang(S.GESCHORST, S.VERLEEND, "Schorsing opheffen"),
    Overgang(S.VERLEEND, S.INGETROKKEN, "Intrekken"),
    Overgang(S.GESCHORST, S.INGETROKKEN, "Intrekken"),
    Overgang(S.VERLEEND, S.VERVALLEN, "Vervallen verklaren"),
])
