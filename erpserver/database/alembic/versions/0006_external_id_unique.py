"""external ids are unique: one ir_model_data row per (module, name)

Revision ID: 0006_external_id_unique
Revises: 0005_languages

Before this index, concurrent ``load`` calls could each add the same new external id. The
oldest row of each (module, name) is kept; the others go. A second index finds the external ids
of given records (export, unlink). ``if_not_exists``: a base migration regenerated from the
models already has both.
"""
from alembic import op
import sqlalchemy as sa

revision = '0006_external_id_unique'
down_revision = '0005_languages'
branch_labels = None
depends_on = None

UNIQUE = 'ir_model_data_module_name_uniq'
BY_RECORD = 'ir_model_data_model_res_id_index'


def upgrade() -> None:
    data = sa.table('ir_model_data', sa.column('id', sa.Integer), sa.column('module', sa.String),
                    sa.column('name', sa.String))
    oldest = sa.select(sa.func.min(data.c.id)).group_by(data.c.module, data.c.name)
    op.execute(sa.delete(data).where(data.c.id.not_in(oldest)))
    op.create_index(UNIQUE, 'ir_model_data', ['module', 'name'], unique=True, if_not_exists=True)
    op.create_index(BY_RECORD, 'ir_model_data', ['model', 'res_id'], if_not_exists=True)


def downgrade() -> None:
    op.drop_index(BY_RECORD, 'ir_model_data')
    op.drop_index(UNIQUE, 'ir_model_data')
