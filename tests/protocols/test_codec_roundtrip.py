"""One list of values, encoded by both codecs and read back the way their clients read them.

XML-RPC answers are read with the stdlib's ``xmlrpc.client.loads`` (what Python clients do);
JSON-RPC answers with ``json.loads``. Where the formats legitimately differ (None, big ints,
control characters), a case says what each side must read.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import re
import xmlrpc.client
from collections import OrderedDict, defaultdict
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from types import MappingProxyType
from typing import Any
from xml.parsers.expat import ExpatError

import pytest

from erpserver.protocols import jsonrpc as json_codec
from erpserver.protocols import xmlrpc as xml_codec

SAME = object()


class Color(enum.IntEnum):
    RED = 1


class Markup(str):
    """A str subclass, like markupsafe's, that must still go out as a string."""


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    value: Any
    xml: Any
    json: Any = SAME

    @property
    def json_expected(self) -> Any:
        return self.xml if self.json is SAME else self.json


CASES = [
    Case("None goes out as False", None, xml=False, json=None),
    Case("True", True, xml=True),
    Case("False", False, xml=False),
    Case("small int", 42, xml=42),
    Case("largest int32", 2**31 - 1, xml=2**31 - 1),
    Case("smallest int32", -(2**31), xml=-(2**31)),
    Case("2**31 becomes a double", 2**31, xml=2147483648.0, json=2**31),
    Case("below int32 becomes a double", -(2**31) - 1, xml=-2147483649.0, json=-(2**31) - 1),
    Case("int64 id becomes a double", 2**53 + 1, xml=float(2**53 + 1), json=2**53 + 1),
    Case("IntEnum is an int", Color.RED, xml=1),
    Case("float", 1.25, xml=1.25),
    Case("Decimal is a double", Decimal("2.5"), xml=2.5),
    Case("empty string", "", xml=""),
    Case("non-ASCII text", "Zürich 東京 😀", xml="Zürich 東京 😀"),
    Case("XML specials", "<a & 'b' \"c\"> ]]>", xml="<a & 'b' \"c\"> ]]>"),
    Case("CR LF kept", "a\r\nb\rc", xml="a\r\nb\rc"),
    Case("C0 controls dropped", "a\x00b\x07c\x1fd\te\nf", xml="abcd\te\nf", json="a\x00b\x07c\x1fd\te\nf"),
    Case("str subclass", Markup("<b>x</b>"), xml="<b>x</b>"),
    Case("ASCII bytes are text", b"aGVsbG8=", xml="aGVsbG8="),
    Case("UTF-8 bytes are text", "é".encode(), xml="é"),
    Case("datetime drops microseconds", datetime(2024, 5, 1, 13, 45, 7, 999), xml="2024-05-01 13:45:07"),
    Case(
        "aware datetime in UTC",
        datetime(2024, 5, 1, 13, 45, 7, tzinfo=timezone(timedelta(hours=2))),
        xml="2024-05-01 11:45:07",
    ),
    Case("date", date(2024, 5, 1), xml="2024-05-01"),
    Case("old date keeps four digits", date(999, 1, 2), xml="0999-01-02"),
    Case("tuple is an array", (7, "Name"), xml=[7, "Name"]),
    Case("empty list", [], xml=[]),
    Case("set is an array", {3}, xml=[3]),
    Case("frozenset is an array", frozenset(), xml=[]),
    Case(
        "nested structs",
        {"a": [1, {"b": (2, None)}], "c": {}, "d": [[[]]]},
        xml={"a": [1, {"b": [2, False]}], "c": {}, "d": [[[]]]},
        json={"a": [1, {"b": [2, None]}], "c": {}, "d": [[[]]]},
    ),
    Case("int keys become strings", {1: "a", 2: "b"}, xml={"1": "a", "2": "b"}),
    Case("OrderedDict", OrderedDict(x=1), xml={"x": 1}),
    Case("defaultdict", defaultdict(list, y=[1]), xml={"y": [1]}),
    Case("read-only mapping", MappingProxyType({"k": True}), xml={"k": True}),
    Case("many2one pair", [(3, "Azure Interior")], xml=[[3, "Azure Interior"]]),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_xmlrpc_result_reads_back(case: Case) -> None:
    (value,), method = xmlrpc.client.loads(xml_codec.encode_result(case.value))

    assert value == case.xml
    assert type(value) is type(case.xml)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_jsonrpc_result_reads_back(case: Case) -> None:
    answer = json.loads(json_codec.encode_result(7, case.value))

    assert answer["id"] == 7
    assert answer.get("result") == case.json_expected


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_xmlrpc_result_never_has_nil_i8_or_untyped_values(case: Case) -> None:
    body = xml_codec.encode_result(case.value).decode()

    assert "<nil" not in body
    assert "<i8>" not in body
    assert re.search(r"<value>(?!<)", body) is None, "every value is typed"


def _sendable_by_python_client(value: Any) -> bool:
    """What xmlrpc.client can send and read back as plain values (bytes become Binary there)."""
    try:
        body = xmlrpc.client.dumps((value,), "m", allow_none=True)
        (read_back,), _method = xmlrpc.client.loads(body, use_datetime=True)
    except (TypeError, OverflowError, ExpatError):
        return False
    return not isinstance(read_back, xmlrpc.client.Binary)


@pytest.mark.parametrize(
    "case", [case for case in CASES if _sendable_by_python_client(case.value)], ids=lambda case: case.name
)
def test_xmlrpc_request_from_a_python_client_decodes_as_the_stdlib_reads_it(case: Case) -> None:
    body = xmlrpc.client.dumps((case.value,), "execute_kw", allow_none=True).encode()
    expected, _method = xmlrpc.client.loads(body, use_datetime=True)

    assert xml_codec.decode_request(body) == ("execute_kw", list(expected))


def test_jsonrpc_result_key_is_omitted_for_none() -> None:
    assert json.loads(json_codec.encode_result(5, None)) == {"jsonrpc": "2.0", "id": 5}


def test_xmlrpc_response_is_utf8_with_the_stdlib_declaration() -> None:
    body = xml_codec.encode_result("é")

    assert body.startswith(b"<?xml version='1.0'?>\n<methodResponse>\n<params>")
    assert "é".encode() in body


def test_jsonrpc_response_is_raw_utf8() -> None:
    assert "東京".encode() in json_codec.encode_result(1, "東京")
