"""The tables and columns behind manual models and fields, built from the same field classes.

A manual field's storage comes from the ``Field`` its ``ir.model.fields`` row builds
(``FIELD_TYPES[ttype].from_ir_row``), through the field's own storage hooks: no type switch here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from erpserver.orm.environment import Environment
from erpserver.orm.fields.base import FIELD_TYPES, Field
from erpserver.orm.fields.magic import magic_fields
from erpserver.orm.schema import SchemaEditor
from erpserver.orm.tables import model_table, stub_table, table_name


def field_from_row(row: Mapping[str, Any]) -> Field:
    return FIELD_TYPES[row["ttype"]].from_ir_row(row).bound_to(row["model"], row["name"])


def create_model_table(env: Environment, model_name: str, description: str) -> None:
    """CREATE TABLE with the built-in columns only (spec decision 7)."""
    metadata = sa.MetaData()
    stub_table(metadata, "res_users")
    fields = [f.bound_to(model_name, name) for name, f in magic_fields(True).items()]
    columns = [c for c in (f.sql_column() for f in fields) if c is not None]
    SchemaEditor(env.cr).create_table(model_table(table_name(model_name), metadata, columns, description))


def drop_model_table(env: Environment, model_name: str) -> None:
    SchemaEditor(env.cr).drop_table(table_name(model_name))


def add_field(env: Environment, row: Mapping[str, Any]) -> None:
    field_from_row(row).create_storage(SchemaEditor(env.cr))


def drop_field(env: Environment, row: Mapping[str, Any], shared: bool) -> None:
    field_from_row(row).drop_storage(SchemaEditor(env.cr), shared)


def rename_field(env: Environment, row: Mapping[str, Any], new_name: str) -> None:
    field_from_row(row).rename_storage(SchemaEditor(env.cr), new_name)


def alter_field(env: Environment, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
    """Apply what a write changed (required, index, size, selection options...)."""
    field_from_row(new).alter_storage(SchemaEditor(env.cr), field_from_row(old))
