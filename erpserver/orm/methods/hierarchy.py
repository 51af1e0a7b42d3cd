"""child_of / parent_of: walking a parent many2one, one query per level."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from erpserver.orm.arguments import normalize_ids
from erpserver.orm.recordset import Recordset


class HierarchyMixin(Recordset):
    """The closure of records through a parent many2one."""

    __slots__ = ()

    def _hierarchy_ids(self, operator: str, value: Any, parent_field: str | None) -> list[int]:
        """The closure of ``value`` through ``parent_field`` (children or parents, start included)."""
        parent_name = parent_field or self._parent_name
        if parent_name not in self._fields:
            raise ValueError(f"Invalid field {self._name}.{parent_name} in leaf {(parent_name, operator, value)!r}")
        if isinstance(value, str) or (isinstance(value, (list, tuple)) and value and isinstance(value[0], str)):
            names = [value] if isinstance(value, str) else list(value)
            start: set[int] = set()
            for name in names:
                start.update(r[0] for r in self.sudo().with_context(active_test=False).name_search(name, limit=None))
        elif value is False or value is None or value == 0:
            start = set()
        else:
            start = set(normalize_ids(value))
        table, parent = self._table, self._table.c[parent_name]
        closure, frontier = set(start), set(start)
        while frontier:
            if operator == "child_of":
                query = sa.select(table.c.id).where(parent.in_(frontier))
            else:
                query = sa.select(parent).where(table.c.id.in_(frontier), parent.is_not(None))
            found = set(self.env.cr.execute(query).scalars())
            frontier = found - closure
            closure |= found
        return sorted(closure)
