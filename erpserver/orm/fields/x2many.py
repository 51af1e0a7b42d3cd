"""What One2many and Many2many share: no column on the model, lists of ids on the wire, commands in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from erpserver.orm import commands
from erpserver.orm.arguments import is_id
from erpserver.orm.domain import NEGATIVE_OPERATORS, positive
from erpserver.orm.fields.relational import Relational, names_in

if TYPE_CHECKING:
    from erpserver.orm.domain import Compiler
    from erpserver.orm.environment import Environment
    from erpserver.orm.model import Model



class X2many(Relational):
    empty_read: ClassVar[Any] = []
    # Many2many drops what is not a command from a written list; One2many refuses it (Odoo).
    skips_non_commands: ClassVar[bool] = False

    @property
    def store(self) -> bool:
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

    # -- writing ------------------------------------------------------------------------------
    @property
    def writes_after_row(self) -> bool:
        return True

    def write_after_row(self, records: Model, value: Any, creating: bool) -> None:
        if self.related is not None or self.inverse is not None:
            super().write_after_row(records, value, creating)
            return
        self.apply_commands(records, commands.normalize(self, value), creating)

    def apply_commands(self, records: Model, commands: Sequence[commands.Command], creating: bool) -> None:
        raise NotImplementedError

    def export_targets(self, value: Any) -> list[int]:
        return list(value or [])

    # -- reading ------------------------------------------------------------------------------
    def comodel_active_filter(self, env: Environment, table: sa.Table) -> ColumnElement | None:
        """x2many values hide archived co-records unless ``active_test`` is off."""
        comodel = env.registry[self.comodel_name]
        active = comodel._active_name
        if active is None or not env.context.get("active_test", True):
            return None
        return table.c[active] == sa.true()

    # -- domains ------------------------------------------------------------------------------
    def any_condition(self, compiler: Compiler, negative: bool, subdomain: Any) -> ColumnElement:
        # x2many paths see only active co-records, unless the context says otherwise (Odoo 17)
        targets = compiler.subquery(self.comodel_name, subdomain)
        return self.condition(compiler, "not in" if negative else "in", targets)

    def targets(self, compiler: Compiler, operator: str, value: Any) -> tuple[Any, bool]:
        """The comodel ids a leaf's value designates, and whether the operator is negative."""
        negative = operator in NEGATIVE_OPERATORS
        if isinstance(value, sa.Select):
            return value, negative
        names = names_in(value)
        if names is not None:
            return self.named(compiler, positive(operator), names), negative
        if is_id(value):
            return [value], negative
        if isinstance(value, (list, tuple)):
            return [v for v in value if is_id(v)], negative
        raise ValueError(f"Invalid domain value {value!r} for {self.model_name}.{self.name}")
