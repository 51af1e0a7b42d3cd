"""Selection: a key from a fixed list of ``(value, label)`` pairs, stored as varchar."""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from erpserver.exceptions import ValidationError
from erpserver.orm.fields.base import NO_DEFAULT, Field, ImportValueError, ManualSchema

if TYPE_CHECKING:
    from erpserver.orm.environment import Environment
    from erpserver.orm.schema import SchemaEditor

SelectionSpec = list[tuple[str, str]] | Callable[["Environment"], list[tuple[str, str]]]


def parse_selection_text(text: str) -> list[tuple[str, str]]:
    """Parse ``"[('a', 'A'), ('b', 'B')]"`` (ir.model.fields.selection) without eval."""
    try:
        pairs = ast.literal_eval(text or "[]")
        result = [(str(value), str(label)) for value, label in pairs]
    except (ValueError, SyntaxError, TypeError):
        raise ValueError(f"The Selection Options expression is not a valid Pythonic expression: {text!r}")
    return result


class Selection(Field):
    type = "selection"
    extra_description: ClassVar[tuple[str, ...]] = ("selection",)

    def __init__(self, selection: SelectionSpec | None = None, string: str | None = None, **kwargs: Any) -> None:
        self.selection_spec = selection or []
        super().__init__(string, **kwargs)

    @classmethod
    def ir_row_arguments(cls, row: Mapping[str, Any]) -> tuple[Any, ...]:
        return (parse_selection_text(row.get("selection") or "[]"), row["field_description"] or row["name"])

    def ir_row_values(self) -> dict[str, Any]:
        if callable(self.selection_spec):
            return {}
        return {"selection": repr([tuple(pair) for pair in self.selection_spec])}

    def selection_rows(self) -> list[tuple[str, str]]:
        return [] if callable(self.selection_spec) else [(str(v), str(label)) for v, label in self.selection_spec]

    @classmethod
    def validate_ir_row(cls, row: Mapping[str, Any], schema: ManualSchema) -> None:
        super().validate_ir_row(row, schema)
        if not parse_selection_text(row.get("selection") or "[]"):
            raise ValidationError("For selection fields, the Selection Options must be given!")

    def alter_storage(self, editor: SchemaEditor, old: Field) -> None:
        """Records holding an option that is gone lose their value (unless the field is required)."""
        super().alter_storage(editor, old)
        if not isinstance(old, Selection) or callable(old.selection_spec) or callable(self.selection_spec):
            return
        kept = {key for key, _label in self.selection_spec}
        removed = [key for key, _label in old.selection_spec if key not in kept]
        if removed and not self.required:
            table = sa.table(self.table_name, sa.column(self.name))
            editor.conn.execute(sa.update(table).where(table.c[self.name].in_(removed)).values({self.name: None}))

    def name_expression(self, column: ColumnElement, env: Environment) -> ColumnElement | None:
        return column

    def options(self, env: Environment) -> list[tuple[str, str]]:
        spec = self.selection_spec
        return list(spec(env)) if callable(spec) else list(spec)

    def sql_type(self) -> sa.types.TypeEngine:
        return sa.String()

    def to_column(self, value: Any, env: Environment) -> Any:
        if value is None or value is False or value == "":
            return None
        if value not in {key for key, _label in self.options(env)}:
            raise ValueError(f"Wrong value for {self.model_name}.{self.name}: {value!r}")
        return value

    def as_default(self, value: Any, env: Environment) -> Any:
        """A default that is not one of the keys is dropped (``default_type: 'bogus'``)."""
        if value and value not in {key for key, _label in self.options(env)}:
            return NO_DEFAULT
        return value

    def import_value(self, text: str, env: Environment) -> Any:
        """A key or a label, case-insensitively."""
        wanted = text.strip().lower()
        options = self.options(env)
        for key, label in options:
            if wanted in (str(key).lower(), str(label).lower()):
                return key
        raise ImportValueError(f"Value '{text}' not found in selection field '{self.string}'",
                               [label for _key, label in options])

    def export_cell(self, value: Any, env: Environment) -> Any:
        """The option's label, which ``load`` reads back as well as the key."""
        if value is False or value is None:
            return ""
        return dict(self.options(env)).get(value, value)

    def describe_attribute(self, attribute: str, env: Environment) -> Any:
        if attribute == "selection":
            return [[key, label] for key, label in self.options(env)]
        return super().describe_attribute(attribute, env)
