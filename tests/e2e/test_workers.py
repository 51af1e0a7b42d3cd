"""Several gunicorn workers on one database: concurrent writes, and credentials seen by all."""

from __future__ import annotations

import concurrent.futures
import xmlrpc.client

import pytest

from tests.conftest import Server


def test_concurrent_writers_all_succeed(server: Server) -> None:
    def create_many(worker: int) -> list[int]:
        proxy = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object")
        ids = []
        for index in range(15):
            ids.append(proxy.execute_kw(server.db, 2, server.password, "res.partner", "create",
                                        [{"name": f"Concurrent {worker}-{index}"}]))
            proxy.execute_kw(server.db, 2, server.password, "res.partner", "write",
                             [[ids[-1]], {"phone": str(index)}])
        return ids

    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(create_many, range(6)))
    created = [i for ids in results for i in ids]
    assert len(set(created)) == 90
    proxy = server.object()
    found = proxy.execute_kw(server.db, 2, server.password, "res.partner", "search_count",
                             [[["name", "=like", "Concurrent %"]]])
    assert found == 90
    proxy.execute_kw(server.db, 2, server.password, "res.partner", "unlink", [created])


def test_a_changed_password_is_refused_by_every_worker(server: Server) -> None:
    proxy = server.object()
    user_id = proxy.execute_kw(server.db, 2, server.password, "res.users", "create",
                               [{"login": "rotating", "name": "Rotating", "password": "first-secret"}])
    try:
        # warm the credential caches of both workers (several connections reach both)
        for _ in range(8):
            assert xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object").execute_kw(
                server.db, user_id, "first-secret", "res.partner", "search_count", [[]]) > 0
        proxy.execute_kw(server.db, 2, server.password, "res.users", "write",
                         [[user_id], {"password": "second-secret"}])
        for _ in range(8):
            fresh = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object")
            with pytest.raises(xmlrpc.client.Fault) as caught:
                fresh.execute_kw(server.db, user_id, "first-secret", "res.partner", "search_count", [[]])
            assert caught.value.faultCode == 3
            assert fresh.execute_kw(server.db, user_id, "second-secret", "res.partner", "search_count", [[]]) > 0
    finally:
        proxy.execute_kw(server.db, 2, server.password, "res.users", "write", [[user_id], {"active": False}])
