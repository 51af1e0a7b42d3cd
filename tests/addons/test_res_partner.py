"""res.partner: companies and their contacts, their names and their commercial entity."""

from __future__ import annotations

import pytest

from erpserver.exceptions import ValidationError
from erpserver.orm.environment import Environment


def partner(env: Environment, **values) -> int:
    return env["res.partner"].create({"name": "Test partner", **values}).id


def test_children_get_the_company_in_their_display_name(env: Environment) -> None:
    company = partner(env, name="Acme", is_company=True)
    person = partner(env, name="Jane", parent_id=company)
    assert env["res.partner"].browse(person).name_get() == [[person, "Acme, Jane"]]
    env["res.partner"].browse(company).write({"name": "Acme Ltd"})
    assert env["res.partner"].browse(person).read(["display_name"])[0]["display_name"] == "Acme Ltd, Jane"


def test_partner_hierarchy_cannot_loop(env: Environment) -> None:
    company = partner(env, name="Top", is_company=True)
    person = partner(env, name="Below", parent_id=company)
    with pytest.raises(ValidationError, match="recursive"):
        env["res.partner"].browse(company).write({"parent_id": person})


def test_name_search_and_name_create(env: Environment) -> None:
    pid, name = env["res.partner"].name_create("Jo Bloggs <jo@example.com>")
    assert name == "Jo Bloggs"
    assert env["res.partner"].browse(pid).read(["email"])[0]["email"] == "jo@example.com"
    assert [pid, "Jo Bloggs"] in env["res.partner"].name_search("bloggs")


def test_copy_appends_copy_to_partner_names(env: Environment) -> None:
    original = partner(env, name="Original", email="o@example.com")
    duplicate = env["res.partner"].browse(original).copy()
    [row] = duplicate.read(["name", "email"])
    assert row == {"id": duplicate.id, "name": "Original (copy)", "email": "o@example.com"}


def test_display_name_is_searchable_through_the_name_fields(env: Environment) -> None:
    company = partner(env, name="Searchable Corp", is_company=True)
    person = partner(env, name="Ann Searcher", parent_id=company)
    found = env["res.partner"].search([("display_name", "ilike", "searchable corp")]).ids
    assert set(found) == {company, person}  # the contact's display name is "Searchable Corp, Ann Searcher"
    assert env["res.partner"].search([("display_name", "=", "Searchable Corp, Ann Searcher")]).ids == [person]


def test_a_contacts_complete_name_is_its_company_comma_its_name(env: Environment) -> None:
    """Test complete_name is stored as "Company, Person" for a contact, the name alone for its company."""
    company = partner(env, name="Globex", is_company=True)
    person = partner(env, name="Hank", parent_id=company)

    rows = env["res.partner"].browse([company, person]).read(["complete_name"])

    assert {row["id"]: row["complete_name"] for row in rows} == {company: "Globex", person: "Globex, Hank"}


def test_a_nameless_address_is_named_by_its_type(env: Environment) -> None:
    """Test an invoice address without a name shows as "Company, Invoice Address"."""
    company = partner(env, name="Globex", is_company=True)

    address = partner(env, name=False, type="invoice", parent_id=company)

    assert env["res.partner"].browse(address).read(["complete_name"])[0]["complete_name"] == "Globex, Invoice Address"


def test_a_contact_needs_a_name(env: Environment) -> None:
    """Test a contact (the default address type) without a name is refused."""
    with pytest.raises(ValidationError, match="Contacts require a name"):
        env["res.partner"].create({"email": "nameless@example.com"})


def test_a_company_is_its_own_commercial_partner(env: Environment) -> None:
    """Test a company is the commercial entity of itself."""
    company = partner(env, name="Initech", is_company=True)

    assert env["res.partner"].browse(company).read(["commercial_partner_id"], load="")[0]["commercial_partner_id"] == company


def test_a_contacts_commercial_partner_is_its_company(env: Environment) -> None:
    """Test a contact's commercial entity is the company above it, through a contact in between."""
    company = partner(env, name="Initech", is_company=True)
    manager = partner(env, name="Bill", parent_id=company)
    assistant = partner(env, name="Milton", parent_id=manager)

    rows = env["res.partner"].browse([manager, assistant]).read(["commercial_partner_id"], load="")

    assert [row["commercial_partner_id"] for row in rows] == [company, company]


def test_a_contact_moved_to_another_company_follows_it(env: Environment) -> None:
    """Test changing a contact's company changes its commercial partner and complete name."""
    first = partner(env, name="Initech", is_company=True)
    second = partner(env, name="Intertrode", is_company=True)
    person = partner(env, name="Peter", parent_id=first)

    env["res.partner"].browse(person).write({"parent_id": second})

    [row] = env["res.partner"].browse(person).read(["commercial_partner_id", "complete_name"], load="")
    assert (row["commercial_partner_id"], row["complete_name"]) == (second, "Intertrode, Peter")
