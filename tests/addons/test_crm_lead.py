"""crm.lead: leads and opportunities, their defaults and their order."""

from __future__ import annotations

from erpserver.orm.environment import Environment


def test_a_new_lead_is_a_low_priority_lead_of_its_creator(env: Environment) -> None:
    """Test type, priority and salesperson default to lead, low and whoever creates it."""
    lead = env(uid=2)["crm.lead"].create({"name": "Defaults"})

    [row] = lead.read(["type", "priority", "user_id", "active"], load="")

    assert row == {"id": lead.id, "type": "lead", "priority": "0", "user_id": 2, "active": True}


def test_leads_come_by_priority_then_newest_first(env: Environment) -> None:
    """Test the default order: higher priority first, then the most recent."""
    leads = env["crm.lead"]
    low_old = leads.create({"name": "Lead order low old", "priority": "0"}).id
    high = leads.create({"name": "Lead order high", "priority": "2"}).id
    low_new = leads.create({"name": "Lead order low new", "priority": "0"}).id

    found = leads.search([("name", "=like", "Lead order %")]).ids

    assert found == [high, low_new, low_old]


def test_a_new_lead_starts_in_the_first_unfolded_stage_of_its_team(env: Environment) -> None:
    """Test the stage default: folded stages and other teams' stages are skipped."""
    stages, teams = env["crm.stage"], env["crm.team"]
    team = teams.create({"name": "Stage team"}).id
    other = teams.create({"name": "Other team"}).id
    stages.search([]).write({"sequence": 50})
    stages.create([{"name": "Folded first", "sequence": 1, "fold": True},
                   {"name": "Other team's", "sequence": 2, "team_id": other}])
    mine = stages.create({"name": "Team's own", "sequence": 3, "team_id": team}).id
    shared = stages.create({"name": "Shared", "sequence": 4}).id

    created = env["crm.lead"].create([
        {"name": "With team", "team_id": team}, {"name": "Without team"}, {"name": "No stage", "stage_id": False}])

    assert [r["stage_id"] for r in created.read(["stage_id"], load="")] == [mine, shared, False]


def test_the_crm_data_has_a_pipeline_team_and_lost_reasons(env: Environment) -> None:
    stages = env["crm.stage"].search([]).read(["name", "is_won", "fold"])

    assert [(s["name"], s["is_won"]) for s in stages] == [
        ("New", False), ("Qualified", False), ("Proposition", False), ("Won", True)]
    assert env.ref_id("sales_team.team_sales_department")
    assert env["crm.lost.reason"].search_count([]) == 3


def test_the_demo_pipeline_fills_every_stage(env: Environment) -> None:
    groups = env["crm.lead"].read_group([("type", "=", "opportunity")], ["expected_revenue"], ["stage_id"])

    assert [g["stage_id"][1] for g in groups] == ["New", "Qualified", "Proposition", "Won"]
    assert all(g["stage_id_count"] > 0 for g in groups)
    assert env["crm.lead"].with_context(active_test=False).search_count([("lost_reason_id", "!=", False)]) > 0
