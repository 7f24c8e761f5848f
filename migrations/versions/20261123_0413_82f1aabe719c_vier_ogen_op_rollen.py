"""vier ogen op rollen, wachtwoord wijzigen verplicht

Roles with Bibob access or beheer rights wait in ``rolaanvraag`` for a second
beheerder; a password chosen by a beheerder must be changed at first login.

Revision ID: 82f1aabe719c
Revises: 3029ef1452cb
Create Date: 2026-11-23 04:13:55.192308
"""
from alembic import op
import sqlalchemy as sa


revision = '82f1aabe719c'
down_revision = '3029ef1452cb'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rolaanvraag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gebruiker_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('rol', sa.Enum('toezichthouder', 'coordinator', 'vergunningverlener', 'burgemeester', 'beheerder', name='rol', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('status', sa.Enum('open', 'goedgekeurd', 'afgewezen', name='aanvraagstatus', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('reden', sa.String(length=500), nullable=False),
    sa.Column('aangevraagd_door_id', sa.Integer(), nullable=True),
    sa.Column('aangevraagd_op', sa.DateTime(), nullable=False),
    sa.Column('beoordeeld_door_id', sa.Integer(), nullable=True),
    sa.Column('beoordeeld_op', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['aangevraagd_door_id'], ['gebruiker.id'], name=op.f('fk_rolaanvraag_aangevraagd_door_id_gebruiker'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['beoordeeld_door_id'], ['gebruiker.id'], name=op.f('fk_rolaanvraag_beoordeeld_door_id_gebruiker'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['gebruiker_id'], ['gebruiker.id'], name=op.f('fk_rolaanvraag_gebruiker_id_gebruiker'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_rolaanvraag_gemeente_id_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rolaanvraag'))
    )
    with op.batch_alter_table('rolaanvraag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rolaanvraag_gebruiker_id'), ['gebruiker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rolaanvraag_gemeente_id'), ['gemeente_id'], unique=False)

    with op.batch_alter_table('gebruiker', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wachtwoord_wijzigen_verplicht', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('gebruiker', schema=None) as batch_op:
        batch_op.drop_column('wachtwoord_wijzigen_verplicht')

    with op.batch_alter_table('rolaanvraag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rolaanvraag_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_rolaanvraag_gebruiker_id'))

    op.drop_table('rolaanvraag')
