"""crm pipeline: sales teams, lost reasons, stage and lead links; the SQL constraints of crm and
res.country

Revision ID: 0004_crm_and_constraints
Revises: 0003_auth
"""
from alembic import op
import sqlalchemy as sa

revision = '0004_crm_and_constraints'
down_revision = '0003_auth'
branch_labels = None
depends_on = None


def _log_columns(table: str) -> list[sa.Column]:
    return [
        sa.Column('create_uid', sa.Integer(), sa.ForeignKey('res_users.id', name=f'{table}_create_uid_fkey', ondelete='SET NULL'), nullable=True),
        sa.Column('create_date', sa.DateTime(), nullable=True),
        sa.Column('write_uid', sa.Integer(), sa.ForeignKey('res_users.id', name=f'{table}_write_uid_fkey', ondelete='SET NULL'), nullable=True),
        sa.Column('write_date', sa.DateTime(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table('crm_team',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=True),
    sa.Column('company_id', sa.Integer(), sa.ForeignKey('res_company.id', name='crm_team_company_id_fkey', ondelete='SET NULL'), nullable=True),
    sa.Column('user_id', sa.Integer(), sa.ForeignKey('res_users.id', name='crm_team_user_id_fkey', ondelete='SET NULL'), nullable=True),
    sa.Column('color', sa.Integer(), nullable=True),
    sa.Column('use_leads', sa.Boolean(), nullable=True),
    sa.Column('use_opportunities', sa.Boolean(), nullable=True),
    *_log_columns('crm_team'),
    sa.PrimaryKeyConstraint('id'),
    comment='Sales Team',
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('crm_team', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_crm_team_company_id'), ['company_id'], unique=False)

    op.create_table('crm_lost_reason',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=True),
    *_log_columns('crm_lost_reason'),
    sa.PrimaryKeyConstraint('id'),
    comment='Opp. Lost Reason',
    sqlite_autoincrement=True
    )

    # SQLite cannot add foreign keys or constraints in place: the tables are copied (ids only grow)
    with op.batch_alter_table('crm_stage', recreate='auto', table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('requirements', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('team_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('crm_stage_team_id_fkey', 'crm_team', ['team_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('crm_tag', recreate='auto', table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.create_unique_constraint('crm_tag_name_uniq', ['name'])

    with op.batch_alter_table('res_country', recreate='auto', table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.create_unique_constraint('res_country_name_uniq', ['name'])
        batch_op.create_unique_constraint('res_country_code_uniq', ['code'])

    with op.batch_alter_table('crm_lead', recreate='auto', table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('team_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('lost_reason_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('crm_lead_team_id_fkey', 'crm_team', ['team_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key('crm_lead_lost_reason_id_fkey', 'crm_lost_reason', ['lost_reason_id'], ['id'],
                                    ondelete='RESTRICT')
        batch_op.create_check_constraint('crm_lead_check_probability',
                                         sa.text('probability >= 0 and probability <= 100'))
        batch_op.create_index(batch_op.f('ix_crm_lead_team_id'), ['team_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_crm_lead_lost_reason_id'), ['lost_reason_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('crm_lead', recreate='auto', table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crm_lead_lost_reason_id'))
        batch_op.drop_index(batch_op.f('ix_crm_lead_team_id'))
        batch_op.drop_constraint('crm_lead_check_probability', type_='check')
        batch_op.drop_constraint('crm_lead_lost_reason_id_fkey', type_='foreignkey')
        batch_op.drop_constraint('crm_lead_team_id_fkey', type_='foreignkey')
        batch_op.drop_column('lost_reason_id')
        batch_op.drop_column('team_id')
    with op.batch_alter_table('res_country', recreate='auto', table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_constraint('res_country_code_uniq', type_='unique')
        batch_op.drop_constraint('res_country_name_uniq', type_='unique')
    with op.batch_alter_table('crm_tag', recreate='auto', table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_constraint('crm_tag_name_uniq', type_='unique')
    with op.batch_alter_table('crm_stage', recreate='auto', table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_constraint('crm_stage_team_id_fkey', type_='foreignkey')
        batch_op.drop_column('team_id')
        batch_op.drop_column('requirements')
    op.drop_table('crm_lost_reason')
    with op.batch_alter_table('crm_team', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crm_team_company_id'))
    op.drop_table('crm_team')
