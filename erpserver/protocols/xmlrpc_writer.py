"""Writing XML-RPC values: one pass over the value, pieces appended to a list, joined once.

The answer of a ``search_read`` is hundreds of scalars in a few containers, so the common types
are tested first by exact type, inline in the container loops, and a string is escaped only
when it holds something to escape (``str.isprintable`` is true for none of the characters XML
cannot carry, nor for CR). Everything else takes the slower, general path along its type's MRO.

What goes out is what Odoo's clients read (spec README, decision 5): never ``<nil/>`` (None is
False), never ``<i8>`` (an int beyond 32 bits is a double), dates as strings, characters XML
cannot carry dropped, CR kept as a reference; a container that holds itself is refused, as the
stdlib's marshaller refuses it, and so is any type not in the table (even an object with a
``__dict__``, which the stdlib would send as a struct).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from erpserver.protocols.values import date_text, datetime_text

MAXINT = 2**31 - 1
MININT = -(2**31)

# Characters XML 1.0 cannot carry: C0 controls other than TAB/LF/CR, lone surrogates, U+FFFE/F.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

TRUE = "<value><boolean>1</boolean></value>\n"
FALSE = "<value><boolean>0</boolean></value>\n"

# The <member><name> line of a struct key, by key: result keys are field names, few and repeated.
_MEMBER_HEADS: dict[str, str] = {}
_MEMBER_HEADS_MAX = 4096
_MEMBER_KEY_MAX = 64


def clean_text(value: str) -> str:
    """Drop the characters an XML document cannot carry (Odoo strips C0 controls too)."""
    return _NOT_XML.sub("", value)


def escape(value: str) -> str:
    """``value`` as XML character data: invalid characters dropped, markup escaped, CR kept."""
    if value.isprintable():
        return _escape_markup(value)
    value = _escape_markup(_NOT_XML.sub("", value))
    # A literal CR would be read back as LF by any XML parser; a reference keeps it.
    return value.replace("\r", "&#13;") if "\r" in value else value


def _escape_markup(value: str) -> str:
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return value


def _member_head(key: Any) -> str:
    if isinstance(key, str):
        head = _MEMBER_HEADS.get(key)
        if head is not None:
            return head
        head = f"<member>\n<name>{escape(key)}</name>\n"
        if len(key) <= _MEMBER_KEY_MAX and len(_MEMBER_HEADS) < _MEMBER_HEADS_MAX:
            _MEMBER_HEADS[key] = head
        return head
    return f"<member>\n<name>{escape(str(key))}</name>\n"


def _int(value: int) -> str:
    number = int(value)
    if MININT <= number <= MAXINT:
        return f"<value><int>{number}</int></value>\n"
    try:
        float(number)
    except OverflowError:
        raise OverflowError("int exceeds the range of an XML-RPC double")
    return f"<value><double>{number}.0</double></value>\n"


def _string(value: str) -> str:
    if not value.isprintable() or "&" in value or "<" in value or ">" in value:
        value = escape(value)
    return f"<value><string>{value}</string></value>\n"


def _float(value: float | Decimal) -> str:
    return f"<value><double>{float(value)!r}</double></value>\n"


def _bytes(value: bytes | bytearray | memoryview) -> str:
    return _string(bytes(value).decode("utf-8"))


def _datetime(value: datetime) -> str:
    return _string(datetime_text(value))


def _date(value: date) -> str:
    return _string(date_text(value))


# The scalars: type -> the text of its <value>.
_SCALARS: dict[type, Callable[[Any], str]] = {
    bool: lambda value: TRUE if value else FALSE,
    int: _int,
    float: _float,
    Decimal: _float,
    str: _string,
    bytes: _bytes,
    bytearray: _bytes,
    memoryview: _bytes,
    datetime: _datetime,
    date: _date,
    type(None): lambda value: FALSE,
}
_ARRAYS = (list, tuple, set, frozenset)


class Writer:
    """Appends the XML of values to ``out``; one instance per document (it remembers which
    containers are open, to refuse one that holds itself)."""

    __slots__ = ("out", "_open")

    def __init__(self, out: list[str]) -> None:
        self.out = out
        self._open: set[int] = set()

    def value(self, value: Any) -> None:
        kind = type(value)
        if kind is dict:
            self.struct(value)
        elif kind is list or kind is tuple:
            self.array(value)
        elif kind is str:
            self.out.append(_string(value))
        else:
            scalar = _SCALARS.get(kind)
            if scalar is not None:
                self.out.append(scalar(value))
            else:
                self._general(value)

    def _general(self, value: Any) -> None:
        """Subclasses (IntEnum, str subclasses, OrderedDict...) and other mappings."""
        for candidate in type(value).__mro__:
            scalar = _SCALARS.get(candidate)
            if scalar is not None:
                self.out.append(scalar(value))
                return
            if candidate is dict:
                self.struct(value)
                return
            if candidate in _ARRAYS:
                self.array(value)
                return
        if isinstance(value, Mapping):
            self.struct(value)
            return
        raise TypeError(f"cannot marshal {type(value)} objects")

    def array(self, value: Any) -> None:
        key = id(value)
        if key in self._open:
            raise TypeError("cannot marshal recursive sequences")
        self._open.add(key)
        append = self.out.append
        append("<value><array><data>\n")
        for item in value:
            kind = type(item)
            if kind is str:
                if not item.isprintable() or "&" in item or "<" in item or ">" in item:
                    item = escape(item)
                append(f"<value><string>{item}</string></value>\n")
            elif kind is int and MININT <= item <= MAXINT:
                append(f"<value><int>{item}</int></value>\n")
            elif kind is bool:
                append(TRUE if item else FALSE)
            elif kind is float:
                append(f"<value><double>{item!r}</double></value>\n")
            else:
                self.value(item)
        append("</data></array></value>\n")
        self._open.discard(key)

    def struct(self, value: Mapping[Any, Any]) -> None:
        key = id(value)
        if key in self._open:
            raise TypeError("cannot marshal recursive dictionaries")
        self._open.add(key)
        append = self.out.append
        heads = _MEMBER_HEADS
        append("<value><struct>\n")
        for name, item in value.items():
            head = heads.get(name) if type(name) is str else None
            append(head if head is not None else _member_head(name))
            kind = type(item)
            if kind is str:
                if not item.isprintable() or "&" in item or "<" in item or ">" in item:
                    item = escape(item)
                append(f"<value><string>{item}</string></value>\n</member>\n")
            elif kind is int and MININT <= item <= MAXINT:
                append(f"<value><int>{item}</int></value>\n</member>\n")
            elif kind is bool:
                append("<value><boolean>1</boolean></value>\n</member>\n" if item
                       else "<value><boolean>0</boolean></value>\n</member>\n")
            elif kind is float:
                append(f"<value><double>{item!r}</double></value>\n</member>\n")
            elif kind is datetime and item.tzinfo is None:
                append(f"<value><string>{item.isoformat(' ', 'seconds')}</string></value>\n</member>\n")
            else:
                self.value(item)
                append("</member>\n")
        append("</struct></value>\n")
        self._open.discard(key)


def params(values: Any) -> str:
    """``<params>`` holding one ``<param>`` per value."""
    out = ["<params>\n"]
    writer = Writer(out)
    for value in values:
        out.append("<param>\n")
        writer.value(value)
        out.append("</param>\n")
    out.append("</params>\n")
    return "".join(out)


def fault(code: int | str, string: str) -> str:
    """``<fault>`` with its struct of ``faultCode`` and ``faultString``."""
    out = ["<fault>\n"]
    Writer(out).struct({"faultCode": code, "faultString": string})
    out.append("</fault>\n")
    return "".join(out)
