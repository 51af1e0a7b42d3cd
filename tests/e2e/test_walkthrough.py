"""The Python examples of Odoo's "External API" documentation, connection to delete, verbatim."""

from __future__ import annotations

import xmlrpc.client

from tests.conftest import Server


def test_documentation_walkthrough_runs_against_the_server(server: Server) -> None:
    url, db, username, password = server.url, server.db, server.login, server.password

    common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
    version = common.version()
    assert version["server_version"] == "17.0"

    uid = common.authenticate(db, username, password, {})
    assert uid == 2

    models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object")
    assert models.execute_kw(db, uid, password, "res.partner", "check_access_rights", ["read"],
                             {"raise_exception": False}) is True

    companies = models.execute_kw(db, uid, password, "res.partner", "search", [[["is_company", "=", True]]])
    assert companies and all(isinstance(i, int) for i in companies)
    page = models.execute_kw(db, uid, password, "res.partner", "search", [[["is_company", "=", True]]],
                             {"offset": 10, "limit": 5})
    assert page == companies[10:15]
    count = models.execute_kw(db, uid, password, "res.partner", "search_count", [[["is_company", "=", True]]])
    assert count == len(companies)

    ids = models.execute_kw(db, uid, password, "res.partner", "search", [[["is_company", "=", True]]],
                            {"limit": 1})
    [record] = models.execute_kw(db, uid, password, "res.partner", "read", [ids])
    assert record["id"] == ids[0] and "name" in record and "display_name" in record
    fields_get = models.execute_kw(db, uid, password, "res.partner", "fields_get", [],
                                   {"attributes": ["string", "help", "type"]})
    assert fields_get["name"] == {"string": "Name", "type": "char"}

    rows = models.execute_kw(db, uid, password, "res.partner", "search_read", [[["is_company", "=", True]]],
                             {"fields": ["name", "country_id", "comment"], "limit": 5})
    assert len(rows) == 5
    assert set(rows[0]) == {"id", "name", "country_id", "comment"}
    assert rows[0]["country_id"] is False or (isinstance(rows[0]["country_id"], list) and len(rows[0]["country_id"]) == 2)

    new_id = models.execute_kw(db, uid, password, "res.partner", "create", [{"name": "New Partner"}])
    assert isinstance(new_id, int)
    assert models.execute_kw(db, uid, password, "res.partner", "write", [[new_id], {"name": "Newer partner"}]) is True
    assert models.execute_kw(db, uid, password, "res.partner", "name_get", [[new_id]]) == [[new_id, "Newer partner"]]
    assert models.execute_kw(db, uid, password, "res.partner", "unlink", [[new_id]]) is True
    assert models.execute_kw(db, uid, password, "res.partner", "search", [[["id", "=", new_id]]]) == []
