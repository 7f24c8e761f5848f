"""The factory base: every factory writes into the current test's session and flushes.

The ``session`` fixture (tests/conftest.py) binds it; factories never commit, so
the test's outer transaction rolls everything back.
"""
from __future__ import annotations

import factory

_session = None


def bind(session) -> None:
    global _session
    _session = session


def current_session():
    if _session is None:
        raise RuntimeError("Geen testsessie: gebruik de fixture 'session'.")
    return _session


class Factory(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = current_session
        sqlalchemy_session_persistence = "flush"
