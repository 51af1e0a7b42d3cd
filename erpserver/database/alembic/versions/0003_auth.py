"""API keys and the shared login cool-down

Revision ID: 0003_auth
Revises: 0002_record_rules
"""
from alembic import op
import sqlalchemy as sa

revision = '0003_auth'
down_revision = '0002_record_rules'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('res_users_login_failure',
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('address'),
    comment='Failed logins per source address since its last success (the login cool-down)'
    )
    op.create_table('res_users_apikeys',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(), nullable=True),
    sa.Column('expiration_date', sa.DateTime(), nullable=True),
    sa.Column('create_date', sa.DateTime(), nullable=True),
    sa.Column('index', sa.String(length=8), nullable=False),
    sa.Column('key', sa.String(), nullable=False),
    sa.CheckConstraint('length("index") = 8'),
    sa.ForeignKeyConstraint(['user_id'], ['res_users.id'], name='res_users_apikeys_user_id_fkey',
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    comment='Users API Keys',
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('res_users_apikeys', schema=None) as batch_op:
        batch_op.create_index('res_users_apikeys_user_id_index_idx', ['user_id', 'index'], unique=False)

    op.create_table('res_users_apikeys_description',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('expiration_date', sa.DateTime(), nullable=True),
    sa.Column('create_uid', sa.Integer(), nullable=True),
    sa.Column('create_date', sa.DateTime(), nullable=True),
    sa.Column('write_uid', sa.Integer(), nullable=True),
    sa.Column('write_date', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['create_uid'], ['res_users.id'], name='res_users_apikeys_description_create_uid_fkey',
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['write_uid'], ['res_users.id'], name='res_users_apikeys_description_write_uid_fkey',
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    comment='API Key Description',
    sqlite_autoincrement=True
    )


def downgrade() -> None:
    op.drop_table('res_users_apikeys_description')
    with op.batch_alter_table('res_users_apikeys', schema=None) as batch_op:
        batch_op.drop_index('res_users_apikeys_user_id_index_idx')

    op.drop_table('res_users_apikeys')
    op.drop_table('res_users_login_failure')
