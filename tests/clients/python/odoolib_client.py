"""odoo-client-lib 2.0.1 (``odoolib``): ``get_connection``, ``common.login`` on the first call,
``execute_kw`` always with keyword arguments, its own ``search_read`` (search with ``False`` as
limit and order, then read), and ``read`` of a bare id giving one dict. XML-RPC, legacy paths."""

from __future__ import annotations

from typing import Any

import odoolib
import walkthrough as w
from odoolib.tools import AuthenticationError
from walkthrough import Walk, check, expect

walk = Walk("odoo-client-lib 2.0.1")
connection = odoolib.get_connection(hostname=w.HOST, port=w.PORT, protocol="xmlrpc", database=w.DB,
                                    login=w.LOGIN, password=w.PASSWORD)
partners = connection.get_model("res.partner")
state: dict[str, Any] = {}


def login() -> None:
    connection.check_login()
    check(isinstance(connection.user_id, int) and connection.user_id > 0, f"uid {connection.user_id!r}")
    check(connection.get_user_context().get("lang"), "get_user_context() has no lang")


def search() -> None:
    state["companies"] = ids = partners.search(w.COMPANIES)
    check(ids and all(isinstance(i, int) for i in ids), f"search gave {ids!r}")


def read_fields() -> None:
    [row] = partners.read(state["companies"][:1], w.READ_FIELDS)
    expect(sorted(row), sorted(["id", *w.READ_FIELDS]), "keys")
    expect(partners.read(state["companies"][0], ["name"]), {"id": state["companies"][0], "name": row["name"]},
           "read(a bare id)")


def search_read() -> None:
    rows = partners.search_read(w.COMPANIES, w.READ_FIELDS, limit=5)
    expect([row["id"] for row in rows], state["companies"][:5], "ids")
    expect(sorted(rows[0]), sorted(["id", *w.READ_FIELDS]), "keys")
    expect(partners.search_read([("id", "=", 0)], ["name"]), [], "nothing found")


def write() -> None:
    expect(partners.write([state["id"]], {"name": w.NON_ASCII_NAME}), True, "write")
    expect(partners.read(state["id"], ["name"])["name"], w.NON_ASCII_NAME, "name read back")


def x_model_create() -> None:
    state["model_id"] = connection.get_model("ir.model").create(
        {"name": "Walk-through model", "model": w.X_MODEL, "state": "manual"})
    check(isinstance(state["model_id"], int), "ir.model create gave no id")


def x_fields_create() -> None:
    fields = connection.get_model("ir.model.fields")
    for name, ttype in (("x_name", "char"), ("x_quantity", "integer")):
        fields.create({"model_id": state["model_id"], "name": name, "ttype": ttype, "state": "manual",
                       "required": name == "x_name"})
    expect(connection.get_model(w.X_MODEL).fields_get(["x_name"], attributes=["type"]), {"x_name": {"type": "char"}},
           "fields_get")


def x_record() -> None:
    model = connection.get_model(w.X_MODEL)
    record_id = model.create({"x_name": "Ça marche", "x_quantity": 3})
    expect(model.read(record_id, ["x_name", "x_quantity"]), {"id": record_id, "x_name": "Ça marche", "x_quantity": 3},
           "record")
    expect(model.search_read([("x_quantity", ">", 2)], ["display_name"]), [{"id": record_id,
                                                                             "display_name": "Ça marche"}], "found")


def x_model_drop() -> None:
    models = connection.get_model("ir.model")
    expect(models.unlink([state["model_id"]]), True, "unlink")
    expect(models.search([("model", "=", w.X_MODEL)]), [], "ir.model after unlink")


def load(round_: int) -> None:
    leads = connection.get_model("crm.lead")
    result = leads.load(w.LEAD_FIELDS, w.lead_rows(round_))
    expect(result["messages"], [], "messages")
    if round_ == 1:
        state["lead_ids"] = result["ids"]
    expect(result["ids"], state["lead_ids"], "ids")
    rows = leads.read(result["ids"], ["name", "country_id"])
    expect([row["name"] for row in rows], [row[1] for row in w.lead_rows(round_)], "names")
    if round_ == 2:
        leads.unlink(result["ids"])


def api_key() -> None:
    keyed = odoolib.get_connection(hostname=w.HOST, port=w.PORT, database=w.DB, login=w.LOGIN, password=w.API_KEY)
    expect(keyed.get_model("res.partner").search_count(w.COMPANIES), len(state["companies"]), "count with the key")


def wrong_password() -> None:
    refused = odoolib.get_connection(hostname=w.HOST, port=w.PORT, database=w.DB, login=w.LOGIN,
                                     password="not the password")
    try:
        refused.get_model("res.partner").search([])
    except AuthenticationError:
        return
    raise AssertionError("a wrong password was accepted")


def jsonrpc() -> None:
    """The same library over JSON-RPC (``protocol="jsonrpc"``): login, search_read, create, unlink."""
    over_json = odoolib.get_connection(hostname=w.HOST, port=w.PORT, protocol="jsonrpc", database=w.DB,
                                       login=w.LOGIN, password=w.PASSWORD)
    model = over_json.get_model("res.partner")
    new_id = model.create({"name": w.NON_ASCII_NAME})
    expect(model.search_read([("id", "=", new_id)], ["name"]), [{"id": new_id, "name": w.NON_ASCII_NAME}], "row")
    expect(model.unlink([new_id]), True, "unlink")


walk.step("version", lambda: expect(connection.get_service("common").version()["server_version"], "17.0"))
walk.step("login", login)
walk.step("check_access_rights", lambda: expect(partners.check_access_rights("read", raise_exception=False), True))
walk.step("search", search)
walk.step("search_offset_limit", lambda: expect(partners.search(w.COMPANIES, 10, 5), state["companies"][10:15]))
walk.step("search_count", lambda: expect(partners.search_count(w.COMPANIES), len(state["companies"])))
walk.step("read_fields", read_fields)
walk.step("fields_get_attributes", lambda: expect(
    partners.fields_get(attributes=["string", "help", "type"])["name"], {"string": "Name", "type": "char"}))
walk.step("search_read", search_read)
walk.step("create", lambda: state.update(id=partners.create({"name": w.PARTNER_NAME})))
walk.step("write_non_ascii", write)
walk.step("display_name", lambda: expect(partners.read(state["id"], ["display_name"])["display_name"],
                                         w.NON_ASCII_NAME))
walk.step("unlink", lambda: expect(partners.unlink([state["id"]]), True))
walk.step("unlink_gone", lambda: expect(partners.search([("id", "=", state["id"])]), []))
walk.step("x_model_create", x_model_create)
walk.step("x_fields_create", x_fields_create)
walk.step("x_record", x_record)
walk.step("x_model_drop", x_model_drop)
walk.step("load_create", lambda: load(1))
walk.step("load_update", lambda: load(2))
walk.api_key_step(lambda: bool(connection.get_model("ir.model").search([("model", "=", "res.users.apikeys")])),
                  api_key)
walk.step("wrong_password", wrong_password)
walk.step("jsonrpc", jsonrpc)
walk.finish()
