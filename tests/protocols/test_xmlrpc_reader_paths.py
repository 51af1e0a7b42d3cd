"""The request reader's two paths agree: a tree built in C and walked, or expat's events.

``read_call`` takes the tree path only for a body that cannot hold a DOCTYPE, an entity
declaration, a comment or CDATA; for every such body both paths must give the same values, or
refuse with the same words. Bodies here are random calls, and the same calls damaged at random
(a tag renamed here or everywhere, dropped, doubled or unclosed, text where elements go).
"""

from __future__ import annotations

import random
import re
import xmlrpc.client
from typing import Any

import pytest

from erpserver.protocols import xmlrpc_reader
from erpserver.protocols.xmlrpc_reader import MalformedRequest
from tests.protocols.test_codec_against_stdlib import random_value

TAGS = ["methodCall", "methodName", "params", "param", "value", "array", "data", "struct", "member", "name",
        "string", "int", "i4", "boolean", "double", "nil", "base64", "foo"]


def outcome(read: Any, body: bytes) -> tuple[str, Any]:
    try:
        return "value", read(body)
    except MalformedRequest as error:
        return "error", str(error)


def by_tree(body: bytes) -> Any:
    root = xmlrpc_reader._tree(body)
    assert root is not None, "the tree path refused a body it should read"
    return xmlrpc_reader._walk_call(root)


def damaged(body: str, rng: random.Random) -> str:
    tags = list(re.finditer(r"</?([A-Za-z]+)/?>", body))
    if not tags:
        return body
    chosen = rng.choice(tags)
    start, end = chosen.span()
    action = rng.randrange(6)
    if action == 5:  # renamed everywhere: still well-formed
        name, other = chosen.group(1), rng.choice(TAGS)
        return re.sub(rf"<(/?){name}(/?)>", rf"<\1{other}\2>", body)
    if action == 0:  # renamed, in both its start and end tags where it has both
        name = chosen.group(1)
        return body.replace(f"<{name}>", f"<{rng.choice(TAGS)}>", 1)
    if action == 1:  # dropped
        return body[:start] + body[end:]
    if action == 2:  # doubled
        return body[:end] + chosen.group(0) + body[end:]
    if action == 3:  # text where an element goes
        return body[:start] + "stray" + body[start:]
    return body[:start] + f"<{rng.choice(TAGS)}>" + body[start:]  # an element left open


def request(rng: random.Random) -> str:
    params = tuple(random_value(rng) for _ in range(rng.randrange(0, 4)))
    return xmlrpc.client.dumps(params, rng.choice(["execute_kw", " login ", ""]))


@pytest.mark.parametrize("seed", range(300))
def test_both_paths_read_a_call_alike(seed: int) -> None:
    body = request(random.Random(seed)).encode()

    assert outcome(by_tree, body) == outcome(xmlrpc_reader._read_events, body)


@pytest.mark.parametrize("seed", range(600))
def test_both_paths_refuse_a_damaged_call_alike(seed: int) -> None:
    rng = random.Random(seed)
    body = damaged(request(rng), rng).encode()
    if xmlrpc_reader._tree(body) is None:  # not well-formed any more: the event path alone reads it
        return

    assert outcome(by_tree, body) == outcome(xmlrpc_reader._read_events, body)


def test_both_paths_bound_nesting_alike() -> None:
    for depth in (320, 331, 332, 333, 334, 340):
        body = xmlrpc.client.dumps((nested_list(depth),), "m").encode()

        assert outcome(by_tree, body) == outcome(xmlrpc_reader._read_events, body), depth


def nested_list(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "b">]><methodCall/>', id="DOCTYPE"),
        pytest.param(b"<methodCall><!-- a comment --><methodName>m</methodName></methodCall>", id="comment"),
        pytest.param(b"<methodCall><methodName><![CDATA[m]]></methodName></methodCall>", id="CDATA"),
        pytest.param("<methodCall><methodName>m</methodName></methodCall>".encode("utf-16"), id="UTF-16"),
        pytest.param(b'<?xml version="1.0" encoding="cp037"?><methodCall/>', id="an encoding unlike ASCII"),
        pytest.param(b"\x00<methodCall/>", id="a body starting with NUL"),
    ],
)
def test_what_may_hide_markup_takes_the_event_path(body: bytes) -> None:
    assert xmlrpc_reader._tree(body) is None


def test_undeclared_prefixes_are_read_by_the_event_path() -> None:
    body = b"<methodCall><methodName>m</methodName><params><param><value><ex:nil/></value></param></params></methodCall>"

    assert xmlrpc_reader._tree(body) is None
    assert xmlrpc_reader.read_call(body) == ("m", [None])


def test_namespaced_tags_read_alike() -> None:
    body = (b"<methodCall><methodName>m</methodName><params><param><value>"
            b"<ex:nil xmlns:ex='http://ws.apache.org/xmlrpc/namespaces/extensions'/></value></param>"
            b"<param><value xmlns='urn:x'><i4>3</i4></value></param></params></methodCall>")

    assert outcome(by_tree, body) == outcome(xmlrpc_reader._read_events, body) == ("value", ("m", [None, 3]))


def test_a_call_without_parameters_reads_alike_every_time() -> None:
    body = xmlrpc.client.dumps((), "version").encode()

    first = xmlrpc_reader.read_call(body)
    second = xmlrpc_reader.read_call(body)
    second[1].append("mutated by a caller")

    assert first == ("version", [])
    assert xmlrpc_reader.read_call(body) == ("version", [])
