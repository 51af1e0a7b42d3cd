"""Answers are compressed only when the client asks, in the format it asked for."""

from __future__ import annotations

import gzip
import json
import xmlrpc.client
import zlib
from typing import Any

import pytest

from tests.http.client import Answer, Server, send

BIG = 5000


def text_call(size: int) -> bytes:
    return xmlrpc.client.dumps((size,), "text").encode()


def ask(server: Server, size: int, accept_encoding: str | None) -> Answer:
    headers = {"Content-Type": "text/xml"}
    if accept_encoding is not None:
        headers["Accept-Encoding"] = accept_encoding
    return send(server, "POST", "/xmlrpc/2/test", text_call(size), headers)


def read_result(body: bytes) -> Any:
    (value,), _method = xmlrpc.client.loads(body)
    return value


@pytest.mark.parametrize(
    ("accept_encoding", "coding", "decompress"),
    [
        pytest.param("gzip", "gzip", gzip.decompress, id="Python: gzip"),
        pytest.param("gzip;q=1.0,deflate;q=0.6,identity;q=0.3", "gzip", gzip.decompress, id="Ruby"),
        pytest.param("deflate", "deflate", zlib.decompress, id="RPC::XML: zlib deflate"),
        pytest.param("gzip;q=0, deflate", "deflate", zlib.decompress, id="gzip refused"),
        pytest.param("*", "gzip", gzip.decompress, id="anything"),
    ],
)
def test_big_answers_are_compressed_as_asked(
    echo_server: Server, accept_encoding: str, coding: str, decompress: Any
) -> None:
    answer = ask(echo_server, BIG, accept_encoding)

    assert answer.headers["Content-Encoding"] == coding
    assert answer.headers["Vary"] == "Accept-Encoding"
    assert int(answer.headers["Content-Length"]) == len(answer.body) < BIG
    assert read_result(decompress(answer.body)) == "x" * BIG


@pytest.mark.parametrize("accept_encoding", [None, "identity", "br", "gzip;q=0"])
def test_big_answers_stay_plain_when_not_asked(echo_server: Server, accept_encoding: str | None) -> None:
    answer = ask(echo_server, BIG, accept_encoding)

    assert answer.headers["Content-Encoding"] is None
    assert answer.headers["Vary"] == "Accept-Encoding"
    assert read_result(answer.body) == "x" * BIG


def test_small_answers_are_never_compressed(echo_server: Server) -> None:
    answer = ask(echo_server, 10, "gzip")

    assert answer.headers["Content-Encoding"] is None
    assert read_result(answer.body) == "x" * 10


def test_the_stdlib_client_reads_gzip_answers(echo_server: Server) -> None:
    with xmlrpc.client.ServerProxy(echo_server.url("/xmlrpc/2/test")) as service:
        assert service.text(100_000) == "x" * 100_000


def test_json_answers_are_compressed_too(echo_server: Server) -> None:
    body = b'{"jsonrpc": "2.0", "id": 1, "params": {"service": "test", "method": "text", "args": [5000]}}'

    answer = send(
        echo_server, "POST", "/jsonrpc", body, {"Content-Type": "application/json", "Accept-Encoding": "gzip"}
    )

    assert answer.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(answer.body))["result"] == "x" * 5000
