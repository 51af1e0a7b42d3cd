"""Runtime DDL for manual models and fields, through Alembic's operations on the call's connection.

Everything runs inside the caller's transaction: PostgreSQL and SQLite both have transactional
DDL, so a call that fails leaves no table or column behind.

SQLite cannot alter a column in place, and rebuilding a table (Alembic's batch mode) is unsafe
while foreign keys are enforced: dropping the old copy fires ON DELETE actions in other tables.
So on SQLite we only use what it does natively (ADD, RENAME and DROP COLUMN), and the changes it
cannot make are left to the ORM: required-ness of manual fields is checked by the ORM on both
databases, and PostgreSQL also gets the NOT NULL constraint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa

if TYPE_CHECKING:
    from alembic.operations import Operations


def index_name(table: str, column: str) -> str:
    return f"{table}_{column}_index"


class SchemaEditor:
    def __init__(self, conn: sa.Connection) -> None:
        # Alembic is imported here, where the schema changes: importing it costs a third of a
        # second, which every process (each worker, each CLI command) would otherwise pay at start.
        from alembic.migration import MigrationContext
        from alembic.operations import Operations

        self.conn = conn
        self.ops: Operations = Operations(MigrationContext.configure(connection=conn))
        self.is_sqlite = conn.dialect.name == "sqlite"

    # -- tables -----------------------------------------------------------------------------------
    def table_exists(self, name: str) -> bool:
        return sa.inspect(self.conn).has_table(name)

    def create_table(self, table: sa.Table) -> None:
        """Create ``table`` (declared in some MetaData) with its columns, keys and indexes."""
        table.create(self.conn)

    def drop_table(self, name: str) -> None:
        if not self.table_exists(name):
            return
        if self.is_sqlite:
            self.ops.drop_table(name)
        else:  # CASCADE, as Odoo: drops the foreign keys of other tables to it (models unlinked together)
            self.conn.exec_driver_sql(f"DROP TABLE {self.conn.dialect.identifier_preparer.quote(name)} CASCADE")

    # -- columns ----------------------------------------------------------------------------------
    def column_exists(self, table: str, column: str) -> bool:
        return any(c["name"] == column for c in sa.inspect(self.conn).get_columns(table))

    def add_column(self, table: str, column: sa.Column, *, index: bool = False) -> None:
        """Add a column (nullable at first; ``set_required`` tightens it where the database can)."""
        required = not column.nullable
        column.nullable = True
        if self.is_sqlite and column.foreign_keys:
            self._sqlite_add_reference_column(table, column)
        else:
            self.ops.add_column(table, column)
        if index:
            self.create_index(table, column.name)
        if required:
            self.set_required(table, column.name, True)

    def _sqlite_add_reference_column(self, table: str, column: sa.Column) -> None:
        """SQLite adds a column with its REFERENCES clause natively; Alembic would ask for a table
        rebuild, which we must avoid (see the module docstring)."""
        (key,) = column.foreign_keys
        quote = self.conn.dialect.identifier_preparer.quote
        spec = sa.schema.CreateColumn(column).compile(dialect=self.conn.dialect)
        target_table, target_column = key.target_fullname.split(".")
        ondelete = f" ON DELETE {key.ondelete}" if key.ondelete else ""
        self.conn.exec_driver_sql(
            f"ALTER TABLE {quote(table)} ADD COLUMN {spec} "
            f"REFERENCES {quote(target_table)} ({quote(target_column)}){ondelete}"
        )

    def rename_column(self, table: str, old: str, new: str, *, indexed: bool) -> None:
        if indexed:
            self.drop_index(table, old)
        self.ops.alter_column(table, old, new_column_name=new)
        if indexed:
            self.create_index(table, new)

    def drop_column(self, table: str, column: str) -> None:
        if not self.column_exists(table, column):
            return
        self.drop_index(table, column)
        self.ops.drop_column(table, column)

    def set_required(self, table: str, column: str, required: bool) -> bool:
        """NOT NULL on or off; False when the database keeps the column nullable (SQLite, or
        existing rows without a value, as Odoo leaves it then)."""
        if self.is_sqlite:
            return False
        if required:
            quoted: sa.ColumnClause = sa.column(column)
            empty = self.conn.execute(
                sa.select(sa.func.count()).select_from(sa.table(table, quoted)).where(quoted.is_(None))
            ).scalar()
            if empty:
                return False
        self.ops.alter_column(table, column, nullable=not required)
        return True

    def set_varchar_size(self, table: str, column: str, size: int | None) -> None:
        if self.is_sqlite:  # SQLite does not enforce varchar lengths: nothing to change
            return
        type_ = sa.String(size) if size else sa.String()
        # an explicit cast truncates longer values, as Odoo's convert_column does (else PG refuses)
        using = f"{self.conn.dialect.identifier_preparer.quote(column)}::{type_.compile(self.conn.dialect)}"
        self.ops.alter_column(table, column, type_=type_, postgresql_using=using)

    def make_translated(self, table: str, column: str) -> None:
        """A string column becomes one JSON object per value, the text under ``en_US``."""
        quoted = self.conn.dialect.identifier_preparer.quote(column)
        if self.is_sqlite:  # the declared type does not matter to SQLite: only the values change
            self._set_each(table, column, f"json_object('en_US', {quoted})")
            return
        from sqlalchemy.dialects import postgresql

        self.ops.alter_column(table, column, type_=postgresql.JSONB(),
                              postgresql_using=f"CASE WHEN {quoted} IS NULL THEN NULL "
                                               f"ELSE jsonb_build_object('en_US', {quoted}) END")

    def make_untranslated(self, table: str, column: str, type_: sa.types.TypeEngine) -> None:
        """A translated column keeps its ``en_US`` text only."""
        quoted = self.conn.dialect.identifier_preparer.quote(column)
        if self.is_sqlite:
            self._set_each(table, column, f"json_extract({quoted}, '$.en_US')")
            return
        self.ops.alter_column(table, column, type_=type_, postgresql_using=f"{quoted} ->> 'en_US'")

    def _set_each(self, table: str, column: str, expression: str) -> None:
        target = sa.table(table, sa.column(column))
        self.conn.execute(sa.update(target).where(target.c[column].is_not(None))
                          .values({column: sa.literal_column(expression)}))

    # -- indexes ----------------------------------------------------------------------------------
    def index_exists(self, table: str, column: str) -> bool:
        name = index_name(table, column)
        return any(i["name"] == name for i in sa.inspect(self.conn).get_indexes(table))

    def create_index(self, table: str, column: str) -> None:
        if not self.index_exists(table, column):
            self.ops.create_index(index_name(table, column), table, [column])

    def drop_index(self, table: str, column: str) -> None:
        if self.index_exists(table, column):
            self.ops.drop_index(index_name(table, column), table_name=table)
