"""Room for offline sync: a client UUID is unique and a stale edit is refused."""
import uuid

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from handhaving.controles.models import Controle, ControleSoort, ControleStatus
from tests.factories import make_gemeente


def _controle(session, gemeente, key=None):
    c = Controle(uuid=key or str(uuid.uuid4()), gemeente_id=gemeente.id, soort=ControleSoort.INTEGRAAL,
                 status=ControleStatus.GEPLAND)
    session.add(c)
    session.flush()
    return c


def test_client_uuid_is_an_idempotency_key(session):
    g = make_gemeente(session, "9901", "Dalveen")
    key = str(uuid.uuid4())
    _controle(session, g, key)
    with pytest.raises(IntegrityError):
        with session.begin_nested():
            _controle(session, g, key)


def test_stale_edit_is_refused(db, session):
    g = make_gemeente(session, "9901", "Dalveen")
    c = _controle(session, g)
    session.commit()
    assert c.versie == 1
    other = db.new_session()
    theirs = other.get(Controle, c.id)
    theirs.status = ControleStatus.VOORBEREID
    other.commit()
    c.status = ControleStatus.UITGEVOERD
    with pytest.raises(StaleDataError):
        session.flush()
    session.rollback()
    other.close()
