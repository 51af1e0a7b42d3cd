"""``load``: rows of strings in, all or nothing, with Odoo's messages."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from erpserver.orm.environment import Environment


def test_rows_with_external_ids_create_records_and_their_xmlids(env: Environment) -> None:
    result = env["res.partner"].load(
        ["id", "name", "country_id", "is_company"],
        [["load_acme", "Acme Load", "Belgium", "1"], ["load_zeta", "Zeta Load", "France", "0"]],
    )
    assert result["messages"] == [] and result["nextrow"] == 0
    rows = env["res.partner"].browse(result["ids"]).read(["name", "country_id", "is_company"], load="")
    assert [(r["name"], r["country_id"], r["is_company"]) for r in rows] == [
        ("Acme Load", env.ref_id("base.be"), True), ("Zeta Load", env.ref_id("base.fr"), False)]
    assert env.ref_id("__import__.load_acme") == result["ids"][0]


def test_a_known_external_id_updates_its_record(env: Environment) -> None:
    [first] = env["res.partner"].load(["id", "name"], [["load_again", "Before"]])["ids"]
    result = env["res.partner"].load(["id", "name", "email"], [["load_again", "After", ""]])
    assert result["ids"] == [first]
    assert env["res.partner"].browse(first).read(["name", "email"])[0] == {"id": first, "name": "After", "email": False}


def test_relations_by_external_id_database_id_and_names(env: Environment) -> None:
    tags = env["res.partner.category"].create([{"name": "Load Red"}, {"name": "Load Blue"}])
    result = env["res.partner"].load(
        ["name", "country_id/id", "parent_id/.id", "category_id"],
        [["Child", "base.fr", "1", "Load Red, Load Blue"]],
    )
    assert result["messages"] == []
    [row] = env["res.partner"].browse(result["ids"]).read(["country_id", "parent_id", "category_id"], load="")
    assert row["country_id"] == env.ref_id("base.fr") and row["parent_id"] == 1
    assert sorted(row["category_id"]) == sorted(tags.ids)


def test_one2many_lines_continue_on_the_following_rows(env: Environment) -> None:
    result = env["res.partner"].load(
        ["name", "is_company", "child_ids/name", "child_ids/email"],
        [["Lined Co", "1", "First line", "one@example.com"], ["", "", "Second line", ""], ["Other Co", "1", "", ""]],
    )
    assert result["messages"] == [] and len(result["ids"]) == 2
    kids = env["res.partner"].browse(result["ids"][0]).read(["child_ids"])[0]["child_ids"]
    assert sorted(r["name"] for r in env["res.partner"].browse(kids).read(["name"])) == ["First line", "Second line"]


def test_one_bad_row_keeps_nothing(env: Environment) -> None:
    before = env["crm.lead"].search_count([])
    result = env["crm.lead"].load(["name", "date_deadline"], [["Good", "2024-01-02"], ["Bad", "2024-01-32"]])
    assert result["ids"] is False
    assert result["messages"] == [{
        "type": "error", "message": "'2024-01-32' does not seem to be a valid date for field 'Expected Closing'",
        "rows": {"from": 1, "to": 1}, "record": 1, "field": "date_deadline", "field_name": "Expected Closing",
        "moreinfo": "Use the format '2012-12-31'"}]
    assert env["crm.lead"].search_count([]) == before


@pytest.mark.parametrize(
    ("header", "cell", "message"),
    [
        ("priority", "Urgent", "Value 'Urgent' not found in selection field 'Priority'"),
        ("probability", "lots", "'lots' does not seem to be a number for field 'Probability'"),
        ("color", "red", "'red' does not seem to be an integer for field 'Color Index'"),
        ("partner_id", "Nobody At All", "No matching record found for name 'Nobody At All' in field 'Customer'"),
        ("partner_id/id", "__import__.nope", "No matching record found for external id '__import__.nope' in field 'Customer'"),
    ],
)
def test_conversion_errors_use_odoos_messages(env: Environment, header: str, cell: str, message: str) -> None:
    result = env["crm.lead"].load(["name", header], [["Lead", cell]])
    assert result["ids"] is False
    assert [m["message"] for m in result["messages"]] == [message]


def test_a_missing_required_value_names_the_field(env: Environment) -> None:
    result = env["crm.lead"].load(["name", "priority"], [["", "High"]])
    assert result["ids"] is False
    [message] = result["messages"]
    assert message["message"] == "Missing required value for the field 'Opportunity' (name)"
    assert message["field"] == "name"


def test_an_unknown_boolean_is_a_warning_and_reads_as_true(env: Environment) -> None:
    result = env["res.partner"].load(["name", "is_company"], [["Maybe Co", "perhaps"]])
    assert result["ids"] and result["messages"][0]["type"] == "warning"
    assert env["res.partner"].browse(result["ids"]).read(["is_company"])[0]["is_company"] is True


def test_an_unknown_header_is_refused(env: Environment) -> None:
    with pytest.raises(KeyError):
        env["res.partner"].load(["name", "no_such_field"], [["x", "y"]])


def test_the_number_of_queries_does_not_grow_with_the_rows(env: Environment) -> None:
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        statements.append(statement)

    def queries_for(rows: int) -> int:
        statements.clear()
        data = [[f"batch_{rows}_{i}", f"Batch {i}", "Belgium", "base.fr"] for i in range(rows)]
        event.listen(env.cr, "before_cursor_execute", count)
        try:
            result = env["crm.lead"].load(["id", "name", "partner_name", "country_id/id"], data)
        finally:
            event.remove(env.cr, "before_cursor_execute", count)
        assert result["messages"] == []
        return len(statements)

    assert queries_for(3) == queries_for(40)


def test_load_into_a_manual_model(env: Environment) -> None:
    model = env["ir.model"].create({"name": "Imported Things", "model": "x_imported", "state": "manual",
                                    "field_id": [(0, 0, {"name": "x_name", "ttype": "char"}),
                                                 (0, 0, {"name": "x_qty", "ttype": "integer"})]})
    assert model.id
    result = env["x_imported"].load(["id", "x_name", "x_qty"], [["thing_1", "First", "3"], ["thing_2", "Second", ""]])
    assert result["messages"] == []
    rows = env["x_imported"].browse(result["ids"]).read(["x_name", "x_qty"])
    assert [(r["x_name"], r["x_qty"]) for r in rows] == [("First", 3), ("Second", 0)]
    assert env.ref_id("__import__.thing_2") == result["ids"][1]


# -- fidelity: headers, name_create, one2many lines ------------------------------------------------
def test_a_header_naming_one_field_twice_is_an_error(env: Environment) -> None:
    result = env["res.partner"].load(["name", "country_id", "country_id/id"], [["Twice", "Belgium", "base.be"]])
    assert result["ids"] is False
    assert [(m["message"], m["field"]) for m in result["messages"]] == [
        ("Ambiguous specification for field 'Country', only provide one of name, external id or database id",
         "country_id")]


def test_a_twice_named_field_left_empty_is_no_error(env: Environment) -> None:
    result = env["res.partner"].load(["name", "country_id", "country_id/id"], [["Twice Empty", "", ""]])
    assert result["messages"] == [] and len(result["ids"]) == 1


def test_name_create_enabled_fields_creates_missing_targets_once(env: Environment) -> None:
    rows = [["Tagged A", "Brand New Tag"], ["Tagged B", "Brand New Tag"]]
    refused = env["crm.lead"].load(["name", "tag_ids"], rows)
    assert [m["message"] for m in refused["messages"]] == [
        "No matching record found for name 'Brand New Tag' in field 'Tags'"] * 2
    result = env["crm.lead"].with_context(name_create_enabled_fields={"tag_ids": True}).load(["name", "tag_ids"], rows)
    assert result["messages"] == []
    [tag] = env["crm.tag"].search([("name", "=", "Brand New Tag")]).ids
    assert [r["tag_ids"] for r in env["crm.lead"].browse(result["ids"]).read(["tag_ids"])] == [[tag], [tag]]


def test_an_error_on_a_line_names_the_field_lines_slash_sub_field(env: Environment) -> None:
    result = env["res.partner"].load(["name", "is_company", "child_ids/name", "child_ids/color"],
                                     [["Lined Up", "1", "Kid", "red"]])
    assert result["ids"] is False
    [message] = result["messages"]
    assert message["message"] == "'red' does not seem to be an integer for field 'Contact/Color Index'"
    assert (message["field"], message["field_name"]) == ("child_ids", "Contact")


def test_a_line_named_by_an_unknown_external_id_is_an_error(env: Environment) -> None:
    result = env["res.partner"].load(["id", "name", "is_company", "child_ids/id", "child_ids/name"],
                                     [["co_lines", "Lines Co", "1", "co_kid", "Kid One"]])
    assert result["ids"] is False
    assert [(m["message"], m["field"]) for m in result["messages"]] == [
        ("No matching record found for external id 'co_kid' in field 'Contact'", "child_ids")]


def test_lines_that_name_existing_records_link_and_update_them(env: Environment) -> None:
    [parent] = env["res.partner"].load(["id", "name", "is_company"], [["co_link", "Link Co", "1"]])["ids"]
    [kid] = env["res.partner"].load(["id", "name"], [["kid_link", "Kid Before"]])["ids"]
    result = env["res.partner"].load(["id", "child_ids/id", "child_ids/name"], [["co_link", "kid_link", "Kid After"]])
    assert result["messages"] == [] and result["ids"] == [parent]
    assert env["res.partner"].browse(kid).read(["name", "parent_id"], load="")[0] == {
        "id": kid, "name": "Kid After", "parent_id": parent}
    assert env["res.partner"].browse(parent).read(["child_ids"])[0]["child_ids"] == [kid]


# -- external ids -----------------------------------------------------------------------------------
def test_an_external_id_with_a_space_is_refused(env: Environment) -> None:
    result = env["res.partner"].load(["id", "name"], [["has space", "Spacey"]])
    assert result["ids"] is False
    assert [m["message"] for m in result["messages"]] == ["External IDs cannot contain spaces"]


def test_the_same_new_external_id_twice_in_one_call_makes_one_record(env: Environment) -> None:
    result = env["res.partner"].load(["id", "name"], [["twice_id", "First"], ["twice_id", "Second"]])
    assert result["messages"] == []
    assert result["ids"][0] == result["ids"][1]
    assert env["res.partner"].browse(result["ids"][0]).read(["name"])[0]["name"] == "Second"


def test_a_row_may_name_a_record_an_earlier_row_of_the_call_created(env: Environment) -> None:
    result = env["res.partner"].load(["id", "name", "is_company", "parent_id/id"],
                                     [["mother_co", "Mother Co", "1", ""], ["daughter", "Daughter", "0", "mother_co"]])
    assert result["messages"] == []
    assert env["res.partner"].browse(result["ids"][1]).read(["parent_id"], load="")[0]["parent_id"] == result["ids"][0]


def test_import_limit_stops_and_says_where_to_go_on(env: Environment) -> None:
    rows = [["Limited Co", "1", "Kid A"], ["", "", "Kid B"], ["Next Co", "1", ""], ["Last Co", "1", ""]]
    result = env["res.partner"].with_context(_import_limit=1).load(["name", "is_company", "child_ids/name"], rows)
    assert result["messages"] == [] and len(result["ids"]) == 1 and result["nextrow"] == 2


def test_datetimes_are_read_in_the_context_time_zone(env: Environment) -> None:
    result = env["crm.lead"].with_context(tz="Europe/Brussels").load(
        ["name", "date_open", "date_deadline", "expected_revenue", "description"],
        [["Timed", "2024-07-01 10:00:00", "2024-07-31", "12.5", "<p>notes</p>"]])
    assert result["messages"] == []
    [row] = env["crm.lead"].browse(result["ids"]).read(["date_open", "date_deadline", "expected_revenue", "description"])
    assert (row["date_open"], row["date_deadline"], row["expected_revenue"], row["description"]) == (
        "2024-07-01 08:00:00", "2024-07-31", 12.5, "<p>notes</p>")


# -- scale ------------------------------------------------------------------------------------------
LEAD_HEADER = ["id", "name", "partner_name", "email_from", "phone", "city", "expected_revenue"]


def lead_rows(count: int, tag: str, prefix: str) -> list[list[str]]:
    return [[f"{prefix}_{i}", f"Lead {i} {tag}", f"Company {i % 97}", f"lead{i}@example.com", f"+32 2 {i:07d}",
             "Brussels", str(i % 1000)] for i in range(count)]


def test_rows_over_several_batches_then_a_bad_row_keep_nothing(env: Environment) -> None:
    rows = lead_rows(5500, "bad", "several")  # batches of 5,000 records
    rows[5200][6] = "lots"
    before = env["crm.lead"].search_count([])
    result = env["crm.lead"].load(LEAD_HEADER, rows)
    assert result["ids"] is False
    assert [(m["rows"], m["record"]) for m in result["messages"]] == [({"from": 5200, "to": 5200}, 5200)]
    assert env["crm.lead"].search_count([]) == before
    assert env.ref_id("__import__.several_0") is None


def test_ten_thousand_rows_in_one_call_create_then_update(env: Environment) -> None:
    created = env["crm.lead"].load(LEAD_HEADER, lead_rows(10_000, "first", "tenk"))
    assert created["messages"] == [] and len(set(created["ids"])) == 10_000
    updated = env["crm.lead"].load(LEAD_HEADER, lead_rows(10_000, "second", "tenk"))
    assert updated["messages"] == [] and updated["ids"] == created["ids"]
    [last] = env["crm.lead"].browse(created["ids"][-1:]).read(["name", "expected_revenue"])
    assert (last["name"], last["expected_revenue"]) == ("Lead 9999 second", 999.0)
    assert env["ir.model.data"].search_count([("module", "=", "__import__"), ("name", "=like", "tenk_%")]) == 10_000


def test_a_hundred_thousand_rows_in_one_call(env: Environment, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("the same code runs on SQLite; one 100,000-row call per suite run is enough")
    result = env["crm.lead"].load(LEAD_HEADER, lead_rows(100_000, "big", "hundredk"))
    assert result["messages"] == [] and len(set(result["ids"])) == 100_000


def test_updates_in_bulk_run_the_model_s_own_checks(env: Environment) -> None:
    header = ["id", "name", "website"]
    env["res.partner"].load(header, [["web_a", "Web A", ""], ["web_b", "Web B", ""]])
    result = env["res.partner"].load(header, [["web_a", "Web A", "a.example.com"], ["web_b", "Web B", "https://b.example.com"]])
    assert result["messages"] == []
    assert [r["website"] for r in env["res.partner"].browse(result["ids"]).read(["website"])] == [
        "http://a.example.com", "https://b.example.com"]


def test_updates_of_a_model_with_its_own_write_go_through_it(env: Environment) -> None:
    result = env["res.country"].load(["id", "code"], [["base.be", "be"]])
    assert result["messages"] == [] and result["ids"] == [env.ref_id("base.be")]
    assert env["res.country"].browse(result["ids"]).read(["code"])[0]["code"] == "BE"
