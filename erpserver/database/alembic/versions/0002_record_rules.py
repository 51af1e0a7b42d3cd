"""record rules

Revision ID: 0002_record_rules
Revises: 0001_base
"""
from alembic import op
import sqlalchemy as sa

revision = '0002_record_rules'
down_revision = '0001_base'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ir_rule',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=True),
    sa.Column('model_id', sa.Integer(), nullable=False),
    sa.Column('domain_force', sa.Text(), nullable=True),
    sa.Column('perm_read', sa.Boolean(), nullable=True),
    sa.Column('perm_write', sa.Boolean(), nullable=True),
    sa.Column('perm_create', sa.Boolean(), nullable=True),
    sa.Column('perm_unlink', sa.Boolean(), nullable=True),
    sa.Column('global', sa.Boolean(), nullable=True),
    sa.Column('create_uid', sa.Integer(), nullable=True),
    sa.Column('create_date', sa.DateTime(), nullable=True),
    sa.Column('write_uid', sa.Integer(), nullable=True),
    sa.Column('write_date', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['create_uid'], ['res_users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['model_id'], ['ir_model.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['write_uid'], ['res_users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    comment='Record Rule',
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('ir_rule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ir_rule_model_id'), ['model_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ir_rule_name'), ['name'], unique=False)

    op.create_table('rule_group_rel',
    sa.Column('rule_group_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['res_groups.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rule_group_id'], ['ir_rule.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('rule_group_id', 'group_id')
    )
    with op.batch_alter_table('rule_group_rel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rule_group_rel_group_id'), ['group_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('rule_group_rel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rule_group_rel_group_id'))

    op.drop_table('rule_group_rel')
    with op.batch_alter_table('ir_rule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ir_rule_name'))
        batch_op.drop_index(batch_op.f('ix_ir_rule_model_id'))

    op.drop_table('ir_rule')
