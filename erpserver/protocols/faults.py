"""What a wire format needs to know about an exception, decided once for all formats.

The exception classes in ``erpserver.exceptions`` carry their integer fault code, their legacy
title and their dotted name; this module reads those attributes (falling back to "application
error" for anything else) so that the XML-RPC and JSON-RPC codecs only choose a layout.
"""

from __future__ import annotations

import dataclasses
import traceback

APPLICATION_ERROR = 1
WARNING = 2
ACCESS_DENIED = 3
ACCESS_ERROR = 4

_KNOWN_CODES = frozenset({APPLICATION_ERROR, WARNING, ACCESS_DENIED, ACCESS_ERROR})


@dataclasses.dataclass(frozen=True)
class ErrorReport:
    """An exception as the protocols present it to a client."""

    exception: BaseException
    # The /xmlrpc/2 fault code: 1 application error, 2 warning, 3 access denied, 4 access error.
    code: int
    # Dotted class name, what JSON-RPC clients read in error.data.name.
    name: str
    message: str
    # The word after "warning -- " in legacy /xmlrpc fault codes.
    legacy_title: str

    @property
    def summary(self) -> str:
        """The last line of the traceback, ``"ValueError: <message>"``: what clients display."""
        kind = type(self.exception).__name__
        return f"{kind}: {self.message}" if self.message else kind

    def traceback_text(self) -> str:
        return "".join(traceback.format_exception(self.exception)).rstrip("\n")

    def detail(self, tracebacks: bool) -> str:
        """The text of an application error: the summary, or the traceback when configured."""
        return self.traceback_text() if tracebacks else self.summary


def describe(exc: BaseException) -> ErrorReport:
    """Read the wire-relevant facts of ``exc``; never raises, whatever the exception does."""
    code = getattr(exc, "fault_code", APPLICATION_ERROR)
    if not isinstance(code, int) or code not in _KNOWN_CODES:
        code = APPLICATION_ERROR
    title = getattr(exc, "legacy_title", None)
    return ErrorReport(
        exception=exc,
        code=code,
        name=_qualified_name(exc),
        message=safe_text(exc),
        legacy_title=title if isinstance(title, str) else "UserError",
    )


def _qualified_name(exc: BaseException) -> str:
    name = getattr(exc, "qualified_name", None)
    if isinstance(name, str) and name:
        return name
    kind = type(exc)
    return f"{kind.__module__}.{kind.__qualname__}"


def safe_text(value: object) -> str:
    """``str(value)``, or a placeholder: an error report must not fail on a broken ``__str__``."""
    try:
        return str(value)
    except Exception:
        return f"<unprintable {type(value).__name__} object>"
