"""vergunningenregister en subjecten

Revision ID: 15859eb27d63
Revises: 338ec60b2e2c
Create Date: 2026-11-23 08:42:40.929315
"""
from alembic import op
import sqlalchemy as sa


revision = '15859eb27d63'
down_revision = '338ec60b2e2c'
branch_labels = None
depends_on = None


BIBOB_FK = 'fk_bibob_onderzoek_vergunning_id_vergunning'


def _oude_tabellen_weg():
    """The permit tables of the foundation were a stub without data (no form or import wrote
    them): they are replaced, not altered. The Bibob link to them is dropped and made again."""
    with op.batch_alter_table('bibob_onderzoek', schema=None) as batch_op:
        batch_op.drop_constraint(BIBOB_FK, type_='foreignkey')
    op.drop_table('voorschrift')
    op.drop_table('vergunning')


def _bibob_koppeling():
    with op.batch_alter_table('bibob_onderzoek', schema=None) as batch_op:
        batch_op.create_foreign_key(BIBOB_FK, 'vergunning', ['vergunning_id'], ['id'])


def _oude_tabellen_terug():
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


def upgrade():
    op.create_table('vergunningtype',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('soort', sa.Enum('seksinrichting', 'escortbedrijf', 'raamprostitutie', 'massagesalon', 'horeca', 'alcoholwet', 'huisvesting', 'huisvesting_arbeidsmigranten', name='vergunningsoort', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('naam', sa.String(length=120), nullable=False),
    sa.Column('grondslag', sa.String(length=200), nullable=False),
    sa.Column('geldigheid_maanden', sa.Integer(), nullable=True),
    sa.Column('actief', sa.Boolean(), nullable=False),
    sa.Column('volgorde', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_vergunningtype_gemeente_id_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vergunningtype')),
    sa.UniqueConstraint('gemeente_id', 'soort', name='uq_vergunningtype_gemeente_soort')
    )
    with op.batch_alter_table('vergunningtype', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vergunningtype_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('subject',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('soort', sa.Enum('persoon', 'rechtspersoon', name='subjectsoort', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('voornamen', sa.String(length=200), nullable=False),
    sa.Column('voorvoegsel', sa.String(length=20), nullable=False),
    sa.Column('geslachtsnaam', sa.String(length=200), nullable=False),
    sa.Column('geboortedatum', sa.Date(), nullable=True),
    sa.Column('bsn', sa.String(length=9), nullable=True),
    sa.Column('bsn_grondslag', sa.String(length=200), nullable=False),
    sa.Column('naam', sa.String(length=200), nullable=False),
    sa.Column('handelsnamen', sa.JSON(), nullable=False),
    sa.Column('kvk_nummer', sa.String(length=8), nullable=True),
    sa.Column('rechtsvorm', sa.Enum('eenmanszaak', 'bv', 'nv', 'vof', 'cv', 'maatschap', 'stichting', 'vereniging', 'cooperatie', 'buitenlands', 'anders', name='rechtsvorm', native_enum=False, create_constraint=True, length=40), nullable=True),
    sa.Column('adres_id', sa.Integer(), nullable=True),
    sa.Column('adres_tekst', sa.String(length=300), nullable=False),
    sa.Column('zoeknaam', sa.String(length=400), nullable=False),
    sa.Column('aangemaakt_op', sa.DateTime(), nullable=False),
    sa.Column('aangemaakt_door_id', sa.Integer(), nullable=True),
    sa.Column('gewijzigd_op', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['aangemaakt_door_id'], ['gebruiker.id'], name=op.f('fk_subject_aangemaakt_door_id_gebruiker')),
    sa.ForeignKeyConstraint(['adres_id'], ['adres.id'], name=op.f('fk_subject_adres_id_adres')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_subject_gemeente_id_gemeente')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subject')),
    sa.UniqueConstraint('gemeente_id', 'kvk_nummer', name='uq_subject_gemeente_kvk')
    )
    with op.batch_alter_table('subject', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subject_adres_id'), ['adres_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_subject_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index('ix_subject_gemeente_zoeknaam', ['gemeente_id', 'zoeknaam'], unique=False)

    op.create_table('subject_relatie',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('rechtspersoon_id', sa.Integer(), nullable=False),
    sa.Column('betrokkene_id', sa.Integer(), nullable=False),
    sa.Column('soort', sa.Enum('bestuurder', 'aandeelhouder', 'financier', 'zeggenschap', 'leidinggevende', name='relatiesoort', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('sinds', sa.Date(), nullable=True),
    sa.Column('tot', sa.Date(), nullable=True),
    sa.Column('toelichting', sa.String(length=300), nullable=False),
    sa.Column('aangemaakt_op', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['betrokkene_id'], ['subject.id'], name=op.f('fk_subject_relatie_betrokkene_id_subject')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_subject_relatie_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['rechtspersoon_id'], ['subject.id'], name=op.f('fk_subject_relatie_rechtspersoon_id_subject'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subject_relatie')),
    sa.UniqueConstraint('rechtspersoon_id', 'betrokkene_id', 'soort', name='uq_subject_relatie')
    )
    with op.batch_alter_table('subject_relatie', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subject_relatie_betrokkene_id'), ['betrokkene_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_subject_relatie_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_subject_relatie_rechtspersoon_id'), ['rechtspersoon_id'], unique=False)

    _oude_tabellen_weg()
    op.create_table('vergunning',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('zaaknummer', sa.String(length=40), nullable=False),
    sa.Column('vergunningtype_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('aangevraagd', 'in_behandeling', 'verleend', 'geweigerd', 'geschorst', 'ingetrokken', 'vervallen', name='vergunningstatus', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('houder_id', sa.Integer(), nullable=False),
    sa.Column('adres_id', sa.Integer(), nullable=True),
    sa.Column('inrichting_naam', sa.String(length=200), nullable=False),
    sa.Column('werkruimten', sa.Integer(), nullable=True),
    sa.Column('max_personen', sa.Integer(), nullable=True),
    sa.Column('openingstijden', sa.Text(), nullable=False),
    sa.Column('aanvraagdatum', sa.Date(), nullable=True),
    sa.Column('besluitdatum', sa.Date(), nullable=True),
    sa.Column('ingangsdatum', sa.Date(), nullable=True),
    sa.Column('vervaldatum', sa.Date(), nullable=True),
    sa.Column('bibob_getoetst_op', sa.Date(), nullable=True),
    sa.Column('toelichting', sa.Text(), nullable=False),
    sa.Column('aangemaakt_op', sa.DateTime(), nullable=False),
    sa.Column('aangemaakt_door_id', sa.Integer(), nullable=True),
    sa.Column('gewijzigd_op', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['aangemaakt_door_id'], ['gebruiker.id'], name=op.f('fk_vergunning_aangemaakt_door_id_gebruiker')),
    sa.ForeignKeyConstraint(['adres_id'], ['adres.id'], name=op.f('fk_vergunning_adres_id_adres')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_vergunning_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['houder_id'], ['subject.id'], name=op.f('fk_vergunning_houder_id_subject')),
    sa.ForeignKeyConstraint(['vergunningtype_id'], ['vergunningtype.id'], name=op.f('fk_vergunning_vergunningtype_id_vergunningtype')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vergunning')),
    sa.UniqueConstraint('gemeente_id', 'zaaknummer', name='uq_vergunning_gemeente_zaaknummer')
    )
    with op.batch_alter_table('vergunning', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vergunning_adres_id'), ['adres_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vergunning_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index('ix_vergunning_gemeente_status_verval', ['gemeente_id', 'status', 'vervaldatum'], unique=False)
        batch_op.create_index('ix_vergunning_gemeente_type', ['gemeente_id', 'vergunningtype_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vergunning_houder_id'), ['houder_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vergunning_vervaldatum'), ['vervaldatum'], unique=False)

    _bibob_koppeling()

    op.create_table('vergunning_besluit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vergunning_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('van_status', sa.Enum('aangevraagd', 'in_behandeling', 'verleend', 'geweigerd', 'geschorst', 'ingetrokken', 'vervallen', name='besluit_van_status', native_enum=False, create_constraint=True, length=40), nullable=True),
    sa.Column('naar_status', sa.Enum('aangevraagd', 'in_behandeling', 'verleend', 'geweigerd', 'geschorst', 'ingetrokken', 'vervallen', name='besluit_naar_status', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('handeling', sa.String(length=80), nullable=False),
    sa.Column('datum', sa.Date(), nullable=False),
    sa.Column('toelichting', sa.Text(), nullable=False),
    sa.Column('door_id', sa.Integer(), nullable=True),
    sa.Column('vastgelegd_op', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['door_id'], ['gebruiker.id'], name=op.f('fk_vergunning_besluit_door_id_gebruiker')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_vergunning_besluit_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['vergunning_id'], ['vergunning.id'], name=op.f('fk_vergunning_besluit_vergunning_id_vergunning'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vergunning_besluit'))
    )
    with op.batch_alter_table('vergunning_besluit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vergunning_besluit_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vergunning_besluit_vergunning_id'), ['vergunning_id'], unique=False)

    op.create_table('vergunning_betrokkene',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vergunning_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('rol', sa.Enum('exploitant', 'beheerder', 'leidinggevende', name='betrokkenerol', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('sinds', sa.Date(), nullable=True),
    sa.Column('tot', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_vergunning_betrokkene_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['subject_id'], ['subject.id'], name=op.f('fk_vergunning_betrokkene_subject_id_subject')),
    sa.ForeignKeyConstraint(['vergunning_id'], ['vergunning.id'], name=op.f('fk_vergunning_betrokkene_vergunning_id_vergunning'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vergunning_betrokkene')),
    sa.UniqueConstraint('vergunning_id', 'subject_id', 'rol', name='uq_vergunning_betrokkene')
    )
    with op.batch_alter_table('vergunning_betrokkene', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vergunning_betrokkene_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vergunning_betrokkene_subject_id'), ['subject_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vergunning_betrokkene_vergunning_id'), ['vergunning_id'], unique=False)

    op.create_table('voorschrift',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vergunning_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('nummer', sa.String(length=10), nullable=False),
    sa.Column('tekst', sa.Text(), nullable=False),
    sa.Column('categorie', sa.Enum('openingstijden', 'beheer', 'administratie', 'sekswerkers', 'bezetting', 'veiligheid', 'hygiene', 'huisvesting', 'alcohol', 'overig', name='voorschriftcategorie', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('bron_artikel', sa.String(length=120), nullable=False),
    sa.Column('volgorde', sa.Integer(), nullable=False),
    sa.Column('vervallen', sa.Boolean(), nullable=False),
    sa.Column('aangemaakt_op', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_voorschrift_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['vergunning_id'], ['vergunning.id'], name=op.f('fk_voorschrift_vergunning_id_vergunning'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voorschrift'))
    )
    with op.batch_alter_table('voorschrift', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_voorschrift_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_voorschrift_vergunning_id'), ['vergunning_id'], unique=False)

    op.create_table('voorschrift_toets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('controle_id', sa.Integer(), nullable=False),
    sa.Column('voorschrift_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('oordeel', sa.String(length=20), nullable=False),
    sa.Column('toelichting', sa.Text(), nullable=False),
    sa.Column('gewijzigd_op', sa.DateTime(), nullable=True),
    sa.Column('gewijzigd_door_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['controle_id'], ['controle.id'], name=op.f('fk_voorschrift_toets_controle_id_controle')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_voorschrift_toets_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['gewijzigd_door_id'], ['gebruiker.id'], name=op.f('fk_voorschrift_toets_gewijzigd_door_id_gebruiker')),
    sa.ForeignKeyConstraint(['voorschrift_id'], ['voorschrift.id'], name=op.f('fk_voorschrift_toets_voorschrift_id_voorschrift')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voorschrift_toets')),
    sa.UniqueConstraint('controle_id', 'voorschrift_id', name='uq_voorschrift_toets')
    )
    with op.batch_alter_table('voorschrift_toets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_voorschrift_toets_controle_id'), ['controle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_voorschrift_toets_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_voorschrift_toets_voorschrift_id'), ['voorschrift_id'], unique=False)

    with op.batch_alter_table('bevinding', schema=None) as batch_op:
        batch_op.add_column(sa.Column('voorschrift_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_bevinding_voorschrift_id'), ['voorschrift_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_bevinding_voorschrift_id_voorschrift'), 'voorschrift', ['voorschrift_id'], ['id'])



def downgrade():
    with op.batch_alter_table('bevinding', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_bevinding_voorschrift_id_voorschrift'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_bevinding_voorschrift_id'))
        batch_op.drop_column('voorschrift_id')

    with op.batch_alter_table('voorschrift_toets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_voorschrift_toets_voorschrift_id'))
        batch_op.drop_index(batch_op.f('ix_voorschrift_toets_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_voorschrift_toets_controle_id'))

    op.drop_table('voorschrift_toets')
    with op.batch_alter_table('voorschrift', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_voorschrift_vergunning_id'))
        batch_op.drop_index(batch_op.f('ix_voorschrift_gemeente_id'))

    with op.batch_alter_table('bibob_onderzoek', schema=None) as batch_op:
        batch_op.drop_constraint(BIBOB_FK, type_='foreignkey')
    op.drop_table('voorschrift')
    with op.batch_alter_table('vergunning_betrokkene', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vergunning_betrokkene_vergunning_id'))
        batch_op.drop_index(batch_op.f('ix_vergunning_betrokkene_subject_id'))
        batch_op.drop_index(batch_op.f('ix_vergunning_betrokkene_gemeente_id'))

    op.drop_table('vergunning_betrokkene')
    with op.batch_alter_table('vergunning_besluit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vergunning_besluit_vergunning_id'))
        batch_op.drop_index(batch_op.f('ix_vergunning_besluit_gemeente_id'))

    op.drop_table('vergunning_besluit')
    with op.batch_alter_table('vergunning', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vergunning_vervaldatum'))
        batch_op.drop_index(batch_op.f('ix_vergunning_houder_id'))
        batch_op.drop_index('ix_vergunning_gemeente_type')
        batch_op.drop_index('ix_vergunning_gemeente_status_verval')
        batch_op.drop_index(batch_op.f('ix_vergunning_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_vergunning_adres_id'))

    op.drop_table('vergunning')
    _oude_tabellen_terug()
    _bibob_koppeling()
    with op.batch_alter_table('subject_relatie', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subject_relatie_rechtspersoon_id'))
        batch_op.drop_index(batch_op.f('ix_subject_relatie_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_subject_relatie_betrokkene_id'))

    op.drop_table('subject_relatie')
    with op.batch_alter_table('subject', schema=None) as batch_op:
        batch_op.drop_index('ix_subject_gemeente_zoeknaam')
        batch_op.drop_index(batch_op.f('ix_subject_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_subject_adres_id'))

    op.drop_table('subject')
    with op.batch_alter_table('vergunningtype', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vergunningtype_gemeente_id'))

    op.drop_table('vergunningtype')
