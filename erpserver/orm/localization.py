"""The language and the time zone a call's context asks for, as Odoo reads them.

``lang`` counts only when it names an active language (else ``en_US``); ``tz`` only when it is a
known IANA time zone (else datetimes stay in UTC).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import babel

from erpserver.timebuckets import valid_time_zone

if TYPE_CHECKING:
    from erpserver.orm.environment import Environment

DEFAULT_LANG = "en_US"


def active_langs(env: Environment) -> frozenset[str]:
    """The codes of the active languages (``en_US`` alone before res.lang exists)."""
    if "res.lang" not in env.registry:
        return frozenset({DEFAULT_LANG})
    key = ("active_langs",)
    cached = env.caches.get(key)
    if cached is None:
        table = env.registry["res.lang"]._table
        import sqlalchemy as sa

        query = sa.select(table.c.code).where(table.c.active == sa.true())
        cached = frozenset(env.cr.execute(query).scalars()) or frozenset({DEFAULT_LANG})
        env.caches[key] = cached
    return frozenset(cached)


def lang_code(env: Environment) -> str:
    """The context's language when it is active, else ``en_US``."""
    wanted = env.context.get("lang")
    if isinstance(wanted, str) and wanted != DEFAULT_LANG and wanted in active_langs(env):
        return wanted
    return DEFAULT_LANG


def time_zone(env: Environment) -> str | None:
    return valid_time_zone(env.context.get("tz"))


@functools.cache
def locale(code: str) -> babel.Locale:
    try:
        return babel.Locale.parse(code)
    except (ValueError, babel.UnknownLocaleError):
        return babel.Locale.parse(DEFAULT_LANG)


def first_week_day(env: Environment) -> int:
    """The first day of the week in the context's language (0 = Monday, 6 = Sunday)."""
    return int(locale(lang_code(env)).first_week_day)
