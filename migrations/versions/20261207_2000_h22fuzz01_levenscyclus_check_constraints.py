"""levenscyclus check constraints: a controle or Bibob file past a step has that step's time

Revision ID: h22fuzz01
Revises: ebaef4269f94
Create Date: 2026-12-07 20:00:00

A controle whose status lies past *uitgevoerd* must have ``uitgevoerd_op``, past
*rapport_vastgesteld* ``vastgesteld_op``, and with an outcome ``afgerond_op`` (the
suggestions page and the rapport read these times). Rows that break this (written
before the services set the times) get the best time known: the last change, else
the creation, so the constraint can be added; nothing else changes. A Bibob file at
or past *besluit* must have ``besluit_op``, an archived one ``gearchiveerd_op``
(backfilled the same way, as a date).
"""
from alembic import op
import sqlalchemy as sa

revision = 'h22fuzz01'
down_revision = 'h22cbsbrp01'
branch_labels = None
depends_on = None

AFGEROND = ("afgesloten_geen_overtreding", "doorgezet_handhaving", "doorgezet_signaal_riec", "doorgezet_partner",
            "hercontrole_gepland")
NA_VASTSTELLING = ("rapport_vastgesteld", *AFGEROND)
NA_UITVOERING = ("uitgevoerd", "rapport_concept", *NA_VASTSTELLING)
REGELS = (("uitgevoerd_op", NA_UITVOERING), ("vastgesteld_op", NA_VASTSTELLING), ("afgerond_op", AFGEROND))
BIBOB = (("besluit_op", ("besluit", "gearchiveerd")), ("gearchiveerd_op", ("gearchiveerd",)))


def _in(waarden) -> str:
    return ", ".join(f"'{w}'" for w in waarden)


def upgrade():
    for kolom, statussen in REGELS:
        op.execute(f"UPDATE controle SET {kolom} = COALESCE(gewijzigd_op, aangemaakt_op) "
                   f"WHERE {kolom} IS NULL AND status IN ({_in(statussen)})")
    with op.batch_alter_table('controle', schema=None) as batch_op:
        for kolom, statussen in REGELS:
            batch_op.create_check_constraint(kolom, sa.text(f"status NOT IN ({_in(statussen)}) OR {kolom} IS NOT NULL"))
    # A date from a timestamp: date() on SQLite (CAST would give a number there), CAST on PostgreSQL.
    dag = "date({})" if op.get_bind().dialect.name == "sqlite" else "CAST({} AS DATE)"
    for kolom, statussen in BIBOB:
        op.execute(f"UPDATE bibob_onderzoek SET {kolom} = {dag.format('COALESCE(gewijzigd_op, aangemaakt_op)')} "
                   f"WHERE {kolom} IS NULL AND status IN ({_in(statussen)})")
    with op.batch_alter_table('bibob_onderzoek', schema=None) as batch_op:
        for kolom, statussen in BIBOB:
            batch_op.create_check_constraint(kolom, sa.text(f"status NOT IN ({_in(statussen)}) OR {kolom} IS NOT NULL"))


def downgrade():
    with op.batch_alter_table('bibob_onderzoek', schema=None) as batch_op:
        for kolom, _ in reversed(BIBOB):
            batch_op.drop_constraint(op.f(f'ck_bibob_onderzoek_{kolom}'), type_='check')
    with op.batch_alter_table('controle', schema=None) as batch_op:
        for kolom, _ in reversed(REGELS):
            batch_op.drop_constraint(op.f(f'ck_controle_{kolom}'), type_='check')
