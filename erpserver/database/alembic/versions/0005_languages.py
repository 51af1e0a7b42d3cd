"""languages: res.lang, ir.model.fields.selection, and translated columns stored per language
(JSONB on PostgreSQL, JSON on SQLite; existing texts become their en_US value)

Revision ID: 0005_languages
Revises: 0004_crm_and_constraints
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0005_languages'
down_revision = '0004_crm_and_constraints'
branch_labels = None
depends_on = None

# (table, column, nullable, type before): the columns of fields with translate=True
TRANSLATED = [
    ('crm_lost_reason', 'name', False, sa.String()),
    ('crm_stage', 'name', False, sa.String()),
    ('crm_tag', 'name', False, sa.String()),
    ('crm_team', 'name', False, sa.String()),
    ('ir_model', 'name', False, sa.String()),
    ('ir_model_fields', 'field_description', False, sa.String()),
    ('ir_model_fields', 'help', True, sa.Text()),
    ('res_country', 'name', False, sa.String()),
    ('res_country', 'vat_label', True, sa.String()),
    ('res_groups', 'name', False, sa.String()),
    ('res_partner_category', 'name', False, sa.String()),
    ('res_partner_industry', 'name', True, sa.String()),
    ('res_partner_industry', 'full_name', True, sa.String()),
    ('res_partner_title', 'name', False, sa.String()),
    ('res_partner_title', 'shortcut', True, sa.String()),
]


def _json() -> sa.types.TypeEngine:
    return sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), 'postgresql')


def _log_columns(table: str) -> list[sa.Column]:
    return [
        sa.Column('create_uid', sa.Integer(), sa.ForeignKey('res_users.id', name=f'{table}_create_uid_fkey', ondelete='SET NULL'), nullable=True),
        sa.Column('create_date', sa.DateTime(), nullable=True),
        sa.Column('write_uid', sa.Integer(), sa.ForeignKey('res_users.id', name=f'{table}_write_uid_fkey', ondelete='SET NULL'), nullable=True),
        sa.Column('write_date', sa.DateTime(), nullable=True),
    ]


def _by_table() -> dict[str, list[tuple[str, bool, sa.types.TypeEngine]]]:
    tables: dict[str, list[tuple[str, bool, sa.types.TypeEngine]]] = {}
    for table, column, nullable, before in TRANSLATED:
        tables.setdefault(table, []).append((column, nullable, before))
    return tables


def upgrade() -> None:
    op.create_table('res_lang',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('code', sa.String(), nullable=False),
    sa.Column('iso_code', sa.String(), nullable=True),
    sa.Column('url_code', sa.String(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=True),
    sa.Column('direction', sa.String(), nullable=False),
    sa.Column('date_format', sa.String(), nullable=False),
    sa.Column('time_format', sa.String(), nullable=False),
    sa.Column('week_start', sa.String(), nullable=False),
    sa.Column('grouping', sa.String(), nullable=False),
    sa.Column('decimal_point', sa.String(), nullable=False),
    sa.Column('thousands_sep', sa.String(), nullable=True),
    *_log_columns('res_lang'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name', name='res_lang_name_uniq'),
    sa.UniqueConstraint('code', name='res_lang_code_uniq'),
    sa.UniqueConstraint('url_code', name='res_lang_url_code_uniq'),
    comment='Languages',
    sqlite_autoincrement=True
    )
    op.create_table('ir_model_fields_selection',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('field_id', sa.Integer(), sa.ForeignKey('ir_model_fields.id', name='ir_model_fields_selection_field_id_fkey', ondelete='CASCADE'), nullable=False),
    sa.Column('value', sa.String(), nullable=False),
    sa.Column('name', _json(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=True),
    *_log_columns('ir_model_fields_selection'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('field_id', 'value', name='ir_model_fields_selection_selection_field_uniq'),
    comment='Fields Selection',
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('ir_model_fields_selection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ir_model_fields_selection_field_id'), ['field_id'], unique=False)

    if op.get_bind().dialect.name == 'postgresql':
        for table, column, nullable, before in TRANSLATED:
            op.alter_column(table, column, type_=postgresql.JSONB(), existing_type=before, existing_nullable=nullable,
                            postgresql_using=f"CASE WHEN {column} IS NULL THEN NULL "
                                             f"ELSE jsonb_build_object('en_US', {column}) END")
        return
    # SQLite: the texts become JSON objects, then each table is copied with the new declared types
    # (as 0004 does; migrations run when a database is created, before it holds data)
    for table, columns in _by_table().items():
        for column, _nullable, _before in columns:
            op.execute(f"UPDATE {table} SET {column} = json_object('en_US', {column}) WHERE {column} IS NOT NULL")
        with op.batch_alter_table(table, recreate='auto', table_kwargs={'sqlite_autoincrement': True}) as batch_op:
            for column, nullable, before in columns:
                batch_op.alter_column(column, type_=sa.JSON(), existing_type=before, existing_nullable=nullable)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for table, column, nullable, before in TRANSLATED:
            op.alter_column(table, column, type_=before, existing_type=postgresql.JSONB(), existing_nullable=nullable,
                            postgresql_using=f"{column} ->> 'en_US'")
    else:
        for table, columns in _by_table().items():
            for column, _nullable, _before in columns:
                op.execute(f"UPDATE {table} SET {column} = json_extract({column}, '$.en_US') WHERE {column} IS NOT NULL")
            with op.batch_alter_table(table, recreate='auto', table_kwargs={'sqlite_autoincrement': True}) as batch_op:
                for column, nullable, before in columns:
                    batch_op.alter_column(column, type_=before, existing_type=sa.JSON(), existing_nullable=nullable)
    with op.batch_alter_table('ir_model_fields_selection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ir_model_fields_selection_field_id'))
    op.drop_table('ir_model_fields_selection')
    op.drop_table('res_lang')
