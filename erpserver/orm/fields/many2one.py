"""Many2one: an integer column with a foreign key; reads as ``[id, display_name]``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from erpserver.exceptions import ValidationError
from erpserver.orm.arguments import is_id
from erpserver.orm.domain import NEGATIVE_OPERATORS
from erpserver.orm.fields.base import GroupValue, ManualSchema, Reference
from erpserver.orm.fields.relational import Relational, names_in

if TYPE_CHECKING:
    from erpserver.orm.domain import Compiler
    from erpserver.orm.environment import Environment

ONDELETE_SQL = {"set null": "SET NULL", "cascade": "CASCADE", "restrict": "RESTRICT"}


class Many2one(Relational):
    type = "many2one"

    def __init__(self, comodel_name: str, string: str | None = None, **kwargs: Any) -> None:
        super().__init__(comodel_name, string, **kwargs)

    def _setup_extra(self, *, ondelete: str = "set null", **extra: Any) -> None:
        super()._setup_extra(**extra)
        if ondelete not in ONDELETE_SQL:
            raise ValueError(f"Invalid ondelete {ondelete!r}")
        self.ondelete = ondelete

    @classmethod
    def ir_row_arguments(cls, row: Mapping[str, Any]) -> tuple[Any, ...]:
        return (row["relation"], row["field_description"] or row["name"])

    @classmethod
    def ir_row_attributes(cls, row: Mapping[str, Any]) -> dict[str, Any]:
        return {"ondelete": row.get("on_delete") or "set null", "domain": cls.ir_row_domain(row)}

    def ir_row_values(self) -> dict[str, Any]:
        return {"relation": self.comodel_name, "on_delete": self.ondelete}

    @classmethod
    def validate_ir_row(cls, row: Mapping[str, Any], schema: ManualSchema) -> None:
        super().validate_ir_row(row, schema)
        if row.get("required") and (row.get("on_delete") or "set null") == "set null":
            raise ValidationError(
                f"The m2o field {row['name']} is required but declares its ondelete policy as being 'set null'. "
                "Only 'restrict' and 'cascade' make sense."
            )

    @classmethod
    def points_to(cls, row: Mapping[str, Any] | None, model: str) -> bool:
        """Whether an ``ir.model.fields`` row is a many2one to ``model`` (a one2many's inverse,
        a monetary's currency)."""
        return row is not None and row.get("ttype") == cls.type and row.get("relation") == model

    def sql_type(self) -> sa.types.TypeEngine:
        return sa.Integer()

    def sql_constraints(self) -> list[Any]:
        return [sa.ForeignKey(f"{self.comodel_table}.id", ondelete=ONDELETE_SQL[self.ondelete])]

    @property
    def comodel_table(self) -> str:
        return self.comodel_name.replace(".", "_")

    def as_id(self, value: Any) -> int:
        """An id from an int, a read-style ``[id, name]`` pair or a string of digits."""
        if is_id(value):
            return int(value)
        if isinstance(value, (list, tuple)) and value and is_id(value[0]):
            return int(value[0])
        if isinstance(value, str) and value.isdigit():
            return int(value)
        raise ValueError(f"Wrong value for {self.model_name}.{self.name}: {value!r}")

    def to_column(self, value: Any, env: Environment) -> Any:
        return None if value is None or value is False else self.as_id(value)

    def as_default(self, value: Any, env: Environment) -> Any:
        """An ``[id, name]`` pair as a default is its id."""
        return self.as_id(value) if isinstance(value, (list, tuple)) and value else value

    # -- load ---------------------------------------------------------------------------------
    def import_references(self, text: str) -> list[str]:
        return [text.strip()]

    def import_cell(self, text: str, env: Environment, reference: Reference) -> Any:
        return reference(text.strip())  # None when not found: ``reference`` reported it

    def export_targets(self, value: Any) -> list[int]:
        return [value] if value else []

    # -- read ---------------------------------------------------------------------------------
    def select_columns(self, compiler: Compiler, load: str | None) -> list[Any]:
        """With ``[id, name]`` reads, the comodel's display name comes from a LEFT JOIN when it is
        an SQL expression (names are shown whatever the reader's rights, as Odoo's sudo does)."""
        if self.related is not None:
            return []
        column = self.column_of(compiler)
        if load == "_classic_read":
            comodel = compiler.env.registry[self.comodel_name]
            if comodel._display_name_sql(comodel._table, compiler.env) is not None:
                return [column, comodel._display_name_sql(compiler.joined(self).table, compiler.env)]
        return [column]

    def read_batch(self, env: Environment, ids: list[int], values: list[Any], load: str | None) -> list[Any]:
        if self.related is not None:
            return self.read_related(env, ids, load)
        if load != "_classic_read":
            return [value or False for value in values]
        if values and isinstance(values[0], tuple):
            return [[target, False if name is None else name] if target else False for target, name in values]
        names = env.sudo()[self.comodel_name]._display_names({v for v in values if v})
        return [[value, names[value]] if value and value in names else False for value in values]

    # -- domains ------------------------------------------------------------------------------
    def to_operand(self, value: Any) -> Any:
        return self.as_id(value)

    def any_condition(self, compiler: Compiler, negative: bool, subdomain: Any) -> ColumnElement:
        # paths through a many2one see archived targets (Odoo 17)
        targets = compiler.subquery(self.comodel_name, subdomain, active_test=False)
        column = self.column_of(compiler)
        if negative:
            return sa.or_(column.not_in(targets), column.is_(None))
        return column.in_(targets)

    def condition(self, compiler: Compiler, operator: str, value: Any) -> ColumnElement:
        column = self.column_of(compiler)
        if operator in ("child_of", "parent_of"):
            parent_field = self.name if self.comodel_name == self.model_name else None
            ids = compiler.hierarchy_ids(self.comodel_name, operator, value, parent_field)
            # through a many2one to the same model the closure is of records, not of targets (Odoo 17)
            target = compiler.column("id") if parent_field else column
            return target.in_(ids) if ids else sa.false()
        names = names_in(value)
        if names is not None:
            if operator in ("<", ">", "<=", ">="):
                operator = "in"  # an ill-formed domain, read as Odoo does
            matching = self.named(compiler, operator, names)
            if operator in NEGATIVE_OPERATORS:
                return sa.or_(column.in_(matching), column.is_(None))
            return column.in_(matching)
        return super().condition(compiler, operator, value)

    def order_expression(self, compiler: Compiler) -> list[tuple[ColumnElement, bool]]:
        if self.related is not None:
            return super().order_expression(compiler)
        comodel = compiler.env.registry[self.comodel_name]
        if comodel._order.strip().lower() in ("id", "id asc"):
            return [(self.column_of(compiler), False)]
        if not compiler.can_join(self):
            return []  # a cycle (parent_id in the comodel's own order): Odoo drops the term
        return [(expr, desc) for expr, desc, _nulls in compiler.joined(self).order_terms(comodel._order)]

    # -- read_group: groups are [id, display name], sorted by the comodel's order ----------------
    def group_name_columns(self, compiler: Compiler) -> list[ColumnElement]:
        comodel = compiler.env.registry[self.comodel_name]
        if comodel._display_name_sql(comodel._table, compiler.env) is None:
            return []
        return [comodel._display_name_sql(compiler.joined(self).table, compiler.env)]

    def group_order(self, compiler: Compiler, column: ColumnElement, descending: bool
                    ) -> list[tuple[ColumnElement, bool]]:
        terms = [(expression, descending != inner) for expression, inner in self.order_expression(compiler)]
        return terms or [(column, descending)]

    def group_values(self, env: Environment, granularity: str | None, raws: Sequence[Any],
                     names: Sequence[tuple[Any, ...] | None]) -> list[GroupValue]:
        known = {raw: row[0] for raw, row in zip(raws, names, strict=True) if raw and row}
        missing = {raw for raw in raws if raw and raw not in known}
        if missing:
            known.update(env.sudo()[self.comodel_name]._display_names(missing))
        result = []
        for raw in raws:
            if not raw:
                result.append(GroupValue(False, [(self.name, "=", False)]))
                continue
            name = known.get(raw)
            result.append(GroupValue([raw, False if name is None else name], [(self.name, "=", raw)]))
        return result

    def group_folds(self, env: Environment, raws: Sequence[Any]) -> dict[Any, bool] | None:
        comodel = env.sudo()[self.comodel_name]
        if "fold" not in comodel._fields:
            return None
        rows = comodel.browse(sorted({raw for raw in raws if raw})).read(["fold"], load="")
        return {row["id"]: bool(row["fold"]) for row in rows}
