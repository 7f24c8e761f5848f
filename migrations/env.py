"""Alembic environment: the same migrations on SQLite+SpatiaLite and PostgreSQL+PostGIS."""
from alembic import context
from geoalchemy2 import alembic_helpers

from handhaving import models  # noqa: F401  (fills Base.metadata)
from handhaving.config import load_config
from handhaving.db import Base, is_sqlite, make_engine

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    return (config.attributes.get("database_url") or context.get_x_argument(as_dictionary=True).get("url")
            or load_config()["DATABASE_URL"])


def include_object(obj, name, type_, reflected, compare_to):
    # SpatiaLite's own tables (spatial_ref_sys, SpatialIndex, KNN, idx_* …) and
    # PostGIS' are not ours: ignore reflected tables the models do not know.
    if type_ == "table" and reflected and compare_to is None:
        return False
    return alembic_helpers.include_object(obj, name, type_, reflected, compare_to)


def run_migrations_online() -> None:
    url = _url()
    connectable = config.attributes.get("connection")
    if connectable is not None:
        _run(connectable, url)
        return
    engine = make_engine(url)
    with engine.connect() as connection:
        _run(connection, url)
    engine.dispose()


def _run(connection, url):
    if not is_sqlite(url):
        _migreer(connection, url)
        return
    # SQLite changes a table by rebuilding it (batch mode). With foreign keys on, dropping the old
    # table deletes its rows first: ON DELETE CASCADE empties the children and the deferred-violation
    # count never returns to zero. So off while migrating (outside a transaction: it is a no-op
    # inside one), and the result checked afterwards.
    sqlite = connection.connection.driver_connection
    sqlite.execute("PRAGMA foreign_keys=OFF")
    try:
        _migreer(connection, url)
        fouten = sqlite.execute("PRAGMA foreign_key_check").fetchall()
        if fouten:
            raise RuntimeError(f"Na de migratie verwijzen rijen naar niets: {fouten[:10]}")
    finally:
        sqlite.execute("PRAGMA foreign_keys=ON")


def _migreer(connection, url):
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        process_revision_directives=alembic_helpers.writer,
        render_item=alembic_helpers.render_item,
        render_as_batch=is_sqlite(url),
        compare_type=True,
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
