"""console admin: the WeChat custom menu edited in the console, every saved version kept

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 02:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('wechat_menu_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('menu', sa.JSON(), nullable=True),
    sa.Column('saved_by', sa.String(length=60), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('restored_from', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wechat_menu_versions'))
    )


def downgrade():
    op.drop_table('wechat_menu_versions')
