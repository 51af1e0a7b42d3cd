"""Record rules (``ir.rule``): which rows of a model a user may see or change.

For a (user, model, operation) the applicable rules are the active ones with that permission
that are global or belong to one of the user's groups: global rules are ANDed, group rules
ORed, and the two parts ANDed. The result is a domain node that ``Model._search_query`` adds to
its WHERE clause, compiled in superuser mode (a rule's paths need no rights on the models they
cross). The node is cached per user, model, operation and active companies, and dropped with the
other access caches when rights change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from erpserver.exceptions import AccessError
from erpserver.orm import access, safe_domain
from erpserver.orm.domain import FALSE, TRUE, And, Compiler, Node, Or, combine, parse

if TYPE_CHECKING:
    from erpserver.orm.environment import Environment
    from erpserver.orm.model import Model
    from erpserver.orm.recordset import Recordset

RULES_MODEL = "ir.rule"
RELATION = "rule_group_rel"


def companies(env: Environment) -> tuple[int | bool, list[int]]:
    """(current company, active companies): the context's ``allowed_company_ids`` if given and
    all the user's own, else the user's company and all their companies."""
    key = ("companies", env.uid)
    cached = env.caches.get(key)
    if cached is None:
        users = env.registry["res.users"]._table
        rel = env.registry.relation_tables.get("res_company_users_rel")
        row = env.cr.execute(sa.select(users.c.company_id).where(users.c.id == env.uid)).first()
        own: list[int] = []
        if rel is not None:
            own = sorted(env.cr.execute(sa.select(rel.c.cid).where(rel.c.user_id == env.uid)).scalars())
        cached = (row[0] if row and row[0] else False, own)
        env.caches[key] = cached
    company_id, own = cached
    allowed = env.context.get("allowed_company_ids")
    if allowed:
        if not isinstance(allowed, list | tuple) or not all(isinstance(c, int) for c in allowed):
            raise AccessError("Access to unauthorized or invalid companies.")
        if not env.su and not set(allowed) <= set(own):
            raise AccessError("Access to unauthorized or invalid companies.")
        return allowed[0], list(allowed)
    return company_id, list(own)


def _values(env: Environment) -> safe_domain.Values:
    company_id, company_ids = companies(env)
    user_env = env(uid=env.uid, context={}, su=True)
    read_cache: dict[str, Any] = {}

    def user_field(name: str, end: str | None) -> Any:
        if name not in read_cache:
            users = user_env["res.users"]
            if name not in users._fields:
                raise safe_domain.UnsafeDomain(f"res.users has no field {name!r}")
            rows = users.browse(env.uid).read([name])
            read_cache[name] = rows[0][name] if rows else False
        return safe_domain.known_user_values(read_cache)(name, end)

    return safe_domain.Values(env.uid, user_field, company_id, company_ids)


def sample_values(env: Environment) -> safe_domain.Values:
    """Values to try a rule with when it is saved: the saving user's own."""
    return _values(env)


def _rule_rows(env: Environment, model_name: str, operation: str) -> list[tuple[str | None, bool]]:
    registry = env.registry
    rule = registry[RULES_MODEL]._table
    ir_model = registry["ir.model"]._table
    rel = registry.relation_tables[RELATION]
    groups = access.user_group_ids(env)
    mine = sa.exists().where(rel.c.rule_group_id == rule.c.id, rel.c.group_id.in_(groups)) if groups else sa.false()
    query = (
        sa.select(rule.c.domain_force, rule.c["global"])
        .select_from(rule.join(ir_model, ir_model.c.id == rule.c.model_id))
        .where(ir_model.c.model == model_name, rule.c.active == sa.true(),
               rule.c[f"perm_{operation}"] == sa.true(), sa.or_(rule.c["global"] == sa.true(), mine))
        .order_by(rule.c.id)
    )
    return [(text, bool(is_global)) for text, is_global in env.cr.execute(query)]


def domain_node(env: Environment, model_name: str, operation: str) -> Node:
    """The rule domain of ``operation`` on ``model_name`` for this environment's user (TRUE if none)."""
    if env.su or RULES_MODEL not in env.registry.models:
        return TRUE
    company_id, company_ids = companies(env)
    key = ("rules", env.uid, model_name, operation, company_id, tuple(company_ids))
    cached = env.caches.get(key)
    if cached is not None:
        return cast(Node, cached)
    rows = _rule_rows(env, model_name, operation)
    node: Node = TRUE
    timely = False  # a rule that reads the clock is evaluated again on every call
    if rows:
        values = _values(env)
        global_nodes: list[Node] = []
        group_nodes: list[Node] = []
        for text, is_global in rows:
            template = safe_domain.check(text or "")
            timely = timely or any(isinstance(p, safe_domain.Strftime) for p in safe_domain.placeholders(template))
            domain = safe_domain.evaluate(template, values)
            (global_nodes if is_global else group_nodes).append(parse(domain))
        parts = list(global_nodes)
        if group_nodes:
            parts.append(combine(Or, group_nodes))
        node = combine(And, parts) if parts else TRUE
    if timely:
        env.call.data_in_sql += 1  # the date goes into the SQL: no statement built from it is kept
    else:
        env.caches[key] = node
    return node


VERBS = {"read": "access", "write": "modify", "create": "create", "unlink": "delete"}


def denial(model: Recordset, operation: str) -> AccessError:
    """Decision 6: the plain text, the same in every mode."""
    return AccessError(
        f"Due to security restrictions, you are not allowed to {VERBS[operation]} "
        f"'{model._description_text}' ({model._name}) records.\n\n"
        "Contact your administrator to request access if necessary."
    )


def allowed_ids(model: Recordset, ids: Sequence[int], operation: str) -> set[int] | None:
    """The ids among ``ids`` that pass the rules (None: no rule applies, all pass)."""
    env = model.env
    node = domain_node(env, model._name, operation)
    if node == TRUE:
        return None
    if node == FALSE:
        return set()
    sudo = model.sudo()
    table = model._table
    query = sudo._search_query(node, active_test=False).where(table.c.id.in_(set(ids)))
    return set(env.cr.execute(query).scalars())


def inline_condition(model: Recordset, operation: str) -> tuple[bool, ColumnElement[bool] | None]:
    """The rule condition of ``operation`` as an expression over ``model``'s table, to select
    beside its rows so that a query checks the rules too (one round trip less than ``check``):
    ``(False, None)`` when no rule applies, ``(True, None)`` when the condition needs joins of its
    own (``check`` then), else ``(True, condition)``. A row whose condition is not true is one
    the user may not ``operation``: the caller raises ``denial`` for it."""
    env = model.env
    if env.su:
        return False, None
    node = domain_node(env, model._name, operation)
    if node == TRUE:
        return False, None
    compiler = Compiler(env.sudo(), cast("type[Model]", type(model)))
    condition = compiler.compile(node)
    return True, (None if compiler.joins else condition)


def check(model: Recordset, operation: str) -> list[int]:
    """Raise the rule AccessError if some existing records of ``model`` fail the rules of
    ``operation``; return the ids that do not exist (any more), as far as rules had to look
    (no rule: no query at all, and [])."""
    ids = list(dict.fromkeys(model._ids))
    if model.env.su or not ids:
        return []
    allowed = allowed_ids(model, ids, operation)
    if allowed is None or len(allowed) == len(ids):
        return []
    table = model._table
    existing = set(model.env.cr.execute(sa.select(table.c.id).where(table.c.id.in_(ids))).scalars())
    if existing - allowed:
        raise denial(model, operation)
    return [i for i in ids if i not in existing]
