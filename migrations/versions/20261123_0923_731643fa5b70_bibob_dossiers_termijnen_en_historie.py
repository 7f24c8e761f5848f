"""bibob dossiers termijnen en historie

Revision ID: 731643fa5b70
Revises: 15859eb27d63
Create Date: 2026-11-23 09:23:22.345452
"""
from alembic import op
import sqlalchemy as sa


revision = '731643fa5b70'
down_revision = '15859eb27d63'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('bibob_mandaat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gebruiker_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('besluit', sa.String(length=200), nullable=False),
    sa.Column('verleend_op', sa.DateTime(), nullable=False),
    sa.Column('verleend_door_id', sa.Integer(), nullable=True),
    sa.Column('ingetrokken_op', sa.DateTime(), nullable=True),
    sa.Column('ingetrokken_door_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['gebruiker_id'], ['gebruiker.id'], name=op.f('fk_bibob_mandaat_gebruiker_id_gebruiker')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_bibob_mandaat_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['ingetrokken_door_id'], ['gebruiker.id'], name=op.f('fk_bibob_mandaat_ingetrokken_door_id_gebruiker')),
    sa.ForeignKeyConstraint(['verleend_door_id'], ['gebruiker.id'], name=op.f('fk_bibob_mandaat_verleend_door_id_gebruiker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bibob_mandaat'))
    )
    with op.batch_alter_table('bibob_mandaat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bibob_mandaat_gebruiker_id'), ['gebruiker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bibob_mandaat_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('bibob_betrokkene',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('onderzoek_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('rol', sa.Enum('betrokkene', 'bestuurder', 'aandeelhouder', 'financier', 'zeggenschap', 'zakelijk', name='bibobrol', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_bibob_betrokkene_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['onderzoek_id'], ['bibob_onderzoek.id'], name=op.f('fk_bibob_betrokkene_onderzoek_id_bibob_onderzoek'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subject_id'], ['subject.id'], name=op.f('fk_bibob_betrokkene_subject_id_subject')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bibob_betrokkene')),
    sa.UniqueConstraint('onderzoek_id', 'subject_id', 'rol', name='uq_bibob_betrokkene')
    )
    with op.batch_alter_table('bibob_betrokkene', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bibob_betrokkene_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bibob_betrokkene_onderzoek_id'), ['onderzoek_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bibob_betrokkene_subject_id'), ['subject_id'], unique=False)

    op.create_table('bibob_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('onderzoek_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('sleutel', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('bestandsnaam', sa.String(length=200), nullable=False),
    sa.Column('mimetype', sa.String(length=100), nullable=False),
    sa.Column('grootte', sa.Integer(), nullable=False),
    sa.Column('omschrijving', sa.String(length=300), nullable=False),
    sa.Column('toegevoegd_op', sa.DateTime(), nullable=False),
    sa.Column('toegevoegd_door_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_bibob_document_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['onderzoek_id'], ['bibob_onderzoek.id'], name=op.f('fk_bibob_document_onderzoek_id_bibob_onderzoek'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['toegevoegd_door_id'], ['gebruiker.id'], name=op.f('fk_bibob_document_toegevoegd_door_id_gebruiker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bibob_document'))
    )
    with op.batch_alter_table('bibob_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bibob_document_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bibob_document_onderzoek_id'), ['onderzoek_id'], unique=False)

    op.create_table('bibob_stap',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('onderzoek_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('van_status', sa.Enum('aanleiding', 'formulier_opgevraagd', 'formulier_ontvangen', 'eigen_onderzoek', 'conclusie_eigen_onderzoek', 'advies_lbb_aangevraagd', 'advies_ontvangen', 'zienswijze', 'besluit', 'gearchiveerd', name='bibobstap_van', native_enum=False, create_constraint=True, length=40), nullable=True),
    sa.Column('naar_status', sa.Enum('aanleiding', 'formulier_opgevraagd', 'formulier_ontvangen', 'eigen_onderzoek', 'conclusie_eigen_onderzoek', 'advies_lbb_aangevraagd', 'advies_ontvangen', 'zienswijze', 'besluit', 'gearchiveerd', name='bibobstap_naar', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('handeling', sa.String(length=120), nullable=False),
    sa.Column('datum', sa.Date(), nullable=False),
    sa.Column('toelichting', sa.Text(), nullable=False),
    sa.Column('door_id', sa.Integer(), nullable=True),
    sa.Column('vastgelegd_op', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['door_id'], ['gebruiker.id'], name=op.f('fk_bibob_stap_door_id_gebruiker')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_bibob_stap_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['onderzoek_id'], ['bibob_onderzoek.id'], name=op.f('fk_bibob_stap_onderzoek_id_bibob_onderzoek'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bibob_stap'))
    )
    with op.batch_alter_table('bibob_stap', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bibob_stap_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bibob_stap_onderzoek_id'), ['onderzoek_id'], unique=False)

    op.create_table('bibob_tip',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('onderzoek_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('bron', sa.Enum('gemeente', 'riec', 'politie', 'om', 'belastingdienst', 'anders', name='tipbron', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('bron_omschrijving', sa.String(length=200), nullable=False),
    sa.Column('ontvangen_op', sa.Date(), nullable=False),
    sa.Column('inhoud', sa.Text(), nullable=False),
    sa.Column('vastgelegd_op', sa.DateTime(), nullable=False),
    sa.Column('vastgelegd_door_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_bibob_tip_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['onderzoek_id'], ['bibob_onderzoek.id'], name=op.f('fk_bibob_tip_onderzoek_id_bibob_onderzoek'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['vastgelegd_door_id'], ['gebruiker.id'], name=op.f('fk_bibob_tip_vastgelegd_door_id_gebruiker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bibob_tip'))
    )
    with op.batch_alter_table('bibob_tip', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bibob_tip_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bibob_tip_onderzoek_id'), ['onderzoek_id'], unique=False)

    with op.batch_alter_table('bibob_onderzoek', schema=None) as batch_op:
        batch_op.add_column(sa.Column('omschrijving', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('beslistermijn_tot', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('formulier_opgevraagd_op', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('formulier_ontvangen_op', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('formulier_uitkomst', sa.Enum('volledig', 'onvolledig', 'geweigerd', name='formulieruitkomst', native_enum=False, create_constraint=True, length=40), nullable=True))
        batch_op.add_column(sa.Column('eigen_onderzoek_op', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('eigen_bevindingen', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('eigen_conclusie', sa.Enum('geen_gevaar', 'advies_nodig', 'gevaar', name='eigenconclusie', native_enum=False, create_constraint=True, length=40), nullable=True))
        batch_op.add_column(sa.Column('eigen_conclusie_op', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('lbb_aangevraagd_op', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('betrokkene_geinformeerd_op', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('lbb_verlengd_op', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('lbb_verlenging_weken', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('advies_ontvangen_op', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('advies_mate', sa.Enum('geen', 'mindere_mate', 'ernstig', name='matevangevaar', native_enum=False, create_constraint=True, length=40), nullable=True))
        batch_op.add_column(sa.Column('advies_grond', sa.Enum('a', 'b', 'ab', 'lid6', name='gevaargrond', native_enum=False, create_constraint=True, length=10), nullable=True))
        batch_op.add_column(sa.Column('advies_samenvatting', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('hergebruikt_advies_van_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('zienswijze_gevraagd_op', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('zienswijze_ontvangen_op', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('zienswijze_afgezien', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('zienswijze', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('besluit', sa.Enum('verlenen', 'voorschriften', 'weigeren', 'intrekken', 'niet_intrekken', name='bibobbesluit', native_enum=False, create_constraint=True, length=40), nullable=True))
        batch_op.add_column(sa.Column('besluit_op', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('besluit_motivering', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('gearchiveerd_op', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('aangemaakt_door_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('gewijzigd_op', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('versie', sa.Integer(), server_default='1', nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_bibob_onderzoek_aangemaakt_door_id_gebruiker'), 'gebruiker', ['aangemaakt_door_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_bibob_onderzoek_hergebruikt_advies_van_id_bibob_onderzoek'), 'bibob_onderzoek', ['hergebruikt_advies_van_id'], ['id'])
        batch_op.drop_column('termijn_tot')

    with op.batch_alter_table('subject', schema=None) as batch_op:
        batch_op.add_column(sa.Column('zoeksleutel', sa.String(length=400), server_default='', nullable=False))



def downgrade():
    with op.batch_alter_table('subject', schema=None) as batch_op:
        batch_op.drop_column('zoeksleutel')

    with op.batch_alter_table('bibob_onderzoek', schema=None) as batch_op:
        batch_op.add_column(sa.Column('termijn_tot', sa.DATE(), nullable=True))
        batch_op.drop_constraint(batch_op.f('fk_bibob_onderzoek_hergebruikt_advies_van_id_bibob_onderzoek'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_bibob_onderzoek_aangemaakt_door_id_gebruiker'), type_='foreignkey')
        for naam in ['formulieruitkomst', 'eigenconclusie', 'matevangevaar', 'gevaargrond', 'bibobbesluit']:
            batch_op.drop_constraint(op.f(f'ck_bibob_onderzoek_{naam}'), type_='check')
        batch_op.drop_column('versie')
        batch_op.drop_column('gewijzigd_op')
        batch_op.drop_column('aangemaakt_door_id')
        batch_op.drop_column('gearchiveerd_op')
        batch_op.drop_column('besluit_motivering')
        batch_op.drop_column('besluit_op')
        batch_op.drop_column('besluit')
        batch_op.drop_column('zienswijze')
        batch_op.drop_column('zienswijze_afgezien')
        batch_op.drop_column('zienswijze_ontvangen_op')
        batch_op.drop_column('zienswijze_gevraagd_op')
        batch_op.drop_column('hergebruikt_advies_van_id')
        batch_op.drop_column('advies_samenvatting')
        batch_op.drop_column('advies_grond')
        batch_op.drop_column('advies_mate')
        batch_op.drop_column('advies_ontvangen_op')
        batch_op.drop_column('lbb_verlenging_weken')
        batch_op.drop_column('lbb_verlengd_op')
        batch_op.drop_column('betrokkene_geinformeerd_op')
        batch_op.drop_column('lbb_aangevraagd_op')
        batch_op.drop_column('eigen_conclusie_op')
        batch_op.drop_column('eigen_conclusie')
        batch_op.drop_column('eigen_bevindingen')
        batch_op.drop_column('eigen_onderzoek_op')
        batch_op.drop_column('formulier_uitkomst')
        batch_op.drop_column('formulier_ontvangen_op')
        batch_op.drop_column('formulier_opgevraagd_op')
        batch_op.drop_column('beslistermijn_tot')
        batch_op.drop_column('omschrijving')

    with op.batch_alter_table('bibob_tip', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bibob_tip_onderzoek_id'))
        batch_op.drop_index(batch_op.f('ix_bibob_tip_gemeente_id'))

    op.drop_table('bibob_tip')
    with op.batch_alter_table('bibob_stap', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bibob_stap_onderzoek_id'))
        batch_op.drop_index(batch_op.f('ix_bibob_stap_gemeente_id'))

    op.drop_table('bibob_stap')
    with op.batch_alter_table('bibob_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bibob_document_onderzoek_id'))
        batch_op.drop_index(batch_op.f('ix_bibob_document_gemeente_id'))

    op.drop_table('bibob_document')
    with op.batch_alter_table('bibob_betrokkene', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bibob_betrokkene_subject_id'))
        batch_op.drop_index(batch_op.f('ix_bibob_betrokkene_onderzoek_id'))
        batch_op.drop_index(batch_op.f('ix_bibob_betrokkene_gemeente_id'))

    op.drop_table('bibob_betrokkene')
    with op.batch_alter_table('bibob_mandaat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bibob_mandaat_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_bibob_mandaat_gebruiker_id'))

    op.drop_table('bibob_mandaat')
