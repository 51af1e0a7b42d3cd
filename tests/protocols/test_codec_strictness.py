"""What the encoders refuse, and the JSON-RPC envelope rules.

A refusal is an exception raised from ``marshal`` inside the service's transaction, so the work
is rolled back and the client gets an error instead of a value it cannot read.
"""

from __future__ import annotations

import json
import re
import xmlrpc.client
from typing import Any

import pytest

from erpserver.protocols import jsonrpc as json_codec
from erpserver.protocols import xmlrpc as xml_codec


class Record:
    """An arbitrary object: the stdlib would marshal its __dict__ as a struct."""

    def __init__(self) -> None:
        self.id = 1


def recursive_list() -> list[Any]:
    items: list[Any] = []
    items.append(items)
    return items


def recursive_dict() -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    mapping["self"] = mapping
    return mapping


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        pytest.param(object(), TypeError, "cannot marshal <class 'object'> objects", id="object"),
        pytest.param(Record(), TypeError, "cannot marshal <class", id="instance with __dict__"),
        pytest.param(xmlrpc.client.Binary(b"x"), TypeError, "cannot marshal", id="stdlib Binary"),
        pytest.param({"k": {1j}}, TypeError, "cannot marshal <class 'complex'>", id="nested complex"),
        pytest.param(recursive_list(), TypeError, "recursive sequences", id="recursive list"),
        pytest.param(recursive_dict(), TypeError, "recursive dictionaries", id="recursive dict"),
        pytest.param(10**400, OverflowError, "XML-RPC double", id="int beyond a double"),
        pytest.param(b"\xff\xfe", UnicodeDecodeError, "utf-8", id="bytes that are not UTF-8"),
    ],
)
def test_xmlrpc_refuses_values_clients_cannot_read(value: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=re.escape(message)):
        xml_codec.encode_result(value)


def test_xmlrpc_writer_leaves_the_stdlib_dispatch_table_alone() -> None:
    xml_codec.encode_result({"a": None, "b": [1, 2.5, "x"]})

    assert xmlrpc.client.Marshaller.dispatch[type(None)] is xmlrpc.client.Marshaller.dump_nil


def test_the_stdlib_marshaller_is_left_alone() -> None:
    xml_codec.encode_result({"a": None})

    with pytest.raises(TypeError, match="allow_none"):
        xmlrpc.client.dumps((None,))


def test_a_shared_tuple_is_not_mistaken_for_recursion() -> None:
    pair = (1, "x")

    (value,), _method = xmlrpc.client.loads(xml_codec.encode_result([pair, pair, {"p": pair}]))

    assert value == [[1, "x"], [1, "x"], {"p": [1, "x"]}]


@pytest.mark.parametrize(
    ("value", "error"),
    [
        pytest.param({(1, 2): "tuple key"}, TypeError, id="tuple key"),
        pytest.param(recursive_list(), ValueError, id="recursive list"),
        pytest.param(b"\xff", UnicodeDecodeError, id="bytes that are not UTF-8"),
    ],
)
def test_jsonrpc_refuses_values_it_cannot_encode(value: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        json_codec.encode_result(1, value)


def test_jsonrpc_turns_unknown_objects_into_text() -> None:
    assert json.loads(json_codec.encode_result(1, Record()))["result"].startswith("<")


def test_jsonrpc_lone_surrogates_stay_valid_json() -> None:
    body = json_codec.encode_result(1, "a\udc80b")

    assert json.loads(body)["result"] == "a\udc80b"


def test_xmlrpc_lone_surrogates_are_dropped() -> None:
    (value,), _method = xmlrpc.client.loads(xml_codec.encode_result("a\udc80b\ufffe"))

    assert value == "ab"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(b"{not json", "Invalid JSON data", id="invalid JSON"),
        pytest.param(b"\xff\xfe\xfd", "Invalid JSON data", id="not text"),
        pytest.param(b"[" * 100_000 + b"]" * 100_000, "Invalid JSON data", id="nested too deeply"),
        pytest.param(b"[1, 2]", "Invalid JSON-RPC data", id="array"),
        pytest.param(b'"call"', "Invalid JSON-RPC data", id="string"),
    ],
)
def test_jsonrpc_body_that_is_not_a_request(body: bytes, message: str) -> None:
    with pytest.raises(json_codec.InvalidRequest, match=message):
        json_codec.read_envelope(body)


def test_jsonrpc_envelope_keeps_id_and_params() -> None:
    envelope = json_codec.read_envelope(
        b'{"jsonrpc": "2.0", "method": "call", "id": "a1", "params": {"service": "common"}}'
    )

    assert envelope == json_codec.Envelope(id="a1", params={"service": "common"})


def test_jsonrpc_envelope_without_params_or_id() -> None:
    assert json_codec.read_envelope(b"{}") == json_codec.Envelope(id=None, params={})


def test_jsonrpc_call_arguments() -> None:
    params = {"service": "object", "method": "execute_kw", "args": ["db", 2, "pw"], "extra": 1}

    assert json_codec.call_arguments(params) == ("object", "execute_kw", ["db", 2, "pw"])


def test_jsonrpc_null_args_mean_no_arguments() -> None:
    assert json_codec.call_arguments({"service": "common", "method": "version", "args": None}) == (
        "common",
        "version",
        [],
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        pytest.param(
            {"service": "common", "method": "version"},
            "missing 1 required positional argument: 'args'",
            id="no args",
        ),
        pytest.param(
            {"args": []},
            "missing 2 required positional arguments: 'service' and 'method'",
            id="no service, method",
        ),
        pytest.param(["common", "version", []], "params must be an object, not an array", id="params array"),
        pytest.param(
            {"service": "common", "method": "version", "args": {}}, "args must be an array", id="args object"
        ),
        pytest.param(
            {"service": 1, "method": "version", "args": []}, "must be strings", id="service not text"
        ),
    ],
)
def test_jsonrpc_bad_params_are_a_type_error(params: Any, message: str) -> None:
    with pytest.raises(TypeError, match=re.escape(message)):
        json_codec.call_arguments(params)


def test_jsonrpc_body_in_utf16_is_read_as_the_stdlib_reads_it() -> None:
    body = json.dumps({"id": 1, "params": {"x": "é"}}).encode("utf-16")

    assert json_codec.read_envelope(body) == json_codec.Envelope(id=1, params={"x": "é"})


def test_jsonrpc_request_nested_beyond_orjson_limit_is_read() -> None:
    body = b'{"params": ' + b"[" * 500 + b"]" * 500 + b"}"

    assert json_codec.read_envelope(body).params == json.loads(body)["params"]
