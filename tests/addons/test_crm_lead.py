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
