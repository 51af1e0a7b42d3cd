"""gzip and deflate, both ways: inflating request bodies safely, compressing answers on request.

Inflating is bounded: the output is produced in slices and counted, so a gzip bomb (100 MB of
zeros in 100 KB) costs at most the configured cap in memory before it is refused with 413.

Answers are compressed only when ``Accept-Encoding`` allows it: Python's xmlrpc.client asks for
gzip, Ruby for gzip or deflate, Perl's RPC::XML for ``deflate`` only, meaning the zlib format
(RFC 9110), which is what ``zlib.compress`` writes.
"""

from __future__ import annotations

import gzip
import zlib

from erpserver.http.errors import BadRequest, PayloadTooLarge, UnsupportedMediaType

# Below this size compression costs more than it saves.
MIN_COMPRESSED_SIZE = 1024
SUPPORTED = ("gzip", "deflate")
_LEVEL = 6
_IDENTITY = frozenset({"", "identity"})


def inflate(data: bytes, content_encoding: str, limit: int) -> bytes:
    """Decode a request body sent with ``Content-Encoding``; at most ``limit`` bytes come out."""
    coding = content_encoding.strip().lower()
    if coding in _IDENTITY:
        return data
    if coding in ("gzip", "x-gzip"):
        return _inflate_members(data, zlib.MAX_WBITS | 16, limit)
    if coding == "deflate":
        return _inflate_members(data, _deflate_wbits(data), limit)
    raise UnsupportedMediaType(f"unsupported Content-Encoding {content_encoding!r}")


def _deflate_wbits(data: bytes) -> int:
    """zlib format as the RFC says, or raw deflate as some clients send it."""
    if len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0:
        return zlib.MAX_WBITS
    return -zlib.MAX_WBITS


def _inflate_members(data: bytes, wbits: int, limit: int) -> bytes:
    """Inflate every member (gzip allows several back to back), never beyond ``limit`` bytes."""
    out = bytearray()
    pending = data
    while pending:
        decompressor = zlib.decompressobj(wbits)
        try:
            while True:
                chunk = decompressor.decompress(pending, limit + 1 - len(out))
                out += chunk
                if len(out) > limit:
                    raise PayloadTooLarge(f"request body inflates beyond {limit} bytes")
                pending = decompressor.unconsumed_tail
                if not pending and not chunk:
                    break
        except zlib.error as exc:
            raise BadRequest(f"corrupt compressed request body: {exc}")
        if not decompressor.eof:
            raise BadRequest("corrupt compressed request body: truncated stream")
        pending = decompressor.unused_data if wbits > zlib.MAX_WBITS else b""
    return bytes(out)


def negotiate(accept_encoding: str) -> str | None:
    """The coding to answer with, from an ``Accept-Encoding`` header; gzip wins a tie."""
    weights: dict[str, float] = {}
    for item in accept_encoding.split(","):
        name, _, parameters = item.partition(";")
        weights[name.strip().lower()] = _quality(parameters)
    best, best_weight = None, 0.0
    for coding in SUPPORTED:
        weight = weights.get(coding, weights.get("*", 0.0))
        if coding == "gzip":
            weight = max(weight, weights.get("x-gzip", 0.0))
        if weight > best_weight:
            best, best_weight = coding, weight
    return best


def _quality(parameters: str) -> float:
    for parameter in parameters.split(";"):
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "q":
            try:
                return min(max(float(value), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0


def compress(body: bytes, coding: str) -> bytes:
    if coding == "gzip":
        return gzip.compress(body, _LEVEL, mtime=0)
    return zlib.compress(body, _LEVEL)
