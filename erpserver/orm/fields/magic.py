"""The fields every model has: ``id``, ``display_name``, the log columns and ``__last_update``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from erpserver.orm.fields.base import Field
from erpserver.orm.fields.many2one import Many2one
from erpserver.orm.fields.numeric import Integer
from erpserver.orm.fields.temporal import Datetime
from erpserver.orm.fields.text import Char

if TYPE_CHECKING:
    from erpserver.orm.domain import Compiler
    from erpserver.orm.environment import Environment

LOG_FIELDS = ("create_uid", "create_date", "write_uid", "write_date")
# Keys create() and write() drop silently, as Odoo does.
MAGIC_WRITE_IGNORED = frozenset({"id", "parent_path", "display_name", "__last_update", *LOG_FIELDS})


class Id(Integer):
    """The primary key. Reported as an integer; compared without any conversion; no aggregate."""

    def _setup_extra(self, **extra: Any) -> None:
        super()._setup_extra(**extra)
        self.group_operator = None

    def sql_column(self) -> sa.Column:
        return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)

    def to_operand(self, value: Any) -> Any:
        return value

    def condition(self, compiler: Compiler, operator: str, value: Any) -> ColumnElement:
        if operator in ("child_of", "parent_of"):
            ids = compiler.hierarchy_ids(compiler.model._name, operator, value, None)
            return compiler.column("id").in_(ids) if ids else sa.false()
        return super().condition(compiler, operator, value)


class DisplayName(Char):
    """Computed from the model's name; searching it searches the name fields (spec decision 3)."""

    def __init__(self) -> None:
        super().__init__("Display Name", store=False, readonly=True)

    @property
    def searchable(self) -> bool:
        return True

    def read_batch(self, env: Environment, ids: list[int], values: list[Any], load: str | None) -> list[Any]:
        names = env[self.model_name]._display_names(ids)
        return [names.get(record_id, False) for record_id in ids]

    def condition(self, compiler: Compiler, operator: str, value: Any) -> ColumnElement:
        from erpserver.orm.domain import TRUE

        return compiler.compile(compiler.model._name_domain(operator, value, otherwise=TRUE))


class LastUpdate(Datetime):
    """``__last_update``: the write date, else the create date (kept for Odoo ≤16 clients)."""

    def __init__(self) -> None:
        super().__init__("Last Modified on", store=False, readonly=True)

    @property
    def searchable(self) -> bool:
        return True

    @property
    def sortable(self) -> bool:
        return True

    def column_of(self, compiler: Compiler) -> ColumnElement:
        return sa.func.coalesce(compiler.column("write_date"), compiler.column("create_date"))

    def read_batch(self, env: Environment, ids: list[int], values: list[Any], load: str | None) -> list[Any]:
        if not ids:
            return []
        table = env.registry[self.model_name]._table
        query = sa.select(table.c.id, sa.func.coalesce(table.c.write_date, table.c.create_date)).where(
            table.c.id.in_(set(ids))
        )
        stamps = dict(env.cr.execute(query).all())
        return [self.to_read(stamps.get(record_id)) for record_id in ids]


def magic_fields(log_access: bool) -> dict[str, Field]:
    """Fresh instances of the automatic fields, in the order ``read()`` lists them."""
    fields: dict[str, Field] = {"id": Id("ID", readonly=True)}
    fields["display_name"] = DisplayName()
    if log_access:
        fields["create_uid"] = Many2one("res.users", "Created by", readonly=True, ondelete="set null")
        fields["create_date"] = Datetime("Created on", readonly=True)
        fields["write_uid"] = Many2one("res.users", "Last Updated by", readonly=True, ondelete="set null")
        fields["write_date"] = Datetime("Last Updated on", readonly=True)
        fields["__last_update"] = LastUpdate()
    return fields
