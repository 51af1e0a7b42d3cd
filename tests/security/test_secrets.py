"""No method ever gives back a password, a password hash, an API key or a key's hash once they
are stored: read, search_read, read_group, export_data, load's answer, fields_get defaults,
default_get, name_get — for the users and for the keys."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from tests.security.conftest import Actor, Site

HASH = re.compile(r"\$pbkdf2|pbkdf2-sha512|password_hash")


def leaks(answer: Any, *secrets: str) -> list[str]:
    text = repr(answer)
    found = [secret for secret in secrets if secret in text]
    if HASH.search(text):
        found.append(HASH.search(text).group(0))  # type: ignore[union-attr]
    return found


def test_nothing_returns_a_password_or_a_key(site: Site) -> None:
    owner = site.new_user(["base.group_user"])
    expires = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    description = owner.call("res.users.apikeys.description", "create", {"name": "leak test",
                                                                         "expiration_date": expires})
    action = owner.call("res.users.apikeys.description", "make_key", [description])
    key = action["context"]["default_key"]
    assert re.fullmatch(r"[0-9a-f]{40}", key)
    with_key = Actor(owner.url, owner.db, owner.uid, key)
    assert with_key.call("res.partner", "search_count", []) > 0  # the key works
    admin = site.admin
    users = admin.call("res.users", "search", [])
    keys = admin.call("res.users.apikeys", "search", [])
    answers = {
        "read users": admin.call("res.users", "read", users),
        "read password": admin.call("res.users", "read", [owner.uid], ["password"]),
        "search_read users": admin.call("res.users", "search_read", [["id", "=", owner.uid]]),
        "read_group users": admin.call("res.users", "read_group", [], ["login", "password"], ["login"], lazy=False),
        "export users": admin.call("res.users", "export_data", [owner.uid], ["login", "partner_id/id", "name"]),
        "fields_get users": admin.call("res.users", "fields_get"),
        "default_get users": admin.call("res.users", "default_get", ["password", "login"]),
        "read keys": admin.call("res.users.apikeys", "read", keys),
        "own keys": owner.call("res.users.apikeys", "search_read", []),
        "read_group keys": admin.call("res.users.apikeys", "read_group", [], ["name"], ["user_id"]),
        "export keys": admin.call("res.users.apikeys", "export_data", keys, ["name", "user_id/id", "scope"]),
        "fields_get keys": admin.call("res.users.apikeys", "fields_get"),
        "name_get keys": admin.call("res.users.apikeys", "name_get", keys),
        "load users": admin.call("res.users", "load", ["login", "name", "password"],
                                 [[f"loaded-{owner.uid}", "Loaded", "loaded-secret-1"]]),
    }
    refused = admin.fault("res.users", "export_data", [owner.uid], ["login", "password"])
    assert (refused.faultCode, refused.faultString) == (
        4, "The field 'Password' (password) of 'User' (res.users) cannot be exported.")
    for label, answer in answers.items():
        assert leaks(answer, owner.password, key, "loaded-secret-1") == [], label
    assert [row["id"] for row in answers["own keys"]] == [k for k in keys if k in
                                                         [r["id"] for r in answers["read keys"]
                                                          if r["user_id"][0] == owner.uid]]
