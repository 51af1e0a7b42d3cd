"""x2many commands ``[code, id, values]`` and writes through related fields.

| code | name   | many2many                  | one2many                                        |
|------|--------|----------------------------|-------------------------------------------------|
| 0    | CREATE | create a target and link   | create a line pointing to the record            |
| 1    | UPDATE | write values on the target | write values on the line                        |
| 2    | DELETE | delete the target          | delete the line                                 |
| 3    | UNLINK | drop the link              | delete the line if its inverse cascades, else clear the inverse |
| 4    | LINK   | add the link               | point the line to the record                    |
| 5    | CLEAR  | drop every link            | UNLINK every line                               |
| 6    | SET    | replace the links          | UNLINK lines not listed, LINK the listed ones   |

A plain list of ids means SET; False or None means CLEAR.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from erpserver.orm.fields.many2one import is_id

if TYPE_CHECKING:
    from erpserver.orm.fields.base import Field
    from erpserver.orm.model import Model

CREATE, UPDATE, DELETE, UNLINK, LINK, CLEAR, SET = range(7)


def normalize(field: Field, value: Any) -> list[tuple[int, int, Any]]:
    """The commands a written value stands for, each as a full triplet."""
    if value is None or value is False:
        return [(CLEAR, 0, 0)]
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"Wrong value for {field.model_name}.{field.name}: {value!r}")
    if value and all(is_id(v) for v in value):
        return [(SET, 0, list(value))]
    result = []
    for command in value:
        if not isinstance(command, (list, tuple)) or not command or not is_id(command[0]):
            if field.type == "many2many":
                continue  # Odoo skips what is not a command on many2many
            raise ValueError(f"Wrong value for {field.model_name}.{field.name}: {command!r}")
        code = command[0]
        record_id = command[1] if len(command) > 1 else 0
        payload = command[2] if len(command) > 2 else 0
        if code not in range(7):
            raise ValueError(f"Wrong value for {field.model_name}.{field.name}: {command!r}")
        if code in (UPDATE, DELETE, UNLINK, LINK) and not is_id(record_id):
            raise ValueError(f"Wrong value for {field.model_name}.{field.name}: {command!r}")
        if code == SET and not (isinstance(payload, (list, tuple)) and all(is_id(v) for v in payload)):
            raise ValueError(f"Wrong value for {field.model_name}.{field.name}: {command!r}")
        result.append((code, record_id, payload))
    return result


def apply(records: Model, field: Field, value: Any, creating: bool = False) -> None:
    commands = normalize(field, value)
    if field.type == "one2many":
        for record in records:
            _apply_one2many(record, field, commands, creating)
    else:
        _apply_many2many(records, field, commands)


def _apply_one2many(record: Model, field: Any, commands: Sequence[tuple[int, int, Any]], creating: bool) -> None:
    env = record.env
    comodel = env[field.comodel_name]
    inverse = field.inverse_name
    inverse_field = comodel._fields[inverse]
    record_id = record.id

    def unlink_lines(line_ids: list[int]) -> None:
        if not line_ids:
            return
        lines = comodel.browse(line_ids)
        if getattr(inverse_field, "ondelete", None) == "cascade":
            lines.unlink()
        else:
            lines.write({inverse: False})

    def current_lines() -> list[int]:
        table = comodel._table
        return list(env.cr.execute(sa.select(table.c.id).where(table.c[inverse] == record_id)).scalars())

    for code, line_id, payload in commands:
        if code == CREATE:
            comodel.create({**dict(payload or {}), inverse: record_id})
        elif code == UPDATE:
            comodel.browse(line_id).write(dict(payload or {}))
        elif code == DELETE:
            comodel.browse(line_id).unlink()
        elif code == UNLINK:
            unlink_lines([line_id])
        elif code == LINK:
            comodel.browse(line_id).write({inverse: record_id})
        elif code == CLEAR:
            if not creating:
                unlink_lines(current_lines())
        elif code == SET:
            wanted = list(payload)
            if not creating:
                unlink_lines([line for line in current_lines() if line not in set(wanted)])
            if wanted:
                comodel.browse(wanted).write({inverse: record_id})


def _apply_many2many(records: Model, field: Any, commands: Sequence[tuple[int, int, Any]]) -> None:
    env = records.env
    comodel = env[field.comodel_name]
    rel = env.registry.relation_tables[field.relation]
    col1, col2 = rel.c[field.column1], rel.c[field.column2]
    ids = records.ids

    def link(targets: list[int]) -> None:
        targets = list(dict.fromkeys(targets))
        if not targets or not ids:
            return
        existing = set(env.cr.execute(sa.select(col1, col2).where(col1.in_(ids), col2.in_(targets))).all())
        missing = [
            {field.column1: record_id, field.column2: target}
            for record_id in ids
            for target in targets
            if (record_id, target) not in existing
        ]
        if missing:
            env.cr.execute(sa.insert(rel), missing)

    def unlink(targets: list[int] | None) -> None:
        condition = col1.in_(ids)
        if targets is not None:
            if not targets:
                return
            condition = sa.and_(condition, col2.in_(targets))
        env.cr.execute(sa.delete(rel).where(condition))

    for code, target_id, payload in commands:
        if code == CREATE:
            link([comodel.create(dict(payload or {})).id])
        elif code == UPDATE:
            comodel.browse(target_id).write(dict(payload or {}))
        elif code == DELETE:
            unlink([target_id])
            comodel.browse(target_id).unlink()
        elif code == UNLINK:
            unlink([target_id])
        elif code == LINK:
            link([target_id])
        elif code == CLEAR:
            unlink(None)
        elif code == SET:
            wanted = list(payload)
            current = set(env.cr.execute(sa.select(col2).where(col1.in_(ids))).scalars())
            unlink([t for t in current if t not in set(wanted)])
            link(wanted)


def write_related(records: Model, field: Field, value: Any) -> None:
    """Write a related field's value on the records its path leads to."""
    assert field.related is not None
    *path, target_name = field.related.split(".")
    targets = records
    for step in path:
        rows = targets.read([step], load="")
        targets = records.env[targets._fields[step].comodel_name].browse(  # type: ignore[attr-defined]
            sorted({row[step] for row in rows if row[step]})
        )
    if targets:
        targets.write({target_name: value})
