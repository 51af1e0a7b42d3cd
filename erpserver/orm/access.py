"""The one access-check point: model access rights (``ir.model.access``) and field groups.

Every model method that reads or writes asks ``check`` first. Record rules are a later layer and
will join here too. Answers are cached per registry and per (uid, operation): the cache is
dropped whenever a change of rights or memberships bumps the cache signal (see signaling.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa

from erpserver.exceptions import AccessError

if TYPE_CHECKING:
    from erpserver.orm.environment import Environment
    from erpserver.orm.fields.base import Field
    from erpserver.orm.model import Model

OPERATIONS = ("read", "write", "create", "unlink")
VERBS = {"read": "access", "write": "modify", "create": "create", "unlink": "delete"}


def user_group_ids(env: Environment) -> frozenset[int]:
    """The groups of the calling user (implied groups are stored in the relation already)."""
    key = ("groups", env.uid)
    cache = env.caches
    groups = cache.get(key)
    if groups is None:
        rel = env.registry.relation_tables["res_groups_users_rel"]
        query = sa.select(rel.c.gid).where(rel.c.uid == env.uid)
        groups = frozenset(env.cr.execute(query).scalars())
        cache[key] = groups
    return groups


def allowed_models(env: Environment, operation: str) -> frozenset[str]:
    key = ("acl", env.uid, operation)
    cache = env.caches
    models = cache.get(key)
    if models is None:
        registry = env.registry
        acl = registry["ir.model.access"]._table
        ir_model = registry["ir.model"]._table
        groups = user_group_ids(env)
        condition: sa.ColumnElement[bool] = acl.c.group_id.is_(None)
        if groups:
            condition = sa.or_(condition, acl.c.group_id.in_(groups))
        query = (
            sa.select(ir_model.c.model)
            .select_from(acl.join(ir_model, ir_model.c.id == acl.c.model_id))
            .where(acl.c.active == sa.true(), acl.c[f"perm_{operation}"] == sa.true(), condition)
            .distinct()
        )
        models = frozenset(env.cr.execute(query).scalars())
        cache[key] = models
    return models


def _denial(env: Environment, model_name: str, operation: str) -> AccessError:
    registry = env.registry
    acl = registry["ir.model.access"]._table
    ir_model = registry["ir.model"]._table
    groups = registry["res.groups"]._table
    group_name = registry["res.groups"]._fields["name"].read_expression(groups.c.name, env)
    query = (
        sa.select(group_name)
        .select_from(
            acl.join(ir_model, ir_model.c.id == acl.c.model_id).join(groups, groups.c.id == acl.c.group_id)
        )
        .where(ir_model.c.model == model_name, acl.c.active == sa.true(), acl.c[f"perm_{operation}"] == sa.true())
        .distinct()
        .order_by(group_name)
    )
    names = list(env.cr.execute(query).scalars())
    description = env.registry[model_name]._description or model_name
    if names:
        allowed = "This operation is allowed for the following groups:\n" + "\n".join(f"\t- {n}" for n in names)
    else:
        allowed = "No group currently allows this operation."
    return AccessError(
        f"You are not allowed to {VERBS[operation]} '{description}' ({model_name}) records.\n\n"
        f"{allowed}\n\nContact your administrator to request access if necessary."
    )


def check(env: Environment, model_name: str, operation: str, raise_exception: bool = True) -> bool:
    """True if the user may do ``operation`` on the model; AccessError (or False) otherwise."""
    if operation not in OPERATIONS:
        raise ValueError(f"Invalid access mode {operation!r}")
    if env.su or model_name in allowed_models(env, operation):
        return True
    if raise_exception:
        raise _denial(env, model_name, operation)
    return False


def user_has_groups(env: Environment, groups: str) -> bool:
    """``"base.group_a,!base.group_b"``: in one of the plain groups and none of the negated ones."""
    if env.su:
        return True
    xmlids = [g.strip() for g in groups.split(",") if g.strip()]
    ids = group_ids_of(env, [x.lstrip("!") for x in xmlids])
    mine = user_group_ids(env)
    positives = [x for x in xmlids if not x.startswith("!")]
    if any(ids.get(x[1:]) in mine for x in xmlids if x.startswith("!")):
        return False
    return not positives or any(ids.get(x) in mine for x in positives)


def group_ids_of(env: Environment, xmlids: list[str]) -> dict[str, int]:
    key = ("xmlids", tuple(sorted(xmlids)))
    cache = env.caches
    found = cache.get(key)
    if found is None:
        data = env.registry["ir.model.data"]._table
        pairs = [tuple(x.split(".", 1)) for x in xmlids if "." in x]
        found = {}
        if pairs:
            query = sa.select(data.c.module, data.c.name, data.c.res_id).where(
                data.c.model == "res.groups",
                sa.tuple_(data.c.module, data.c.name).in_(pairs),
            )
            found = {f"{module}.{name}": res_id for module, name, res_id in env.cr.execute(query)}
        cache[key] = found
    return found


def can_see_field(env: Environment, field: Field) -> bool:
    return not field.groups or user_has_groups(env, field.groups)


def check_field_access(env: Environment, model: Model | type[Model], names: list[str], operation: str) -> None:
    hidden = [n for n in names if not can_see_field(env, model._fields[n])]
    if hidden:
        description = model._description or model._name
        raise AccessError(
            f'You do not have enough rights to access the fields "{",".join(hidden)}" on {description} '
            f"({model._name}). Please contact your system administrator.\n\n(Operation: {operation})"
        )

