"""The schema comes only from Alembic, and the models match it (no drift)."""
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from handhaving.cli import alembic_config
from handhaving.db import Base


def test_no_drift_between_models_and_migrations(migrated):
    # Raises when autogenerate would produce operations.
    command.check(alembic_config(migrated))


def test_every_model_table_exists(app, migrated):
    engine = app.extensions["handhaving_db"].engine
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_revisions_are_date_prefixed(migrated):
    script = ScriptDirectory.from_config(alembic_config(migrated))
    for rev in script.walk_revisions():
        name = rev.path.rsplit("/", 1)[-1]
        assert name[:8].isdigit() and name[8] == "_", name
