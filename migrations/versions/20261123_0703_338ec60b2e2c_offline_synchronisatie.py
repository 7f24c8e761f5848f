"""offline synchronisatie: bundles received once (sync_inzending) and photos arriving in parts

Revision ID: 338ec60b2e2c
Revises: dc2c85d5db9c
Create Date: 2026-11-23 07:03:56.097340
"""
import sqlalchemy as sa
from alembic import op

revision = '338ec60b2e2c'
down_revision = 'dc2c85d5db9c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('foto_upload',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('controle_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('gebruiker_id', sa.Integer(), nullable=False),
    sa.Column('totaal', sa.Integer(), nullable=False),
    sa.Column('ontvangen', sa.Integer(), nullable=False),
    sa.Column('bijschrift', sa.String(length=300), nullable=False),
    sa.Column('bevinding_uuid', sa.String(length=36), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('aangemaakt_op', sa.DateTime(), nullable=False),
    sa.Column('gewijzigd_op', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['controle_id'], ['controle.id'], name=op.f('fk_foto_upload_controle_id_controle'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['gebruiker_id'], ['gebruiker.id'], name=op.f('fk_foto_upload_gebruiker_id_gebruiker')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_foto_upload_gemeente_id_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_foto_upload')),
    sa.UniqueConstraint('uuid', name=op.f('uq_foto_upload_uuid'))
    )
    with op.batch_alter_table('foto_upload', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_foto_upload_aangemaakt_op'), ['aangemaakt_op'], unique=False)
        batch_op.create_index(batch_op.f('ix_foto_upload_controle_id'), ['controle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_foto_upload_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('sync_inzending',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('controle_id', sa.Integer(), nullable=False),
    sa.Column('gebruiker_id', sa.Integer(), nullable=False),
    sa.Column('inhoud_hash', sa.String(length=64), nullable=False),
    sa.Column('resultaat', sa.JSON(), nullable=False),
    sa.Column('ontvangen_op', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['controle_id'], ['controle.id'], name=op.f('fk_sync_inzending_controle_id_controle')),
    sa.ForeignKeyConstraint(['gebruiker_id'], ['gebruiker.id'], name=op.f('fk_sync_inzending_gebruiker_id_gebruiker')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_sync_inzending_gemeente_id_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_inzending')),
    sa.UniqueConstraint('uuid', name=op.f('uq_sync_inzending_uuid'))
    )
    with op.batch_alter_table('sync_inzending', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_inzending_controle_id'), ['controle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_inzending_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('foto_upload_deel',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('upload_id', sa.Integer(), nullable=False),
    sa.Column('positie', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['upload_id'], ['foto_upload.id'], name=op.f('fk_foto_upload_deel_upload_id_foto_upload'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_foto_upload_deel')),
    sa.UniqueConstraint('upload_id', 'positie', name=op.f('uq_foto_upload_deel_upload_id'))
    )


def downgrade():
    op.drop_table('foto_upload_deel')
    with op.batch_alter_table('sync_inzending', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_inzending_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_sync_inzending_controle_id'))

    op.drop_table('sync_inzending')
    with op.batch_alter_table('foto_upload', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_foto_upload_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_foto_upload_controle_id'))
        batch_op.drop_index(batch_op.f('ix_foto_upload_aangemaakt_op'))

    op.drop_table('foto_upload')
