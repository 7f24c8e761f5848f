"""The lifecycle tables of permits and Bibob investigations: what is allowed and
what is refused, as data (their step services come with their registers)."""
import itertools

import pytest

from handhaving.bibob.models import BibobStatus
from handhaving.bibob.workflow import BIBOB_WORKFLOW
from handhaving.errors import OngeldigeOvergang
from handhaving.vergunningen.models import VergunningStatus
from handhaving.vergunningen.workflow import VERGUNNING_WORKFLOW

CASES = [(VERGUNNING_WORKFLOW, VergunningStatus), (BIBOB_WORKFLOW, BibobStatus)]


@pytest.mark.parametrize("workflow,statussen", CASES, ids=["vergunning", "bibob"])
def test_every_pair_outside_the_table_is_refused(workflow, statussen):
    allowed = {(o.van, o.naar) for o in workflow.overgangen}
    for van, naar in itertools.product(statussen, statussen):
        if (van, naar) in allowed:
            assert workflow.controleer(van, naar).handeling
        else:
            with pytest.raises(OngeldigeOvergang, match="kan een"):
                workflow.controleer(van, naar)


def test_the_tables_follow_the_lifecycles():
    S = VergunningStatus
    assert VERGUNNING_WORKFLOW.eindstatussen(S) == {S.GEWEIGERD, S.INGETROKKEN, S.VERVALLEN}
    assert {o.naar for o in VERGUNNING_WORKFLOW.mogelijk(S.GESCHORST)} == {S.VERLEEND, S.INGETROKKEN}
    B = BibobStatus
    assert BIBOB_WORKFLOW.eindstatussen(B) == {B.GEARCHIVEERD}
    # Every status can be reached from the aanleiding.
    reached, frontier = {B.AANLEIDING}, [B.AANLEIDING]
    while frontier:
        for o in BIBOB_WORKFLOW.mogelijk(frontier.pop()):
            if o.naar not in reached:
                reached.add(o.naar)
                frontier.append(o.naar)
    assert reached == set(B)
