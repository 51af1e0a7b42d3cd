"""Routing, the application's safety net and its request log, called in-process."""

from __future__ import annotations

import io
import logging
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest

from erpserver.http.app import Application
from erpserver.http.errors import MethodNotAllowed, NotFound
from erpserver.http.request import Request
from erpserver.http.response import Response
from erpserver.http.routing import Match, Route, Router
from tests.http.rpc_test_app import create_app, limited_config


def endpoint(request: Request) -> Response:
    return Response.text(f"service={request.path_params.get('service')}")


def crash(request: Request) -> Response:
    raise RuntimeError("a bug in an endpoint")


def call(
    app: Any, method: str, path: str, body: bytes = b"", **headers: str
) -> tuple[str, dict[str, str], bytes]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        **{"HTTP_" + name.upper(): value for name, value in headers.items()},
    }
    setup_testing_defaults(environ)
    started: list[tuple[str, dict[str, str]]] = []

    def start_response(status: str, response_headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        started.append((status, dict(response_headers)))

    body_out = b"".join(app(environ, start_response))
    status, response_headers = started[0]
    return status, response_headers, body_out


def test_route_matches_fully_partially_or_not() -> None:
    route = Route("/xmlrpc/2/{service}", endpoint, methods=["POST"])

    assert route.matches("POST", "/xmlrpc/2/object") == (Match.FULL, {"service": "object"})
    assert route.matches("GET", "/xmlrpc/2/object") == (Match.PARTIAL, {"service": "object"})
    assert route.matches("POST", "/xmlrpc/2/object/x")[0] is Match.NONE
    assert route.matches("POST", "/xmlrpc/2/")[0] is Match.NONE


def test_a_get_route_also_answers_head() -> None:
    assert Route("/health", endpoint, methods=["GET"]).methods == {"GET", "HEAD"}


def test_route_literal_parts_are_not_patterns() -> None:
    route = Route("/web/version", endpoint, methods=["GET"])

    assert route.matches("GET", "/webXversion")[0] is Match.NONE


def test_router_picks_the_first_full_match() -> None:
    router = Router(
        [Route("/xmlrpc/2/{service}", endpoint, ["POST"]), Route("/xmlrpc/{service}", crash, ["POST"])]
    )

    route, params = router.resolve("POST", "/xmlrpc/2/db")

    assert (route.endpoint, params) == (endpoint, {"service": "db"})
    assert router.resolve("POST", "/xmlrpc/db")[0].endpoint is crash


def test_router_collects_allowed_methods_for_405() -> None:
    router = Router([Route("/x", endpoint, ["POST"]), Route("/x", endpoint, ["PUT"])])

    with pytest.raises(MethodNotAllowed) as raised:
        router.resolve("GET", "/x")

    assert raised.value.response().header("Allow") == "POST, PUT"


def test_router_404() -> None:
    with pytest.raises(NotFound):
        Router([]).resolve("GET", "/x")


def test_an_endpoint_crash_is_a_500_and_the_app_keeps_serving(caplog: pytest.LogCaptureFixture) -> None:
    app = Application([Route("/crash", crash, ["GET"]), Route("/ok", endpoint, ["GET"])], limited_config())

    with caplog.at_level(logging.ERROR, logger="erpserver.http"):
        status, headers, body = call(app, "GET", "/crash")

    assert status == "500 Internal Server Error"
    assert body == b"500 Internal Server Error"
    assert headers["Content-Length"] == str(len(body))
    assert "a bug in an endpoint" in caplog.text
    assert call(app, "GET", "/ok")[0] == "200 OK"


def test_one_debug_line_per_request_with_its_duration(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="erpserver.http"):
        call(create_app(), "GET", "/health")

    lines = [record.getMessage() for record in caplog.records if record.name == "erpserver.http"]
    assert len(lines) == 1
    assert lines[0].startswith("GET /health 200 2B ")
    assert lines[0].endswith("ms")


def test_application_errors_are_logged_with_their_traceback(caplog: pytest.LogCaptureFixture) -> None:
    body = b"<methodCall><methodName>raise</methodName><params><param><value>ValueError</value></param></params></methodCall>"

    with caplog.at_level(logging.ERROR, logger="erpserver.http"):
        status, _headers, _body = call(create_app(), "POST", "/xmlrpc/2/test", body)

    assert status == "200 OK"
    assert [record.exc_info is not None for record in caplog.records] == [True]
    assert "test.raise failed" in caplog.text


def test_user_errors_are_not_logged_as_errors(caplog: pytest.LogCaptureFixture) -> None:
    body = b"<methodCall><methodName>raise</methodName><params><param><value>UserError</value></param><param><value>no</value></param></params></methodCall>"

    with caplog.at_level(logging.INFO, logger="erpserver.http"):
        call(create_app(), "POST", "/xmlrpc/2/test", body)

    assert caplog.records == []


def test_tracebacks_reach_clients_only_when_configured() -> None:
    body = b"<methodCall><methodName>raise</methodName><params><param><value>ValueError</value></param></params></methodCall>"

    _status, _headers, hidden = call(create_app(), "POST", "/xmlrpc/2/test", body)
    _status, _headers, shown = call(create_app(rpc_tracebacks=True), "POST", "/xmlrpc/2/test", body)

    assert b"Traceback" not in hidden
    assert b"Traceback (most recent call last)" in shown


def test_a_request_without_length_has_an_empty_body() -> None:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/xmlrpc/2/common",
        "wsgi.input": io.BytesIO(b"ignored"),
    }
    setup_testing_defaults(environ)
    environ.pop("CONTENT_LENGTH", None)

    assert Request(environ, limited_config()).body() == b""


@pytest.mark.parametrize(
    ("length", "status"), [("abc", "400 Bad Request"), ("-1", "400 Bad Request"), ("99", "400 Bad Request")]
)
def test_bad_content_lengths(length: str, status: str) -> None:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/xmlrpc/2/common",
        "wsgi.input": io.BytesIO(b"short"),
    }
    setup_testing_defaults(environ)
    environ["CONTENT_LENGTH"] = length

    assert call_environ(create_app(), environ) == status


def call_environ(app: Any, environ: dict[str, Any]) -> str:
    started: list[str] = []
    b"".join(app(environ, lambda status, headers, exc_info=None: started.append(status)))
    return started[0]


def test_an_unknown_database_is_one_log_line_without_a_traceback(caplog: pytest.LogCaptureFixture) -> None:
    body = (b"<methodCall><methodName>raise</methodName><params><param><value>DatabaseNotFound</value></param>"
            b"<param><value>nope</value></param></params></methodCall>")

    with caplog.at_level(logging.DEBUG, logger="erpserver.http"):
        status, _headers, _body = call(create_app(), "POST", "/xmlrpc/2/test", body)

    failures = [record for record in caplog.records if "test.raise" in record.getMessage()]
    assert status == "200 OK"
    assert [(record.levelno, record.exc_info) for record in failures] == [(logging.INFO, None)]
