"""Odoo domains: parse the wire list into immutable nodes, rewrite them, compile to SQLAlchemy.

Grammar (prefix notation)::

    domain  := [] | item+            -- items side by side are joined by an implicit '&'
    item    := '&' item item | '|' item item | '!' item | leaf
    leaf    := [path, operator, value] | [1, '=', 1] (TRUE) | [0, '=', 1] (FALSE)
    path    := field ('.' field)*    -- a dotted path means "some related record matches"

The rewrite rules (Odoo 17 semantics), each applied while the nodes are built:

- ``negate``: ``!(A & B) = !A | !B``, ``!(A | B) = !A & !B``, ``!!A = A``; ``!(f op v) = (f op' v)``
  for operators with a negation (``=``/``!=``, ``<``/``>=``, ``in``/``not in``, ``like``/``not like``...);
  ``!(a.b op v) = (a not any [(b op v)])`` and ``!(f any D) = (f not any D)``; the rest keep a NOT.
- ``normalize_operator``: lower case, ``<>`` is ``!=``, ``in``/``not in`` with a bool is ``=``/``!=``,
  ``=``/``!=`` with a list is ``in``/``not in``, ``(f =? v)`` is ``(f = v)``, or TRUE when ``v`` is
  empty — on a field, not a path: a path is resolved first and the operator last (Odoo 17), so
  ``(a.b =? False) = (a any [(b =? False)]) = (a any TRUE)``: "``a`` is set".
- ``expand_path``: ``(a.b.c op v) = (a any [(b.c op v)])``.

Compilation walks the tree and asks each field for the SQL of its own leaves (``condition``) and
of ``any`` / paths (``any_condition``, which embeds the comodel's search as a subquery), so
nothing here joins rows: joins are for ordering only, and collected here.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import NamedFromClause

from erpserver.orm import access, aliases

if TYPE_CHECKING:
    from erpserver.orm.environment import Environment
    from erpserver.orm.fields.base import Field
    from erpserver.orm.model import Model

_logger = logging.getLogger(__name__)

TERM_OPERATORS = frozenset({
    "=", "!=", "<=", "<", ">", ">=", "=?", "=like", "=ilike", "like", "not like", "ilike",
    "not ilike", "in", "not in", "child_of", "parent_of", "any", "not any",
})
NEGATIONS = {
    "=": "!=", "!=": "=", "<": ">=", ">=": "<", ">": "<=", "<=": ">", "in": "not in",
    "not in": "in", "like": "not like", "not like": "like", "ilike": "not ilike",
    "not ilike": "ilike", "any": "not any", "not any": "any",
}
# Operators that say what a value is not: a leaf per name field is ANDed, not ORed, for them;
# a relational leaf with one searches the comodel with the positive form (``positive``).
NEGATIVE_OPERATORS = frozenset({"!=", "not like", "not ilike", "not in", "not any"})


def positive(operator: str) -> str:
    """``not ilike`` → ``ilike``, ``!=`` → ``=``...; a positive operator as it is."""
    return NEGATIONS[operator] if operator in NEGATIVE_OPERATORS else operator


# -- nodes ----------------------------------------------------------------------------------------
class Node:
    """A domain node; compiled by ``Compiler.compile``."""


@dataclasses.dataclass(frozen=True)
class Constant(Node):
    value: bool


TRUE = Constant(True)
FALSE = Constant(False)


@dataclasses.dataclass(frozen=True)
class Leaf(Node):
    path: str
    operator: str
    value: Any

    def __repr__(self) -> str:
        return repr((self.path, self.operator, self.value))


@dataclasses.dataclass(frozen=True)
class Not(Node):
    child: Node


@dataclasses.dataclass(frozen=True)
class And(Node):
    children: tuple[Node, ...]


@dataclasses.dataclass(frozen=True)
class Or(Node):
    children: tuple[Node, ...]


# -- parsing --------------------------------------------------------------------------------------
def _is_leaf(item: Any) -> bool:
    return isinstance(item, (list, tuple)) and not isinstance(item, str)


def leaf(path: str, operator: str, value: Any) -> Node:
    """One leaf, checked and normalised as if it came from the wire."""
    return _leaf((path, operator, value))


def _leaf(item: Sequence[Any]) -> Node:
    if len(item) != 3:
        raise ValueError(f"Invalid leaf {item!r}")
    left, operator, value = item
    if isinstance(left, (bool, int)):
        if (left, operator, value) == (1, "=", 1):
            return TRUE
        if (left, operator, value) == (0, "=", 1):
            return FALSE
        raise ValueError(f"Invalid leaf {tuple(item)!r}")
    if not isinstance(left, str) or not left or not isinstance(operator, str):
        raise ValueError(f"Invalid leaf {tuple(item)!r}")
    operator = operator.lower()
    if operator == "<>":
        operator = "!="
    if operator not in TERM_OPERATORS:
        raise ValueError(f"Invalid leaf {tuple(item)!r}")
    if isinstance(value, list) and operator not in ("any", "not any"):
        value = tuple(value)
    return normalize_operator(Leaf(left, operator, value))


def normalize_operator(leaf: Leaf) -> Node:
    """Odoo's lenient operator rewrites (each logged by Odoo as a warning)."""
    operator, value = leaf.operator, leaf.value
    if operator in ("in", "not in") and isinstance(value, bool):
        return Leaf(leaf.path, "=" if operator == "in" else "!=", value)
    if operator in ("=", "!=") and isinstance(value, (list, tuple)):
        return Leaf(leaf.path, "in" if operator == "=" else "not in", value)
    if operator == "=?" and "." not in leaf.path:
        if value is False or value is None:
            return TRUE
        return Leaf(leaf.path, "=", value)
    return leaf


def parse(domain: Any) -> Node:
    """Turn a wire domain into a node tree, checking its arity (a tree is returned as it is)."""
    if isinstance(domain, Node):
        return domain
    if domain is None or domain is False:
        domain = []
    if not isinstance(domain, (list, tuple)):
        raise ValueError(
            f"Domains to normalize must have a 'domain' form: a list or tuple of domain components: {domain!r}"
        )
    items = list(domain)
    if not items:
        return TRUE
    position = 0

    def take() -> Node:
        nonlocal position
        if position >= len(items):
            raise ValueError(f"Domain {domain!r} is syntactically not correct.")
        item = items[position]
        position += 1
        if item == "!":
            return negate(take())
        if item in ("&", "|"):
            first, second = take(), take()
            return combine(And if item == "&" else Or, [first, second])
        if _is_leaf(item):
            return _leaf(item)
        raise ValueError(f"Invalid leaf {item!r}")

    nodes: list[Node] = []
    while position < len(items):
        nodes.append(take())
    return combine(And, nodes)


def combine(kind: type[And] | type[Or], nodes: Iterable[Node]) -> Node:
    """AND/OR with flattening and constant absorption (TRUE drops out of AND, absorbs OR...)."""
    absorbing, neutral = (FALSE, TRUE) if kind is And else (TRUE, FALSE)
    flat: list[Node] = []
    for node in nodes:
        if node == absorbing:
            return absorbing
        if node == neutral:
            continue
        if isinstance(node, kind):
            flat.extend(node.children)
        else:
            flat.append(node)
    if not flat:
        return neutral
    if len(flat) == 1:
        return flat[0]
    return kind(tuple(flat))


def negate(node: Node) -> Node:
    """Push a negation down to the leaves (see the module docstring)."""
    if isinstance(node, Constant):
        return FALSE if node.value else TRUE
    if isinstance(node, Not):
        return node.child
    if isinstance(node, And):
        return combine(Or, [negate(child) for child in node.children])
    if isinstance(node, Or):
        return combine(And, [negate(child) for child in node.children])
    assert isinstance(node, Leaf)
    if "." in node.path and node.operator not in ("any", "not any"):
        head, rest = node.path.split(".", 1)
        return Leaf(head, "not any", [(rest, node.operator, node.value)])
    if node.operator in NEGATIONS:
        return Leaf(node.path, NEGATIONS[node.operator], node.value)
    return Not(node)


def leaf_paths(node: Node) -> Iterable[str]:
    """The paths of the top-level leaves (not those inside ``any`` sub-domains)."""
    if isinstance(node, Leaf):
        yield node.path
    elif isinstance(node, Not):
        yield from leaf_paths(node.child)
    elif isinstance(node, (And, Or)):
        for child in node.children:
            yield from leaf_paths(child)


# -- ordering -------------------------------------------------------------------------------------
ORDER_TERM_RE = re.compile(
    r'^\s*(?P<field>"?[a-z0-9_]+"?)(?:\s+(?P<direction>asc|desc))?(?:\s+nulls\s+(?P<nulls>first|last))?\s*$',
    re.IGNORECASE,
)


def parse_order(order: str) -> list[tuple[str, bool, str | None]]:
    """``"name desc, id"`` → ``[("name", True, None), ("id", False, None)]``; UserError if malformed."""
    from erpserver.exceptions import UserError

    terms = order.split(",")
    parsed = []
    for term in terms:
        match = ORDER_TERM_RE.match(term)
        if not match:
            raise UserError(
                f'Invalid "order" specified ({order}). A valid "order" specification is a comma-separated '
                "list of valid field names (optionally followed by asc/desc for the direction)"
            )
        direction = (match["direction"] or "asc").lower()
        nulls = match["nulls"].lower() if match["nulls"] else None
        parsed.append((match["field"].strip('"'), direction == "desc", nulls))
    return parsed


# -- compilation ----------------------------------------------------------------------------------
class Compiler:
    """Compiles nodes of one model's domain against one (possibly aliased) table.

    It also collects the LEFT JOINs that ordering by a many2one needs, so the caller builds its
    FROM clause from ``from_clause()`` after ordering.
    """

    def __init__(self, env: Environment, model: type[Model], table: NamedFromClause | None = None,
                 followed: frozenset[tuple[str, str]] = frozenset()) -> None:
        self.env = env
        self.model = model
        self.table: NamedFromClause = model._table if table is None else table
        self.joins: list[tuple[sa.FromClause, ColumnElement]] = []
        self._joined: dict[str, Compiler] = {}
        # many2ones already followed to get here: following one again would loop (Odoo cuts there)
        self.followed = followed

    # helpers used by the fields
    def column(self, name: str) -> ColumnElement:
        column: ColumnElement = self.table.c[name]
        return column

    def subquery(self, model_name: str, domain: Any, active_test: bool | None = None) -> sa.Select:
        """The ids of ``model_name`` matching ``domain`` (a wire list or a node), as a SELECT."""
        return self.env[model_name]._search_query(domain, active_test=active_test)

    def hierarchy_ids(self, model_name: str, operator: str, value: Any, parent_field: str | None) -> list[int]:
        self.env.call.data_in_sql += 1  # the ids go into the SQL: it holds data, it is not kept
        return self.env[model_name]._hierarchy_ids(operator, value, parent_field)

    def can_join(self, field: Field) -> bool:
        return (field.model_name, field.name) not in self.followed

    def joined(self, field: Field) -> Compiler:
        """A compiler on the comodel's table, LEFT JOINed through ``field`` (for ordering)."""
        existing = self._joined.get(field.name)
        if existing is not None:
            return existing
        comodel = field.comodel(self.env)
        alias = aliases.alias(comodel._table, f"{self.table.name}__{field.name}")
        sub = Compiler(self.env, type(comodel), alias, self.followed | {(field.model_name, field.name)})
        self.joins.append((alias, alias.c.id == self.column(field.name)))
        self._joined[field.name] = sub
        return sub

    def from_clause(self) -> sa.FromClause:
        """The table with every LEFT JOIN collected here and in the joined compilers."""
        clause: sa.FromClause = self.table
        pending: list[Compiler] = [self]
        for compiler in pending:  # breadth-first: a join's own joins come after it
            for alias, onclause in compiler.joins:
                clause = clause.outerjoin(alias, onclause)
            pending.extend(compiler._joined.values())
        return clause

    # the tree walk
    def compile(self, node: Node) -> ColumnElement:
        if isinstance(node, Constant):
            return sa.true() if node.value else sa.false()
        if isinstance(node, And):
            return sa.and_(*(self.compile(child) for child in node.children))
        if isinstance(node, Or):
            return sa.or_(*(self.compile(child) for child in node.children))
        if isinstance(node, Not):
            return sa.not_(self.compile(node.child))
        assert isinstance(node, Leaf)
        return self.compile_leaf(node)

    def field(self, name: str, leaf: Leaf) -> Field:
        field = self.model._fields.get(name)
        if field is None:
            raise ValueError(f"Invalid field {self.model._name}.{name} in leaf {leaf!r}")
        if field.groups and not self.env.su:
            access.check_field_access(self.env, self.model, [name], "read")
        return field

    def compile_leaf(self, leaf: Leaf) -> ColumnElement:
        path, operator, value = leaf.path, leaf.operator, leaf.value
        head, dot, rest = path.partition(".")
        field = self.field(head, leaf)
        if field.related is not None and field.searchable:
            # a related (or inherited) field is searched where it is stored
            return self.compile_leaf(Leaf(field.related + dot + rest, operator, value))
        if dot:
            return field.any_condition(self, False, [(rest, operator, value)])
        if operator in ("any", "not any"):
            return field.any_condition(self, operator == "not any", value)
        if not field.searchable:
            _logger.error("Non-stored field %s cannot be searched.", field)
            return sa.true()
        return field.condition(self, operator, value)

    def order_terms(self, order: str) -> list[tuple[ColumnElement, bool, str | None]]:
        """(expression, descending, nulls) terms of an order string, validated against the model."""
        terms = []
        for name, descending, nulls in parse_order(order):
            field = self.model._fields.get(name)
            if field is None:
                raise ValueError(f"Invalid field {name!r} on model {self.model._name!r}")
            if field.groups and not self.env.su:
                access.check_field_access(self.env, self.model, [name], "read")
            if not field.sortable:
                _logger.warning("Cannot order %s by non-stored field %s", self.model._name, name)
                continue
            for expression, inner_descending in field.order_expression(self):
                terms.append((expression, descending != inner_descending, nulls))
        return terms

    def order_by(self, order: str) -> list[ColumnElement]:
        """ORDER BY clauses. NULLs sort as on PostgreSQL (which Odoo relies on) on every
        database: last when ascending, first when descending, unless the order says otherwise.
        SQLite sorts them the other way round by default, so there the clause is explicit."""
        return [order_clause(self.env, expression, descending, nulls)
                for expression, descending, nulls in self.order_terms(order)]


def order_clause(env: Environment, expression: ColumnElement, descending: bool, nulls: str | None) -> ColumnElement:
    """``expression`` sorted, NULLs where PostgreSQL puts them unless ``nulls`` (first, last) says."""
    clause = expression.desc() if descending else expression.asc()
    if nulls is None and env.dialect == "sqlite":
        nulls = "first" if descending else "last"
    if nulls == "first":
        return clause.nulls_first()
    if nulls == "last":
        return clause.nulls_last()
    return clause
