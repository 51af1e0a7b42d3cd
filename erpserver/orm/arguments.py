"""Arguments as real clients send them: "not given" in many forms, ids as an int or a list."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def is_unset(value: Any) -> bool:
    """Clients say "not given" as None, False, 0 or '' (spec decision 13)."""
    return value is None or value is False or value == 0 or value == ""


def is_id(value: Any) -> bool:
    """A record id: an int that is not a bool."""
    return isinstance(value, int) and not isinstance(value, bool)


def normalize_ids(ids: Any) -> tuple[int, ...]:
    if ids is None or ids is False:
        return ()
    if isinstance(ids, bool):
        raise ValueError(f"Invalid ids {ids!r}")
    if isinstance(ids, int):
        return (ids,)
    if isinstance(ids, (list, tuple)):
        result = []
        for each in ids:
            if isinstance(each, bool) or not isinstance(each, int):
                raise ValueError(f"Invalid ids {ids!r}: ids must be integers")
            result.append(each)
        return tuple(result)
    raise ValueError(f"Invalid ids {ids!r}: ids must be integers")


def vals_list_of(vals_list: Any) -> list[Any]:
    """``create`` takes one dict or a list of them."""
    if isinstance(vals_list, Mapping):
        return [vals_list]
    if not isinstance(vals_list, (list, tuple)):
        raise ValueError(f"create() expects a dict or a list of dicts, got {vals_list!r}")
    return list(vals_list)
