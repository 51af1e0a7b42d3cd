"""SQLite answers exactly as PostgreSQL (spec decision 12): each difference a probe found, on both."""

from __future__ import annotations

from typing import Any

import pytest

from erpserver.orm.environment import Environment


def partners(env: Environment, *values: dict[str, Any]) -> list[int]:
    return env["res.partner"].create([{"name": "Parity", **vals} for vals in values]).ids


def ordered(env: Environment, ids: list[int], order: str) -> list[int]:
    return env["res.partner"].search([("id", "in", ids)], order=order).ids


# -- ids are never handed out twice ---------------------------------------------------------------
def test_the_id_of_a_deleted_last_record_is_not_reused(env: Environment) -> None:
    tags = env["res.partner.category"]
    first, last = tags.create([{"name": "first"}, {"name": "last"}]).ids
    tags.browse(last).unlink()

    again = tags.create({"name": "again"}).id

    assert again > last


def test_the_id_of_a_deleted_last_line_of_a_manual_one2many_is_not_reused(env: Environment) -> None:
    env["ir.model"].create({"name": "Order", "model": "x_order", "field_id": [
        (0, 0, {"name": "x_name", "field_description": "Name", "ttype": "char"})]})
    env["ir.model"].create({"name": "Line", "model": "x_line", "field_id": [
        (0, 0, {"name": "x_name", "field_description": "Name", "ttype": "char"})]})
    line_model = env["ir.model"].search([("model", "=", "x_line")]).id
    env["ir.model.fields"].create({"model_id": line_model, "name": "x_order_id", "ttype": "many2one",
                                   "relation": "x_order", "field_description": "Order"})
    order_model = env["ir.model"].search([("model", "=", "x_order")]).id
    env["ir.model.fields"].create({"model_id": order_model, "name": "x_line_ids", "ttype": "one2many",
                                   "relation": "x_line", "relation_field": "x_order_id",
                                   "field_description": "Lines"})
    order = env["x_order"].create({"x_name": "O", "x_line_ids": [(0, 0, {"x_name": "a"}), (0, 0, {"x_name": "b"})]})
    last = max(order.read(["x_line_ids"])[0]["x_line_ids"])
    order.write({"x_line_ids": [(2, last, 0)]})

    order.write({"x_line_ids": [(0, 0, {"x_name": "c"})]})

    assert max(order.read(["x_line_ids"])[0]["x_line_ids"]) > last


# -- NULLs sort last ascending, first descending ----------------------------------------------------
@pytest.mark.parametrize(("order", "expected"), [
    ("email asc", ["a", "b", None]),
    ("email desc", [None, "b", "a"]),
    ("email asc nulls first", [None, "a", "b"]),
    ("email desc nulls last", ["b", "a", None]),
])
def test_nulls_sort_as_on_postgresql(env: Environment, order: str, expected: list[str | None]) -> None:
    ids = partners(env, {"email": "b"}, {}, {"email": "a"})

    found = env["res.partner"].browse(ordered(env, ids, order)).read(["email"])

    assert [row["email"] or None for row in found] == expected


# -- a many2one to the model itself sorts by the comodel's order --------------------------------------
def test_ordering_by_parent_id_follows_the_parents_order(env: Environment) -> None:
    zeta, alpha = partners(env, {"name": "Zeta Co", "is_company": True}, {"name": "Alpha Co", "is_company": True})
    of_zeta, of_alpha = partners(env, {"name": "Ann", "parent_id": zeta}, {"name": "Bob", "parent_id": alpha})

    assert ordered(env, [of_zeta, of_alpha], "parent_id") == [of_alpha, of_zeta]
    assert ordered(env, [of_zeta, of_alpha], "parent_id desc") == [of_zeta, of_alpha]


def test_a_many2one_in_its_comodels_own_order_is_followed_once(env: Environment) -> None:
    env["ir.model"].create({"name": "Node", "model": "x_node", "field_id": [
        (0, 0, {"name": "x_name", "field_description": "Name", "ttype": "char"})]})
    node_model = env["ir.model"].search([("model", "=", "x_node")])
    env["ir.model.fields"].create({"model_id": node_model.id, "name": "x_parent_id", "ttype": "many2one",
                                   "relation": "x_node", "field_description": "Parent"})
    node_model.write({"order": "x_parent_id, x_name"})
    nodes = env["x_node"]
    root_b, root_a = nodes.create([{"x_name": "B"}, {"x_name": "A"}]).ids
    under_b, under_a = nodes.create([{"x_name": "x", "x_parent_id": root_b}, {"x_name": "y", "x_parent_id": root_a}]).ids

    found = nodes.search([("id", "in", [under_b, under_a])]).ids

    assert found == [under_a, under_b]  # by the parents' names: their own parents are not followed


# -- `=?` on a path: the path first, the operator last ------------------------------------------------
def test_unset_optional_equality_on_a_path_keeps_records_whose_path_is_set(env: Environment) -> None:
    company, = partners(env, {"is_company": True})
    orphan, child = partners(env, {}, {"parent_id": company})
    ids = [orphan, child]

    on_path = env["res.partner"].search([("id", "in", ids), ("parent_id.id", "=?", False)]).ids
    on_field = env["res.partner"].search([("id", "in", ids), ("parent_id", "=?", False)]).ids

    assert on_path == [child]
    assert sorted(on_field) == sorted(ids)
