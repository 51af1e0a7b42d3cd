"""Domains as wire lists, combined the way Odoo hands them back to clients (read_group's
``__domain``): every implicit AND made explicit in prefix form, leaves as tuples.

``and_domains([["a", "=", 1]], [("b", "=", 2)])`` → ``["&", ("a", "=", 1), ("b", "=", 2)]``;
an empty domain (all records) drops out, and ``[(1, "=", 1)]`` stands for it when nothing is left.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

TRUE_LEAF = (1, "=", 1)
FALSE_LEAF = (0, "=", 1)
ARITY = {"!": 1, "&": 2, "|": 2}


def normalize(domain: Sequence[Any]) -> list[Any]:
    """``[A, B]`` → ``['&', A, B]``; ``[]`` → ``[TRUE_LEAF]``; ValueError for a malformed domain."""
    if not domain:
        return [TRUE_LEAF]
    result: list[Any] = []
    expected = 1
    for token in domain:
        if expected == 0:  # one more term than the operators take: an implicit '&' in front
            result.insert(0, "&")
            expected = 1
        if isinstance(token, (list, tuple)):
            expected -= 1
            if len(token) == 3 and token[1] in ("any", "not any") and isinstance(token[2], (list, tuple)):
                token = (token[0], token[1], normalize(token[2]))
            else:
                token = tuple(token)
        else:
            expected += ARITY.get(token, 0) - 1
        result.append(token)
    if expected:
        raise ValueError(f"Domain {list(domain)!r} is syntactically not correct.")
    return result


def _is(domain: Sequence[Any], leaf: tuple[Any, ...]) -> bool:
    return len(domain) == 1 and isinstance(domain[0], (list, tuple)) and tuple(domain[0]) == leaf


def and_domains(*domains: Sequence[Any]) -> list[Any]:
    """The conjunction of ``domains`` (Odoo's ``expression.AND``)."""
    result: list[Any] = []
    count = 0
    for domain in domains:
        if not domain or _is(domain, TRUE_LEAF):
            continue
        if _is(domain, FALSE_LEAF):
            return [FALSE_LEAF]
        result += normalize(domain)
        count += 1
    return ["&"] * (count - 1) + result if result else [TRUE_LEAF]
