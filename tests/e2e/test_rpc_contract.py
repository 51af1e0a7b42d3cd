"""What clients rely on beyond the walk-through: faults, leniencies, both routes, JSON-RPC."""

from __future__ import annotations

import json
import urllib.request
import xmlrpc.client

import pytest

from tests.conftest import Server


def call(server: Server, model: str, method: str, args: list, kwargs: dict | None = None, legacy: bool = False):
    proxy = server.object(legacy=legacy)
    uid = 2
    if kwargs is None:
        return proxy.execute_kw(server.db, uid, server.password, model, method, args)
    return proxy.execute_kw(server.db, uid, server.password, model, method, args, kwargs)


@pytest.mark.parametrize(
    ("model", "method", "args", "kwargs", "code", "text"),
    [
        ("res.partner", "read", [[1]], {"fields": ["nope"]}, 1, "ValueError: Invalid field 'nope' on model 'res.partner'"),
        ("no.such.model", "search", [[]], {}, 2, "Object no.such.model doesn't exist"),
        ("res.partner", "_read", [[1]], {}, 4, "Private methods (such as _read) cannot be called remotely."),
        ("res.partner", "search", [[["name", "resembles", "x"]]], {}, 1, "ValueError: Invalid leaf"),
        ("res.partner", "search", [[]], {"order": "name; drop table"}, 2, 'Invalid "order" specified'),
        ("res.partner", "no_such_method", [[]], {}, 1, "does not exist on the model 'res.partner'"),
        ("crm.lead", "create", [{"type": "lead"}], {}, 2, "a mandatory field is not set"),
    ],
)
def test_errors_come_back_as_odoo_faults(server: Server, model, method, args, kwargs, code, text) -> None:
    with pytest.raises(xmlrpc.client.Fault) as caught:
        call(server, model, method, args, kwargs)
    assert caught.value.faultCode == code
    assert text in caught.value.faultString


def test_wrong_password_is_fault_3_and_authenticate_says_false(server: Server) -> None:
    with pytest.raises(xmlrpc.client.Fault) as caught:
        server.object().execute_kw(server.db, 2, "wrong", "res.partner", "search", [[]])
    assert caught.value.faultCode == 3
    assert server.common().authenticate(server.db, server.login, "wrong", {}) is False
    assert server.common().authenticate(server.db, "nobody", server.password, []) is False


def test_legacy_route_uses_string_fault_codes(server: Server) -> None:
    with pytest.raises(xmlrpc.client.Fault) as caught:
        call(server, "no.such.model", "search", [[]], legacy=True)
    assert caught.value.faultCode == "warning -- UserError\n\nObject no.such.model doesn't exist"
    assert server.common(legacy=True).login(server.db, server.login, server.password) == 2


def test_a_failing_call_writes_nothing(server: Server) -> None:
    name = "Half written partner"
    with pytest.raises(xmlrpc.client.Fault):
        call(server, "res.partner", "create", [[{"name": name}, {"name": name, "nope": 1}]])
    assert call(server, "res.partner", "search", [[["name", "=", name]]]) == []


def test_create_returns_an_int_for_a_dict_and_a_list_for_a_list(server: Server) -> None:
    single = call(server, "res.partner", "create", [{"name": "Single"}])
    several = call(server, "res.partner", "create", [[{"name": "First"}, {"name": "Second"}]])
    assert isinstance(single, int)
    assert isinstance(several, list) and len(several) == 2
    assert call(server, "res.partner", "unlink", [[single, *several]]) is True


def test_unset_values_and_bare_ids_are_accepted(server: Server) -> None:
    proxy = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object", allow_none=True)
    everything = proxy.execute_kw(server.db, 2, server.password, "res.partner", "search", [[]])
    for unset in (None, False, 0, ""):
        found = proxy.execute_kw(server.db, 2, server.password, "res.partner", "search", [[]],
                                 {"offset": unset, "limit": unset, "order": unset, "context": unset})
        assert found == everything
    [row] = proxy.execute_kw(server.db, 2, server.password, "res.partner", "read", [everything[0], ["name"]])
    assert row["id"] == everything[0]


def test_execute_takes_positional_arguments(server: Server) -> None:
    proxy = server.object()
    ids = proxy.execute(server.db, 2, server.password, "res.partner", "search", [["is_company", "=", True]], 0, 3)
    assert len(ids) == 3
    names = proxy.execute(server.db, 2, server.password, "res.partner", "name_get", ids)
    assert [pair[0] for pair in names] == ids


def test_db_service_answers_version_and_list(server: Server) -> None:
    db = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/db")
    assert db.server_version() == "17.0"
    assert server.db in db.list()


def jsonrpc(server: Server, path: str, params: dict) -> dict:
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 7, "params": params}).encode()
    request = urllib.request.Request(f"{server.url}{path}", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_jsonrpc_walkthrough(server: Server) -> None:
    info = jsonrpc(server, "/web/webclient/version_info", {})
    assert info["result"]["server_version"] == "17.0"
    uid = jsonrpc(server, "/jsonrpc", {"service": "common", "method": "login",
                                        "args": [server.db, server.login, server.password]})["result"]
    assert uid == 2
    rows = jsonrpc(server, "/jsonrpc", {"service": "object", "method": "execute_kw", "args": [
        server.db, uid, server.password, "res.partner", "search_read", [[["is_company", "=", True]]],
        {"fields": ["name", "country_id"], "limit": 2}]})["result"]
    assert len(rows) == 2 and set(rows[0]) == {"id", "name", "country_id"}
    error = jsonrpc(server, "/jsonrpc", {"service": "object", "method": "execute_kw", "args": [
        server.db, uid, server.password, "no.model", "search", [[]]]})["error"]
    assert error["code"] == 200
    assert error["data"]["name"] == "odoo.exceptions.UserError"
    assert error["data"]["message"] == "Object no.model doesn't exist"


def test_unknown_database_is_a_fault_that_says_so(server: Server) -> None:
    with pytest.raises(xmlrpc.client.Fault) as caught:
        server.object().execute_kw("no_such_db", 2, "x", "res.partner", "search", [[]])
    assert "does not exist" in caught.value.faultString


@pytest.mark.parametrize(("service", "text"), [
    ("common", "Exception: Method not found: no_such_method"),
    ("db", "KeyError: 'Method not found: no_such_method'"),
    ("object", "NameError: Method not available no_such_method"),
])
def test_an_unknown_service_method_is_named_as_odoo_names_it(server: Server, service: str, text: str) -> None:
    proxy = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/{service}")

    with pytest.raises(xmlrpc.client.Fault) as caught:
        proxy.no_such_method()

    assert caught.value.faultCode == 1
    assert text in caught.value.faultString
