"""INSERTs of new rows: a batch in few statements, the new ids back in the order of the rows.

Two things ride along so that a create needs no statement after its INSERT:

- ``SELF_ID``, a value meaning "this row's own id" (res.partner's commercial partner of a
  top-level contact). On PostgreSQL one such row is inserted with an id taken from the table's
  sequence first, ``WITH new AS (SELECT nextval(...)) INSERT ... SELECT new.id, ..., new.id``, one
  statement; a batch (and SQLite) gets one UPDATE per such column after its bulk INSERT.
- ``extra`` columns returned beside each id (the create rules' condition, see ``rules``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement


class _SelfId:
    def __repr__(self) -> str:
        return "SELF_ID"


SELF_ID: Any = _SelfId()


def insert_rows(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]],
                batch: Callable[[list[dict[str, Any]]], list[int]],
                extra: Sequence[ColumnElement[Any]] = ()) -> list[tuple[Any, ...]]:
    """INSERT ``rows`` (dicts with the same keys); ``(id, *extra)`` per row, in their order.

    One row on PostgreSQL is one statement, whatever it holds; anything else goes through
    ``batch`` (the model's bulk INSERT, which returns the ids), then an UPDATE per own-id column
    and a SELECT of ``extra`` if asked."""
    if len(rows) == 1 and conn.dialect.name == "postgresql":
        return [_insert_one(conn, table, rows[0], extra)]
    plain = [{name: None if value is SELF_ID else value for name, value in row.items()} for row in rows]
    ids = batch(plain)
    for name in sorted({name for row in rows for name, value in row.items() if value is SELF_ID}):
        linked = [new_id for new_id, row in zip(ids, rows, strict=True) if row[name] is SELF_ID]
        conn.execute(sa.update(table).where(table.c.id.in_(linked)).values({name: table.c.id}))
    if not extra:
        return [(new_id,) for new_id in ids]
    found = {row[0]: tuple(row) for row in conn.execute(sa.select(table.c.id, *extra).where(table.c.id.in_(ids)))}
    return [found[new_id] for new_id in ids]


def _insert_one(conn: sa.Connection, table: sa.Table, row: dict[str, Any],
                extra: Sequence[ColumnElement[Any]]) -> tuple[Any, ...]:
    if not any(value is SELF_ID for value in row.values()):
        return tuple(conn.execute(sa.insert(table).values(row).returning(table.c.id, *extra)).one())
    new = sa.select(sa.func.nextval(sa.func.pg_get_serial_sequence(table.name, "id")).label("id")).cte("new_row")
    values = [new.c.id if value is SELF_ID else sa.cast(sa.bindparam(f"v_{name}", value), table.c[name].type)
              for name, value in row.items()]
    statement = (sa.insert(table).from_select(["id", *row], sa.select(new.c.id, *values))
                 .returning(table.c.id, *extra))
    return tuple(conn.execute(statement).one())
