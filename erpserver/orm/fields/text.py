"""Char, Text and Html: strings, stored as-is (``''`` stays ``''``, NULL reads as False), or per
language when translated (``translated.Translatable``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from erpserver.orm.fields.base import Field
from erpserver.orm.fields.translated import Translatable

if TYPE_CHECKING:
    from erpserver.orm.environment import Environment
    from erpserver.orm.schema import SchemaEditor


class Char(Translatable):
    type = "char"
    extra_description: ClassVar[tuple[str, ...]] = ("translate", "size", "trim")
    # a varchar whose size a manual field's write may change
    sized: ClassVar[bool] = True

    def _setup_extra(self, *, size: int | None = None, trim: bool = True, **extra: Any) -> None:
        super()._setup_extra(**extra)
        self.size = size or None
        self.trim = trim

    @classmethod
    def ir_row_attributes(cls, row: Mapping[str, Any]) -> dict[str, Any]:
        return {"size": row.get("size") or None}

    def ir_row_values(self) -> dict[str, Any]:
        return {"size": self.size or 0}

    def plain_sql_type(self) -> sa.types.TypeEngine:
        return sa.String(self.size) if self.size else sa.String()

    def text(self, value: Any, env: Environment) -> str | None:
        if value is None or value is False:
            return None
        text = value if isinstance(value, str) else str(value)
        return text[: self.size] if self.size else text

    def to_operand(self, value: Any) -> Any:
        return value if isinstance(value, str) else str(value)

    def name_expression(self, column: ColumnElement, env: Environment) -> ColumnElement | None:
        return self.read_expression(column, env)

    def alter_storage(self, editor: SchemaEditor, old: Field) -> None:
        super().alter_storage(editor, old)
        if self.sized and not self.translate and getattr(old, "size", None) != self.size:
            editor.set_varchar_size(self.table_name, self.name, self.size)


class Text(Char):
    type = "text"
    extra_description: ClassVar[tuple[str, ...]] = ("translate",)
    sized = False

    def plain_sql_type(self) -> sa.types.TypeEngine:
        return sa.Text()


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
