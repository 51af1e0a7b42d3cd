"""Request size limits and compressed request bodies, through gunicorn and in-process."""

from __future__ import annotations

import gzip
import io
import time
import tracemalloc
import xmlrpc.client
import zlib
from collections.abc import Iterator
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest

from tests.http.client import Server, exchange, send
from tests.http.rpc_test_app import MAX_INFLATED_SIZE, MAX_REQUEST_SIZE, create_app

XML_HEADERS = {"Content-Type": "text/xml"}


def echo_call(text: str) -> bytes:
    return xmlrpc.client.dumps((text,), "echo").encode()


def read_result(body: bytes) -> Any:
    (value,), _method = xmlrpc.client.loads(body)
    return value


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """100 MB of zeros in about 100 KB, built without holding the 100 MB."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(1024 * 1024)
    parts = [compressor.compress(zeros) for _ in range(100)]
    parts.append(compressor.flush())
    return b"".join(parts)


def test_a_gzip_request_from_the_stdlib_client(echo_server: Server) -> None:
    transport = xmlrpc.client.Transport()
    transport.encode_threshold = 0  # the client gzips every request body
    text = "compressed " * 200

    with xmlrpc.client.ServerProxy(echo_server.url("/xmlrpc/2/test"), transport=transport) as service:
        assert service.echo(text) == text


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(zlib.compress, id="zlib deflate"),
        pytest.param(lambda data: zlib.compress(data)[2:-4], id="raw deflate"),
    ],
)
def test_a_deflate_request(echo_server: Server, encode: Any) -> None:
    answer = send(
        echo_server,
        "POST",
        "/xmlrpc/2/test",
        encode(echo_call("hi")),
        {**XML_HEADERS, "Content-Encoding": "deflate"},
    )

    assert read_result(answer.body) == "hi"


def test_a_chunked_request(echo_server: Server) -> None:
    body = echo_call("chunked")
    connection = echo_server.connection()
    try:
        connection.request(
            "POST",
            "/xmlrpc/2/test",
            body=iter([body[:10], body[10:]]),
            headers=XML_HEADERS,
            encode_chunked=True,
        )
        with connection.getresponse() as response:
            assert read_result(response.read()) == "chunked"
    finally:
        connection.close()


def test_a_body_beyond_the_limit_is_413(echo_server: Server) -> None:
    answer = send(echo_server, "POST", "/xmlrpc/2/test", b"x" * (MAX_REQUEST_SIZE + 1), XML_HEADERS)

    assert answer.status == 413
    assert answer.body
    # The unread body is the echo_server's to skip (gunicorn drains 64 KiB, then closes the
    # connection), so the next call comes on a new connection.
    assert read_result(send(echo_server, "POST", "/xmlrpc/2/test", echo_call("next")).body) == "next"


def test_a_body_at_the_limit_is_read(echo_server: Server) -> None:
    body = echo_call("")
    padded = body.replace(b"<methodCall>", b"<methodCall>" + b" " * (MAX_REQUEST_SIZE - len(body)))

    answer = send(echo_server, "POST", "/xmlrpc/2/test", padded, XML_HEADERS)

    assert answer.status == 200
    assert read_result(answer.body) == ""


def test_a_chunked_body_beyond_the_limit_is_413(echo_server: Server) -> None:
    chunk = b" " * (64 * 1024)
    chunks = (chunk for _ in range(MAX_REQUEST_SIZE // len(chunk) + 2))
    connection = echo_server.connection()
    try:
        connection.request("POST", "/xmlrpc/2/test", body=chunks, headers=XML_HEADERS, encode_chunked=True)
        with connection.getresponse() as response:
            response.read()
            assert response.status == 413
    finally:
        connection.close()


def test_a_gzip_bomb_is_413_quickly(echo_server: Server, gzip_bomb: bytes) -> None:
    started = time.monotonic()

    answer = send(
        echo_server, "POST", "/xmlrpc/2/test", gzip_bomb, {**XML_HEADERS, "Content-Encoding": "gzip"}
    )

    assert answer.status == 413
    assert time.monotonic() - started < 2


def test_a_gzip_bomb_costs_bounded_memory(gzip_bomb: bytes) -> None:
    app = create_app()
    environ = wsgi_environ(gzip_bomb, HTTP_CONTENT_ENCODING="gzip")

    tracemalloc.start()
    try:
        status, body = call_app(app, environ)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert status.startswith("413")
    assert body
    assert peak < 3 * MAX_INFLATED_SIZE + len(gzip_bomb) * 2


def test_a_body_inflating_within_the_cap_is_accepted(echo_server: Server) -> None:
    text = "a" * (MAX_INFLATED_SIZE // 2)

    answer = send(
        echo_server,
        "POST",
        "/xmlrpc/2/test",
        gzip.compress(echo_call(text)),
        {**XML_HEADERS, "Content-Encoding": "gzip"},
    )

    assert read_result(answer.body) == text


@pytest.mark.parametrize(
    ("body", "encoding", "status"),
    [
        pytest.param(b"definitely not gzip", "gzip", 400, id="corrupt gzip"),
        pytest.param(gzip.compress(echo_call("cut"))[:-12], "gzip", 400, id="truncated gzip"),
        pytest.param(b"\x78\x9c garbage", "deflate", 400, id="corrupt deflate"),
        pytest.param(echo_call("x"), "br", 415, id="unsupported coding"),
    ],
)
def test_bad_compressed_bodies(echo_server: Server, body: bytes, encoding: str, status: int) -> None:
    connection = echo_server.connection()
    try:
        answer = exchange(
            connection, "POST", "/xmlrpc/2/test", body, {**XML_HEADERS, "Content-Encoding": encoding}
        )
        assert answer.status == status
        assert answer.body
        assert read_result(exchange(connection, "POST", "/xmlrpc/2/test", echo_call("next")).body) == "next"
    finally:
        connection.close()


def wsgi_environ(body: bytes, **extra: str) -> dict[str, Any]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/xmlrpc/2/test",
        "CONTENT_TYPE": "text/xml",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        **extra,
    }
    setup_testing_defaults(environ)
    return environ


def call_app(app: Any, environ: dict[str, Any]) -> tuple[str, bytes]:
    started: list[str] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        started.append(status)

    chunks: Iterator[bytes] = iter(app(environ, start_response))
    return started[0], b"".join(chunks)
