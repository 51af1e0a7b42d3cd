"""``export_data(ids, fields)``: records as rows of cells that ``load`` takes back unchanged.

The field list uses ``load``'s path syntax (``headers.split_header``): ``id`` and ``f/id`` give
external ids (made in ``__export__`` for records that have none), ``.id`` and ``f/.id`` database
ids, ``f/sub`` a related record's field. A many2one's sub-fields fill the record's row; a
one2many's lines fill the record's row and then rows of their own that follow it, where every
other cell is empty (so ``load`` reads them as the record's lines); a many2many's records share
one cell, comma-separated (names, or external ids with ``f/id``). Each field renders its own
values (``Field.export_cell``).

Reading is ``read``'s: the model's access rights and record rules are checked on the exported
records (a record the rules hide is refused, as by ``read``), the fields' groups on each field,
and every level is read through the model's search query (``_search_query``), which applies the
rules again (a related record the user may not see stays empty); related records are read a
batch at a time, one query per field and level, not one per record.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from erpserver.exceptions import AccessError, UserError
from erpserver.orm import access, rules
from erpserver.orm.bulk import xmlids
from erpserver.orm.bulk.headers import split_header

if TYPE_CHECKING:
    from erpserver.orm.environment import Environment
    from erpserver.orm.fields.base import Field
    from erpserver.orm.model import Model

EXPORT_GROUPS = "base.group_erp_manager,base.group_allow_export"
BATCH = 1000
Path = tuple[str, ...]
Lines = list[list[Any]]
# how a many2many's records fill their one cell, by the sub-field asked for
JOINED_KINDS: dict[tuple[str, ...], str] = {("id",): "xmlid", (".id",): "dbid", ("name",): "name", ("display_name",): "name"}


@dataclasses.dataclass
class ExternalIds:
    """Cell placeholder: the external ids of records, comma-separated, filled in at the end
    (one query per model for every cell of the export)."""

    model: str
    ids: list[int]


def joined_column(field: Field, paths: Sequence[Path | None]) -> tuple[int, str]:
    """Where a many2many's one cell goes, and what it holds: the first of the field's columns
    that asks for external ids, database ids or names, else its first column, with names."""
    columns = [(i, JOINED_KINDS.get(p[1:])) for i, p in enumerate(paths) if p and p[0] == field.name]
    return next(((i, kind) for i, kind in columns if kind), (columns[0][0], "name"))


def check_export_rights(env: Environment) -> None:
    if not (env.su or access.user_has_groups(env, EXPORT_GROUPS)):
        raise UserError("You don't have the rights to export data. Please contact an Administrator.")


def export_data(records: Model, fields: Sequence[str]) -> dict[str, Any]:
    env = records.env
    check_export_rights(env)
    records._check_access("read")
    rules.check(records, "read")  # as read: records the rules hide are refused, not skipped
    paths: list[Path | None] = [split_header(str(f)) for f in fields]
    exporter = Exporter(env)
    lines = exporter.lines(records._name, records.ids, paths)
    rows = [row for record_id in records.ids for row in lines.get(record_id, [])]
    exporter.fill_external_ids(rows)
    return {"datas": rows}


class Exporter:
    def __init__(self, env: Environment) -> None:
        self.env = env

    def lines(self, model_name: str, ids: Sequence[int], paths: Sequence[Path | None]) -> dict[int, Lines]:
        """Per record, its row and the rows of its one2many lines (``None`` paths stay empty)."""
        model = self.env[model_name]
        names = self._field_names(model, paths)
        result: dict[int, Lines] = {}
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), BATCH):
            batch = unique[start:start + BATCH]
            values = self._read(model, batch, names)
            related = {name: self._related(model._fields[name], paths, values) for name in names
                       if model._fields[name].comodel_name is not None}
            for record_id in batch:
                if record_id in values:
                    result[record_id] = self._record_lines(model, record_id, values[record_id], paths, related)
        return result

    # -- reading --------------------------------------------------------------------------------
    def _field_names(self, model: Model, paths: Sequence[Path | None]) -> list[str]:
        names: list[str] = []
        for path in paths:
            if not path or path[0] in ("id", ".id") or path[0] in names:
                continue
            field = model._fields.get(path[0])
            if field is None or (len(path) > 1 and field.comodel_name is None):
                raise ValueError(f"Invalid field '{'/'.join(path)}' on model '{model._name}'")
            if not field.exportable:
                raise AccessError(f"The field '{field.string}' ({field.name}) of '{model._description_text}' "
                                  f"({model._name}) cannot be exported.")
            names.append(path[0])
        access.check_field_access(self.env, model, names, "read")
        return names

    def _read(self, model: Model, ids: list[int], names: list[str]) -> dict[int, dict[str, Any]]:
        """``read(names, load="")`` of the records the user may read, through the search query."""
        plan: list[tuple[str, int, int]] = []

        def columns(compiler: Any) -> list[Any]:
            selected, plan[:] = model._read_plan(compiler, names, None)
            return [model._table.c.id, *selected]

        query = model._search_query([("id", "in", ids)], active_test=False, columns=columns)
        rows = self.env.cr.execute(query).all()
        return {row["id"]: row for row in model._format_rows(rows, plan, None)}

    def _related(self, field: Field, paths: Sequence[Path | None], values: dict[int, dict[str, Any]]
                 ) -> dict[int, Lines] | dict[int, str]:
        """The lines (or, for a joined field, the names) of every record the batch points to."""
        assert field.comodel_name is not None
        targets = list(dict.fromkeys(t for row in values.values() for t in field.export_targets(row[field.name])))
        if field.exports_joined:
            if joined_column(field, paths)[1] != "name" or not targets:
                return {}
            rows = self.lines(field.comodel_name, targets, [("display_name",)])
            return {target: str(lines[0][0]) for target, lines in rows.items()}
        sub_paths = [(p[1:] or ("display_name",)) if p and p[0] == field.name else None for p in paths]
        return self.lines(field.comodel_name, targets, sub_paths)

    # -- composing ------------------------------------------------------------------------------
    def _record_lines(self, model: Model, record_id: int, values: dict[str, Any], paths: Sequence[Path | None],
                      related: dict[str, Any]) -> Lines:
        current: list[Any] = ["" for _ in paths]
        lines: Lines = [current]
        done: set[str] = set()
        for index, path in enumerate(paths):
            if not path:
                continue
            head = path[0]
            if head == ".id":
                current[index] = str(record_id)
            elif head == "id":
                current[index] = ExternalIds(model._name, [record_id])
            elif head not in done:
                field = model._fields[head]
                if field.comodel_name is None:
                    current[index] = field.export_cell(values[head], self.env)
                    continue
                done.add(head)
                targets = field.export_targets(values[head])
                if field.exports_joined:
                    self._joined_cell(field, targets, paths, current, related[head])
                    continue
                sub_lines = [line for target in targets for line in related[head].get(target, [])]
                if sub_lines:
                    for position, cell in enumerate(sub_lines[0]):
                        if cell or isinstance(cell, (int, float)):
                            current[position] = cell
                    lines.extend(sub_lines[1:])
        return lines

    def _joined_cell(self, field: Field, targets: list[int], paths: Sequence[Path | None],
                     current: list[Any], names: dict[int, str]) -> None:
        """A many2many's one cell (``joined_column``)."""
        assert field.comodel_name is not None
        position, kind = joined_column(field, paths)
        if kind == "xmlid":
            current[position] = ExternalIds(field.comodel_name, targets) if targets else ""
        elif kind == "dbid":
            current[position] = ",".join(str(t) for t in targets)
        else:
            current[position] = ",".join(names[t] for t in targets if t in names)

    def fill_external_ids(self, rows: Lines) -> None:
        """Replace the ``ExternalIds`` cells by text, making the external ids records lack."""
        wanted: dict[str, set[int]] = {}
        for row in rows:
            for cell in row:
                if isinstance(cell, ExternalIds):
                    wanted.setdefault(cell.model, set()).update(cell.ids)
        found = {model: xmlids.ensure(self.env, model, self.env.registry[model]._table.name, ids)
                 for model, ids in wanted.items()}
        for row in rows:
            for position, cell in enumerate(row):
                if isinstance(cell, ExternalIds):
                    row[position] = ",".join(found[cell.model][i] for i in cell.ids)
