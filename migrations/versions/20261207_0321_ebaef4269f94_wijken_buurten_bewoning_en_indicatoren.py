"""wijken buurten bewoning en indicatoren

Revision ID: ebaef4269f94
Revises: 731643fa5b70
Create Date: 2026-12-07 03:21:23.997062
"""
from alembic import op
import sqlalchemy as sa
import geoalchemy2
from geoalchemy2 import Geometry

revision = 'ebaef4269f94'
down_revision = '731643fa5b70'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('brp_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('bestandsnaam', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('peildatum', sa.Date(), nullable=False),
    sa.Column('regels', sa.Integer(), nullable=False),
    sa.Column('rapport', sa.JSON(), nullable=False),
    sa.Column('ingelezen_op', sa.DateTime(), nullable=False),
    sa.Column('ingelezen_door_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_brp_import_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['ingelezen_door_id'], ['gebruiker.id'], name=op.f('fk_brp_import_ingelezen_door_id_gebruiker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_brp_import'))
    )
    with op.batch_alter_table('brp_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_brp_import_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_geospatial_table('wijk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('naam', sa.String(length=120), nullable=False),
    sa.Column('jaar', sa.Integer(), nullable=False),
    sa.Column('kenmerken', sa.JSON(), nullable=False),
    sa.Column('geom', Geometry(geometry_type='MULTIPOLYGON', srid=28992, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_wijk_gemeente_id_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wijk')),
    sa.UniqueConstraint('code', 'jaar', name='uq_wijk_code_jaar')
    )
    with op.batch_alter_table('wijk', schema=None) as batch_op:
        batch_op.create_geospatial_index('idx_wijk_geom', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
        batch_op.create_index(batch_op.f('ix_wijk_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('bewoning',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('verblijfsobject_id', sa.Integer(), nullable=False),
    sa.Column('peildatum', sa.Date(), nullable=False),
    sa.Column('personen', sa.Integer(), nullable=False),
    sa.Column('volwassenen', sa.Integer(), nullable=True),
    sa.Column('huishoudens', sa.Integer(), nullable=True),
    sa.Column('achternamen', sa.Integer(), nullable=True),
    sa.Column('inschrijvingen_12m', sa.Integer(), nullable=True),
    sa.Column('actueel', sa.Boolean(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_bewoning_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['import_id'], ['brp_import.id'], name=op.f('fk_bewoning_import_id_brp_import')),
    sa.ForeignKeyConstraint(['verblijfsobject_id'], ['verblijfsobject.id'], name=op.f('fk_bewoning_verblijfsobject_id_verblijfsobject')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bewoning')),
    sa.UniqueConstraint('verblijfsobject_id', 'peildatum', name='uq_bewoning_verblijfsobject_peildatum')
    )
    with op.batch_alter_table('bewoning', schema=None) as batch_op:
        batch_op.create_index('ix_bewoning_gemeente_actueel', ['gemeente_id', 'actueel'], unique=False)
        batch_op.create_index(batch_op.f('ix_bewoning_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bewoning_verblijfsobject_id'), ['verblijfsobject_id'], unique=False)

    op.create_geospatial_table('buurt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('wijk_id', sa.Integer(), nullable=True),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('naam', sa.String(length=120), nullable=False),
    sa.Column('jaar', sa.Integer(), nullable=False),
    sa.Column('kenmerken', sa.JSON(), nullable=False),
    sa.Column('geom', Geometry(geometry_type='MULTIPOLYGON', srid=28992, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_buurt_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['wijk_id'], ['wijk.id'], name=op.f('fk_buurt_wijk_id_wijk')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_buurt')),
    sa.UniqueConstraint('code', 'jaar', name='uq_buurt_code_jaar')
    )
    with op.batch_alter_table('buurt', schema=None) as batch_op:
        batch_op.create_geospatial_index('idx_buurt_geom', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
        batch_op.create_index(batch_op.f('ix_buurt_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_buurt_wijk_id'), ['wijk_id'], unique=False)

    op.create_table('indicatorbeoordeling',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('verblijfsobject_id', sa.Integer(), nullable=False),
    sa.Column('bewoning_id', sa.Integer(), nullable=True),
    sa.Column('controle_id', sa.Integer(), nullable=True),
    sa.Column('uitkomst', sa.Enum('bevestigd', 'niet_bevestigd', name='indicatorbeoordeling_uitkomst', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('toelichting', sa.Text(), nullable=False),
    sa.Column('indicatoren', sa.JSON(), nullable=False),
    sa.Column('vastgelegd_op', sa.DateTime(), nullable=False),
    sa.Column('vastgelegd_door_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['bewoning_id'], ['bewoning.id'], name=op.f('fk_indicatorbeoordeling_bewoning_id_bewoning')),
    sa.ForeignKeyConstraint(['controle_id'], ['controle.id'], name=op.f('fk_indicatorbeoordeling_controle_id_controle')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_indicatorbeoordeling_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['vastgelegd_door_id'], ['gebruiker.id'], name=op.f('fk_indicatorbeoordeling_vastgelegd_door_id_gebruiker')),
    sa.ForeignKeyConstraint(['verblijfsobject_id'], ['verblijfsobject.id'], name=op.f('fk_indicatorbeoordeling_verblijfsobject_id_verblijfsobject')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicatorbeoordeling'))
    )
    with op.batch_alter_table('indicatorbeoordeling', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicatorbeoordeling_controle_id'), ['controle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicatorbeoordeling_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicatorbeoordeling_verblijfsobject_id'), ['verblijfsobject_id'], unique=False)

    with op.batch_alter_table('verblijfsobject', schema=None) as batch_op:
        batch_op.add_column(sa.Column('buurt_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_verblijfsobject_buurt_id'), ['buurt_id'], unique=False)



def downgrade():
    # Plain DROP COLUMN (SQLite >= 3.35): a batch rebuild of this SpatiaLite table breaks its foreign keys.
    op.drop_index('ix_verblijfsobject_buurt_id', table_name='verblijfsobject')
    op.execute("ALTER TABLE verblijfsobject DROP COLUMN buurt_id")

    with op.batch_alter_table('indicatorbeoordeling', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicatorbeoordeling_verblijfsobject_id'))
        batch_op.drop_index(batch_op.f('ix_indicatorbeoordeling_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_indicatorbeoordeling_controle_id'))

    op.drop_table('indicatorbeoordeling')
    with op.batch_alter_table('buurt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_buurt_wijk_id'))
        batch_op.drop_index(batch_op.f('ix_buurt_gemeente_id'))
        batch_op.drop_geospatial_index('idx_buurt_geom', postgresql_using='gist', column_name='geom')

    op.drop_geospatial_table('buurt')
    with op.batch_alter_table('bewoning', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bewoning_verblijfsobject_id'))
        batch_op.drop_index(batch_op.f('ix_bewoning_gemeente_id'))
        batch_op.drop_index('ix_bewoning_gemeente_actueel')

    op.drop_table('bewoning')
    with op.batch_alter_table('wijk', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wijk_gemeente_id'))
        batch_op.drop_geospatial_index('idx_wijk_geom', postgresql_using='gist', column_name='geom')

    op.drop_geospatial_table('wijk')
    with op.batch_alter_table('brp_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_brp_import_gemeente_id'))

    op.drop_table('brp_import')
