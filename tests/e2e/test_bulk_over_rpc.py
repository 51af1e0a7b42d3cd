"""``load`` and ``export_data`` through a real server and ``xmlrpc.client``: the create-then-update
flow integration scripts follow, and concurrent loads of the same new external ids."""

from __future__ import annotations

import threading
import uuid
import xmlrpc.client
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from erpserver.service.runtime import Runtime
from tests.conftest import ADMIN_PASSWORD, Server, database_copy, start_server
from tests.servers import stop

UID = 2
FIELDS = ["id", "name", "contact_name", "email_from", "phone", "city", "expected_revenue"]


def call(url: str, db: str, model: str, method: str, args: list[Any], kwargs: dict[str, Any] | None = None) -> Any:
    with xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object") as proxy:
        return proxy.execute_kw(db, UID, ADMIN_PASSWORD, model, method, args, kwargs or {})


def test_load_creates_then_updates_by_the_same_external_ids(server: Server) -> None:
    tag = uuid.uuid4().hex[:8]
    rows = [[f"nightly_{tag}_{n}", f"Lead {n}", f"Contact {n}", f"c{n}@example.com", f"+32 {n}", "Ghent", "100"]
            for n in range(3)]
    first = call(server.url, server.db, "crm.lead", "load", [FIELDS, rows])
    assert first["messages"] == [] and first["nextrow"] == 0 and len(first["ids"]) == 3
    rows[1][5] = "Antwerp"
    again = call(server.url, server.db, "crm.lead", "load", [FIELDS, rows])
    assert again == {"ids": first["ids"], "messages": [], "nextrow": 0}
    cities = call(server.url, server.db, "crm.lead", "read", [first["ids"], ["city"]])
    assert [r["city"] for r in cities] == ["Ghent", "Antwerp", "Ghent"]


def test_export_data_answers_rows_that_load_takes_back(server: Server) -> None:
    tag = uuid.uuid4().hex[:8]
    [lead] = call(server.url, server.db, "crm.lead", "load", [["id", "name", "priority"], [[f"exp_{tag}", "Exported", "2"]]])["ids"]
    answer = call(server.url, server.db, "crm.lead", "export_data", [[lead], ["id", "name", "priority", "probability"]])
    assert answer == {"datas": [[f"__import__.exp_{tag}", "Exported", "High", 0.0]]}
    back = call(server.url, server.db, "crm.lead", "load", [["id", "name", "priority", "probability"], answer["datas"]])
    assert back == {"ids": [lead], "messages": [], "nextrow": 0}


@pytest.fixture
def fresh_db(runtime: Runtime, base_template: str) -> Iterator[str]:
    with database_copy(runtime, base_template, f"bulk_{uuid.uuid4().hex[:10]}") as name:
        yield name


def race(url: str, db: str, rows: list[list[str]], clients: int = 4) -> tuple[list[Any], list[BaseException]]:
    """``clients`` threads load the same rows at the same moment; their answers and errors."""
    barrier = threading.Barrier(clients)
    results: list[Any] = []
    errors: list[BaseException] = []

    def load() -> None:
        barrier.wait()
        try:
            results.append(call(url, db, "crm.lead", "load", [FIELDS, rows]))
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=load) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results, errors


@pytest.mark.slow
def test_concurrent_loads_of_the_same_new_external_ids_make_one_record_each(runtime: Runtime, fresh_db: str) -> None:
    """Four workers load the same 40 new external ids at the same moment, three times over: every
    call succeeds, and each external id ends with one ir.model.data row and one record."""
    process = start_server(runtime.config, workers=4)
    try:
        for round_number in range(3):
            rows = [[f"race_{round_number}_{n}", f"Race {round_number} {n}", "", "", "", "", str(n)] for n in range(40)]
            results, errors = race(process.url, fresh_db, rows)
            assert errors == []
            assert [r["messages"] for r in results] == [[]] * 4
            assert len({tuple(r["ids"]) for r in results}) == 1  # the losers updated the winner's records
        with runtime.databases.engine(fresh_db).connect() as conn:
            xmlids = conn.execute(sa.text("SELECT name, count(*) FROM ir_model_data WHERE name LIKE 'race%' "
                                          "GROUP BY name HAVING count(*) > 1")).all()
            leads = conn.execute(sa.text("SELECT count(*) FROM crm_lead WHERE name LIKE 'Race %'")).scalar_one()
        assert xmlids == [] and leads == 120
    finally:
        stop(process)
