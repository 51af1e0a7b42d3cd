"""The application under ``wsgiref.validate``: PEP 3333 conformance, checked on every call.

A wsgiref server in a thread serves the validated app; any violation raises inside the server,
which answers 500, so these tests fail on it.
"""

from __future__ import annotations

import json
import threading
import xmlrpc.client
from collections.abc import Iterator
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from wsgiref.validate import validator

import pytest

from tests.http.client import Server, send
from tests.http.rpc_test_app import MAX_REQUEST_SIZE, VERSION, create_app


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def validated_server() -> Iterator[Server]:
    httpd: WSGIServer = make_server("127.0.0.1", 0, validator(create_app()), handler_class=QuietHandler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield Server("127.0.0.1", httpd.server_port)
    finally:
        httpd.shutdown()
        thread.join()
        httpd.server_close()


def test_xmlrpc_call(validated_server: Server) -> None:
    with xmlrpc.client.ServerProxy(validated_server.url("/xmlrpc/2/common")) as common:
        assert common.version() == VERSION


def test_xmlrpc_fault(validated_server: Server) -> None:
    with (
        xmlrpc.client.ServerProxy(validated_server.url("/xmlrpc/test")) as service,
        pytest.raises(xmlrpc.client.Fault),
    ):
        getattr(service, "raise")("UserError", "no")


def test_compressed_answer(validated_server: Server) -> None:
    with xmlrpc.client.ServerProxy(validated_server.url("/xmlrpc/2/test")) as service:
        assert service.text(20_000) == "x" * 20_000


def test_jsonrpc_call(validated_server: Server) -> None:
    body = json.dumps({"id": 1, "params": {"service": "test", "method": "none", "args": []}}).encode()

    answer = send(validated_server, "POST", "/jsonrpc", body, {"Content-Type": "application/json"})

    assert json.loads(answer.body) == {"jsonrpc": "2.0", "id": 1}


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", "/nowhere", None, 404),
        ("GET", "/xmlrpc/2/object", None, 405),
        ("POST", "/jsonrpc", b"{}", 400),
        ("HEAD", "/health", None, 200),
        ("GET", "/web/version", None, 200),
    ],
)
def test_http_errors_and_plain_routes(
    validated_server: Server, method: str, path: str, body: bytes | None, status: int
) -> None:
    assert send(validated_server, method, path, body).status == status


def test_an_announced_oversized_body_is_refused_unread(validated_server: Server) -> None:
    headers = {"Content-Length": str(MAX_REQUEST_SIZE + 1)}

    assert send(validated_server, "POST", "/xmlrpc/2/object", b"x", headers).status == 413
