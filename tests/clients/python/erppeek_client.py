"""ERPpeek 1.7.2: ``object.execute`` only (never execute_kw), on the legacy ``/xmlrpc`` paths;
``Client`` helpers (search, count, read with field strings) and ``Model``/``Record`` objects."""

from __future__ import annotations

from typing import Any

import erppeek
import walkthrough as w
from walkthrough import Walk, check, expect

walk = Walk("ERPpeek 1.7.2")
state: dict[str, Any] = {}


def login() -> None:
    state["client"] = client = erppeek.Client(w.URL, w.DB, w.LOGIN, w.PASSWORD)
    expect(client.user, w.LOGIN, "user")


walk.step("login", login)
client: Any = state.get("client")
if client is None:
    walk.finish()


def search() -> None:
    state["companies"] = ids = client.search("res.partner", w.COMPANIES)
    check(ids and all(isinstance(i, int) for i in ids), f"search gave {ids!r}")


def read_fields() -> None:
    # ERPpeek's read takes fields as a space-separated string; a list of ids gives a list of dicts
    [row] = client.read("res.partner", state["companies"][:1], " ".join(w.READ_FIELDS))
    expect(sorted(row), sorted(["id", *w.READ_FIELDS]), "keys")
    expect(client.read("res.partner", state["companies"][0], "name"), row["name"], "read(id, 'name')")


def fields_get() -> None:
    description = client.execute("res.partner", "fields_get", [], ["string", "help", "type"])
    expect(description["name"], {"string": "Name", "type": "char"}, "name field")


def search_read() -> None:
    rows = client.execute("res.partner", "search_read", w.COMPANIES, w.READ_FIELDS, 0, 5)
    expect(len(rows), 5, "rows")
    expect(sorted(rows[0]), sorted(["id", *w.READ_FIELDS]), "keys")
    # ERPpeek's own: read() with a domain searches, then reads, in the search's order
    names = client.read("res.partner", w.COMPANIES, "name", limit=5, order="name")
    expect(names, sorted(names), "read(domain, order=name)")


def create() -> None:
    state["id"] = new_id = client.create("res.partner", {"name": w.PARTNER_NAME})
    check(isinstance(new_id, int), f"create gave {new_id!r}")


def write() -> None:
    expect(client.write("res.partner", [state["id"]], {"name": w.NON_ASCII_NAME}), True, "write")
    expect(client.read("res.partner", state["id"], "name"), w.NON_ASCII_NAME, "name read back")


def display_name() -> None:
    expect(client.execute("res.partner", "name_get", [state["id"]]), [[state["id"], w.NON_ASCII_NAME]], "name_get")
    expect(client.read("res.partner", state["id"], "display_name"), w.NON_ASCII_NAME, "display_name")


def x_model_create() -> None:
    state["model_id"] = client.create("ir.model", {"name": "Walk-through model", "model": w.X_MODEL,
                                                   "state": "manual"})
    check(w.X_MODEL in [model._name for model in client.models("x_walk").values()], "models() lacks it")


def x_fields_create() -> None:
    for name, ttype in (("x_name", "char"), ("x_quantity", "integer")):
        client.create("ir.model.fields", {"model_id": state["model_id"], "name": name, "ttype": ttype,
                                          "state": "manual", "required": name == "x_name"})
    model = client.model(w.X_MODEL)
    check({"x_name", "x_quantity"} <= set(model.keys()), "keys() of the new model")
    expect(model.field("x_name")["type"], "char", "field('x_name')")


def x_record() -> None:
    record = client.model(w.X_MODEL).create({"x_name": "Ça marche", "x_quantity": 3})
    expect((record.x_name, record.x_quantity, str(record)), ("Ça marche", 3, "Ça marche"), "record")
    expect(client.search(w.X_MODEL, [("x_quantity", ">", 2)]), [record.id], "search")


def x_model_drop() -> None:
    expect(client.unlink("ir.model", [state["model_id"]]), True, "unlink")
    expect(client.search("ir.model", [("model", "=", w.X_MODEL)]), [], "ir.model after unlink")


def load(round_: int) -> None:
    result = client.execute("crm.lead", "load", w.LEAD_FIELDS, w.lead_rows(round_))
    expect(result["messages"], [], "messages")
    if round_ == 1:
        state["lead_ids"] = result["ids"]
    expect(result["ids"], state["lead_ids"], "ids")
    leads = client.model("crm.lead").browse(result["ids"])
    expect(leads.name, [row[1] for row in w.lead_rows(round_)], "names")
    expect(client.model("crm.lead").get(w.LEAD_XIDS[0]).id, result["ids"][0], "get(external id)")
    if round_ == 2:
        leads.unlink()


def record_attributes() -> None:
    """ERPpeek's Record: fields as attributes (fields_get_keys), str() through name_get, relations."""
    partners = client.model("res.partner")
    record = partners.create({"name": w.PARTNER_NAME, "city": "Gent"})
    try:
        check(isinstance(record, erppeek.Record), f"create gave {record!r}")
        expect((record.name, record.city, str(record)), (w.PARTNER_NAME, "Gent", w.PARTNER_NAME), "attributes")
        record.city = "Brugge"  # assigning an attribute writes
        expect(client.read("res.partner", record.id, "city"), "Brugge", "city")
        found = partners.browse([("name", "=", w.PARTNER_NAME)])
        expect(found.id, [record.id], "browse(domain)")
        user = client.model("res.users").get([("login", "=", w.LOGIN)])  # get(): one record, by domain
        check(user.company_id.name, "user.company_id.name")
    finally:
        record.unlink()


def string_domains() -> None:
    """ERPpeek's own search syntax: 'field operator value' strings."""
    expect(client.search("res.partner", ["is_company = True"]), state["companies"], "string domain")
    expect(client.count("res.partner", ["is_company = True"]), len(state["companies"]), "count")


def api_key() -> None:
    keyed = erppeek.Client(w.URL, w.DB, w.LOGIN, w.API_KEY)
    expect(keyed.count("res.partner", w.COMPANIES), len(state["companies"]), "count with the key")


walk.step("version", lambda: expect(client.server_version, "17.0", "server_version"))
walk.step("check_access_rights", lambda: expect(
    client.execute("res.partner", "check_access_rights", "read", False), True))
walk.step("search", search)
walk.step("search_offset_limit", lambda: expect(client.search("res.partner", w.COMPANIES, 10, 5),
                                                state["companies"][10:15], "page"))
walk.step("search_count", lambda: expect(client.count("res.partner", w.COMPANIES), len(state["companies"])))
walk.step("read_fields", read_fields)
walk.step("fields_get_attributes", fields_get)
walk.step("search_read", search_read)
walk.step("create", create)
walk.step("write_non_ascii", write)
walk.step("display_name", display_name)
walk.step("unlink", lambda: expect(client.unlink("res.partner", [state["id"]]), True, "unlink"))
walk.step("unlink_gone", lambda: expect(client.search("res.partner", [("id", "=", state["id"])]), [], "search"))
walk.step("x_model_create", x_model_create)
walk.step("x_fields_create", x_fields_create)
walk.step("x_record", x_record)
walk.step("x_model_drop", x_model_drop)
walk.step("load_create", lambda: load(1))
walk.step("load_update", lambda: load(2))
walk.api_key_step(lambda: bool(client.search("ir.model", [("model", "=", "res.users.apikeys")])), api_key)
walk.step("record_attributes", record_attributes)
walk.step("string_domains", string_domains)
walk.step("model_access", lambda: check(client.access("res.partner", "write"), "access('write')"))
walk.finish()
