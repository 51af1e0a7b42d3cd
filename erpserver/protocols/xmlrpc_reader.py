"""Reading a ``<methodCall>`` in one pass: expat's events turned straight into Python values.

No element tree is built: each open element is a small frame on a stack that knows what it may
contain, and a finished value goes straight into its parent (a param, an array's data, a struct
member). What is checked is what the tree reader checked, in the same words: the root is
``<methodCall>``; ``<methodName>``, ``<params>``, ``<data>`` at most once where they belong, a
member's ``<name>`` and ``<value>`` exactly once; only ``<param>`` in ``<params>``, ``<value>`` in
``<data>``, ``<member>`` in ``<struct>``; one typed element at most in a ``<value>``, of a known
type. Elements anywhere else are skipped with their content, as before. Nesting is bounded
(``MAX_DEPTH`` open elements), so no value can exhaust the stack further down.

Leniency for real clients is unchanged (spec ``clients.md``): ``<nil/>``, ``<i8>``, untyped and
empty values, namespace prefixes (``ex:nil``), Latin-1 ``<base64>`` text.
"""

from __future__ import annotations

import base64
import gc
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree

from erpserver.protocols import safe_xml

# Open elements at most: about 300 levels of arrays in arrays, far beyond any real request.
MAX_DEPTH = 1000

# What makes decoded <base64> bytes binary rather than text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class MalformedRequest(ValueError):
    """The body is not an XML-RPC call; answered, as Odoo does, with fault 1 and HTTP 200."""


# -- scalars ---------------------------------------------------------------------------------


def _boolean(text: str) -> bool:
    text = text.strip().lower()
    if text in ("1", "true"):
        return True
    if text in ("0", "false"):
        return False
    raise ValueError(text)


def _datetime(text: str) -> datetime:
    """``20240501T13:45:07`` (the standard form) or ISO 8601; aware values become naive UTC."""
    value = datetime.fromisoformat(text.strip())
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def _base64(text: str) -> str:
    """Text, not bytes: XMLRPC::Lite sends every non-ASCII string as base64 Latin-1.

    The bytes become UTF-8 text, else Latin-1 text, when they read as text (no control
    characters but TAB/LF/CR); real binary data stays the base64 text Odoo's binary fields use.
    """
    encoded = "".join(text.split())
    raw = base64.b64decode(encoded, validate=True)
    for encoding in ("utf-8", "latin-1"):
        try:
            decoded = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _CONTROL.search(decoded):
            return decoded
    return encoded


def _int(text: str) -> int:
    return int(text.strip())


def _double(text: str) -> float:
    return float(text.strip())


SCALARS: dict[str, Callable[[str], Any]] = {
    "string": str,
    "nil": lambda text: None,
    "boolean": _boolean,
    "int": _int,
    "i1": _int,
    "i2": _int,
    "i4": _int,
    "i8": _int,
    "biginteger": _int,
    "double": _double,
    "float": _double,
    # Apache XML-RPC's extension; the ORM's float fields take floats, not Decimals.
    "bigdecimal": _double,
    "dateTime.iso8601": _datetime,
    "base64": _base64,
}

# -- frames ----------------------------------------------------------------------------------

# What an open element is; it decides which children it takes and what it does with them.
SKIP, CALL, METHOD_NAME, PARAMS, PARAM, VALUE, SCALAR, ARRAY, DATA, STRUCT, MEMBER, MEMBER_NAME = range(12)
# A frame is a list (the quickest thing to make): [kind, tag, value, count, name] where value
# is what the element holds so far, count its typed children (a <value>), values (a <param>,
# a <member>) or <data> (an <array>), name a <member>'s name (None until seen).
KIND, TAG, HELD, COUNT, NAME = range(5)
# Elements whose text is their value; anything inside them is refused.
_TEXT_KINDS = frozenset({SCALAR, METHOD_NAME, MEMBER_NAME})

Handlers = tuple[Callable[[str, Any], None], Callable[[str], None], Callable[[str], None]]


def _handlers(call: list[Any]) -> Handlers:
    """expat's start, end and character handlers over a stack of frames whose bottom is
    ``call``, the <methodCall> frame; closures, the quickest handlers CPython calls. Only
    elements without children use their text, so one string holds the innermost text."""
    stack: list[list[Any]] = []
    text = ""

    def start(tag: str, _attributes: Any) -> None:
        nonlocal text
        text = ""
        if ":" in tag:
            tag = tag.rpartition(":")[2]
        if not stack:
            if tag != "methodCall":
                raise MalformedRequest(f"expected <methodCall>, found <{tag}>")
            stack.append(call)
            return
        parent = stack[-1]
        kind = parent[KIND]
        if kind == VALUE:
            if parent[COUNT]:
                raise MalformedRequest("<value> holds more than one element")
            parent[COUNT] = 1
            if tag in SCALARS:
                stack.append([SCALAR, tag, None, 0, None])
                return
            if len(stack) >= MAX_DEPTH:
                raise MalformedRequest("XML-RPC value nested too deeply")
            if tag == "struct":
                stack.append([STRUCT, tag, {}, 0, None])
            elif tag == "array":
                stack.append([ARRAY, tag, [], 0, None])
            else:
                raise MalformedRequest(f"unknown XML-RPC type <{tag}>")
        elif kind == DATA:
            if tag != "value":
                raise MalformedRequest(f"unexpected <{tag}> in <data>")
            stack.append([VALUE, tag, None, 0, None])
        elif kind == MEMBER:
            if tag == "value":
                if parent[COUNT]:
                    raise _twice(parent, tag)
                parent[COUNT] = 1
                stack.append([VALUE, tag, None, 0, None])
            elif tag == "name":
                if parent[NAME] is not None:
                    raise _twice(parent, tag)
                stack.append([MEMBER_NAME, tag, None, 0, None])
            else:
                stack.append([SKIP, tag, None, 0, None])
        elif kind == STRUCT:
            if tag != "member":
                raise MalformedRequest(f"unexpected <{tag}> in <struct>")
            stack.append([MEMBER, tag, None, 0, None])
        elif kind == PARAM:
            if tag == "value":
                if parent[COUNT]:
                    raise _twice(parent, tag)
                parent[COUNT] = 1
                stack.append([VALUE, tag, None, 0, None])
            else:
                stack.append([SKIP, tag, None, 0, None])
        elif kind == PARAMS:
            if tag != "param":
                raise MalformedRequest(f"unexpected <{tag}> in <params>")
            stack.append([PARAM, tag, None, 0, None])
        elif kind == ARRAY:
            if tag == "data":
                if parent[COUNT]:
                    raise _twice(parent, tag)
                parent[COUNT] = 1
                stack.append([DATA, tag, parent[HELD], 0, None])
            else:
                stack.append([SKIP, tag, None, 0, None])
        elif kind == CALL:
            if tag == "methodName":
                if parent[NAME] is not None:
                    raise _twice(parent, tag)
                stack.append([METHOD_NAME, tag, None, 0, None])
            elif tag == "params":
                if parent[HELD] is not None:
                    raise _twice(parent, tag)
                parent[HELD] = []
                stack.append([PARAMS, tag, parent[HELD], 0, None])
            else:
                stack.append([SKIP, tag, None, 0, None])
        elif kind in _TEXT_KINDS:
            raise MalformedRequest(f"unexpected <{tag}> in <{parent[TAG]}>")
        else:  # inside a skipped element: skipped too
            stack.append([SKIP, tag, None, 0, None])

    def end(_tag: str) -> None:
        nonlocal text
        frame = stack.pop()
        kind = frame[KIND]
        if kind == SCALAR:
            stack[-1][HELD] = _scalar(frame[TAG], text)
        elif kind == VALUE:
            # an untyped value is a string; <value/> is ''
            parent = stack[-1]
            if parent[KIND] == DATA:
                parent[HELD].append(frame[HELD] if frame[COUNT] else text)
            else:
                parent[HELD] = frame[HELD] if frame[COUNT] else text
        elif kind == MEMBER:
            if frame[NAME] is None:
                raise MalformedRequest("<member> lacks <name>")
            if not frame[COUNT]:
                raise MalformedRequest("<member> lacks <value>")
            stack[-1][HELD][frame[NAME]] = frame[HELD]
        elif kind in (STRUCT, ARRAY):
            stack[-1][HELD] = frame[HELD]
        elif kind == MEMBER_NAME:
            stack[-1][NAME] = text
        elif kind == PARAM:
            if not frame[COUNT]:
                raise MalformedRequest("<param> lacks <value>")
            stack[-1][HELD].append(frame[HELD])
        elif kind == METHOD_NAME:
            call[NAME] = text.strip()
        text = ""

    def data(chunk: str) -> None:
        nonlocal text
        text += chunk

    return start, end, data


def _twice(parent: list[Any], tag: str) -> MalformedRequest:
    return MalformedRequest(f"<{parent[TAG]}> holds more than one <{tag}>")


def _scalar(tag: str, text: str) -> Any:
    try:
        return SCALARS[tag](text)
    except (ValueError, ArithmeticError):
        raise MalformedRequest(f"bad <{tag}> value {text[:50]!r}")


# -- the quick path: a tree built in C, then walked ------------------------------------------

# Declared encodings in which "<!" is those two bytes, as in ASCII.
_ASCII_COMPATIBLE = safe_xml.ASCII_OR_LATIN1 | {"utf-8", "utf8"}


def _tree(body: bytes) -> ElementTree.Element | None:
    """The document as a tree made by ElementTree's C parser and builder (no Python call per
    element), when the body can hold no DOCTYPE, entity declaration, comment or CDATA: no "<!"
    in an encoding where that is what it would look like. None to leave it to the other path,
    which refuses or reads it in its own words."""
    if b"<!" in body or body[:1] not in _PLAIN_STARTS and not body.startswith(b"\xef\xbb\xbf<"):
        return None
    declared = safe_xml.declared_encoding(body)
    if declared is not None and declared not in _ASCII_COMPATIBLE:
        return None
    parser = ElementTree.XMLParser(encoding=safe_xml.encoding_override(body, declared))
    try:
        parser.feed(body)
        return parser.close()
    except ElementTree.ParseError:
        return None


_PLAIN_STARTS = frozenset({b"<", b" ", b"\t", b"\n", b"\r"})


def _local(tag: str) -> str:
    """The tag without its namespace, ``{uri}nil`` -> ``nil`` (the other path drops prefixes)."""
    return tag[tag.index("}") + 1:] if tag[:1] == "{" else tag


def _text_of(element: ElementTree.Element, tag: str) -> str:
    if len(element):
        raise MalformedRequest(f"unexpected <{_local(element[0].tag)}> in <{tag}>")
    return element.text or ""


def _walk_call(root: ElementTree.Element) -> tuple[str | None, list[Any] | None]:
    """What the event path gives for the same document, with the same errors in the same order."""
    tag = _local(root.tag)
    if tag != "methodCall":
        raise MalformedRequest(f"expected <methodCall>, found <{tag}>")
    name: str | None = None
    params: list[Any] | None = None
    for child in root:
        tag = _local(child.tag)
        if tag == "methodName":
            if name is not None:
                raise MalformedRequest("<methodCall> holds more than one <methodName>")
            name = _text_of(child, tag).strip()
        elif tag == "params":
            if params is not None:
                raise MalformedRequest("<methodCall> holds more than one <params>")
            params = []
            for param in child:
                tag = _local(param.tag)
                if tag != "param":
                    raise MalformedRequest(f"unexpected <{tag}> in <params>")
                params.append(_walk_holder(param, "param", 3))
    return name, params


def _walk_holder(holder: ElementTree.Element, kind: str, depth: int) -> Any:
    """The one <value> of a <param> (other children skipped)."""
    found = False
    value = None
    for child in holder:
        if _local(child.tag) == "value":
            if found:
                raise MalformedRequest(f"<{kind}> holds more than one <value>")
            found = True
            value = _walk_value(child, depth + 1)
    if not found:
        raise MalformedRequest(f"<{kind}> lacks <value>")
    return value


def _walk_value(element: ElementTree.Element, depth: int) -> Any:
    """A <value> at ``depth`` (the number of open elements, <methodCall> being 1)."""
    if not len(element):
        return element.text or ""  # an untyped value is a string; <value/> is ''
    typed = element[0]
    tag = _local(typed.tag)
    if tag in SCALARS:
        value = _scalar(tag, _text_of(typed, tag))
    elif depth >= MAX_DEPTH:
        raise MalformedRequest("XML-RPC value nested too deeply")
    elif tag == "struct":
        value = _walk_struct(typed, depth + 1)
    elif tag == "array":
        value = _walk_array(typed, depth + 1)
    else:
        raise MalformedRequest(f"unknown XML-RPC type <{tag}>")
    if len(element) > 1:
        raise MalformedRequest("<value> holds more than one element")
    return value


def _walk_array(array: ElementTree.Element, depth: int) -> list[Any]:
    values: list[Any] = []
    seen = False
    for data in array:
        if _local(data.tag) != "data":
            continue
        if seen:
            raise MalformedRequest("<array> holds more than one <data>")
        seen = True
        for item in data:
            tag = _local(item.tag)
            if tag != "value":
                raise MalformedRequest(f"unexpected <{tag}> in <data>")
            values.append(_walk_value(item, depth + 2))
    return values


def _walk_struct(struct: ElementTree.Element, depth: int) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for member in struct:
        tag = _local(member.tag)
        if tag != "member":
            raise MalformedRequest(f"unexpected <{tag}> in <struct>")
        name: str | None = None
        found = False
        value = None
        for child in member:
            tag = _local(child.tag)
            if tag == "value":
                if found:
                    raise MalformedRequest("<member> holds more than one <value>")
                found = True
                value = _walk_value(child, depth + 2)
            elif tag == "name":
                if name is not None:
                    raise MalformedRequest("<member> holds more than one <name>")
                name = _text_of(child, tag)
        if name is None:
            raise MalformedRequest("<member> lacks <name>")
        if not found:
            raise MalformedRequest("<member> lacks <value>")
        values[name] = value
    return values


# -- both ------------------------------------------------------------------------------------


# Calls without parameters (version(), about(), server_version()) by body: clients send the same
# few bytes again and again, and a parser costs more to set up than such a body to look up.
_BARE_CALLS: dict[bytes, str] = {}
_BARE_CALLS_MAX = 64
_BARE_CALL_SIZE = 512


def read_call(body: bytes) -> tuple[str, list[Any]]:
    """The method name and positional parameters of a ``<methodCall>``; MalformedRequest else.

    A body that a C-built tree can be trusted with (see ``_tree``) is read from that tree, any
    other through expat's events; both give the same values and the same errors."""
    bare = _BARE_CALLS.get(body)
    if bare is not None:
        return bare, []
    name, params = _read(body)
    if not params and len(body) <= _BARE_CALL_SIZE and len(_BARE_CALLS) < _BARE_CALLS_MAX:
        _BARE_CALLS[body] = name
    return name, params


def _read(body: bytes) -> tuple[str, list[Any]]:
    collecting = gc.isenabled()
    gc.disable()  # the values hold no cycles: a collection would only walk them again and again
    try:
        root = _tree(body)
        name, params = _read_events(body) if root is None else _walk_call(root)
    finally:
        if collecting:
            gc.enable()
    if name is None:
        raise MalformedRequest("<methodCall> lacks <methodName>")
    if not name:
        raise MalformedRequest("empty <methodName>")
    return name, params if params is not None else []


def _read_events(body: bytes) -> tuple[str | None, list[Any] | None]:
    call: list[Any] = [CALL, "methodCall", None, 0, None]
    parser = safe_xml.make_parser(body)
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = _handlers(call)
    try:
        safe_xml.feed(parser, body)
    except safe_xml.XMLError as exc:
        raise MalformedRequest(str(exc))
    return call[NAME], call[HELD]
