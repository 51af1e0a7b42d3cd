"""Run the Alembic migrations of the base schema on a connection we already hold.

The Alembic environment and versions live inside the package (``erpserver/database/alembic/``),
so an installed erpserver (``pip install .``, the Docker image) can create databases.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).resolve().parent / "alembic"


def alembic_config(conn: sa.Connection | None = None) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if conn is not None:
        config.attributes["connection"] = conn
    return config


def upgrade(conn: sa.Connection, revision: str = "head") -> None:
    command.upgrade(alembic_config(conn), revision)


def current_revision(conn: sa.Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
