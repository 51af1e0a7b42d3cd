"""res.users.apikeys and its description: keys in Odoo's format, made by their owner, seen by them.

What a key does over RPC (login, execute_kw, JSON-RPC, revocation in every worker) is tested
through the server in tests/e2e/test_apikeys.py.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import sqlalchemy as sa
from passlib.hash import pbkdf2_sha512

from erpserver.addons.base import credentials
from erpserver.exceptions import AccessDenied, AccessError, UserError, ValidationError
from erpserver.orm.environment import Environment


def in_days(days: float) -> str:
    moment = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=days)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def make_user(env: Environment, login: str, groups: list[str] | None = None) -> Environment:
    """A new user (an internal user unless ``groups`` says otherwise), and its environment."""
    vals: dict[str, Any] = {"login": login, "name": login.title(), "password": f"{login}-password"}
    if groups is not None:
        vals["groups_id"] = [(6, 0, [env.ref_id(xmlid) for xmlid in groups])]
    user = env["res.users"].create(vals)
    return env(uid=user.id, su=False)


def make_key(env: Environment, name: str = "integration", days: float | None = 30) -> str:
    description = env["res.users.apikeys.description"].create(
        {"name": name, "expiration_date": in_days(days) if days is not None else False})
    return description.make_key()["context"]["default_key"]


def stored_rows(env: Environment) -> list[Any]:
    table = env.registry["res.users.apikeys"]._table
    return list(env.cr.execute(sa.select(table).order_by(table.c.id)).all())


@pytest.fixture
def alice(env: Environment) -> Environment:
    return make_user(env, "alice")


@pytest.fixture
def bob(env: Environment) -> Environment:
    return make_user(env, "bob")


def test_a_key_is_40_lowercase_hex_characters(alice: Environment) -> None:
    """Test make_key hands out Odoo's format: 20 random bytes in hex."""
    key = make_key(alice)

    assert re.fullmatch(r"[0-9a-f]{40}", key)


def test_the_table_keeps_the_first_8_characters_and_a_6000_round_pbkdf2_hash(env: Environment,
                                                                            alice: Environment) -> None:
    """Test the stored row is Odoo's: the index in clear, the key only as its hash."""
    key = make_key(alice)

    [row] = stored_rows(env)
    assert row.index == key[:8]
    assert row.key.startswith("$pbkdf2-sha512$6000$") and key not in row.key
    assert pbkdf2_sha512.verify(key, row.key)


def test_make_key_answers_odoo_17s_action_with_the_key(alice: Environment) -> None:
    """Test the answer clients of Odoo 17's wizard read the key from."""
    description = alice["res.users.apikeys.description"].create({"name": "ci", "expiration_date": in_days(7)})

    action = description.make_key()

    key = action["context"]["default_key"]
    assert action == {"type": "ir.actions.act_window", "res_model": "res.users.apikeys.show",
                      "name": "API Key Ready", "views": [[False, "form"]], "target": "new",
                      "context": {"default_key": key}}


def test_make_key_consumes_its_description(env: Environment, alice: Environment) -> None:
    """Test the description is gone once its key is made."""
    description = alice["res.users.apikeys.description"].create({"name": "once", "expiration_date": in_days(7)})

    description.make_key()

    assert not env["res.users.apikeys.description"].browse(description.ids).exists()


def test_the_key_belongs_to_its_maker_with_the_description_and_expiry(env: Environment, alice: Environment) -> None:
    """Test name, owner, scope (global) and expiry of the new key."""
    expiry = in_days(10)
    alice["res.users.apikeys.description"].create({"name": "nightly", "expiration_date": expiry}).make_key()

    [row] = alice["res.users.apikeys"].search_read([], ["name", "user_id", "scope", "expiration_date"])
    assert (row["name"], row["user_id"][0], row["scope"], row["expiration_date"]) == (
        "nightly", alice.uid, False, expiry)


def test_a_portal_user_cannot_make_a_key(env: Environment) -> None:
    """Test Odoo's refusal for users who are not internal users."""
    portal = make_user(env, "portal-user", groups=["base.group_portal"])
    description = portal["res.users.apikeys.description"].create({"name": "nope", "expiration_date": in_days(1)})

    with pytest.raises(AccessError, match="^Only internal users can create API keys$"):
        description.make_key()
    assert stored_rows(env) == []


def test_a_user_must_give_an_expiration_date(alice: Environment) -> None:
    """Test Odoo 18's rule: only administrators make keys that never expire."""
    with pytest.raises(ValidationError, match="^The API key must have an expiration date$"):
        alice["res.users.apikeys.description"].create({"name": "forever"})


def test_a_user_cannot_exceed_90_days(alice: Environment) -> None:
    """Test Odoo 18's longest key for an internal user."""
    with pytest.raises(ValidationError, match=r"^You cannot exceed 90.0 days.$"):
        alice["res.users.apikeys.description"].create({"name": "long", "expiration_date": in_days(91)})


def test_an_administrator_may_make_a_persistent_key(env: Environment) -> None:
    """Test a Settings administrator's key without an expiry."""
    admin = env(uid=2, su=False)

    make_key(admin, days=None)

    [row] = stored_rows(env)
    assert (row.user_id, row.expiration_date) == (2, None)


def test_keys_cannot_be_created_directly(env: Environment) -> None:
    """Test create is refused, even to the superuser: a key is only ever made by make_key."""
    with pytest.raises(UserError, match="make_key"):
        env["res.users.apikeys"].create({"name": "forged", "user_id": 2})


def test_users_find_only_their_own_keys(alice: Environment, bob: Environment) -> None:
    """Test search and search_read see the caller's keys alone."""
    make_key(alice, "alice's")
    make_key(bob, "bob's")

    assert [r["name"] for r in alice["res.users.apikeys"].search_read([], ["name"])] == ["alice's"]
    assert alice["res.users.apikeys"].search_count([]) == 1


def test_reading_someone_elses_key_is_refused(alice: Environment, bob: Environment) -> None:
    """Test the record-rule text for a key that exists but is not the caller's."""
    make_key(bob)
    [bobs] = bob["res.users.apikeys"].search([]).ids

    with pytest.raises(AccessError, match=r"^Due to security restrictions, you are not allowed to access "
                                          r"'Users API Keys' \(res.users.apikeys\) records."):
        alice["res.users.apikeys"].browse(bobs).read(["name"])


def test_deleting_someone_elses_key_is_refused(env: Environment, alice: Environment, bob: Environment) -> None:
    """Test neither unlink nor remove deletes another user's key."""
    make_key(bob)
    [bobs] = bob["res.users.apikeys"].search([]).ids

    with pytest.raises(AccessError):
        alice["res.users.apikeys"].browse(bobs).unlink()
    with pytest.raises(AccessError, match="unless they're yours or you are a system user"):
        alice["res.users.apikeys"].browse(bobs).remove()
    assert len(stored_rows(env)) == 1


def test_the_owner_removes_their_key(env: Environment, alice: Environment) -> None:
    """Test Odoo's remove answers the action that closes the dialog."""
    make_key(alice)
    keys = alice["res.users.apikeys"].search([])

    assert keys.remove() == {"type": "ir.actions.act_window_close"}
    assert stored_rows(env) == []


def test_an_administrator_sees_and_deletes_every_key(env: Environment, alice: Environment, bob: Environment) -> None:
    """Test a Settings administrator manages the keys of everyone."""
    make_key(alice)
    make_key(bob)
    admin = env(uid=2, su=False)

    keys = admin["res.users.apikeys"].search([])
    assert len(keys) == 2
    keys.unlink()
    assert stored_rows(env) == []


def test_a_description_is_its_creators_alone(alice: Environment, bob: Environment) -> None:
    """Test another user can neither see nor use someone's description."""
    description = alice["res.users.apikeys.description"].create({"name": "mine", "expiration_date": in_days(1)})

    assert bob["res.users.apikeys.description"].search([]).ids == []
    with pytest.raises(AccessError):
        bob["res.users.apikeys.description"].browse(description.ids).make_key()


def test_no_field_exposes_the_key_or_its_hash(env: Environment, alice: Environment) -> None:
    """Test fields_get and a read of every field show neither the key, its index, nor the hash."""
    key = make_key(alice)
    [row] = stored_rows(env)

    described = alice["res.users.apikeys"].fields_get()
    answer = repr(alice["res.users.apikeys"].search_read([])) + repr(described)
    assert set(described) == {"id", "name", "user_id", "scope", "create_date", "expiration_date", "display_name"}
    assert key not in answer and key[:8] not in answer and row.key not in answer


def test_a_key_proves_its_owner_only(env: Environment, alice: Environment, bob: Environment) -> None:
    """Test a key is good for its owner's uid and nobody else's."""
    key = make_key(alice)

    assert credentials.verify(env, alice.uid, key).method == "apikey"
    with pytest.raises(AccessDenied):
        credentials.verify(env, bob.uid, key)


def test_a_key_logs_its_owner_in(env: Environment, alice: Environment) -> None:
    """Test a key works in place of the password at login."""
    key = make_key(alice)

    assert credentials.login(env, "alice", key) == alice.uid
    with pytest.raises(AccessDenied):
        credentials.login(env, "bob-does-not-exist", key)


def test_an_expired_key_is_refused(env: Environment, alice: Environment) -> None:
    """Test a key past its expiration date proves nothing."""
    key = make_key(alice)
    table = env.registry["res.users.apikeys"]._table
    env.cr.execute(sa.update(table).values(expiration_date=dt.datetime(2020, 1, 1)))

    with pytest.raises(AccessDenied):
        credentials.verify(env, alice.uid, key)


def test_the_key_of_an_archived_user_is_refused(env: Environment, alice: Environment) -> None:
    """Test an inactive owner's keys stop working."""
    key = make_key(alice)
    env["res.users"].browse(alice.uid).write({"active": False})

    with pytest.raises(AccessDenied):
        credentials.verify(env, alice.uid, key)


@pytest.mark.parametrize(("scope", "works"), [(None, True), ("rpc", True), ("web", False)])
def test_rpc_takes_global_and_rpc_keys(env: Environment, alice: Environment, scope: str | None, works: bool) -> None:
    """Test which scopes RPC accepts: global (NULL) and ``rpc``; any other scope is for something else."""
    key = env["res.users.apikeys"]._generate(scope, "scoped", None, user_id=alice.uid)

    if works:
        assert credentials.verify(env, alice.uid, key).method == "apikey"
    else:
        with pytest.raises(AccessDenied):
            credentials.verify(env, alice.uid, key)


def test_the_password_still_works_beside_keys(env: Environment, alice: Environment) -> None:
    """Test a user with keys keeps logging in with the password."""
    make_key(alice)

    assert credentials.verify(env, alice.uid, "alice-password").method == "password"


def test_a_password_shaped_like_a_key_still_works(env: Environment) -> None:
    """Test a password of 40 hex characters is tried as a password after it failed as a key."""
    password = "ab" * 20
    user = env["res.users"].create({"login": "hexy", "name": "Hexy", "password": password})

    assert credentials.verify(env, user.id, password).method == "password"
