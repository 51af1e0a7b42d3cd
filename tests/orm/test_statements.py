"""Statements kept per database by the shape of the call (orm/statements.py)."""

from __future__ import annotations

from erpserver.orm import statements
from erpserver.orm.environment import Environment


def kept(env: Environment) -> dict[object, object]:
    return env.caches.setdefault("statements", {})


def test_the_same_read_twice_builds_its_statement_once(admin_env: Environment) -> None:
    partners = admin_env["res.partner"].search([], limit=2)
    kept(admin_env).clear()

    first = partners.read(["name", "country_id"])
    size = len(kept(admin_env))
    second = partners.read(["name", "country_id"])

    assert first == second
    assert size == 1
    assert len(kept(admin_env)) == 1


def test_another_context_or_field_list_is_another_statement(admin_env: Environment) -> None:
    partners = admin_env["res.partner"].search([], limit=2)
    kept(admin_env).clear()

    partners.read(["name"])
    partners.with_context(lang="en_US").read(["name"])
    partners.read(["name", "email"])

    assert len(kept(admin_env)) == 3


def test_values_equal_in_python_but_not_in_a_domain_are_other_keys() -> None:
    assert statements.freeze([["active", "=", 1]]) != statements.freeze([["active", "=", True]])
    assert statements.freeze([["x", "=", 1.0]]) != statements.freeze([["x", "=", 1]])


def test_a_search_with_child_of_sees_children_added_since(admin_env: Environment) -> None:
    """child_of becomes the ids of the hierarchy in the SQL: such a statement is never kept."""
    partners = admin_env["res.partner"]
    company = partners.create({"name": "Statement Co", "is_company": True})
    domain = [["parent_id", "child_of", company.id]]
    assert [row["id"] for row in partners.search_read(domain, ["name"])] == [company.id]

    child = partners.create({"name": "Statement Child", "parent_id": company.id})

    assert sorted(row["id"] for row in partners.search_read(domain, ["name"])) == sorted([company.id, child.id])


def test_a_call_with_a_value_that_cannot_be_a_key_keeps_nothing(admin_env: Environment) -> None:
    kept(admin_env).clear()
    admin_env["res.partner"].with_context(odd={"a": [1, {2}]}).search_read([], ["name"], limit=1)

    assert len(kept(admin_env)) == 0
