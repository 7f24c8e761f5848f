"""The controle lifecycle as data: every allowed step works, every other step is
refused, only the assigned toezichthouders and the coördinator may take a step,
a stale version is refused, and each step leaves an audit row."""
import itertools

import pytest
from flask import Blueprint
from sqlalchemy import select

from handhaving.audit.models import AuditRegel
from handhaving.auth.models import Rol
from handhaving.controles import services
from handhaving.controles.acties import ControleActie
from handhaving.controles.models import ControleSoort, ControleStatus as S
from handhaving.controles.workflow import CONTROLE_WORKFLOW, UITKOMSTEN
from handhaving.errors import Geweigerd, OngeldigeOvergang, VerouderdeVersie
from tests.factories import make_user
from tests.factories.controles import ControleFactory

ALLOWED = {(o.van, o.naar) for o in CONTROLE_WORKFLOW.overgangen}
STEP = {  # the service for each target status
    S.VOORBEREID: lambda s, u, c: services.bereid_voor(s, u, c, c.versie),
    S.GEPLAND: lambda s, u, c: services.terug_naar_planning(s, u, c, c.versie, "datum verschoven"),
    S.UITGEVOERD: lambda s, u, c: (services.rapport_terug(s, u, c, c.versie, "aanvullen")
                                   if c.status == S.RAPPORT_CONCEPT else services.leg_uitvoering_vast(s, u, c, c.versie)),
    S.RAPPORT_CONCEPT: lambda s, u, c: services.stel_rapport_op(s, u, c, c.versie),
    S.RAPPORT_VASTGESTELD: lambda s, u, c: services.stel_rapport_vast(s, u, c, c.versie),
    **{u: (lambda uitkomst: lambda s, usr, c: services.rond_af(s, usr, c, c.versie, uitkomst))(u) for u in UITKOMSTEN},
}


@pytest.fixture
def app_ctx(app, db):
    """Service calls outside a request write their security events at once (through the app's db)."""
    with app.app_context():
        yield


def _controle(session, world, status=S.GEPLAND, team=()):
    c = ControleFactory.build(gemeente=world["a"], soort=ControleSoort.PROSTITUTIE_VERGUND, status=status)
    c.toezichthouders.extend(team)
    session.add(c)
    session.flush()
    return c


def test_the_table_follows_the_domain_brief():
    assert CONTROLE_WORKFLOW.eindstatussen(S) == set(UITKOMSTEN)
    path = [S.GEPLAND, S.VOORBEREID, S.UITGEVOERD, S.RAPPORT_CONCEPT, S.RAPPORT_VASTGESTELD]
    assert all((a, b) in ALLOWED for a, b in zip(path, path[1:]))
    assert all((S.RAPPORT_VASTGESTELD, u) in ALLOWED for u in UITKOMSTEN)


@pytest.mark.parametrize("van,naar", sorted(ALLOWED, key=lambda p: (p[0].value, p[1].value)),
                         ids=lambda s: s.value)
def test_every_allowed_step(app_ctx, session, world, van, naar):
    coordinator = world["users"][("9901", Rol.COORDINATOR)]
    c = _controle(session, world, van)
    STEP[naar](session, coordinator, c)
    assert c.status == naar
    row = session.execute(select(AuditRegel).where(AuditRegel.actie == ControleActie.STATUS_GEWIJZIGD,
                                                   AuditRegel.object_id == str(c.id))).scalar_one()
    assert f'"van": "{van.value}"' in row.details and row.gemeente_id == world["a"].id


ILLEGAL = [(van, naar) for van, naar in itertools.product(S, S) if (van, naar) not in ALLOWED]


@pytest.mark.parametrize("van,naar", ILLEGAL, ids=lambda s: s.value)
def test_every_illegal_step_is_refused_and_changes_nothing(app_ctx, session, world, van, naar):
    coordinator = world["users"][("9901", Rol.COORDINATOR)]
    c = _controle(session, world, van)
    with pytest.raises(OngeldigeOvergang) as exc:
        if naar in STEP:
            STEP[naar](session, coordinator, c)
        else:
            services._overgang(session, coordinator, c, naar, c.versie)
    assert c.status == van
    assert exc.value.status == 409 and "kan een controle niet naar" in exc.value.message or \
        "geen uitkomst" in exc.value.message


def test_only_assigned_toezichthouders_may_take_a_step(app_ctx, session, world):
    assigned = world["users"][("9901", Rol.TOEZICHTHOUDER)]
    other = make_user(session, "collega.9901", [(world["a"], Rol.TOEZICHTHOUDER)])
    c = _controle(session, world, S.GEPLAND, team=[assigned])
    with pytest.raises(Geweigerd):
        services.bereid_voor(session, other, c, c.versie)
    # Another gemeente's coördinator neither.
    with pytest.raises(Geweigerd):
        services.bereid_voor(session, world["users"][("9902", Rol.COORDINATOR)], c, c.versie)
    assert c.status == S.GEPLAND
    services.bereid_voor(session, assigned, c, c.versie)
    assert c.status == S.VOORBEREID


def test_a_stale_version_is_refused(app_ctx, session, world):
    coordinator = world["users"][("9901", Rol.COORDINATOR)]
    c = _controle(session, world)
    seen = c.versie
    services.bereid_voor(session, coordinator, c, seen)
    with pytest.raises(VerouderdeVersie):
        services.terug_naar_planning(session, coordinator, c, seen, "oude pagina")
    assert c.status == S.VOORBEREID


def _app_with_route(app, exc):
    """The real error mapping of the request boundary, on a throw-away route."""
    from handhaving import create_app
    from handhaving.security.rules import AUTHENTICATED

    test_app = create_app({"DATABASE_URL": app.config["DATABASE_URL"], "TESTING": True,
                           "SECRET_KEY": app.config["SECRET_KEY"]})
    test_app.extensions["handhaving_db"] = app.extensions["handhaving_db"]
    bp = Blueprint("proef", __name__)

    @bp.post("/proef")
    def proef():
        raise exc

    test_app.register_blueprint(bp)
    test_app.extensions["handhaving_policy"]["proef.proef"] = {"POST": AUTHENTICATED}
    return test_app


@pytest.mark.parametrize("exc,status", [
    (Geweigerd("Alleen de toegewezen toezichthouders."), 403),
    (OngeldigeOvergang("Van ‘Gepland’ kan een controle niet naar ‘Uitgevoerd’."), 409),
    (VerouderdeVersie("Iemand anders heeft deze controle intussen gewijzigd."), 409),
])
def test_domain_errors_become_403_409_with_a_dutch_page_or_json(app, db, session, world, exc, status):
    from tests.helpers import csrf_for, login

    test_app = _app_with_route(app, exc)
    client = test_app.test_client()
    login(client, session, world["users"][("9901", Rol.COORDINATOR)])
    token = csrf_for(client)
    page = client.post("/proef", data={"csrf_token": token}, headers={"Accept": "text/html"})
    assert page.status_code == status and exc.message in page.get_data(as_text=True)
    api = client.post("/proef", json={}, headers={"Accept": "application/json", "X-CSRFToken": token})
    assert api.status_code == status
    assert api.get_json() == {"fout": exc.code, "melding": exc.message, "problemen": [exc.message]}
