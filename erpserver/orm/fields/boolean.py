"""Boolean: ``= False`` matches NULL too; the string ``'false'`` is True, as in Odoo."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from erpserver.orm.fields.base import Field, GroupValue, ImportValueError

if TYPE_CHECKING:
    from erpserver.orm.domain import Compiler
    from erpserver.orm.environment import Environment


class Boolean(Field):
    type = "boolean"

    def sql_type(self) -> sa.types.TypeEngine:
        return sa.Boolean(create_constraint=False)

    def to_column(self, value: Any, env: Environment) -> Any:
        return bool(value)

    def to_read(self, value: Any) -> Any:
        return bool(value)

    def to_operand(self, value: Any) -> Any:
        return bool(value)

    def export_cell(self, value: Any, env: Environment) -> Any:
        return bool(value)

    def import_value(self, text: str, env: Environment) -> Any:
        lowered = text.strip().lower()
        if lowered in ("1", "true", "yes"):
            return True
        if lowered in ("0", "false", "no", ""):
            return False
        raise ImportValueError(f"Unknown value '{text}' for boolean field '{self.string}'",
                               "Use '1' for yes and '0' for no", kind="warning", value=True)

    def is_empty(self, column: ColumnElement) -> ColumnElement:
        return sa.or_(column.is_(None), column == sa.false())

    def is_set(self, column: ColumnElement) -> ColumnElement:
        return column == sa.true()

    def condition(self, compiler: Compiler, operator: str, value: Any) -> ColumnElement:
        column = self.column_of(compiler)
        if operator in ("=", "!=") and value is not None and not isinstance(value, (list, tuple)):
            wanted = bool(value) == (operator == "=")
            return self.is_set(column) if wanted else self.is_empty(column)
        return super().condition(compiler, operator, value)

    def order_expression(self, compiler: Compiler) -> list[tuple[ColumnElement, bool]]:
        return [(sa.func.coalesce(self.column_of(compiler), sa.false()), False)]

    # -- read_group: NULL groups with False -----------------------------------------------------
    def group_column(self, compiler: Compiler, granularity: str | None) -> ColumnElement:
        self._check_column()
        return sa.func.coalesce(self.column_of(compiler), sa.false())

    def group_values(self, env: Environment, granularity: str | None, raws: Sequence[Any],
                     names: Sequence[tuple[Any, ...] | None]) -> list[GroupValue]:
        return [GroupValue(bool(raw), [(self.name, "=", bool(raw))]) for raw in raws]
