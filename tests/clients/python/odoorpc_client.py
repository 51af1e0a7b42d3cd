"""OdooRPC 0.10.1: JSON-RPC only (``/web/webclient/version_info``, ``/jsonrpc``); ``odoo.env[model]``
built from ``fields_get``, ``browse()`` reading every non-relational field, records with
attributes, ``env.ref``, assignments written at once (``auto_commit``)."""

from __future__ import annotations

from typing import Any

import odoorpc
import walkthrough as w
from walkthrough import Walk, check, expect

walk = Walk("OdooRPC 0.10.1")
odoo = odoorpc.ODOO(w.HOST, port=w.PORT)
state: dict[str, Any] = {}


def login() -> None:
    odoo.login(w.DB, w.LOGIN, w.PASSWORD)
    check(odoo.env.uid > 0, f"uid {odoo.env.uid!r}")
    expect(odoo.env.user.login, w.LOGIN, "env.user.login")
    check(odoo.env.context.get("lang"), "no user context")


walk.step("version", lambda: expect(odoo.version, "17.0", "version"))
walk.step("login", login)
if not odoo.env:
    walk.finish()
Partner = odoo.env["res.partner"]


def search() -> None:
    state["companies"] = ids = Partner.search(w.COMPANIES)
    check(ids and all(isinstance(i, int) for i in ids), f"search gave {ids!r}")


def read_fields() -> None:
    [row] = Partner.read(state["companies"][:1], w.READ_FIELDS)
    expect(sorted(row), sorted(["id", *w.READ_FIELDS]), "keys")


def search_read() -> None:
    rows = Partner.search_read(w.COMPANIES, w.READ_FIELDS, limit=5)
    expect(len(rows), 5, "rows")
    expect(sorted(rows[0]), sorted(["id", *w.READ_FIELDS]), "keys")


def create() -> None:
    state["id"] = new_id = Partner.create({"name": w.PARTNER_NAME})
    check(isinstance(new_id, int), f"create gave {new_id!r}")


def write() -> None:
    expect(Partner.write([state["id"]], {"name": w.NON_ASCII_NAME}), True, "write")
    expect(Partner.browse(state["id"]).name, w.NON_ASCII_NAME, "name read back")
    partner = Partner.browse(state["id"])
    partner.city = "Košice"  # with auto_commit, an assignment writes at once
    expect(Partner.read([state["id"]], ["city"])[0]["city"], "Košice", "city")


def display_name() -> None:
    expect(Partner.browse(state["id"]).display_name, w.NON_ASCII_NAME, "display_name")
    expect(Partner.name_get([state["id"]]), [[state["id"], w.NON_ASCII_NAME]], "name_get")


def x_model_create() -> None:
    state["model_id"] = odoo.env["ir.model"].create({"name": "Walk-through model", "model": w.X_MODEL,
                                                     "state": "manual"})
    check(w.X_MODEL in odoo.env, f"{w.X_MODEL} in env")


def x_fields_create() -> None:
    for name, ttype in (("x_name", "char"), ("x_quantity", "integer")):
        odoo.env["ir.model.fields"].create({"model_id": state["model_id"], "name": name, "ttype": ttype,
                                            "state": "manual", "required": name == "x_name"})
    expect(odoo.env[w.X_MODEL].fields_get(["x_name"], ["type"]), {"x_name": {"type": "char"}}, "fields_get")


def x_record() -> None:
    model = odoo.env[w.X_MODEL]  # built now, from fields_get: it knows the new fields
    record = model.browse(model.create({"x_name": "Ça marche", "x_quantity": 3}))
    expect((record.x_name, record.x_quantity, record.display_name), ("Ça marche", 3, "Ça marche"), "record")
    expect(model.search([("x_quantity", ">", 2)]), [record.id], "search")


def x_model_drop() -> None:
    expect(odoo.env["ir.model"].unlink([state["model_id"]]), True, "unlink")
    check(w.X_MODEL not in odoo.env, "still in env")


def load(round_: int) -> None:
    Lead = odoo.env["crm.lead"]
    result = Lead.load(w.LEAD_FIELDS, w.lead_rows(round_))
    expect(result["messages"], [], "messages")
    if round_ == 1:
        state["lead_ids"] = result["ids"]
    expect(result["ids"], state["lead_ids"], "ids")
    leads = Lead.browse(result["ids"])
    expect([lead.name for lead in leads], [row[1] for row in w.lead_rows(round_)], "names")
    expect(odoo.env.ref(w.LEAD_XIDS[1]).id, result["ids"][1], "env.ref")
    if round_ == 2:
        leads.unlink()


def browse_records() -> None:
    """browse() reads every non-relational field at once; relations are followed lazily."""
    companies = Partner.browse(state["companies"][:3])
    expect(companies.ids, state["companies"][:3], "ids")
    expect([company.name for company in companies], [row["name"] for row in
                                                     Partner.read(state["companies"][:3], ["name"])], "names")
    user = odoo.env.user
    check(user.company_id.name and user.partner_id.name == user.name, "relations")


def api_key() -> None:
    keyed = odoorpc.ODOO(w.HOST, port=w.PORT)
    keyed.login(w.DB, w.LOGIN, w.API_KEY)
    expect(keyed.env["res.partner"].search_count(w.COMPANIES), len(state["companies"]), "count with the key")


def server_error() -> None:
    try:
        Partner.read(state["companies"][:1], ["no_such_field"])
    except odoorpc.error.RPCError as error:
        check("no_such_field" in str(error), f"message {error}")
    else:
        raise AssertionError("reading an unknown field passed")


walk.step("check_access_rights", lambda: expect(Partner.check_access_rights("read", raise_exception=False), True))
walk.step("search", search)
walk.step("search_offset_limit", lambda: expect(Partner.search(w.COMPANIES, offset=10, limit=5),
                                                state["companies"][10:15]))
walk.step("search_count", lambda: expect(Partner.search_count(w.COMPANIES), len(state["companies"])))
walk.step("read_fields", read_fields)
walk.step("fields_get_attributes", lambda: expect(Partner.fields_get(attributes=["string", "help", "type"])["name"],
                                                  {"string": "Name", "type": "char"}))
walk.step("search_read", search_read)
walk.step("create", create)
walk.step("write_non_ascii", write)
walk.step("display_name", display_name)
walk.step("unlink", lambda: expect(Partner.unlink([state["id"]]), True))
walk.step("unlink_gone", lambda: expect(Partner.search([("id", "=", state["id"])]), []))
walk.step("x_model_create", x_model_create)
walk.step("x_fields_create", x_fields_create)
walk.step("x_record", x_record)
walk.step("x_model_drop", x_model_drop)
walk.step("load_create", lambda: load(1))
walk.step("load_update", lambda: load(2))
walk.api_key_step(lambda: "res.users.apikeys" in odoo.env, api_key)
walk.step("browse", browse_records)
walk.step("db_list", lambda: check(w.DB in odoo.db.list(), "db.list()"))
walk.step("server_error", server_error)
odoo.logout()
walk.finish()
