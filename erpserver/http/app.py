"""The WSGI application: route table in, one response per request out, whatever happens.

``make_app`` writes the route table as a literal list, as Starlette apps do, so the whole HTTP
surface of the server reads in one place. The application itself only routes, negotiates
response compression, logs, and makes sure an unexpected error still gets an answer.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from erpserver.config import Config
from erpserver.http import compression
from erpserver.http.endpoints import RpcEndpoints, health
from erpserver.http.errors import HTTPError
from erpserver.http.request import Request
from erpserver.http.response import Response
from erpserver.http.routing import Route, Router
from erpserver.service.contract import Dispatcher

logger = logging.getLogger("erpserver.http")

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def make_app(config: Config, dispatcher: Dispatcher) -> WSGIApp:
    """The erpserver WSGI application: Odoo 17's external API over ``dispatcher``."""
    rpc = RpcEndpoints(config, dispatcher)
    routes = [
        Route("/xmlrpc/2/{service}", rpc.xmlrpc_v2, methods=["POST"]),
        Route("/xmlrpc/{service}", rpc.xmlrpc_legacy, methods=["POST"]),
        Route("/jsonrpc", rpc.jsonrpc_call, methods=["POST"]),
        Route("/web/webclient/version_info", rpc.version_info, methods=["POST"]),
        Route("/web/database/list", rpc.database_list, methods=["POST"]),
        Route("/web/version", rpc.web_version, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
    ]
    return Application(routes, config)


class Application:
    def __init__(self, routes: Sequence[Route], config: Config) -> None:
        self.router = Router(routes)
        self.config = config

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        request = Request(environ, self.config)
        response = _compressed(self._respond(request), request.header("Accept-Encoding"))
        start_response(response.status_line, response.wsgi_headers())
        logger.debug(
            "%s %s %d %dB %.1fms",
            request.method,
            request.path,
            response.status,
            len(response.body),
            (time.perf_counter() - started) * 1000,
        )
        body = [] if request.method == "HEAD" else [response.body]
        return _ThenRun(body, request.after_answer) if request.after_answer else body

    def _respond(self, request: Request) -> Response:
        try:
            route, request.path_params = self.router.resolve(request.method, request.path)
            return route.endpoint(request)
        except HTTPError as exc:
            return exc.response()
        except Exception:
            # Endpoints answer their own errors; this is the net under a bug in them.
            logger.exception("unhandled error on %s %s", request.method, request.path)
            return Response.text("500 Internal Server Error", 500)


class _ThenRun(list[bytes]):
    """A response body whose ``close()`` (the server calls it once the body is sent) runs what the
    call left for after its answer: a read-only transaction's commit, which then costs the client
    no wait."""

    def __init__(self, body: list[bytes], after_answer: list[Callable[[], None]]) -> None:
        super().__init__(body)
        self._after_answer = after_answer

    def close(self) -> None:
        while self._after_answer:
            task = self._after_answer.pop(0)
            try:
                task()
            except Exception:
                logger.exception("after an answer")


def _compressed(response: Response, accept_encoding: str) -> Response:
    """``response`` compressed as the client allows, when it is big enough to be worth it."""
    if len(response.body) < compression.MIN_COMPRESSED_SIZE or response.header("Content-Encoding"):
        return response
    headers = [*response.headers, ("Vary", "Accept-Encoding")]
    coding = compression.negotiate(accept_encoding)
    if coding is None:
        return Response(response.body, response.status, response.content_type, headers)
    body = compression.compress(response.body, coding)
    headers.append(("Content-Encoding", coding))
    return Response(body, response.status, response.content_type, headers)
