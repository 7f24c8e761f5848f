"""controles vastleggen

Revision ID: dc2c85d5db9c
Revises: 9d4e2f6a8b1c
Create Date: 2026-11-23 05:41:12.690328
"""
from alembic import op
import sqlalchemy as sa
import geoalchemy2


revision = 'dc2c85d5db9c'
down_revision = '9d4e2f6a8b1c'
branch_labels = None
depends_on = None


SOORTEN = ['prostitutiecontrole_vergund', 'prostitutiecontrole_onvergund', 'integrale_controle']


def upgrade():
    op.create_table('aanwijzing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gebruiker_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('besluit', sa.String(length=200), nullable=False),
    sa.Column('legitimatienummer', sa.String(length=40), nullable=False),
    sa.Column('geldig_tot', sa.DateTime(), nullable=True),
    sa.Column('gewijzigd_op', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['gebruiker_id'], ['gebruiker.id'], name=op.f('fk_aanwijzing_gebruiker_id_gebruiker'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_aanwijzing_gemeente_id_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aanwijzing')),
    sa.UniqueConstraint('gebruiker_id', 'gemeente_id', name=op.f('uq_aanwijzing_gebruiker_id'))
    )
    with op.batch_alter_table('aanwijzing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aanwijzing_gebruiker_id'), ['gebruiker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_aanwijzing_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('controleronde',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('naam', sa.String(length=200), nullable=False),
    sa.Column('aangemaakt_op', sa.DateTime(), nullable=False),
    sa.Column('aangemaakt_door_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['aangemaakt_door_id'], ['gebruiker.id'], name=op.f('fk_controleronde_aangemaakt_door_id_gebruiker')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_controleronde_gemeente_id_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_controleronde')),
    sa.UniqueConstraint('uuid', name=op.f('uq_controleronde_uuid'))
    )
    with op.batch_alter_table('controleronde', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_controleronde_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('controletype',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('naam', sa.String(length=120), nullable=False),
    sa.Column('soort', sa.Enum('prostitutiecontrole_vergund', 'prostitutiecontrole_onvergund', 'integrale_controle', 'huisvestingscontrole', name='controletype_soort', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('omschrijving', sa.Text(), nullable=False),
    sa.Column('partners', sa.JSON(), nullable=False),
    sa.Column('rechtsgronden', sa.JSON(), nullable=False),
    sa.Column('woning_mogelijk', sa.Boolean(), nullable=False),
    sa.Column('actief', sa.Boolean(), nullable=False),
    sa.Column('volgorde', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_controletype_gemeente_id_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_controletype')),
    sa.UniqueConstraint('gemeente_id', 'code', name=op.f('uq_controletype_gemeente_id'))
    )
    with op.batch_alter_table('controletype', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_controletype_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('checklist_sjabloon',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('controletype_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('concept', 'gepubliceerd', 'vervangen', name='sjabloonstatus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('gepubliceerd_op', sa.DateTime(), nullable=True),
    sa.Column('gepubliceerd_door_id', sa.Integer(), nullable=True),
    sa.Column('aangemaakt_op', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['controletype_id'], ['controletype.id'], name=op.f('fk_checklist_sjabloon_controletype_id_controletype')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_checklist_sjabloon_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['gepubliceerd_door_id'], ['gebruiker.id'], name=op.f('fk_checklist_sjabloon_gepubliceerd_door_id_gebruiker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_sjabloon')),
    sa.UniqueConstraint('controletype_id', 'versie', name=op.f('uq_checklist_sjabloon_controletype_id'))
    )
    with op.batch_alter_table('checklist_sjabloon', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_sjabloon_controletype_id'), ['controletype_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_checklist_sjabloon_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('checklist_sectie',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sjabloon_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('titel', sa.String(length=200), nullable=False),
    sa.Column('toelichting', sa.Text(), nullable=False),
    sa.Column('volgorde', sa.Integer(), nullable=False),
    sa.Column('signalen', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['sjabloon_id'], ['checklist_sjabloon.id'], name=op.f('fk_checklist_sectie_sjabloon_id_checklist_sjabloon'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_sectie'))
    )
    with op.batch_alter_table('checklist_sectie', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_sectie_sjabloon_id'), ['sjabloon_id'], unique=False)

    op.create_table('aangetroffen_persoon',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('controle_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('rol', sa.Enum('sekswerker', 'exploitant', 'beheerder', 'bewoner', 'werknemer', 'anders', name='persoonrol', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('naam', sa.String(length=200), nullable=False),
    sa.Column('id_gezien', sa.Boolean(), nullable=False),
    sa.Column('leeftijd_gecontroleerd', sa.Boolean(), nullable=False),
    sa.Column('opmerking', sa.Text(), nullable=False),
    sa.Column('inhoud_hash', sa.String(length=64), nullable=True),
    sa.Column('aangemaakt_op', sa.DateTime(), nullable=False),
    sa.Column('aangemaakt_door_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['aangemaakt_door_id'], ['gebruiker.id'], name=op.f('fk_aangetroffen_persoon_aangemaakt_door_id_gebruiker')),
    sa.ForeignKeyConstraint(['controle_id'], ['controle.id'], name=op.f('fk_aangetroffen_persoon_controle_id_controle')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_aangetroffen_persoon_gemeente_id_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aangetroffen_persoon')),
    sa.UniqueConstraint('uuid', name=op.f('uq_aangetroffen_persoon_uuid'))
    )
    with op.batch_alter_table('aangetroffen_persoon', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aangetroffen_persoon_controle_id'), ['controle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_aangetroffen_persoon_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('checklist_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sectie_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('soort', sa.Enum('ja_nee', 'getal', 'tekst', 'keuze', 'datum', 'tijd', name='itemsoort', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('tekst', sa.String(length=300), nullable=False),
    sa.Column('hulptekst', sa.Text(), nullable=False),
    sa.Column('verplicht', sa.Boolean(), nullable=False),
    sa.Column('keuzes', sa.JSON(), nullable=False),
    sa.Column('norm', sa.String(length=200), nullable=False),
    sa.Column('volgorde', sa.Integer(), nullable=False),
    sa.Column('vervallen', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['sectie_id'], ['checklist_sectie.id'], name=op.f('fk_checklist_item_sectie_id_checklist_sectie'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_item'))
    )
    with op.batch_alter_table('checklist_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_item_sectie_id'), ['sectie_id'], unique=False)

    op.create_table('controle_addendum',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('controle_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('tekst', sa.Text(), nullable=False),
    sa.Column('reden', sa.Text(), nullable=False),
    sa.Column('door_id', sa.Integer(), nullable=False),
    sa.Column('op', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['controle_id'], ['controle.id'], name=op.f('fk_controle_addendum_controle_id_controle')),
    sa.ForeignKeyConstraint(['door_id'], ['gebruiker.id'], name=op.f('fk_controle_addendum_door_id_gebruiker')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_controle_addendum_gemeente_id_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_controle_addendum')),
    sa.UniqueConstraint('uuid', name=op.f('uq_controle_addendum_uuid'))
    )
    with op.batch_alter_table('controle_addendum', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_controle_addendum_controle_id'), ['controle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_controle_addendum_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('controle_rapport',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('controle_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('wacht', 'klaar', 'fout', name='rapportstatus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('html_sleutel', sa.String(length=200), nullable=True),
    sa.Column('html_sha256', sa.String(length=64), nullable=True),
    sa.Column('pdf_sleutel', sa.String(length=200), nullable=True),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=True),
    sa.Column('pdf_grootte', sa.Integer(), nullable=True),
    sa.Column('aangevraagd_op', sa.DateTime(), nullable=False),
    sa.Column('gemaakt_op', sa.DateTime(), nullable=True),
    sa.Column('fout', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['controle_id'], ['controle.id'], name=op.f('fk_controle_rapport_controle_id_controle')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_controle_rapport_gemeente_id_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_controle_rapport')),
    sa.UniqueConstraint('controle_id', 'versie', name=op.f('uq_controle_rapport_controle_id'))
    )
    with op.batch_alter_table('controle_rapport', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_controle_rapport_controle_id'), ['controle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_controle_rapport_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('ondertekening',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('controle_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('gebruiker_id', sa.Integer(), nullable=False),
    sa.Column('wijze', sa.Enum('handtekening', 'verklaring', name='ondertekenwijze', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('naam', sa.String(length=120), nullable=False),
    sa.Column('verklaring', sa.Text(), nullable=False),
    sa.Column('handtekening_sleutel', sa.String(length=200), nullable=True),
    sa.Column('handtekening_sha256', sa.String(length=64), nullable=True),
    sa.Column('getekend_op', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['controle_id'], ['controle.id'], name=op.f('fk_ondertekening_controle_id_controle')),
    sa.ForeignKeyConstraint(['gebruiker_id'], ['gebruiker.id'], name=op.f('fk_ondertekening_gebruiker_id_gebruiker')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_ondertekening_gemeente_id_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ondertekening')),
    sa.UniqueConstraint('controle_id', 'gebruiker_id', name=op.f('uq_ondertekening_controle_id'))
    )
    with op.batch_alter_table('ondertekening', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ondertekening_controle_id'), ['controle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ondertekening_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('aangetroffen_sekswerker',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('persoon_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('werknaam', sa.String(length=120), nullable=False),
    sa.Column('geboortejaar', sa.Integer(), nullable=True),
    sa.Column('leeftijd_voldoet', sa.Boolean(), nullable=True),
    sa.Column('id_gezien', sa.Boolean(), nullable=False),
    sa.Column('nationaliteit', sa.String(length=80), nullable=False),
    sa.Column('ingeschreven_brp_rni', sa.Boolean(), nullable=True),
    sa.Column('gesprek_aangeboden', sa.Boolean(), nullable=False),
    sa.Column('tolk', sa.Boolean(), nullable=False),
    sa.Column('toelichting', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_aangetroffen_sekswerker_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['persoon_id'], ['aangetroffen_persoon.id'], name=op.f('fk_aangetroffen_sekswerker_persoon_id_aangetroffen_persoon'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aangetroffen_sekswerker')),
    sa.UniqueConstraint('persoon_id', name=op.f('uq_aangetroffen_sekswerker_persoon_id'))
    )
    with op.batch_alter_table('aangetroffen_sekswerker', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aangetroffen_sekswerker_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('checklist_antwoord',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('controle_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('waarde', sa.Text(), nullable=False),
    sa.Column('toelichting', sa.Text(), nullable=False),
    sa.Column('gewijzigd_op', sa.DateTime(), nullable=False),
    sa.Column('gewijzigd_door_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['controle_id'], ['controle.id'], name=op.f('fk_checklist_antwoord_controle_id_controle')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_checklist_antwoord_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['gewijzigd_door_id'], ['gebruiker.id'], name=op.f('fk_checklist_antwoord_gewijzigd_door_id_gebruiker')),
    sa.ForeignKeyConstraint(['item_id'], ['checklist_item.id'], name=op.f('fk_checklist_antwoord_item_id_checklist_item')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_antwoord')),
    sa.UniqueConstraint('controle_id', 'item_id', name=op.f('uq_checklist_antwoord_controle_id'))
    )
    with op.batch_alter_table('checklist_antwoord', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_antwoord_controle_id'), ['controle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_checklist_antwoord_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('controle_foto',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('controle_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('bevinding_id', sa.Integer(), nullable=True),
    sa.Column('sleutel', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('mimetype', sa.String(length=40), nullable=False),
    sa.Column('breedte', sa.Integer(), nullable=False),
    sa.Column('hoogte', sa.Integer(), nullable=False),
    sa.Column('grootte', sa.Integer(), nullable=False),
    sa.Column('bijschrift', sa.String(length=300), nullable=False),
    sa.Column('gemaakt_op', sa.DateTime(), nullable=False),
    sa.Column('gemaakt_door_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['bevinding_id'], ['bevinding.id'], name=op.f('fk_controle_foto_bevinding_id_bevinding')),
    sa.ForeignKeyConstraint(['controle_id'], ['controle.id'], name=op.f('fk_controle_foto_controle_id_controle')),
    sa.ForeignKeyConstraint(['gemaakt_door_id'], ['gebruiker.id'], name=op.f('fk_controle_foto_gemaakt_door_id_gebruiker')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_controle_foto_gemeente_id_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_controle_foto')),
    sa.UniqueConstraint('uuid', name=op.f('uq_controle_foto_uuid'))
    )
    with op.batch_alter_table('controle_foto', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_controle_foto_bevinding_id'), ['bevinding_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_controle_foto_controle_id'), ['controle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_controle_foto_gemeente_id'), ['gemeente_id'], unique=False)

    with op.batch_alter_table('bevinding', schema=None) as batch_op:
        batch_op.add_column(sa.Column('categorie', sa.Enum('vergunning', 'beheer', 'administratie', 'identiteit', 'hygiene', 'veiligheid', 'huisvesting', 'gebruik', 'overig', name='bevindingcategorie', native_enum=False, create_constraint=True, length=40), nullable=False, server_default='overig'))
        batch_op.add_column(sa.Column('waarneming', sa.Enum('eigen', 'horen_zeggen', name='waarneming', native_enum=False, create_constraint=True, length=40), nullable=False, server_default='eigen'))
        batch_op.add_column(sa.Column('ernst', sa.Enum('gering', 'matig', 'ernstig', name='ernst', native_enum=False, create_constraint=True, length=40), nullable=False, server_default='matig'))
        batch_op.add_column(sa.Column('norm', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('checklist_item_code', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('opgelost_op', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('vastgelegd_door_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('inhoud_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('opgelost_in_controle_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('opgelost_door_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_bevinding_opgelost_in_controle_id_controle'), 'controle', ['opgelost_in_controle_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_bevinding_opgelost_door_id_gebruiker'), 'gebruiker', ['opgelost_door_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_bevinding_vastgelegd_door_id_gebruiker'), 'gebruiker', ['vastgelegd_door_id'], ['id'])

    with op.batch_alter_table('controle', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_controle_controlesoort'), type_='check')
        batch_op.create_check_constraint('controlesoort', sa.column('soort').in_(SOORTEN + ['huisvestingscontrole']))
        batch_op.add_column(sa.Column('controletype_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('sjabloon_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('ronde_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('vorige_controle_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('gepland_tot', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('partners', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('rechtsgronden', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('briefing', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('gestart_op', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('locatie_lat', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('locatie_lon', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('locatie_nauwkeurigheid', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('toegang', sa.Enum('openbare_inrichting', 'toestemming', 'machtiging', 'geen', name='toegang', native_enum=False, create_constraint=True, length=40), nullable=True))
        batch_op.add_column(sa.Column('is_woning', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('notities', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('vastgesteld_op', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('afgerond_op', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('gewijzigd_op', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('uitkomst_toelichting', sa.Text(), nullable=False, server_default=''))
        batch_op.create_index(batch_op.f('ix_controle_controletype_id'), ['controletype_id'], unique=False)
        batch_op.create_index('ix_controle_gemeente_gepland', ['gemeente_id', 'gepland_op'], unique=False)
        batch_op.create_index('ix_controle_gemeente_status', ['gemeente_id', 'status'], unique=False)
        batch_op.create_index('ix_controle_gepland_id', ['gepland_op', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_controle_ronde_id'), ['ronde_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_controle_sjabloon_id_checklist_sjabloon'), 'checklist_sjabloon', ['sjabloon_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_controle_ronde_id_controleronde'), 'controleronde', ['ronde_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_controle_vorige_controle_id_controle'), 'controle', ['vorige_controle_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_controle_controletype_id_controletype'), 'controletype', ['controletype_id'], ['id'])



def downgrade():
    with op.batch_alter_table('controle', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_controle_controletype_id_controletype'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_controle_vorige_controle_id_controle'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_controle_ronde_id_controleronde'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_controle_sjabloon_id_checklist_sjabloon'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_controle_ronde_id'))
        batch_op.drop_index('ix_controle_gemeente_status')
        batch_op.drop_index('ix_controle_gepland_id')
        batch_op.drop_index('ix_controle_gemeente_gepland')
        batch_op.drop_index(batch_op.f('ix_controle_controletype_id'))
        batch_op.drop_column('uitkomst_toelichting')
        batch_op.drop_column('gewijzigd_op')
        batch_op.drop_column('afgerond_op')
        batch_op.drop_column('vastgesteld_op')
        batch_op.drop_column('notities')
        batch_op.drop_column('is_woning')
        batch_op.drop_constraint(op.f('ck_controle_toegang'), type_='check')
        batch_op.drop_column('toegang')
        batch_op.drop_column('locatie_nauwkeurigheid')
        batch_op.drop_column('locatie_lon')
        batch_op.drop_column('locatie_lat')
        batch_op.drop_column('gestart_op')
        batch_op.drop_column('briefing')
        batch_op.drop_column('rechtsgronden')
        batch_op.drop_column('partners')
        batch_op.drop_column('gepland_tot')
        batch_op.drop_column('vorige_controle_id')
        batch_op.drop_column('ronde_id')
        batch_op.drop_column('sjabloon_id')
        batch_op.drop_column('controletype_id')
        batch_op.drop_constraint(op.f('ck_controle_controlesoort'), type_='check')
        batch_op.create_check_constraint('controlesoort', sa.column('soort').in_(SOORTEN))

    with op.batch_alter_table('bevinding', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_bevinding_vastgelegd_door_id_gebruiker'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_bevinding_opgelost_in_controle_id_controle'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_bevinding_opgelost_door_id_gebruiker'), type_='foreignkey')
        batch_op.drop_column('opgelost_door_id')
        batch_op.drop_column('opgelost_in_controle_id')
        batch_op.drop_column('inhoud_hash')
        batch_op.drop_column('vastgelegd_door_id')
        batch_op.drop_column('opgelost_op')
        batch_op.drop_column('checklist_item_code')
        batch_op.drop_column('norm')
        batch_op.drop_constraint(op.f('ck_bevinding_ernst'), type_='check')
        batch_op.drop_column('ernst')
        batch_op.drop_constraint(op.f('ck_bevinding_waarneming'), type_='check')
        batch_op.drop_column('waarneming')
        batch_op.drop_constraint(op.f('ck_bevinding_bevindingcategorie'), type_='check')
        batch_op.drop_column('categorie')

    with op.batch_alter_table('controle_foto', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_controle_foto_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_controle_foto_controle_id'))
        batch_op.drop_index(batch_op.f('ix_controle_foto_bevinding_id'))

    op.drop_table('controle_foto')
    with op.batch_alter_table('checklist_antwoord', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_antwoord_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_checklist_antwoord_controle_id'))

    op.drop_table('checklist_antwoord')
    with op.batch_alter_table('aangetroffen_sekswerker', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_aangetroffen_sekswerker_gemeente_id'))

    op.drop_table('aangetroffen_sekswerker')
    with op.batch_alter_table('ondertekening', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ondertekening_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_ondertekening_controle_id'))

    op.drop_table('ondertekening')
    with op.batch_alter_table('controle_rapport', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_controle_rapport_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_controle_rapport_controle_id'))

    op.drop_table('controle_rapport')
    with op.batch_alter_table('controle_addendum', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_controle_addendum_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_controle_addendum_controle_id'))

    op.drop_table('controle_addendum')
    with op.batch_alter_table('checklist_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_item_sectie_id'))

    op.drop_table('checklist_item')
    with op.batch_alter_table('aangetroffen_persoon', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_aangetroffen_persoon_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_aangetroffen_persoon_controle_id'))

    op.drop_table('aangetroffen_persoon')
    with op.batch_alter_table('checklist_sectie', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_sectie_sjabloon_id'))

    op.drop_table('checklist_sectie')
    with op.batch_alter_table('checklist_sjabloon', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_sjabloon_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_checklist_sjabloon_controletype_id'))

    op.drop_table('checklist_sjabloon')
    with op.batch_alter_table('controletype', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_controletype_gemeente_id'))

    op.drop_table('controletype')
    with op.batch_alter_table('controleronde', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_controleronde_gemeente_id'))

    op.drop_table('controleronde')
    with op.batch_alter_table('aanwijzing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_aanwijzing_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_aanwijzing_gebruiker_id'))

    op.drop_table('aanwijzing')
