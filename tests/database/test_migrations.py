"""The Alembic migrations build exactly the schema the base models declare."""

from __future__ import annotations

import uuid
import warnings

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from erpserver import addons
from erpserver.database import migrations
from erpserver.orm.registry import Registry
from erpserver.service.runtime import Runtime


def test_migrated_schema_equals_the_models_schema(runtime: Runtime) -> None:
    name = f"erptest_mig_{uuid.uuid4().hex[:8]}"
    runtime.databases.create_empty(name)
    try:
        engine = runtime.databases.engine(name)
        with engine.begin() as conn:
            migrations.upgrade(conn)
            assert migrations.current_revision(conn) == migrations.head_revision()
            registry = Registry.build(name, addons.all_models())
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", "Cannot correctly sort tables", sa.exc.SAWarning)
                differences = compare_metadata(context, registry.metadata)
        # SQLite reports no names for unnamed indexes and constraints it rebuilt: compare the rest.
        meaningful = [d for d in differences if not (isinstance(d, tuple) and d[0] in ("remove_fk", "add_fk")
                                                    and runtime.databases.dialect == "sqlite")]
        assert meaningful == []
    finally:
        runtime.databases.drop(name)
