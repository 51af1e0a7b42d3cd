"""``export_data(ids, fields)``: rows of cells in load's path syntax, and back through load."""

from __future__ import annotations

import pytest

from erpserver.exceptions import AccessError, UserError
from erpserver.orm.environment import Environment


@pytest.fixture
def company(env: Environment) -> int:
    tags = env["res.partner.category"].create([{"name": "Export Red"}, {"name": "Export Blue"}])
    record = env["res.partner"].create({
        "name": "Export Co", "is_company": True, "country_id": env.ref_id("base.be"), "color": 0,
        "category_id": [(6, 0, tags.ids)],
        "child_ids": [(0, 0, {"name": "Kid One", "email": "one@example.com"}),
                      (0, 0, {"name": "Kid Two", "email": "two@example.com"})]})
    return int(record.id)


def test_plain_cells_keep_numbers_and_booleans_and_show_selection_labels(env: Environment, company: int) -> None:
    [row] = env["res.partner"].browse(company).export_data(["name", "is_company", "color", "email", "type", ".id"])["datas"]
    assert row == ["Export Co", True, 0, "", "Contact", str(company)]


def test_many2one_cells_by_name_external_id_and_database_id(env: Environment, company: int) -> None:
    [row] = env["res.partner"].browse(company).export_data(["country_id", "country_id/id", "country_id/.id"])["datas"]
    assert row == ["Belgium", "base.be", str(env.ref_id("base.be"))]


def test_one2many_lines_go_on_the_following_rows(env: Environment, company: int) -> None:
    rows = env["res.partner"].browse(company).export_data(["name", "child_ids/name", "child_ids/email"])["datas"]
    assert rows == [["Export Co", "Kid One", "one@example.com"], ["", "Kid Two", "two@example.com"]]


def test_many2many_records_share_one_cell(env: Environment, company: int) -> None:
    [by_name] = env["res.partner"].browse(company).export_data(["category_id"])["datas"]
    [by_xmlid] = env["res.partner"].browse(company).export_data(["category_id/id"])["datas"]
    assert sorted(by_name[0].split(",")) == ["Export Blue", "Export Red"]
    assert len(by_xmlid[0].split(",")) == 2 and by_xmlid[0].startswith("__export__.res_partner_category_")


def test_exporting_id_makes_an_external_id_once(env: Environment, company: int) -> None:
    [first] = env["res.partner"].browse(company).export_data(["id"])["datas"]
    [again] = env["res.partner"].browse(company).export_data(["id"])["datas"]
    assert first == again and first[0].startswith(f"__export__.res_partner_{company}_")
    assert env.ref_id(first[0]) == company
    assert env["res.partner"].browse(env.ref_id("base.main_partner")).export_data(["id"])["datas"] == [
        ["base.main_partner"]]


def test_export_then_load_changes_nothing(env: Environment, company: int) -> None:
    fields = ["id", "name", "is_company", "type", "color", "email", "country_id/id", "category_id/id",
              "child_ids/id", "child_ids/name", "child_ids/email"]
    partners = env["res.partner"]
    before = partners.browse(company).export_data(fields)["datas"]
    count = partners.search_count([])
    result = partners.load(fields, before)
    assert result["messages"] == [] and result["ids"] == [company]
    assert partners.browse(company).export_data(fields)["datas"] == before
    assert partners.search_count([]) == count


def test_the_password_is_never_exported(env: Environment) -> None:
    with pytest.raises(AccessError, match="cannot be exported"):
        env["res.users"].browse(2).export_data(["login", "password"])


def test_exporting_needs_the_export_right(env: Environment) -> None:
    user = env["res.users"].create({"login": "no-export", "name": "No Export"})
    with pytest.raises(UserError, match="You don't have the rights to export data"):
        env(uid=user.id, su=False)["res.partner"].browse(1).export_data(["name"])
    allowed = env.ref_id("base.group_allow_export")
    user.write({"groups_id": [(4, allowed)]})
    assert env(uid=user.id, su=False)["res.partner"].browse(env.ref_id("base.main_partner")).export_data(
        ["name"])["datas"] == [["My Company"]]


def test_an_unknown_field_is_refused(env: Environment, company: int) -> None:
    with pytest.raises(ValueError, match="Invalid field 'nope'"):
        env["res.partner"].browse(company).export_data(["name", "nope"])


def test_datetimes_are_exported_in_the_context_time_zone(env: Environment) -> None:
    lead = env["crm.lead"].create({"name": "Timed Export", "date_open": "2024-07-01 08:00:00"})
    zoned = env["crm.lead"].with_context(tz="Europe/Brussels").browse(lead.ids)
    assert zoned.export_data(["date_open"])["datas"] == [["2024-07-01 10:00:00"]]
    assert env["crm.lead"].browse(lead.ids).export_data(["date_open"])["datas"] == [["2024-07-01 08:00:00"]]


def test_record_rules_limit_what_a_user_exports(env: Environment) -> None:
    user = env["res.users"].create({"login": "rule-export", "name": "Rule Export",
                                    "groups_id": [(4, env.ref_id("base.group_user")),
                                                  (4, env.ref_id("base.group_allow_export"))]})
    mine = env["crm.lead"].create({"name": "Rule Mine", "user_id": user.id})
    other = env["crm.lead"].create({"name": "Rule Other", "user_id": 2})
    env["ir.rule"].create({"name": "own leads", "model_id": env["ir.model"].search([("model", "=", "crm.lead")]).id,
                           "domain_force": "[('user_id', '=', user.id)]",
                           "groups": [(6, 0, [env.ref_id("base.group_user")])]})
    leads = env(uid=user.id, su=False)["crm.lead"]
    assert leads.browse(mine.ids).export_data(["name"])["datas"] == [["Rule Mine"]]
    with pytest.raises(AccessError, match="Due to security restrictions"):
        leads.browse([mine.id, other.id]).export_data(["name"])
