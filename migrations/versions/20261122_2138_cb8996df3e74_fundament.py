"""fundament

Revision ID: cb8996df3e74
Revises: 
Create Date: 2026-11-22 21:38:50.094965
"""
from alembic import op
import sqlalchemy as sa
import geoalchemy2
from geoalchemy2 import Geometry

revision = 'cb8996df3e74'
down_revision = None
branch_labels = None
depends_on = None


# The audit log is append-only: the database itself refuses UPDATE and DELETE
# (and TRUNCATE on PostgreSQL), whatever the application does.
PG_AUDIT_GUARD = """
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
"""
SQLITE_AUDIT_GUARD = [
    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only (UPDATE refused)'); END""",
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only (DELETE refused)'); END""",
]


def _audit_guard_up():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_AUDIT_GUARD)
    else:
        for stmt in SQLITE_AUDIT_GUARD:
            op.execute(stmt)


def _audit_guard_down():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")


def upgrade():
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tijdstip', sa.DateTime(), nullable=False),
    sa.Column('actie', sa.String(length=60), nullable=False),
    sa.Column('object_type', sa.String(length=60), nullable=True),
    sa.Column('object_id', sa.String(length=64), nullable=True),
    sa.Column('resultaat', sa.String(length=20), nullable=False),
    sa.Column('oorsprong', sa.String(length=200), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=120), nullable=True),
    sa.Column('gemeente_id', sa.Integer(), nullable=True),
    sa.Column('reden', sa.Text(), nullable=True),
    sa.Column('details', sa.Text(), nullable=True),
    sa.Column('vorige_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('gebruiker',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gebruikersnaam', sa.String(length=80), nullable=False),
    sa.Column('naam', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('wachtwoord_hash', sa.String(length=200), nullable=False),
    sa.Column('actief', sa.Boolean(), nullable=False),
    sa.Column('totp_secret', sa.String(length=64), nullable=True),
    sa.Column('totp_bevestigd', sa.Boolean(), nullable=False),
    sa.Column('totp_laatste_stap', sa.Integer(), nullable=True),
    sa.Column('aangemaakt_op', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gebruiker')),
    sa.UniqueConstraint('gebruikersnaam', name=op.f('uq_gebruiker_gebruikersnaam'))
    )
    op.create_table('gemeente',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=4), nullable=False),
    sa.Column('naam', sa.String(length=100), nullable=False),
    sa.Column('regio', sa.String(length=100), nullable=False),
    sa.Column('mfa_alle_rollen', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gemeente')),
    sa.UniqueConstraint('code', name=op.f('uq_gemeente_code')),
    sa.UniqueConstraint('naam', name=op.f('uq_gemeente_naam'))
    )
    op.create_table('inlogpoging',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account', sa.String(length=80), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=False),
    sa.Column('gelukt', sa.Boolean(), nullable=False),
    sa.Column('op', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inlogpoging'))
    )
    with op.batch_alter_table('inlogpoging', schema=None) as batch_op:
        batch_op.create_index('ix_inlogpoging_account_op', ['account', 'op'], unique=False)
        batch_op.create_index('ix_inlogpoging_ip_op', ['ip', 'op'], unique=False)

    op.create_table('roltoewijzing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gebruiker_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('rol', sa.Enum('toezichthouder', 'coordinator', 'vergunningverlener', 'burgemeester', 'beheerder', name='rol', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.ForeignKeyConstraint(['gebruiker_id'], ['gebruiker.id'], name=op.f('fk_roltoewijzing_gebruiker_id_gebruiker'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_roltoewijzing_gemeente_id_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roltoewijzing')),
    sa.UniqueConstraint('gebruiker_id', 'gemeente_id', 'rol', name=op.f('uq_roltoewijzing_gebruiker_id'))
    )
    with op.batch_alter_table('roltoewijzing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roltoewijzing_gebruiker_id'), ['gebruiker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roltoewijzing_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('sessie',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('gebruiker_id', sa.Integer(), nullable=False),
    sa.Column('fase', sa.String(length=10), nullable=False),
    sa.Column('aangemaakt_op', sa.DateTime(), nullable=False),
    sa.Column('laatst_gezien_op', sa.DateTime(), nullable=False),
    sa.Column('beeindigd_op', sa.DateTime(), nullable=True),
    sa.Column('ip', sa.String(length=45), nullable=True),
    sa.Column('user_agent', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['gebruiker_id'], ['gebruiker.id'], name=op.f('fk_sessie_gebruiker_id_gebruiker'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sessie')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_sessie_token_hash'))
    )
    with op.batch_alter_table('sessie', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sessie_gebruiker_id'), ['gebruiker_id'], unique=False)

    op.create_geospatial_table('verblijfsobject',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('bag_id', sa.String(length=16), nullable=False),
    sa.Column('object_type', sa.String(length=3), nullable=False),
    sa.Column('gebruiksdoelen', sa.String(length=300), nullable=True),
    sa.Column('oppervlakte', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=60), nullable=True),
    sa.Column('pand_id', sa.String(length=16), nullable=True),
    sa.Column('pand_status', sa.String(length=60), nullable=True),
    sa.Column('bouwjaar', sa.Integer(), nullable=True),
    sa.Column('geom', Geometry(geometry_type='POINT', srid=28992, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.Column('bijgewerkt_op', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_verblijfsobject_gemeente_id_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verblijfsobject')),
    sa.UniqueConstraint('bag_id', name=op.f('uq_verblijfsobject_bag_id'))
    )
    with op.batch_alter_table('verblijfsobject', schema=None) as batch_op:
        batch_op.create_geospatial_index('idx_verblijfsobject_geom', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
        batch_op.create_index(batch_op.f('ix_verblijfsobject_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_verblijfsobject_pand_id'), ['pand_id'], unique=False)

    op.create_table('adres',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('nummeraanduiding_id', sa.String(length=16), nullable=True),
    sa.Column('verblijfsobject_id', sa.Integer(), nullable=False),
    sa.Column('openbare_ruimte', sa.String(length=120), nullable=False),
    sa.Column('zoeknaam', sa.String(length=120).with_variant(sa.String(length=120, collation='C'), 'postgresql'), nullable=False),
    sa.Column('huisnummer', sa.Integer(), nullable=False),
    sa.Column('huisletter', sa.String(length=1), nullable=True),
    sa.Column('toevoeging', sa.String(length=4), nullable=True),
    sa.Column('postcode', sa.String(length=6).with_variant(sa.String(length=6, collation='C'), 'postgresql'), nullable=True),
    sa.Column('woonplaats', sa.String(length=80), nullable=False),
    sa.Column('is_nevenadres', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_adres_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['verblijfsobject_id'], ['verblijfsobject.id'], name=op.f('fk_adres_verblijfsobject_id_verblijfsobject')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_adres')),
    sa.UniqueConstraint('nummeraanduiding_id', name=op.f('uq_adres_nummeraanduiding_id'))
    )
    with op.batch_alter_table('adres', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_adres_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index('ix_adres_postcode_huisnummer', ['postcode', 'huisnummer'], unique=False)
        batch_op.create_index(batch_op.f('ix_adres_verblijfsobject_id'), ['verblijfsobject_id'], unique=False)
        batch_op.create_index('ix_adres_zoeknaam_huisnummer', ['zoeknaam', 'huisnummer'], unique=False)

    op.create_table('controle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('adres_id', sa.Integer(), nullable=True),
    sa.Column('soort', sa.Enum('prostitutiecontrole_vergund', 'prostitutiecontrole_onvergund', 'integrale_controle', name='controlesoort', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('status', sa.Enum('gepland', 'voorbereid', 'uitgevoerd', 'rapport_concept', 'rapport_vastgesteld', 'afgesloten_geen_overtreding', 'doorgezet_handhaving', 'doorgezet_signaal_riec', 'doorgezet_partner', 'hercontrole_gepland', name='controlestatus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('gepland_op', sa.DateTime(), nullable=True),
    sa.Column('uitgevoerd_op', sa.DateTime(), nullable=True),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.Column('aangemaakt_op', sa.DateTime(), nullable=False),
    sa.Column('aangemaakt_door_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['aangemaakt_door_id'], ['gebruiker.id'], name=op.f('fk_controle_aangemaakt_door_id_gebruiker')),
    sa.ForeignKeyConstraint(['adres_id'], ['adres.id'], name=op.f('fk_controle_adres_id_adres')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_controle_gemeente_id_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_controle')),
    sa.UniqueConstraint('uuid', name=op.f('uq_controle_uuid'))
    )
    with op.batch_alter_table('controle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_controle_adres_id'), ['adres_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_controle_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('vergunning',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('zaaknummer', sa.String(length=40), nullable=False),
    sa.Column('soort', sa.Enum('seksinrichting', 'escortbedrijf', 'raamprostitutie', 'massagesalon', 'horeca', 'huisvesting_arbeidsmigranten', name='vergunningsoort', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('status', sa.Enum('aangevraagd', 'in_behandeling', 'verleend', 'geweigerd', 'geschorst', 'ingetrokken', 'verlopen', name='vergunningstatus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('adres_id', sa.Integer(), nullable=True),
    sa.Column('houder', sa.String(length=200), nullable=False),
    sa.Column('kvk_nummer', sa.String(length=8), nullable=True),
    sa.Column('apv_artikel', sa.String(length=40), nullable=True),
    sa.Column('geldig_van', sa.Date(), nullable=True),
    sa.Column('geldig_tot', sa.Date(), nullable=True),
    sa.Column('aangemaakt_op', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['adres_id'], ['adres.id'], name=op.f('fk_vergunning_adres_id_adres')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_vergunning_gemeente_id_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vergunning'))
    )
    with op.batch_alter_table('vergunning', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vergunning_adres_id'), ['adres_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vergunning_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('bevinding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('controle_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('omschrijving', sa.Text(), nullable=False),
    sa.Column('waargenomen_op', sa.DateTime(), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['controle_id'], ['controle.id'], name=op.f('fk_bevinding_controle_id_controle')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_bevinding_gemeente_id_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bevinding')),
    sa.UniqueConstraint('uuid', name=op.f('uq_bevinding_uuid'))
    )
    with op.batch_alter_table('bevinding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bevinding_controle_id'), ['controle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bevinding_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('bibob_onderzoek',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('vergunning_id', sa.Integer(), nullable=True),
    sa.Column('zaaknummer', sa.String(length=40), nullable=False),
    sa.Column('status', sa.Enum('aanleiding', 'formulier_opgevraagd', 'formulier_ontvangen', 'eigen_onderzoek', 'conclusie_eigen_onderzoek', 'advies_lbb_aangevraagd', 'advies_ontvangen', 'zienswijze', 'besluit', 'gearchiveerd', name='bibobstatus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('behandelaar_id', sa.Integer(), nullable=True),
    sa.Column('aanleiding', sa.String(length=40), nullable=False),
    sa.Column('termijn_tot', sa.Date(), nullable=True),
    sa.Column('aangemaakt_op', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['behandelaar_id'], ['gebruiker.id'], name=op.f('fk_bibob_onderzoek_behandelaar_id_gebruiker')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_bibob_onderzoek_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['vergunning_id'], ['vergunning.id'], name=op.f('fk_bibob_onderzoek_vergunning_id_vergunning')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bibob_onderzoek'))
    )
    with op.batch_alter_table('bibob_onderzoek', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bibob_onderzoek_behandelaar_id'), ['behandelaar_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bibob_onderzoek_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bibob_onderzoek_vergunning_id'), ['vergunning_id'], unique=False)

    op.create_table('voorschrift',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vergunning_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('nummer', sa.String(length=10), nullable=False),
    sa.Column('tekst', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_voorschrift_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['vergunning_id'], ['vergunning.id'], name=op.f('fk_voorschrift_vergunning_id_vergunning')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voorschrift'))
    )
    with op.batch_alter_table('voorschrift', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_voorschrift_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_voorschrift_vergunning_id'), ['vergunning_id'], unique=False)

    _audit_guard_up()


def downgrade():
    _audit_guard_down()
    with op.batch_alter_table('voorschrift', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_voorschrift_vergunning_id'))
        batch_op.drop_index(batch_op.f('ix_voorschrift_gemeente_id'))

    op.drop_table('voorschrift')
    with op.batch_alter_table('bibob_onderzoek', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bibob_onderzoek_vergunning_id'))
        batch_op.drop_index(batch_op.f('ix_bibob_onderzoek_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_bibob_onderzoek_behandelaar_id'))

    op.drop_table('bibob_onderzoek')
    with op.batch_alter_table('bevinding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bevinding_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_bevinding_controle_id'))

    op.drop_table('bevinding')
    with op.batch_alter_table('vergunning', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vergunning_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_vergunning_adres_id'))

    op.drop_table('vergunning')
    with op.batch_alter_table('controle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_controle_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_controle_adres_id'))

    op.drop_table('controle')
    with op.batch_alter_table('adres', schema=None) as batch_op:
        batch_op.drop_index('ix_adres_zoeknaam_huisnummer')
        batch_op.drop_index(batch_op.f('ix_adres_verblijfsobject_id'))
        batch_op.drop_index('ix_adres_postcode_huisnummer')
        batch_op.drop_index(batch_op.f('ix_adres_gemeente_id'))

    op.drop_table('adres')
    with op.batch_alter_table('verblijfsobject', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verblijfsobject_pand_id'))
        batch_op.drop_index(batch_op.f('ix_verblijfsobject_gemeente_id'))
        batch_op.drop_geospatial_index('idx_verblijfsobject_geom', postgresql_using='gist', column_name='geom')

    op.drop_geospatial_table('verblijfsobject')
    with op.batch_alter_table('sessie', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sessie_gebruiker_id'))

    op.drop_table('sessie')
    with op.batch_alter_table('roltoewijzing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roltoewijzing_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_roltoewijzing_gebruiker_id'))

    op.drop_table('roltoewijzing')
    with op.batch_alter_table('inlogpoging', schema=None) as batch_op:
        batch_op.drop_index('ix_inlogpoging_ip_op')
        batch_op.drop_index('ix_inlogpoging_account_op')

    op.drop_table('inlogpoging')
    op.drop_table('gemeente')
    op.drop_table('gebruiker')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_actor_id'))

    op.drop_table('audit_log')
