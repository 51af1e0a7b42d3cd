"""Python's own xmlrpc.client, written as Odoo's "External API" page does it (/xmlrpc/2)."""

from __future__ import annotations

import xmlrpc.client
from typing import Any

import walkthrough as w
from walkthrough import Walk, check, expect

walk = Walk("xmlrpc.client")
common = xmlrpc.client.ServerProxy(f"{w.URL}/xmlrpc/2/common")
models = xmlrpc.client.ServerProxy(f"{w.URL}/xmlrpc/2/object")
uid = 0
state: dict[str, Any] = {}


def call(model: str, method: str, *args: Any, **kwargs: Any) -> Any:
    if kwargs:
        return models.execute_kw(w.DB, uid, w.PASSWORD, model, method, list(args), kwargs)
    return models.execute_kw(w.DB, uid, w.PASSWORD, model, method, list(args))


def version() -> None:
    expect(common.version()["server_version"], "17.0", "server_version")


def authenticate() -> None:
    global uid
    uid = common.authenticate(w.DB, w.LOGIN, w.PASSWORD, {})
    check(isinstance(uid, int) and uid > 0, f"authenticate gave {uid!r}")


def search() -> None:
    ids = call("res.partner", "search", w.COMPANIES)
    check(ids and all(isinstance(i, int) for i in ids), f"search gave {ids!r}")
    state["companies"] = ids


def search_offset_limit() -> None:
    page = call("res.partner", "search", w.COMPANIES, offset=10, limit=5)
    expect(page, state["companies"][10:15], "page")


def search_count() -> None:
    expect(call("res.partner", "search_count", w.COMPANIES), len(state["companies"]), "count")


def read_fields() -> None:
    [record] = call("res.partner", "read", state["companies"][:1], fields=w.READ_FIELDS)
    expect(sorted(record), sorted(["id", *w.READ_FIELDS]), "keys")


def fields_get() -> None:
    description = call("res.partner", "fields_get", attributes=["string", "help", "type"])
    expect(description["name"], {"string": "Name", "type": "char"}, "name field")
    check(all(set(attrs) <= {"string", "help", "type"} for attrs in description.values()),
          "attributes beyond string/help/type")


def search_read() -> None:
    rows = call("res.partner", "search_read", w.COMPANIES, fields=w.READ_FIELDS, limit=5)
    expect(len(rows), 5, "rows")
    expect(sorted(rows[0]), sorted(["id", *w.READ_FIELDS]), "keys")


def create() -> None:
    new_id = call("res.partner", "create", {"name": w.PARTNER_NAME})
    check(isinstance(new_id, int), f"create gave {new_id!r}")
    state["id"] = new_id


def write() -> None:
    expect(call("res.partner", "write", [state["id"]], {"name": w.NON_ASCII_NAME}), True, "write")
    [row] = call("res.partner", "read", [state["id"]], fields=["name"])
    expect(row["name"], w.NON_ASCII_NAME, "name read back")


def display_name() -> None:
    [row] = call("res.partner", "read", [state["id"]], fields=["display_name"])
    expect(row["display_name"], w.NON_ASCII_NAME, "display_name")
    expect(call("res.partner", "name_get", [state["id"]]), [[state["id"], w.NON_ASCII_NAME]], "name_get")


def unlink() -> None:
    expect(call("res.partner", "unlink", [state["id"]]), True, "unlink")


def unlink_gone() -> None:
    expect(call("res.partner", "search", [["id", "=", state["id"]]]), [], "search after unlink")


def x_model_create() -> None:
    state["model_id"] = call("ir.model", "create", {"name": "Walk-through model", "model": w.X_MODEL, "state": "manual"})
    check(isinstance(state["model_id"], int), "ir.model create gave no id")


def x_fields_create() -> None:
    for name, ttype in (("x_name", "char"), ("x_quantity", "integer")):
        field_id = call("ir.model.fields", "create", {"model_id": state["model_id"], "name": name, "ttype": ttype,
                                                      "state": "manual", "required": name == "x_name"})
        check(isinstance(field_id, int), f"ir.model.fields create {name} gave {field_id!r}")
    description = call(w.X_MODEL, "fields_get", attributes=["type", "required"])
    expect(description["x_name"], {"type": "char", "required": True}, "x_name")


def x_record() -> None:
    record_id = call(w.X_MODEL, "create", {"x_name": "Ça marche", "x_quantity": 3})
    [row] = call(w.X_MODEL, "read", [record_id], fields=["x_name", "x_quantity", "display_name"])
    expect(row, {"id": record_id, "x_name": "Ça marche", "x_quantity": 3, "display_name": "Ça marche"}, "record")
    expect(call(w.X_MODEL, "search", [["x_quantity", ">", 2]]), [record_id], "search")


def x_model_drop() -> None:
    expect(call("ir.model", "unlink", [state["model_id"]]), True, "unlink")
    expect(call("ir.model", "search", [["model", "=", w.X_MODEL]]), [], "ir.model after unlink")


def load(round_: int) -> None:
    result = call("crm.lead", "load", w.LEAD_FIELDS, w.lead_rows(round_))
    expect(result["messages"], [], "messages")
    ids = result["ids"]
    check(len(ids) == 2, f"ids {ids!r}")
    if round_ == 1:
        state["lead_ids"] = ids
    else:
        expect(ids, state["lead_ids"], "ids of the second load")
    rows = call("crm.lead", "read", ids, fields=["name", "expected_revenue", "country_id"])
    expect([row["name"] for row in rows], [row[1] for row in w.lead_rows(round_)], "names")
    expect(rows[1]["expected_revenue"], float(w.lead_rows(round_)[1][3]), "revenue")
    expect(rows[0]["country_id"][1], "Belgium", "country")
    xids = call("ir.model.data", "search_read", [["module", "=", "__import__"],
                                                 ["name", "in", [x.split(".")[1] for x in w.LEAD_XIDS]]],
                fields=["res_id"])
    expect(sorted(row["res_id"] for row in xids), sorted(ids), "external ids")
    if round_ == 2:
        call("crm.lead", "unlink", ids)


def api_key() -> None:
    key_uid = common.authenticate(w.DB, w.LOGIN, w.API_KEY, {})
    expect(key_uid, uid, "uid for the key")
    count = models.execute_kw(w.DB, uid, w.API_KEY, "res.partner", "search_count", [w.COMPANIES])
    expect(count, len(state["companies"]), "count with the key")


def keys_exist() -> bool:
    return bool(call("ir.model", "search", [["model", "=", "res.users.apikeys"]]))


def wrong_password_fault() -> None:
    try:
        models.execute_kw(w.DB, uid, "not the password", "res.partner", "search", [[]])
    except xmlrpc.client.Fault as fault:
        expect(fault.faultCode, 3, "faultCode")
    else:
        raise AssertionError("a wrong password was accepted")


def legacy_execute() -> None:
    # the positional form (object.execute), Odoo's signatures: search(domain, offset, limit, order)
    ids = models.execute(w.DB, uid, w.PASSWORD, "res.partner", "search", w.COMPANIES, 1, 2, "id")
    expect(ids, sorted(state["companies"])[1:3], "execute search")


walk.step("version", version)
walk.step("authenticate", authenticate)
walk.step("check_access_rights",
          lambda: expect(call("res.partner", "check_access_rights", "read", raise_exception=False), True))
walk.step("search", search)
walk.step("search_offset_limit", search_offset_limit)
walk.step("search_count", search_count)
walk.step("read_fields", read_fields)
walk.step("fields_get_attributes", fields_get)
walk.step("search_read", search_read)
walk.step("create", create)
walk.step("write_non_ascii", write)
walk.step("display_name", display_name)
walk.step("unlink", unlink)
walk.step("unlink_gone", unlink_gone)
walk.step("x_model_create", x_model_create)
walk.step("x_fields_create", x_fields_create)
walk.step("x_record", x_record)
walk.step("x_model_drop", x_model_drop)
walk.step("load_create", lambda: load(1))
walk.step("load_update", lambda: load(2))
walk.api_key_step(keys_exist, api_key)
walk.step("wrong_password_fault", wrong_password_fault)
walk.step("execute_positional", legacy_execute)
common("close")()
models("close")()
walk.finish()
