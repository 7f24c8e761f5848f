"""A new person, company or relation is created once, however often its form is sent."""
from __future__ import annotations

from sqlalchemy import func, select

from handhaving.subjecten.models import Subject, SubjectRelatie
from tests.factories.vergunningen import persoon
from tests.helpers_eenmalig import tweemaal
from tests.subjecten.test_views import V, _client, register  # noqa: F401  (fixture)


def _tel(session, model):
    def tel():
        session.expire_all()
        return session.execute(select(func.count(model.id))).scalar_one()
    return tel


def test_a_new_person_sent_twice_is_created_once(make_client, session, register):  # noqa: F811
    client = _client(make_client, session, register["users"][("9901", V)])
    tweemaal(client, "/subjecten/nieuw?soort=persoon", "/subjecten/nieuw?soort=persoon",
             {"voornamen": "Anna", "geslachtsnaam": "Berg"}, _tel(session, Subject))


def test_a_new_company_sent_twice_is_created_once(make_client, session, register):  # noqa: F811
    client = _client(make_client, session, register["users"][("9901", V)])
    tweemaal(client, "/subjecten/nieuw?soort=rechtspersoon", "/subjecten/nieuw?soort=rechtspersoon",
             {"naam": "Zuid Exploitatie B.V.", "kvk_nummer": "07654321"}, _tel(session, Subject))


def test_a_relation_sent_twice_is_created_once(make_client, session, register):  # noqa: F811
    client = _client(make_client, session, register["users"][("9901", V)])
    bv = register["bv"]
    # The relation form shows the people a search found: one more person to pick.
    p = persoon(session, register["a"], geslachtsnaam="Smit", voornamen="Piet")
    session.commit()
    pagina = f"/subjecten/{bv.id}?relatie_q=Smit"
    tweemaal(client, pagina, f"/subjecten/{bv.id}/relaties", {"ander_id": str(p.id), "soort": "financier"},
             _tel(session, SubjectRelatie))
