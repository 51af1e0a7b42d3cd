"""The JSON-RPC codec of ``/jsonrpc`` and the web routes: envelope in, envelope out, no I/O.

Requests are ``{"jsonrpc": "2.0", "method": "call", "id": ..., "params": {"service", "method",
"args"}}``; the envelope's own ``method`` is ignored, as Odoo ignores it. Answers follow Odoo 17:
the ``result`` key is left out when the result is None, and errors are an ``error`` object with
code 200 and ``data.name``/``data.message``, the fields OdooRPC and odooly read.

Answers go through orjson first, about twenty times quicker than the standard library on a page
of records, and fall back to the standard ``json`` module for whatever orjson refuses (ints
beyond 64 bits, lone surrogates, keys that are not strings, nesting deeper than 254): what is
encoded or refused, and the errors raised, stay the standard module's. Requests too: orjson
reads them unless they hold a run of 19 digits or more (it would read an int beyond 64 bits as a
float), and whatever it refuses (NaN, lone surrogates, UTF-16) the standard module reads or
refuses as before. One difference is on purpose: NaN and infinities go out as ``null``, which every JSON parser reads,
where the standard module writes ``NaN``, which JavaScript, PHP and Ruby refuse.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

import orjson

from erpserver.protocols import faults
from erpserver.protocols.values import date_text, datetime_text

CALL_KEYS = ("service", "method", "args")


class InvalidRequest(ValueError):
    """The body is not a JSON-RPC request at all: answered with HTTP 400 and this very text."""


class Envelope(NamedTuple):
    """A JSON-RPC request: the ``id`` to echo and the ``params`` to interpret."""

    id: Any
    params: Any


def read_envelope(body: bytes) -> Envelope:
    """Parse the request body; raises ``InvalidRequest`` with Odoo's two texts."""
    try:
        data = _loads(body)
    except (ValueError, RecursionError):
        raise InvalidRequest("Invalid JSON data")
    if not isinstance(data, dict):
        raise InvalidRequest("Invalid JSON-RPC data")
    params = data.get("params")
    return Envelope(id=data.get("id"), params={} if params is None else params)


# Every digit made a zero: a run of 19 zeros is an int that may be beyond 64 bits.
_DIGITS_AS_ZEROS = bytes.maketrans(b"0123456789", b"0" * 10)
_LONG_NUMBER = b"0" * 19


def _loads(body: bytes) -> Any:
    if _LONG_NUMBER not in body.translate(_DIGITS_AS_ZEROS):
        try:
            return orjson.loads(body)
        except orjson.JSONDecodeError:
            pass  # the standard module reads it, or refuses it in its own words
    return json.loads(body)


def call_arguments(params: Any) -> tuple[str, str, list[Any]]:
    """``(service, method, args)`` from ``/jsonrpc`` params; a ``TypeError`` names what is wrong.

    The error is a TypeError because that is what Odoo's ``jsonrpc(service, method, args)``
    controller raises, and what clients therefore see in ``error.data.name``.
    """
    if type(params) is dict and "service" in params and "method" in params and "args" in params:
        service, method, args = params["service"], params["method"], params["args"]  # the usual case
    else:
        service, method, args = _call_keys(params)
    if not isinstance(service, str) or not isinstance(method, str):
        raise TypeError("jsonrpc() service and method must be strings")
    if args is None:
        args = []
    if not isinstance(args, list):
        raise TypeError(f"jsonrpc() args must be an array, not {_json_type(args)}")
    return service, method, args


def _call_keys(params: Any) -> tuple[Any, Any, Any]:
    if not isinstance(params, Mapping):
        raise TypeError(f"JSON-RPC params must be an object, not {_json_type(params)}")
    missing = [key for key in CALL_KEYS if key not in params]
    if missing:
        plural = "argument" if len(missing) == 1 else "arguments"
        names = " and ".join(", ".join(repr(key) for key in missing).rsplit(", ", 1))
        raise TypeError(f"jsonrpc() missing {len(missing)} required positional {plural}: {names}")
    return params["service"], params["method"], params["args"]


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def encode_result(request_id: Any, value: Any) -> bytes:
    """The success envelope; raises ``TypeError``/``ValueError`` for what cannot be encoded."""
    response: dict[str, Any] = {"jsonrpc": "2.0", "id": request_id}
    if value is not None:
        response["result"] = value
    return _dumps(response)


def encode_document(value: Any) -> bytes:
    """A plain JSON document (no envelope) with the same conversions, for the web routes."""
    return _dumps(value)


def encode_error(request_id: Any, exc: BaseException, *, tracebacks: bool) -> bytes:
    """Odoo's error object for ``exc``, always encodable; the HTTP status stays 200."""
    report = faults.describe(exc)
    data = {
        "name": report.name,
        "debug": report.traceback_text() if tracebacks else "",
        "message": report.message,
        "arguments": [_json_safe(argument) for argument in getattr(exc, "args", ())],
        "context": {},
    }
    error = {"code": 200, "message": "Odoo Server Error", "data": data}
    return _dumps({"jsonrpc": "2.0", "id": _json_safe(request_id), "error": error})


# datetimes, dates and dataclasses go through _to_json, as with the standard module.
_ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def _dumps(value: Any) -> bytes:
    try:
        return orjson.dumps(value, default=_to_json, option=_ORJSON_OPTIONS)
    except orjson.JSONEncodeError:
        pass  # what orjson refuses, the standard module encodes or refuses in its own words
    text = json.dumps(value, ensure_ascii=False, default=_to_json)
    # A lone surrogate cannot be UTF-8; written as a \\uXXXX escape it is still valid JSON.
    return text.encode("utf-8", "backslashreplace")


def _to_json(value: Any) -> Any:
    """What ``json`` cannot encode by itself, converted as Odoo's ``json_default`` does."""
    if isinstance(value, datetime):
        return datetime_text(value)
    if isinstance(value, date):
        return date_text(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8")
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, set | frozenset):
        return list(value)
    if isinstance(value, Decimal | float):  # a float subclass: orjson takes exact floats only
        return _finite(float(value))
    return str(value)


def _finite(number: float) -> float | None:
    return number if math.isfinite(number) else None


def _json_safe(value: Any) -> Any:
    """``value`` if it encodes, else its text: an error report must never fail to encode."""
    try:
        _dumps(value)
    except Exception:
        return faults.safe_text(value)
    return value
