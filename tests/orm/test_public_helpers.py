"""The public record helpers of Odoo 17 beside CRUD: get_metadata, get_external_id, search_fetch,
check_field_access_rights, and ir.model.data's look-ups by external id."""

from __future__ import annotations

import pytest

from erpserver.exceptions import AccessError
from erpserver.orm.environment import Environment


def test_get_metadata_gives_the_log_columns_and_the_oldest_external_id(env: Environment) -> None:
    partner = env(uid=2)["res.partner"].create({"name": "Metadata"})
    env["ir.model.data"].create([
        {"module": "__import__", "name": "meta_first", "model": "res.partner", "res_id": partner.id, "noupdate": True},
        {"module": "__export__", "name": "meta_second", "model": "res.partner", "res_id": partner.id},
    ])

    [meta] = partner.get_metadata()

    assert meta["id"] == partner.id
    assert meta["create_uid"] == [2, "Administrator"] and meta["write_uid"] == [2, "Administrator"]
    assert meta["create_date"] and meta["write_date"]
    assert meta["xmlid"] == "__import__.meta_first" and meta["noupdate"] is True
    assert meta["xmlids"] == [{"xmlid": "__import__.meta_first", "noupdate": True},
                              {"xmlid": "__export__.meta_second", "noupdate": False}]


def test_get_metadata_without_external_id(env: Environment) -> None:
    partner = env["res.partner"].create({"name": "No xmlid"})

    [meta] = partner.get_metadata()

    assert (meta["xmlid"], meta["xmlids"], meta["noupdate"]) == (False, [], False)


def test_get_external_id_maps_each_id_to_its_first_external_id(env: Environment) -> None:
    belgium = env.ref_id("base.be")
    partner = env["res.partner"].create({"name": "No xmlid"}).id

    assert env["res.country"].browse([belgium]).get_external_id() == {belgium: "base.be"}
    assert env["res.partner"].browse([partner]).get_external_id() == {partner: ""}


def test_search_fetch_answers_ids_and_checks_the_fields(env: Environment) -> None:
    partners = env["res.partner"]

    assert partners.search_fetch([("is_company", "=", True)], ["name"], limit=3).ids == \
        partners.search([("is_company", "=", True)], limit=3).ids
    with pytest.raises(ValueError, match="Invalid field 'nope' on model 'res.partner'"):
        partners.search_fetch([], ["nope"])


def test_check_field_access_rights_lists_the_fields_or_refuses_hidden_ones(admin_env: Environment) -> None:
    users = admin_env["res.users"]

    assert users.check_field_access_rights("read", ["login", "name"]) == ["login", "name"]
    assert "login" in users.check_field_access_rights("read", [])


@pytest.mark.parametrize("method", ["check_object_reference", "get_object_reference"])
def test_an_external_id_is_looked_up_as_model_and_id(env: Environment, method: str) -> None:
    data = env["ir.model.data"]

    assert getattr(data, method)("base", "be") == ["res.country", env.ref_id("base.be")]
    with pytest.raises(ValueError, match="External ID not found in the system: base.nowhere"):
        getattr(data, method)("base", "nowhere")


def test_xmlid_to_res_id_answers_false_unless_asked_to_raise(env: Environment) -> None:
    data = env["ir.model.data"]

    assert data.xmlid_to_res_id("base.main_company") == env.ref_id("base.main_company")
    assert data.xmlid_to_res_id("base.nowhere") is False
    with pytest.raises(ValueError):
        data.xmlid_to_res_id("base.nowhere", raise_if_not_found=True)


def test_check_object_reference_hides_a_record_the_user_may_not_read(env: Environment) -> None:
    portal = env.ref_id("base.group_portal")
    user = env["res.users"].create({"login": "ref_portal", "name": "Ref portal", "groups_id": [(6, 0, [portal])]})
    data = env(uid=user.id, su=False)["ir.model.data"].sudo()
    restricted = data.with_env(env(uid=user.id, su=False))

    assert data.check_object_reference("base", "be")[1] == env.ref_id("base.be")
    with pytest.raises(AccessError):
        restricted.check_object_reference("crm", "stage_lead1", raise_on_access_error=True)
