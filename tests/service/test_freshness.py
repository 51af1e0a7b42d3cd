"""Two workers on one database: what one changes, the other's next call sees, however it is made.

On PostgreSQL a worker that knows a database sends the check of its signal counters with the
transaction's first statement (registries.state, lazy_begin.arm); the database refuses a stale
one and the call runs again. These tests run each path: a call whose first statement carries the
refused check, a call that fails before sending any, a call that sends none, and a remembered
credential. Each worker is a Runtime of its own (its own registries, caches and pool), on a copy
of the demo database.
"""

from __future__ import annotations

import io
import xmlrpc.client
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from erpserver.config import Config
from erpserver.exceptions import AccessDenied
from erpserver.http.app import make_app
from erpserver.service.contract import ANONYMOUS
from erpserver.service.dispatcher import ServiceDispatcher
from erpserver.service.runtime import Runtime
from tests.conftest import ADMIN_PASSWORD, database_copy

ADMIN = 2


class Worker:
    """One worker process's view: a runtime of its own, called as the endpoints call it."""

    def __init__(self, config: Config, db: str) -> None:
        self.runtime = Runtime.from_config(config)
        self.dispatcher = ServiceDispatcher(self.runtime)
        self.db = db
        self.statements: list[str] = []
        engine = self.runtime.databases.engine(db)
        event.listen(engine, "before_cursor_execute",
                     lambda _c, _cur, statement, *_rest: self.statements.append(statement))

    def call(self, model: str, method: str, args: list[Any], kwargs: dict[str, Any] | None = None,
             password: str = ADMIN_PASSWORD) -> Any:
        return self.dispatcher("object", "execute_kw", [self.db, ADMIN, password, model, method, args, kwargs or {}],
                               marshal=lambda result: result, caller=ANONYMOUS)

    def signal_reads(self) -> int:
        return sum("ir_signal" in statement for statement in self.statements)

    def close(self) -> None:
        self.runtime.databases.dispose(self.db)


@pytest.fixture
def workers(runtime: Runtime, demo_template: str) -> Iterator[tuple[Worker, Worker]]:
    with database_copy(runtime, demo_template, "freshness") as db:
        first, second = Worker(runtime.config, db), Worker(runtime.config, db)
        try:
            for worker in (first, second):  # each knows the database now
                worker.call("res.partner", "search_count", [[]])
            yield first, second
        finally:
            first.close()
            second.close()


def add_field(worker: Worker, name: str) -> None:
    model_id = worker.call("ir.model", "search", [[["model", "=", "res.partner"]]])[0]
    worker.call("ir.model.fields", "create", [{"model_id": model_id, "name": name, "ttype": "char",
                                               "field_description": name}])


def test_a_known_database_reads_no_signals_on_postgresql(workers: tuple[Worker, Worker], backend: str) -> None:
    _first, second = workers
    second.statements.clear()

    assert second.call("res.partner", "search_read", [[["id", "=", 1]]], {"fields": ["name"]})

    statements = "\n".join(second.statements)
    if backend == "postgresql":  # the check went out with the search (migration 0007)
        assert second.signal_reads() == 0, statements
        assert len(second.statements) == 1, statements
    else:  # SQLite has no round trip to save: the counters are read
        assert second.signal_reads() == 1, statements


def test_a_statement_built_on_a_stale_registry_is_refused_and_the_call_runs_again(
        workers: tuple[Worker, Worker]) -> None:
    first, second = workers
    partner = second.call("res.partner", "create", [{"name": "Fresh"}])
    add_field(first, "x_fresh_note")
    first.call("res.partner", "write", [[partner], {"x_fresh_note": "written by the first worker"}])
    second.statements.clear()

    # the second worker's registry has no x_fresh_note: its search_read of every field is built
    # without it, sent with the check, refused, then built again on the new registry
    found = second.call("res.partner", "search_read", [[["id", "=", partner]]], {})

    assert found[0]["x_fresh_note"] == "written by the first worker"
    assert second.signal_reads() == 1


def test_a_call_that_fails_before_any_statement_checks_before_answering(
        workers: tuple[Worker, Worker]) -> None:
    first, second = workers
    add_field(first, "x_fresh_code")

    # unknown to the second worker's registry: refused in Python before any SQL, which alone
    # would answer "Invalid field"
    assert second.call("res.partner", "read", [[1]], {"fields": ["x_fresh_code"]}) == [
        {"id": 1, "x_fresh_code": False}]


def test_a_call_that_sends_no_statement_still_sees_the_change(workers: tuple[Worker, Worker]) -> None:
    first, second = workers
    second.call("res.partner", "fields_get", [], {"attributes": ["type"]})
    add_field(first, "x_fresh_flag")

    described = second.call("res.partner", "fields_get", [], {"attributes": ["type"]})

    assert described["x_fresh_flag"] == {"type": "char"}


def test_a_password_changed_by_one_worker_is_refused_by_the_other_that_remembered_it(
        workers: tuple[Worker, Worker]) -> None:
    first, second = workers
    second.call("res.partner", "search_count", [[]])  # the password is remembered now
    first.call("res.users", "write", [[ADMIN], {"password": "a-new-password"}])

    with pytest.raises(AccessDenied):
        second.call("res.partner", "search_count", [[]])
    assert second.call("res.partner", "search_count", [[]], password="a-new-password") > 0


# -- a read-only call's commit, once the answer is out --------------------------------------------
@pytest.fixture
def app_runtime(runtime: Runtime, demo_db: str) -> Iterator[tuple[Any, Runtime]]:
    """The WSGI application on a runtime of its own (whose pool the tests watch)."""
    own = Runtime.from_config(runtime.config)
    yield make_app(runtime.config, ServiceDispatcher(own)), own
    own.databases.dispose(demo_db)


def wsgi_call(app: Any, db: str, method: str, args: list[Any]) -> tuple[Any, bytes]:
    body = xmlrpc.client.dumps((db, ADMIN, ADMIN_PASSWORD, "res.partner", method, args), "execute_kw").encode()
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/xmlrpc/2/object", "CONTENT_TYPE": "text/xml",
               "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body), "REMOTE_ADDR": "127.0.0.1"}
    result = app(environ, lambda status, headers: None)
    return result, b"".join(result)


def test_a_read_only_call_commits_once_its_answer_is_sent(app_runtime: tuple[Any, Runtime], demo_db: str,
                                                          backend: str) -> None:
    app, own = app_runtime
    pool: Any = own.databases.engine(demo_db).pool

    result, payload = wsgi_call(app, demo_db, "search_read", [[["id", "=", 1]], ["name"]])

    assert b"<name>name</name>" in payload
    if backend == "postgresql":  # the transaction is still open while the answer goes out
        assert pool.checkedout() == 1
        result.close()
    else:  # SQLite's commit costs no round trip: it is made before answering
        assert not hasattr(result, "close")
    assert pool.checkedout() == 0


def test_a_call_that_writes_commits_before_answering(app_runtime: tuple[Any, Runtime], demo_db: str) -> None:
    app, own = app_runtime
    engine = own.databases.engine(demo_db)

    result, payload = wsgi_call(app, demo_db, "create", [{"name": "Committed before the answer"}])

    assert not hasattr(result, "close")
    new_id = xmlrpc.client.loads(payload)[0][0]
    with engine.connect() as conn:  # another connection sees it before the body is closed
        table = sa.table("res_partner", sa.column("id"))
        assert conn.execute(sa.select(table.c.id).where(table.c.id == new_id)).scalar() == new_id
        conn.execute(sa.delete(table).where(table.c.id == new_id))
        conn.commit()
