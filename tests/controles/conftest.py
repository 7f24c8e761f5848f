"""A gemeente ready for controles: default types and checklists, addresses, a planned controle."""
from __future__ import annotations

import uuid
from datetime import time, timedelta

import pytest

from handhaving.controles import planning, sjablonen
from handhaving.controles.demo import plan_vooraf
from handhaving.controles.models import Controletype
from handhaving.security.rules import Rol
from handhaving.tijd import vandaag
from tests.factories import add_adres


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield


def plan_voor(session, gemeente, coordinator, team, adres, code="prostitutie_vergund", dag=None, **kw):
    ctype = session.query(Controletype).filter_by(gemeente_id=gemeente.id, code=code).one()
    plan = planning.Plan(uuid=str(uuid.uuid4()), controletype_id=ctype.id, adres_ids=[adres.id],
                         datum=dag or vandaag(), van=time(10, 0), tot=time(12, 0),
                         toezichthouder_ids=[u.id for u in team], partners=["politie"],
                         rechtsgronden=list(ctype.rechtsgronden), briefing="Signalen via de politie.", **kw)
    # 10:00 today whatever the hour now: planned "yesterday" (the service refuses a slot earlier today).
    return plan_vooraf(session, coordinator, gemeente.id, plan)


@pytest.fixture
def veld(app, session, world):
    """Both gemeenten with the default types; in Dalveen a controle planned today for its toezichthouder."""
    with app.app_context():
        for g in (world["a"], world["b"]):
            sjablonen.installeer_standaard(session, g.id)
        a1 = add_adres(session, world["a"], "Kanaalstraat", 12, "9901AB")
        a2 = add_adres(session, world["a"], "Havenweg", 3, "9901AC")
        b1 = add_adres(session, world["b"], "Dorpsstraat", 1, "9902AA")
        users = world["users"]
        [c] = plan_voor(session, world["a"], users[("9901", Rol.COORDINATOR)], [users[("9901", Rol.TOEZICHTHOUDER)]], a1)
        [cb] = plan_voor(session, world["b"], users[("9902", Rol.COORDINATOR)], [users[("9902", Rol.TOEZICHTHOUDER)]], b1,
                         dag=vandaag() + timedelta(days=1))
        session.commit()
    return {**world, "controle": c, "controle_b": cb, "adressen": (a1, a2, b1)}
