"""``load(fields, data)``: import rows of strings, all or nothing, batch by batch.

Headers name fields (``name``), external ids of the row (``id``) or of related records
(``country_id/id`` or ``country_id:id``), database ids (``.id``, ``country_id/.id`` or
``country_id.id``), and one2many sub-fields (``child_ids/name``): rows whose other cells are
empty continue the record above. Each field converts its own cells (``Field.import_value``);
related records are looked up once per batch: one query for every external id, one per
comodel for names, one per comodel for database ids. Nothing is kept if any row fails.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from erpserver.exceptions import UserError
from erpserver.orm.fields.base import Field, ImportValueError

if TYPE_CHECKING:
    from erpserver.orm.model import Model

DEFAULT_MODULE = "__import__"
FALSY_REFERENCES = {"", "0", "false", "no"}
KIND_LABELS = {"name": "name", "xmlid": "external id", "dbid": "database id"}


def split_header(header: str) -> list[str]:
    """``a.id`` → ``[a, .id]``, ``a:id`` → ``[a, id]``, ``a/b`` → ``[a, b]``."""
    if header in ("id", ".id"):
        return [header]
    if header.endswith(".id") and "/" not in header:
        header = header[:-3] + "/.id"
    elif header.endswith(":id"):
        header = header[:-3] + "/id"
    return header.split("/")


@dataclasses.dataclass
class Message:
    type: str
    message: str
    rows: tuple[int, int]
    record: int
    field: str | None = None
    field_name: str | None = None
    moreinfo: Any = None

    def as_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {"type": self.type, "message": self.message,
                                  "rows": {"from": self.rows[0], "to": self.rows[1]}, "record": self.record}
        if self.field:
            result["field"] = self.field
        if self.field_name:
            result["field_name"] = self.field_name
        if self.moreinfo is not None:
            result["moreinfo"] = self.moreinfo
        return result


@dataclasses.dataclass
class Record:
    index: int
    rows: tuple[int, int]
    cells: dict[tuple[str, ...], str]
    lines: list[dict[tuple[str, ...], str]]


def qualify(xmlid: str, module: str) -> tuple[str, str]:
    if "." in xmlid:
        prefix, name = xmlid.split(".", 1)
        return prefix, name
    return module, xmlid


class Loader:
    def __init__(self, model: Model, headers: Sequence[str], data: Sequence[Sequence[Any]]) -> None:
        self.model = model
        self.env = model.env
        self.module = self.env.context.get("module") or DEFAULT_MODULE
        self.paths = [tuple(split_header(h)) for h in headers]
        self.data = [["" if c is None or c is False else str(c) for c in row] for row in data]
        self.messages: list[Message] = []
        self._check_headers()

    # -- headers and records ----------------------------------------------------------------------
    def _check_headers(self) -> None:
        fields = self.model._fields
        for path in self.paths:
            head = path[0]
            if head in ("id", ".id"):
                continue
            field = fields.get(head)
            if field is None:
                raise KeyError(head)
            if len(path) > 1 and path[1] not in ("id", ".id") and not field.imports_lines:
                raise KeyError("/".join(path))

    def _is_line_column(self, path: tuple[str, ...]) -> bool:
        field = self.model._fields.get(path[0])
        return field is not None and field.imports_lines

    def records(self) -> list[Record]:
        records: list[Record] = []
        for number, row in enumerate(self.data):
            cells = dict(zip(self.paths, row, strict=False))
            own = {p: v for p, v in cells.items() if not self._is_line_column(p)}
            line = {p: v for p, v in cells.items() if self._is_line_column(p)}
            if records and not any(own.values()):
                records[-1].lines.append(line)
                records[-1].rows = (records[-1].rows[0], number)
                continue
            records.append(Record(len(records), (number, number), own, [line] if any(line.values()) else []))
        return records

    # -- batch lookups ----------------------------------------------------------------------------
    def resolve_xmlids(self, xmlids: set[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, int]]:
        if not xmlids:
            return {}
        data = self.env.registry["ir.model.data"]._table
        query = sa.select(data.c.module, data.c.name, data.c.model, data.c.res_id).where(
            sa.tuple_(data.c.module, data.c.name).in_(sorted(xmlids))
        )
        return {(m, n): (model, res_id) for m, n, model, res_id in self.env.cr.execute(query)}

    def resolve_names(self, comodel: str, names: set[str]) -> dict[str, list[int]]:
        """Exact (``=``) name matches, as name_search would find them, for a whole batch."""
        if not names:
            return {}
        model = self.env[comodel]
        columns = [f for f in model._name_fields() if model._fields[f].column_backed]
        if not columns:
            return {}
        table = model._table
        query = model._search_query(model._name_domain("in", sorted(names)), order=model._order,
                                    columns=[table.c.id, *(model._fields[f].read_expression(table.c[f], self.env)
                                                             for f in columns)])
        found: dict[str, list[int]] = defaultdict(list)
        for row in self.env.cr.execute(query):
            for value in row[1:]:
                if value in names and row[0] not in found[value]:
                    found[value].append(row[0])
        return found

    def existing_ids(self, comodel: str, ids: set[int]) -> set[int]:
        if not ids:
            return set()
        return set(self.env[comodel].search([("id", "in", sorted(ids))]).ids)

    # -- conversion -------------------------------------------------------------------------------
    def run(self) -> dict[str, Any]:
        records = self.records()
        limit = self.env.context.get("_import_limit")
        nextrow = 0
        if limit and len(records) > int(limit):
            nextrow = records[int(limit)].rows[0]
            records = records[: int(limit)]
        references = self._collect_references(records)
        self.xmlids = self.resolve_xmlids(references["xmlid"])
        self.names = {c: self.resolve_names(c, n) for c, n in references["name"].items()}
        self.dbids = {c: self.existing_ids(c, i) for c, i in references["dbid"].items()}
        converted = [self._convert(self.model, record.cells, record, record.lines) for record in records]
        if any(m.type == "error" for m in self.messages):
            return self._result(False, nextrow)
        ids = self._save(records, converted)
        if ids is None or any(m.type == "error" for m in self.messages):
            return self._result(False, nextrow)
        return self._result(ids, nextrow)

    def _result(self, ids: list[int] | bool, nextrow: int) -> dict[str, Any]:
        return {"ids": ids, "messages": [m.as_dict() for m in self.messages], "nextrow": nextrow}

    def _collect_references(self, records: list[Record]) -> dict[str, Any]:
        xmlids: set[tuple[str, str]] = set()
        names: dict[str, set[str]] = defaultdict(set)
        dbids: dict[str, set[int]] = defaultdict(set)

        def visit(model: Model, cells: dict[tuple[str, ...], str]) -> None:
            for path, value in cells.items():
                if not value:
                    continue
                if path == ("id",):
                    xmlids.add(qualify(value, self.module))
                    continue
                if path == (".id",):
                    if value.isdigit():
                        dbids[model._name].add(int(value))
                    continue
                field = model._fields[path[0]]
                items = field.import_references(value)
                if not items or field.comodel_name is None:
                    continue
                comodel = field.comodel_name
                kind = path[1] if len(path) > 1 else "name"
                for item in items:
                    if kind == "id":
                        xmlids.add(qualify(item, self.module))
                    elif kind == ".id" and item.isdigit():
                        dbids[comodel].add(int(item))
                    elif kind == "name":
                        names[comodel].add(item)

        for record in records:
            visit(self.model, record.cells)
            for line in record.lines:
                for path in line:
                    field = self.model._fields[path[0]]
                    visit(field.comodel(self.env), {path[1:]: line[path]})
        return {"xmlid": xmlids, "name": names, "dbid": dbids}

    def _error(self, record: Record, field: Field | None, message: str, moreinfo: Any = None,
               kind: str = "error") -> None:
        self.messages.append(Message(kind, message, record.rows, record.index,
                                     field.name if field else None, field.string if field else None, moreinfo))

    def _reference(self, record: Record, field: Field, kind: str, item: str) -> int | None:
        comodel = field.comodel_name
        label = KIND_LABELS[kind]
        if kind != "name" and item.lower() in FALSY_REFERENCES:
            return None
        found: int | None = None
        if kind == "xmlid":
            target = self.xmlids.get(qualify(item, self.module))
            found = target[1] if target and target[0] == comodel else None
        elif kind == "dbid":
            found = int(item) if item.isdigit() and int(item) in self.dbids.get(comodel, set()) else None
        else:
            matches = self.names.get(comodel, {}).get(item, [])
            if len(matches) > 1:
                self._error(record, field, f"Found multiple matches for value '{item}' in field "
                            f"'{field.string}' ({len(matches)} matches)", kind="warning")
            found = matches[0] if matches else None
        if found is None:
            self._error(record, field, f"No matching record found for {label} '{item}' in field '{field.string}'")
        return found

    def _convert(self, model: Model, cells: dict[tuple[str, ...], str], record: Record,
                 lines: list[dict[tuple[str, ...], str]]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for path, value in cells.items():
            if path in (("id",), (".id",)):
                continue
            field = model._fields[path[0]]
            if field.imports_lines:
                continue
            kind = {"id": "xmlid", ".id": "dbid"}.get(path[1], "name") if len(path) > 1 else "name"

            def reference(item: str, field: Field = field, kind: str = kind) -> int | None:
                return self._reference(record, field, kind, item)

            try:
                values[field.name] = field.import_cell(value, self.env, reference) if value else False
            except ImportValueError as problem:
                self._error(record, field, problem.message, problem.moreinfo, problem.kind)
                if problem.kind == "warning":
                    values[field.name] = problem.value
        for name in {path[0] for line in lines for path in line}:
            field = model._fields[name]
            comodel = field.comodel(self.env)
            commands = []
            for line in lines:
                sub = {path[1:]: value for path, value in line.items() if path[0] == name}
                if any(sub.values()):
                    commands.append((0, 0, self._convert(comodel, sub, record, [])))
            values[name] = commands
        return values

    # -- saving -----------------------------------------------------------------------------------
    def _target(self, record: Record) -> tuple[int | None, tuple[str, str] | None]:
        """The existing record a row updates (by ``.id`` or external id), and its new xmlid."""
        dbid = record.cells.get((".id",), "")
        if dbid:
            if not dbid.isdigit() or int(dbid) not in self.dbids.get(self.model._name, set()):
                self._error(record, None, f"Unknown database identifier '{dbid}'")
                return None, None
            return int(dbid), None
        xmlid = record.cells.get(("id",), "")
        if not xmlid:
            return None, None
        key = qualify(xmlid, self.module)
        target = self.xmlids.get(key)
        if target is None:
            return None, key
        model_name, res_id = target
        if model_name != self.model._name:
            self._error(record, None, f"For external id {xmlid} when trying to create/update a record of model "
                        f"{self.model._name} found record of different model {model_name} ({res_id})")
            return None, None
        if not self.model.browse(res_id).exists():
            self._forget_xmlid(key)
            return None, key
        return res_id, None

    def _forget_xmlid(self, key: tuple[str, str]) -> None:
        data = self.env.registry["ir.model.data"]._table
        self.env.cr.execute(sa.delete(data).where(data.c.module == key[0], data.c.name == key[1]))

    def _save(self, records: list[Record], converted: list[dict[str, Any]]) -> list[int] | None:
        outer = self.env.cr.begin_nested()
        targets = [self._target(record) for record in records]
        if any(m.type == "error" for m in self.messages):
            outer.rollback()
            return None
        ids: list[int | None] = [target for target, _xmlid in targets]
        creating = [i for i, (target, _x) in enumerate(targets) if target is None]
        try:
            with self.env.cr.begin_nested():
                created = self.model.create([converted[i] for i in creating])
            for i, new_id in zip(creating, created.ids, strict=True):
                ids[i] = new_id
        except (IntegrityError, UserError, ValueError):
            for i in creating:  # again one by one, to say which rows fail
                try:
                    with self.env.cr.begin_nested():
                        ids[i] = self.model.create(converted[i]).id
                except (IntegrityError, UserError, ValueError) as error:
                    self._error(records[i], *self._describe(error))
        for i, (target, _x) in enumerate(targets):
            if target is None:
                continue
            try:
                with self.env.cr.begin_nested():
                    self.model.browse(target).write(converted[i])
            except (IntegrityError, UserError, ValueError) as error:
                self._error(records[i], *self._describe(error))
        if any(m.type == "error" for m in self.messages):
            outer.rollback()
            return None
        new_xmlids = [(key, ids[i]) for i, (_t, key) in enumerate(targets) if key is not None]
        if new_xmlids:
            self.env["ir.model.data"].sudo().create([
                {"module": key[0], "name": key[1], "model": self.model._name, "res_id": res_id,
                 "noupdate": bool(self.env.context.get("noupdate"))}
                for key, res_id in new_xmlids
            ])
        outer.commit()
        return [i for i in ids if i is not None]

    def _describe(self, error: Exception) -> tuple[Field | None, str]:
        """The field a failed save is about (when known) and the message to show for it."""
        text = str(error.orig) if isinstance(error, IntegrityError) else str(error)
        missing = "a mandatory field is not set" in text or "NOT NULL" in text or "null value" in text
        for name, field in self.model._fields.items():
            if missing and (f"({name})" in text or f".{name}" in text or f'"{name}"' in text):
                return field, f"Missing required value for the field '{field.string}' ({name})"
        return None, text.strip().splitlines()[0] if text.strip() else type(error).__name__
