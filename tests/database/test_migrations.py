"""The Alembic migrations build exactly the schema the base models declare."""

from __future__ import annotations

import contextlib
import uuid
import warnings
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from erpserver import addons
from erpserver.database import migrations
from erpserver.orm.registry import Registry
from erpserver.service.runtime import Runtime


@contextlib.contextmanager
def empty_database(runtime: Runtime) -> Iterator[tuple[str, sa.Connection]]:
    """A new database with no table yet, and a connection in a transaction on it; dropped after."""
    name = f"erptest_mig_{uuid.uuid4().hex[:8]}"
    runtime.databases.create_empty(name)
    try:
        with runtime.databases.engine(name).begin() as conn:
            yield name, conn
    finally:
        runtime.databases.drop(name)


def test_migrated_schema_equals_the_models_schema(runtime: Runtime) -> None:
    with empty_database(runtime) as (name, conn):
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


def test_the_external_id_migration_keeps_the_oldest_of_duplicate_rows(runtime: Runtime) -> None:
    """Databases from before 0005 may hold the same external id several times (concurrent loads)."""
    with empty_database(runtime) as (_name, conn):
        migrations.upgrade(conn, "0004_crm_and_constraints")
        insert = sa.text("INSERT INTO ir_model_data (module, name, model, res_id) VALUES ('__import__', :n, 'crm.lead', :r)")
        for name, res_id in (("dup", 1), ("dup", 2), ("dup", 3), ("single", 4)):
            conn.execute(insert, {"n": name, "r": res_id})
        migrations.upgrade(conn)
        rows = conn.execute(sa.text("SELECT name, res_id FROM ir_model_data ORDER BY name")).all()
        assert [tuple(r) for r in rows] == [("dup", 1), ("single", 4)]
        with pytest.raises(sa.exc.IntegrityError), conn.begin_nested():
            conn.execute(insert, {"n": "dup", "r": 5})
