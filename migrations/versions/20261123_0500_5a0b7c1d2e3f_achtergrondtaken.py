"""achtergrondtaken

One row per background job (huey): idempotency key, status, attempts, last
error. Written in the transaction that asks for the job; the queue message is
sent after that transaction commits.

Revision ID: 5a0b7c1d2e3f
Revises: 82f1aabe719c
Create Date: 2026-11-23 05:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '5a0b7c1d2e3f'
down_revision = '82f1aabe719c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('achtergrondtaak',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('taak_sleutel', sa.String(length=200), nullable=False),
    sa.Column('naam', sa.String(length=100), nullable=False),
    sa.Column('argumenten', sa.Text(), server_default=sa.text("'[]'"), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('queued', 'bezig', 'klaar', 'mislukt', name='taakstatus', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('pogingen', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('laatste_fout', sa.String(length=500), nullable=True),
    sa.Column('aangemaakt_op', sa.DateTime(), nullable=False),
    sa.Column('gestart_op', sa.DateTime(), nullable=True),
    sa.Column('klaar_op', sa.DateTime(), nullable=True),
    sa.Column('aangevraagd_door_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['aangevraagd_door_id'], ['gebruiker.id'], name=op.f('fk_achtergrondtaak_aangevraagd_door_id_gebruiker'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_achtergrondtaak_gemeente_id_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_achtergrondtaak')),
    sa.UniqueConstraint('taak_sleutel', name=op.f('uq_achtergrondtaak_taak_sleutel'))
    )
    with op.batch_alter_table('achtergrondtaak', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_achtergrondtaak_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_achtergrondtaak_status'), ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('achtergrondtaak', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_achtergrondtaak_status'))
        batch_op.drop_index(batch_op.f('ix_achtergrondtaak_gemeente_id'))

    op.drop_table('achtergrondtaak')
