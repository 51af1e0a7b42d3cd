"""An expat parser that refuses anything that could hurt the server; the caller reads the events.

XML-RPC needs neither DTDs nor entities, so a DOCTYPE or an entity declaration is refused
outright: no billion laughs, no external entities, whatever the expat build's own limits are.

One leniency for real clients: Perl's RPC::XML declares ``us-ascii`` and PHP can declare
``iso-8859-1`` while sending UTF-8 bytes. When the declared encoding is one of those and the
bytes are valid UTF-8 with non-ASCII characters, the body is read as UTF-8. A body that is not
valid UTF-8 keeps its declared encoding (genuine Latin-1 still works).
"""

from __future__ import annotations

import re
from xml.parsers import expat

_DECLARED_ENCODING = re.compile(
    rb"""^(?:\xef\xbb\xbf)?\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']"""
)
ASCII_OR_LATIN1 = frozenset(
    {"us-ascii", "ascii", "iso-8859-1", "iso8859-1", "iso_8859-1", "latin-1", "latin1", "l1"}
)


class XMLError(ValueError):
    """The body is not well-formed XML, or uses a refused construct (DOCTYPE, entities)."""


def make_parser(body: bytes) -> expat.XMLParserType:
    """An expat parser for ``body`` that refuses DOCTYPEs and entities; the caller sets the
    element and character handlers, then calls ``feed``."""
    parser = expat.ParserCreate(encoding=encoding_override(body, declared_encoding(body)))
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_entity
    parser.ExternalEntityRefHandler = _refuse_external_entity
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def feed(parser: expat.XMLParserType, body: bytes) -> None:
    """Parse the whole of ``body``; raises ``XMLError`` (or whatever a handler raises)."""
    try:
        parser.Parse(body, True)
    except expat.ExpatError as exc:
        raise XMLError(f"invalid XML: {exc}")


def declared_encoding(body: bytes) -> str | None:
    """The encoding the XML declaration names, lower case; None without one (a declaration
    anywhere but at the start is an error expat reports)."""
    if not body.startswith((b"<?xml", b"\xef\xbb\xbf<?xml")):
        return None
    match = _DECLARED_ENCODING.match(body[:256])
    return match.group(1).decode("ascii").lower() if match else None


def encoding_override(body: bytes, declared: str | None) -> str | None:
    """UTF-8 when the body declares ASCII or Latin-1 (``declared``) but is UTF-8 with non-ASCII
    characters."""
    if declared not in ASCII_OR_LATIN1:
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
