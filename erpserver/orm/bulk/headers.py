"""The columns of a ``load`` or ``export_data`` field list, read once per call.

A header names the record's external id (``id``) or database id (``.id``), a field (``name``),
a related record by external id (``country_id/id``, also ``country_id:id``) or database id
(``country_id/.id``, also ``country_id.id``), or a one2many line's column (``child_ids/name``;
``child_ids`` alone names the line by its name, ``child_ids/id`` by its external id).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from erpserver.orm.fields.base import Field
    from erpserver.orm.model import Model
    from erpserver.orm.registry import Registry

RECORD_XMLID, RECORD_DBID = ("id",), (".id",)
# what a reference cell holds, by the last step of its header
KINDS = {"id": "xmlid", ".id": "dbid"}


def split_header(header: str) -> tuple[str, ...]:
    """``a.id`` → ``(a, .id)``, ``a:id`` → ``(a, id)``, ``a/b`` → ``(a, b)``."""
    if header in ("id", ".id"):
        return (header,)
    if header.endswith(".id") and "/" not in header:
        header = header[:-3] + "/.id"
    elif header.endswith(":id"):
        header = header[:-3] + "/id"
    return tuple(header.split("/"))


@dataclasses.dataclass(frozen=True)
class Cell:
    """One column of one field: where it sits in the row and what it holds (``name``, ``xmlid``,
    ``dbid``; ``indirect`` for a relational field's other sub-field, which ``load`` refuses)."""

    index: int
    kind: str


@dataclasses.dataclass(frozen=True)
class FieldColumns:
    field: Field
    cells: tuple[Cell, ...]


@dataclasses.dataclass(frozen=True)
class LineColumns:
    """A one2many's columns: how a line names an existing line, and the lines' own fields."""

    field: Field
    references: tuple[Cell, ...]
    fields: tuple[FieldColumns, ...]

    @property
    def indexes(self) -> list[int]:
        return [c.index for c in self.references] + [c.index for f in self.fields for c in f.cells]


def _kind(rest: tuple[str, ...], field: Field) -> str:
    if not rest:
        return "name"
    if field.comodel_name is None:
        raise KeyError("/".join((field.name, *rest)))
    if len(rest) == 1 and rest[0] in KINDS:
        return KINDS[rest[0]]
    if field.comodel_name is not None and len(rest) == 1:
        return "indirect"
    raise KeyError("/".join((field.name, *rest)))


def _field_columns(registry: Registry, model: type[Model], entries: list[tuple[int, tuple[str, ...]]],
                   lines_allowed: bool) -> tuple[list[FieldColumns], list[LineColumns]]:
    by_field: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for index, path in entries:
        by_field.setdefault(path[0], []).append((index, path[1:]))
    plain, lines = [], []
    for name, columns in by_field.items():
        field = model._fields.get(name)
        if field is None:
            raise KeyError(name)
        if field.imports_lines:
            if not lines_allowed:
                raise KeyError(name)
            lines.append(_line_columns(registry, field, columns))
            continue
        plain.append(FieldColumns(field, tuple(Cell(index, _kind(rest, field)) for index, rest in columns)))
    return plain, lines


def _line_columns(registry: Registry, field: Field, columns: list[tuple[int, tuple[str, ...]]]) -> LineColumns:
    assert field.comodel_name is not None
    comodel = registry[field.comodel_name]
    references = tuple(Cell(index, _kind(rest, field)) for index, rest in columns
                       if not rest or (len(rest) == 1 and rest[0] in KINDS))
    sub = [(index, rest) for index, rest in columns if rest and not (len(rest) == 1 and rest[0] in KINDS)]
    fields, nested = _field_columns(registry, comodel, sub, lines_allowed=False)
    assert not nested
    return LineColumns(field, references, tuple(fields))


@dataclasses.dataclass(frozen=True)
class Plan:
    """Every column of a ``load`` call, grouped by what it is about."""

    xmlid: int | None
    dbid: int | None
    fields: tuple[FieldColumns, ...]
    lines: tuple[LineColumns, ...]
    width: int

    @classmethod
    def of(cls, model: Model, headers: Sequence[str]) -> Plan:
        """KeyError for a header naming no field, as Odoo's ``load``."""
        paths = [split_header(h) for h in headers]
        xmlid = next((i for i, p in enumerate(paths) if p == RECORD_XMLID), None)
        dbid = next((i for i, p in enumerate(paths) if p == RECORD_DBID), None)
        entries = [(i, p) for i, p in enumerate(paths) if p not in (RECORD_XMLID, RECORD_DBID)]
        fields, lines = _field_columns(model.env.registry, type(model), entries, lines_allowed=True)
        return cls(xmlid, dbid, tuple(fields), tuple(lines), len(paths))

    @property
    def own_indexes(self) -> list[int]:
        """The columns whose cells start a new record (every other column continues the record
        above when these are all empty)."""
        ids = [i for i in (self.xmlid, self.dbid) if i is not None]
        return ids + [c.index for f in self.fields for c in f.cells]

    @property
    def line_indexes(self) -> list[int]:
        return [i for line in self.lines for i in line.indexes]
