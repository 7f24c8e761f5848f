"""controleteam en gemeente-instellingen

The toezichthouders assigned to a controle (object rule ``mag_wijzigen``) and the
per-gemeente settings that domains declare.

Revision ID: 9d4e2f6a8b1c
Revises: 5a0b7c1d2e3f
Create Date: 2026-11-23 04:42:12.044892
"""
from alembic import op
import sqlalchemy as sa


revision = '9d4e2f6a8b1c'
down_revision = '5a0b7c1d2e3f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('gemeente_instelling',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('sleutel', sa.String(length=60), nullable=False),
    sa.Column('waarde', sa.String(length=200), nullable=False),
    sa.Column('gewijzigd_op', sa.DateTime(), nullable=False),
    sa.Column('gewijzigd_door_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_gemeente_instelling_gemeente_id_gemeente'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['gewijzigd_door_id'], ['gebruiker.id'], name=op.f('fk_gemeente_instelling_gewijzigd_door_id_gebruiker'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gemeente_instelling')),
    sa.UniqueConstraint('gemeente_id', 'sleutel', name=op.f('uq_gemeente_instelling_gemeente_id'))
    )
    with op.batch_alter_table('gemeente_instelling', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gemeente_instelling_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('controle_toezichthouder',
    sa.Column('controle_id', sa.Integer(), nullable=False),
    sa.Column('gebruiker_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['controle_id'], ['controle.id'], name=op.f('fk_controle_toezichthouder_controle_id_controle'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['gebruiker_id'], ['gebruiker.id'], name=op.f('fk_controle_toezichthouder_gebruiker_id_gebruiker'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('controle_id', 'gebruiker_id', name=op.f('pk_controle_toezichthouder'))
    )
    with op.batch_alter_table('controle_toezichthouder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_controle_toezichthouder_gebruiker_id'), ['gebruiker_id'], unique=False)



def downgrade():
    with op.batch_alter_table('controle_toezichthouder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_controle_toezichthouder_gebruiker_id'))

    op.drop_table('controle_toezichthouder')
    with op.batch_alter_table('gemeente_instelling', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gemeente_instelling_gemeente_id'))

    op.drop_table('gemeente_instelling')
