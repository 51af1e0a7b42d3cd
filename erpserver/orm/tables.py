"""Where a model's rows live: table names, SQL identifiers, stand-in tables for foreign keys."""

from __future__ import annotations

import re
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.sql.schema import SchemaItem

IDENTIFIER_RE = re.compile(r"^[a-z_][a-z0-9_$]*$", re.IGNORECASE)
MAX_IDENTIFIER = 63  # PostgreSQL's limit


def table_name(model_name: str) -> str:
    """The table Odoo gives a model: ``res.partner`` → ``res_partner``."""
    return model_name.replace(".", "_")


def is_identifier(name: str) -> bool:
    """A plain SQL identifier that needs no quoting and fits PostgreSQL's limit."""
    return bool(IDENTIFIER_RE.match(name)) and len(name) <= MAX_IDENTIFIER


def model_table(name: str, metadata: sa.MetaData, columns: Iterable[SchemaItem], comment: str | None) -> sa.Table:
    """A model's table. On SQLite ``AUTOINCREMENT``: ids only grow, as with PostgreSQL's sequences,
    so a deleted record's id is never handed out again."""
    return sa.Table(name, metadata, *columns, comment=comment, sqlite_autoincrement=True)


def stub_table(metadata: sa.MetaData, name: str) -> sa.Table:
    """A table known only by its primary key, so that foreign keys to it can be declared."""
    if name in metadata.tables:
        return metadata.tables[name]
    return sa.Table(name, metadata, sa.Column("id", sa.Integer, primary_key=True))


SQL_CONSTRAINT_RE = re.compile(r"^\s*(unique|check)\s*\((.*)\)\s*$", re.IGNORECASE | re.DOTALL)


def constraint_name(table: str, name: str) -> str:
    """Odoo names a model's SQL constraint ``<table>_<name>``."""
    return f"{table}_{name}"


def sql_constraint(table: str, name: str, definition: str) -> sa.Constraint:
    """A model's ``_sql_constraints`` entry as a table constraint: ``unique(a, b)`` or
    ``check(<condition>)`` (a condition the model's author wrote, never a caller's input)."""
    match = SQL_CONSTRAINT_RE.match(definition)
    if match is None:
        raise ValueError(f"Unsupported SQL constraint {definition!r} (unique(...) or check(...))")
    kind, body = match.group(1).lower(), match.group(2).strip()
    if kind == "unique":
        return sa.UniqueConstraint(*(c.strip() for c in body.split(",")), name=constraint_name(table, name))
    return sa.CheckConstraint(sa.text(body), name=constraint_name(table, name))
