"""One2many: the records of the comodel whose inverse many2one points here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from erpserver.exceptions import UserError
from erpserver.orm.commands import CLEAR, CREATE, DELETE, LINK, SET, UNLINK, UPDATE, Command
from erpserver.orm.fields.base import ManualSchema
from erpserver.orm.fields.many2one import Many2one
from erpserver.orm.fields.x2many import X2many

if TYPE_CHECKING:
    from erpserver.orm.domain import Compiler
    from erpserver.orm.environment import Environment
    from erpserver.orm.model import Model


class One2many(X2many):
    type = "one2many"
    extra_description: ClassVar[tuple[str, ...]] = ("relation", "domain", "context", "relation_field")
    imports_lines: ClassVar[bool] = True

    def __init__(self, comodel_name: str, inverse_name: str, string: str | None = None, **kwargs: Any) -> None:
        self.inverse_name = inverse_name
        super().__init__(comodel_name, string, **kwargs)

    # -- ir.model.fields rows -----------------------------------------------------------------
    @classmethod
    def ir_row_arguments(cls, row: Mapping[str, Any]) -> tuple[Any, ...]:
        return (row["relation"], row["relation_field"], row["field_description"] or row["name"])

    @classmethod
    def ir_row_attributes(cls, row: Mapping[str, Any]) -> dict[str, Any]:
        return {"domain": cls.ir_row_domain(row)}

    def ir_row_values(self) -> dict[str, Any]:
        return {"relation": self.comodel_name, "relation_field": self.inverse_name}

    @classmethod
    def complete_ir_row(cls, row: dict[str, Any], schema: ManualSchema) -> None:
        row.setdefault("copied", False)

    @classmethod
    def validate_ir_row(cls, row: Mapping[str, Any], schema: ManualSchema) -> None:
        super().validate_ir_row(row, schema)
        inverse = schema.field_row(row["relation"], row.get("relation_field") or "")
        if not Many2one.points_to(inverse, row["model"]):
            raise UserError(f"Many2one {row.get('relation_field')} on model {row['relation']} does not exist!")

    def describe_attribute(self, attribute: str, env: Environment) -> Any:
        if attribute == "relation_field":
            return self.inverse_name
        return super().describe_attribute(attribute, env)

    # -- writing ------------------------------------------------------------------------------
    def copy_value(self, records: Model, value: Any) -> Any:
        """Copies of the lines, as CREATE commands (their inverse is set by the command)."""
        lines = records.env[self.comodel_name].browse(value)
        return [(CREATE, 0, {k: v for k, v in data.items() if k != self.inverse_name})
                for data in lines.copy_data()]

    def apply_commands(self, records: Model, commands: Sequence[Command], creating: bool) -> None:
        for record in records:
            self._apply_to(record, commands, creating)

    def _apply_to(self, record: Model, commands: Sequence[Command], creating: bool) -> None:
        env = record.env
        comodel = env[self.comodel_name]
        inverse = self.inverse_name
        cascade = getattr(comodel._fields[inverse], "ondelete", None) == "cascade"
        record_id = record.id

        def unlink_lines(line_ids: list[int]) -> None:
            if not line_ids:
                return
            lines = comodel.browse(line_ids)
            if cascade:
                lines.unlink()
            else:
                lines.write({inverse: False})

        def current_lines() -> list[int]:
            table = comodel._table
            return list(env.cr.execute(sa.select(table.c.id).where(table.c[inverse] == record_id)).scalars())

        for code, line_id, payload in commands:
            if code == CREATE:
                comodel.create({**dict(payload or {}), inverse: record_id})
            elif code == UPDATE:
                comodel.browse(line_id).write(dict(payload or {}))
            elif code == DELETE:
                comodel.browse(line_id).unlink()
            elif code == UNLINK:
                unlink_lines([line_id])
            elif code == LINK:
                comodel.browse(line_id).write({inverse: record_id})
            elif code == CLEAR:
                if not creating:
                    unlink_lines(current_lines())
            elif code == SET:
                wanted = list(payload)
                if not creating:
                    unlink_lines([line for line in current_lines() if line not in set(wanted)])
                if wanted:
                    comodel.browse(wanted).write({inverse: record_id})

    # -- reading ------------------------------------------------------------------------------
    def read_batch(self, env: Environment, ids: list[int], values: list[Any], load: str | None) -> list[Any]:
        if self.related is not None:
            return self.read_related(env, ids, load)
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

    # -- domains ------------------------------------------------------------------------------
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
            targets, negative = self.targets(compiler, operator, value)
            lines = sa.select(inverse).where(comodel_table.c.id.in_(targets), inverse.is_not(None))
            return id_column.not_in(lines) if negative else id_column.in_(lines)
        raise ValueError(f"Invalid operator {operator!r} for one2many {self.model_name}.{self.name}")
