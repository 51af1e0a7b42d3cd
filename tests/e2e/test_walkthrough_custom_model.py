"""The custom-model part of Odoo's "External API" walk-through (Odoo 17), verbatim, over XML-RPC."""

from __future__ import annotations

import uuid
import xmlrpc.client

from tests.conftest import Server

# What Odoo 17 answers for fields_get on a fresh manual model: the built-in fields only.
BUILT_IN_TYPES = {
    "id": "integer",
    "display_name": "char",
    "create_uid": "many2one",
    "create_date": "datetime",
    "write_uid": "many2one",
    "write_date": "datetime",
    "__last_update": "datetime",
}


def test_documentation_custom_model_walkthrough(server: Server) -> None:
    url, db, username, password = server.url, server.db, server.login, server.password
    suffix = uuid.uuid4().hex[:8]  # the server's database is shared by the whole session
    first_model, second_model = f"x_custom_model_{suffix}", f"x_custom_{suffix}"

    with xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common") as common:
        uid = common.authenticate(db, username, password, {})
    assert uid == 2

    with xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object") as models:
        created_ids: list[int] = []
        try:
            first_id = models.execute_kw(db, uid, password, "ir.model", "create",
                                         [{"name": "Custom Model", "model": first_model, "state": "manual"}])
            assert isinstance(first_id, int)
            created_ids.append(first_id)
            description = models.execute_kw(db, uid, password, first_model, "fields_get", [],
                                            {"attributes": ["string", "help", "type"]})
            assert set(description) == set(BUILT_IN_TYPES)
            assert {name: attrs["type"] for name, attrs in description.items()} == BUILT_IN_TYPES
            assert all("string" in attrs for attrs in description.values())

            id = models.execute_kw(db, uid, password, "ir.model", "create",  # noqa: A001 - the documentation's name
                                   [{"name": "Custom Model", "model": second_model, "state": "manual"}])
            assert isinstance(id, int)
            created_ids.append(id)
            field_id = models.execute_kw(db, uid, password, "ir.model.fields", "create",
                                         [{"model_id": id, "name": "x_name", "ttype": "char", "state": "manual",
                                           "required": True}])
            assert isinstance(field_id, int)
            record_id = models.execute_kw(db, uid, password, second_model, "create", [{"x_name": "test record"}])
            assert isinstance(record_id, int)
            [row] = models.execute_kw(db, uid, password, second_model, "read", [[record_id]])
            assert row["id"] == record_id
            assert row["x_name"] == "test record"
            assert row["display_name"] == "test record"
            assert set(BUILT_IN_TYPES) | {"x_name"} <= set(row)
        finally:
            if created_ids:
                assert models.execute_kw(db, uid, password, "ir.model", "unlink", [created_ids]) is True
        assert models.execute_kw(db, uid, password, "ir.model", "search",
                                 [[["model", "in", [first_model, second_model]]]]) == []
