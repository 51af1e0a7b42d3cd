"""Names of records: display names in SQL or in batch, name_get, name_search, name_create."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from erpserver.orm import api
from erpserver.orm.arguments import is_unset
from erpserver.orm.domain import FALSE, NEGATIVE_OPERATORS, TRUE, And, Node, Or, combine, leaf, parse
from erpserver.orm.recordset import Recordset

if TYPE_CHECKING:
    from erpserver.orm.environment import Environment


class NamingMixin(Recordset):
    """Display names, and finding records by name."""

    __slots__ = ()

    @classmethod
    def _display_name_sql(cls, table: sa.FromClause, env: Environment) -> Any:
        """The display name as an SQL expression on ``table``, in ``env``'s language, when it is
        one (many2one reads then join it in the same SELECT); None when only ``_display_names``
        can compute it."""
        if cls._display_names is not NamingMixin._display_names:
            return None  # a model with its own naming must say how to compute it in SQL
        field = cls._fields.get(cls._rec_name) if cls._rec_name else None
        if field is None or not field.column_backed:
            return None
        return field.name_expression(table.c[field.name], env)

    @classmethod
    def _name_fields(cls) -> list[str]:
        """The fields a record is found by name in: ``_rec_names_search``, else ``_rec_name``."""
        if cls._rec_names_search:
            return list(cls._rec_names_search)
        return [cls._rec_name] if cls._rec_name else []

    @classmethod
    def _name_domain(cls, operator: str, value: Any, otherwise: Node = FALSE) -> Node:
        """The records whose name matches: a leaf per name field, ORed, or ANDed when the operator
        is negative (``not ilike 'x'``: no name field contains 'x'); ``otherwise`` for a model
        without a name field. A list value means ``in`` / ``not in``, a single one ``=`` / ``!=``."""
        names = cls._name_fields()
        if not names:
            return otherwise
        if isinstance(value, (list, tuple)):
            operator = {"=": "in", "!=": "not in"}.get(operator, operator)
        else:
            operator = {"in": "=", "not in": "!="}.get(operator, operator)
        leaves = [leaf(name, operator, value) for name in names]
        return combine(And if operator in NEGATIVE_OPERATORS else Or, leaves)

    def _display_names(self, ids: Iterable[int]) -> dict[int, str | bool]:
        """Display names of a batch in one query: the rec_name column, else ``"model,id"``."""
        ids = set(ids)
        if not ids:
            return {}
        table = self._table
        if not self._rec_name:
            query = sa.select(table.c.id).where(table.c.id.in_(ids))
            return {record_id: f"{self._name},{record_id}" for record_id in self.env.cr.execute(query).scalars()}
        field = self._fields[self._rec_name]
        value = field.read_expression(table.c[self._rec_name], self.env)
        query = sa.select(table.c.id, value).where(table.c.id.in_(ids))
        names: dict[int, str | bool] = {}
        for record_id, value in self.env.cr.execute(query):
            names[record_id] = False if value is None or value is False else str(field.to_read(value))
        return names

    @api.records(readonly=True)
    def name_get(self) -> list[list[Any]]:
        self._check_access("read")
        names = self._display_names(self._ids)
        return [[record_id, names[record_id]] for record_id in self._ids if record_id in names]

    @api.model(readonly=True)
    def name_search(self, name: Any = "", args: Any = None, operator: str = "ilike",
                    limit: Any = 100) -> list[list[Any]]:
        node = parse(args or [])
        name = "" if name is None or name is False else name
        if not (name == "" and operator in ("like", "ilike")):
            node = combine(And, [self._name_domain(operator, name, otherwise=TRUE), node])
        limit = None if is_unset(limit) else int(limit)
        found = self.search(node, limit=limit)
        names = self.sudo()._display_names(found._ids)
        return [[record_id, names.get(record_id, False)] for record_id in found._ids]

    @api.model
    def name_create(self, name: str) -> list[Any] | bool:
        if not self._rec_name:
            return False
        record = self.create({self._rec_name: name})
        return [record.id, self.sudo()._display_names([record.id]).get(record.id, False)]
