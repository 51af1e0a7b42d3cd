"""What ``load`` answers about rows it cannot use: Odoo's message dicts, and when to stop."""

from __future__ import annotations

import dataclasses
from typing import Any

TOO_MANY = ("Found more than 10 errors and more than one error per 10 records, interrupted to avoid "
            "showing too many errors.")


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


def relabel(message: str, label: str | None, parent_label: str | None) -> str:
    """A one2many line's error names its field as ``Lines/Qty``: the last quoted label of the
    message (Odoo's messages end with the field's label) gets its parent's label in front."""
    if not label or not parent_label:
        return message
    quoted = f"'{label}'"
    head, found, tail = message.rpartition(quoted)
    return f"{head}'{parent_label}/{label}'{tail}" if found else message


class Messages:
    def __init__(self) -> None:
        self.items: list[Message] = []
        self.errors = 0

    def add(self, message: Message) -> None:
        self.items.append(message)
        if message.type == "error":
            self.errors += 1

    def too_many(self, records_done: int) -> bool:
        """Odoo stops after more than 10 errors when more than one record in 10 failed."""
        return self.errors > 10 and self.errors * 10 > records_done

    def stop(self, rows: tuple[int, int], record: int) -> None:
        self.items.append(Message("warning", TOO_MANY, rows, record))

    def as_dicts(self) -> list[dict[str, Any]]:
        return [m.as_dict() for m in self.items]
