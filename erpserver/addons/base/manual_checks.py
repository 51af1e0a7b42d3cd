"""What a manual model or field must satisfy, with the messages Odoo clients know (fault 2)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from erpserver.exceptions import UserError, ValidationError
from erpserver.orm.domain import parse_order
from erpserver.orm.environment import Environment
from erpserver.orm.fields.base import FIELD_TYPES
from erpserver.orm.fields.selection import parse_selection_text
from erpserver.orm.registry import table_name

MODEL_NAME_RE = re.compile(r"^[a-z0-9_.]+$")
SQL_NAME_RE = re.compile(r"^[a-z_][a-z0-9_$]*$", re.IGNORECASE)
MAX_IDENTIFIER = 63
RELATIONAL = ("many2one", "one2many", "many2many")


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
    if not SQL_NAME_RE.match(table):
        raise ValidationError(f"Invalid characters in table name {table!r}")
    if len(table) > MAX_IDENTIFIER:
        raise ValidationError(f"Table name {table!r} is too long")
    if model in env.registry or env["ir.model"].sudo().search_count([("model", "=", model)]):
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


def check_field_values(env: Environment, vals: Mapping[str, Any]) -> None:
    """Validate a manual field's row before anything is written or built."""
    name, model, ttype = vals.get("name"), vals.get("model"), vals.get("ttype")
    if not isinstance(name, str) or not name.startswith("x_"):
        raise cannot_complete("Custom fields must have a name that starts with 'x_'!")
    if not SQL_NAME_RE.match(name) or len(name) > MAX_IDENTIFIER:
        raise ValidationError("Field names can only contain characters, digits and underscores (up to 63).")
    if ttype not in FIELD_TYPES:
        raise ValidationError(f"Wrong value for ir.model.fields.ttype: {ttype!r}")
    if model not in env.registry:
        raise ValidationError(f"Model {model} does not exist!")
    if name in env.registry[model]._fields:
        raise cannot_complete("Field names must be unique per model.")
    if (vals.get("size") or 0) < 0:
        raise ValidationError("Size of the field cannot be negative.")
    if ttype == "selection":
        options = parse_selection_text(vals.get("selection") or "[]")
        if not options:
            raise ValidationError("For selection fields, the Selection Options must be given!")
    if ttype in RELATIONAL:
        _check_relation(env, vals)
    if ttype == "monetary":
        _check_currency(env, vals)


def _check_relation(env: Environment, vals: Mapping[str, Any]) -> None:
    relation, ttype = vals.get("relation"), vals["ttype"]
    if not relation or relation not in env.registry:
        raise ValidationError(f"Unknown model name '{relation}' in Related Model")
    if ttype == "many2one" and vals.get("required") and (vals.get("on_delete") or "set null") == "set null":
        raise ValidationError(
            f"The m2o field {vals['name']} is required but declares its ondelete policy as being 'set null'. "
            "Only 'restrict' and 'cascade' make sense."
        )
    if ttype == "one2many":
        inverse = env.registry[relation]._fields.get(vals.get("relation_field") or "")
        if inverse is None or inverse.type != "many2one" or inverse.comodel_name != vals["model"]:  # type: ignore[attr-defined]
            raise UserError(f"Many2one {vals.get('relation_field')} on model {relation} does not exist!")
    if ttype == "many2many":
        for key in ("relation_table", "column1", "column2"):
            value = vals.get(key)
            if value and (not SQL_NAME_RE.match(value) or len(value) > MAX_IDENTIFIER):
                raise ValidationError(f"Invalid {key} {value!r}: use letters, digits and underscores (up to 63).")


def _check_currency(env: Environment, vals: Mapping[str, Any]) -> None:
    fields = env.registry[vals["model"]]._fields
    name = vals.get("currency_field") or next((n for n in ("currency_id", "x_currency_id") if n in fields), None)
    if name is None or name not in fields:
        raise ValidationError("Currency field is empty and there is no fallback field in the model")
    currency = fields[name]
    if currency.type != "many2one":
        raise ValidationError("Currency field does not have type many2one")
    if currency.comodel_name != "res.currency":  # type: ignore[attr-defined]
        raise ValidationError("Currency field should have a res.currency relation")
