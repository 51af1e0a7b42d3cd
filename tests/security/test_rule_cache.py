"""Rule domains are cached per user; one that reads the clock is evaluated on every call."""

from __future__ import annotations

from erpserver.orm import rules
from erpserver.orm.environment import Environment


def _rule(env: Environment, domain: str) -> None:
    model_id = env["ir.model"].search([("model", "=", "crm.lead")]).ids[0]
    env["ir.rule"].create({"name": domain, "model_id": model_id, "domain_force": domain})


def cached_rule_keys(env: Environment) -> list[object]:
    return [key for key in env.caches if isinstance(key, tuple) and key[:3] == ("rules", 2, "crm.lead")]


def test_a_plain_rule_is_evaluated_once_per_cache(env: Environment) -> None:
    _rule(env, "[('name', '!=', 'x')]")
    admin = env(uid=2, su=False)
    rules.domain_node(admin, "crm.lead", "read")
    assert cached_rule_keys(admin)


def test_a_rule_reading_the_clock_is_never_cached(env: Environment) -> None:
    """Regression: a rule with time.strftime kept the date of its first evaluation until rights changed."""
    _rule(env, "[('date_deadline', '>=', time.strftime('%Y-%m-%d'))]")
    admin = env(uid=2, su=False)
    before = admin.call.data_in_sql
    rules.domain_node(admin, "crm.lead", "read")
    assert cached_rule_keys(admin) == []
    assert admin.call.data_in_sql > before  # no statement built with that date is kept either
