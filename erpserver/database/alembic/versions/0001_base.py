"""base schema

Revision ID: 0001_base
Revises: 
"""
from alembic import op
import sqlalchemy as sa

revision = '0001_base'
down_revision = None
branch_labels = None
depends_on = None

FOREIGN_KEYS = [
    ('res_company', 'create_uid', 'res_users', 'id', 'SET NULL'),
    ('res_company', 'currency_id', 'res_currency', 'id', 'SET NULL'),
    ('res_company', 'parent_id', 'res_company', 'id', 'RESTRICT'),
    ('res_company', 'partner_id', 'res_partner', 'id', 'RESTRICT'),
    ('res_company', 'write_uid', 'res_users', 'id', 'SET NULL'),
    ('res_country', 'create_uid', 'res_users', 'id', 'SET NULL'),
    ('res_country', 'currency_id', 'res_currency', 'id', 'SET NULL'),
    ('res_country', 'write_uid', 'res_users', 'id', 'SET NULL'),
    ('res_country_state', 'country_id', 'res_country', 'id', 'SET NULL'),
    ('res_country_state', 'create_uid', 'res_users', 'id', 'SET NULL'),
    ('res_country_state', 'write_uid', 'res_users', 'id', 'SET NULL'),
    ('res_currency', 'create_uid', 'res_users', 'id', 'SET NULL'),
    ('res_currency', 'write_uid', 'res_users', 'id', 'SET NULL'),
    ('res_partner', 'commercial_partner_id', 'res_partner', 'id', 'SET NULL'),
    ('res_partner', 'company_id', 'res_company', 'id', 'SET NULL'),
    ('res_partner', 'country_id', 'res_country', 'id', 'RESTRICT'),
    ('res_partner', 'create_uid', 'res_users', 'id', 'SET NULL'),
    ('res_partner', 'industry_id', 'res_partner_industry', 'id', 'SET NULL'),
    ('res_partner', 'parent_id', 'res_partner', 'id', 'SET NULL'),
    ('res_partner', 'state_id', 'res_country_state', 'id', 'RESTRICT'),
    ('res_partner', 'title', 'res_partner_title', 'id', 'SET NULL'),
    ('res_partner', 'user_id', 'res_users', 'id', 'SET NULL'),
    ('res_partner', 'write_uid', 'res_users', 'id', 'SET NULL'),
    ('res_partner_industry', 'create_uid', 'res_users', 'id', 'SET NULL'),
    ('res_partner_industry', 'write_uid', 'res_users', 'id', 'SET NULL'),
    ('res_partner_title', 'create_uid', 'res_users', 'id', 'SET NULL'),
    ('res_partner_title', 'write_uid', 'res_users', 'id', 'SET NULL'),
    ('res_users', 'company_id', 'res_company', 'id', 'SET NULL'),
    ('res_users', 'create_uid', 'res_users', 'id', 'SET NULL'),
    ('res_users', 'partner_id', 'res_partner', 'id', 'RESTRICT'),
    ('res_users', 'write_uid', 'res_users', 'id', 'SET NULL'),
    ('crm_stage', 'create_uid', 'res_users', 'id', 'SET NULL'),
    ('crm_stage', 'write_uid', 'res_users', 'id', 'SET NULL'),
    ('crm_tag', 'create_uid', 'res_users', 'id', 'SET NULL'),
    ('crm_tag', 'write_uid', 'res_users', 'id', 'SET NULL'),
    ('ir_model', 'create_uid', 'res_users', 'id', 'SET NULL'),
    ('ir_model', 'write_uid', 'res_users', 'id', 'SET NULL'),
    ('ir_model_data', 'create_uid', 'res_users', 'id', 'SET NULL'),
    ('ir_model_data', 'write_uid', 'res_users', 'id', 'SET NULL'),
    ('res_company_users_rel', 'cid', 'res_company', 'id', 'CASCADE'),
    ('res_company_users_rel', 'user_id', 'res_users', 'id', 'CASCADE'),
    ('res_groups', 'create_uid', 'res_users', 'id', 'SET NULL'),
    ('res_groups', 'write_uid', 'res_users', 'id', 'SET NULL'),
    ('res_partner_category', 'create_uid', 'res_users', 'id', 'SET NULL'),
    ('res_partner_category', 'parent_id', 'res_partner_category', 'id', 'CASCADE'),
    ('res_partner_category', 'write_uid', 'res_users', 'id', 'SET NULL'),
    ('crm_lead', 'company_currency', 'res_currency', 'id', 'SET NULL'),
    ('crm_lead', 'company_id', 'res_company', 'id', 'SET NULL'),
    ('crm_lead', 'country_id', 'res_country', 'id', 'SET NULL'),
    ('crm_lead', 'create_uid', 'res_users', 'id', 'SET NULL'),
    ('crm_lead', 'partner_id', 'res_partner', 'id', 'SET NULL'),
    ('crm_lead', 'stage_id', 'crm_stage', 'id', 'SET NULL'),
    ('crm_lead', 'state_id', 'res_country_state', 'id', 'SET NULL'),
    ('crm_lead', 'user_id', 'res_users', 'id', 'SET NULL'),
    ('crm_lead', 'write_uid', 'res_users', 'id', 'SET NULL'),
    ('ir_model_access', 'create_uid', 'res_users', 'id', 'SET NULL'),
    ('ir_model_access', 'group_id', 'res_groups', 'id', 'RESTRICT'),
    ('ir_model_access', 'model_id', 'ir_model', 'id', 'CASCADE'),
    ('ir_model_access', 'write_uid', 'res_users', 'id', 'SET NULL'),
    ('ir_model_fields', 'create_uid', 'res_users', 'id', 'SET NULL'),
    ('ir_model_fields', 'model_id', 'ir_model', 'id', 'CASCADE'),
    ('ir_model_fields', 'write_uid', 'res_users', 'id', 'SET NULL'),
    ('res_groups_implied_rel', 'gid', 'res_groups', 'id', 'CASCADE'),
    ('res_groups_implied_rel', 'hid', 'res_groups', 'id', 'CASCADE'),
    ('res_groups_users_rel', 'gid', 'res_groups', 'id', 'CASCADE'),
    ('res_groups_users_rel', 'uid', 'res_users', 'id', 'CASCADE'),
    ('res_partner_res_partner_category_rel', 'category_id', 'res_partner_category', 'id', 'CASCADE'),
    ('res_partner_res_partner_category_rel', 'partner_id', 'res_partner', 'id', 'CASCADE'),
    ('crm_tag_rel', 'lead_id', 'crm_lead', 'id', 'CASCADE'),
    ('crm_tag_rel', 'tag_id', 'crm_tag', 'id', 'CASCADE'),
]


def upgrade() -> None:
    op.create_table('ir_signal',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('sequence', sa.Integer(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('name'),
    comment='Counters that tell every worker to reload its registry or drop its caches'
    )
    op.create_table('res_company',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('currency_id', sa.Integer(), nullable=False),
    sa.Column('company_registry', sa.String(), nullable=True),
    sa.Column('report_header', sa.Text(), nullable=True),
    sa.Column('report_footer', sa.Text(), nullable=True),
    sa.Column('create_uid', sa.Integer(), nullable=True),
    sa.Column('create_date', sa.DateTime(), nullable=True),
    sa.Column('write_uid', sa.Integer(), nullable=True),
    sa.Column('write_date', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    comment='Companies',
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('res_company', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_res_company_parent_id'), ['parent_id'], unique=False)

    op.create_table('res_country',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('code', sa.String(length=2), nullable=True),
    sa.Column('address_format', sa.Text(), nullable=True),
    sa.Column('currency_id', sa.Integer(), nullable=True),
    sa.Column('phone_code', sa.Integer(), nullable=True),
    sa.Column('name_position', sa.String(), nullable=True),
    sa.Column('vat_label', sa.String(), nullable=True),
    sa.Column('state_required', sa.Boolean(), nullable=True),
    sa.Column('zip_required', sa.Boolean(), nullable=True),
    sa.Column('create_uid', sa.Integer(), nullable=True),
    sa.Column('create_date', sa.DateTime(), nullable=True),
    sa.Column('write_uid', sa.Integer(), nullable=True),
    sa.Column('write_date', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    comment='Country',
    sqlite_autoincrement=True
    )
    op.create_table('res_country_state',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('country_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('code', sa.String(), nullable=False),
    sa.Column('create_uid', sa.Integer(), nullable=True),
    sa.Column('create_date', sa.DateTime(), nullable=True),
    sa.Column('write_uid', sa.Integer(), nullable=True),
    sa.Column('write_date', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    comment='Country state',
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('res_country_state', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_res_country_state_country_id'), ['country_id'], unique=False)

    op.create_table('res_currency',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=3), nullable=False),
    sa.Column('full_name', sa.String(), nullable=True),
    sa.Column('symbol', sa.String(), nullable=False),
    sa.Column('rounding', sa.Float(), nullable=True),
    sa.Column('decimal_places', sa.Integer(), nullable=True),
    sa.Column('position', sa.String(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=True),
    sa.Column('create_uid', sa.Integer(), nullable=True),
    sa.Column('create_date', sa.DateTime(), nullable=True),
    sa.Column('write_uid', sa.Integer(), nullable=True),
    sa.Column('write_date', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    comment='Currency',
    sqlite_autoincrement=True
    )
    op.create_table('res_partner',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(), nullable=True),
    sa.Column('complete_name', sa.String(), nullable=True),
    sa.Column('title', sa.Integer(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('ref', sa.String(), nullable=True),
    sa.Column('lang', sa.String(), nullable=True),
    sa.Column('tz', sa.String(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('vat', sa.String(), nullable=True),
    sa.Column('company_registry', sa.String(), nullable=True),
    sa.Column('website', sa.String(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=True),
    sa.Column('employee', sa.Boolean(), nullable=True),
    sa.Column('function', sa.String(), nullable=True),
    sa.Column('type', sa.String(), nullable=True),
    sa.Column('street', sa.String(), nullable=True),
    sa.Column('street2', sa.String(), nullable=True),
    sa.Column('zip', sa.String(), nullable=True),
    sa.Column('city', sa.String(), nullable=True),
    sa.Column('state_id', sa.Integer(), nullable=True),
    sa.Column('country_id', sa.Integer(), nullable=True),
    sa.Column('partner_latitude', sa.Float(), nullable=True),
    sa.Column('partner_longitude', sa.Float(), nullable=True),
    sa.Column('email', sa.String(), nullable=True),
    sa.Column('phone', sa.String(), nullable=True),
    sa.Column('mobile', sa.String(), nullable=True),
    sa.Column('is_company', sa.Boolean(), nullable=True),
    sa.Column('industry_id', sa.Integer(), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('color', sa.Integer(), nullable=True),
    sa.Column('commercial_partner_id', sa.Integer(), nullable=True),
    sa.Column('commercial_company_name', sa.String(), nullable=True),
    sa.Column('company_name', sa.String(), nullable=True),
    sa.Column('barcode', sa.String(), nullable=True),
    sa.Column('image_1920', sa.Text(), nullable=True),
    sa.Column('create_uid', sa.Integer(), nullable=True),
    sa.Column('create_date', sa.DateTime(), nullable=True),
    sa.Column('write_uid', sa.Integer(), nullable=True),
    sa.Column('write_date', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    comment='Contact',
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('res_partner', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_res_partner_commercial_partner_id'), ['commercial_partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_res_partner_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_res_partner_complete_name'), ['complete_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_res_partner_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_res_partner_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_res_partner_ref'), ['ref'], unique=False)
        batch_op.create_index(batch_op.f('ix_res_partner_vat'), ['vat'], unique=False)

    op.create_table('res_partner_industry',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(), nullable=True),
    sa.Column('full_name', sa.String(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=True),
    sa.Column('create_uid', sa.Integer(), nullable=True),
    sa.Column('create_date', sa.DateTime(), nullable=True),
    sa.Column('write_uid', sa.Integer(), nullable=True),
    sa.Column('write_date', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    comment='Industry',
    sqlite_autoincrement=True
    )
    op.create_table('res_partner_title',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('shortcut', sa.String(), nullable=True),
    sa.Column('create_uid', sa.Integer(), nullable=True),
    sa.Column('create_date', sa.DateTime(), nullable=True),
    sa.Column('write_uid', sa.Integer(), nullable=True),
    sa.Column('write_date', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    comment='Partner Title',
    sqlite_autoincrement=True
    )
    op.create_table('res_users',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('login', sa.String(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('login_date', sa.DateTime(), nullable=True),
    sa.Column('share', sa.Boolean(), nullable=True),
    sa.Column('signature', sa.Text(), nullable=True),
    sa.Column('create_uid', sa.Integer(), nullable=True),
    sa.Column('create_date', sa.DateTime(), nullable=True),
    sa.Column('write_uid', sa.Integer(), nullable=True),
    sa.Column('write_date', sa.DateTime(), nullable=True),
    sa.Column('password_hash', sa.String(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    comment='User',
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('res_users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_res_users_login'), ['login'], unique=False)
        batch_op.create_index(batch_op.f('ix_res_users_partner_id'), ['partner_id'], unique=False)

    op.create_table('crm_stage',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=True),
    sa.Column('is_won', sa.Boolean(), nullable=True),
    sa.Column('fold', sa.Boolean(), nullable=True),
    sa.Column('create_uid', sa.Integer(), nullable=True),
    sa.Column('create_date', sa.DateTime(), nullable=True),
    sa.Column('write_uid', sa.Integer(), nullable=True),
    sa.Column('write_date', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    comment='CRM Stages',
    sqlite_autoincrement=True
    )
    op.create_table('crm_tag',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('color', sa.Integer(), nullable=True),
    sa.Column('create_uid', sa.Integer(), nullable=True),
    sa.Column('create_date', sa.DateTime(), nullable=True),
    sa.Column('write_uid', sa.Integer(), nullable=True),
    sa.Column('write_date', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    comment='CRM Tag',
    sqlite_autoincrement=True
    )
    op.create_table('ir_model',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('model', sa.String(), nullable=False),
    sa.Column('order', sa.String(), nullable=False),
    sa.Column('info', sa.Text(), nullable=True),
    sa.Column('state', sa.String(), nullable=True),
    sa.Column('transient', sa.Boolean(), nullable=True),
    sa.Column('create_uid', sa.Integer(), nullable=True),
    sa.Column('create_date', sa.DateTime(), nullable=True),
    sa.Column('write_uid', sa.Integer(), nullable=True),
    sa.Column('write_date', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    comment='Models',
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('ir_model', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ir_model_model'), ['model'], unique=False)

    op.create_table('ir_model_data',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('module', sa.String(), nullable=False),
    sa.Column('model', sa.String(), nullable=False),
    sa.Column('res_id', sa.Integer(), nullable=True),
    sa.Column('noupdate', sa.Boolean(), nullable=True),
    sa.Column('create_uid', sa.Integer(), nullable=True),
    sa.Column('create_date', sa.DateTime(), nullable=True),
    sa.Column('write_uid', sa.Integer(), nullable=True),
    sa.Column('write_date', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    comment='Model Data',
    sqlite_autoincrement=True
    )
    op.create_table('res_company_users_rel',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('cid', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('user_id', 'cid')
    )
    with op.batch_alter_table('res_company_users_rel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_res_company_users_rel_cid'), ['cid'], unique=False)

    op.create_table('res_groups',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('share', sa.Boolean(), nullable=True),
    sa.Column('create_uid', sa.Integer(), nullable=True),
    sa.Column('create_date', sa.DateTime(), nullable=True),
    sa.Column('write_uid', sa.Integer(), nullable=True),
    sa.Column('write_date', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    comment='Access Groups',
    sqlite_autoincrement=True
    )
    op.create_table('res_partner_category',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('color', sa.Integer(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=True),
    sa.Column('create_uid', sa.Integer(), nullable=True),
    sa.Column('create_date', sa.DateTime(), nullable=True),
    sa.Column('write_uid', sa.Integer(), nullable=True),
    sa.Column('write_date', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    comment='Partner Tags',
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('res_partner_category', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_res_partner_category_parent_id'), ['parent_id'], unique=False)

    op.create_table('crm_lead',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('referred', sa.String(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=True),
    sa.Column('type', sa.String(), nullable=False),
    sa.Column('priority', sa.String(), nullable=True),
    sa.Column('stage_id', sa.Integer(), nullable=True),
    sa.Column('color', sa.Integer(), nullable=True),
    sa.Column('expected_revenue', sa.Numeric(asdecimal=False), nullable=True),
    sa.Column('company_currency', sa.Integer(), nullable=True),
    sa.Column('probability', sa.Float(), nullable=True),
    sa.Column('date_closed', sa.DateTime(), nullable=True),
    sa.Column('date_open', sa.DateTime(), nullable=True),
    sa.Column('date_deadline', sa.Date(), nullable=True),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('contact_name', sa.String(), nullable=True),
    sa.Column('contact_surname', sa.String(), nullable=True),
    sa.Column('partner_name', sa.String(), nullable=True),
    sa.Column('function', sa.String(), nullable=True),
    sa.Column('email_from', sa.String(), nullable=True),
    sa.Column('phone', sa.String(), nullable=True),
    sa.Column('mobile', sa.String(), nullable=True),
    sa.Column('fax', sa.String(), nullable=True),
    sa.Column('website', sa.String(), nullable=True),
    sa.Column('street', sa.String(), nullable=True),
    sa.Column('street2', sa.String(), nullable=True),
    sa.Column('zip', sa.String(), nullable=True),
    sa.Column('city', sa.String(), nullable=True),
    sa.Column('state_id', sa.Integer(), nullable=True),
    sa.Column('country_id', sa.Integer(), nullable=True),
    sa.Column('lang_code', sa.String(), nullable=True),
    sa.Column('create_uid', sa.Integer(), nullable=True),
    sa.Column('create_date', sa.DateTime(), nullable=True),
    sa.Column('write_uid', sa.Integer(), nullable=True),
    sa.Column('write_date', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    comment='Lead/Opportunity',
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('crm_lead', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_crm_lead_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_crm_lead_email_from'), ['email_from'], unique=False)
        batch_op.create_index(batch_op.f('ix_crm_lead_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_crm_lead_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_crm_lead_priority'), ['priority'], unique=False)
        batch_op.create_index(batch_op.f('ix_crm_lead_stage_id'), ['stage_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_crm_lead_type'), ['type'], unique=False)
        batch_op.create_index(batch_op.f('ix_crm_lead_user_id'), ['user_id'], unique=False)

    op.create_table('ir_model_access',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=True),
    sa.Column('model_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('perm_read', sa.Boolean(), nullable=True),
    sa.Column('perm_write', sa.Boolean(), nullable=True),
    sa.Column('perm_create', sa.Boolean(), nullable=True),
    sa.Column('perm_unlink', sa.Boolean(), nullable=True),
    sa.Column('create_uid', sa.Integer(), nullable=True),
    sa.Column('create_date', sa.DateTime(), nullable=True),
    sa.Column('write_uid', sa.Integer(), nullable=True),
    sa.Column('write_date', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    comment='Model Access',
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('ir_model_access', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ir_model_access_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ir_model_access_model_id'), ['model_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ir_model_access_name'), ['name'], unique=False)

    op.create_table('ir_model_fields',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('complete_name', sa.String(), nullable=True),
    sa.Column('model', sa.String(), nullable=False),
    sa.Column('model_id', sa.Integer(), nullable=False),
    sa.Column('field_description', sa.String(), nullable=False),
    sa.Column('help', sa.Text(), nullable=True),
    sa.Column('ttype', sa.String(), nullable=False),
    sa.Column('state', sa.String(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=True),
    sa.Column('readonly', sa.Boolean(), nullable=True),
    sa.Column('index', sa.Boolean(), nullable=True),
    sa.Column('translate', sa.Boolean(), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('selection', sa.String(), nullable=True),
    sa.Column('relation', sa.String(), nullable=True),
    sa.Column('relation_field', sa.String(), nullable=True),
    sa.Column('relation_table', sa.String(), nullable=True),
    sa.Column('column1', sa.String(), nullable=True),
    sa.Column('column2', sa.String(), nullable=True),
    sa.Column('on_delete', sa.String(), nullable=True),
    sa.Column('domain', sa.String(), nullable=True),
    sa.Column('copied', sa.Boolean(), nullable=True),
    sa.Column('store', sa.Boolean(), nullable=True),
    sa.Column('related', sa.String(), nullable=True),
    sa.Column('currency_field', sa.String(), nullable=True),
    sa.Column('create_uid', sa.Integer(), nullable=True),
    sa.Column('create_date', sa.DateTime(), nullable=True),
    sa.Column('write_uid', sa.Integer(), nullable=True),
    sa.Column('write_date', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    comment='Fields',
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('ir_model_fields', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ir_model_fields_complete_name'), ['complete_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_ir_model_fields_model'), ['model'], unique=False)
        batch_op.create_index(batch_op.f('ix_ir_model_fields_model_id'), ['model_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ir_model_fields_name'), ['name'], unique=False)

    op.create_table('res_groups_implied_rel',
    sa.Column('gid', sa.Integer(), nullable=False),
    sa.Column('hid', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('gid', 'hid')
    )
    with op.batch_alter_table('res_groups_implied_rel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_res_groups_implied_rel_hid'), ['hid'], unique=False)

    op.create_table('res_groups_users_rel',
    sa.Column('gid', sa.Integer(), nullable=False),
    sa.Column('uid', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('gid', 'uid')
    )
    with op.batch_alter_table('res_groups_users_rel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_res_groups_users_rel_uid'), ['uid'], unique=False)

    op.create_table('res_partner_res_partner_category_rel',
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('partner_id', 'category_id')
    )
    with op.batch_alter_table('res_partner_res_partner_category_rel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_res_partner_res_partner_category_rel_category_id'), ['category_id'], unique=False)

    op.create_table('crm_tag_rel',
    sa.Column('lead_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('lead_id', 'tag_id')
    )
    with op.batch_alter_table('crm_tag_rel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_crm_tag_rel_tag_id'), ['tag_id'], unique=False)


    _add_foreign_keys()

def downgrade() -> None:
    with op.batch_alter_table('crm_tag_rel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crm_tag_rel_tag_id'))

    op.drop_table('crm_tag_rel')
    with op.batch_alter_table('res_partner_res_partner_category_rel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_res_partner_res_partner_category_rel_category_id'))

    op.drop_table('res_partner_res_partner_category_rel')
    with op.batch_alter_table('res_groups_users_rel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_res_groups_users_rel_uid'))

    op.drop_table('res_groups_users_rel')
    with op.batch_alter_table('res_groups_implied_rel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_res_groups_implied_rel_hid'))

    op.drop_table('res_groups_implied_rel')
    with op.batch_alter_table('ir_model_fields', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ir_model_fields_name'))
        batch_op.drop_index(batch_op.f('ix_ir_model_fields_model_id'))
        batch_op.drop_index(batch_op.f('ix_ir_model_fields_model'))
        batch_op.drop_index(batch_op.f('ix_ir_model_fields_complete_name'))

    op.drop_table('ir_model_fields')
    with op.batch_alter_table('ir_model_access', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ir_model_access_name'))
        batch_op.drop_index(batch_op.f('ix_ir_model_access_model_id'))
        batch_op.drop_index(batch_op.f('ix_ir_model_access_group_id'))

    op.drop_table('ir_model_access')
    with op.batch_alter_table('crm_lead', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crm_lead_user_id'))
        batch_op.drop_index(batch_op.f('ix_crm_lead_type'))
        batch_op.drop_index(batch_op.f('ix_crm_lead_stage_id'))
        batch_op.drop_index(batch_op.f('ix_crm_lead_priority'))
        batch_op.drop_index(batch_op.f('ix_crm_lead_partner_id'))
        batch_op.drop_index(batch_op.f('ix_crm_lead_name'))
        batch_op.drop_index(batch_op.f('ix_crm_lead_email_from'))
        batch_op.drop_index(batch_op.f('ix_crm_lead_company_id'))

    op.drop_table('crm_lead')
    with op.batch_alter_table('res_partner_category', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_res_partner_category_parent_id'))

    op.drop_table('res_partner_category')
    op.drop_table('res_groups')
    with op.batch_alter_table('res_company_users_rel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_res_company_users_rel_cid'))

    op.drop_table('res_company_users_rel')
    op.drop_table('ir_model_data')
    with op.batch_alter_table('ir_model', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ir_model_model'))

    op.drop_table('ir_model')
    op.drop_table('crm_tag')
    op.drop_table('crm_stage')
    with op.batch_alter_table('res_users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_res_users_partner_id'))
        batch_op.drop_index(batch_op.f('ix_res_users_login'))

    op.drop_table('res_users')
    op.drop_table('res_partner_title')
    op.drop_table('res_partner_industry')
    with op.batch_alter_table('res_partner', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_res_partner_vat'))
        batch_op.drop_index(batch_op.f('ix_res_partner_ref'))
        batch_op.drop_index(batch_op.f('ix_res_partner_parent_id'))
        batch_op.drop_index(batch_op.f('ix_res_partner_name'))
        batch_op.drop_index(batch_op.f('ix_res_partner_complete_name'))
        batch_op.drop_index(batch_op.f('ix_res_partner_company_id'))
        batch_op.drop_index(batch_op.f('ix_res_partner_commercial_partner_id'))

    op.drop_table('res_partner')
    op.drop_table('res_currency')
    with op.batch_alter_table('res_country_state', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_res_country_state_country_id'))

    op.drop_table('res_country_state')
    op.drop_table('res_country')
    with op.batch_alter_table('res_company', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_res_company_parent_id'))

    op.drop_table('res_company')
    op.drop_table('ir_signal')


def _add_foreign_keys() -> None:
    """Foreign keys after every table exists: the base tables reference each other in a cycle."""
    if op.get_bind().dialect.name == "sqlite":
        tables: dict[str, list[tuple[str, str, str, str | None]]] = {}
        for table, column, target, target_column, ondelete in FOREIGN_KEYS:
            tables.setdefault(table, []).append((column, target, target_column, ondelete))
        for table, keys in tables.items():
            # the copy keeps AUTOINCREMENT: ids only grow, as with PostgreSQL's sequences
            with op.batch_alter_table(table, recreate="always",
                                      table_kwargs={"sqlite_autoincrement": True}) as batch:
                for column, target, target_column, ondelete in keys:
                    batch.create_foreign_key(f"{table}_{column}_fkey", target, [column], [target_column],
                                             ondelete=ondelete)
        return
    for table, column, target, target_column, ondelete in FOREIGN_KEYS:
        op.create_foreign_key(f"{table}_{column}_fkey", table, target, [column], [target_column],
                              ondelete=ondelete)
