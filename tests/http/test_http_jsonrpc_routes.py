"""``/jsonrpc`` and the web routes OdooRPC and odooly 2.6 use, through gunicorn."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.http.client import Answer, Server, send
from tests.http.rpc_test_app import VERSION

JSON_HEADERS = {"Content-Type": "application/json"}


def post_json(server: Server, path: str, payload: Any, headers: dict[str, str] | None = None) -> Answer:
    return send(server, "POST", path, json.dumps(payload).encode(), headers or JSON_HEADERS)


def rpc(service: str, method: str, *args: Any, request_id: Any = 1) -> dict[str, Any]:
    return {
        "jsonrpc": "2.0",
        "method": "call",
        "id": request_id,
        "params": {"service": service, "method": method, "args": list(args)},
    }


def test_jsonrpc_call(echo_server: Server) -> None:
    answer = post_json(echo_server, "/jsonrpc", rpc("common", "version", request_id="a7"))

    assert answer.status == 200
    assert answer.headers["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(answer.body) == {"jsonrpc": "2.0", "id": "a7", "result": VERSION}


def test_jsonrpc_result_key_is_omitted_for_none(echo_server: Server) -> None:
    answer = post_json(echo_server, "/jsonrpc", rpc("test", "none", request_id=17))

    assert json.loads(answer.body) == {"jsonrpc": "2.0", "id": 17}


def test_jsonrpc_values(echo_server: Server) -> None:
    sent = {"name": "東京", "big": 2**40, "nested": [{"x": None}]}

    answer = post_json(echo_server, "/jsonrpc", rpc("test", "echo", sent))

    assert json.loads(answer.body)["result"] == sent
    assert "東京".encode() in answer.body


@pytest.mark.parametrize(
    "content_type", ["application/json-rpc", "application/json; charset=utf-8", "Application/JSON"]
)
def test_jsonrpc_json_media_types(echo_server: Server, content_type: str) -> None:
    answer = post_json(echo_server, "/jsonrpc", rpc("db", "list"), {"Content-Type": content_type})

    assert json.loads(answer.body)["result"] == ["demo"]


def test_jsonrpc_error_object(echo_server: Server) -> None:
    answer = post_json(echo_server, "/jsonrpc", rpc("test", "raise", "AccessDenied", request_id=3))

    assert answer.status == 200
    error = json.loads(answer.body)["error"]
    assert error["code"] == 200
    assert error["message"] == "Odoo Server Error"
    assert error["data"]["name"] == "odoo.exceptions.AccessDenied"
    assert error["data"]["message"] == "Access Denied"
    assert error["data"]["debug"] == ""


def test_jsonrpc_missing_args_is_a_type_error_object(echo_server: Server) -> None:
    payload = {"jsonrpc": "2.0", "id": 9, "params": {"service": "common", "method": "version"}}

    answer = post_json(echo_server, "/jsonrpc", payload)

    assert answer.status == 200
    body = json.loads(answer.body)
    assert body["id"] == 9
    assert body["error"]["data"]["name"] == "builtins.TypeError"
    assert "'args'" in body["error"]["data"]["message"]


@pytest.mark.parametrize(
    ("body", "headers", "text"),
    [
        pytest.param(b"{broken", JSON_HEADERS, b"Invalid JSON data", id="invalid JSON"),
        pytest.param(b"[1]", JSON_HEADERS, b"Invalid JSON-RPC data", id="not an object"),
        pytest.param(b"{}", {"Content-Type": "text/plain"}, b"application/json", id="text/plain"),
        pytest.param(b"{}", {}, b"application/json", id="no content type"),
    ],
)
def test_jsonrpc_bad_requests_are_400(
    echo_server: Server, body: bytes, headers: dict[str, str], text: bytes
) -> None:
    answer = send(echo_server, "POST", "/jsonrpc", body, headers)

    assert answer.status == 400
    assert text in answer.body


def test_get_jsonrpc_is_405(echo_server: Server) -> None:
    answer = send(echo_server, "GET", "/jsonrpc")

    assert answer.status == 405
    assert answer.headers["Allow"] == "POST"


def test_webclient_version_info(echo_server: Server) -> None:
    answer = post_json(echo_server, "/web/webclient/version_info", {"jsonrpc": "2.0", "id": 1, "params": {}})

    assert json.loads(answer.body)["result"]["server_version"] == "17.0"


def test_web_database_list(echo_server: Server) -> None:
    answer = post_json(echo_server, "/web/database/list", {"jsonrpc": "2.0", "id": 2, "params": {}})

    assert json.loads(answer.body) == {"jsonrpc": "2.0", "id": 2, "result": ["demo"]}


def test_web_version(echo_server: Server) -> None:
    answer = send(echo_server, "GET", "/web/version")

    assert answer.status == 200
    assert answer.headers["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(answer.body) == {"version_info": [17, 0, 0, "final", 0, ""], "version": "17.0"}


def test_health(echo_server: Server) -> None:
    answer = send(echo_server, "GET", "/health")

    assert (answer.status, answer.body) == (200, b"ok")
    assert answer.headers["Content-Type"] == "text/plain; charset=utf-8"


def test_head_health_has_no_body(echo_server: Server) -> None:
    answer = send(echo_server, "HEAD", "/health")

    assert (answer.status, answer.body) == (200, b"")


@pytest.mark.parametrize(
    "path", ["/", "/xmlrpc/2/object/extra", "/json/2/res.partner/search", "/doc/res.device.json"]
)
def test_unknown_paths_are_404_with_a_body(echo_server: Server, path: str) -> None:
    answer = send(echo_server, "POST", path, b"{}", JSON_HEADERS)

    assert answer.status == 404
    assert answer.body.startswith(b"404 Not Found")
