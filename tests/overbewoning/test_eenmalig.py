"""An overbewoning beoordeling, a huisvestingscontrole planned from the address and a BRP import
are recorded once, however often their form is sent."""
from __future__ import annotations

import io
from datetime import timedelta

from sqlalchemy import func, select

from handhaving.auth.models import Rol
from handhaving.controles.models import Controle
from handhaving.jobs.models import Achtergrondtaak
from handhaving.overbewoning.models import Indicatorbeoordeling
from handhaving.tijd import vandaag
from tests.factories.overbewoning import brp_csv
from tests.helpers_eenmalig import tweemaal
from tests.overbewoning.test_views import _client, _controle, _coord, queue, tellingen  # noqa: F401  (fixtures)


def _tel(session, model):
    def tel():
        session.expire_all()
        return session.execute(select(func.count()).select_from(model)).scalar_one()
    return tel


def test_an_overbewoning_beoordeling_sent_twice_is_recorded_once(app, make_client, session, tellingen):  # noqa: F811
    with app.app_context():
        controle = _controle(session, tellingen, tellingen["a1"])
        session.commit()
    c = _client(make_client, session, tellingen["users"][("9901", Rol.TOEZICHTHOUDER)])
    adres = tellingen["a1"].id
    tweemaal(c, f"/locaties/adres/{adres}", f"/overbewoning/adres/{adres}/beoordelen",
             {"uitkomst": "bevestigd", "controle_id": str(controle.id), "toelichting": "Acht bedden op twee kamers."},
             _tel(session, Indicatorbeoordeling))


def test_a_huisvestingscontrole_planned_twice_from_the_address_is_planned_once(make_client, session,
                                                                               tellingen):  # noqa: F811
    c = _client(make_client, session, _coord(tellingen))
    th = tellingen["users"][("9901", Rol.TOEZICHTHOUDER)]
    adres = tellingen["a1"].id
    tweemaal(c, f"/locaties/adres/{adres}", f"/overbewoning/adres/{adres}/plannen",
             # Tomorrow: the form plans 09:00, refused later today as a slot in the past.
             {"datum": (vandaag() + timedelta(days=1)).isoformat(), "toezichthouder": str(th.id)},
             _tel(session, Controle))


def test_a_brp_import_sent_twice_is_queued_once(make_client, session, queue, tellingen):  # noqa: F811
    c = _client(make_client, session, tellingen["users"][("9901", Rol.BEHEERDER)])
    raw = brp_csv(f"{tellingen['a1'].nummeraanduiding_id};2026-11-30;6;6;3;3;2")
    tweemaal(c, "/overbewoning/brp-import", "/overbewoning/brp-import", {}, _tel(session, Achtergrondtaak),
             files=lambda: {"bestand": (io.BytesIO(raw), "brp.csv")})
