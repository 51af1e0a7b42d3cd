"""Duplicating a database: a copy holds what the source held, and is a database of its own."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from erpserver.exceptions import AccessDenied, DatabaseNotFound
from erpserver.orm.environment import SUPERUSER_ID, Environment
from erpserver.service import databases, transaction
from erpserver.service.db import DbService
from erpserver.service.runtime import Runtime
from tests.conftest import ADMIN_PASSWORD, database_copy, worker_db_name


def superuser(runtime: Runtime, db: str, conn: sa.Connection) -> Environment:
    return runtime.registries.environment(db, conn, SUPERUSER_ID)


@pytest.fixture(scope="module")
def source(runtime: Runtime, base_template: str) -> Iterator[str]:
    """A database holding one committed partner, 'Copied partner'; the tests only copy it."""
    with database_copy(runtime, base_template, f"src_{uuid.uuid4().hex[:8]}") as name:
        with runtime.databases.engine(name).begin() as conn:
            superuser(runtime, name, conn)["res.partner"].create({"name": "Copied partner"})
        yield name


def partner_names(runtime: Runtime, db: str) -> list[str]:
    with runtime.databases.engine(db).connect() as conn:
        return list(conn.execute(sa.text("SELECT name FROM res_partner ORDER BY id")).scalars())


def login(runtime: Runtime, db: str, user: str, password: str) -> int:
    with runtime.databases.engine(db).connect() as conn:
        return superuser(runtime, db, conn)["res.users"]._login(user, password)


def test_a_copy_holds_the_records_of_its_source(runtime: Runtime, source: str, target_name: str) -> None:
    """Test a copy holds the committed records of its source."""
    databases.duplicate_database(runtime, source, target_name)

    assert partner_names(runtime, target_name) == partner_names(runtime, source)
    assert "Copied partner" in partner_names(runtime, target_name)


def test_the_administrator_logs_into_a_copy_with_the_sources_password(runtime: Runtime, source: str,
                                                                        target_name: str) -> None:
    """Test users and their passwords come along with the copy."""
    databases.duplicate_database(runtime, source, target_name)

    assert login(runtime, target_name, "admin", ADMIN_PASSWORD) == 2


def test_writes_to_a_copy_leave_its_source_alone(runtime: Runtime, source: str, target_name: str) -> None:
    """Test a copy and its source are two databases."""
    databases.duplicate_database(runtime, source, target_name)

    with runtime.databases.engine(target_name).begin() as conn:
        conn.execute(sa.text("UPDATE res_partner SET name = 'Renamed in the copy' WHERE name = 'Copied partner'"))

    assert "Copied partner" in partner_names(runtime, source)
    assert "Renamed in the copy" not in partner_names(runtime, source)


def test_a_copy_gets_a_registry_of_its_own(runtime: Runtime, source: str, target_name: str) -> None:
    """Test the registry pool never serves the source's registry for the copy."""
    with runtime.databases.engine(source).connect() as conn:
        source_registry = runtime.registries.get(source, conn)

    databases.duplicate_database(runtime, source, target_name)

    with runtime.databases.engine(target_name).connect() as conn:
        copy_registry = runtime.registries.get(target_name, conn)
    assert copy_registry is not source_registry
    assert copy_registry.db_name == target_name


def test_this_process_keeps_using_a_source_it_copied(runtime: Runtime, source: str, target_name: str) -> None:
    """Test the copy closes this process's pooled connections on the source instead of leaving them dead."""
    assert "Copied partner" in partner_names(runtime, source)  # leaves a connection in the pool

    databases.duplicate_database(runtime, source, target_name)

    assert "Copied partner" in partner_names(runtime, source)


def test_uncommitted_work_on_the_source_is_not_copied(runtime: Runtime, source: str, target_name: str) -> None:
    """Test another session's open transaction on the source stays out of the copy."""
    other = sa.create_engine(runtime.databases.url_for(source), poolclass=sa.pool.NullPool)
    conn = other.connect()
    try:
        conn.execute(sa.text("UPDATE res_partner SET name = 'Not committed' WHERE name = 'Copied partner'"))

        databases.duplicate_database(runtime, source, target_name)
    finally:
        with contextlib.suppress(sa.exc.DBAPIError):  # PostgreSQL: the copy ended that session
            conn.close()
        other.dispose()

    names = partner_names(runtime, target_name)
    assert "Copied partner" in names and "Not committed" not in names


def test_other_sessions_on_the_source_are_ended_as_odoo_does(runtime: Runtime, source: str,
                                                             target_name: str) -> None:
    """Test PostgreSQL's TEMPLATE copy gets the source to itself by ending other sessions on it."""
    if runtime.databases.dialect != "postgresql":
        pytest.skip("a SQLite copy reads the file beside other connections; none is ended")
    other = sa.create_engine(runtime.databases.url_for(source), poolclass=sa.pool.NullPool)
    try:
        with other.connect() as conn:
            conn.execute(sa.text("SELECT 1"))

            databases.duplicate_database(runtime, source, target_name)

            with pytest.raises(sa.exc.OperationalError):
                conn.execute(sa.text("SELECT 1"))
    finally:
        other.dispose()
    assert runtime.databases.exists(target_name)


def test_copying_onto_an_existing_database_is_refused(runtime: Runtime, source: str, base_template: str) -> None:
    """Test an existing database is never overwritten by a copy."""
    with pytest.raises(ValueError, match="already exists"):
        databases.duplicate_database(runtime, base_template, source)

    assert "Copied partner" in partner_names(runtime, source)


def test_copying_a_missing_database_is_refused_and_leaves_nothing(runtime: Runtime, target_name: str) -> None:
    """Test a missing source is DatabaseNotFound, and no database is left under the target name."""
    missing = worker_db_name(f"missing_{uuid.uuid4().hex[:8]}")

    with pytest.raises(DatabaseNotFound, match="does not exist"):
        databases.duplicate_database(runtime, missing, target_name)

    assert not runtime.databases.exists(missing)
    assert not runtime.databases.exists(target_name)


@pytest.mark.parametrize("name", ["bad name!", "", "a" * 64, '"; DROP DATABASE postgres; --'])
def test_an_invalid_target_name_is_refused(runtime: Runtime, base_template: str, name: str) -> None:
    """Test a copy is only made under a valid database name."""
    with pytest.raises(ValueError, match="Invalid database name"):
        databases.duplicate_database(runtime, base_template, name)


def test_the_db_service_refuses_to_duplicate_when_database_management_is_off(
        runtime: Runtime, base_template: str, target_name: str) -> None:
    """Test ``list_db = false`` blocks duplicating, as it blocks creating and dropping (Odoo's gate)."""
    service = DbService(Runtime.from_config(runtime.config.replace(list_db=False)))

    with pytest.raises(AccessDenied):
        service.duplicate_database(lambda value: value, runtime.config.master_password, base_template, target_name)

    assert not runtime.databases.exists(target_name)


def test_a_password_remembered_for_a_dropped_database_does_not_open_its_successor(
        runtime: Runtime, target_name: str) -> None:
    """Test a worker that verified a password on a database does not accept it on a new database
    made under the same name (the same steps would otherwise give it the same cache sequence)."""
    other_process = Runtime.from_config(runtime.config)
    databases.create_database(runtime, target_name, admin_password="first-password")
    with other_process.databases.engine(target_name).connect() as conn:
        other_process.credentials.check(other_process.registries.environment(target_name, conn), 2, "first-password")
    other_process.databases.dispose(target_name)

    databases.drop_database(runtime, target_name)
    databases.create_database(runtime, target_name, admin_password="second-password")

    with other_process.databases.engine(target_name).connect() as conn, pytest.raises(AccessDenied):
        other_process.credentials.check(other_process.registries.environment(target_name, conn), 2, "first-password")
    other_process.databases.dispose(target_name)


def test_a_call_after_the_database_was_copied_elsewhere_still_answers(runtime: Runtime, source: str,
                                                                      target_name: str) -> None:
    """Test a worker whose pooled connection to a database another process copied (ending its
    sessions) answers its next call, on a new connection, instead of failing it."""
    if runtime.databases.dialect != "postgresql":
        pytest.skip("a SQLite copy ends no session")
    worker = Runtime.from_config(runtime.config)

    def count_partners(conn: sa.Connection) -> int:
        return worker.registries.environment(source, conn)["res.partner"].search_count([])

    engine = worker.databases.engine(source)
    before = transaction.run(engine, count_partners)  # leaves a connection in the worker's pool
    databases.duplicate_database(runtime, source, target_name)  # another process: ends that session

    assert transaction.run(engine, count_partners) == before
    worker.databases.dispose(source)


def test_create_database_in_a_language_activates_it_for_the_administrator(runtime: Runtime,
                                                                          target_name: str) -> None:
    DbService(runtime).create_database(lambda value: value, "test-master", target_name, False, "fr_FR",
                                       ADMIN_PASSWORD)

    def check(conn: sa.Connection) -> tuple[list[str], str, str]:
        env = runtime.registries.environment(target_name, conn, SUPERUSER_ID)
        langs = sorted(env["res.lang"].search([]).read(["code"]), key=lambda row: row["code"])
        admin = env["res.users"].browse(2).read(["lang"])[0]["lang"]
        group = env(context={"lang": "fr_FR"})["res.groups"].browse(env.ref_id("base.group_user")).read(["name"])
        return [row["code"] for row in langs], admin, group[0]["name"]

    assert transaction.run(runtime.databases.engine(target_name), check) == (
        ["en_US", "fr_FR"], "fr_FR", "Utilisateur interne")
