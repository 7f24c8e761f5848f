"""adres zoekindexen per gemeente

Search as you type filters on gemeente first; SQLite keeps no statistics and would
otherwise scan a whole gemeente per keystroke (benchmarks/README.md).

Revision ID: 3029ef1452cb
Revises: cb8996df3e74
Create Date: 2026-11-22 22:28:54.197082
"""
from alembic import op
import sqlalchemy as sa
import geoalchemy2


revision = '3029ef1452cb'
down_revision = 'cb8996df3e74'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('adres', schema=None) as batch_op:
        batch_op.create_index('ix_adres_gemeente_postcode', ['gemeente_id', 'postcode'], unique=False)
        batch_op.create_index('ix_adres_gemeente_zoeknaam', ['gemeente_id', 'zoeknaam'], unique=False)



def downgrade():
    with op.batch_alter_table('adres', schema=None) as batch_op:
        batch_op.drop_index('ix_adres_gemeente_zoeknaam')
        batch_op.drop_index('ix_adres_gemeente_postcode')

