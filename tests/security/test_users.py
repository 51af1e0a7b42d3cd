"""Users over HTTP: their own preferences without rights on res.users, their own password,
write-only passwords, and the guards that keep a database administrable."""

from __future__ import annotations

import xmlrpc.client

import pytest

from tests.security.conftest import Actor, Site


@pytest.fixture(scope="module")
def portal(site: Site) -> Actor:
    return site.new_user(["base.group_portal"], signature="<p>Paula</p>", tz="Europe/Brussels")


def test_a_portal_user_reads_and_writes_its_own_preferences_only(site: Site, portal: Actor) -> None:
    mine = portal.call("res.users", "read", [portal.uid], ["signature", "tz", "lang", "email", "login", "groups_id"])
    assert mine[0]["signature"] == "<p>Paula</p>"
    assert mine[0]["tz"] == "Europe/Brussels"
    assert portal.call("res.users", "write", [portal.uid], {"signature": "<p>P.</p>", "tz": "UTC"}) is True
    assert site.admin.call("res.users", "read", [portal.uid], ["signature", "tz"])[0] == {
        "id": portal.uid, "signature": "<p>P.</p>", "tz": "UTC"}
    # not another user, not a field outside the list, not its own groups
    assert portal.fault("res.users", "read", [2], ["signature"]).faultCode == 4
    assert portal.fault("res.users", "read", [portal.uid], ["login_date"]).faultCode == 4
    fault = portal.fault("res.users", "write", [portal.uid], {"groups_id": [(4, site.ref("base.group_system"))]})
    assert fault.faultCode == 4
    assert site.ref("base.group_system") not in site.admin.call("res.users", "read", [portal.uid],
                                                                ["groups_id"])[0]["groups_id"]
    assert portal.fault("res.users", "write", [portal.uid], {"login": "taken-over"}).faultCode == 4


def test_a_user_changes_its_own_password_by_proving_the_old_one(site: Site) -> None:
    erin = site.new_user(["base.group_portal"])
    login = site.admin.call("res.users", "read", [erin.uid], ["login"])[0]["login"]
    assert erin.fault("res.users", "change_password", "wrong", "new-secret-1").faultCode == 3
    assert erin.call("res.users", "change_password", erin.password, "new-secret-1") is True
    assert erin.authenticate(login, "new-secret-1") == erin.uid
    assert erin.authenticate(login) is False
    renewed = Actor(erin.url, erin.db, erin.uid, "new-secret-1")
    fault = renewed.fault("res.users", "change_password", "new-secret-1", "")
    assert fault.faultCode == 2
    assert "Setting empty passwords is not allowed" in fault.faultString


def test_no_method_returns_a_password_or_its_hash(site: Site) -> None:
    frank = site.new_user(["base.group_user"])
    admin = site.admin
    assert admin.call("res.users", "read", [frank.uid], ["password"]) == [{"id": frank.uid, "password": ""}]
    everything = admin.call("res.users", "read", [frank.uid])[0]
    rows = admin.call("res.users", "search_read", [["id", "=", frank.uid]])
    described = admin.call("res.users", "fields_get")
    defaults = admin.call("res.users", "default_get", list(described))
    dumped = repr((everything, rows, defaults, described))
    assert frank.password not in dumped
    assert "pbkdf2" not in dumped
    assert "password_hash" not in dumped
    # a domain on it is no oracle: as in Odoo 17, the non-stored field's leaf is ignored
    everyone = admin.call("res.users", "search", [])
    assert admin.call("res.users", "search", [["password", "=", frank.password]]) == everyone
    assert admin.call("res.users", "search", [["password", "=", "surely-not-this"]]) == everyone


def test_guards_keep_the_database_administrable(site: Site) -> None:
    admin = site.admin
    grace = site.new_user(["base.group_user"])
    fault = grace.fault("res.users", "write", [grace.uid], {"active": False})
    assert (fault.faultCode, fault.faultString) == (2, "You cannot deactivate the user you're currently logged in as.")
    assert grace.fault("res.users", "write", [grace.uid], {"login": "grace2"}).faultCode == 4
    fault = admin.fault("res.users", "write", [2], {"active": False})
    assert (fault.faultCode, fault.faultString) == (2, "You cannot deactivate the user you're currently logged in as.")
    fault = admin.fault("res.users", "action_archive", [2])
    assert fault.faultString == "You cannot deactivate the user you're currently logged in as."
    assert admin.fault("res.users", "write", [1], {"active": True}).faultString == "You cannot activate the superuser."
    assert "can not remove the admin user" in admin.fault("res.users", "unlink", [1]).faultString
    assert "cannot delete the admin user" in admin.fault("res.users", "unlink", [2]).faultString
    fault = admin.fault("res.users", "write", [2], {"groups_id": [(3, site.ref("base.group_system"))]})
    assert (fault.faultCode, fault.faultString) == (2, "You must have at least an administrator user.")
    assert admin.call("res.users", "read", [2], ["active"])[0]["active"] is True
    # another administrator, archived by the first: allowed, and it cannot remove itself
    second = site.new_user(["base.group_system"])
    assert second.fault("res.users", "unlink", [second.uid]).faultCode == 2
    admin.call("res.users", "write", [second.uid], {"active": False})


def test_a_contact_of_an_active_user_can_be_neither_archived_nor_deleted(site: Site) -> None:
    henry = site.new_user(["base.group_user"], name="Henry Contact")
    partner = site.admin.call("res.users", "read", [henry.uid], ["partner_id"])[0]["partner_id"][0]
    fault = site.admin.fault("res.partner", "write", [partner], {"active": False})
    assert fault.faultCode == 2
    assert fault.faultString.startswith("You cannot archive contacts linked to an active user.")
    assert "Henry Contact" in fault.faultString
    fault = site.admin.fault("res.partner", "unlink", [partner])
    assert fault.faultString.startswith("You cannot delete contacts linked to an active user.")
    assert site.admin.call("res.partner", "read", [partner], ["active"])[0]["active"] is True
    site.admin.call("res.users", "write", [henry.uid], {"active": False})
    assert site.admin.call("res.partner", "action_archive", [partner]) is True


def test_faults_are_plain_xmlrpc_faults(site: Site) -> None:
    with pytest.raises(xmlrpc.client.Fault):
        site.admin.call("res.users", "unlink", [1])
