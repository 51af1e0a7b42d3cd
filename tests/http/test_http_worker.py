"""erpserver's gunicorn worker (erpserver/http/worker.py): a thread that just answered on a
keep-alive connection waits briefly for its next request; nothing else may change.

The server here has one worker with ONE thread, so a thread kept by a connection would starve
every other connection: these tests would hang or time out.
"""

from __future__ import annotations

import socket
import time
import xmlrpc.client
from collections.abc import Iterator

import pytest

from erpserver.http import worker
from tests import servers
from tests.http.client import Server, exchange

VERSION_CALL = xmlrpc.client.dumps((), "version").encode()
XML_HEADERS = {"Content-Type": "text/xml"}


@pytest.fixture(scope="module")
def one_thread() -> Iterator[Server]:
    with servers.gunicorn("tests.http.rpc_test_app:create_app()", workers=1, threads=1) as running:
        assert "Using worker: erpserver.http.worker.Worker" in running.log_text()
        yield Server(running.host, running.port)


def version(connection: object) -> str:
    answer = exchange(connection, "POST", "/xmlrpc/2/common", VERSION_CALL, XML_HEADERS)  # type: ignore[arg-type]
    (value,), _method = xmlrpc.client.loads(answer.body)
    return str(value["server_version"])


def test_connections_taking_turns_share_one_thread(one_thread: Server) -> None:
    connections = [one_thread.connection(timeout=5) for _ in range(3)]
    try:
        started = time.monotonic()
        for _round in range(20):
            for connection in connections:
                assert version(connection) == "17.0"
        # each turn waits at most LINGER for the previous connection to let the thread go
        assert time.monotonic() - started < 60 * (worker.LINGER + 0.05)
    finally:
        for connection in connections:
            connection.close()


def test_a_connection_quiet_longer_than_the_linger_is_served_from_the_poller(one_thread: Server) -> None:
    connection = one_thread.connection(timeout=5)
    try:
        assert version(connection) == "17.0"
        time.sleep(worker.LINGER * 20)
        socket_before = connection.sock

        assert version(connection) == "17.0"
        assert connection.sock is socket_before
    finally:
        connection.close()


def test_pipelined_requests_are_answered_in_order(one_thread: Server) -> None:
    request = (f"POST /xmlrpc/2/common HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n"
               f"Content-Length: {len(VERSION_CALL)}\r\n\r\n").encode() + VERSION_CALL
    with socket.create_connection((one_thread.host, one_thread.port), timeout=5) as raw:
        raw.sendall(request * 3)
        received = b""
        while received.count(b"</methodResponse>") < 3:
            chunk = raw.recv(65536)
            assert chunk, f"closed after {received.count(b'</methodResponse>')} answers"
            received += chunk

    assert received.count(b"HTTP/1.1 200 OK") == 3


def test_a_client_that_closes_after_its_answer_frees_the_thread(one_thread: Server) -> None:
    first = one_thread.connection(timeout=5)
    assert version(first) == "17.0"
    first.close()
    second = one_thread.connection(timeout=5)
    try:
        assert version(second) == "17.0"
    finally:
        second.close()
