"""controle uitkomsten als verzameling: one visit, several outcomes (issue 23)

A controle had one outcome: its status, with ``controle.uitkomst_toelichting``. Now it has a
set of outcomes in ``controle_uitkomst`` (each with its toelichting, the partner for a
referral and the hercontrole it planned); the status stays the furthest-reaching one.

Every closed controle gets its one outcome as a row: the status, the toelichting, and for a
hercontrole the follow-up planned from it (the first controle whose ``vorige_controle_id``
points back). ``uitkomst_toelichting`` stays for these older controles and is no longer written.

Downgrade puts the toelichting of the outcome the status shows back into
``uitkomst_toelichting`` (the others' are lost with the table).

Revision ID: h23uitkomst01
Revises: h22fuzz01
Create Date: 2026-12-07 23:06:18
"""
from alembic import op
import sqlalchemy as sa


revision = 'h23uitkomst01'
down_revision = 'h22fuzz01'
branch_labels = None
depends_on = None

# The outcome statuses, as in h22fuzz01 (a migration keeps its own copy: the models move on).
AFGEROND = ("'afgesloten_geen_overtreding', 'doorgezet_handhaving', 'doorgezet_signaal_riec', "
            "'doorgezet_partner', 'hercontrole_gepland'")


def upgrade():
    op.create_table('controle_uitkomst',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('controle_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('uitkomst', sa.Enum('gepland', 'voorbereid', 'uitgevoerd', 'rapport_concept', 'rapport_vastgesteld', 'afgesloten_geen_overtreding', 'doorgezet_handhaving', 'doorgezet_signaal_riec', 'doorgezet_partner', 'hercontrole_gepland', name='controle_uitkomst_status', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('toelichting', sa.Text(), nullable=False),
    sa.Column('partner', sa.String(length=40), nullable=False),
    sa.Column('hercontrole_id', sa.Integer(), nullable=True),
    sa.Column('gekozen_op', sa.DateTime(), nullable=False),
    sa.Column('gekozen_door_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("uitkomst IN ('afgesloten_geen_overtreding', 'doorgezet_handhaving', 'doorgezet_signaal_riec', 'doorgezet_partner', 'hercontrole_gepland')", name=op.f('ck_controle_uitkomst_alleen_uitkomsten')),
    sa.ForeignKeyConstraint(['controle_id'], ['controle.id'], name=op.f('fk_controle_uitkomst_controle_id_controle')),
    sa.ForeignKeyConstraint(['gekozen_door_id'], ['gebruiker.id'], name=op.f('fk_controle_uitkomst_gekozen_door_id_gebruiker')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_controle_uitkomst_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['hercontrole_id'], ['controle.id'], name=op.f('fk_controle_uitkomst_hercontrole_id_controle')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_controle_uitkomst')),
    sa.UniqueConstraint('controle_id', 'uitkomst', name=op.f('uq_controle_uitkomst_controle_id'))
    )
    with op.batch_alter_table('controle_uitkomst', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_controle_uitkomst_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_controle_uitkomst_hercontrole_id'), ['hercontrole_id'], unique=False)

    op.execute(f"""
        INSERT INTO controle_uitkomst (controle_id, gemeente_id, uitkomst, toelichting, partner, hercontrole_id,
                                       gekozen_op, gekozen_door_id)
        SELECT c.id, c.gemeente_id, c.status, COALESCE(c.uitkomst_toelichting, ''), '',
               CASE WHEN c.status = 'hercontrole_gepland'
                    THEN (SELECT min(v.id) FROM controle v WHERE v.vorige_controle_id = c.id) END,
               COALESCE(c.afgerond_op, c.gewijzigd_op, c.aangemaakt_op), NULL
        FROM controle c
        WHERE c.status IN ({AFGEROND})
        ORDER BY c.id
    """)


def downgrade():
    op.execute("""
        UPDATE controle SET uitkomst_toelichting = (
            SELECT u.toelichting FROM controle_uitkomst u
            WHERE u.controle_id = controle.id AND u.uitkomst = controle.status)
        WHERE EXISTS (SELECT 1 FROM controle_uitkomst u
                      WHERE u.controle_id = controle.id AND u.uitkomst = controle.status)
    """)
    with op.batch_alter_table('controle_uitkomst', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_controle_uitkomst_hercontrole_id'))
        batch_op.drop_index(batch_op.f('ix_controle_uitkomst_gemeente_id'))

    op.drop_table('controle_uitkomst')
