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
