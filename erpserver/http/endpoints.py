"""The endpoints: each reads the body, picks a codec, calls the dispatcher, returns bytes.

The codec's encoder is passed to the dispatcher as ``marshal``, so the answer is produced inside
the service's transaction (spec README, decision 5). Once the body is read, nothing a call does
becomes an HTTP error: XML-RPC answers a fault and JSON-RPC an error object, both with HTTP 200,
which is what every client expects.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from erpserver.config import Config
from erpserver.exceptions import DatabaseNotFound
from erpserver.http.errors import BadRequest
from erpserver.http.request import Request
from erpserver.http.response import JSON, XML, Response
from erpserver.protocols import faults, jsonrpc, xmlrpc
from erpserver.service.contract import Dispatcher

logger = logging.getLogger("erpserver.http")

JSON_CONTENT_TYPES = frozenset({"application/json", "application/json-rpc"})

Call = tuple[str, str, list[Any]]


class RpcEndpoints:
    """The RPC routes of one application, sharing its configuration and dispatcher."""

    def __init__(self, config: Config, dispatcher: Dispatcher) -> None:
        self._config = config
        self._dispatcher = dispatcher

    def xmlrpc_v2(self, request: Request) -> Response:
        """``/xmlrpc/2/<service>``: integer fault codes."""
        return self._xmlrpc(request, legacy=False)

    def xmlrpc_legacy(self, request: Request) -> Response:
        """``/xmlrpc/<service>``: string fault codes (odooly 2.5, ERPpeek, odoo-client-lib)."""
        return self._xmlrpc(request, legacy=True)

    def jsonrpc_call(self, request: Request) -> Response:
        """``/jsonrpc``: the envelope of OdooRPC and odooly 2.6, ``{"service", "method", "args"}``."""
        envelope = self._envelope(request)
        return self._json_call(request, envelope, lambda: jsonrpc.call_arguments(envelope.params))

    def version_info(self, request: Request) -> Response:
        """``/web/webclient/version_info``: OdooRPC's first call."""
        envelope = self._envelope(request)
        return self._json_call(request, envelope, lambda: ("common", "version", []))

    def database_list(self, request: Request) -> Response:
        """``/web/database/list``: odooly 2.6 asks it (and ignores its errors)."""
        envelope = self._envelope(request)
        return self._json_call(request, envelope, lambda: ("db", "list", []))

    def web_version(self, request: Request) -> Response:
        """``GET /web/version``: a plain JSON document, the newest clients' version probe."""

        def marshal(info: Any) -> bytes:
            return jsonrpc.encode_document(
                {"version_info": info["server_version_info"], "version": info["server_version"]}
            )

        return Response(self._dispatch(request, ("common", "version", []), marshal), content_type=JSON)

    def _xmlrpc(self, request: Request, *, legacy: bool) -> Response:
        body = request.body()
        service = request.path_params["service"]
        payload = self._answer(
            request,
            decode=lambda: (service, *xmlrpc.decode_request(body)),
            marshal=xmlrpc.encode_result,
            encode_error=functools.partial(
                xmlrpc.encode_fault, legacy=legacy, tracebacks=self._config.rpc_tracebacks
            ),
        )
        return Response(payload, content_type=XML)

    def _envelope(self, request: Request) -> jsonrpc.Envelope:
        media_type = request.header("Content-Type").partition(";")[0].strip().lower()
        if media_type not in JSON_CONTENT_TYPES:
            raise BadRequest(f"{request.path} is a JSON-RPC route: send Content-Type application/json")
        try:
            return jsonrpc.read_envelope(request.body())
        except jsonrpc.InvalidRequest as exc:
            raise BadRequest(str(exc))

    def _json_call(
        self, request: Request, envelope: jsonrpc.Envelope, decode: Callable[[], Call]
    ) -> Response:
        payload = self._answer(
            request,
            decode=decode,
            marshal=functools.partial(jsonrpc.encode_result, envelope.id),
            encode_error=functools.partial(
                jsonrpc.encode_error, envelope.id, tracebacks=self._config.rpc_tracebacks
            ),
        )
        return Response(payload, content_type=JSON)

    def _answer(
        self,
        request: Request,
        *,
        decode: Callable[[], Call],
        marshal: Callable[[Any], bytes],
        encode_error: Callable[[Exception], bytes],
    ) -> bytes:
        """Decode the call, dispatch it, and turn any exception into the codec's error answer."""
        try:
            call = decode()
        except Exception as exc:
            logger.debug("%s %s: unreadable call: %s", request.method, request.path, faults.safe_text(exc))
            return encode_error(exc)
        try:
            return self._dispatch(request, call, marshal)
        except Exception as exc:
            _log_failure(call, exc)
            return encode_error(exc)

    def _dispatch(self, request: Request, call: Call, marshal: Callable[[Any], bytes]) -> bytes:
        service, method, params = call
        payload = self._dispatcher(service, method, params, marshal=marshal, caller=request.caller)
        if not isinstance(payload, bytes):
            raise TypeError(f"the dispatcher returned {type(payload).__name__}, not the marshalled bytes")
        return payload


def health(request: Request) -> Response:
    """``GET /health``: for load balancers; touches no database."""
    return Response.text("ok")


def _log_failure(call: Call, exc: Exception) -> None:
    """Application errors reach clients without a traceback by default: keep it in the log."""
    service, method, _params = call
    if isinstance(exc, DatabaseNotFound):  # the caller's mistake, not ours: one line is enough
        logger.info("%s.%s: %s", service, method, faults.safe_text(exc))
    elif faults.describe(exc).code == faults.APPLICATION_ERROR:
        logger.error("%s.%s failed", service, method, exc_info=exc)
    else:
        logger.debug("%s.%s raised %s", service, method, faults.safe_text(exc))
