"""Odoo 17's fine print on partners: names of contacts created with their company, the
display-name context keys, binary sizes, help texts."""

from __future__ import annotations

import base64

from erpserver.orm.environment import Environment
from erpserver.orm.fields.binary import human_size, pg_size_pretty


def test_contacts_created_with_their_company_are_named_after_it(env: Environment) -> None:
    company = env["res.partner"].create({"name": "Parent Co", "is_company": True,
                                         "child_ids": [(0, 0, {"name": "Child A"}), (0, 0, {"name": "Child B"})]})

    rows = env["res.partner"].search_read([("parent_id", "=", company.id)], ["complete_name", "display_name"],
                                          order="id")

    assert [row["complete_name"] for row in rows] == ["Parent Co, Child A", "Parent Co, Child B"]
    assert [row["display_name"] for row in rows] == ["Parent Co, Child A", "Parent Co, Child B"]


def test_contacts_loaded_as_sub_rows_are_named_after_their_company(env: Environment) -> None:
    result = env["res.partner"].load(["name", "is_company", "child_ids/name"],
                                     [["Loaded Co", "1", "Kid 1"], ["", "", "Kid 2"]])

    assert result["messages"] == []
    rows = env["res.partner"].search_read([("parent_id", "in", result["ids"])], ["complete_name"], order="id")
    assert [row["complete_name"] for row in rows] == ["Loaded Co, Kid 1", "Loaded Co, Kid 2"]


def _partner(env: Environment) -> int:
    belgium = env.ref_id("base.be")
    return env["res.partner"].create({
        "name": "Marie", "email": "marie@example.com", "vat": "BE0477472701", "street": "Rue Haute 1",
        "city": "Bruxelles", "zip": "1000", "country_id": belgium}).id


def test_show_email_and_show_vat_add_them_to_the_display_name(env: Environment) -> None:
    partner = _partner(env)
    partners = env["res.partner"].browse(partner)

    assert partners.with_context(show_email=True).name_get() == [[partner, "Marie <marie@example.com>"]]
    assert partners.with_context(show_vat=True).read(["display_name"])[0]["display_name"] == "Marie ‒ BE0477472701"
    assert partners.with_context(partner_show_db_id=True).name_get() == [[partner, f"Marie ({partner})"]]
    assert partners.name_get() == [[partner, "Marie"]]


def test_show_address_puts_the_address_below_or_inline(env: Environment) -> None:
    partners = env["res.partner"].browse(_partner(env))

    below = partners.with_context(show_address=True).name_get()[0][1]
    inline = partners.with_context(show_address=True, address_inline=True).name_get()[0][1]

    assert below == "Marie\nRue Haute 1\nBruxelles  1000\nBelgium"
    assert inline == "Marie, Rue Haute 1, Bruxelles  1000, Belgium"


def test_many2one_reads_follow_the_display_name_context(env: Environment) -> None:
    partner = _partner(env)
    lead = env["crm.lead"].create({"name": "Deal", "partner_id": partner})

    row = env["crm.lead"].browse(lead.id).with_context(show_email=True).read(["partner_id"])[0]

    assert row["partner_id"] == [partner, "Marie <marie@example.com>"]


def test_bin_size_reads_binaries_as_sizes(env: Environment) -> None:
    image = base64.b64encode(b"x" * 12637).decode()
    partner = env["res.partner"].create({"name": "Pic", "image_1920": image})
    partners = env["res.partner"].browse(partner.id)

    assert partners.with_context(bin_size=True).read(["image_1920"])[0]["image_1920"] == "12.34 Kb"
    assert partners.with_context(bin_size_image_1920=True).read(["image_1920"])[0]["image_1920"] == "12.34 Kb"
    assert partners.read(["image_1920"])[0]["image_1920"] == image


def test_sizes_are_written_as_odoo_and_postgresql_write_them() -> None:
    assert [human_size(n) for n in (10, 12637, 5 * 1024 * 1024)] == ["10.00 bytes", "12.34 Kb", "5.00 Mb"]
    assert [pg_size_pretty(n) for n in (1234, 10240, 12 * 1024, 5 * 1024 * 1024, 30 * 1024 ** 3)] == [
        "1234 bytes", "10 kB", "12 kB", "5120 kB", "30 GB"]


def test_base_fields_have_odoo_help_texts(env: Environment) -> None:
    partner = env["res.partner"].fields_get(["user_id", "is_company", "vat", "name"], ["help"])
    user = env["res.users"].fields_get(["login", "password"], ["help"])

    assert partner["user_id"]["help"] == "The internal user in charge of this contact."
    assert partner["is_company"]["help"] == "Check if the contact is a company, otherwise it is a person"
    assert partner["vat"]["help"].startswith("The Tax Identification Number.")
    assert partner["name"] == {}
    assert user == {"login": {"help": "Used to log into the system"},
                    "password": {"help": "Keep empty if you don't want the user to be able to connect on the system."}}
