"""Statements for many rows at once: INSERT and UPDATE of many records with values of their own.

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

ROWS_PER_STATEMENT = 5000


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
    arrays += _arrays(table, names)
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


def _arrays(table: sa.Table, names: Sequence[str]) -> list[Any]:
    return [sa.cast(sa.bindparam(f"p{i}", type_=postgresql.ARRAY(table.c[name].type)),
                    postgresql.ARRAY(table.c[name].type)) for i, name in enumerate(names)]


def insert_rows(conn: sa.Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]],
                conflict_index: Sequence[str] = ()) -> list[int]:
    """PostgreSQL: insert ``rows`` (the same columns in every row); the new ids in row order.
    With ``conflict_index``, rows that would break that unique index are skipped (``ON CONFLICT
    DO NOTHING``) and only the ids of the inserted rows come back."""
    names = list(rows[0])
    values = sa.func.unnest(*_arrays(table, names)).table_valued(
        *(f"c{i}" for i in range(len(names))), with_ordinality="n").render_derived(name="bulk_values")
    select = sa.select(*(values.c[f"c{i}"] for i in range(len(names)))).order_by(values.c.n)
    statement: Any = postgresql.insert(table).from_select(names, select)
    if conflict_index:
        statement = statement.on_conflict_do_nothing(index_elements=list(conflict_index))
    statement = statement.returning(table.c.id)
    ids: list[int] = []
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        chunk = rows[start:start + ROWS_PER_STATEMENT]
        parameters = {f"p{i}": [row[name] for row in chunk] for i, name in enumerate(names)}
        ids.extend(conn.execute(statement, parameters).scalars())
    return ids
