"""Keep-alive, ``Connection: close``, and a echo_server that keeps answering after bad requests."""

from __future__ import annotations

import concurrent.futures
import xmlrpc.client
from typing import Any

import pytest

from tests.http.client import Server, exchange, send

VERSION_CALL = xmlrpc.client.dumps((), "version").encode()
XML_HEADERS = {"Content-Type": "text/xml"}


def read_result(body: bytes) -> Any:
    (value,), _method = xmlrpc.client.loads(body)
    return value


def test_two_calls_on_one_keep_alive_connection(echo_server: Server) -> None:
    connection = echo_server.connection()
    try:
        first = exchange(connection, "POST", "/xmlrpc/2/common", VERSION_CALL, XML_HEADERS)
        socket = connection.sock
        second = exchange(connection, "POST", "/xmlrpc/2/common", VERSION_CALL, XML_HEADERS)

        assert socket is not None
        assert connection.sock is socket, "the connection was reused"
        assert first.headers["Connection"] != "close"
        assert read_result(first.body) == read_result(second.body)
    finally:
        connection.close()


def test_the_stdlib_proxy_reuses_its_connection(echo_server: Server) -> None:
    with xmlrpc.client.ServerProxy(echo_server.url("/xmlrpc/2/common")) as common:
        common.version()
        connection = common("transport")._connection[1]
        common.version()

        assert common("transport")._connection[1] is connection


def test_connection_close_is_honoured(echo_server: Server) -> None:
    connection = echo_server.connection()
    try:
        answer = exchange(
            connection, "POST", "/xmlrpc/2/common", VERSION_CALL, {**XML_HEADERS, "Connection": "close"}
        )

        assert answer.headers["Connection"] == "close"
        assert connection.sock is None, "the client closed its side as told"
        assert read_result(answer.body)["server_version"] == "17.0"
    finally:
        connection.close()


BAD_REQUESTS = [
    pytest.param("POST", "/xmlrpc/2/common", b"<methodCall>", XML_HEADERS, 200, id="malformed XML"),
    pytest.param("POST", "/jsonrpc", b"{oops", {"Content-Type": "application/json"}, 400, id="bad JSON"),
    pytest.param("POST", "/jsonrpc", b"{}", XML_HEADERS, 400, id="wrong content type"),
    pytest.param(
        "POST",
        "/xmlrpc/2/common",
        b"junk",
        {**XML_HEADERS, "Content-Encoding": "gzip"},
        400,
        id="corrupt gzip",
    ),
    pytest.param("GET", "/xmlrpc/2/common", None, {}, 405, id="GET"),
    pytest.param("POST", "/nowhere", b"", {}, 404, id="unknown path"),
    pytest.param(
        "POST",
        "/xmlrpc/2/test",
        xmlrpc.client.dumps((), "misbehave").encode(),
        XML_HEADERS,
        200,
        id="dispatcher bug",
    ),
]


@pytest.mark.parametrize(("method", "path", "body", "headers", "status"), BAD_REQUESTS)
def test_the_next_request_on_the_same_connection_is_answered(
    echo_server: Server, method: str, path: str, body: bytes | None, headers: dict[str, str], status: int
) -> None:
    connection = echo_server.connection()
    try:
        assert exchange(connection, method, path, body, headers).status == status
        answer = exchange(connection, "POST", "/xmlrpc/2/common", VERSION_CALL, XML_HEADERS)
        assert read_result(answer.body)["server_version"] == "17.0"
    finally:
        connection.close()


def test_many_concurrent_clients(echo_server: Server) -> None:
    def version(_: int) -> str:
        return read_result(send(echo_server, "POST", "/xmlrpc/2/common", VERSION_CALL, XML_HEADERS).body)[
            "server_version"
        ]

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        assert set(pool.map(version, range(40))) == {"17.0"}
