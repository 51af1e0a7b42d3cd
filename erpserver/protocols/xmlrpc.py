"""The XML-RPC codec: request bytes in, response bytes out, no I/O.

Requests are read leniently, because real clients are sloppy (``<nil/>``, ``<i8>``, empty
``<value/>``, Latin-1 ``<base64>`` strings, wrong encoding declarations: spec ``clients.md``).
Responses are written strictly, because real clients are fragile: never ``<nil/>`` (None goes
out as False), never ``<i8>`` (an int beyond 32 bits goes out as a double), every value typed,
dates as strings (spec README, decision 5). The reading is in ``xmlrpc_reader``, the writing in
``xmlrpc_writer``; this module puts a response together and chooses a fault's layout.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from erpserver.protocols import faults, xmlrpc_writer
from erpserver.protocols.xmlrpc_reader import MalformedRequest
from erpserver.protocols.xmlrpc_reader import read_call as decode_request
from erpserver.protocols.xmlrpc_writer import MAXINT, MININT, clean_text

__all__ = ["MAXINT", "MININT", "Fault", "MalformedRequest", "clean_text", "decode_request", "encode_fault",
           "encode_result"]


@dataclasses.dataclass(frozen=True)
class Fault:
    """A fault reply: an integer code on ``/xmlrpc/2``, a string on the legacy routes."""

    code: int | str
    string: str


def _response(body: str) -> bytes:
    return f"<?xml version='1.0'?>\n<methodResponse>\n{body}</methodResponse>\n".encode()


def encode_result(value: Any) -> bytes:
    """A ``methodResponse`` carrying ``value``; raises ``TypeError`` for what cannot go out."""
    return _response(xmlrpc_writer.params((value,)))


def encode_fault(exc: BaseException, *, legacy: bool, tracebacks: bool) -> bytes:
    """A fault response for ``exc``: integer codes on ``/xmlrpc/2``, string codes when ``legacy``."""
    report = faults.describe(exc)
    fault = _legacy_fault(report, tracebacks) if legacy else _fault(report, tracebacks)
    return _response(xmlrpc_writer.fault(fault.code, fault.string))


def _fault(report: faults.ErrorReport, tracebacks: bool) -> Fault:
    if report.code == faults.APPLICATION_ERROR:
        return Fault(report.code, report.detail(tracebacks))
    return Fault(report.code, report.message)


def _legacy_fault(report: faults.ErrorReport, tracebacks: bool) -> Fault:
    if report.code == faults.APPLICATION_ERROR:
        return Fault(report.message or report.summary, report.detail(tracebacks))
    if report.code == faults.ACCESS_DENIED:
        return Fault("AccessDenied", report.message)
    return Fault(f"warning -- {report.legacy_title}\n\n{report.message}", "")
