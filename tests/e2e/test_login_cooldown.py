"""The login cool-down over the wire, on a server and a database of its own (the shared test
servers run without one): failures from an address are counted in the database, so every worker
refuses it, the right password too, until the window ends by itself."""

from __future__ import annotations

import http.client
import json
import time
import urllib.request
import uuid
import xmlrpc.client
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from erpserver.database.shared_tables import LOGIN_FAILURES
from erpserver.service.cooldown import COOLDOWN_MESSAGE
from erpserver.service.runtime import Runtime
from tests.conftest import ADMIN_PASSWORD, database_copy, start_server
from tests.servers import ServerProcess, stop

AFTER = 3
DURATION = 2


@dataclass
class CooldownServer:
    process: ServerProcess
    db: str
    engine: sa.Engine

    def common(self) -> xmlrpc.client.ServerProxy:
        return xmlrpc.client.ServerProxy(f"{self.process.url}/xmlrpc/2/common")

    def object(self) -> xmlrpc.client.ServerProxy:
        return xmlrpc.client.ServerProxy(f"{self.process.url}/xmlrpc/2/object")

    def failures(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return dict(conn.execute(sa.select(LOGIN_FAILURES.c.address, LOGIN_FAILURES.c.failures)).all())


@pytest.fixture(scope="module")
def cooldown_server(runtime: Runtime, base_template: str) -> Iterator[CooldownServer]:
    """Two workers; a cool-down after 3 failures, for 2 seconds."""
    with database_copy(runtime, base_template, "cooldown") as name:
        config = runtime.config.replace(login_cooldown_after=AFTER, login_cooldown_duration=DURATION)
        process = start_server(config, workers=2)
        try:
            yield CooldownServer(process, name, runtime.databases.engine(name))
        finally:
            stop(process)


@pytest.fixture
def site(cooldown_server: CooldownServer) -> CooldownServer:
    """The server with no failure counted yet."""
    with cooldown_server.engine.begin() as conn:
        conn.execute(sa.delete(LOGIN_FAILURES))
    return cooldown_server


@pytest.fixture
def user(site: CooldownServer) -> tuple[int, str, str]:
    """A user of its own (uid, login, password), whose credential no worker remembers yet."""
    login = f"cool-{uuid.uuid4().hex[:8]}"
    uid = site.object().execute_kw(site.db, 2, ADMIN_PASSWORD, "res.users", "create",
                                   [{"login": login, "name": login, "password": "right-password"}])
    return uid, login, "right-password"


def fail_logins(site: CooldownServer, login: str, times: int = AFTER) -> None:
    for _ in range(times):
        assert site.common().authenticate(site.db, login, "wrong-password", {}) is False


def test_after_the_failures_even_the_right_password_is_refused(site: CooldownServer,
                                                               user: tuple[int, str, str]) -> None:
    uid, login, password = user
    fail_logins(site, login)

    assert site.common().authenticate(site.db, login, password, {}) is False
    with pytest.raises(xmlrpc.client.Fault) as caught:
        site.object().execute_kw(site.db, uid, password, "res.partner", "search_count", [[]])
    assert (caught.value.faultCode, caught.value.faultString) == (3, COOLDOWN_MESSAGE)


def test_jsonrpc_gets_the_refusal_too(site: CooldownServer, user: tuple[int, str, str]) -> None:
    uid, login, password = user
    fail_logins(site, login)
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 7, "params": {
        "service": "object", "method": "execute_kw",
        "args": [site.db, uid, password, "res.partner", "search_count", [[]]]}}).encode()
    request = urllib.request.Request(f"{site.process.url}/jsonrpc", body, {"Content-Type": "application/json"})

    with urllib.request.urlopen(request, timeout=30) as response:
        error = json.loads(response.read())["error"]

    assert (error["data"]["name"], error["data"]["message"]) == ("odoo.exceptions.AccessDenied", COOLDOWN_MESSAGE)


def test_a_refusal_logs_odoos_warning(site: CooldownServer, user: tuple[int, str, str]) -> None:
    _uid, login, password = user
    fail_logins(site, login)

    site.common().authenticate(site.db, login, password, {})

    log = site.process.log_text()
    assert f"Login attempt ignored for 127.0.0.1 (user '{login}') on {site.db}: {AFTER} failures since last success" in log


def test_the_cooldown_ends_by_itself(site: CooldownServer, user: tuple[int, str, str]) -> None:
    uid, login, password = user
    fail_logins(site, login)
    assert site.common().authenticate(site.db, login, password, {}) is False

    time.sleep(DURATION + 0.2)

    assert site.common().authenticate(site.db, login, password, {}) == uid
    assert site.failures() == {}  # the success cleared the address


def test_failed_execute_kw_calls_count_too(site: CooldownServer, user: tuple[int, str, str]) -> None:
    uid, login, password = user
    for _ in range(AFTER):
        with pytest.raises(xmlrpc.client.Fault) as caught:
            site.object().execute_kw(site.db, uid, "wrong-password", "res.partner", "search_count", [[]])
        assert caught.value.faultString == "Access Denied"

    assert site.common().authenticate(site.db, login, password, {}) is False


def test_a_success_clears_the_failures(site: CooldownServer, user: tuple[int, str, str]) -> None:
    uid, login, password = user
    fail_logins(site, login, AFTER - 1)
    assert site.common().authenticate(site.db, login, password, {}) == uid

    fail_logins(site, login, AFTER - 1)

    assert site.common().authenticate(site.db, login, password, {}) == uid


def test_every_worker_refuses_the_address(site: CooldownServer, user: tuple[int, str, str]) -> None:
    """Failures reach the workers in any order; the count is one: refusals on fresh connections
    (any worker) all hold, and do not count as more failures."""
    uid, login, password = user
    fail_logins(site, login)

    answers = [site.common().authenticate(site.db, login, password, {}) for _ in range(10)]

    assert answers == [False] * 10
    assert site.failures() == {"127.0.0.1": AFTER}


def test_x_forwarded_for_is_ignored_without_proxy_mode(site: CooldownServer, user: tuple[int, str, str]) -> None:
    """Any client can send the header: without proxy_mode the peer's address is the one counted."""
    _uid, login, _password = user
    body = xmlrpc.client.dumps((site.db, login, "wrong-password", {}), "authenticate").encode()
    connection = http.client.HTTPConnection(site.process.host, site.process.port, timeout=30)
    try:
        connection.request("POST", "/xmlrpc/2/common", body,
                           {"Content-Type": "text/xml", "X-Forwarded-For": "203.0.113.9"})
        connection.getresponse().read()
    finally:
        connection.close()

    assert site.failures() == {"127.0.0.1": 1}
