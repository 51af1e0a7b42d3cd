"""Time buckets as read_group makes them: the start of a date's day, week, month, quarter or year
(in a time zone for datetimes), the start of the next bucket, and week numbers.

Pure Python and dependency-free: PostgreSQL computes the same buckets with ``date_trunc``, and
SQLite calls ``sqlite_date_trunc`` (registered on each connection) to do it here.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

GRANULARITIES = ("hour", "day", "week", "month", "quarter", "year")
DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


@functools.cache
def time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def valid_time_zone(name: object) -> str | None:
    """``name`` when it is a time zone the database knows too (IANA names), else None."""
    return name if isinstance(name, str) and name in time_zones() else None


def to_local(moment: dt.datetime, tz: str | None) -> dt.datetime:
    """A naive UTC datetime as naive wall-clock time in ``tz`` (unchanged without one)."""
    if not tz:
        return moment
    return moment.replace(tzinfo=dt.UTC).astimezone(zoneinfo.ZoneInfo(tz)).replace(tzinfo=None)


def to_utc(moment: dt.datetime, tz: str | None) -> dt.datetime:
    """Naive wall-clock time in ``tz`` as a naive UTC datetime."""
    if not tz:
        return moment
    return moment.replace(tzinfo=zoneinfo.ZoneInfo(tz)).astimezone(dt.UTC).replace(tzinfo=None)


def truncate(value: dt.datetime, granularity: str, first_week_day: int = 0) -> dt.datetime:
    """The start of the bucket holding ``value``; weeks start on ``first_week_day`` (0 = Monday)."""
    if granularity == "hour":
        return value.replace(minute=0, second=0, microsecond=0)
    day = value.replace(hour=0, minute=0, second=0, microsecond=0)
    if granularity == "day":
        return day
    if granularity == "week":
        return day - dt.timedelta(days=(day.weekday() - first_week_day) % 7)
    if granularity == "month":
        return day.replace(day=1)
    if granularity == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    if granularity == "year":
        return day.replace(month=1, day=1)
    raise ValueError(f"Granularity specification isn't correct: {granularity!r}")


def add_months(value: dt.datetime, months: int) -> dt.datetime:
    """``value`` moved by whole months (bucket starts are on day 1, so no day overflows)."""
    index = value.year * 12 + value.month - 1 + months
    return value.replace(year=index // 12, month=index % 12 + 1)


def next_start(start: dt.datetime, granularity: str) -> dt.datetime:
    """The start of the bucket after the one starting at ``start``."""
    steps = {"hour": dt.timedelta(hours=1), "day": dt.timedelta(days=1), "week": dt.timedelta(days=7)}
    if granularity in steps:
        return start + steps[granularity]
    return add_months(start, {"month": 1, "quarter": 3, "year": 12}[granularity])


def week_number(value: dt.date, first_week_day: int, min_week_days: int) -> tuple[int, int]:
    """(year, week) of ``value`` as Odoo labels weeks: ISO weeks where the week starts on Monday
    and needs 4 days of the year; elsewhere week 1 is the week holding January 1st, and the days
    of December in it already belong to the next year."""
    if first_week_day == 0 and min_week_days == 4:
        iso = value.isocalendar()
        return iso[0], iso[1]

    def week_start(day: dt.date) -> dt.date:
        return day - dt.timedelta(days=(day.weekday() - first_week_day) % 7)

    if value >= week_start(dt.date(value.year + 1, 1, 1)):
        return value.year + 1, 1
    return value.year, (value - week_start(dt.date(value.year, 1, 1))).days // 7 + 1


def sqlite_date_trunc(granularity: str, value: str | None, tz: str | None, first_week_day: int) -> str | None:
    """SQLite's stand-in for PostgreSQL's ``date_trunc``: ``value`` is a stored date
    (``YYYY-MM-DD``) or datetime (``YYYY-MM-DD HH:MM:SS``, UTC, bucketed in ``tz``)."""
    if value is None:
        return None
    if len(value) == 10:
        day = dt.datetime.strptime(value, DATE_FORMAT)
        return truncate(day, granularity, first_week_day).strftime(DATE_FORMAT)
    moment = to_local(dt.datetime.strptime(value[:19], DATETIME_FORMAT), tz)
    return truncate(moment, granularity, first_week_day).strftime(DATETIME_FORMAT)
