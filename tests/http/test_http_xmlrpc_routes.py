"""Both XML-RPC routes through gunicorn, with the stdlib client real Python scripts use."""

from __future__ import annotations

import xmlrpc.client
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.http.client import Server, send
from tests.http.rpc_test_app import VERSION

XML = "text/xml; charset=utf-8"


@contextmanager
def proxy(server: Server, path: str, **options: object) -> Iterator[xmlrpc.client.ServerProxy]:
    with xmlrpc.client.ServerProxy(server.url(path), **options) as client:
        yield client


def call_body(method: str, params_xml: str = "") -> bytes:
    return f"<?xml version='1.0'?><methodCall><methodName>{method}</methodName><params>{params_xml}</params></methodCall>".encode()


@pytest.mark.parametrize("path", ["/xmlrpc/2/common", "/xmlrpc/common"])
def test_version_on_both_routes(echo_server: Server, path: str) -> None:
    with proxy(echo_server, path) as common:
        assert common.version() == VERSION


def test_db_service_is_routed(echo_server: Server) -> None:
    with proxy(echo_server, "/xmlrpc/2/db") as db:
        assert db.list() == ["demo"]


def test_values_round_trip_through_the_stdlib_client(echo_server: Server) -> None:
    sent = {"name": "Zürich <&>", "ids": [1, 2, 3], "nested": {"flag": True, "rate": 0.5}, "empty": []}

    with proxy(echo_server, "/xmlrpc/2/test") as service:
        assert service.echo(sent) == sent


def test_nil_in_a_request_and_none_in_a_result(echo_server: Server) -> None:
    with proxy(echo_server, "/xmlrpc/2/test", allow_none=True) as service:
        assert service.echo([None, 1]) == [False, 1]
        assert service.none() is False


def test_i8_in_a_request_comes_back_as_a_double(echo_server: Server) -> None:
    body = call_body("echo", "<param><value><i8>4294967296</i8></value></param>")

    answer = send(echo_server, "POST", "/xmlrpc/2/test", body, {"Content-Type": "text/xml"})

    assert b"<double>4294967296.0</double>" in answer.body
    assert b"<i8>" not in answer.body


def test_answer_headers(echo_server: Server) -> None:
    answer = send(echo_server, "POST", "/xmlrpc/2/common", call_body("version"), {"Content-Type": "text/xml"})

    assert answer.status == 200
    assert answer.headers["Content-Type"] == XML
    assert int(answer.headers["Content-Length"]) == len(answer.body)
    assert answer.body.startswith(b"<?xml version='1.0'?>")


def test_caller_info_reaches_the_dispatcher(echo_server: Server) -> None:
    with proxy(echo_server, "/xmlrpc/2/test") as service:
        remote_addr, user_agent = service.caller()

    assert remote_addr == "127.0.0.1"
    assert user_agent.startswith("Python-xmlrpc/")


@pytest.mark.parametrize(
    ("exception", "code", "text"),
    [
        ("UserError", 2, "Nope"),
        ("ValidationError", 2, "Nope"),
        ("MissingError", 2, "Nope"),
        ("AccessDenied", 3, "Nope"),
        ("AccessError", 4, "Nope"),
        ("ValueError", 1, "ValueError: Nope"),
    ],
)
def test_faults_on_xmlrpc2(echo_server: Server, exception: str, code: int, text: str) -> None:
    with proxy(echo_server, "/xmlrpc/2/test") as service, pytest.raises(xmlrpc.client.Fault) as raised:
        getattr(service, "raise")(exception, "Nope")

    assert (raised.value.faultCode, raised.value.faultString) == (code, text)


@pytest.mark.parametrize(
    ("exception", "code", "text"),
    [
        ("UserError", "warning -- UserError\n\nNope", ""),
        ("MissingError", "warning -- MissingError\n\nNope", ""),
        ("AccessError", "warning -- AccessError\n\nNope", ""),
        ("AccessDenied", "AccessDenied", "Nope"),
        ("ValueError", "Nope", "ValueError: Nope"),
    ],
)
def test_faults_on_the_legacy_route(echo_server: Server, exception: str, code: str, text: str) -> None:
    with proxy(echo_server, "/xmlrpc/test") as service, pytest.raises(xmlrpc.client.Fault) as raised:
        getattr(service, "raise")(exception, "Nope")

    assert (raised.value.faultCode, raised.value.faultString) == (code, text)


def test_a_fault_is_http_200_text_xml(echo_server: Server) -> None:
    body = call_body("raise", "<param><value>AccessError</value></param><param><value>No</value></param>")

    answer = send(echo_server, "POST", "/xmlrpc/2/test", body, {"Content-Type": "text/xml"})

    assert answer.status == 200
    assert answer.headers["Content-Type"] == XML
    assert b"<name>faultCode</name>\n<value><int>4</int></value>" in answer.body


def test_unknown_service_is_left_to_the_dispatcher(echo_server: Server) -> None:
    with proxy(echo_server, "/xmlrpc/2/report") as report, pytest.raises(xmlrpc.client.Fault) as raised:
        report.render()

    assert raised.value.faultCode == 1
    assert raised.value.faultString == "KeyError: 'Method not found: report.render'"


@pytest.mark.parametrize(
    ("method", "text"),
    [
        ("unmarshallable", "TypeError: cannot marshal <class 'object'> objects"),
        ("misbehave", "TypeError: the dispatcher returned str, not the marshalled bytes"),
    ],
)
def test_a_result_that_cannot_go_out_is_a_fault(echo_server: Server, method: str, text: str) -> None:
    with proxy(echo_server, "/xmlrpc/2/test") as service, pytest.raises(xmlrpc.client.Fault) as raised:
        getattr(service, method)()

    assert (raised.value.faultCode, raised.value.faultString) == (1, text)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"<methodCall><methodName>version</methodName>", id="truncated"),
        pytest.param(
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><methodCall><methodName>&a;</methodName></methodCall>',
            id="entity declaration",
        ),
    ],
)
def test_malformed_xml_is_fault_1_with_http_200(echo_server: Server, body: bytes) -> None:
    answer = send(echo_server, "POST", "/xmlrpc/2/common", body, {"Content-Type": "text/xml"})

    assert answer.status == 200
    with pytest.raises(xmlrpc.client.Fault) as raised:
        xmlrpc.client.loads(answer.body)
    assert raised.value.faultCode == 1
    assert raised.value.faultString.startswith("MalformedRequest: ")


@pytest.mark.parametrize("path", ["/xmlrpc/2/common", "/xmlrpc/object"])
def test_get_is_405_with_allow_post(echo_server: Server, path: str) -> None:
    answer = send(echo_server, "GET", path)

    assert answer.status == 405
    assert answer.headers["Allow"] == "POST"
    assert answer.body
