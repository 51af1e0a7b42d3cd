"""A custom many2many creates only its own relation table: it may never adopt an existing table,
which removing the field later would drop."""

from __future__ import annotations

import uuid

import pytest

from tests.security.conftest import Site


@pytest.fixture(scope="module")
def model(site: Site) -> str:
    name = f"x_safe_{uuid.uuid4().hex[:6]}"
    site.admin.call("ir.model", "create", {"name": "Safe", "model": name})
    return name


def m2m(site: Site, model: str, name: str, relation: str = "res.partner", **extra: str) -> dict:
    return {"model_id": site.model_id(model), "name": name, "ttype": "many2many", "relation": relation,
            "field_description": name, **extra}


@pytest.mark.parametrize("table", ["res_partner", "res_users", "res_groups_users_rel", "ir_model_fields",
                                   "ir_signal", "alembic_version"])
def test_an_existing_table_is_refused_and_nothing_is_created(site: Site, model: str, table: str) -> None:
    partners = site.admin.call("res.partner", "search_count", [], context={"active_test": False})
    fault = site.admin.fault("ir.model.fields", "create", m2m(site, model, "x_bad_ids", relation_table=table))
    assert fault.faultCode == 2
    assert f"The table '{table}' already exists" in fault.faultString
    assert site.admin.call("ir.model.fields", "search", [["model", "=", model], ["name", "=", "x_bad_ids"]]) == []
    assert site.admin.call("res.partner", "search_count", [], context={"active_test": False}) == partners


@pytest.mark.parametrize(("key", "value"), [("column1", "id; DROP TABLE res_partner"),
                                            ("column2", "a b"), ("relation_table", "x rel"),
                                            ("relation_table", "x_" + "r" * 80)])
def test_relation_names_must_be_plain_identifiers(site: Site, model: str, key: str, value: str) -> None:
    fault = site.admin.fault("ir.model.fields", "create", m2m(site, model, "x_odd_ids", **{key: value}))
    assert fault.faultCode == 2
    assert site.admin.call("ir.model.fields", "search", [["model", "=", model], ["name", "=", "x_odd_ids"]]) == []


def test_another_fields_table_is_refused_but_its_mirror_may_share_it(site: Site, model: str) -> None:
    admin = site.admin
    first = admin.call("ir.model.fields", "create", m2m(site, model, "x_friend_ids", relation_table="x_safe_friend_rel",
                                                         column1="safe_id", column2="partner_id"))
    fault = admin.fault("ir.model.fields", "create", m2m(site, model, "x_other_ids", relation_table="x_safe_friend_rel",
                                                          column1="one_id", column2="two_id"))
    assert "already exists" in fault.faultString
    other = f"x_safe_other_{uuid.uuid4().hex[:6]}"
    admin.call("ir.model", "create", {"name": "Other", "model": other})
    fault = admin.fault("ir.model.fields", "create", m2m(site, other, "x_friend_ids", relation="res.partner",
                                                          relation_table="x_safe_friend_rel", column1="partner_id",
                                                          column2="safe_id"))
    assert "already exists" in fault.faultString  # swapped columns, but not the other side of the relation
    record = admin.call(model, "create", {"x_friend_ids": [(6, 0, [2, 3])]})
    assert sorted(admin.call(model, "read", [record], ["x_friend_ids"])[0]["x_friend_ids"]) == [2, 3]
    admin.call("ir.model.fields", "unlink", [first])
    # the table went with its field: a new field may now create it again
    again = admin.call("ir.model.fields", "create", m2m(site, model, "x_again_ids", relation_table="x_safe_friend_rel"))
    admin.call("ir.model.fields", "unlink", [again])
    assert admin.call("res.partner", "search_count", [["id", "in", [2, 3]]], context={"active_test": False}) == 2


def test_two_manual_models_share_one_relation_from_both_sides(site: Site, model: str) -> None:
    admin = site.admin
    tags = f"x_safe_tag_{uuid.uuid4().hex[:6]}"
    admin.call("ir.model", "create", {"name": "Tag", "model": tags})
    forward = admin.call("ir.model.fields", "create", m2m(site, model, "x_tag_ids", relation=tags,
                                                           relation_table="x_safe_tag_rel", column1="a_id",
                                                           column2="b_id"))
    backward = admin.call("ir.model.fields", "create", m2m(site, tags, "x_thing_ids", relation=model,
                                                            relation_table="x_safe_tag_rel", column1="b_id",
                                                            column2="a_id"))
    tag = admin.call(tags, "create", {})
    thing = admin.call(model, "create", {"x_tag_ids": [(4, tag)]})
    assert admin.call(tags, "read", [tag], ["x_thing_ids"])[0]["x_thing_ids"] == [thing]
    admin.call("ir.model.fields", "unlink", [forward])
    assert admin.call(tags, "read", [tag], ["x_thing_ids"])[0]["x_thing_ids"] == [thing]  # still there
    admin.call("ir.model.fields", "unlink", [backward])
