"""INSERTs of new rows: a batch in few statements, the new ids back in the order of the rows.

Two things ride along so that a create needs no statement after its INSERT:

- ``SELF_ID``, a value meaning "this row's own id" (res.partner's commercial partner of a
  top-level contact). On PostgreSQL a row holding it is inserted with an id taken from the table's
  sequence first, ``WITH new AS (SELECT nextval(...)) INSERT ... SELECT new.id, ..., new.id``, one
  statement; on SQLite the columns are set by one UPDATE after the INSERT.
- ``extra`` columns returned beside each id (the create rules' condition, see ``rules``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement


class _SelfId:
    def __repr__(self) -> str:
        return "SELF_ID"


SELF_ID: Any = _SelfId()


def insert_rows(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]],
                extra: Sequence[ColumnElement[Any]] = ()) -> list[tuple[Any, ...]]:
    """INSERT ``rows`` (dicts with the same keys); ``(id, *extra)`` per row, in their order."""
    if any(value is SELF_ID for row in rows for value in row.values()):
        if conn.dialect.name == "postgresql":
            return [_insert_with_own_id(conn, table, row, extra) for row in rows]
        return _insert_then_link(conn, table, rows, extra)
    returning = (table.c.id, *extra)
    if conn.dialect.name != "sqlite":
        # SQLAlchemy's insertmanyvalues keeps RETURNING in parameter order.
        statement = sa.insert(table).returning(*returning, sort_by_parameter_order=True)
        return [tuple(row) for row in conn.execute(statement, rows)]
    # SQLite assigns rowids in VALUES order within one statement, so rows sorted by id match the
    # rows given (SQLAlchemy would otherwise run one INSERT per row to guarantee the order).
    found: list[tuple[Any, ...]] = []
    per_statement = max(1, 30000 // max(1, len(rows[0])))  # SQLite's bound-parameter limit
    for start in range(0, len(rows), per_statement):
        chunk = rows[start:start + per_statement]
        statement = sa.insert(table).values(chunk[0] if len(chunk) == 1 else chunk).returning(*returning)
        found.extend(sorted(tuple(row) for row in conn.execute(statement)))
    return found


def _insert_with_own_id(conn: sa.Connection, table: sa.Table, row: dict[str, Any],
                        extra: Sequence[ColumnElement[Any]]) -> tuple[Any, ...]:
    new = sa.select(sa.func.nextval(sa.func.pg_get_serial_sequence(table.name, "id")).label("id")).cte("new_row")
    values = [new.c.id if value is SELF_ID else sa.cast(sa.bindparam(f"v_{name}", value), table.c[name].type)
              for name, value in row.items()]
    statement = (sa.insert(table).from_select(["id", *row], sa.select(new.c.id, *values))
                 .returning(table.c.id, *extra))
    return tuple(conn.execute(statement).one())


def _insert_then_link(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]],
                      extra: Sequence[ColumnElement[Any]]) -> list[tuple[Any, ...]]:
    plain = [{name: None if value is SELF_ID else value for name, value in row.items()} for row in rows]
    found = insert_rows(conn, table, plain)
    linked = {name for row in rows for name, value in row.items() if value is SELF_ID}
    for name in sorted(linked):
        ids = [each[0] for each, row in zip(found, rows, strict=True) if row[name] is SELF_ID]
        conn.execute(sa.update(table).where(table.c.id.in_(ids)).values({name: table.c.id}))
    if not extra:
        return found
    query = sa.select(table.c.id, *extra).where(table.c.id.in_([each[0] for each in found]))
    by_id = {row[0]: tuple(row) for row in conn.execute(query)}
    return [by_id[each[0]] for each in found]
