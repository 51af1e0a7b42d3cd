"""Many2one: an integer column with a foreign key; reads as ``[id, display_name]``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from erpserver.orm.fields.base import Field

if TYPE_CHECKING:
    from erpserver.orm.domain import Compiler
    from erpserver.orm.environment import Environment

ONDELETE_SQL = {"set null": "SET NULL", "cascade": "CASCADE", "restrict": "RESTRICT"}
NEGATIVE_OPERATORS = {"!=": "=", "not like": "like", "not ilike": "ilike", "not in": "in"}


def is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class RelationalMixin:
    """What every relational field shares: a comodel, a domain and a context."""

    comodel_name: str
    extra_description: ClassVar[tuple[str, ...]] = ("relation", "domain", "context")

    def describe_attribute(self, attribute: str, env: Environment) -> Any:
        if attribute == "relation":
            return self.comodel_name
        if attribute == "context":
            return dict(getattr(self, "context", None) or {})
        if attribute == "domain":
            domain = getattr(self, "domain", None)
            return domain if domain is not None else []
        return super().describe_attribute(attribute, env)  # type: ignore[misc]

    def name_search_ids(self, compiler: Compiler, operator: str, names: Any) -> sa.Select:
        """Ids of the comodel whose name matches (``active_test`` off, as Odoo's name_search)."""
        comodel = compiler.env.registry[self.comodel_name]
        rec_fields = comodel._rec_names_search or ([comodel._rec_name] if comodel._rec_name else [])
        if not rec_fields:
            return compiler.subquery(self.comodel_name, [(0, "=", 1)], active_test=False)
        if isinstance(names, (list, tuple)):
            op = "in" if operator in ("=", "in") else "not in" if operator in ("!=", "not in") else operator
            leaves = [(f, op, list(names)) for f in rec_fields]
        else:
            op = {"in": "=", "not in": "!="}.get(operator, operator)
            leaves = [(f, op, names) for f in rec_fields]
        domain: list[Any] = ["|"] * (len(leaves) - 1) + leaves
        if op in NEGATIVE_OPERATORS and len(leaves) > 1:
            domain = ["&"] * (len(leaves) - 1) + leaves
        return compiler.subquery(self.comodel_name, domain, active_test=False)


class Many2one(RelationalMixin, Field):
    type = "many2one"
    is_relational = True

    def __init__(self, comodel_name: str, string: str | None = None, **kwargs: Any) -> None:
        self.comodel_name = comodel_name
        super().__init__(string, **kwargs)

    def _setup_extra(
        self,
        ondelete: str = "set null",
        domain: Any = None,
        context: Mapping[str, Any] | None = None,
        **extra: Any,
    ) -> None:
        super()._setup_extra(**extra)
        if ondelete not in ONDELETE_SQL:
            raise ValueError(f"Invalid ondelete {ondelete!r}")
        self.ondelete = ondelete
        self.domain = domain
        self.context = dict(context or {})

    @classmethod
    def ir_row_arguments(cls, row: Mapping[str, Any]) -> tuple[Any, ...]:
        return (row["relation"], row["field_description"] or row["name"])

    @classmethod
    def ir_row_attributes(cls, row: Mapping[str, Any]) -> dict[str, Any]:
        return {"ondelete": row.get("on_delete") or "set null", "domain": row.get("domain") or None}

    def ir_row_values(self) -> dict[str, Any]:
        return {"relation": self.comodel_name, "on_delete": self.ondelete}

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
            return value
        if isinstance(value, (list, tuple)) and value and is_id(value[0]):
            return value[0]
        if isinstance(value, str) and value.isdigit():
            return int(value)
        raise ValueError(f"Wrong value for {self.model_name}.{self.name}: {value!r}")

    def to_column(self, value: Any, env: Environment) -> Any:
        return None if value is None or value is False else self.as_id(value)

    def select_columns(self, compiler: Compiler, load: str | None) -> list[Any]:
        """With ``[id, name]`` reads, the comodel's display name comes from a LEFT JOIN when it is
        an SQL expression (names are shown whatever the reader's rights, as Odoo's sudo does)."""
        column = self.column_of(compiler)
        if load == "_classic_read":
            comodel = compiler.env.registry[self.comodel_name]
            if comodel._display_name_sql(comodel._table) is not None:
                return [column, comodel._display_name_sql(compiler.joined(self).table)]
        return [column]

    def read_batch(self, env: Environment, ids: list[int], values: list[Any], load: str | None) -> list[Any]:
        if load != "_classic_read":
            return [value or False for value in values]
        if values and isinstance(values[0], tuple):
            return [[target, False if name is None else name] if target else False for target, name in values]
        names = env.sudo()[self.comodel_name]._display_names({v for v in values if v})
        return [[value, names[value]] if value and value in names else False for value in values]

    def to_operand(self, value: Any) -> Any:
        return self.as_id(value)

    def condition(self, compiler: Compiler, operator: str, value: Any) -> ColumnElement:
        column = self.column_of(compiler)
        if operator in ("child_of", "parent_of"):
            parent_field = self.name if self.comodel_name == self.model_name else None
            ids = compiler.hierarchy_ids(self.comodel_name, operator, value, parent_field)
            # through a many2one to the same model the closure is of records, not of targets (Odoo 17)
            target = compiler.column("id") if parent_field else column
            return target.in_(ids) if ids else sa.false()
        names = value if isinstance(value, str) else None
        if isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value):
            names = list(value)
        if names is not None:
            if operator in ("<", ">", "<=", ">="):
                operator = "in"
            if operator in NEGATIVE_OPERATORS:
                matching = self.name_search_ids(compiler, operator, names)
                return sa.or_(column.in_(matching), column.is_(None))
            return column.in_(self.name_search_ids(compiler, operator, names))
        return super().condition(compiler, operator, value)

    def order_expression(self, compiler: Compiler) -> list[tuple[ColumnElement, bool]]:
        comodel = compiler.env.registry[self.comodel_name]
        if comodel._order.strip().lower() in ("id", "id asc") or not compiler.can_join(self.comodel_name):
            return [(self.column_of(compiler), False)]
        return [(expr, desc) for expr, desc, _nulls in compiler.joined(self).order_terms(comodel._order)]
