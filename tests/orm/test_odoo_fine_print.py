"""Small behaviours where a black-box probe found us different from Odoo 17."""

from __future__ import annotations

import pytest

from erpserver.exceptions import ValidationError
from erpserver.orm.environment import Environment


def test_a_many2many_default_from_the_context_is_a_set_command(env: Environment) -> None:
    tags = env["crm.tag"].create([{"name": "Default a"}, {"name": "Default b"}]).ids

    defaults = env(context={"default_tag_ids": tags})["crm.lead"].default_get(["tag_ids"])

    assert defaults == {"tag_ids": [(6, 0, tags)]}


def test_an_unknown_selection_default_is_dropped(env: Environment) -> None:
    partners = env(context={"default_type": "bogus"})["res.partner"]

    assert partners.default_get(["type", "active"]) == {"active": True}


def test_a_many2one_default_given_as_a_pair_is_an_id(env: Environment) -> None:
    defaults = env(context={"default_country_id": [21, "Belgium"]})["res.partner"].default_get(["country_id"])

    assert defaults == {"country_id": 21}


def test_the_id_has_no_aggregate_and_binaries_say_they_are_attachments(env: Environment) -> None:
    description = env["res.partner"].fields_get(["id", "image_1920", "color"])

    assert "group_operator" not in description["id"]
    assert description["color"]["group_operator"] == "sum"
    assert description["image_1920"]["attachment"] is True


def test_a_manual_relational_fields_domain_is_a_list(env: Environment) -> None:
    model = env["ir.model"].search([("model", "=", "res.partner")]).id
    env["ir.model.fields"].create({"model_id": model, "name": "x_country_ids", "ttype": "many2many",
                                   "relation": "res.country", "domain": "[('code', '=like', 'B%')]"})
    env["ir.model.fields"].create({"model_id": model, "name": "x_parent_id", "ttype": "many2one",
                                   "relation": "res.partner"})

    description = env["res.partner"].fields_get(["x_country_ids", "x_parent_id"])

    assert description["x_country_ids"]["domain"] == [("code", "=like", "B%")]
    assert description["x_parent_id"]["domain"] == []


def test_name_create_on_ir_model_makes_an_x_model_of_the_name(env: Environment) -> None:
    model_id, name = env["ir.model"].name_create("My New Model")

    [row] = env["ir.model"].browse(model_id).read(["model", "state"])
    assert (row["model"], row["state"], name) == ("x_my_new_model", "manual", "My New Model")


def test_name_create_with_force_email_needs_an_email(env: Environment) -> None:
    partners = env(context={"force_email": True})["res.partner"]

    with pytest.raises(ValidationError, match="Couldn't create contact without email address!"):
        partners.name_create("No Email")
    assert partners.name_create("Ann <ann@example.com>")[1] == "Ann"


def test_name_create_ignores_an_unknown_default_type(env: Environment) -> None:
    partner_id, _name = env(context={"default_type": "bogus"})["res.partner"].name_create("Typed")

    assert env["res.partner"].browse(partner_id).read(["type"])[0]["type"] == "contact"
