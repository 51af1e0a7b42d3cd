"""Wire forms of Python values that every codec writes the same way.

Odoo sends dates and datetimes as plain strings (naive UTC, no microseconds) on both XML-RPC and
JSON-RPC, and clients parse exactly those strings; keeping the two formats in one place keeps the
codecs from drifting apart.
"""

from __future__ import annotations

from datetime import UTC, date, datetime


def datetime_text(value: datetime) -> str:
    """``'YYYY-MM-DD HH:MM:SS'`` in UTC: an aware value is converted, a naive one is taken as UTC."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(sep=" ", timespec="seconds")


def date_text(value: date) -> str:
    """``'YYYY-MM-DD'``."""
    return value.isoformat()
