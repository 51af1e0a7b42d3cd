"""The tables and columns behind manual models and fields, built from the same field classes.

A manual field's column, foreign key and relation table come from the ``Field`` instance its
``ir.model.fields`` row builds (``FIELD_TYPES[ttype].from_ir_row``): no type switch here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from erpserver.orm.environment import Environment
from erpserver.orm.fields.base import FIELD_TYPES, Field
from erpserver.orm.fields.magic import magic_fields
from erpserver.orm.fields.x2many import Many2many
from erpserver.orm.registry import table_name
from erpserver.orm.schema import SchemaEditor


def field_from_row(row: Mapping[str, Any]) -> Field:
    return FIELD_TYPES[row["ttype"]].from_ir_row(row).bound_to(row["model"], row["name"])


def _stub(metadata: sa.MetaData, name: str) -> sa.Table:
    """A table known only by its primary key, so foreign keys to it can be declared."""
    if name in metadata.tables:
        return metadata.tables[name]
    return sa.Table(name, metadata, sa.Column("id", sa.Integer, primary_key=True))


def create_model_table(env: Environment, model_name: str, description: str) -> None:
    """CREATE TABLE with the built-in columns only (spec decision 7)."""
    metadata = sa.MetaData()
    _stub(metadata, "res_users")
    fields = [f.bound_to(model_name, name) for name, f in magic_fields(True).items()]
    columns = [c for c in (f.sql_column() for f in fields) if c is not None]
    table = sa.Table(table_name(model_name), metadata, *columns, comment=description)
    SchemaEditor(env.cr).create_table(table)


def drop_model_table(env: Environment, model_name: str) -> None:
    SchemaEditor(env.cr).drop_table(table_name(model_name))


def column_of(field: Field) -> sa.Column:
    return sa.Column(field.name, field.sql_type(), *field.sql_constraints(), nullable=not field.required)


def add_field(env: Environment, row: Mapping[str, Any]) -> None:
    field = field_from_row(row)
    editor = SchemaEditor(env.cr)
    table = table_name(field.model_name)
    if isinstance(field, Many2many):
        metadata = sa.MetaData()
        _stub(metadata, table)
        _stub(metadata, table_name(field.comodel_name))
        if not editor.table_exists(field.relation):
            editor.create_table(field.relation_table(metadata))
        return
    if field.column_backed:
        editor.add_column(table, column_of(field), index=field.index)


def drop_field(env: Environment, row: Mapping[str, Any], relation_shared: bool) -> None:
    field = field_from_row(row)
    editor = SchemaEditor(env.cr)
    if isinstance(field, Many2many):
        if not relation_shared:
            editor.drop_table(field.relation)
        return
    if field.column_backed:
        editor.drop_column(table_name(field.model_name), field.name)


def rename_field(env: Environment, row: Mapping[str, Any], new_name: str) -> None:
    field = field_from_row(row)
    if field.column_backed:
        SchemaEditor(env.cr).rename_column(table_name(field.model_name), field.name, new_name,
                                           indexed=field.index)


def alter_field(env: Environment, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
    """Apply required / index / size changes of a column-backed field."""
    field = field_from_row(new)
    if not field.column_backed:
        return
    editor = SchemaEditor(env.cr)
    table = table_name(field.model_name)
    if bool(old.get("required")) != bool(new.get("required")):
        editor.set_required(table, field.name, bool(new.get("required")))
    if bool(old.get("index")) != bool(new.get("index")):
        if new.get("index"):
            editor.create_index(table, field.name)
        else:
            editor.drop_index(table, field.name)
    if field.type == "char" and (old.get("size") or 0) != (new.get("size") or 0):
        editor.set_varchar_size(table, field.name, new.get("size") or None)
