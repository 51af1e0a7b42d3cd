"""Date and Datetime: strings on the wire, naive UTC in the database, no microseconds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

import babel.dates
import sqlalchemy as sa
from sqlalchemy.dialects import sqlite
from sqlalchemy.sql.elements import ColumnElement

from erpserver import timebuckets
from erpserver.database.sqlfunctions import DateTrunc
from erpserver.orm import localization
from erpserver.orm.fields.base import Field, GroupValue, ImportValueError

if TYPE_CHECKING:
    from erpserver.orm.domain import Compiler
    from erpserver.orm.environment import Environment

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
# SQLite keeps datetimes as text; without microseconds they compare and ::text-match like PG's.
SQLITE_DATETIME: sa.types.TypeEngine = cast(Any, sqlite.DATETIME)(
    storage_format="%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d",
    regexp=r"(\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+)",
)


# read_group labels, as babel formats them in the context's language (weeks: "W<n> <year>")
DISPLAY_FORMATS = {
    "hour": "hh:00 dd MMM",
    "day": "dd MMM yyyy",
    "month": "MMMM yyyy",
    "quarter": "QQQ yyyy",
    "year": "yyyy",
}


def bucket_label(start: dt.datetime, granularity: str, lang: str) -> str:
    """How read_group names the bucket starting at ``start`` (wall-clock time)."""
    locale = localization.locale(lang)
    if granularity == "week":
        year, week = timebuckets.week_number(start.date(), locale.first_week_day, locale.min_week_days)
        return f"W{week} {year:04}"
    if granularity == "hour":
        return str(babel.dates.format_datetime(start, DISPLAY_FORMATS[granularity], locale=locale))
    return str(babel.dates.format_date(start.date(), DISPLAY_FORMATS[granularity], locale=locale))


class Temporal(Field):
    """What Date and Datetime share: read_group buckets them by day, week, month..."""

    # the groupby value's Python type and its wire format
    wire_format = DATE_FORMAT
    buckets_in_time_zone = False

    def group_granularity(self, spec: str, granularity: str | None) -> str | None:
        granularity = granularity or "month"
        if granularity not in timebuckets.GRANULARITIES:
            raise ValueError(f"Granularity specification isn't correct: {granularity!r}")
        return granularity

    def _time_zone(self, env: Environment) -> str | None:
        return localization.time_zone(env) if self.buckets_in_time_zone else None

    def group_column(self, compiler: Compiler, granularity: str | None) -> ColumnElement:
        self._check_column()
        env = compiler.env
        return DateTrunc(self.column_of(compiler), granularity or "month", is_date=not self.buckets_in_time_zone,
                         tz=self._time_zone(env), first_week_day=localization.first_week_day(env),
                         type_=self.sql_type())

    def group_values(self, env: Environment, granularity: str | None, raws: Sequence[Any],
                     names: Sequence[tuple[Any, ...] | None]) -> list[GroupValue]:
        """A label, the records from the bucket's start (included) to the next one's (excluded),
        and those bounds as ``__range`` (in UTC for datetimes)."""
        granularity = granularity or "month"
        lang, tz = localization.lang_code(env), self._time_zone(env)
        result = []
        for raw in raws:
            if raw is None or raw is False:
                result.append(GroupValue(False, [(self.name, "=", False)], False))
                continue
            start = raw if isinstance(raw, dt.datetime) else dt.datetime(raw.year, raw.month, raw.day)
            end = timebuckets.next_start(start, granularity)
            low = timebuckets.to_utc(start, tz).strftime(self.wire_format)
            high = timebuckets.to_utc(end, tz).strftime(self.wire_format)
            domain = ["&", (self.name, ">=", low), (self.name, "<", high)]
            result.append(GroupValue(bucket_label(start, granularity, lang), domain, {"from": low, "to": high}))
        return result


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
    import zoneinfo

    name = localization.time_zone(env)
    return zoneinfo.ZoneInfo(name) if name else None


class Date(Temporal):
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


class Datetime(Temporal):
    type = "datetime"
    wire_format = DATETIME_FORMAT
    buckets_in_time_zone = True

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
