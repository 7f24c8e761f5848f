"""A new account, a role, a role request or a Bibob mandate is recorded once, however often its
form is sent (double click, back button, a retry while the first was still busy)."""
from __future__ import annotations

from sqlalchemy import func, select

from handhaving.auth.models import Gebruiker, Rol, Roltoewijzing
from handhaving.beheer.models import Rolaanvraag
from handhaving.bibob.models import BibobMandaat
from tests.helpers import login
from tests.helpers_eenmalig import tweemaal


def _tel(session, model):
    def tel():
        session.expire_all()
        return session.execute(select(func.count()).select_from(model)).scalar_one()
    return tel


def _beheerder(client, session, world):
    login(client, session, world["users"][("9901", Rol.BEHEERDER)])


def test_a_new_account_sent_twice_is_created_once_and_the_password_shown_once(client, session, world):
    _beheerder(client, session, world)
    eerste, tweede = tweemaal(client, "/beheer/gebruikers/nieuw", "/beheer/gebruikers/nieuw", {
        "gebruikersnaam": "eva.smit", "naam": "Eva Smit", "email": "eva.smit@dalveen.example",
        "gemeente": str(world["a"].id), "rol": "toezichthouder"}, _tel(session, Gebruiker))
    assert eerste.status_code == 201 and "hh-secret" in eerste.get_data(as_text=True)
    assert "hh-secret" not in tweede.get_data(as_text=True)


def test_a_role_sent_twice_is_granted_once(client, session, world):
    doel = world["users"][("9901", Rol.COORDINATOR)]
    _beheerder(client, session, world)
    tweemaal(client, f"/beheer/gebruikers/{doel.id}", f"/beheer/gebruikers/{doel.id}/rollen",
             {"gemeente": str(world["a"].id), "rol": "toezichthouder"}, _tel(session, Roltoewijzing))


def test_a_role_request_sent_twice_is_requested_once(client, session, world):
    doel = world["users"][("9901", Rol.TOEZICHTHOUDER)]
    _beheerder(client, session, world)
    tweemaal(client, f"/beheer/gebruikers/{doel.id}", f"/beheer/gebruikers/{doel.id}/rollen",
             {"gemeente": str(world["a"].id), "rol": "beheerder", "reden": "Vervanging tijdens verlof"},
             _tel(session, Rolaanvraag))


def test_a_bibob_mandate_sent_twice_is_recorded_once(client, session, world):
    vv = world["users"][("9901", Rol.VERGUNNINGVERLENER)]
    _beheerder(client, session, world)
    tweemaal(client, f"/beheer/gebruikers/{vv.id}", f"/beheer/gebruikers/{vv.id}/bibob-mandaat",
             {"gemeente": str(world["a"].id), "besluit": "Mandaatbesluit 2026-14"}, _tel(session, BibobMandaat))
