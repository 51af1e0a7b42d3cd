"""The Model API, shown on the base models, on both databases (each test rolls back).

What one model does of its own (partner names, user logins...) is tested in tests/addons/.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from erpserver.exceptions import AccessError, MissingError, UserError, ValidationError
from erpserver.orm.environment import Environment


def partner(env: Environment, **values) -> int:
    return env["res.partner"].create({"name": "Test partner", **values}).id


def test_empty_values_read_as_odoo_does(env: Environment) -> None:
    pid = partner(env)
    [row] = env["res.partner"].browse(pid).read(
        ["email", "color", "partner_latitude", "employee", "country_id", "child_ids", "category_id", "image_1920"]
    )
    assert row == {"id": pid, "email": False, "color": 0, "partner_latitude": 0.0, "employee": False,
                   "country_id": False, "child_ids": [], "category_id": [], "image_1920": False}


def test_an_empty_string_reads_back_as_an_empty_string(env: Environment) -> None:
    pid = partner(env, email="")
    assert env["res.partner"].browse(pid).read(["email"])[0]["email"] == ""


def test_many2one_reads_as_id_and_display_name_unless_load_is_off(env: Environment) -> None:
    belgium = env.ref_id("base.be")
    pid = partner(env, country_id=belgium)
    records = env["res.partner"].browse(pid)
    assert records.read(["country_id"])[0]["country_id"] == [belgium, "Belgium"]
    assert records.read(["country_id"], load="")[0]["country_id"] == belgium


def test_read_keeps_the_order_of_the_ids_and_skips_missing_ones(env: Environment) -> None:
    first, second = partner(env, name="A"), partner(env, name="B")
    rows = env["res.partner"].browse([second, 999999, first]).read(["name"])
    assert [r["id"] for r in rows] == [second, first]


def test_unknown_field_is_a_value_error_with_odoos_text(env: Environment) -> None:
    with pytest.raises(ValueError, match="Invalid field 'nope' on model 'res.partner'"):
        env["res.partner"].create({"name": "x", "nope": 1})


def test_missing_required_value_names_model_and_field(env: Environment) -> None:
    with pytest.raises(ValidationError) as caught:
        env["crm.lead"].create({"type": "lead"})
    assert "Model: Lead/Opportunity (crm.lead)\nField: Opportunity (name)" in str(caught.value)


def test_write_on_a_deleted_record_is_a_missing_error(env: Environment) -> None:
    pid = partner(env)
    env["res.partner"].browse(pid).unlink()
    with pytest.raises(MissingError, match="Record does not exist or has been deleted."):
        env["res.partner"].browse(pid).write({"name": "again"})
    assert env["res.partner"].browse(pid).unlink() is True


def test_selection_refuses_unknown_keys(env: Environment) -> None:
    with pytest.raises(ValueError, match="Wrong value for res.partner.type: 'spouse'"):
        partner(env, type="spouse")


def test_integer_field_refuses_text(env: Environment) -> None:
    with pytest.raises(ValueError):
        partner(env, color="abc")


def test_datetime_strings_are_naive_utc_without_microseconds(env: Environment) -> None:
    lead = env["crm.lead"].create({"name": "L", "date_open": "2024-05-01 13:45:07", "date_deadline": "2024-06-30"})
    [row] = lead.read(["date_open", "date_deadline"])
    assert row["date_open"] == "2024-05-01 13:45:07"
    assert row["date_deadline"] == "2024-06-30"
    with pytest.raises(ValueError):
        lead.write({"date_open": "2024-05-01T13:45:07"})


def test_many2many_commands(env: Environment) -> None:
    tags = env["res.partner.category"].create([{"name": n} for n in ("A", "B", "C")]).ids
    record = env["res.partner"].browse(partner(env))

    def current() -> list[int]:
        return sorted(record.read(["category_id"])[0]["category_id"])

    record.write({"category_id": [(6, 0, tags[:2])]})
    assert current() == sorted(tags[:2])
    record.write({"category_id": [(4, tags[2])]})
    assert current() == sorted(tags)
    record.write({"category_id": [(3, tags[0])]})
    assert current() == sorted(tags[1:])
    record.write({"category_id": [(0, 0, {"name": "D"})]})
    assert len(current()) == 3
    record.write({"category_id": [(2, tags[1])]})
    assert not env["res.partner.category"].browse(tags[1]).exists()
    record.write({"category_id": [(5,)]})
    assert current() == []
    record.write({"category_id": tags[2:]})
    assert current() == tags[2:]
    record.write({"category_id": False})
    assert current() == []


def test_one2many_commands(env: Environment) -> None:
    parent = env["res.partner"].browse(partner(env, name="Parent", is_company=True))
    parent.write({"child_ids": [(0, 0, {"name": "Kid one"}), (0, 0, {"name": "Kid two"})]})
    kids = parent.read(["child_ids"])[0]["child_ids"]
    assert len(kids) == 2
    parent.write({"child_ids": [(1, kids[0], {"function": "CEO"})]})
    assert env["res.partner"].browse(kids[0]).read(["function"])[0]["function"] == "CEO"
    parent.write({"child_ids": [(3, kids[0])]})
    assert env["res.partner"].browse(kids[0]).read(["parent_id"])[0]["parent_id"] is False
    parent.write({"child_ids": [(6, 0, [kids[0]])]})
    assert parent.read(["child_ids"])[0]["child_ids"] == [kids[0]]
    parent.write({"child_ids": [(2, kids[0])]})
    assert not env["res.partner"].browse(kids[0]).exists()


def test_archived_records_are_hidden_unless_active_test_is_off(env: Environment) -> None:
    pid = partner(env, name="Zed archived", active=False)
    assert env["res.partner"].search([("name", "=", "Zed archived")]).ids == []
    assert env["res.partner"].with_context(active_test=False).search([("name", "=", "Zed archived")]).ids == [pid]
    assert env["res.partner"].search([("name", "=", "Zed archived"), ("active", "=", False)]).ids == [pid]


def test_ordering_by_a_many2one_follows_the_comodels_order(env: Environment) -> None:
    belgium, albania = env.ref_id("base.be"), env.ref_id("base.al")
    first = partner(env, name="Order test", country_id=belgium)
    second = partner(env, name="Order test", country_id=albania)
    found = env["res.partner"].search([("name", "=", "Order test")], order="country_id").ids
    assert found == [second, first]  # Albania before Belgium, by country name
    found = env["res.partner"].search([("name", "=", "Order test")], order="country_id desc").ids
    assert found == [first, second]


def test_malformed_order_is_refused(env: Environment) -> None:
    with pytest.raises(UserError, match='Invalid "order" specified'):
        env["res.partner"].search([], order="name; delete")
    with pytest.raises(ValueError, match="Invalid field 'nope'"):
        env["res.partner"].search([], order="nope desc")


def test_search_count_limit_and_paging(env: Environment) -> None:
    everything = env["res.partner"].search([]).ids
    assert env["res.partner"].search_count([]) == len(everything)
    assert env["res.partner"].search_count([], limit=3) == 3
    assert env["res.partner"].search([], offset=2, limit=3).ids == everything[2:5]


def test_fields_get_filters_attributes_and_omits_none(env: Environment) -> None:
    description = env["res.partner"].fields_get(["country_id", "name"], ["type", "relation", "help"])
    assert description == {"country_id": {"type": "many2one", "relation": "res.country"}, "name": {"type": "char"}}
    full = env["res.partner"].fields_get(["type"])["type"]
    assert full["selection"][0] == ["contact", "Contact"]
    assert full["store"] is True and full["searchable"] is True


def test_default_get_uses_context_then_field_defaults(env: Environment) -> None:
    assert env["res.partner"].default_get(["active", "type", "name"]) == {"active": True, "type": "contact"}
    assert env["res.partner"].with_context(default_name="X").default_get(["name"]) == {"name": "X"}


def test_a_user_without_rights_gets_odoos_access_error(env: Environment) -> None:
    user = env["res.users"].create({"login": "portal-test", "name": "Portal",
                                    "groups_id": [(6, 0, [env.ref_id("base.group_portal")])]})
    portal = env(uid=user.id, su=False)
    assert portal["crm.lead"].check_access_rights("read", raise_exception=False) is False
    with pytest.raises(AccessError) as caught:
        portal["crm.lead"].search([])
    assert str(caught.value).startswith("You are not allowed to access 'Lead/Opportunity' (crm.lead) records.")
    assert "\t- Internal User" in str(caught.value)


def test_reading_a_page_of_partners_costs_a_fixed_number_of_queries(env: Environment) -> None:
    model = env["res.partner"]
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        statements.append(statement)

    def queries_for(limit: int) -> int:
        statements.clear()
        event.listen(env.cr, "before_cursor_execute", count)
        try:
            model.search_read([], ["name", "country_id", "parent_id", "category_id", "child_ids"], limit=limit)
        finally:
            event.remove(env.cr, "before_cursor_execute", count)
        return len(statements)

    assert queries_for(5) == queries_for(60)


def test_log_columns_are_set_and_cannot_be_forged(env: Environment) -> None:
    record = env(uid=2)["res.partner"].create({"name": "Logged", "create_uid": 1, "id": 12345})
    [row] = record.read(["create_uid", "write_uid", "create_date", "__last_update"])
    assert record.id != 12345
    assert row["create_uid"][0] == 2 and row["write_uid"][0] == 2
    assert row["__last_update"] == row["create_date"]


def test_the_sql_is_built_with_bound_parameters(env: Environment) -> None:
    hostile = "x'); DROP TABLE res_partner; --"
    assert env["res.partner"].search([("name", "=", hostile)]).ids == []
    assert env.cr.execute(sa.text("SELECT count(*) FROM res_partner")).scalar() > 0
