"""read_group: records counted and aggregated by groups, in one SQL query.

The query is the model's search (``_search_query``: access rights, record rules and the active
filter apply) with a GROUP BY. Each field says how rows group by it, how a group reads and how it
aggregates (``Field.group_*`` and ``aggregate_*``); this module parses the specifications, builds
the query and shapes the answer as Odoo 17 does:

- ``groupby``: ``'f'`` or ``'f:granularity'`` (dates: hour, day, week, month, quarter, year;
  month when none is given); ``lazy`` groups by the first one only and tells the next ones in
  ``__context``; the count is ``<first groupby>_count`` when lazy, ``__count`` otherwise;
- ``fields``: ``'f'`` (the field's ``group_operator``), ``'f:agg'`` or ``'name:agg(f)'``;
- ``orderby``: groupby and aggregate names with ``asc``/``desc``; by default the groupbys, a
  many2one by its comodel's order;
- each group carries ``__domain`` (the caller's domain AND the group's), dates ``__range``, and
  groups a field expands (crm.lead's stages) ``__fold``.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any, cast

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from erpserver.orm import access, api
from erpserver.orm.arguments import is_unset
from erpserver.orm.domain import order_clause
from erpserver.orm.domain_lists import and_domains
from erpserver.orm.fields.base import AGGREGATES, Field, GroupValue
from erpserver.orm.recordset import Recordset

if TYPE_CHECKING:
    from erpserver.orm.domain import Compiler
    from erpserver.orm.model import Model

GROUPBY_RE = re.compile(r"^(\w+)(?::(\w+))?$")
FIELD_SPEC_RE = re.compile(r"^(\w+)(?::(\w+)(?:\((\w+)\))?)?$")
ORDER_TERM_RE = re.compile(
    r"^\s*(?P<term>[a-z0-9_]+(?::[a-z_]+)?)(?:\s+(?P<direction>desc|asc))?(?:\s+(?P<nulls>nulls\s+(?:first|last)))?\s*$",
    re.IGNORECASE,
)
COUNT = "__count"
# A row of the query: the groups' columns, then the aggregates.
Row = tuple[list[Any], list[Any]]


@dataclasses.dataclass(frozen=True)
class GroupBy:
    key: str  # as the caller wrote it: the key of the answer
    spec: str  # with the default granularity: "date_deadline:month"
    field: Field
    granularity: str | None


@dataclasses.dataclass(frozen=True)
class Aggregate:
    key: str  # the key of the answer
    spec: str  # "field:function", or "__count"
    field: Field | None
    function: str


class GroupingMixin(Recordset):
    """read_group, the method dashboards and BI connectors call most after search_read."""

    __slots__ = ()

    # -- specifications -----------------------------------------------------------------------
    def _groupby_of(self, spec: Any) -> GroupBy:
        match = GROUPBY_RE.match(spec) if isinstance(spec, str) else None
        if match is None:
            raise ValueError(f"Invalid groupby specification {spec!r}")
        name, granularity = match.groups()
        field = self._fields.get(name)
        if field is None:
            raise self._invalid_field(name)
        granularity = field.group_granularity(spec, granularity)
        return GroupBy(spec, f"{name}:{granularity}" if granularity else name, field, granularity)

    def _aggregate_of(self, key: str, name: str, function: str) -> Aggregate:
        spec = f"{name}:{function}"
        field = self._fields.get(name)
        if field is None:
            raise ValueError(f"Invalid field {name!r} on model {self._name!r} for {spec!r}.")
        if function not in AGGREGATES:
            raise ValueError(f"Invalid aggregate method {function!r} for {spec!r}.")
        return Aggregate(key, spec, field, function)

    def _aggregates_of(self, fields: Any, count_key: str, groupby_keys: set[str]) -> dict[str, Aggregate]:
        aggregates = {count_key: Aggregate(count_key, COUNT, None, "count")}
        for spec in fields or []:
            if spec == COUNT:
                continue
            match = FIELD_SPEC_RE.match(spec) if isinstance(spec, str) else None
            if match is None:
                raise ValueError(f"Invalid field specification {spec!r}.")
            name, function, target = match.groups()
            if target:  # "total:sum(amount)"
                aggregates[name] = self._aggregate_of(name, target, function)
            elif function:  # "amount:sum"
                aggregates[name] = self._aggregate_of(name, name, function)
            else:  # "amount": its group_operator, when it has one and a column
                field = self._fields.get(name)
                if field is None:
                    raise self._invalid_field(name)
                if field.column_backed and field.group_operator and spec not in groupby_keys:
                    aggregates[name] = self._aggregate_of(name, name, field.group_operator)
        return aggregates

    @staticmethod
    def _order_terms(orderby: str | None, groups: list[GroupBy], aggregates: dict[str, Aggregate]) -> list[str]:
        """The order as specifications: names of the answer replaced by what they stand for."""
        if not orderby:
            return [group.spec for group in groups]
        names = [*((g.key, g.spec) for g in reversed(groups)), *((key, a.spec) for key, a in aggregates.items())]
        terms = []
        for term in orderby.split(","):
            term = term.strip()
            for key, spec in names:
                name = key.split(":")[0]
                if term == name or term.startswith(f"{name} "):
                    term = term.replace(name, spec, 1)
                    break
            terms.append(term)
        return terms

    # -- the query ----------------------------------------------------------------------------
    def _aggregate_sql(self, aggregate: Aggregate, compiler: Compiler) -> ColumnElement:
        if aggregate.field is None:
            return sa.func.count()
        return aggregate.field.aggregate_expression(aggregate.function, compiler)

    def _order_clauses(self, terms: list[str], groups: list[GroupBy], columns: dict[str, ColumnElement],
                       compiler: Compiler, group_by: list[ColumnElement]) -> list[Any]:
        by_spec = {group.spec: group for group in groups}
        clauses: list[Any] = []
        for part in terms:
            match = ORDER_TERM_RE.match(part)
            if match is None:
                raise ValueError(f"Invalid order {','.join(terms)!r} for _read_group()")
            term, descending = match["term"], (match["direction"] or "asc").lower() == "desc"
            nulls = match["nulls"].lower().split()[-1] if match["nulls"] else None
            group = by_spec.get(term)
            if group is not None:
                pairs = group.field.group_order(compiler, columns[term], descending)
                for expression, _descending in pairs:
                    if all(expression is not other for other in group_by):
                        group_by.append(expression)
            else:
                pairs = [(self._aggregate_sql(self._order_aggregate(part, term), compiler), descending)]
            clauses += [order_clause(self.env, expression, term_descending, nulls) for expression, term_descending in pairs]
        return clauses

    def _order_aggregate(self, part: str, term: str) -> Aggregate:
        if term == COUNT:
            return Aggregate(COUNT, COUNT, None, "count")
        name, _sep, function = term.partition(":")
        try:
            if not function:
                raise ValueError(f"Aggregate method is mandatory for {name!r}")
            return self._aggregate_of(term, name, function)
        except ValueError as error:
            raise ValueError(f"Order term {part!r} is not a valid aggregate nor valid groupby") from error

    def _group_query(self, domain: Any, groups: list[GroupBy], aggregates: dict[str, Aggregate],
                     order_terms: list[str], offset: int, limit: int | None) -> tuple[sa.Select, list[int]]:
        """The SELECT, and how many columns each group reads (its value, then its name columns)."""
        group_by: list[ColumnElement] = []
        widths: list[int] = []
        order: list[Any] = []

        def select(compiler: Compiler) -> list[Any]:
            selected: list[Any] = []
            columns = {}
            for group in groups:
                column = group.field.group_column(compiler, group.granularity)
                names = group.field.group_name_columns(compiler)
                columns[group.spec] = column
                selected += [column, *names]
                group_by.extend([column, *names])
                widths.append(1 + len(names))
            selected += [self._aggregate_sql(aggregate, compiler) for aggregate in aggregates.values()]
            if groups:
                order[:] = self._order_clauses(order_terms, groups, columns, compiler, group_by)
            return selected

        query = self._search_query(domain, offset, limit, columns=select)
        if groups:
            query = query.group_by(*group_by).order_by(*order)
        return query, widths

    # -- the answer ---------------------------------------------------------------------------
    def _expand(self, group: GroupBy, rows: list[Row], domain: Any, aggregates: dict[str, Aggregate]
                ) -> tuple[list[Row], dict[Any, bool] | None]:
        """Add the groups the field always shows, in its order (the others come after them), and
        say which are folded."""
        present = [group_row[0] for group_row, _values in rows if group_row[0]]
        expanded = group.field.expanded_groups(cast("Model", self), present, domain)
        if expanded is None:
            return rows, None
        by_value = {group_row[0]: (group_row, values) for group_row, values in rows}
        empty: list[Any] = [None] * len(aggregates)
        rows = [by_value.pop(value, ([value], empty)) for value in expanded] + list(by_value.values())
        return rows, group.field.group_folds(self.env, [group_row[0] for group_row, _values in rows])

    @api.model(readonly=True)
    def read_group(self, domain: Any, fields: Any = None, groupby: Any = None, offset: Any = 0,
                   limit: Any = None, orderby: Any = False, lazy: Any = True) -> list[dict[str, Any]]:
        domain = list(domain or [])
        groupby_list = [groupby] if isinstance(groupby, str) else list(groupby or [])
        lazy = bool(lazy)
        offset = 0 if is_unset(offset) else int(offset)
        limit = None if is_unset(limit) else int(limit)
        lazy_groupby = groupby_list[:1] if lazy else groupby_list
        groups = [self._groupby_of(spec) for spec in lazy_groupby]
        count_key = f"{lazy_groupby[0].split(':')[0]}_count" if lazy and len(lazy_groupby) == 1 else COUNT
        aggregates = self._aggregates_of(fields, count_key, {group.key for group in groups})
        used = {g.field.name for g in groups} | {a.field.name for a in aggregates.values() if a.field is not None}
        access.check_field_access(self.env, cast("Model", self), sorted(used), "read")
        order_terms = self._order_terms(None if is_unset(orderby) else str(orderby), groups, aggregates)

        query, widths = self._group_query(domain, groups, aggregates, order_terms, offset, limit)
        split = sum(widths)
        rows: list[Row] = [(list(row[:split]), list(row[split:])) for row in self.env.cr.execute(query)]
        folds = None
        if groups and lazy:
            rows, folds = self._expand(groups[0], rows, domain, aggregates)
        answers = self._group_answers(rows, domain, groups, widths, aggregates)
        for answer, (group_row, _values) in zip(answers, rows, strict=True):
            if folds is not None:
                answer["__fold"] = folds.get(group_row[0], False)
            if len(lazy_groupby) < len(groupby_list):
                answer["__context"] = {"group_by": groupby_list[len(lazy_groupby):]}
        return answers

    def _group_answers(self, rows: list[Row], domain: list[Any], groups: list[GroupBy], widths: list[int],
                       aggregates: dict[str, Aggregate]) -> list[dict[str, Any]]:
        """One dict per row: each group's value, the aggregates, ``__domain`` and ``__range``."""
        per_group: list[list[GroupValue]] = []
        start = 0
        for group, width in zip(groups, widths, strict=True):
            raws = [group_row[start] for group_row, _values in rows]
            names = [tuple(group_row[start + 1:start + width]) if width > 1 and len(group_row) >= start + width
                     else None for group_row, _values in rows]
            per_group.append(group.field.group_values(self.env, group.granularity, raws, names))
            start += width
        answers = []
        for position, (_group_row, values) in enumerate(rows):
            answer: dict[str, Any] = {}
            row_domain: list[Any] = domain
            ranges: dict[str, Any] = {}
            for group, group_values in zip(groups, per_group, strict=True):
                value = group_values[position]
                answer[group.key] = value.value
                row_domain = and_domains(row_domain, value.domain)
                if value.range is not None:
                    ranges[group.key] = value.range
            for aggregate, raw in zip(aggregates.values(), values, strict=True):
                answer[aggregate.key] = (int(raw or 0) if aggregate.field is None
                                         else aggregate.field.aggregate_value(aggregate.function, raw))
            answer["__domain"] = row_domain
            if ranges:
                answer["__range"] = ranges
            answers.append(answer)
        return answers
