"""SQL functions PostgreSQL has and SQLite lacks, as SQLAlchemy constructs with one compile rule
per dialect: the ORM builds the same expression for both databases.

- ``DateTrunc``: the start of a time bucket (day, week, month...), datetimes in a time zone;
- ``BoolAnd`` / ``BoolOr``: ``bool_and`` / ``bool_or`` (``min`` / ``max`` of 0/1 on SQLite);
- ``ArrayAgg``: ``array_agg(x ORDER BY ...)`` (``json_group_array`` on SQLite, decoded on fetch).

The granularity and the time zone are rendered as quoted literals, never bound parameters, so a
GROUP BY repeats exactly the expression of the SELECT; both come from closed lists.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from erpserver.timebuckets import GRANULARITIES, time_zones

SQLITE_DATE_TRUNC = "erp_date_trunc"


class DateTrunc(ColumnElement[Any]):
    """The start of the ``granularity`` bucket of a date or naive-UTC datetime ``column``;
    a datetime is bucketed in ``tz`` when one is given, and its result is wall-clock time there."""

    inherit_cache = False

    def __init__(self, column: ColumnElement[Any], granularity: str, *, is_date: bool,
                 tz: str | None = None, first_week_day: int = 0, type_: Any = None) -> None:
        if granularity not in GRANULARITIES:
            raise ValueError(f"Granularity specification isn't correct: {granularity!r}")
        if tz is not None and tz not in time_zones():
            raise ValueError(f"Unknown time zone {tz!r}")
        self.column = column
        self.granularity = granularity
        self.is_date = is_date
        self.tz = None if is_date else tz
        self.first_week_day = int(first_week_day) % 7
        self.type = type_ if type_ is not None else column.type

    def get_children(self, **kw: Any) -> list[ColumnElement[Any]]:
        return [self.column]


def _literal(compiler: SQLCompiler, value: str) -> str:
    return str(compiler.render_literal_value(value, sa.String()))


@compiles(DateTrunc, "postgresql")
def _date_trunc_postgresql(element: DateTrunc, compiler: SQLCompiler, **kw: Any) -> str:
    expression = compiler.process(element.column, **kw)
    if element.tz:
        expression = f"timezone({_literal(compiler, element.tz)}, timezone('UTC', {expression}))"
    if element.granularity == "week":
        # date_trunc's weeks start on Monday: shift so that they start on first_week_day
        offset = (7 - element.first_week_day) % 7
        expression = (f"(date_trunc('week', ({expression})::timestamp + INTERVAL '{offset} DAY')"
                      f" - INTERVAL '{offset} DAY')")
    else:
        expression = f"date_trunc({_literal(compiler, element.granularity)}, ({expression})::timestamp)"
    return f"({expression})::date" if element.is_date else expression


@compiles(DateTrunc, "sqlite")
def _date_trunc_sqlite(element: DateTrunc, compiler: SQLCompiler, **kw: Any) -> str:
    expression = compiler.process(element.column, **kw)
    tz = _literal(compiler, element.tz) if element.tz else "NULL"
    return (f"{SQLITE_DATE_TRUNC}({_literal(compiler, element.granularity)}, {expression}, {tz}, "
            f"{element.first_week_day})")


class BoolAnd(FunctionElement[Any]):
    name = "bool_and"
    inherit_cache = True
    type = sa.Boolean()


class BoolOr(FunctionElement[Any]):
    name = "bool_or"
    inherit_cache = True
    type = sa.Boolean()


@compiles(BoolAnd)
@compiles(BoolOr)
def _bool_aggregate(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> str:
    return f"{element.name}({compiler.process(element.clauses, **kw)})"


@compiles(BoolAnd, "sqlite")
def _bool_and_sqlite(element: BoolAnd, compiler: SQLCompiler, **kw: Any) -> str:
    return f"min({compiler.process(element.clauses, **kw)})"


@compiles(BoolOr, "sqlite")
def _bool_or_sqlite(element: BoolOr, compiler: SQLCompiler, **kw: Any) -> str:
    return f"max({compiler.process(element.clauses, **kw)})"


class ArrayResult(sa.types.TypeDecorator[Any]):
    """A list from PostgreSQL's arrays, or from SQLite's JSON arrays."""

    impl = sa.types.NullType
    cache_ok = True

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> Any:
        if isinstance(value, str):
            return json.loads(value)
        return value


class ArrayAgg(ColumnElement[Any]):
    """``array_agg(column ORDER BY order_by)``: the group's values as a list."""

    inherit_cache = False
    type = ArrayResult()

    def __init__(self, column: ColumnElement[Any], order_by: ColumnElement[Any]) -> None:
        self.column = column
        self.order_by = order_by

    def get_children(self, **kw: Any) -> list[ColumnElement[Any]]:
        return [self.column, self.order_by]


@compiles(ArrayAgg)
def _array_agg(element: ArrayAgg, compiler: SQLCompiler, **kw: Any) -> str:
    return (f"array_agg({compiler.process(element.column, **kw)} "
            f"ORDER BY {compiler.process(element.order_by, **kw)})")


@compiles(ArrayAgg, "sqlite")
def _array_agg_sqlite(element: ArrayAgg, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite before 3.44 has no ORDER BY inside an aggregate: rows come in scan order
    return f"json_group_array({compiler.process(element.column, **kw)})"
