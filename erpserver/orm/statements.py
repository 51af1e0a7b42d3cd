"""Built SELECTs kept per database, by the shape of the call that built them.

Building a read's SELECT (the fields' columns and joins, the record rules compiled) and having
SQLAlchemy compute its cache key cost more than running it. A statement built once is kept in
the database's caches (``env.caches``), which are dropped whenever rights, rules, memberships or
the schema change (the cache signal, a new registry), under a key holding everything it was
built from: the model, the fields, the user, the context and the call's own arguments. Kept,
the same ``Select`` object is executed again with new parameters: SQLAlchemy remembers its cache
key and its compiled form. Checks that must run on every call (access rights, field groups) are
the callers' and still run.

A statement built from data read meanwhile (the ids a ``child_of`` stands for) is not kept: the
data may change without any signal. A key holds each value with its type (``1``, ``1.0`` and ``True`` are equal in Python, not in a
domain); a call with a value that cannot be a key (a dict in the context) builds its statement
and keeps nothing. At most ``MAX_STATEMENTS`` per database: past that the store starts afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from erpserver.orm.environment import Environment

T = TypeVar("T")
MAX_STATEMENTS = 512
_STORE = "statements"


class Unkeyable(Exception):
    """A value that cannot be part of a key."""


def freeze(value: Any) -> Any:
    """A hashable form of ``value`` that tells its type; Unkeyable if there is none."""
    kind = type(value)
    if kind is list or kind is tuple:
        return (kind.__name__, *(freeze(item) for item in value))
    if kind is dict:
        return ("dict", *sorted((str(key), freeze(item)) for key, item in value.items()))
    try:
        hash(value)
    except TypeError:
        raise Unkeyable() from None
    return kind.__name__, value


def caller_key(env: Environment) -> tuple[Any, ...]:
    """What a statement may depend on in the environment: the user, superuser mode, the context."""
    return env.uid, env.su, freeze(env.context)


def kept(env: Environment, key: Callable[[], tuple[Any, ...]], build: Callable[[], T]) -> T:
    """The statement (or whatever ``build`` makes) kept under ``key()``, built first if need be."""
    try:
        full_key = key()
    except Unkeyable:
        return build()
    store: dict[Any, Any] = env.caches.setdefault(_STORE, {})
    found = store.get(full_key)
    if found is None:
        reads = env.call.data_in_sql
        found = build()
        if env.call.data_in_sql != reads:  # built from data read meanwhile (child_of): not kept
            return found
        if len(store) >= MAX_STATEMENTS:
            store.clear()
        store[full_key] = found
    return cast(T, found)
