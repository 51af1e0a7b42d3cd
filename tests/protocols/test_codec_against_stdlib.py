"""The XML-RPC codec against the standard library's, on many random shapes (seeded).

Where both sides hold the same rules (strings of characters XML can carry, 32-bit ints,
booleans, doubles, arrays, structs), the writer's answers read back, with ``xmlrpc.client.loads``,
exactly as the stdlib's own ``dumps`` would; and the reader reads what ``xmlrpc.client.dumps``
writes exactly as ``xmlrpc.client.loads`` reads it. Where the rules differ on purpose (None, big
ints, characters XML cannot carry, CR), each side is checked against what it must give.
"""

from __future__ import annotations

import dataclasses
import json
import math
import random
import xmlrpc.client
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from erpserver.protocols import jsonrpc as json_codec
from erpserver.protocols import xmlrpc as xml_codec

# Characters to build strings from: plain, markup, non-ASCII, astral, whitespace.
PLAIN = "abcXYZ 019_-.,;:'\"/=?!"
SPECIAL = "&<>]]>\t\n"
WIDE = "éü東京😀\u00a0\u2028\ufeff"
INVALID = "\x00\x01\x08\x0b\x0c\x1f\ud800\udfff\ufffe\uffff"


@dataclasses.dataclass
class Point:
    x: int
    y: int


class FloatKind(float):
    pass


def nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


def random_text(rng: random.Random, alphabet: str) -> str:
    return "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12)))


def random_value(rng: random.Random, depth: int = 0, *, extended: bool = False) -> Any:
    """A value both codecs must carry alike; ``extended`` adds None, big ints and bad characters."""
    choices = ["str", "int", "bool", "float", "list", "dict"] if depth < 4 else ["str", "int", "bool", "float"]
    if extended:
        choices += ["none", "bigint", "dirty"]
    kind = rng.choice(choices)
    if kind == "str":
        return random_text(rng, PLAIN + SPECIAL + WIDE)
    if kind == "int":
        return rng.choice([0, 1, -1, 2**31 - 1, -(2**31), rng.randrange(-(2**31), 2**31)])
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "float":
        return rng.choice([0.0, -0.5, 1e300, 5e-324, rng.uniform(-1e6, 1e6)])
    if kind == "list":
        return [random_value(rng, depth + 1, extended=extended) for _ in range(rng.randrange(0, 5))]
    if kind == "dict":
        return {random_text(rng, PLAIN + SPECIAL + WIDE): random_value(rng, depth + 1, extended=extended)
                for _ in range(rng.randrange(0, 5))}
    if kind == "none":
        return None
    if kind == "bigint":
        return rng.choice([2**31, -(2**31) - 1, 2**53 + 1, 10**20])
    return random_text(rng, PLAIN + INVALID + "\r")


def as_read_back(value: Any) -> Any:
    """What a client reads when we send ``value``: None is False, big ints are doubles,
    characters XML cannot carry are gone."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if -(2**31) <= value < 2**31 else float(value)
    if isinstance(value, str):
        return xml_codec.clean_text(value)
    if isinstance(value, list):
        return [as_read_back(item) for item in value]
    if isinstance(value, dict):
        return {xml_codec.clean_text(key): as_read_back(item) for key, item in value.items()}
    return value


def same(left: Any, right: Any) -> bool:
    """Equality that tells -0.0 from 0.0 and bools from ints."""
    if type(left) is not type(right):
        return False
    if isinstance(left, float):
        return math.copysign(1.0, left) == math.copysign(1.0, right) and left == right
    if isinstance(left, list):
        return len(left) == len(right) and all(same(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(same(left[k], right[k]) for k in left)
    return bool(left == right)


SEEDS = range(400)


@pytest.mark.parametrize("seed", SEEDS)
def test_answers_read_back_as_the_stdlib_own(seed: int) -> None:
    value = random_value(random.Random(seed))

    (ours,), _ = xmlrpc.client.loads(xml_codec.encode_result(value))
    (theirs,), _ = xmlrpc.client.loads(xmlrpc.client.dumps((value,), methodresponse=True))

    assert same(ours, theirs)
    assert same(ours, value)


@pytest.mark.parametrize("seed", SEEDS)
def test_answers_follow_our_rules_where_the_stdlib_would_not(seed: int) -> None:
    value = random_value(random.Random(seed), extended=True)

    body = xml_codec.encode_result(value)
    (read,), _ = xmlrpc.client.loads(body)

    assert same(read, as_read_back(value))
    assert b"<nil/>" not in body and b"<i8>" not in body


@pytest.mark.parametrize("seed", SEEDS)
def test_requests_read_as_the_stdlib_reads_them(seed: int) -> None:
    rng = random.Random(seed)
    params = tuple(random_value(rng, extended=False) for _ in range(rng.randrange(0, 4)))
    body = xmlrpc.client.dumps(params, "execute_kw").encode()

    theirs, method = xmlrpc.client.loads(body)

    assert xml_codec.decode_request(body) == ("execute_kw", list(theirs))
    assert method == "execute_kw"
    assert same(list(theirs), list(params))


@pytest.mark.parametrize("seed", range(100))
def test_requests_with_nil_read_as_the_stdlib_reads_them(seed: int) -> None:
    rng = random.Random(seed)
    params = (random_value(rng, extended=True) if rng.random() < 0.5 else None,)
    params = tuple(_without_big_ints(value) for value in params)
    body = xmlrpc.client.dumps(params, "m", allow_none=True).encode()

    theirs, _ = xmlrpc.client.loads(body)

    assert same(xml_codec.decode_request(body)[1], list(theirs))


def _without_big_ints(value: Any) -> Any:
    """The stdlib refuses to write them; clean the invalid characters it would write as they are."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value if -(2**31) <= value < 2**31 else 7
    if isinstance(value, str):
        return xml_codec.clean_text(value).replace("\r", "")
    if isinstance(value, list):
        return [_without_big_ints(item) for item in value]
    if isinstance(value, dict):
        return {xml_codec.clean_text(key).replace("\r", ""): _without_big_ints(item) for key, item in value.items()}
    return value


@pytest.mark.parametrize("seed", range(50))
def test_our_answers_read_back_through_our_reader(seed: int) -> None:
    """Both halves agree: a response's <params> inside a <methodCall> reads back to the value."""
    value = random_value(random.Random(seed), extended=True)
    response = xml_codec.encode_result(value).decode()
    inner = response[response.index("<params>"):response.index("</params>") + len("</params>")]
    body = f"<?xml version='1.0'?>\n<methodCall><methodName>m</methodName>{inner}</methodCall>".encode()

    method, params = xml_codec.decode_request(body)

    assert method == "m"
    assert same(params, [as_read_back(value)])


# -- JSON-RPC: orjson first, the standard module for what orjson refuses ------------------------


def random_json_value(rng: random.Random, depth: int = 0) -> Any:
    kinds = ["str", "int", "bool", "float", "none", "list", "dict", "bigint", "intkey"]
    kind = rng.choice(kinds if depth < 4 else kinds[:5])
    if kind == "str":
        return random_text(rng, PLAIN + SPECIAL + WIDE + "\r\x00\x1f")
    if kind == "int":
        return rng.randrange(-(2**63), 2**63)
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "float":
        return rng.choice([0.0, -0.0, 1e300, 5e-324, 1e16, rng.uniform(-1e6, 1e6)])
    if kind == "none":
        return None
    if kind == "list":
        return [random_json_value(rng, depth + 1) for _ in range(rng.randrange(0, 5))]
    if kind == "dict":
        return {random_text(rng, PLAIN + WIDE): random_json_value(rng, depth + 1) for _ in range(rng.randrange(0, 5))}
    if kind == "bigint":
        return rng.choice([2**64, -(2**64) - 1, 10**30])
    return {rng.randrange(100): "int key"}


@pytest.mark.parametrize("seed", SEEDS)
def test_json_answers_read_back_as_the_stdlib_own(seed: int) -> None:
    value = random_json_value(random.Random(seed))

    ours = json.loads(json_codec.encode_result(1, value))
    theirs = json.loads(json.dumps({"jsonrpc": "2.0", "id": 1, "result": value}, ensure_ascii=False))
    if value is None:
        del theirs["result"]  # Odoo leaves the key out

    assert same_json(ours, theirs)


@pytest.mark.parametrize("seed", range(100))
def test_json_requests_read_as_the_stdlib_reads_them(seed: int) -> None:
    value = random_json_value(random.Random(seed))
    body = json.dumps({"jsonrpc": "2.0", "id": 3, "params": {"args": [value]}}).encode()

    envelope = json_codec.read_envelope(body)

    assert same_json(envelope.params, json.loads(body)["params"])


def same_json(left: Any, right: Any) -> bool:
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(same_json(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(same_json(left[k], right[k]) for k in left)
    return same(left, right)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(float("nan"), None, id="NaN is null"),
        pytest.param([float("inf"), -float("inf")], [None, None], id="infinities are null"),
        pytest.param(Decimal("NaN"), None, id="Decimal NaN is null"),
        pytest.param(2**70, 2**70, id="int beyond 64 bits"),
        pytest.param({1: "a", None: "b", 2.5: "c", False: "d"}, {"1": "a", "null": "b", "2.5": "c", "false": "d"},
                     id="keys that are not strings"),
        pytest.param(datetime(2024, 5, 1, 13, 45, 7, 5), "2024-05-01 13:45:07", id="datetime as Odoo writes it"),
        pytest.param(date(2024, 5, 1), "2024-05-01", id="date"),
        pytest.param(Point(1, 2), "Point(x=1, y=2)", id="dataclass as text, not an object"),
        pytest.param(FloatKind(1.5), 1.5, id="float subclass"),
        pytest.param(nested(300), nested(300), id="nesting beyond orjson's limit"),
    ],
)
def test_json_encodes_what_the_stdlib_path_did(value: Any, expected: Any) -> None:
    assert json.loads(json_codec.encode_result(1, value))["result"] == expected
