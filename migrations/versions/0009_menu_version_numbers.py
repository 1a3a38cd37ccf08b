"""console admin: menu versions numbered 1, 2, 3 ... without gaps (row ids can skip on PostgreSQL)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 09:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

versions = sa.table('wechat_menu_versions', sa.column('id', sa.Integer), sa.column('number', sa.Integer),
                    sa.column('restored_from', sa.Integer))


def upgrade():
    op.add_column('wechat_menu_versions', sa.Column('number', sa.Integer(), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(sa.select(versions.c.id, versions.c.restored_from).order_by(versions.c.id)).all()
    number_of = {row.id: n for n, row in enumerate(rows, start=1)}
    for row in rows:  # restored_from held a row id; from now on it is a version number
        conn.execute(versions.update().where(versions.c.id == row.id).values(
            number=number_of[row.id], restored_from=number_of.get(row.restored_from, row.restored_from)))
    with op.batch_alter_table('wechat_menu_versions') as batch:
        batch.alter_column('number', existing_type=sa.Integer(), nullable=False)
        batch.create_unique_constraint(batch.f('uq_wechat_menu_versions_number'), ['number'])


def downgrade():
    conn = op.get_bind()
    rows = conn.execute(sa.select(versions.c.id, versions.c.number, versions.c.restored_from)).all()
    id_of = {row.number: row.id for row in rows}
    for row in rows:
        conn.execute(versions.update().where(versions.c.id == row.id).values(
            restored_from=id_of.get(row.restored_from, row.restored_from)))
    with op.batch_alter_table('wechat_menu_versions') as batch:
        batch.drop_constraint(batch.f('uq_wechat_menu_versions_number'), type_='unique')
        batch.drop_column('number')
