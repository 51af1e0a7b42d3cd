"""Each exception class, as a fault on both XML-RPC routes and as a JSON-RPC error object."""

from __future__ import annotations

import dataclasses
import json
import xmlrpc.client
from typing import Any

import pytest

from erpserver import exceptions
from erpserver.protocols import jsonrpc as json_codec
from erpserver.protocols import xmlrpc as xml_codec


@dataclasses.dataclass(frozen=True)
class Expected:
    exception: Exception
    code: int
    fault_string: str
    legacy_code: str
    legacy_string: str
    json_name: str


EXPECTED = [
    Expected(
        exceptions.UserError("Bad input"),
        2,
        "Bad input",
        "warning -- UserError\n\nBad input",
        "",
        "odoo.exceptions.UserError",
    ),
    Expected(
        exceptions.ValidationError("Name required"),
        2,
        "Name required",
        "warning -- UserError\n\nName required",
        "",
        "odoo.exceptions.ValidationError",
    ),
    Expected(
        exceptions.MissingError("Record does not exist or has been deleted."),
        2,
        "Record does not exist or has been deleted.",
        "warning -- MissingError\n\nRecord does not exist or has been deleted.",
        "",
        "odoo.exceptions.MissingError",
    ),
    Expected(
        exceptions.RedirectWarning("Configure first", 42, "Go"),
        2,
        "Configure first",
        "warning -- Warning\n\nConfigure first",
        "",
        "odoo.exceptions.RedirectWarning",
    ),
    Expected(
        exceptions.AccessError("Private methods (such as _x) cannot be called remotely."),
        4,
        "Private methods (such as _x) cannot be called remotely.",
        "warning -- AccessError\n\nPrivate methods (such as _x) cannot be called remotely.",
        "",
        "odoo.exceptions.AccessError",
    ),
    Expected(
        exceptions.AccessDenied(),
        3,
        "Access Denied",
        "AccessDenied",
        "Access Denied",
        "odoo.exceptions.AccessDenied",
    ),
    Expected(
        ValueError("Invalid field 'x' on model 'y'"),
        1,
        "ValueError: Invalid field 'x' on model 'y'",
        "Invalid field 'x' on model 'y'",
        "ValueError: Invalid field 'x' on model 'y'",
        "builtins.ValueError",
    ),
    Expected(
        exceptions.DatabaseNotFound("nodb"),
        1,
        'DatabaseNotFound: database "nodb" does not exist',
        'database "nodb" does not exist',
        'DatabaseNotFound: database "nodb" does not exist',
        "erpserver.exceptions.DatabaseNotFound",
    ),
    Expected(
        TypeError("cannot marshal <class 'object'> objects"),
        1,
        "TypeError: cannot marshal <class 'object'> objects",
        "cannot marshal <class 'object'> objects",
        "TypeError: cannot marshal <class 'object'> objects",
        "builtins.TypeError",
    ),
]


def read_fault(body: bytes) -> xmlrpc.client.Fault:
    with pytest.raises(xmlrpc.client.Fault) as raised:
        xmlrpc.client.loads(body)
    return raised.value


def ids(expected: Expected) -> str:
    return type(expected.exception).__name__


@pytest.mark.parametrize("expected", EXPECTED, ids=ids)
def test_xmlrpc2_fault_has_an_integer_code(expected: Expected) -> None:
    body = xml_codec.encode_fault(expected.exception, legacy=False, tracebacks=False)

    fault = read_fault(body)
    assert (fault.faultCode, fault.faultString) == (expected.code, expected.fault_string)
    assert f"<name>faultCode</name>\n<value><int>{expected.code}</int>".encode() in body


@pytest.mark.parametrize("expected", EXPECTED, ids=ids)
def test_legacy_xmlrpc_fault_has_a_string_code(expected: Expected) -> None:
    body = xml_codec.encode_fault(expected.exception, legacy=True, tracebacks=False)

    fault = read_fault(body)
    assert (fault.faultCode, fault.faultString) == (expected.legacy_code, expected.legacy_string)


@pytest.mark.parametrize("expected", EXPECTED, ids=ids)
def test_jsonrpc_error_object(expected: Expected) -> None:
    answer = json.loads(json_codec.encode_error("req-1", expected.exception, tracebacks=False))

    assert answer["jsonrpc"] == "2.0"
    assert answer["id"] == "req-1"
    assert "result" not in answer
    assert answer["error"]["code"] == 200
    assert answer["error"]["message"] == "Odoo Server Error"
    assert answer["error"]["data"] == {
        "name": expected.json_name,
        "debug": "",
        "message": str(expected.exception),
        "arguments": list(expected.exception.args),
        "context": {},
    }


def raised(exc: Exception) -> Exception:
    """``exc`` with a real traceback, as the app sees it."""

    def fail_deep_inside() -> None:
        raise exc

    try:
        fail_deep_inside()
    except Exception as caught:
        return caught
    raise AssertionError("unreachable")


def test_application_error_carries_the_traceback_only_when_configured() -> None:
    exc = raised(KeyError("Method not found: nope"))

    hidden = read_fault(xml_codec.encode_fault(exc, legacy=False, tracebacks=False)).faultString
    shown = read_fault(xml_codec.encode_fault(exc, legacy=False, tracebacks=True)).faultString

    assert hidden == "KeyError: 'Method not found: nope'"
    assert shown.startswith("Traceback (most recent call last):")
    assert "fail_deep_inside" in shown
    assert shown.endswith("KeyError: 'Method not found: nope'")


def test_legacy_application_error_carries_the_traceback_only_when_configured() -> None:
    exc = raised(ValueError("boom"))

    fault = read_fault(xml_codec.encode_fault(exc, legacy=True, tracebacks=True))

    assert fault.faultCode == "boom"
    assert fault.faultString.startswith("Traceback (most recent call last):")


@pytest.mark.parametrize("legacy", [False, True])
def test_user_errors_never_carry_a_traceback(legacy: bool) -> None:
    exc = raised(exceptions.UserError("Nope"))

    body = xml_codec.encode_fault(exc, legacy=legacy, tracebacks=True)

    assert b"Traceback" not in body


def test_jsonrpc_debug_is_the_traceback_only_when_configured() -> None:
    exc = raised(exceptions.AccessError("No"))

    hidden = json.loads(json_codec.encode_error(1, exc, tracebacks=False))["error"]["data"]["debug"]
    shown = json.loads(json_codec.encode_error(1, exc, tracebacks=True))["error"]["data"]["debug"]

    assert hidden == ""
    assert shown.startswith("Traceback (most recent call last):")


class Unprintable(Exception):
    def __str__(self) -> str:
        raise RuntimeError("broken __str__")


def test_an_exception_with_a_broken_str_still_becomes_a_fault() -> None:
    fault = read_fault(xml_codec.encode_fault(Unprintable(), legacy=False, tracebacks=False))

    assert fault.faultCode == 1
    assert fault.faultString == "Unprintable: <unprintable Unprintable object>"


def test_an_exception_without_message_names_its_class() -> None:
    fault = read_fault(xml_codec.encode_fault(KeyError(), legacy=True, tracebacks=False))

    assert (fault.faultCode, fault.faultString) == ("KeyError", "KeyError")


def test_fault_text_is_cleaned_of_control_characters() -> None:
    fault = read_fault(
        xml_codec.encode_fault(exceptions.UserError("bad\x00value"), legacy=False, tracebacks=False)
    )

    assert fault.faultString == "badvalue"


def test_jsonrpc_error_arguments_are_made_json_safe() -> None:
    marker = object()
    exc = exceptions.RedirectWarning("Go", {"action": marker}, {1, 2})

    data: dict[str, Any] = json.loads(json_codec.encode_error(None, exc, tracebacks=False))["error"]["data"]

    assert data["arguments"][0] == "Go"
    assert data["arguments"][1] == {"action": str(marker)}
    assert sorted(data["arguments"][2]) == [1, 2]


def test_jsonrpc_error_echoes_any_json_id() -> None:
    answer = json.loads(json_codec.encode_error({"nested": [1]}, ValueError("x"), tracebacks=False))

    assert answer["id"] == {"nested": [1]}
