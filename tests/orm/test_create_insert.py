"""A create's INSERT writes what the records hold: own-id columns (orm/inserting.py) on both
databases, one statement per row on PostgreSQL, one UPDATE after the batch on SQLite."""

from __future__ import annotations

from erpserver.orm.environment import Environment


def test_top_level_contacts_are_their_own_commercial_partner(admin_env: Environment) -> None:
    partners = admin_env["res.partner"].create([{"name": "Insert One"}, {"name": "Insert Two", "email": "t@x.example"}])

    rows = partners.read(["complete_name", "commercial_partner_id", "email"], load="")

    assert rows == [
        {"id": partners.ids[0], "complete_name": "Insert One", "commercial_partner_id": partners.ids[0], "email": False},
        {"id": partners.ids[1], "complete_name": "Insert Two", "commercial_partner_id": partners.ids[1],
         "email": "t@x.example"},
    ]


def test_a_contact_under_a_company_takes_the_company_as_commercial_partner(admin_env: Environment) -> None:
    company = admin_env["res.partner"].create({"name": "Insert Co", "is_company": True})
    contact = admin_env["res.partner"].create({"name": "Insert Person", "parent_id": company.id})

    (row,) = contact.read(["complete_name", "commercial_partner_id"], load="")

    assert row == {"id": contact.id, "complete_name": "Insert Co, Insert Person", "commercial_partner_id": company.id}
