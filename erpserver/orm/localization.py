"""The language and the time zone a call's context asks for, as Odoo reads them.

``lang`` counts only when it names an active language (else ``en_US``); ``tz`` only when it is a
known IANA time zone (else datetimes stay in UTC).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import babel
import sqlalchemy as sa

from erpserver.timebuckets import valid_time_zone

if TYPE_CHECKING:
    from erpserver.orm.environment import Environment

DEFAULT_LANG = "en_US"


def active_languages(env: Environment) -> dict[str, str]:
    """The active languages, code → name, sorted by name (``en_US`` alone before res.lang has rows)."""
    key = ("active_languages",)
    cached = env.caches.get(key)
    if cached is None:
        cached = {}
        if "res.lang" in env.registry:
            table = env.registry["res.lang"]._table
            query = sa.select(table.c.code, table.c.name).where(table.c.active == sa.true()).order_by(table.c.name)
            cached = dict(env.cr.execute(query).all())
        cached = cached or {DEFAULT_LANG: "English (US)"}
        env.caches[key] = cached
    return dict(cached)


def active_langs(env: Environment) -> frozenset[str]:
    """The codes of the active languages."""
    return frozenset(active_languages(env))


def context_lang(env: Environment) -> str | None:
    """The context's ``lang`` when it names an active language (Odoo's ``env.lang``), else None."""
    wanted = env.context.get("lang")
    if isinstance(wanted, str) and (wanted == DEFAULT_LANG or wanted in active_langs(env)):
        return wanted
    return None


def lang_code(env: Environment) -> str:
    """The context's language when it is active, else ``en_US``."""
    return context_lang(env) or DEFAULT_LANG


def time_zone(env: Environment) -> str | None:
    return valid_time_zone(env.context.get("tz"))


@functools.cache
def locale(code: str) -> babel.Locale:
    try:
        return babel.Locale.parse(code.replace("@latin", "_Latn"))
    except (ValueError, babel.UnknownLocaleError):
        return babel.Locale.parse(DEFAULT_LANG)


def first_week_day(env: Environment) -> int:
    """The first day of the week in the context's language (0 = Monday, 6 = Sunday)."""
    return int(locale(lang_code(env)).first_week_day)
