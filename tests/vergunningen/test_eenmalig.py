"""A permit, voorschrift, betrokkene or register import is recorded once, however often its form
is sent (double click, back button, a retry while the first was still busy)."""
from __future__ import annotations

import io

from sqlalchemy import func, select

from handhaving.jobs.models import Achtergrondtaak
from handhaving.security.rules import Rol
from handhaving.vergunningen.models import Vergunning, VergunningBetrokkene, Voorschrift
from tests.helpers_eenmalig import tweemaal
from tests.vergunningen.test_import import csv_bytes, goede_rijen, queue  # noqa: F401  (fixture)
from tests.vergunningen.test_views import _als, _formulier, register  # noqa: F401  (fixture)


def _tel(session, model):
    def tel():
        session.expire_all()
        return session.execute(select(func.count()).select_from(model)).scalar_one()
    return tel


def _zonder_token(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "csrf_token"}


def test_a_new_permit_sent_twice_is_registered_once(client, session, register):  # noqa: F811
    _als(client, session, register, Rol.VERGUNNINGVERLENER)
    tweemaal(client, "/vergunningen/nieuw", "", _zonder_token(_formulier("")), _tel(session, Vergunning),
             action_post="/vergunningen/nieuw")


def test_a_voorschrift_sent_twice_is_added_once(client, session, register):  # noqa: F811
    _als(client, session, register, Rol.VERGUNNINGVERLENER)
    v = register["v"]
    tweemaal(client, f"/vergunningen/{v.id}", f"/vergunningen/{v.id}/voorschriften",
             {"tekst": "De ramen zijn niet geblindeerd.", "categorie": "overig"}, _tel(session, Voorschrift))


def test_a_betrokkene_sent_twice_is_added_once(client, session, register):  # noqa: F811
    _als(client, session, register, Rol.VERGUNNINGVERLENER)
    v = register["v"]
    tweemaal(client, f"/vergunningen/{v.id}", f"/vergunningen/{v.id}/betrokkenen",
             {"rol": "beheerder", "voornamen": "Piet", "geslachtsnaam": "Smit", "geboortedatum": "1980-01-02"},
             _tel(session, VergunningBetrokkene))


def test_a_register_import_sent_twice_is_queued_once(client, session, register, queue):  # noqa: F811
    _als(client, session, register, Rol.VERGUNNINGVERLENER)
    tweemaal(client, "/vergunningen/importeren", "", {}, _tel(session, Achtergrondtaak),
             files=lambda: {"bestand": (io.BytesIO(csv_bytes(goede_rijen())), "register.csv")},
             action_post="/vergunningen/importeren")
