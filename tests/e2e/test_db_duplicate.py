"""``db.duplicate_database`` over XML-RPC, as Odoo 17 answers it: True, or a fault."""

from __future__ import annotations

import uuid
import xmlrpc.client
from collections.abc import Iterator

import pytest

from erpserver.service.runtime import Runtime
from tests.conftest import ADMIN_PASSWORD, Server, database_copy, worker_db_name

MASTER_PASSWORD = "test-master"  # tests.conftest.make_config


@pytest.fixture(scope="module")
def source(runtime: Runtime, demo_template: str) -> Iterator[str]:
    """A database for the server to copy (never the one it serves: a copy ends the sessions on its source)."""
    with database_copy(runtime, demo_template, f"rpc_src_{uuid.uuid4().hex[:8]}") as name:
        yield name


def db_service(server: Server) -> xmlrpc.client.ServerProxy:
    return xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/db")


def test_duplicate_database_answers_true_and_the_copy_is_listed(server: Server, source: str,
                                                                 target_name: str) -> None:
    """Test the copy exists, under its name, once the call returns True."""
    with db_service(server) as db:
        assert db.duplicate_database(MASTER_PASSWORD, source, target_name) is True

        assert target_name in db.list()
        assert db.db_exist(target_name) is True


def test_the_administrator_of_the_source_logs_into_the_copy(server: Server, source: str, target_name: str) -> None:
    """Test the copy keeps the source's users and passwords."""
    with db_service(server) as db:
        db.duplicate_database(MASTER_PASSWORD, source, target_name)

    assert server.common().authenticate(target_name, "admin", ADMIN_PASSWORD, {}) == 2


def test_neutralize_database_is_accepted(server: Server, source: str, target_name: str) -> None:
    """Test Odoo 17's fourth parameter is taken (there is nothing to neutralize here)."""
    with db_service(server) as db:
        assert db.duplicate_database(MASTER_PASSWORD, source, target_name, True) is True


def test_a_wrong_master_password_is_access_denied(server: Server, source: str, target_name: str) -> None:
    """Test duplicating is behind the master password, like creating and dropping."""
    with db_service(server) as db, pytest.raises(xmlrpc.client.Fault) as caught:
        db.duplicate_database("not-the-master-password", source, target_name)

    assert caught.value.faultCode == 3
    with db_service(server) as db:
        assert db.db_exist(target_name) is False


def test_a_missing_source_is_a_fault_that_says_so(server: Server, target_name: str) -> None:
    """Test the fault text says the source does not exist (clients grep for it)."""
    missing = worker_db_name(f"rpc_missing_{uuid.uuid4().hex[:8]}")

    with db_service(server) as db, pytest.raises(xmlrpc.client.Fault) as caught:
        db.duplicate_database(MASTER_PASSWORD, missing, target_name)

    assert f'database "{missing}" does not exist' in caught.value.faultString
    with db_service(server) as db:
        assert db.db_exist(target_name) is False


def test_an_existing_target_is_a_fault_and_is_left_alone(server: Server, source: str) -> None:
    """Test a copy never overwrites a database."""
    with db_service(server) as db, pytest.raises(xmlrpc.client.Fault) as caught:
        db.duplicate_database(MASTER_PASSWORD, source, server.db)

    assert "already exists" in caught.value.faultString
    assert server.common().authenticate(server.db, "admin", ADMIN_PASSWORD, {}) == 2
