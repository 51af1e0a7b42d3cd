"""Names of records: display names in SQL or in batch, name_get, name_search, name_create."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from erpserver.orm import api
from erpserver.orm.arguments import is_unset

if TYPE_CHECKING:
    pass


class NamingMixin:
    """Display names, and finding records by name."""

    __slots__ = ()

    @classmethod
    def _display_name_sql(cls, table: sa.FromClause) -> Any:
        """The display name as an SQL expression on ``table``, when it is one (many2one reads
        then join it in the same SELECT); None when only ``_display_names`` can compute it."""
        if cls._display_names is not NamingMixin._display_names:
            return None  # a model with its own naming must say how to compute it in SQL
        field = cls._fields.get(cls._rec_name) if cls._rec_name else None
        if field is None or not field.column_backed or field.type not in ("char", "text", "selection"):
            return None
        return table.c[cls._rec_name]

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
        query = sa.select(table.c.id, table.c[self._rec_name]).where(table.c.id.in_(ids))
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
        domain = list(args or [])
        fields = self._rec_names_search or ([self._rec_name] if self._rec_name else [])
        name = "" if name is None or name is False else name
        if fields and not (name == "" and operator in ("like", "ilike")):
            leaves = [(f, operator, name) for f in fields]
            connector = "&" if operator in ("!=", "not like", "not ilike", "not in") else "|"
            domain = [connector] * (len(leaves) - 1) + leaves + domain
            if args:
                domain = ["&", *domain]
        limit = None if is_unset(limit) else int(limit)
        found = self.search(domain, limit=limit)
        names = self.sudo()._display_names(found._ids)
        return [[record_id, names.get(record_id, False)] for record_id in found._ids]

    @api.model
    def name_create(self, name: str) -> list[Any] | bool:
        if not self._rec_name:
            return False
        record = self.create({self._rec_name: name})
        return [record.id, self.sudo()._display_names([record.id]).get(record.id, False)]
