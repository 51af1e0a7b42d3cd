"""API keys over the wire: made the way Odoo's wizard makes them, accepted wherever a password is
(login, authenticate, execute_kw, execute, JSON-RPC, the legacy route), for their owner only, and
refused by every worker as soon as they are deleted or expire."""

from __future__ import annotations

import datetime as dt
import json
import time
import urllib.request
import uuid
import xmlrpc.client
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.conftest import Server


@dataclass
class User:
    uid: int
    login: str
    password: str


def fresh_object(server: Server, legacy: bool = False) -> xmlrpc.client.ServerProxy:
    """A proxy of its own: a new connection, which may reach any of the server's workers."""
    return xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/{'' if legacy else '2/'}object")


def admin_call(server: Server, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
    return server.object().execute_kw(server.db, 2, server.password, model, method, list(args), kwargs)


def new_user(server: Server, groups: list[str] | None = None) -> User:
    login = f"keys-{uuid.uuid4().hex[:8]}"
    vals: dict[str, Any] = {"login": login, "name": login, "password": f"{login}-pw"}
    if groups is not None:
        group_ids = [admin_call(server, "ir.model.data", "search_read",
                                [["module", "=", x.split(".")[0]], ["name", "=", x.split(".")[1]]],
                                fields=["res_id"])[0]["res_id"] for x in groups]
        vals["groups_id"] = [[6, 0, group_ids]]
    return User(admin_call(server, "res.users", "create", vals), login, f"{login}-pw")


def expiry_in(seconds: float) -> str:
    moment = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(seconds=seconds)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def make_key(server: Server, user: User, expires_in: float = 86400.0) -> str:
    """The wizard's two calls, as the user: a description, then make_key on it."""
    proxy = server.object()
    description = proxy.execute_kw(server.db, user.uid, user.password, "res.users.apikeys.description", "create",
                                   [{"name": "integration", "expiration_date": expiry_in(expires_in)}])
    action = proxy.execute_kw(server.db, user.uid, user.password, "res.users.apikeys.description", "make_key",
                              [[description]])
    return str(action["context"]["default_key"])


def count_partners(server: Server, uid: int, secret: str, legacy: bool = False) -> int:
    return int(fresh_object(server, legacy).execute_kw(server.db, uid, secret, "res.partner", "search_count", [[]]))


def refused(call: Callable[[], Any]) -> bool:
    """Whether the call got Access Denied (fault 3)."""
    try:
        call()
    except xmlrpc.client.Fault as fault:
        return fault.faultCode == 3 and fault.faultString == "Access Denied"
    return False


def jsonrpc(server: Server, service: str, method: str, *args: Any) -> dict[str, Any]:
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1,
                       "params": {"service": service, "method": method, "args": list(args)}}).encode()
    request = urllib.request.Request(f"{server.url}/jsonrpc", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        answer: dict[str, Any] = json.loads(response.read())
    return answer


@pytest.fixture
def user(server: Server) -> User:
    return new_user(server)


def test_authenticate_and_login_take_a_key_for_the_password(server: Server, user: User) -> None:
    key = make_key(server, user)

    assert server.common().authenticate(server.db, user.login, key, {}) == user.uid
    assert server.common().login(server.db, user.login, key) == user.uid
    assert server.common(legacy=True).login(server.db, user.login, key) == user.uid


def test_execute_kw_and_execute_take_a_key_for_the_password(server: Server, user: User) -> None:
    key = make_key(server, user)

    assert count_partners(server, user.uid, key) > 0
    assert count_partners(server, user.uid, key, legacy=True) > 0
    assert fresh_object(server).execute(server.db, user.uid, key, "res.partner", "search_count", []) > 0


def test_jsonrpc_takes_a_key_for_the_password(server: Server, user: User) -> None:
    key = make_key(server, user)

    assert jsonrpc(server, "common", "login", server.db, user.login, key)["result"] == user.uid
    answer = jsonrpc(server, "object", "execute_kw", server.db, user.uid, key, "res.partner", "search_count", [[]])
    assert answer["result"] > 0


def test_a_key_works_for_its_owner_only(server: Server, user: User) -> None:
    key = make_key(server, user)
    other = new_user(server)

    assert refused(lambda: count_partners(server, other.uid, key))
    assert refused(lambda: count_partners(server, 2, key))
    assert server.common().authenticate(server.db, other.login, key, {}) is False
    assert jsonrpc(server, "object", "execute_kw", server.db, 2, key, "res.partner", "search_count",
                   [[]])["error"]["data"]["name"] == "odoo.exceptions.AccessDenied"


def test_a_wrong_key_is_refused(server: Server, user: User) -> None:
    key = make_key(server, user)
    forged = key[:8] + ("0" if key[8] != "0" else "1") + key[9:]  # right index, wrong key

    assert refused(lambda: count_partners(server, user.uid, forged))
    assert server.common().authenticate(server.db, user.login, forged, {}) is False


def test_the_key_of_an_archived_user_is_refused(server: Server, user: User) -> None:
    key = make_key(server, user)
    assert count_partners(server, user.uid, key) > 0

    admin_call(server, "res.users", "write", [user.uid], {"active": False})

    assert refused(lambda: count_partners(server, user.uid, key))
    assert server.common().authenticate(server.db, user.login, key, {}) is False


def test_a_portal_user_cannot_make_a_key(server: Server) -> None:
    portal = new_user(server, groups=["base.group_portal"])
    proxy = server.object()
    description = proxy.execute_kw(server.db, portal.uid, portal.password, "res.users.apikeys.description",
                                   "create", [{"name": "portal", "expiration_date": expiry_in(3600)}])

    with pytest.raises(xmlrpc.client.Fault) as caught:
        proxy.execute_kw(server.db, portal.uid, portal.password, "res.users.apikeys.description", "make_key",
                         [[description]])

    assert (caught.value.faultCode, caught.value.faultString) == (4, "Only internal users can create API keys")


def test_a_key_cannot_make_keys(server: Server) -> None:
    """Odoo makes a key only after the password is typed again: a stolen key must not be able to
    make keys that outlive its revocation (the administrator's least of all: his never expire)."""
    key = make_key(server, User(2, "admin", server.password))
    proxy = server.object()
    description = proxy.execute_kw(server.db, 2, key, "res.users.apikeys.description", "create",
                                   [{"name": "from a key"}])
    before = admin_call(server, "res.users.apikeys", "search_count", [])

    with pytest.raises(xmlrpc.client.Fault) as caught:
        proxy.execute_kw(server.db, 2, key, "res.users.apikeys.description", "make_key", [[description]])

    assert caught.value.faultCode == 4 and "API keys cannot create API keys" in caught.value.faultString
    assert admin_call(server, "res.users.apikeys", "search_count", []) == before


def test_users_see_their_own_keys_and_administrators_all(server: Server, user: User) -> None:
    other = new_user(server)
    make_key(server, user)
    make_key(server, other)
    proxy = server.object()

    mine = proxy.execute_kw(server.db, user.uid, user.password, "res.users.apikeys", "search_read", [[]],
                            {"fields": ["user_id"]})
    everyone = admin_call(server, "res.users.apikeys", "search_read", [["user_id", "in", [user.uid, other.uid]]],
                          fields=["user_id"])

    assert [row["user_id"][0] for row in mine] == [user.uid]
    assert sorted(row["user_id"][0] for row in everyone) == sorted([user.uid, other.uid])


def test_a_user_cannot_delete_someone_elses_key(server: Server, user: User) -> None:
    other = new_user(server)
    make_key(server, other)
    [theirs] = admin_call(server, "res.users.apikeys", "search", [["user_id", "=", other.uid]])

    with pytest.raises(xmlrpc.client.Fault) as caught:
        server.object().execute_kw(server.db, user.uid, user.password, "res.users.apikeys", "unlink", [[theirs]])

    assert caught.value.faultCode == 4
    assert admin_call(server, "res.users.apikeys", "search_count", [["id", "=", theirs]]) == 1


def test_no_method_answers_the_key_or_its_hash(server: Server, user: User) -> None:
    key = make_key(server, user)
    proxy = server.object()

    def call(method: str, args: list[Any], kwargs: dict[str, Any] | None = None) -> str:
        try:
            return repr(proxy.execute_kw(server.db, user.uid, user.password, "res.users.apikeys", method, args,
                                         kwargs or {}))
        except xmlrpc.client.Fault as fault:
            return repr(fault)

    [key_id] = proxy.execute_kw(server.db, user.uid, user.password, "res.users.apikeys", "search", [[]])
    answers = [
        call("read", [[key_id]]),
        call("search_read", [[]]),
        call("fields_get", [], {"attributes": ["string", "type", "default", "readonly"]}),
        call("default_get", [["name", "user_id", "scope", "expiration_date"]]),
        call("name_get", [[key_id]]),
        call("name_search", [""]),
        call("read", [[key_id], ["key"]]),
        call("read", [[key_id], ["index"]]),
        call("search", [[["key", "!=", False]]]),
        call("copy", [key_id]),
    ]

    text = "\n".join(answers)
    assert key not in text and key[:8] not in text and "pbkdf2" not in text
    assert "Invalid field 'key'" in answers[6] and "Invalid field 'index'" in answers[7]


# -- several workers: a key that stops, stops everywhere at once -----------------------------------
def warm(server: Server, user: User, key: str, calls: int = 12) -> None:
    """Calls on fresh connections, enough to reach (and fill the cache of) every worker."""
    for _ in range(calls):
        assert count_partners(server, user.uid, key) > 0


def test_a_deleted_key_is_refused_by_every_worker(server: Server, user: User) -> None:
    key = make_key(server, user)
    warm(server, user, key)
    [key_id] = server.object().execute_kw(server.db, user.uid, user.password, "res.users.apikeys", "search", [[]])

    server.object().execute_kw(server.db, user.uid, user.password, "res.users.apikeys", "unlink", [[key_id]])

    assert all(refused(lambda: count_partners(server, user.uid, key)) for _ in range(20))


def test_a_key_removed_by_an_administrator_is_refused_by_every_worker(server: Server, user: User) -> None:
    key = make_key(server, user)
    warm(server, user, key)
    keys = admin_call(server, "res.users.apikeys", "search", [["user_id", "=", user.uid]])

    assert admin_call(server, "res.users.apikeys", "remove", keys) == {"type": "ir.actions.act_window_close"}

    assert all(refused(lambda: count_partners(server, user.uid, key)) for _ in range(20))


def test_an_expired_key_is_refused_by_every_worker(server: Server, user: User) -> None:
    key = make_key(server, user, expires_in=3)
    warm(server, user, key)

    time.sleep(4.2)  # past the expiry, which has no signal of its own: each worker sees it alone

    assert all(refused(lambda: count_partners(server, user.uid, key)) for _ in range(20))
    assert server.common().authenticate(server.db, user.login, key, {}) is False
