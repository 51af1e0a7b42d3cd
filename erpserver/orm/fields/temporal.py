"""Date and Datetime: strings on the wire, naive UTC in the database, no microseconds."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite

from erpserver.orm.fields.base import Field, ImportValueError

if TYPE_CHECKING:
    from erpserver.orm.environment import Environment

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
# SQLite keeps datetimes as text; without microseconds they compare and ::text-match like PG's.
SQLITE_DATETIME: sa.types.TypeEngine = cast(Any, sqlite.DATETIME)(
    storage_format="%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d",
    regexp=r"(\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+)",
)


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"time data {value!r} does not match format '{DATE_FORMAT}'")
    return dt.datetime.strptime(value[:10], DATE_FORMAT).date()


def parse_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            raise ValueError(f"Datetime field expects a naive datetime: {value}")
        return value.replace(microsecond=0)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if not isinstance(value, str):
        raise ValueError(f"time data {value!r} does not match format '{DATETIME_FORMAT}'")
    for length, fmt in ((19, DATETIME_FORMAT), (16, "%Y-%m-%d %H:%M"), (13, "%Y-%m-%d %H"), (10, DATE_FORMAT)):
        if len(value) == length:
            return dt.datetime.strptime(value, fmt)
    raise ValueError(f"time data {value!r} does not match format '{DATETIME_FORMAT}'")


def context_zone(env: Environment) -> dt.tzinfo | None:
    """The time zone the context names (``tz``), if it names a known one."""
    tz_name = env.context.get("tz")
    if not tz_name:
        return None
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(tz_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


class Date(Field):
    type = "date"

    def sql_type(self) -> sa.types.TypeEngine:
        return sa.Date()

    def to_column(self, value: Any, env: Environment) -> Any:
        if not value:
            return None
        return parse_date(value)

    def to_read(self, value: Any) -> Any:
        if value is None:
            return False
        return value.strftime(DATE_FORMAT) if isinstance(value, dt.date) else str(value)

    def to_operand(self, value: Any) -> Any:
        return parse_date(value)

    def import_value(self, text: str, env: Environment) -> Any:
        try:
            return parse_date(text)
        except ValueError:
            raise ImportValueError(f"'{text}' does not seem to be a valid date for field '{self.string}'",
                                   "Use the format '2012-12-31'")


class Datetime(Field):
    type = "datetime"

    def sql_type(self) -> sa.types.TypeEngine:
        return sa.DateTime().with_variant(SQLITE_DATETIME, "sqlite")

    def to_column(self, value: Any, env: Environment) -> Any:
        if not value:
            return None
        return parse_datetime(value)

    def to_read(self, value: Any) -> Any:
        if value is None:
            return False
        return value.strftime(DATETIME_FORMAT) if isinstance(value, dt.datetime) else str(value)

    def to_operand(self, value: Any) -> Any:
        return parse_datetime(value)

    def import_value(self, text: str, env: Environment) -> Any:
        """Cells are in the context's time zone (UTC when none is given), stored in UTC."""
        try:
            moment = parse_datetime(text)
        except ValueError:
            raise ImportValueError(f"'{text}' does not seem to be a valid datetime for field '{self.string}'",
                                   "Use the format '2012-12-31 23:59:59'")
        zone = context_zone(env)
        if zone is not None:
            moment = moment.replace(tzinfo=zone).astimezone(dt.UTC).replace(tzinfo=None)
        return moment

    def export_cell(self, value: Any, env: Environment) -> Any:
        """In the context's time zone, as ``load`` reads it back."""
        if not value:
            return ""
        zone = context_zone(env)
        if zone is None:
            return value
        moment = parse_datetime(value).replace(tzinfo=dt.UTC).astimezone(zone)
        return moment.strftime(DATETIME_FORMAT)

    def comparison_operand(self, operator: str, value: Any) -> Any:
        """A bare date means the end of that day for ``>`` and ``<=``, its start otherwise."""
        is_day = (isinstance(value, str) and len(value) == 10) or (
            isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        )
        moment = parse_datetime(value)
        if is_day and operator in (">", "<="):
            return moment.replace(hour=23, minute=59, second=59)
        return moment
