"""Read an XML document into a small element tree, refusing anything that could hurt the server.

XML-RPC needs neither DTDs nor entities, so a DOCTYPE or an entity declaration is refused
outright: no billion laughs, no external entities, whatever the expat build's own limits are.

One leniency for real clients: Perl's RPC::XML declares ``us-ascii`` and PHP can declare
``iso-8859-1`` while sending UTF-8 bytes. When the declared encoding is one of those and the
bytes are valid UTF-8 with non-ASCII characters, the body is read as UTF-8. A body that is not
valid UTF-8 keeps its declared encoding (genuine Latin-1 still works).
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Callable, Iterator
from xml.parsers import expat

_DECLARED_ENCODING = re.compile(
    rb"""^(?:\xef\xbb\xbf)?\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']"""
)
_ASCII_OR_LATIN1 = frozenset(
    {"us-ascii", "ascii", "iso-8859-1", "iso8859-1", "iso_8859-1", "latin-1", "latin1", "l1"}
)


class XMLError(ValueError):
    """The body is not well-formed XML, or uses a refused construct (DOCTYPE, entities)."""


class Element:
    """An element: local tag name (namespace prefix dropped), child elements and text."""

    # Requests can hold hundreds of thousands of elements: keep them small and quick to build
    # (no list of children until the first child, the text as one string).
    __slots__ = ("tag", "children", "text")

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.children: list[Element] = NO_CHILDREN
        self.text = ""  # all character data directly inside (CDATA and references resolved)


NO_CHILDREN: list[Element] = []  # shared by childless elements, never appended to (_TreeBuilder.start)


def parse(body: bytes, on_end: Callable[[Element], None] | None = None) -> Element:
    """Parse ``body`` and return its root element; raises ``XMLError``. ``on_end`` sees each
    element once it is complete (and may simplify it: its children are its own)."""
    parser = expat.ParserCreate(encoding=_encoding_override(body))
    parser.buffer_text = True
    builder = _TreeBuilder(on_end)
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_entity
    parser.ExternalEntityRefHandler = _refuse_external_entity
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    with no_collection():
        try:
            parser.Parse(body, True)
        except expat.ExpatError as exc:
            raise XMLError(f"invalid XML: {exc}")
    if builder.root is None:  # pragma: no cover - expat refuses a document without an element
        raise XMLError("invalid XML: no element found")
    return builder.root


@contextlib.contextmanager
def no_collection() -> Iterator[None]:
    """No cyclic garbage collection while a big request is read: its tree and values hold no
    cycles, and each collection would only walk them again and again (a 10,000-row ``load``
    request read twice as fast)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _encoding_override(body: bytes) -> str | None:
    match = _DECLARED_ENCODING.match(body[:256])
    if not match or match.group(1).decode("ascii").lower() not in _ASCII_OR_LATIN1:
        return None
    if body.isascii():
        return None
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "UTF-8"


def _refuse_doctype(*_args: object) -> None:
    raise XMLError("refused: DOCTYPE declarations are not allowed in XML-RPC requests")


def _refuse_entity(*_args: object) -> None:
    raise XMLError("refused: entity declarations are not allowed in XML-RPC requests")


def _refuse_external_entity(context: str, base: str | None, system_id: str | None, public_id: str | None) -> int:
    raise XMLError("refused: entity declarations are not allowed in XML-RPC requests")


class _TreeBuilder:
    """Turns expat's start/data/end events into ``Element`` objects."""

    def __init__(self, on_end: Callable[[Element], None] | None = None) -> None:
        self.root: Element | None = None
        self._open: list[Element] = []
        self._on_end = on_end

    def start(self, tag: str, _attributes: dict[str, str]) -> None:
        element = Element(tag.rpartition(":")[2] if ":" in tag else tag)
        if self._open:
            parent = self._open[-1]
            if parent.children is NO_CHILDREN:
                parent.children = [element]
            else:
                parent.children.append(element)
        else:
            self.root = element
        self._open.append(element)

    def end(self, _tag: str) -> None:
        element = self._open.pop()
        if self._on_end is not None:
            self._on_end(element)

    def data(self, text: str) -> None:
        if self._open:
            self._open[-1].text += text
