"""Reading a request body under the configured limits, whatever way the client framed it.

A declared ``Content-Length`` beyond the limit is refused before a byte is read; a chunked body
(the server sets ``wsgi.input_terminated``) is counted while it is read. A compressed body is
then inflated under its own cap (see ``compression``).
"""

from __future__ import annotations

from typing import Any

from erpserver.http.compression import inflate
from erpserver.http.errors import BadRequest, LengthRequired, PayloadTooLarge

_CHUNK = 64 * 1024


def read_body(environ: dict[str, Any], *, max_size: int, max_inflated: int) -> bytes:
    """The request body, inflated if it was compressed; raises the matching ``HTTPError``."""
    raw = _read_raw(environ, max_size)
    return inflate(raw, environ.get("HTTP_CONTENT_ENCODING", ""), max_inflated)


def _read_raw(environ: dict[str, Any], max_size: int) -> bytes:
    stream = environ["wsgi.input"]
    declared = environ.get("CONTENT_LENGTH", "").strip()
    if declared:
        if not declared.isdigit():
            raise BadRequest(f"invalid Content-Length {declared!r}")
        length = int(declared)
        if length > max_size:
            raise PayloadTooLarge(f"request body larger than {max_size} bytes")
        return _read_exactly(stream, length)
    if environ.get("wsgi.input_terminated"):
        return _read_to_end(stream, max_size)
    if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        # The server hands over the raw chunked stream with no end marker: unreadable safely.
        raise LengthRequired("chunked request bodies are not supported by this server")
    # PEP 3333: without a length, an application must not read (it could wait forever).
    return b""


def _read_exactly(stream: Any, length: int) -> bytes:
    parts, remaining = [], length
    while remaining:
        part = stream.read(min(remaining, _CHUNK))
        if not part:
            raise BadRequest("request body shorter than its Content-Length")
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


def _read_to_end(stream: Any, max_size: int) -> bytes:
    parts, size = [], 0
    while part := stream.read(_CHUNK):
        size += len(part)
        if size > max_size:
            raise PayloadTooLarge(f"request body larger than {max_size} bytes")
        parts.append(part)
    return b"".join(parts)
