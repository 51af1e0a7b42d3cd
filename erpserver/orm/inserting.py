"""INSERTs of new rows: a batch in few statements, the new ids back in the order of the rows.

Two things ride along so that a create needs no statement after its INSERT:

- ``SELF_ID``, a value meaning "this row's own id" (res.partner's commercial partner of a
  top-level contact). On PostgreSQL one such row is one ``INSERT ... VALUES (nextval(seq), ...,
  currval(seq), ...)``: PostgreSQL computes an INSERT's values in the order of the table's
  columns, and ``id``, made with the table, is its first (``_one_row_statement`` checks), so the
  ``currval`` reads the id just drawn, in this session. (``INSERT ... SELECT`` from a
  ``nextval`` subquery does the same without that reliance, at 50 to 80 µs more per row to plan.)
  A batch (and SQLite) gets one UPDATE per such column after its bulk INSERT.
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


Keep = Callable[[tuple[Any, ...], Callable[[], Any]], Any]


def _build(_key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    return build()


def insert_rows(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]],
                batch: Callable[[list[dict[str, Any]]], list[int]],
                extra: Sequence[ColumnElement[Any]] = (), keep: Keep = _build) -> list[tuple[Any, ...]]:
    """INSERT ``rows`` (dicts with the same keys); ``(id, *extra)`` per row, in their order.

    One row on PostgreSQL is one statement, whatever it holds; anything else goes through
    ``batch`` (the model's bulk INSERT, which returns the ids), then an UPDATE per own-id column
    and a SELECT of ``extra`` if asked. ``keep(key, build)`` may keep the one-row statement (the
    caller's key adds what ``extra`` depends on)."""
    if len(rows) == 1 and conn.dialect.name == "postgresql":
        return [_insert_one(conn, table, rows[0], extra, keep)]
    plain = [{name: None if value is SELF_ID else value for name, value in row.items()} for row in rows]
    ids = batch(plain)
    for name in sorted({name for row in rows for name, value in row.items() if value is SELF_ID}):
        linked = [new_id for new_id, row in zip(ids, rows, strict=True) if row[name] is SELF_ID]
        conn.execute(sa.update(table).where(table.c.id.in_(linked)).values({name: table.c.id}))
    if not extra:
        return [(new_id,) for new_id in ids]
    found = {row[0]: tuple(row) for row in conn.execute(sa.select(table.c.id, *extra).where(table.c.id.in_(ids)))}
    return [found[new_id] for new_id in ids]


def _insert_one(conn: sa.Connection, table: sa.Table, row: dict[str, Any], extra: Sequence[ColumnElement[Any]],
                keep: Keep) -> tuple[Any, ...]:
    """One statement, built for the row's columns (and which of them are SELF_ID), run with its
    values as parameters: a kept statement serves every row of the same shape."""
    linked = tuple(name for name, value in row.items() if value is SELF_ID)
    shape = ("insert", table.name, tuple(row), linked)
    statement = keep(shape, lambda: _one_row_statement(table, list(row), linked, extra))
    return tuple(conn.execute(statement, {f"v_{name}": value for name, value in row.items()
                                          if value is not SELF_ID}).one())


def _one_row_statement(table: sa.Table, names: list[str], linked: tuple[str, ...],
                       extra: Sequence[ColumnElement[Any]]) -> Any:
    params: dict[str, Any] = {name: sa.bindparam(f"v_{name}", type_=table.c[name].type)
                              for name in names if name not in linked}
    if linked:
        if next(iter(table.c)).name != "id":
            raise AssertionError(f"{table.name}: id must be the first column for currval() to follow nextval()")
        sequence = sa.func.pg_get_serial_sequence(table.name, "id")
        params = {"id": sa.func.nextval(sequence), **params,
                  **{name: sa.func.currval(sequence) for name in linked}}
    return sa.insert(table).values(params).returning(table.c.id, *extra)
