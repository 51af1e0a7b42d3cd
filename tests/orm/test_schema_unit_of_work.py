"""Schema changes are one unit of work per call: one registry rebuild, and no stale classes."""

from __future__ import annotations

from erpserver.orm.environment import Environment
from erpserver.service.runtime import Runtime

TYPES = ["char", "integer", "float", "boolean", "date", "datetime", "text", "html", "selection", "binary"]


def thirty_lines() -> list[tuple[int, int, dict[str, object]]]:
    lines: list[tuple[int, int, dict[str, object]]] = [
        (0, 0, {"name": "x_currency_id", "ttype": "many2one", "relation": "res.currency"}),
        (0, 0, {"name": "x_amount", "ttype": "monetary"}),
    ]
    for number in range(28):
        ttype = TYPES[number % len(TYPES)]
        extra = {"selection": "[('a', 'A')]"} if ttype == "selection" else {}
        lines.append((0, 0, {"name": f"x_field_{number}", "ttype": ttype, **extra}))
    return lines


def test_a_model_created_with_thirty_fields_rebuilds_the_registry_once(env: Environment) -> None:
    before = env.call.rebuilds

    env["ir.model"].create({"name": "Thirty", "model": "x_thirty", "field_id": thirty_lines()})
    fields = env["x_thirty"].fields_get()

    assert env.call.rebuilds == before + 1
    assert {f"x_field_{number}" for number in range(28)} <= set(fields)


def test_a_recordset_taken_before_a_new_field_writes_and_reads_it(env: Environment) -> None:
    env["ir.model"].create({"name": "Early", "model": "x_early"})
    early = env["x_early"]
    model_id = env["ir.model"].search([("model", "=", "x_early")]).id

    env["ir.model.fields"].create({"model_id": model_id, "name": "x_size", "ttype": "integer"})
    record = early.create({"x_size": 7})

    assert record.read(["x_size"])[0]["x_size"] == 7


def test_fields_created_one_by_one_in_a_call_see_each_other(env: Environment) -> None:
    env["ir.model"].create({"name": "Parent", "model": "x_parent"})
    env["ir.model"].create({"name": "Child", "model": "x_child"})
    parent_id = env["ir.model"].search([("model", "=", "x_parent")]).id
    child_id = env["ir.model"].search([("model", "=", "x_child")]).id

    env["ir.model.fields"].create([
        {"model_id": child_id, "name": "x_parent_id", "ttype": "many2one", "relation": "x_parent"},
    ])
    env["ir.model.fields"].create([
        {"model_id": parent_id, "name": "x_child_ids", "ttype": "one2many", "relation": "x_child",
         "relation_field": "x_parent_id"},
    ])
    parent = env["x_parent"].create({"x_child_ids": [(0, 0, {}), (0, 0, {})]})

    assert len(parent.read(["x_child_ids"])[0]["x_child_ids"]) == 2


def test_a_rebuilt_registry_shares_the_models_no_manual_row_touches(env: Environment, runtime: Runtime) -> None:
    env["ir.model"].create({"name": "Shared", "model": "x_shared"})
    partner_model = env["ir.model"].search([("model", "=", "res.partner")]).id
    env["ir.model.fields"].create({"model_id": partner_model, "name": "x_nickname", "ttype": "char"})

    registry, base = env.registry, runtime.registries.base_registry()

    assert registry["res.country"] is base["res.country"]
    assert registry["res.partner"] is not base["res.partner"]
    assert "x_nickname" in registry["res.partner"]._fields and "x_nickname" not in base["res.partner"]._fields
    assert env["res.partner"].create({"name": "Nick", "x_nickname": "N"}).read(["x_nickname"])[0]["x_nickname"] == "N"
