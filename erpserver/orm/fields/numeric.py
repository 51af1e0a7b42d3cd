"""Integer, Float and Monetary: NULL reads as 0 / 0.0, yet ``= 0`` does not match NULL."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa

from erpserver.exceptions import ValidationError
from erpserver.orm.fields.base import Field, ImportValueError, ManualSchema

if TYPE_CHECKING:
    from erpserver.orm.environment import Environment


class Integer(Field):
    type = "integer"
    empty_read: ClassVar[Any] = 0

    def _setup_extra(self, **extra: Any) -> None:
        super()._setup_extra(**extra)
        if self.group_operator is None and self.name != "sequence":
            self.group_operator = "sum"

    def bound_to(self, model_name: str, name: str) -> Field:
        field = super().bound_to(model_name, name)
        if name == "sequence" and field.group_operator == "sum":
            field.group_operator = None
        return field

    def sql_type(self) -> sa.types.TypeEngine:
        return sa.Integer()

    def to_column(self, value: Any, env: Environment) -> Any:
        if value is None:
            return None
        return int(value or 0)

    def to_operand(self, value: Any) -> Any:
        return int(value or 0)

    def export_cell(self, value: Any, env: Environment) -> Any:
        return value or 0  # a number stays a number, 0 included

    def import_value(self, text: str, env: Environment) -> Any:
        try:
            return int(text)
        except ValueError:
            raise ImportValueError(f"'{text}' does not seem to be an integer for field '{self.string}'")


class Float(Field):
    type = "float"
    empty_read: ClassVar[Any] = 0.0
    extra_description: ClassVar[tuple[str, ...]] = ("digits",)

    def _setup_extra(self, *, digits: tuple[int, int] | None = None, **extra: Any) -> None:
        super()._setup_extra(**extra)
        self.digits = list(digits) if digits else None
        if self.group_operator is None:
            self.group_operator = "sum"

    def sql_type(self) -> sa.types.TypeEngine:
        return sa.Float()

    def to_column(self, value: Any, env: Environment) -> Any:
        if value is None:
            return None
        number = float(value or 0.0)
        return round(number, self.digits[1]) if self.digits else number

    def to_read(self, value: Any) -> Any:
        return 0.0 if value is None else float(value)

    def to_operand(self, value: Any) -> Any:
        return float(value or 0.0)

    def export_cell(self, value: Any, env: Environment) -> Any:
        return float(value or 0.0)

    def import_value(self, text: str, env: Environment) -> Any:
        try:
            return float(text)
        except ValueError:
            raise ImportValueError(f"'{text}' does not seem to be a number for field '{self.string}'")


class Monetary(Float):
    type = "monetary"
    extra_description: ClassVar[tuple[str, ...]] = ("currency_field",)

    def _setup_extra(self, *, currency_field: str | None = None, **extra: Any) -> None:
        super()._setup_extra(**extra)
        self.currency_field = currency_field or "currency_id"

    @classmethod
    def ir_row_attributes(cls, row: Mapping[str, Any]) -> dict[str, Any]:
        return {"currency_field": row.get("currency_field") or None}

    def ir_row_values(self) -> dict[str, Any]:
        return {"currency_field": self.currency_field}

    @classmethod
    def _currency_field_name(cls, row: Mapping[str, Any], schema: ManualSchema) -> str | None:
        """The row's currency field, else Odoo's fallbacks ``currency_id`` then ``x_currency_id``."""
        if row.get("currency_field"):
            return str(row["currency_field"])
        return next((name for name in ("currency_id", "x_currency_id") if schema.field_row(row["model"], name)), None)

    @classmethod
    def validate_ir_row(cls, row: Mapping[str, Any], schema: ManualSchema) -> None:
        from erpserver.orm.fields.many2one import Many2one

        super().validate_ir_row(row, schema)
        name = cls._currency_field_name(row, schema)
        currency = schema.field_row(row["model"], name) if name else None
        if currency is None:
            raise ValidationError("Currency field is empty and there is no fallback field in the model")
        if currency["ttype"] != Many2one.type:
            raise ValidationError("Currency field does not have type many2one")
        if not Many2one.points_to(currency, "res.currency"):
            raise ValidationError("Currency field should have a res.currency relation")

    @classmethod
    def complete_ir_row(cls, row: dict[str, Any], schema: ManualSchema) -> None:
        super().complete_ir_row(row, schema)
        row["currency_field"] = cls._currency_field_name(row, schema)

    def sql_type(self) -> sa.types.TypeEngine:
        return sa.Numeric(asdecimal=False)

    def to_column(self, value: Any, env: Environment) -> Any:
        if value is None:
            return None
        return round(float(value or 0.0), 2)
