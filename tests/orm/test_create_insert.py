"""A create's INSERT writes what the records hold: own-id columns (orm/inserting.py) on both
databases, one statement per row on PostgreSQL, one UPDATE after the batch on SQLite."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from erpserver.orm.environment import SUPERUSER_ID, Environment
from erpserver.service.runtime import Runtime


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


def test_one_row_gets_its_own_id_in_a_new_session_and_beside_another_session(runtime: Runtime, demo_db: str) -> None:
    """On PostgreSQL the own-id column is currval() of the id's nextval() in the same INSERT: a
    session that never drew an id (currval would fail) and two sessions drawing in turn."""
    if runtime.databases.dialect != "postgresql":
        pytest.skip("SQLite writes one session at a time, and sets an own id by an UPDATE after the INSERT")
    engine = sa.create_engine(runtime.databases.engine(demo_db).url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as first, engine.connect() as second:
            first.begin()
            second.begin()
            one = runtime.registries.environment(demo_db, first, SUPERUSER_ID)["res.partner"]
            other = runtime.registries.environment(demo_db, second, SUPERUSER_ID)["res.partner"]
            created = [one.create({"name": "First A"}), other.create({"name": "Second A"}),
                       one.create({"name": "First B"})]

            for partner in created:
                assert partner.read(["commercial_partner_id"], load="") == [
                    {"id": partner.id, "commercial_partner_id": partner.id}]
            first.rollback()
            second.rollback()
    finally:
        engine.dispose()
