"""Char, Text and Html: strings, stored as-is (``''`` stays ``''``, NULL reads as False)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from erpserver.orm.fields.base import Field

if TYPE_CHECKING:
    from erpserver.orm.environment import Environment
    from erpserver.orm.schema import SchemaEditor


class Char(Field):
    type = "char"
    extra_description: ClassVar[tuple[str, ...]] = ("translate", "size", "trim")

    def _setup_extra(self, *, size: int | None = None, trim: bool = True, **extra: Any) -> None:
        super()._setup_extra(**extra)
        self.size = size or None
        self.trim = trim

    @classmethod
    def ir_row_attributes(cls, row: Mapping[str, Any]) -> dict[str, Any]:
        return {"size": row.get("size") or None}

    def ir_row_values(self) -> dict[str, Any]:
        return {"size": self.size or 0}

    def sql_type(self) -> sa.types.TypeEngine:
        return sa.String(self.size) if self.size else sa.String()

    def to_column(self, value: Any, env: Environment) -> Any:
        if value is None or value is False:
            return None
        text = value if isinstance(value, str) else str(value)
        return text[: self.size] if self.size else text

    def to_operand(self, value: Any) -> Any:
        return value if isinstance(value, str) else str(value)

    def name_expression(self, column: ColumnElement) -> ColumnElement | None:
        return column

    def alter_storage(self, editor: SchemaEditor, old: Field) -> None:
        super().alter_storage(editor, old)
        if getattr(old, "size", None) != self.size:
            editor.set_varchar_size(self.table_name, self.name, self.size)


class Text(Char):
    type = "text"
    extra_description: ClassVar[tuple[str, ...]] = ("translate",)

    def sql_type(self) -> sa.types.TypeEngine:
        return sa.Text()

    def alter_storage(self, editor: SchemaEditor, old: Field) -> None:
        Field.alter_storage(self, editor, old)  # no size to change: not a varchar


class Html(Text):
    """Rich text. Stored as given: we do not run a sanitizer, so read-back equals what was written."""

    type = "html"
    extra_description: ClassVar[tuple[str, ...]] = (
        "translate", "sanitize", "sanitize_tags", "sanitize_attributes", "sanitize_style",
        "strip_style", "strip_classes",
    )
    sanitize = True
    sanitize_tags = True
    sanitize_attributes = True
    sanitize_style = False
    strip_style = False
    strip_classes = False
