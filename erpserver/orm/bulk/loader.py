"""``load(fields, data)``: import rows of strings, all or nothing, a batch of records at a time.

The rows are read once, as they come: rows whose own cells are all empty continue the record
above (its one2many lines). Records go in batches of ``CHUNK``: the related records a batch
names are looked up with one query per kind and model (``lookups``), each field converts its
own cells (``Field.import_cell``), and the batch is written in bulk (``saving``). A batch ends
early before a record that names one of the batch's own records (its external id, database id
or name), so that record is found. Every batch runs inside one savepoint: if any row fails,
nothing is kept and ``ids`` is False. Memory stays that of one batch, whatever the call's size.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from erpserver.orm.bulk.headers import Cell, FieldColumns, LineColumns, Plan
from erpserver.orm.bulk.lookups import FALSY_REFERENCES, References
from erpserver.orm.bulk.messages import Message, Messages, relabel
from erpserver.orm.bulk.saving import Saver
from erpserver.orm.commands import CREATE, LINK, UPDATE
from erpserver.orm.fields.base import ImportValueError

if TYPE_CHECKING:
    from erpserver.orm.fields.base import Field
    from erpserver.orm.model import Model

CHUNK = 5000
DEFAULT_MODULE = "__import__"
KIND_LABELS = {"name": "name", "xmlid": "external id", "dbid": "database id"}
Wanted = tuple[str, str, str, bool]  # kind, model, item, may be created by name


@dataclasses.dataclass
class Record:
    """One record of the call: its first row, and the rows that carry its one2many lines."""

    index: int
    rows: tuple[int, int]
    row: list[str]
    lines: list[list[str]]
    wanted: list[Wanted] = dataclasses.field(default_factory=list)

    def cell(self, index: int | None) -> str:
        return self.row[index] if index is not None else ""


def _nothing(item: str) -> None:
    """The reference look-up of a field that names no records."""
    return None


def _cells(row: Sequence[Any], width: int) -> list[str]:
    """The row as ``width`` strings (a missing or False cell is empty)."""
    if type(row) is list and len(row) == width and set(map(type, row)) == _STRINGS:
        return row  # the usual case, checked in C: nothing to convert
    cells = ["" if c is None or c is False else str(c) for c in row[:width]]
    return cells + [""] * (width - len(cells))


_STRINGS = {str}


class Loader:
    def __init__(self, model: Model, headers: Sequence[str], data: Sequence[Sequence[Any]]) -> None:
        self.model = model
        self.env = model.env
        self.module = self.env.context.get("module") or DEFAULT_MODULE
        self.plan = Plan.of(model, headers)
        self.data = data
        self.messages = Messages()
        self.creatable = dict(self.env.context.get("name_create_enabled_fields") or {})
        self.references = References(self.env, self.module)
        self.nextrow = 0
        # the columns holding the record's name (a later row may name the record by it)
        self.name_indexes = [c.index for columns in self.plan.fields if columns.field.name == model._rec_name
                             for c in columns.cells if c.kind == "name"]

    # -- records and batches --------------------------------------------------------------------
    def records(self) -> Iterator[Record]:
        own, line_indexes = self.plan.own_indexes, self.plan.line_indexes
        limit = int(self.env.context.get("_import_limit") or 0)
        width = self.plan.width
        current: Record | None = None
        count = 0
        for number, raw in enumerate(self.data):
            row = _cells(raw, width)
            if current is not None and not any(row[i] for i in own):
                current.lines.append(row)
                current.rows = (current.rows[0], number)
                continue
            if current is not None:
                yield current
            if limit and count == limit:
                self.nextrow = number
                return
            current = Record(count, (number, number), row, [row] if any(row[i] for i in line_indexes) else [])
            count += 1
        if current is not None:
            yield current

    def chunks(self) -> Iterator[list[Record]]:
        chunk: list[Record] = []
        defined: set[tuple[str, str]] = set()
        for record in self.records():
            record.wanted = self._wanted(record)
            own = self._own_names(record)
            needs = {self._name_key(kind, item) for kind, model, item, _c in record.wanted if model == self.model._name}
            if chunk and (len(chunk) >= CHUNK or needs & defined):
                yield chunk
                chunk, defined = [], set()
            chunk.append(record)
            defined |= own
        if chunk:
            yield chunk

    def _name_key(self, kind: str, item: str) -> tuple[str, str]:
        if kind == "xmlid" and "." not in item:
            return kind, f"{self.module}.{item}"
        return kind, item

    def _own_names(self, record: Record) -> set[tuple[str, str]]:
        """How later rows may name this record: its external id, database id, name."""
        names = {("name", record.row[index]) for index in self.name_indexes}
        if self.plan.xmlid is not None and record.row[self.plan.xmlid]:
            names.add(self._name_key("xmlid", record.row[self.plan.xmlid]))
        if self.plan.dbid is not None and record.row[self.plan.dbid]:
            names.add(("dbid", record.row[self.plan.dbid]))
        return names

    # -- what a record names --------------------------------------------------------------------
    def _wanted(self, record: Record) -> list[Wanted]:
        model = self.model._name
        wanted: list[Wanted] = []
        if record.cell(self.plan.xmlid):
            wanted.append(("xmlid", model, record.cell(self.plan.xmlid), False))
        if record.cell(self.plan.dbid):
            wanted.append(("dbid", model, record.cell(self.plan.dbid), False))
        for columns in self.plan.fields:
            self._field_wanted(columns, record.row, None, wanted)
        for line_columns in self.plan.lines:
            comodel = line_columns.field.comodel_name
            assert comodel is not None
            for line in record.lines:
                wanted.extend((c.kind, comodel, line[c.index], False) for c in line_columns.references if line[c.index])
                for columns in line_columns.fields:
                    self._field_wanted(columns, line, line_columns.field, wanted)
        return wanted

    def _field_wanted(self, columns: FieldColumns, row: list[str], parent: Field | None,
                      wanted: list[Wanted]) -> None:
        field = columns.field
        if field.comodel_name is None:
            return
        for cell in columns.cells:
            if row[cell.index] and cell.kind in KIND_LABELS:
                creatable = cell.kind == "name" and self._creatable(field, parent)
                wanted.extend((cell.kind, field.comodel_name, item, creatable)
                              for item in field.import_references(row[cell.index]))

    def _creatable(self, field: Field, parent: Field | None) -> bool:
        """``name_create_enabled_fields``: by field name, or ``lines/field`` for a line's field."""
        return bool(self.creatable.get(field.name) or (parent and self.creatable.get(f"{parent.name}/{field.name}")))

    # -- the call -------------------------------------------------------------------------------
    def run(self) -> dict[str, Any]:
        # The rows (a whole request) hold no cycles: kept out of the collector's reach while
        # they are converted, or each full collection would walk them all again (a tenth of a
        # 10,000-row call's time). Everything made during the call is collected as usual.
        gc.freeze()
        try:
            return self._run()
        finally:
            gc.unfreeze()

    def _run(self) -> dict[str, Any]:
        outer = self.env.cr.begin_nested()
        saver = Saver(self.model, self.module, self.references, self._error, self.plan.xmlid, self.plan.dbid)
        ids: list[int] = []
        done = 0
        for chunk in self.chunks():
            self.references = saver.references = References(self.env, self.module)
            for record in chunk:
                for kind, model, item, creatable in record.wanted:
                    self.references.want(kind, model, item, creatable)
            self.references.resolve()
            converted = []
            for record in chunk:
                errors = self.messages.errors
                values = self._convert(record)
                converted.append(values if self.messages.errors == errors else None)
            ids.extend(saver.save(chunk, converted))
            done += len(chunk)
            if self.messages.too_many(done):
                last = chunk[-1]
                self.messages.stop(last.rows, last.index)
                break
        result_ids: list[int] | bool = ids
        if self.messages.errors:
            outer.rollback()
            result_ids = False
        else:
            outer.commit()
        return {"ids": result_ids, "messages": self.messages.as_dicts(), "nextrow": self.nextrow}

    # -- conversion -----------------------------------------------------------------------------
    def _error(self, record: Record, field: Field | None, message: str, moreinfo: Any = None,
               kind: str = "error", parent: Field | None = None) -> None:
        if parent is not None:
            message = relabel(message, field.string if field else None, parent.string)
            field = parent
        self.messages.add(Message(kind, message, record.rows, record.index, field.name if field else None,
                                  field.string if field else None, moreinfo))

    def _convert(self, record: Record) -> dict[str, Any]:
        values = self._convert_fields(self.plan.fields, record.row, record, None)
        for line_columns in self.plan.lines:
            values[line_columns.field.name] = self._convert_lines(line_columns, record) or False
        return values

    def _convert_fields(self, columns_list: Sequence[FieldColumns], row: list[str], record: Record,
                        parent: Field | None) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for columns in columns_list:
            field = columns.field
            if len(columns.cells) == 1:  # the usual case, first
                cell = columns.cells[0]
                text = row[cell.index]
                if not text:
                    values[field.name] = False
                    continue
                if cell.kind != "indirect":
                    self._convert_cell(values, field, cell, text, record, parent)
                    continue
            filled = [cell for cell in columns.cells if row[cell.index]]
            if not filled:
                values[field.name] = False
            elif len(columns.cells) > 1:
                self._error(record, field, f"Ambiguous specification for field '{field.string}', only provide "
                            "one of name, external id or database id", parent=parent)
            elif filled[0].kind == "indirect":
                self._error(record, field, "Can not create Many-To-One records indirectly, import the field "
                            "separately", parent=parent)
            else:
                self._convert_cell(values, field, filled[0], row[filled[0].index], record, parent)
        return values

    def _convert_cell(self, values: dict[str, Any], field: Field, cell: Cell, text: str, record: Record,
                      parent: Field | None) -> None:
        def reference(item: str) -> int | None:
            return self._reference(record, field, cell.kind, item, parent)

        try:
            values[field.name] = field.import_cell(text, self.env, reference if field.comodel_name else _nothing)
        except ImportValueError as problem:
            self._error(record, field, problem.message, problem.moreinfo, problem.kind, parent)
            if problem.kind == "warning":
                values[field.name] = problem.value

    def _convert_lines(self, columns: LineColumns, record: Record) -> list[tuple[int, int, Any]]:
        """Each line with a cell: an update of the line it names (id, .id or name), else a new line."""
        commands: list[tuple[int, int, Any]] = []
        for line in record.lines:
            if not any(line[i] for i in columns.indexes):
                continue
            named = [cell for cell in columns.references if line[cell.index]]
            if len(named) > 1:
                self._error(record, columns.field, f"Ambiguous specification for field '{columns.field.string}', "
                            "only provide one of name, external id or database id")
                continue
            target = None
            if named:
                target = self._reference(record, columns.field, named[0].kind, line[named[0].index], None)
                if target is None and line[named[0].index].lower() not in FALSY_REFERENCES:
                    continue
            values = self._convert_fields(columns.fields, line, record, columns.field)
            if target:
                commands += [(LINK, target, 0), (UPDATE, target, values)]
            else:
                commands.append((CREATE, 0, values))
        return commands

    def _reference(self, record: Record, field: Field, kind: str, item: str, parent: Field | None) -> int | None:
        """The id of the record a cell names; None (and a message) when there is none."""
        comodel = field.comodel_name
        assert comodel is not None
        if kind != "name" and item.lower() in FALSY_REFERENCES:
            return None
        found: int | None = None
        if kind == "xmlid":
            target = self.references.xmlid(item)
            found = target[1] if target and target[0] == comodel else None
        elif kind == "dbid":
            found = int(item) if item.isdigit() and self.references.has_dbid(comodel, int(item)) else None
        else:
            matches = self.references.by_name(comodel, item)
            if len(matches) > 1:
                self._error(record, field, f"Found multiple matches for value '{item}' in field "
                            f"'{field.string}' ({len(matches)} matches)", kind="warning", parent=parent)
            found = matches[0] if matches else None
            problem = self.references.create_error(comodel, item) if found is None else None
            if problem:
                self._error(record, field, problem, parent=parent)
                return None
        if found is None:
            self._error(record, field, f"No matching record found for {KIND_LABELS[kind]} '{item}' in field "
                        f"'{field.string}'", parent=parent)
        return found

