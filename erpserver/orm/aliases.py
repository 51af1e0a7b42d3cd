"""Table aliases, built once per table: building one copies every column, which is not free."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.sql.selectable import NamedFromClause


def alias(table: sa.Table, name: str) -> NamedFromClause:
    cache: dict[str, NamedFromClause] = table.info.setdefault("erp_aliases", {})
    found = cache.get(name)
    if found is None:
        found = cache[name] = table.alias(name)
    return found
