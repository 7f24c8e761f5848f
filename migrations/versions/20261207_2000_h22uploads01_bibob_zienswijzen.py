"""bibob zienswijzen: every zienswijze its own row (art. 33 Wet Bibob, Awb 4:8)

A second zienswijze used to overwrite the first in three columns of bibob_onderzoek. The
recorded ones move to bibob_zienswijze (the recorder taken from the matching step row) and the
columns go. The columns are dropped with plain ALTER TABLE ... DROP COLUMN (SQLite >= 3.35):
a batch rebuild of bibob_onderzoek would drop the table that other tables cascade from.

Downgrade puts the last date back, "afgezien" only when every row says so, and the texts of all
rows (oldest first) joined into the one text column, so nothing of what was said is lost.

Revision ID: h22uploads01
Revises: ebaef4269f94
Create Date: 2026-12-07 20:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'h22uploads01'
down_revision = 'h22idem01'
branch_labels = None
depends_on = None

HANDELINGEN = "('Zienswijze ontvangen', 'Afgezien van zienswijze')"


def upgrade():
    op.create_table('bibob_zienswijze',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('onderzoek_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('ontvangen_op', sa.Date(), nullable=False),
    sa.Column('tekst', sa.Text(), nullable=False),
    sa.Column('afgezien', sa.Boolean(), nullable=False),
    sa.Column('vastgelegd_op', sa.DateTime(), nullable=False),
    sa.Column('vastgelegd_door_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_bibob_zienswijze_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['onderzoek_id'], ['bibob_onderzoek.id'], name=op.f('fk_bibob_zienswijze_onderzoek_id_bibob_onderzoek'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['vastgelegd_door_id'], ['gebruiker.id'], name=op.f('fk_bibob_zienswijze_vastgelegd_door_id_gebruiker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bibob_zienswijze'))
    )
    with op.batch_alter_table('bibob_zienswijze', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bibob_zienswijze_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bibob_zienswijze_onderzoek_id'), ['onderzoek_id'], unique=False)

    op.execute(f"""
        INSERT INTO bibob_zienswijze (onderzoek_id, gemeente_id, ontvangen_op, tekst, afgezien, vastgelegd_op,
                                      vastgelegd_door_id)
        SELECT o.id, o.gemeente_id, o.zienswijze_ontvangen_op, COALESCE(o.zienswijze, ''), o.zienswijze_afgezien,
               COALESCE(o.gewijzigd_op, o.aangemaakt_op),
               (SELECT s.door_id FROM bibob_stap s WHERE s.onderzoek_id = o.id AND s.handeling IN {HANDELINGEN}
                ORDER BY s.id DESC LIMIT 1)
        FROM bibob_onderzoek o
        WHERE o.zienswijze_ontvangen_op IS NOT NULL
        ORDER BY o.id
    """)
    for kolom in ('zienswijze', 'zienswijze_afgezien', 'zienswijze_ontvangen_op'):
        op.execute(f"ALTER TABLE bibob_onderzoek DROP COLUMN {kolom}")


def downgrade():
    op.add_column('bibob_onderzoek', sa.Column('zienswijze_ontvangen_op', sa.Date(), nullable=True))
    op.add_column('bibob_onderzoek', sa.Column('zienswijze_afgezien', sa.Boolean(), server_default=sa.false(),
                                               nullable=False))
    op.add_column('bibob_onderzoek', sa.Column('zienswijze', sa.Text(), server_default='', nullable=False))
    samen = ("string_agg(z.tekst, E'\\n\\n' ORDER BY z.ontvangen_op, z.id)"
             if op.get_bind().dialect.name == "postgresql" else "group_concat(z.tekst, char(10) || char(10))")
    waar = "z.onderzoek_id = bibob_onderzoek.id"
    op.execute(f"""
        UPDATE bibob_onderzoek SET
            zienswijze_ontvangen_op = (SELECT max(z.ontvangen_op) FROM bibob_zienswijze z WHERE {waar}),
            zienswijze_afgezien = NOT EXISTS (SELECT 1 FROM bibob_zienswijze z WHERE {waar} AND NOT z.afgezien),
            zienswijze = COALESCE((SELECT {samen} FROM bibob_zienswijze z WHERE {waar} AND z.tekst <> ''), '')
        WHERE EXISTS (SELECT 1 FROM bibob_zienswijze z WHERE {waar})
    """)
    with op.batch_alter_table('bibob_zienswijze', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bibob_zienswijze_onderzoek_id'))
        batch_op.drop_index(batch_op.f('ix_bibob_zienswijze_gemeente_id'))

    op.drop_table('bibob_zienswijze')
