"""read_group in detail: labels, time zones, domains, order, errors, expansion, queries (both
databases; each test rolls back). The grid against search_read is tests/e2e/test_read_group_grid.py."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

from erpserver.exceptions import AccessError
from erpserver.orm.environment import Environment


def leads(env: Environment, *values: dict[str, Any]) -> list[int]:
    return env["crm.lead"].create([{"name": f"RG lead {n}", **v} for n, v in enumerate(values)]).ids


MINE = [("name", "=like", "RG lead %")]


@pytest.mark.parametrize(("granularity", "label", "low", "high"), [
    ("day", "05 Jan 2024", "2024-01-05", "2024-01-06"),
    ("week", "W1 2024", "2023-12-31", "2024-01-07"),
    ("month", "January 2024", "2024-01-01", "2024-02-01"),
    ("quarter", "Q1 2024", "2024-01-01", "2024-04-01"),
    ("year", "2024", "2024-01-01", "2025-01-01"),
])
def test_date_groups_carry_odoos_label_and_range(env: Environment, granularity, label, low, high) -> None:
    """Test a date bucket's label, its __range and its __domain."""
    leads(env, {"date_deadline": "2024-01-05"})

    [group] = env["crm.lead"].read_group(MINE, [], [f"date_deadline:{granularity}"])

    spec = f"date_deadline:{granularity}"
    assert group[spec] == label
    assert group["__range"] == {spec: {"from": low, "to": high}}
    assert group["__domain"] == ["&", MINE[0], "&", ("date_deadline", ">=", low), ("date_deadline", "<", high)]


def test_a_date_groupby_without_granularity_is_by_month_under_its_own_key(env: Environment) -> None:
    leads(env, {"date_deadline": "2024-03-15"}, {"date_deadline": False})

    groups = env["crm.lead"].read_group(MINE, [], ["date_deadline"])

    assert [(g["date_deadline"], g["date_deadline_count"], g["__range"]) for g in groups] == [
        ("March 2024", 1, {"date_deadline": {"from": "2024-03-01", "to": "2024-04-01"}}),
        (False, 1, {"date_deadline": False}),
    ]
    assert groups[1]["__domain"] == ["&", MINE[0], ("date_deadline", "=", False)]


def test_datetimes_are_bucketed_in_the_context_time_zone(env: Environment) -> None:
    """Test 23:30 UTC on Dec 31st is January 1st in Brussels, and the range is given in UTC."""
    leads(env, {"date_open": "2023-12-31 23:30:00"})
    brussels = env(context={"tz": "Europe/Brussels"})["crm.lead"]

    [local] = brussels.read_group(MINE, [], ["date_open:day"])
    [utc] = env["crm.lead"].read_group(MINE, [], ["date_open:day"])

    assert local["date_open:day"] == "01 Jan 2024"
    assert local["__range"] == {"date_open:day": {"from": "2023-12-31 23:00:00", "to": "2024-01-01 23:00:00"}}
    assert utc["date_open:day"] == "31 Dec 2023"


def test_an_unknown_time_zone_groups_in_utc(env: Environment) -> None:
    leads(env, {"date_open": "2023-12-31 23:30:00"})

    [group] = env(context={"tz": "Mars/Olympus"})["crm.lead"].read_group(MINE, [], ["date_open:year"])

    assert group["date_open:year"] == "2023"


def test_hours_are_labelled_as_odoo_does(env: Environment) -> None:
    leads(env, {"date_open": "2024-02-03 14:20:00"})

    [group] = env["crm.lead"].read_group(MINE, [], ["date_open:hour"])

    assert group["date_open:hour"] == "02:00 03 Feb"
    assert group["__range"] == {"date_open:hour": {"from": "2024-02-03 14:00:00", "to": "2024-02-03 15:00:00"}}


def test_booleans_group_null_with_false(env: Environment) -> None:
    partners = env["res.partner"]
    ids = partners.create([{"name": "RG p1", "employee": True}, {"name": "RG p2"}, {"name": "RG p3", "employee": False}]).ids

    groups = partners.read_group([("id", "in", ids)], [], ["employee"])

    assert [(g["employee"], g["employee_count"], g["__domain"][-1]) for g in groups] == [
        (False, 2, ("employee", "=", False)), (True, 1, ("employee", "=", True))]


def test_many2many_groups_are_one_per_related_record_plus_none(env: Environment) -> None:
    tags = env["crm.tag"].create([{"name": "RG a"}, {"name": "RG b"}]).ids
    leads(env, {"tag_ids": [(6, 0, tags)]}, {"tag_ids": [(6, 0, tags[:1])]}, {})

    groups = env["crm.lead"].read_group(MINE, [], ["tag_ids"])

    assert [(g["tag_ids"], g["tag_ids_count"]) for g in groups] == [
        ([tags[0], "RG a"], 2), ([tags[1], "RG b"], 1), (False, 1)]
    assert groups[2]["__domain"] == ["&", MINE[0], ("tag_ids", "not in", tags)]


def test_many2one_groups_follow_the_comodels_order_and_read_as_pairs(env: Environment) -> None:
    late, early = env["crm.stage"].create([{"name": "RG late", "sequence": 90}, {"name": "RG early", "sequence": 80}]).ids
    leads(env, {"stage_id": late}, {"stage_id": early}, {"stage_id": early})

    groups = env["crm.lead"].read_group(MINE, ["expected_revenue"], ["stage_id"], lazy=False)

    assert [(g["stage_id"], g["__count"]) for g in groups] == [([early, "RG early"], 2), ([late, "RG late"], 1)]


def test_eager_grouping_counts_every_level_and_lazy_defers_the_rest(env: Environment) -> None:
    leads(env, {"type": "lead", "priority": "1"}, {"type": "lead", "priority": "2"}, {"type": "opportunity"})
    model = env["crm.lead"]

    lazy = model.read_group(MINE, ["expected_revenue"], ["type", "priority"])
    eager = model.read_group(MINE, ["expected_revenue"], ["type", "priority"], lazy=False)

    assert [(g["type"], g["type_count"], g["__context"]) for g in lazy] == [
        ("lead", 2, {"group_by": ["priority"]}), ("opportunity", 1, {"group_by": ["priority"]})]
    assert [(g["type"], g["priority"], g["__count"]) for g in eager] == [
        ("lead", "1", 1), ("lead", "2", 1), ("opportunity", "0", 1)]
    assert eager[0]["__domain"] == ["&", "&", MINE[0], ("type", "=", "lead"), ("priority", "=", "1")]


def test_aggregates_of_every_kind(env: Environment) -> None:
    leads(env, {"expected_revenue": 100, "probability": 10, "color": 2},
          {"expected_revenue": 300, "probability": 30, "color": 2})

    [group] = env["crm.lead"].read_group(MINE, [
        "expected_revenue", "probability", "color:count_distinct", "high:max(expected_revenue)",
        "low:min(expected_revenue)", "active:bool_and", "anyone:bool_or(active)", "probability_list:array_agg(probability)",
        "color:count",
    ], [])

    assert group == {"__count": 2, "expected_revenue": 400.0, "probability": 20.0, "color": 2, "high": 300.0,
                     "low": 100.0, "active": True, "anyone": True, "probability_list": [10.0, 30.0],
                     "__domain": MINE}


def test_fields_without_an_aggregate_are_left_out(env: Environment) -> None:
    """Test a char field, a many2one, the id and the groupby itself bring no aggregate."""
    leads(env, {"color": 3})

    [group] = env["crm.lead"].read_group(MINE, ["name", "partner_id", "id", "color", "__count"], ["color"])

    assert set(group) == {"color", "color_count", "__domain"}


def test_no_groupby_gives_one_row_even_for_no_record(env: Environment) -> None:
    [group] = env["crm.lead"].read_group([("id", "=", -1)], ["expected_revenue", "tags:array_agg(color)"], [])

    assert group == {"__count": 0, "expected_revenue": False, "tags": [], "__domain": [("id", "=", -1)]}


def test_orderby_names_aggregates_and_counts(env: Environment) -> None:
    leads(env, {"priority": "1", "expected_revenue": 10}, {"priority": "2", "expected_revenue": 50},
          {"priority": "2", "expected_revenue": 1}, {"priority": "3", "expected_revenue": 20})
    model = env["crm.lead"]

    by_sum = model.read_group(MINE, ["expected_revenue"], ["priority"], orderby="expected_revenue desc")
    by_count = model.read_group(MINE, [], ["priority"], orderby="priority_count desc, priority")
    by_key = model.read_group(MINE, [], ["priority"], orderby="priority desc")

    assert [g["priority"] for g in by_sum] == ["2", "3", "1"]
    assert [g["priority"] for g in by_count] == ["2", "1", "3"]
    assert [g["priority"] for g in by_key] == ["3", "2", "1"]


def test_offset_and_limit_apply_to_groups(env: Environment) -> None:
    leads(env, {"priority": "0"}, {"priority": "1"}, {"priority": "2"}, {"priority": "3"})

    groups = env["crm.lead"].read_group(MINE, [], ["priority"], offset=1, limit=2)

    assert [g["priority"] for g in groups] == ["1", "2"]


@pytest.mark.parametrize(("fields", "groupby", "orderby", "message"), [
    ([], ["nope"], False, "Invalid field 'nope' on model 'crm.lead'"),
    (["nope"], ["type"], False, "Invalid field 'nope' on model 'crm.lead'"),
    (["nope:sum"], ["type"], False, "Invalid field 'nope' on model 'crm.lead' for 'nope:sum'."),
    (["color:median"], ["type"], False, "Invalid aggregate method 'median' for 'color:median'."),
    (["color sum"], ["type"], False, "Invalid field specification 'color sum'."),
    ([], ["type:month"], False, "Granularity set on a no-datetime field or property: 'type:month'"),
    ([], ["date_deadline:decade"], False, "Granularity specification isn't correct: 'decade'"),
    ([], ["type"], "name", "Order term 'name' is not a valid aggregate nor valid groupby"),
    ([], ["type"], "type; drop", "Invalid order 'type; drop' for _read_group()"),
])
def test_wrong_specifications_are_refused_with_odoos_messages(env: Environment, fields, groupby, orderby,
                                                               message) -> None:
    with pytest.raises(ValueError) as caught:
        env["crm.lead"].read_group([], fields, groupby, orderby=orderby)

    assert str(caught.value) == message


def test_stages_all_show_with_their_fold_when_grouping_leads_lazily(env: Environment) -> None:
    folded = env["crm.stage"].create({"name": "RG folded", "sequence": 99, "fold": True}).id
    leads(env, {"stage_id": False})

    groups = env["crm.lead"].read_group(MINE, ["expected_revenue"], ["stage_id"])

    stages = env["crm.stage"].search([]).ids
    assert [g["stage_id"] and g["stage_id"][0] for g in groups] == [*stages, False]
    empty = next(g for g in groups if g["stage_id"] and g["stage_id"][0] == folded)
    assert empty == {"stage_id": [folded, "RG folded"], "stage_id_count": 0, "expected_revenue": False,
                     "__fold": True, "__domain": ["&", MINE[0], ("stage_id", "=", folded)]}
    assert groups[-1]["__fold"] is False
    assert all("__fold" not in g for g in env["crm.lead"].read_group(MINE, [], ["stage_id"], lazy=False))


def test_three_groupbys_cost_one_query_whatever_the_number_of_groups(env: Environment) -> None:
    model = env["crm.lead"]

    def queries_for(count: int) -> int:
        leads(env, *({"priority": str(n % 4), "date_deadline": f"2024-0{n % 9 + 1}-01"} for n in range(count)))
        statements: list[str] = []

        def note(conn, cursor, statement, *args) -> None:
            statements.append(statement)

        event.listen(env.cr, "before_cursor_execute", note)
        try:
            model.read_group(MINE, ["expected_revenue"], ["stage_id", "priority", "date_deadline:month"], lazy=False)
        finally:
            event.remove(env.cr, "before_cursor_execute", note)
        return len(statements)

    assert queries_for(3) == queries_for(40) == 1


def test_reading_groups_needs_read_access(env: Environment) -> None:
    portal = env.ref_id("base.group_portal")
    user = env["res.users"].create({"login": "rg_portal", "name": "RG portal", "groups_id": [(6, 0, [portal])]})

    with pytest.raises(AccessError):
        env(uid=user.id, su=False)["crm.lead"].read_group([], [], ["type"])


def test_manual_models_group_like_base_ones(env: Environment) -> None:
    env["ir.model"].create({"name": "Grouped", "model": "x_grouped", "field_id": [
        (0, 0, {"name": "x_name", "ttype": "char"}), (0, 0, {"name": "x_amount", "ttype": "float"}),
        (0, 0, {"name": "x_kind", "ttype": "selection", "selection": "[('a', 'A'), ('b', 'B')]"}),
    ]})
    model = env["x_grouped"]
    model.create([{"x_name": "one", "x_amount": 2.5, "x_kind": "a"}, {"x_name": "two", "x_amount": 4, "x_kind": "a"},
                  {"x_name": "three", "x_amount": 1, "x_kind": "b"}])

    groups = model.read_group([], ["x_amount"], ["x_kind"])

    assert [(g["x_kind"], g["x_kind_count"], g["x_amount"]) for g in groups] == [("a", 2, 6.5), ("b", 1, 1.0)]
