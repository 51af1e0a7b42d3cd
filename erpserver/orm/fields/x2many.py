"""One2many and Many2many: no column on the model; lists of ids on the wire, commands in."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from erpserver.orm.fields.base import Field
from erpserver.orm.fields.many2one import NEGATIVE_OPERATORS, RelationalMixin, is_id

if TYPE_CHECKING:
    from erpserver.orm.domain import Compiler
    from erpserver.orm.environment import Environment


class _X2many(RelationalMixin, Field):
    is_relational = True
    is_x2many = True
    empty_read: ClassVar[Any] = []

    def __init__(self, comodel_name: str, *args: Any, **kwargs: Any) -> None:
        self.comodel_name = comodel_name
        super().__init__(*args, **kwargs)

    def _setup_extra(self, domain: Any = None, context: Mapping[str, Any] | None = None, **extra: Any) -> None:
        super()._setup_extra(**extra)
        self.domain = domain
        self.context = dict(context or {})

    @classmethod
    def ir_row_attributes(cls, row: Mapping[str, Any]) -> dict[str, Any]:
        return {"domain": row.get("domain") or None}

    @property
    def store(self) -> bool:  # type: ignore[override]
        return False

    @store.setter
    def store(self, value: bool) -> None:
        pass

    @property
    def searchable(self) -> bool:
        return True

    @property
    def sortable(self) -> bool:
        return False

    def comodel_active_filter(self, env: Environment, table: sa.Table) -> ColumnElement | None:
        """x2many values hide archived co-records unless ``active_test`` is off."""
        comodel = env.registry[self.comodel_name]
        active = comodel._active_name
        if active is None or not env.context.get("active_test", True):
            return None
        return table.c[active] == sa.true()

    def name_or_ids_subquery(self, compiler: Compiler, operator: str, value: Any) -> tuple[Any, bool]:
        """The comodel ids a leaf's value designates, and whether the operator is negative."""
        negative = operator in NEGATIVE_OPERATORS
        positive = NEGATIVE_OPERATORS.get(operator, operator)
        if isinstance(value, sa.Select):
            return value, negative
        if isinstance(value, str) or (
            isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value)
        ):
            return self.name_search_ids(compiler, positive, value), negative
        if is_id(value):
            return [value], negative
        if isinstance(value, (list, tuple)):
            return [v for v in value if is_id(v)], negative
        raise ValueError(f"Invalid domain value {value!r} for {self.model_name}.{self.name}")


class One2many(_X2many):
    type = "one2many"
    extra_description: ClassVar[tuple[str, ...]] = ("relation", "domain", "context", "relation_field")

    def __init__(self, comodel_name: str, inverse_name: str, string: str | None = None, **kwargs: Any) -> None:
        self.inverse_name = inverse_name
        super().__init__(comodel_name, string, **kwargs)

    @classmethod
    def ir_row_arguments(cls, row: Mapping[str, Any]) -> tuple[Any, ...]:
        return (row["relation"], row["relation_field"], row["field_description"] or row["name"])

    def ir_row_values(self) -> dict[str, Any]:
        return {"relation": self.comodel_name, "relation_field": self.inverse_name}

    def describe_attribute(self, attribute: str, env: Environment) -> Any:
        if attribute == "relation_field":
            return self.inverse_name
        return super().describe_attribute(attribute, env)

    def read_batch(self, env: Environment, ids: list[int], values: list[Any], load: str | None) -> list[Any]:
        if not ids:
            return []
        comodel = env.registry[self.comodel_name]
        table = comodel._table
        inverse = table.c[self.inverse_name]
        from_clause, order = comodel._ordered_from(env)
        query = sa.select(table.c.id, inverse).select_from(from_clause).where(inverse.in_(set(ids)))
        active = self.comodel_active_filter(env, table)
        if active is not None:
            query = query.where(active)
        query = query.order_by(*order)
        by_parent: dict[int, list[int]] = defaultdict(list)
        for line_id, parent_id in env.cr.execute(query):
            by_parent[parent_id].append(line_id)
        return [by_parent.get(record_id, []) for record_id in ids]

    def condition(self, compiler: Compiler, operator: str, value: Any) -> ColumnElement:
        comodel_table = compiler.env.registry[self.comodel_name]._table
        inverse = comodel_table.c[self.inverse_name]
        id_column = compiler.column("id")
        if operator in ("=", "!=") and (value is False or value is None):
            having = sa.select(inverse).where(inverse.is_not(None))
            return id_column.not_in(having) if operator == "=" else id_column.in_(having)
        if operator in ("child_of", "parent_of"):
            ids = compiler.hierarchy_ids(self.comodel_name, operator, value, None)
            operator, value = "in", ids
        if operator in ("in", "not in", "=", "!=", "like", "ilike", "not like", "not ilike", "=like", "=ilike"):
            targets, negative = self.name_or_ids_subquery(compiler, operator, value)
            lines = sa.select(inverse).where(comodel_table.c.id.in_(targets), inverse.is_not(None))
            return id_column.not_in(lines) if negative else id_column.in_(lines)
        raise ValueError(f"Invalid operator {operator!r} for one2many {self.model_name}.{self.name}")


def default_relation(model_table: str, comodel_table: str) -> tuple[str, str, str]:
    """Odoo's naming of a many2many table and its columns, from the sorted table names."""
    first, second = sorted([model_table, comodel_table])
    relation = f"{first}_{second}_rel"
    if model_table == comodel_table:
        return relation, "id1", "id2"
    return relation, f"{model_table}_id", f"{comodel_table}_id"


class Many2many(_X2many):
    type = "many2many"

    def __init__(
        self,
        comodel_name: str,
        relation: str | None = None,
        column1: str | None = None,
        column2: str | None = None,
        string: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.relation = relation
        self.column1 = column1
        self.column2 = column2
        super().__init__(comodel_name, string, **kwargs)

    def bound_to(self, model_name: str, name: str) -> Field:
        field = super().bound_to(model_name, name)
        default_rel, default_col1, default_col2 = default_relation(
            model_name.replace(".", "_"), field.comodel_name.replace(".", "_")
        )
        # Odoo names a custom many2many's table 'x_%s_%s_rel', even when a table name starts with x_
        field.relation = field.relation or (f"x_{default_rel}" if field.manual else default_rel)
        field.column1 = field.column1 or default_col1
        field.column2 = field.column2 or default_col2
        return field

    @classmethod
    def ir_row_arguments(cls, row: Mapping[str, Any]) -> tuple[Any, ...]:
        return (row["relation"], row.get("relation_table") or None, row.get("column1") or None,
                row.get("column2") or None, row["field_description"] or row["name"])

    def ir_row_values(self) -> dict[str, Any]:
        return {
            "relation": self.comodel_name,
            "relation_table": self.relation,
            "column1": self.column1,
            "column2": self.column2,
        }

    def relation_table(self, metadata: sa.MetaData) -> sa.Table:
        """The relation table, declared once in the registry's metadata for both sides."""
        existing = metadata.tables.get(self.relation)
        if existing is not None:
            return existing
        model_table = self.model_name.replace(".", "_")
        comodel_table = self.comodel_name.replace(".", "_")
        return sa.Table(
            self.relation,
            metadata,
            sa.Column(self.column1, sa.Integer, sa.ForeignKey(f"{model_table}.id", ondelete="CASCADE"),
                      primary_key=True),
            sa.Column(self.column2, sa.Integer, sa.ForeignKey(f"{comodel_table}.id", ondelete="CASCADE"),
                      primary_key=True, index=True),
        )

    def read_batch(self, env: Environment, ids: list[int], values: list[Any], load: str | None) -> list[Any]:
        if not ids:
            return []
        rel = env.registry.relation_tables[self.relation]
        comodel = env.registry[self.comodel_name]
        table = comodel._table
        from_clause, order = comodel._ordered_from(env)
        query = (
            sa.select(rel.c[self.column1], rel.c[self.column2])
            .select_from(from_clause.join(rel, table.c.id == rel.c[self.column2]))
            .where(rel.c[self.column1].in_(set(ids)))
            .order_by(*order)
        )
        by_record: dict[int, list[int]] = defaultdict(list)
        for record_id, target_id in env.cr.execute(query):
            by_record[record_id].append(target_id)
        return [by_record.get(record_id, []) for record_id in ids]

    def condition(self, compiler: Compiler, operator: str, value: Any) -> ColumnElement:
        rel = compiler.env.registry.relation_tables[self.relation]
        id_column = compiler.column("id")
        linked = rel.c[self.column1] == id_column
        if operator in ("=", "!=") and (value is False or value is None):
            exists = sa.exists().where(linked)
            return sa.not_(exists) if operator == "=" else exists
        if operator in ("child_of", "parent_of"):
            ids = compiler.hierarchy_ids(self.comodel_name, operator, value, None)
            operator, value = "in", ids
        if operator in ("in", "not in", "=", "!=", "like", "ilike", "not like", "not ilike", "=like", "=ilike"):
            targets, negative = self.name_or_ids_subquery(compiler, operator, value)
            exists = sa.exists().where(linked, rel.c[self.column2].in_(targets))
            return sa.not_(exists) if negative else exists
        raise ValueError(f"Invalid operator {operator!r} for many2many {self.model_name}.{self.name}")
