"""x2many commands ``[code, id, values]``: their vocabulary and how a written value reads as them.

| code | name   | many2many                  | one2many                                        |
|------|--------|----------------------------|-------------------------------------------------|
| 0    | CREATE | create a target and link   | create a line pointing to the record            |
| 1    | UPDATE | write values on the target | write values on the line                        |
| 2    | DELETE | delete the target          | delete the line                                 |
| 3    | UNLINK | drop the link              | delete the line if its inverse cascades, else clear the inverse |
| 4    | LINK   | add the link               | point the line to the record                    |
| 5    | CLEAR  | drop every link            | UNLINK every line                               |
| 6    | SET    | replace the links          | UNLINK lines not listed, LINK the listed ones   |

A plain list of ids means SET; False or None means CLEAR. Each x2many field applies them
(``apply_commands`` in ``fields/one2many.py`` and ``fields/many2many.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from erpserver.orm.arguments import is_id

if TYPE_CHECKING:
    from erpserver.orm.fields.x2many import X2many

CREATE, UPDATE, DELETE, UNLINK, LINK, CLEAR, SET = range(7)
Command = tuple[int, int, Any]


def normalize(field: X2many, value: Any) -> list[Command]:
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
            if field.skips_non_commands:
                continue
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
