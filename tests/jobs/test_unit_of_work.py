"""``unit_of_work()``: commit on success, rollback on any exit by exception, always closed."""
import pytest
from sqlalchemy import select

from handhaving.auth.models import Gemeente
from handhaving.db import unit_of_work


def _regio(session, gemeente_id):
    session.expire_all()
    return session.execute(select(Gemeente.regio).where(Gemeente.id == gemeente_id)).scalar_one()


def test_commits_on_success(app, world, session):
    with app.app_context(), unit_of_work() as s:
        s.get(Gemeente, world["a"].id).regio = "Noord"
    assert _regio(session, world["a"].id) == "Noord"


@pytest.mark.parametrize("exc", [RuntimeError("stuk"), SystemExit(1)], ids=["exception", "sys.exit"])
def test_rolls_back_on_exception(app, world, session, exc):
    with app.app_context(), pytest.raises(type(exc)), unit_of_work() as s:
        s.get(Gemeente, world["a"].id).regio = "Noord"
        s.flush()
        raise exc
    assert _regio(session, world["a"].id) == "Testregio"


def test_read_only_refuses_writes(app, world, session):
    with app.app_context():
        with unit_of_work(write=False) as s:
            assert s.get(Gemeente, world["a"].id).naam == "Dalveen"
        with pytest.raises(RuntimeError, match="read-only"), unit_of_work(write=False) as s:
            s.get(Gemeente, world["a"].id).regio = "Noord"
            s.flush()
    assert _regio(session, world["a"].id) == "Testregio"
