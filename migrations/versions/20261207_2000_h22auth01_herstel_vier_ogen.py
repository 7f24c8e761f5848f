"""herstel met vier ogen: herstelaanvraag, herstel sinds inlog, rolaanvraag deel a

A password or second-factor reset of an account with confidential access waits in
``herstelaanvraag`` for a second beheerder; ``gebruiker.herstel_sinds_inlog`` remembers
the resets until the first login after them, which is audited; ``rolaanvraag.deel_a``
holds part 1 of a new account's first password until its role is approved.

Revision ID: h22auth01
Revises: ebaef4269f94
Create Date: 2026-12-07 20:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'h22auth01'
down_revision = 'h22uploads01'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('herstelaanvraag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gebruiker_id', sa.Integer(), nullable=False),
    sa.Column('soort', sa.Enum('wachtwoord', 'tweede_factor', name='herstelsoort', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('status', sa.Enum('open', 'goedgekeurd', 'afgewezen', 'ingetrokken', name='herstelstatus', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('reden', sa.String(length=500), nullable=False),
    sa.Column('aangevraagd_door_id', sa.Integer(), nullable=True),
    sa.Column('aangevraagd_op', sa.DateTime(), nullable=False),
    sa.Column('verloopt_op', sa.DateTime(), nullable=False),
    sa.Column('beoordeeld_door_id', sa.Integer(), nullable=True),
    sa.Column('beoordeeld_op', sa.DateTime(), nullable=True),
    sa.Column('beoordeling', sa.String(length=500), nullable=True),
    sa.Column('deel_a', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['aangevraagd_door_id'], ['gebruiker.id'], name=op.f('fk_herstelaanvraag_aangevraagd_door_id_gebruiker'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['beoordeeld_door_id'], ['gebruiker.id'], name=op.f('fk_herstelaanvraag_beoordeeld_door_id_gebruiker'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['gebruiker_id'], ['gebruiker.id'], name=op.f('fk_herstelaanvraag_gebruiker_id_gebruiker'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_herstelaanvraag'))
    )
    with op.batch_alter_table('herstelaanvraag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_herstelaanvraag_gebruiker_id'), ['gebruiker_id'], unique=False)

    with op.batch_alter_table('gebruiker', schema=None) as batch_op:
        batch_op.add_column(sa.Column('herstel_sinds_inlog', sa.String(length=1000), nullable=True))

    with op.batch_alter_table('rolaanvraag', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deel_a', sa.String(length=100), nullable=True))


def downgrade():
    with op.batch_alter_table('rolaanvraag', schema=None) as batch_op:
        batch_op.drop_column('deel_a')

    with op.batch_alter_table('gebruiker', schema=None) as batch_op:
        batch_op.drop_column('herstel_sinds_inlog')

    with op.batch_alter_table('herstelaanvraag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_herstelaanvraag_gebruiker_id'))

    op.drop_table('herstelaanvraag')
