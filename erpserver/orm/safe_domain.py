"""Record-rule domains (``ir.rule.domain_force``) are data, never code.

Odoo evaluates them with ``safe_eval``; we accept the same texts but read them with a small
evaluator over Python's ``ast`` that knows a domain literal and four names: ``user`` (the
calling user: ``user.id``, ``user.<field>``, ``user.<many2one>.id``, ``user.<x2many>.ids``),
``company_id``, ``company_ids`` and ``time`` (``time.strftime('<format>')`` only). Anything
else — other calls, attribute walks, operators, comprehensions, lambdas, huge literals — is
refused by ``check`` when a rule is saved, in time proportional to the text's length, and
nothing ever reaches ``eval`` or ``exec``.
"""

from __future__ import annotations

import ast
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

MAX_TEXT = 20_000  # characters of a domain_force
MAX_NODES = 2_000  # syntax nodes of one expression
MAX_DEPTH = 32  # nesting of lists and tuples
MAX_INTEGER = 2**63  # beyond a 64-bit column nothing can match anyway
MAX_STRING = 4_096

NAMES = ("user", "company_id", "company_ids", "time")
USER_ATTRIBUTE_ENDS = ("id", "ids")


class UnsafeDomain(ValueError):
    """The text is not a domain literal over the known names."""


@dataclass(frozen=True)
class UserPath:
    """``user.id``, ``user.login``, ``user.company_id.id``, ``user.groups_id.ids``."""

    field: str | None  # None: the user's own id
    end: str | None = None  # "id" or "ids" after a relational field


@dataclass(frozen=True)
class Strftime:
    format: str


@dataclass(frozen=True)
class Name:
    name: str  # company_id or company_ids


@dataclass
class Values:
    """What the names stand for in one evaluation; ``user`` answers field paths lazily."""

    user_id: int
    user_field: Callable[[str, str | None], Any]
    company_id: int | bool
    company_ids: list[int]
    now: Callable[[], time.struct_time] = field(default=time.localtime)


def check(text: str) -> Any:
    """The domain of ``text`` as a tree of literals and placeholders; UnsafeDomain if it is not one.

    The result is what ``evaluate`` substitutes into; rules keep it, so a rule is read once."""
    if not isinstance(text, str):
        raise UnsafeDomain("the domain must be text")
    if len(text) > MAX_TEXT:
        raise UnsafeDomain(f"the domain is longer than {MAX_TEXT} characters")
    if not text.strip():
        return []
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        raise UnsafeDomain(f"not a Python literal: {error}") from None
    if sum(1 for _ in ast.walk(tree)) > MAX_NODES:
        raise UnsafeDomain(f"the domain has more than {MAX_NODES} elements")
    template = _literal(tree.body, 0)
    if not isinstance(template, list | tuple):
        raise UnsafeDomain("a domain is a list")
    return list(template)


def evaluate(template: Any, values: Values) -> Any:
    """The domain with every placeholder replaced by its value for this user."""
    if isinstance(template, list):
        return [evaluate(item, values) for item in template]
    if isinstance(template, tuple):
        return tuple(evaluate(item, values) for item in template)
    if isinstance(template, UserPath):
        if template.field is None:
            return values.user_id
        return values.user_field(template.field, template.end)
    if isinstance(template, Name):
        return values.company_id if template.name == "company_id" else list(values.company_ids)
    if isinstance(template, Strftime):
        return time.strftime(template.format, values.now())
    return template


def placeholders(template: Any) -> list[Any]:
    """The user paths and names a template uses (to know which user fields to read)."""
    if isinstance(template, list | tuple):
        return [found for item in template for found in placeholders(item)]
    if isinstance(template, UserPath | Name | Strftime):
        return [template]
    return []


def _literal(node: ast.AST, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise UnsafeDomain("the domain is nested too deeply")
    if isinstance(node, ast.Constant):
        return _constant(node.value)
    if isinstance(node, ast.List | ast.Tuple):
        items = [_literal(item, depth + 1) for item in node.elts]
        return items if isinstance(node, ast.List) else tuple(items)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        operand = _literal(node.operand, depth + 1)
        if isinstance(operand, bool) or not isinstance(operand, int | float):
            raise UnsafeDomain("a sign stands only before a number")
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Name):
        if node.id in ("company_id", "company_ids"):
            return Name(node.id)
        if node.id == "user":
            raise UnsafeDomain("use user.id, not user")
        raise UnsafeDomain(f"unknown name {node.id!r} (known: {', '.join(NAMES)})")
    if isinstance(node, ast.Attribute):
        return _user_path(node)
    if isinstance(node, ast.Call):
        return _strftime(node)
    raise UnsafeDomain(f"{type(node).__name__} is not allowed in a record rule")


def _constant(value: Any) -> Any:
    if value is None or isinstance(value, bool | float):
        return value
    if isinstance(value, int):
        if abs(value) > MAX_INTEGER:
            raise UnsafeDomain("integer too large")
        return value
    if isinstance(value, str):
        if len(value) > MAX_STRING:
            raise UnsafeDomain("string too long")
        return value
    raise UnsafeDomain(f"{type(value).__name__} literals are not allowed")


def _user_path(node: ast.Attribute) -> UserPath:
    names: list[str] = []
    current: ast.AST = node
    while isinstance(current, ast.Attribute):
        names.append(current.attr)
        current = current.value
    if not (isinstance(current, ast.Name) and current.id == "user"):
        raise UnsafeDomain("only attributes of user are allowed")
    names.reverse()
    if any(name.startswith("_") for name in names):
        raise UnsafeDomain("private attributes are not allowed")
    if names == ["id"]:
        return UserPath(None)
    if len(names) == 1:
        return UserPath(names[0])
    if len(names) == 2 and names[1] in USER_ATTRIBUTE_ENDS:
        return UserPath(names[0], names[1])
    raise UnsafeDomain(f"user.{'.'.join(names)}: only user.<field>, user.<field>.id and user.<field>.ids")


def _strftime(node: ast.Call) -> Strftime:
    function = node.func
    if not (isinstance(function, ast.Attribute) and function.attr == "strftime"
            and isinstance(function.value, ast.Name) and function.value.id == "time"):
        raise UnsafeDomain("calls are not allowed, except time.strftime('<format>')")
    if node.keywords or len(node.args) != 1 or not isinstance(node.args[0], ast.Constant) \
            or not isinstance(node.args[0].value, str) or len(node.args[0].value) > 64:
        raise UnsafeDomain("time.strftime takes one short format string")
    return Strftime(node.args[0].value)


def known_user_values(values: Mapping[str, Any]) -> Callable[[str, str | None], Any]:
    """A ``user_field`` reading from a dict of read() values (many2one as ``[id, name]``)."""

    def user_field(name: str, end: str | None) -> Any:
        if name not in values:
            raise UnsafeDomain(f"res.users has no field {name!r}")
        value = values[name]
        if end == "id":
            if isinstance(value, list | tuple):
                return value[0] if value else False
            return value
        if end == "ids":
            return list(value) if isinstance(value, list | tuple) else []
        if isinstance(value, list | tuple) and len(value) == 2 and isinstance(value[0], int):
            return value[0]
        return value

    return user_field
