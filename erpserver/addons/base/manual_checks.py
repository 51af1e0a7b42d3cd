"""What a manual model or field must satisfy, with the messages Odoo clients know (fault 2).

Checks read the ``ir_model`` / ``ir_model_fields`` rows as the call's transaction sees them
(``IrRows``), not the registry: within one call, fields created a moment ago are rows already,
while the registry is rebuilt only once the call's schema changes are done. The type-specific
part of a field's checks belongs to its field class (``validate_ir_row``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from erpserver.exceptions import UserError, ValidationError
from erpserver.orm.domain import parse_order
from erpserver.orm.environment import Environment
from erpserver.orm.fields.base import FIELD_TYPES, Field
from erpserver.orm.fields.translated import source_texts
from erpserver.orm.tables import MAX_IDENTIFIER, is_identifier, table_name

MODEL_NAME_RE = re.compile(r"^[a-z0-9_.]+$")


class IrRows:
    """The database's models and fields as rows (a ``ManualSchema`` for the field classes)."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.models = env.registry["ir.model"]._table
        self.fields = env.registry["ir.model.fields"]._table

    def has_model(self, model: str) -> bool:
        query = sa.select(self.models.c.id).where(self.models.c.model == model)
        return self.env.cr.execute(query).first() is not None

    def field_row(self, model: str, name: str) -> Mapping[str, Any] | None:
        query = sa.select(self.fields).where(self.fields.c.model == model, self.fields.c.name == name)
        row = self.env.cr.execute(query).first()
        return None if row is None else source_texts(row._mapping)

    def relation_table_rows(self, relation_table: str) -> list[Mapping[str, Any]]:
        query = sa.select(self.fields).where(self.fields.c.relation_table == relation_table)
        return [source_texts(row._mapping) for row in self.env.cr.execute(query)]

    def table_exists(self, table: str) -> bool:
        return bool(sa.inspect(self.env.cr).has_table(table))


def cannot_complete(message: str) -> ValidationError:
    return ValidationError(f"The operation cannot be completed: {message}")


def check_model_values(env: Environment, vals: Mapping[str, Any]) -> None:
    model = vals.get("model")
    if not isinstance(model, str) or not model:
        raise ValidationError("The model name is required.")
    if vals.get("state", "manual") == "manual" and not model.startswith("x_"):
        raise ValidationError("The model name must start with 'x_'.")
    if not MODEL_NAME_RE.match(model):
        raise ValidationError("The model name can only contain lowercase characters, digits, underscores and dots.")
    table = table_name(model)
    if not is_identifier(table[:MAX_IDENTIFIER]):
        raise ValidationError(f"Invalid characters in table name {table!r}")
    if len(table) > MAX_IDENTIFIER:
        raise ValidationError(f"Table name {table!r} is too long")
    if model in env.registry or IrRows(env).has_model(model):
        raise cannot_complete("Each model must have a unique name.")
    if not isinstance(vals.get("name"), str) or not vals["name"]:
        raise ValidationError("The model description (name) is required.")


def check_order(env: Environment, model_name: str, order: str) -> None:
    """Every field an order names must be a stored field of the model."""
    try:
        terms = parse_order(order)
    except UserError as error:
        raise ValidationError(str(error))
    model = env.registry[model_name]
    for name, _descending, _nulls in terms:
        field = model._fields.get(name)
        if field is None or not field.column_backed:
            raise ValidationError(
                f"Unable to order by {name}: fields used for ordering must be present on the model and stored."
            )


def check_field_values(env: Environment, vals: Mapping[str, Any]) -> type[Field]:
    """Validate a manual field's row before anything is written or built; its field class."""
    name, model, ttype = vals.get("name"), vals.get("model"), vals.get("ttype")
    if not isinstance(name, str) or not name.startswith("x_"):
        raise cannot_complete("Custom fields must have a name that starts with 'x_'!")
    if not is_identifier(name):
        raise ValidationError("Field names can only contain characters, digits and underscores (up to 63).")
    field_class = FIELD_TYPES.get(ttype) if isinstance(ttype, str) else None
    if field_class is None:
        raise ValidationError(f"Wrong value for ir.model.fields.ttype: {ttype!r}")
    rows = IrRows(env)
    if not isinstance(model, str) or not rows.has_model(model):
        raise ValidationError(f"Model {model} does not exist!")
    if rows.field_row(model, name) is not None:
        raise cannot_complete("Field names must be unique per model.")
    field_class.validate_ir_row(vals, rows)
    return field_class
