"""Database integrity errors, turned into the ValidationError texts Odoo clients know."""

from __future__ import annotations

import re

from sqlalchemy.exc import IntegrityError

from erpserver.exceptions import ValidationError
from erpserver.orm.registry import Registry
from erpserver.orm.tables import constraint_name

SQLITE_NOT_NULL = re.compile(r"NOT NULL constraint failed: (\w+)\.(\w+)")
SQLITE_CHECK = re.compile(r"CHECK constraint failed: (\w+)")
SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: ([\w., ]+)")
PG_NOT_NULL = re.compile(r'null value in column "(\w+)" of relation "(\w+)"')


def _model_of(registry: Registry, table: str) -> tuple[str, str] | None:
    model = registry.table_model(table)
    return (model._name, model._description or model._name) if model is not None else None


def _declared_message(registry: Registry, text: str, constraint: str | None) -> str | None:
    """The message of the model's ``_sql_constraints`` entry the error names (by constraint name,
    or, for SQLite's UNIQUE errors, by table and columns)."""
    if constraint is None and (match := SQLITE_CHECK.search(text)):
        constraint = match.group(1)
    columns: set[str] = set()
    table = None
    if constraint is None and (match := SQLITE_UNIQUE.search(text)):
        pairs = [part.strip().split(".", 1) for part in match.group(1).split(",")]
        table, columns = pairs[0][0], {pair[-1] for pair in pairs}
    for model in registry.models.values():
        for name, definition, message in model._sql_constraints:
            if constraint is not None and constraint == constraint_name(model._table.name, name):
                return message
            if table == model._table.name and definition.strip().lower().startswith("unique"):
                declared = definition[definition.index("(") + 1:definition.rindex(")")]
                if {c.strip() for c in declared.split(",")} == columns:
                    return message
    return None


def as_validation_error(error: IntegrityError, registry: Registry) -> ValidationError:
    text = str(error.orig)
    diag = getattr(error.orig, "diag", None)
    pgcode = getattr(error.orig, "pgcode", None)
    message = _declared_message(registry, text, getattr(diag, "constraint_name", None) if diag is not None else None)
    if message is not None:
        return ValidationError(f"The operation cannot be completed: {message}")
    table = column = None
    if pgcode == "23502" and diag is not None:
        table, column = diag.table_name, diag.column_name
    elif match := SQLITE_NOT_NULL.search(text):
        table, column = match.groups()
    elif match := PG_NOT_NULL.search(text):
        column, table = match.groups()
    if table and column:
        found = _model_of(registry, table)
        model_name, description = found if found else (table, table)
        label = column
        if found and column in registry[model_name]._fields:
            label = registry[model_name]._fields[column].string or column
        return ValidationError(
            "The operation cannot be completed:\n"
            "- Create/update: a mandatory field is not set.\n"
            "- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n"
            f"Model: {description} ({model_name})\nField: {label} ({column})\n"
        )
    if pgcode == "23503" or "FOREIGN KEY constraint failed" in text:
        table = getattr(diag, "table_name", None) if diag is not None else None
        constraint = getattr(diag, "constraint_name", None) if diag is not None else None
        found = _model_of(registry, table) if table else None
        detail = ""
        if found:
            detail = f"\n\nModel: {found[1]} ({found[0]})\nConstraint: {constraint}\n"
        return ValidationError(
            "The operation cannot be completed: another model requires the record being deleted. "
            f"If possible, archive it instead.{detail}"
        )
    first_line = text.strip().splitlines()[0] if text.strip() else "integrity error"
    return ValidationError(f"The operation cannot be completed: {first_line}")
