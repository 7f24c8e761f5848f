"""oppervlakte bij een BRP-telling en opgegeven oppervlakte (standplaats, ligplaats)

Revision ID: h22cbsbrp01
Revises: ebaef4269f94
Create Date: 2026-12-07 20:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'h22cbsbrp01'
down_revision = 'h22auth01'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('opgegeven_oppervlakte',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('verblijfsobject_id', sa.Integer(), nullable=False),
    sa.Column('m2', sa.Integer(), nullable=False),
    sa.Column('toelichting', sa.Text(), nullable=False),
    sa.Column('vastgelegd_op', sa.DateTime(), nullable=False),
    sa.Column('vastgelegd_door_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_opgegeven_oppervlakte_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['vastgelegd_door_id'], ['gebruiker.id'], name=op.f('fk_opgegeven_oppervlakte_vastgelegd_door_id_gebruiker')),
    sa.ForeignKeyConstraint(['verblijfsobject_id'], ['verblijfsobject.id'], name=op.f('fk_opgegeven_oppervlakte_verblijfsobject_id_verblijfsobject')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opgegeven_oppervlakte')),
    sa.UniqueConstraint('verblijfsobject_id', name=op.f('uq_opgegeven_oppervlakte_verblijfsobject_id'))
    )
    with op.batch_alter_table('opgegeven_oppervlakte', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opgegeven_oppervlakte_gemeente_id'), ['gemeente_id'], unique=False)

    with op.batch_alter_table('bewoning', schema=None) as batch_op:
        batch_op.add_column(sa.Column('oppervlakte', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('oppervlakte_bron', sa.String(length=10), nullable=True))


def downgrade():
    with op.batch_alter_table('bewoning', schema=None) as batch_op:
        batch_op.drop_column('oppervlakte_bron')
        batch_op.drop_column('oppervlakte')

    with op.batch_alter_table('opgegeven_oppervlakte', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opgegeven_oppervlakte_gemeente_id'))

    op.drop_table('opgegeven_oppervlakte')
