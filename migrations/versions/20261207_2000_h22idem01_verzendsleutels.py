"""verzendsleutels: one submit of a creating form, one result

Revision ID: h22idem01
Revises: ebaef4269f94
Create Date: 2026-12-07 20:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'h22idem01'
down_revision = 'ebaef4269f94'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('verzendsleutel',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sleutel', sa.String(length=36), nullable=False),
    sa.Column('gebruiker_id', sa.Integer(), nullable=False),
    sa.Column('endpoint', sa.String(length=100), nullable=False),
    sa.Column('object_type', sa.String(length=60), nullable=True),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('gemeente_id', sa.Integer(), nullable=True),
    sa.Column('doel', sa.String(length=2000), nullable=True),
    sa.Column('aangemaakt_op', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['gebruiker_id'], ['gebruiker.id'], name=op.f('fk_verzendsleutel_gebruiker_id_gebruiker'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_verzendsleutel_gemeente_id_gemeente'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verzendsleutel')),
    sa.UniqueConstraint('gebruiker_id', 'sleutel', name='uq_verzendsleutel_gebruiker_sleutel')
    )
    with op.batch_alter_table('verzendsleutel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verzendsleutel_aangemaakt_op'), ['aangemaakt_op'], unique=False)


def downgrade():
    with op.batch_alter_table('verzendsleutel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verzendsleutel_aangemaakt_op'))
    op.drop_table('verzendsleutel')
