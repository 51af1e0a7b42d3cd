"""The XML-RPC codec: request bytes in, response bytes out, no I/O.

Requests are read leniently, because real clients are sloppy (``<nil/>``, ``<i8>``, empty
``<value/>``, Latin-1 ``<base64>`` strings, wrong encoding declarations: spec ``clients.md``).
Responses are written strictly, because real clients are fragile: never ``<nil/>`` (None goes
out as False), never ``<i8>`` (an int beyond 32 bits goes out as a double), every value typed,
dates as strings (spec README, decision 5).
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import re
import xmlrpc.client
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from erpserver.protocols import faults, safe_xml
from erpserver.protocols.values import date_text, datetime_text

MAXINT = 2**31 - 1
MININT = -(2**31)

# Characters XML 1.0 cannot carry: C0 controls other than TAB/LF/CR, lone surrogates, U+FFFE/F.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What makes decoded <base64> bytes binary rather than text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class MalformedRequest(ValueError):
    """The body is not an XML-RPC call; answered, as Odoo does, with fault 1 and HTTP 200."""


# --------------------------------------------------------------------------------------------
# Requests


def decode_request(body: bytes) -> tuple[str, list[Any]]:
    """Parse a ``<methodCall>`` into its method name and positional parameters."""
    with safe_xml.no_collection():
        return _decode_request(body)


def _decode_request(body: bytes) -> tuple[str, list[Any]]:
    try:
        root = safe_xml.parse(body, _fold_string_value)
        if root.tag != "methodCall":
            raise MalformedRequest(f"expected <methodCall>, found <{root.tag}>")
        name = _child(root, "methodName").text.strip()
        params = _optional_child(root, "params")
        values = [] if params is None else [_decode_param(param) for param in params.children]
    except safe_xml.XMLError as exc:
        raise MalformedRequest(str(exc))
    except RecursionError:
        raise MalformedRequest("XML-RPC value nested too deeply")
    if not name:
        raise MalformedRequest("empty <methodName>")
    return name, values


def _fold_string_value(element: safe_xml.Element) -> None:
    """``<value><string>x</string></value>`` becomes the untyped ``<value>x</value>``, which
    decodes the same, as soon as it is read: most values of a big request are strings, and their
    ``<string>`` elements are then never kept (a 100,000-row ``load`` request holds 700,000)."""
    if element.tag == "value" and len(element.children) == 1:
        typed = element.children[0]
        if typed.tag == "string" and not typed.children:
            element.text = typed.text
            element.children = safe_xml.NO_CHILDREN


def _child(element: safe_xml.Element, tag: str) -> safe_xml.Element:
    found = _optional_child(element, tag)
    if found is None:
        raise MalformedRequest(f"<{element.tag}> lacks <{tag}>")
    return found


def _optional_child(element: safe_xml.Element, tag: str) -> safe_xml.Element | None:
    found = [child for child in element.children if child.tag == tag]
    if len(found) > 1:
        raise MalformedRequest(f"<{element.tag}> holds more than one <{tag}>")
    return found[0] if found else None


def _decode_param(param: safe_xml.Element) -> Any:
    if param.tag != "param":
        raise MalformedRequest(f"unexpected <{param.tag}> in <params>")
    return _decode_value(_child(param, "value"))


def _decode_value(value: safe_xml.Element) -> Any:
    if not value.children:
        return value.text  # an untyped value is a string; <value/> is ''
    if len(value.children) > 1:
        raise MalformedRequest("<value> holds more than one element")
    typed = value.children[0]
    decoder = _VALUE_DECODERS.get(typed.tag)
    if decoder is None:
        raise MalformedRequest(f"unknown XML-RPC type <{typed.tag}>")
    try:
        return decoder(typed)
    except MalformedRequest:
        raise
    except (ValueError, ArithmeticError):
        raise MalformedRequest(f"bad <{typed.tag}> value {typed.text[:50]!r}")


def _decode_array(array: safe_xml.Element) -> list[Any]:
    data = _optional_child(array, "data")
    if data is None:
        return []
    values = []
    for child in data.children:
        if child.tag != "value":
            raise MalformedRequest(f"unexpected <{child.tag}> in <data>")
        # the common case first (a load call's rows hold little else): a string
        values.append(child.text if not child.children else _decode_value(child))
    return values


def _decode_struct(struct: safe_xml.Element) -> dict[str, Any]:
    result = {}
    for member in struct.children:
        if member.tag != "member":
            raise MalformedRequest(f"unexpected <{member.tag}> in <struct>")
        name = _child(member, "name").text
        result[name] = _decode_value(_child(member, "value"))
    return result


def _decode_boolean(element: safe_xml.Element) -> bool:
    text = element.text.strip().lower()
    if text in ("1", "true"):
        return True
    if text in ("0", "false"):
        return False
    raise ValueError(text)


def _decode_datetime(element: safe_xml.Element) -> datetime:
    """``20240501T13:45:07`` (the standard form) or ISO 8601; aware values become naive UTC."""
    value = datetime.fromisoformat(element.text.strip())
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def _decode_base64(element: safe_xml.Element) -> str:
    """Text, not bytes: XMLRPC::Lite sends every non-ASCII string as base64 Latin-1.

    The bytes become UTF-8 text, else Latin-1 text, when they read as text (no control
    characters but TAB/LF/CR); real binary data stays the base64 text Odoo's binary fields use.
    """
    encoded = "".join(element.text.split())
    raw = base64.b64decode(encoded, validate=True)
    for encoding in ("utf-8", "latin-1"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _CONTROL.search(text):
            return text
    return encoded


def _decode_int(element: safe_xml.Element) -> int:
    return int(element.text.strip())


def _decode_double(element: safe_xml.Element) -> float:
    return float(element.text.strip())


_VALUE_DECODERS: dict[str, Callable[[safe_xml.Element], Any]] = {
    "string": lambda element: element.text,
    "nil": lambda element: None,
    "boolean": _decode_boolean,
    "int": _decode_int,
    "i1": _decode_int,
    "i2": _decode_int,
    "i4": _decode_int,
    "i8": _decode_int,
    "biginteger": _decode_int,
    "double": _decode_double,
    "float": _decode_double,
    # Apache XML-RPC's extension; the ORM's float fields take floats, not Decimals.
    "bigdecimal": _decode_double,
    "dateTime.iso8601": _decode_datetime,
    "base64": _decode_base64,
    "array": _decode_array,
    "struct": _decode_struct,
}


# --------------------------------------------------------------------------------------------
# Responses


def clean_text(value: str) -> str:
    """Drop the characters an XML document cannot carry (Odoo strips C0 controls too)."""
    return _NOT_XML.sub("", value)


Writer = Callable[[str], Any]


@dataclasses.dataclass(frozen=True)
class Fault:
    """A fault reply: an integer code on ``/xmlrpc/2``, a string on the legacy routes."""

    code: int | str
    string: str


class Marshaller:
    """Encodes values the way Odoo's clients read them, from a type table of its own.

    A type is looked up exactly, then along its MRO, then as a ``Mapping``; anything else is
    refused, even objects with a ``__dict__`` (the stdlib's marshaller would send their
    attributes as a struct).
    """

    dispatch: dict[Any, Callable[[Marshaller, Any, Writer], None]] = {}

    def __init__(self) -> None:
        self.memo: dict[int, None] = {}  # containers being written, to refuse recursive ones

    def dumps(self, values: Any) -> str:
        out: list[str] = []
        write = out.append
        if isinstance(values, Fault):
            write("<fault>\n")
            self.dump({"faultCode": values.code, "faultString": values.string}, write)
            write("</fault>\n")
        else:
            write("<params>\n")
            for value in values:
                write("<param>\n")
                self.dump(value, write)
                write("</param>\n")
            write("</params>\n")
        return "".join(out)

    def dump(self, value: Any, write: Writer) -> None:
        encoder = self.dispatch.get(type(value)) or self._encoder_for(value)
        encoder(self, value, write)

    def _encoder_for(self, value: Any) -> Callable[[Marshaller, Any, Writer], None]:
        """For subclasses and other mappings: the first encoder along the MRO, else a Mapping."""
        kind = type(value)
        for candidate in kind.__mro__:
            encoder = self.dispatch.get(candidate)
            if encoder is not None:
                return encoder
        if isinstance(value, Mapping):
            return Marshaller.dump_struct
        raise TypeError(f"cannot marshal {kind} objects")

    def dump_none(self, value: None, write: Writer) -> None:
        self.dump_bool(False, write)

    def dump_bool(self, value: bool, write: Writer) -> None:
        write("<value><boolean>1</boolean></value>\n" if value else "<value><boolean>0</boolean></value>\n")

    def dump_int(self, value: int, write: Writer) -> None:
        number = int(value)
        if MININT <= number <= MAXINT:
            write(f"<value><int>{number}</int></value>\n")
        else:
            try:
                float(number)
            except OverflowError:
                raise OverflowError("int exceeds the range of an XML-RPC double")
            write(f"<value><double>{number}.0</double></value>\n")

    def dump_float(self, value: float | Decimal, write: Writer) -> None:
        write(f"<value><double>{float(value)!r}</double></value>\n")

    def dump_str(self, value: str, write: Writer) -> None:
        text = xmlrpc.client.escape(clean_text(value))
        if "\r" in text:
            # A literal CR would be read back as LF by any XML parser; a reference keeps it.
            text = text.replace("\r", "&#13;")
        write("<value><string>")
        write(text)
        write("</string></value>\n")

    def dump_bytes(self, value: bytes | bytearray | memoryview, write: Writer) -> None:
        self.dump_str(bytes(value).decode("utf-8"), write)

    def dump_datetime(self, value: datetime, write: Writer) -> None:
        self.dump_str(datetime_text(value), write)

    def dump_date(self, value: date, write: Writer) -> None:
        self.dump_str(date_text(value), write)

    def dump_array(self, value: Any, write: Writer) -> None:
        with self._visiting(value, "sequences"):
            write("<value><array><data>\n")
            for item in value:
                self.dump(item, write)
            write("</data></array></value>\n")

    def dump_struct(self, value: Mapping[Any, Any], write: Writer) -> None:
        with self._visiting(value, "dictionaries"):
            write("<value><struct>\n")
            for key, item in value.items():
                name = xmlrpc.client.escape(clean_text(str(key)))
                write(f"<member>\n<name>{name}</name>\n")
                self.dump(item, write)
                write("</member>\n")
            write("</struct></value>\n")

    @contextlib.contextmanager
    def _visiting(self, container: Any, what: str) -> Iterator[None]:
        """Refuses a container that contains itself, as the stdlib marshaller does."""
        key = id(container)
        if key in self.memo:
            raise TypeError(f"cannot marshal recursive {what}")
        self.memo[key] = None
        try:
            yield
        finally:
            del self.memo[key]

    dispatch[type(None)] = dump_none
    dispatch[bool] = dump_bool
    dispatch[int] = dump_int
    dispatch[float] = dump_float
    dispatch[Decimal] = dump_float
    dispatch[str] = dump_str
    dispatch[bytes] = dump_bytes
    dispatch[bytearray] = dump_bytes
    dispatch[memoryview] = dump_bytes
    dispatch[datetime] = dump_datetime
    dispatch[date] = dump_date
    dispatch[list] = dump_array
    dispatch[tuple] = dump_array
    dispatch[set] = dump_array
    dispatch[frozenset] = dump_array
    dispatch[dict] = dump_struct


def _response(body: str) -> bytes:
    return f"<?xml version='1.0'?>\n<methodResponse>\n{body}</methodResponse>\n".encode()


def encode_result(value: Any) -> bytes:
    """A ``methodResponse`` carrying ``value``; raises ``TypeError`` for what cannot go out."""
    return _response(Marshaller().dumps((value,)))


def encode_fault(exc: BaseException, *, legacy: bool, tracebacks: bool) -> bytes:
    """A fault response for ``exc``: integer codes on ``/xmlrpc/2``, string codes when ``legacy``."""
    report = faults.describe(exc)
    fault = _legacy_fault(report, tracebacks) if legacy else _fault(report, tracebacks)
    return _response(Marshaller().dumps(fault))


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
