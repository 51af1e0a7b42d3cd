"""Model access rights (ir.model.access) over HTTP: additive across groups, denied with fault 4."""

from __future__ import annotations

import pytest

from tests.security.conftest import Actor, Site


@pytest.fixture(scope="module")
def alice(site: Site) -> Actor:
    return site.new_user(["base.group_user"])


def test_an_internal_user_reads_partners_and_countries(site: Site, alice: Actor) -> None:
    assert alice.call("res.partner", "search_count", []) > 10
    belgium = alice.call("res.country", "search_read", [["code", "=", "BE"]], ["name"])
    assert belgium[0]["name"] == "Belgium"
    assert alice.call("res.partner", "check_access_rights", "read") is True
    assert alice.call("res.country", "check_access_rights", "write", raise_exception=False) is False


@pytest.mark.parametrize(("model", "method", "args", "verb"), [
    ("ir.model", "search", [[]], "access"),
    ("ir.model", "create", [{"name": "Sneaky", "model": "x_sneaky"}], "create"),
    ("ir.rule", "search_read", [[]], "access"),
    ("ir.model.access", "search", [[]], "access"),
    ("ir.model.fields", "search_count", [[]], "access"),
    ("res.groups", "create", [{"name": "Self-made admins"}], "create"),
    ("res.country", "create", [{"name": "Atlantis", "code": "QA"}], "create"),
])
def test_an_internal_user_cannot_touch_the_security_configuration(
    site: Site, alice: Actor, model: str, method: str, args: list, verb: str
) -> None:
    fault = alice.fault(model, method, *args)
    assert fault.faultCode == 4
    description = site.admin.call("ir.model", "search_read", [["model", "=", model]], ["name"])[0]["name"]
    assert fault.faultString.startswith(f"You are not allowed to {verb} '{description}' ({model}) records.\n\n")
    assert "Contact your administrator to request access if necessary." in fault.faultString


def test_a_denied_write_changes_nothing(site: Site, alice: Actor) -> None:
    group = site.ref("base.group_system")
    fault = alice.fault("res.groups", "write", [group], {"users": [(4, alice.uid)]})
    assert fault.faultCode == 4
    assert "You are not allowed to modify 'Access Groups' (res.groups) records." in fault.faultString
    assert alice.uid not in site.admin.call("res.groups", "read", [group], ["users"])[0]["users"]
    assert "Settings" in fault.faultString  # the groups that would allow it are listed


def test_rights_are_additive_across_groups_and_seen_at_once(site: Site, alice: Actor) -> None:
    bob = site.new_user(["base.group_user"])
    assert bob.fault("res.country", "create", {"name": "Freedonia", "code": "QF"}).faultCode == 4
    makers = site.admin.call("res.groups", "create", {"name": "Country makers"})
    access = site.admin.call("ir.model.access", "create", {
        "name": "country makers", "model_id": site.model_id("res.country"), "group_id": makers,
        "perm_create": True})
    try:
        site.admin.call("res.users", "write", [bob.uid], {"groups_id": [(4, makers)]})
        country = bob.call("res.country", "create", {"name": "Freedonia", "code": "QF"})
        assert bob.call("res.country", "read", [country], ["name"])[0]["name"] == "Freedonia"  # read: group_user
        assert bob.fault("res.country", "unlink", [country]).faultCode == 4
        site.admin.call("res.country", "unlink", [country])
        assert alice.fault("res.country", "create", {"name": "Elbonia", "code": "QE"}).faultCode == 4
    finally:
        site.admin.call("ir.model.access", "unlink", [access])
    assert bob.fault("res.country", "create", {"name": "Freedonia", "code": "QF"}).faultCode == 4


def test_an_implied_group_added_later_reaches_every_member(site: Site) -> None:
    carol = site.new_user(["base.group_user"])
    team = site.admin.call("res.groups", "create", {"name": "Team", "users": [(4, carol.uid)]})
    site.admin.call("res.groups", "write", [team], {"implied_ids": [(4, site.ref("base.group_partner_manager"))]})
    groups = site.admin.call("res.users", "read", [carol.uid], ["groups_id"])[0]["groups_id"]
    assert site.ref("base.group_partner_manager") in groups


def test_an_archived_user_can_neither_log_in_nor_call(site: Site) -> None:
    dave = site.new_user(["base.group_user"])
    login = site.admin.call("res.users", "read", [dave.uid], ["login"])[0]["login"]
    assert dave.authenticate(login) == dave.uid
    assert dave.call("res.partner", "search_count", []) > 0  # a credential now cached by a worker
    site.admin.call("res.users", "write", [dave.uid], {"active": False})
    assert dave.authenticate(login) is False
    for _ in range(4):  # each worker
        assert dave.fault("res.partner", "search_count", []).faultCode == 3
