"""Run the Alembic migrations of the base schema on a connection we already hold.

The Alembic environment and versions live inside the package (``erpserver/database/alembic/``),
so an installed erpserver (``pip install .``, the Docker image) can create databases.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

MIGRATIONS_DIR = Path(__file__).resolve().parent / "alembic"


# Alembic is imported by the functions that use it: only creating a database needs it, and the
# import costs a third of a second that every process would otherwise pay at start.


def alembic_config(conn: sa.Connection | None = None) -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if conn is not None:
        config.attributes["connection"] = conn
    return config


def upgrade(conn: sa.Connection, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(conn), revision)


def current_revision(conn: sa.Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()
