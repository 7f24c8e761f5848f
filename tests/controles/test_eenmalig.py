"""A checklist section or question added by the beheerder is added once, however often its form is
sent. (Planning: tests/controles/test_views.py; the field records are exactly-once by their uuid.)"""
from __future__ import annotations

from sqlalchemy import func, select

from handhaving.auth.models import Rol
from handhaving.controles import sjablonen
from handhaving.controles.models import ChecklistItem, ChecklistSectie
from tests.controles.test_sjablonen import _login, _type, beheerder, geladen  # noqa: F401  (fixtures)
from tests.helpers_eenmalig import tweemaal


def _tel(session, model):
    def tel():
        session.expire_all()
        return session.execute(select(func.count()).select_from(model)).scalar_one()
    return tel


def _concept(session, world):
    ct = _type(session, world["a"])
    concept = sjablonen.maak_concept(session, world["users"][("9901", Rol.BEHEERDER)], ct)
    session.commit()
    return ct, concept


def test_a_checklist_section_sent_twice_is_added_once(client, session, geladen):  # noqa: F811
    _login(client, session, geladen)
    ct, concept = _concept(session, geladen)
    tweemaal(client, f"/controles/beheer/typen/{ct.id}", f"/controles/beheer/sjablonen/{concept.id}/secties",
             {"titel": "Brandveiligheid"}, _tel(session, ChecklistSectie))


def test_a_checklist_question_sent_twice_is_added_once(client, session, geladen):  # noqa: F811
    _login(client, session, geladen)
    ct, concept = _concept(session, geladen)
    sectie = concept.secties[0]
    tweemaal(client, f"/controles/beheer/typen/{ct.id}", f"/controles/beheer/sjablonen/{concept.id}/items",
             {"soort": "tijd", "tekst": "Tijdstip vertrek"}, _tel(session, ChecklistItem),
             kies={"sectie_id": str(sectie.id)})
