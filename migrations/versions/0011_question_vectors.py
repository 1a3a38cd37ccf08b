"""knowledge: sentence embeddings of the entries' questions, shared by every process

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27 14:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'faq_question_vector',
        sa.Column('key', sa.String(length=40), nullable=False),
        sa.Column('vector', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )


def downgrade():
    op.drop_table('faq_question_vector')
