"""Statements for many rows at once: one UPDATE for many records with values of their own.

PostgreSQL: ``UPDATE t SET a = v.a ... FROM unnest(CAST(:ids AS INTEGER[]), CAST(:a AS type[]))
AS v (id, a) WHERE t.id = v.id``, ``ROWS_PER_STATEMENT`` rows per statement (a column's values
are one array parameter; the casts give an array of NULLs or of strings its type). SQLite: one prepared ``UPDATE ... WHERE id = ?`` run with ``executemany``,
which the driver loops over in C without a round trip.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

ROWS_PER_STATEMENT = 1000


def update_rows(conn: sa.Connection, table: sa.Table, ids: Sequence[int],
                rows: Sequence[Mapping[str, Any]]) -> int:
    """Set ``rows[i]`` (column values, the same columns in every row) on the row ``ids[i]``;
    the number of rows matched."""
    if not ids:
        return 0
    names = list(rows[0])
    if conn.dialect.name == "postgresql":
        return _update_from_values(conn, table, ids, rows, names)
    return _update_executemany(conn, table, ids, rows, names)


def _update_from_values(conn: sa.Connection, table: sa.Table, ids: Sequence[int],
                        rows: Sequence[Mapping[str, Any]], names: list[str]) -> int:
    """One statement per ``ROWS_PER_STATEMENT`` rows, whose shape depends only on the columns
    (so SQLAlchemy compiles it once): each column's values travel as one array parameter."""
    arrays = [sa.cast(sa.bindparam("p_id", type_=postgresql.ARRAY(sa.Integer)), postgresql.ARRAY(sa.Integer))]
    arrays += [sa.cast(sa.bindparam(f"p{i}", type_=postgresql.ARRAY(table.c[name].type)),
                       postgresql.ARRAY(table.c[name].type)) for i, name in enumerate(names)]
    values = sa.func.unnest(*arrays).table_valued(
        "id", *(f"c{i}" for i in range(len(names)))).render_derived(name="bulk_values")
    statement = (sa.update(table).where(table.c.id == values.c.id)
                 .values({name: values.c[f"c{i}"] for i, name in enumerate(names)}))
    matched = 0
    for start in range(0, len(ids), ROWS_PER_STATEMENT):
        chunk = range(start, min(start + ROWS_PER_STATEMENT, len(ids)))
        parameters = {"p_id": [ids[n] for n in chunk]}
        parameters.update({f"p{i}": [rows[n][name] for n in chunk] for i, name in enumerate(names)})
        matched += conn.execute(statement, parameters).rowcount
    return matched


def _update_executemany(conn: sa.Connection, table: sa.Table, ids: Sequence[int],
                        rows: Sequence[Mapping[str, Any]], names: list[str]) -> int:
    # bound parameters may not share a column's name in an UPDATE's SET clause: number them
    statement = (sa.update(table).where(table.c.id == sa.bindparam("p_id"))
                 .values({name: sa.bindparam(f"p{i}", type_=table.c[name].type) for i, name in enumerate(names)}))
    parameters = [{"p_id": record_id, **{f"p{i}": row[name] for i, name in enumerate(names)}}
                  for record_id, row in zip(ids, rows, strict=True)]
    result = conn.execute(statement, parameters)
    return result.rowcount if result.rowcount >= 0 else len(ids)
