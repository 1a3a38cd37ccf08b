"""knowledge: the entry a resident opened from the questions offered with an unanswered question

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27 12:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('faq_unanswered') as batch:
        batch.add_column(sa.Column('chosen', sa.String(length=80), nullable=True))


def downgrade():
    with op.batch_alter_table('faq_unanswered') as batch:
        batch.drop_column('chosen')
