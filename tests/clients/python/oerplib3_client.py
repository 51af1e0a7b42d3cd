"""oerplib3 1.0.0: ``db.server_version`` probed on ``/xmlrpc/2/db`` first, ``common.login``, model
proxies from ``oerp.get(model)`` calling ``execute_kw`` with the user's context, ``browse``
records (every non-relational field read at once) written back with ``write_record``.
The old helpers ``oerp.search/create/...`` pass the context positionally (OpenERP 6/7
signatures) and break on Odoo >= 10 as well, so, as a user would, the script uses the proxies."""

from __future__ import annotations

from typing import Any

import oerplib3
import walkthrough as w
from walkthrough import Walk, check, expect

walk = Walk("oerplib3 1.0.0")
oerp = oerplib3.OERP(w.HOST, protocol="xmlrpc", port=w.PORT)
state: dict[str, Any] = {}


def login() -> None:
    user = oerp.login(w.LOGIN, w.PASSWORD, w.DB)
    expect(user.login, w.LOGIN, "user.login")
    check(oerp.context.get("lang"), "no user context")


walk.step("version", lambda: expect(oerp.version, "17.0", "version"))
walk.step("login", login)
partners = oerp.get("res.partner")


def search() -> None:
    state["companies"] = ids = partners.search(w.COMPANIES)
    check(ids and all(isinstance(i, int) for i in ids), f"search gave {ids!r}")


def read_fields() -> None:
    [row] = partners.read(state["companies"][:1], w.READ_FIELDS)
    expect(sorted(row), sorted(["id", *w.READ_FIELDS]), "keys")


def search_read() -> None:
    rows = partners.search_read(w.COMPANIES, w.READ_FIELDS, limit=5)
    expect(len(rows), 5, "rows")
    expect(sorted(rows[0]), sorted(["id", *w.READ_FIELDS]), "keys")


def write() -> None:
    expect(partners.write([state["id"]], {"name": w.NON_ASCII_NAME}), True, "write")
    expect(partners.read([state["id"]], ["name"])[0]["name"], w.NON_ASCII_NAME, "name read back")


def display_name() -> None:
    expect(partners.read([state["id"]], ["display_name"])[0]["display_name"], w.NON_ASCII_NAME, "display_name")
    expect(oerp.browse("res.partner", state["id"]).display_name, w.NON_ASCII_NAME, "browse().display_name")


def x_model_create() -> None:
    state["model_id"] = oerp.get("ir.model").create({"name": "Walk-through model", "model": w.X_MODEL,
                                                     "state": "manual"})
    check(isinstance(state["model_id"], int), "ir.model create gave no id")


def x_fields_create() -> None:
    for name, ttype in (("x_name", "char"), ("x_quantity", "integer")):
        oerp.get("ir.model.fields").create({"model_id": state["model_id"], "name": name, "ttype": ttype,
                                            "state": "manual", "required": name == "x_name"})
    expect(oerp.execute(w.X_MODEL, "fields_get", ["x_name"], ["type"]), {"x_name": {"type": "char"}}, "fields_get")


def x_record() -> None:
    model = oerp.get(w.X_MODEL)
    record_id = model.create({"x_name": "Ça marche", "x_quantity": 3})
    expect(model.read([record_id], ["x_name", "x_quantity"]), [{"id": record_id, "x_name": "Ça marche",
                                                                 "x_quantity": 3}], "record")
    expect(model.search([("x_quantity", ">", 2)]), [record_id], "search")


def x_model_drop() -> None:
    expect(oerp.get("ir.model").unlink([state["model_id"]]), True, "unlink")
    expect(oerp.get("ir.model").search([("model", "=", w.X_MODEL)]), [], "ir.model after unlink")


def load(round_: int) -> None:
    leads = oerp.get("crm.lead")
    result = leads.load(w.LEAD_FIELDS, w.lead_rows(round_))
    expect(result["messages"], [], "messages")
    if round_ == 1:
        state["lead_ids"] = result["ids"]
    expect(result["ids"], state["lead_ids"], "ids")
    names = [lead.name for lead in leads.browse(result["ids"])]
    expect(names, [row[1] for row in w.lead_rows(round_)], "names")
    if round_ == 2:
        leads.unlink(result["ids"])


def browse_records() -> None:
    """browse(): every non-relational field read at once; write_record. (A many2one attribute is
    read through the old ``oerp.read`` helper, whose positional context Odoo >= 10 takes for
    ``load``: it breaks on Odoo 17 as it would here, so the script does not follow one.)"""
    record = partners.browse(partners.create({"name": w.PARTNER_NAME, "city": "Gent"}))
    try:
        expect((record.name, record.city), (w.PARTNER_NAME, "Gent"), "attributes")
        record.city = "Košice"
        oerp.write_record(record)
        expect(partners.read([record.id], ["city"])[0]["city"], "Košice", "written")
        expect(oerp.user.login, w.LOGIN, "oerp.user.login")
        names = [company.name for company in partners.browse(state["companies"][:3])]
        expect(len(names), 3, "iterated")
    finally:
        oerp.unlink_record(record)


def api_key() -> None:
    keyed = oerplib3.OERP(w.HOST, protocol="xmlrpc", port=w.PORT)
    keyed.login(w.LOGIN, w.API_KEY, w.DB)
    expect(keyed.get("res.partner").search_count(w.COMPANIES), len(state["companies"]), "count with the key")


walk.step("check_access_rights", lambda: expect(partners.check_access_rights("read", raise_exception=False), True))
walk.step("search", search)
walk.step("search_offset_limit", lambda: expect(partners.search(w.COMPANIES, offset=10, limit=5),
                                                state["companies"][10:15]))
walk.step("search_count", lambda: expect(partners.search_count(w.COMPANIES), len(state["companies"])))
walk.step("read_fields", read_fields)
walk.step("fields_get_attributes", lambda: expect(
    partners.fields_get(attributes=["string", "help", "type"])["name"], {"string": "Name", "type": "char"}))
walk.step("search_read", search_read)
walk.step("create", lambda: state.update(id=partners.create({"name": w.PARTNER_NAME})))
walk.step("write_non_ascii", write)
walk.step("display_name", display_name)
walk.step("unlink", lambda: expect(partners.unlink([state["id"]]), True))
walk.step("unlink_gone", lambda: expect(partners.search([("id", "=", state["id"])]), []))
walk.step("x_model_create", x_model_create)
walk.step("x_fields_create", x_fields_create)
walk.step("x_record", x_record)
walk.step("x_model_drop", x_model_drop)
walk.step("load_create", lambda: load(1))
walk.step("load_update", lambda: load(2))
walk.api_key_step(lambda: bool(oerp.get("ir.model").search([("model", "=", "res.users.apikeys")])), api_key)
walk.step("browse", browse_records)
walk.step("db_list", lambda: check(w.DB in oerp.db.list(), "db.list()"))
walk.finish()
