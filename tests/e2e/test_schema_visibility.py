"""A schema change made through one worker (or one host) is used at once through every other one.

Each worker keeps one registry per database and compares the ``ir_signal`` counters on every call
(erpserver/service/registries.py): these tests make a schema change through one connection, then
call through fresh connections (a new TCP connection per call, so any worker may answer) and
require that not one call fails or sees the old schema.
"""

from __future__ import annotations

import concurrent.futures
import uuid
import xmlrpc.client
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from erpserver.service.runtime import Runtime
from tests.conftest import ADMIN_PASSWORD, database_copy, start_server
from tests.servers import stop

UID = 2
CLIENTS = 4  # concurrent client threads; every call still opens its own connection
CALLS = 200
UNLINK_CHECKS = 50
OLD_NAME_CHECKS = 8


@dataclass
class Target:
    url: str
    db: str

    def call(self, model: str, method: str, args: list, kwargs: dict | None = None) -> Any:
        """One call through a brand-new connection (and so through whichever worker accepts it)."""
        with xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/object") as proxy:
            return proxy.execute_kw(self.db, UID, ADMIN_PASSWORD, model, method, args, kwargs or {})


@pytest.fixture
def fresh_db(runtime: Runtime, base_template: str) -> Iterator[str]:
    with database_copy(runtime, base_template, f"schema_{uuid.uuid4().hex[:10]}") as name:
        yield name


def create_model(target: Target) -> tuple[str, int, int]:
    """Through ONE connection: a manual model with ``x_name`` (char) and ``x_qty`` (integer)."""
    model = f"x_vis_{uuid.uuid4().hex[:8]}"
    with xmlrpc.client.ServerProxy(f"{target.url}/xmlrpc/2/object") as proxy:
        model_id = proxy.execute_kw(target.db, UID, ADMIN_PASSWORD, "ir.model", "create",
                                    [{"name": "Visibility", "model": model, "state": "manual"}])
        proxy.execute_kw(target.db, UID, ADMIN_PASSWORD, "ir.model.fields", "create",
                         [{"model_id": model_id, "name": "x_name", "ttype": "char", "state": "manual"}])
        qty_id = proxy.execute_kw(target.db, UID, ADMIN_PASSWORD, "ir.model.fields", "create",
                                  [{"model_id": model_id, "name": "x_qty", "ttype": "integer", "state": "manual"}])
    return model, model_id, qty_id


def hammer(targets: list[Target], model: str, qty: str, absent: str | None, calls: int = CALLS) -> list[str]:
    """``calls`` calls (create, search on ``qty``, read, fields_get in turn) from CLIENTS threads.

    Returns one line per failed call: an exception, or an answer that shows a stale schema.
    """
    per_client = calls // CLIENTS
    errors: list[str] = []
    tag = uuid.uuid4().hex[:6]  # names unique to this round: earlier rounds' records stay

    def client(index: int) -> None:
        target = targets[index % len(targets)]
        record_id = None
        for n in range(per_client):
            step = n % 4
            label = f"client {index} call {n} ({target.url})"
            try:
                if step == 0:
                    record_id = target.call(model, "create", [{"x_name": f"{tag}-{index}-{n}", qty: n}])
                    if not isinstance(record_id, int):
                        errors.append(f"{label}: create returned {record_id!r}")
                elif step == 1:
                    found = target.call(model, "search", [[[qty, "=", n - 1], ["x_name", "=", f"{tag}-{index}-{n - 1}"]]])
                    if found != [record_id]:
                        errors.append(f"{label}: search on {qty} returned {found!r}, expected [{record_id}]")
                elif step == 2:
                    rows = target.call(model, "read", [[record_id]], {"fields": ["x_name", qty]})
                    if rows != [{"id": record_id, "x_name": f"{tag}-{index}-{n - 2}", qty: n - 2}]:
                        errors.append(f"{label}: read returned {rows!r}")
                else:
                    described = target.call(model, "fields_get", [], {"attributes": ["type"]})
                    if described.get(qty) != {"type": "integer"} or (absent and absent in described):
                        errors.append(f"{label}: fields_get shows {sorted(described)}")
            except Exception as error:  # noqa: BLE001 - every failure is collected and reported
                errors.append(f"{label}: {type(error).__name__}: {error}")

    with concurrent.futures.ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        list(pool.map(client, range(CLIENTS)))
    return errors


def assert_invalid_field(target: Target, model: str, name: str) -> None:
    """The old name is refused, by every kind of call, through fresh connections."""
    attempts: list[Callable[[], Any]] = [
        lambda: target.call(model, "read", [[]], {"fields": ["x_name", name]}),
        lambda: target.call(model, "search", [[[name, "=", 1]]]),
        lambda: target.call(model, "create", [{"x_name": "old name", name: 1}]),
    ]
    for n in range(OLD_NAME_CHECKS):
        with pytest.raises(xmlrpc.client.Fault) as caught:
            attempts[n % len(attempts)]()
        assert "Invalid field" in caught.value.faultString, caught.value.faultString


def never_listed(targets: list[Target], model: str, name: str, calls: int = UNLINK_CHECKS) -> list[str]:
    seen = []
    for n in range(calls):
        target = targets[n % len(targets)]
        described = target.call(model, "fields_get", [], {"attributes": ["type"]})
        if name in described or "x_name" not in described:
            seen.append(f"call {n} ({target.url}): fields_get shows {sorted(described)}")
    return seen


@pytest.mark.slow
def test_schema_changes_are_seen_by_every_worker(runtime: Runtime, fresh_db: str) -> None:
    process = start_server(runtime.config, workers=4)
    url = process.url
    try:
        target = Target(url, fresh_db)
        model, _model_id, qty_id = create_model(target)

        errors = hammer([target], model, "x_qty", absent=None)
        assert errors == [], f"{len(errors)} of {CALLS} calls failed after creating {model}:\n" + "\n".join(errors[:20])

        with xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object") as proxy:
            assert proxy.execute_kw(fresh_db, UID, ADMIN_PASSWORD, "ir.model.fields", "write",
                                    [[qty_id], {"name": "x_quantity"}]) is True
        errors = hammer([target], model, "x_quantity", absent="x_qty")
        assert errors == [], f"{len(errors)} of {CALLS} calls failed after the rename:\n" + "\n".join(errors[:20])
        assert_invalid_field(target, model, "x_qty")

        with xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object") as proxy:
            assert proxy.execute_kw(fresh_db, UID, ADMIN_PASSWORD, "ir.model.fields", "unlink", [[qty_id]]) is True
        seen = never_listed([target], model, "x_quantity")
        assert seen == [], "\n".join(seen[:20])
        assert_invalid_field(target, model, "x_quantity")
    finally:
        stop(process)


@pytest.mark.slow
def test_schema_changes_are_seen_by_another_host(runtime: Runtime, backend: str, fresh_db: str) -> None:
    if backend != "postgresql":
        pytest.skip("two hosts sharing one database need a database server; a SQLite file is one host's")
    process_a = start_server(runtime.config, workers=2)
    url_a = process_a.url
    process_b = None
    try:
        process_b = start_server(runtime.config, workers=2)
        url_b = process_b.url
        host_a, host_b = Target(url_a, fresh_db), Target(url_b, fresh_db)
        # host B has served this database before the change: its registry is the old one
        assert host_b.call("res.partner", "search_count", [[]]) >= 1

        model, _model_id, qty_id = create_model(host_a)
        errors = hammer([host_b], model, "x_qty", absent=None)
        assert errors == [], f"{len(errors)} of {CALLS} calls through B failed:\n" + "\n".join(errors[:20])

        assert host_b.call("ir.model.fields", "write", [[qty_id], {"name": "x_quantity"}]) is True
        rows = host_a.call(model, "search_read", [[["x_quantity", ">=", 0]]], {"fields": ["x_quantity"], "limit": 5})
        assert len(rows) == 5 and all(set(row) == {"id", "x_quantity"} for row in rows)
        assert_invalid_field(host_a, model, "x_qty")
        errors = hammer([host_a, host_b], model, "x_quantity", absent="x_qty", calls=40)
        assert errors == [], "\n".join(errors[:20])

        assert host_b.call("ir.model.fields", "unlink", [[qty_id]]) is True
        assert_invalid_field(host_a, model, "x_quantity")
        seen = never_listed([host_a, host_b], model, "x_quantity", calls=20)
        assert seen == [], "\n".join(seen[:20])
    finally:
        if process_b is not None:
            stop(process_b)
        stop(process_a)
