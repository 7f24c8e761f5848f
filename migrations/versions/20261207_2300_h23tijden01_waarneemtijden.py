"""waarneemtijden: when a finding was observed, when it arrived, the clock difference, corrections

Revision ID: h23tijden01
Revises: h23uitkomst01
Create Date: 2026-12-07 23:00:00

A finding keeps ``waargenomen_op`` (the moment of observation), ``ontvangen_op`` (server
receipt), ``klokverschil_s`` (server minus device at its sync) and ``tijdbron``. Existing
rows were stamped on arrival: ontvangen_op = waargenomen_op, bron server. Corrections go
to the append-only ``bevinding_tijdcorrectie``. A controle keeps when its start reached the
server (``gestart_ontvangen_op``; existing rows: their start). Its times keep their order
(gestart ≤ uitgevoerd ≤ vastgesteld); a row that broke it (none of the services writes
one) gets the later time raised to the earlier, so the constraints can be added.
"""
from alembic import op
import sqlalchemy as sa

revision = 'h23tijden01'
down_revision = 'h23uitkomst01'
branch_labels = None
depends_on = None

BRONNEN = ('apparaat', 'server', 'opgegeven', 'correctie')


def _bron(naam='tijdbron'):
    return sa.Enum(*BRONNEN, name=naam, native_enum=False, create_constraint=True, length=40)


def _herbouw(tabel, stappen):
    # SQLite rebuilds the table (batch mode; env.py turns foreign keys off meanwhile).
    with op.batch_alter_table(tabel, schema=None) as batch_op:
        stappen(batch_op)


def upgrade():
    op.create_table('bevinding_tijdcorrectie',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bevinding_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('oud', sa.DateTime(), nullable=False),
    sa.Column('oude_bron', _bron(), nullable=False),
    sa.Column('nieuw', sa.DateTime(), nullable=False),
    sa.Column('reden', sa.Text(), nullable=False),
    sa.Column('door_id', sa.Integer(), nullable=False),
    sa.Column('op', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['bevinding_id'], ['bevinding.id'], name=op.f('fk_bevinding_tijdcorrectie_bevinding_id_bevinding')),
    sa.ForeignKeyConstraint(['door_id'], ['gebruiker.id'], name=op.f('fk_bevinding_tijdcorrectie_door_id_gebruiker')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_bevinding_tijdcorrectie_gemeente_id_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bevinding_tijdcorrectie'))
    )
    with op.batch_alter_table('bevinding_tijdcorrectie', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bevinding_tijdcorrectie_bevinding_id'), ['bevinding_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bevinding_tijdcorrectie_gemeente_id'), ['gemeente_id'], unique=False)

    with op.batch_alter_table('bevinding', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ontvangen_op', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('klokverschil_s', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('tijdbron', _bron(), nullable=False, server_default='server'))
    # Until now every finding was stamped when it reached the server.
    op.execute("UPDATE bevinding SET ontvangen_op = waargenomen_op")
    def bevinding(batch_op):
        batch_op.alter_column('ontvangen_op', existing_type=sa.DateTime(), nullable=False)
        batch_op.alter_column('tijdbron', existing_type=_bron(), server_default=None)
        batch_op.create_check_constraint('waargenomen_voor_ontvangst',
                                         sa.text("tijdbron = 'apparaat' OR waargenomen_op <= ontvangen_op"))
        batch_op.create_check_constraint('apparaat_met_klokverschil',
                                         sa.text("tijdbron != 'apparaat' OR klokverschil_s IS NOT NULL"))
    _herbouw('bevinding', bevinding)

    op.execute("UPDATE controle SET uitgevoerd_op = gestart_op WHERE uitgevoerd_op < gestart_op")
    op.execute("UPDATE controle SET vastgesteld_op = uitgevoerd_op WHERE vastgesteld_op < uitgevoerd_op")

    def controle(batch_op):
        batch_op.add_column(sa.Column('gestart_ontvangen_op', sa.DateTime(), nullable=True))
        batch_op.create_check_constraint(
            'gestart_voor_uitgevoerd',
            sa.text("gestart_op IS NULL OR uitgevoerd_op IS NULL OR gestart_op <= uitgevoerd_op"))
        batch_op.create_check_constraint(
            'uitgevoerd_voor_vastgesteld',
            sa.text("uitgevoerd_op IS NULL OR vastgesteld_op IS NULL OR uitgevoerd_op <= vastgesteld_op"))
    _herbouw('controle', controle)
    op.execute("UPDATE controle SET gestart_ontvangen_op = gestart_op")


def downgrade():
    def controle(batch_op):
        batch_op.drop_constraint(op.f('ck_controle_uitgevoerd_voor_vastgesteld'), type_='check')
        batch_op.drop_constraint(op.f('ck_controle_gestart_voor_uitgevoerd'), type_='check')
        batch_op.drop_column('gestart_ontvangen_op')
    _herbouw('controle', controle)

    def bevinding(batch_op):
        batch_op.drop_constraint(op.f('ck_bevinding_apparaat_met_klokverschil'), type_='check')
        batch_op.drop_constraint(op.f('ck_bevinding_waargenomen_voor_ontvangst'), type_='check')
        batch_op.drop_constraint(op.f('ck_bevinding_tijdbron'), type_='check')
        batch_op.drop_column('tijdbron')
        batch_op.drop_column('klokverschil_s')
        batch_op.drop_column('ontvangen_op')
    _herbouw('bevinding', bevinding)
    with op.batch_alter_table('bevinding_tijdcorrectie', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bevinding_tijdcorrectie_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_bevinding_tijdcorrectie_bevinding_id'))
    op.drop_table('bevinding_tijdcorrectie')
