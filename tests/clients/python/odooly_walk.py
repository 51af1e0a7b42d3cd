"""The walk-through in odooly's idiom: an ``Env`` of ``Model``s and ``Record``s with attributes.

Shared by two set-ups that cannot share a virtualenv: odooly 2.5.8 over XML-RPC (the legacy
``/xmlrpc`` paths, ``odooly_xmlrpc.py``) and odooly 2.6.x over JSON-RPC (``/jsonrpc``,
``odooly_jsonrpc.py``). odooly picks its transport from the server URL.
"""

from __future__ import annotations

from typing import Any

import odooly
import walkthrough as w
from walkthrough import Walk, check, expect


def run(label: str, server: str) -> None:
    walk = Walk(label)
    state: dict[str, Any] = {}

    def connect() -> None:
        state["client"] = client = odooly.Client(server, w.DB, w.LOGIN, w.PASSWORD)
        state["env"] = client.env
        expect(client.env.uid, client.env.user.id, "uid")
        check(client.env.context.get("lang"), "no user context")

    walk.step("version", lambda: expect(odooly.Client(server).server_version, "17.0", "server_version"))
    walk.step("login", connect)
    env = state.get("env")
    if env is None:
        walk.finish()
    partners = env["res.partner"]

    def search() -> None:
        state["companies"] = found = partners.search(w.COMPANIES)
        check(found and isinstance(found, odooly.RecordList), f"search gave {found!r}")

    def read_fields() -> None:
        [row] = partners.browse(state["companies"].ids[:1]).read(w.READ_FIELDS)
        expect(sorted(row), sorted(["id", *w.READ_FIELDS]), "keys")

    def fields_get() -> None:
        description = partners.fields_get(attributes=["string", "help", "type"])
        expect(description["name"], {"string": "Name", "type": "char"}, "name field")

    def introspection() -> None:
        """odooly's own: fields() filtered by name and attribute, keys(), models(), access()."""
        expect(partners.fields("name country_id", "type relation")["country_id"],
               {"type": "many2one", "relation": "res.country"}, "fields()")
        check("display_name" in partners.keys(), "keys() lacks display_name")  # noqa: SIM118
        check({"res.partner", "res.users"} <= set(env.models("res.")), "models('res.')")
        check(partners.access("write"), "access('write')")

    def search_read() -> None:
        rows = partners.search_read(w.COMPANIES, w.READ_FIELDS, limit=5)
        expect(len(rows), 5, "rows")
        expect(sorted(rows[0]), sorted(["id", *w.READ_FIELDS]), "keys")

    def create() -> None:
        state["partner"] = record = partners.create({"name": w.PARTNER_NAME})
        check(isinstance(record, odooly.Record) and record.id > 0, f"create gave {record!r}")

    def write() -> None:
        record = state["partner"]
        record.write({"name": w.NON_ASCII_NAME})
        expect(partners.read(record.id, "name"), w.NON_ASCII_NAME, "name read back")
        record.city = "Košice"  # assigning an attribute writes too
        record.refresh()
        expect(record.city, "Košice", "city")

    def display_name() -> None:
        record = partners.browse(state["partner"].id)
        expect(record.display_name, w.NON_ASCII_NAME, "display_name")
        expect(str(record), w.NON_ASCII_NAME, "str(record)")

    def unlink_gone() -> None:
        record = state["partner"]
        expect(partners.search([("id", "=", record.id)]).ids, [], "search")
        expect(partners.browse([record.id]).exists().ids, [], "exists()")

    def x_model_create() -> None:
        state["x_model"] = env["ir.model"].create({"name": "Walk-through model", "model": w.X_MODEL,
                                                   "state": "manual"})
        env.refresh()  # odooly caches the list of models
        check(w.X_MODEL in env.models("x_walk"), "the new model is not listed")

    def x_fields_create() -> None:
        fields = env["ir.model.fields"]
        fields.create({"model_id": state["x_model"].id, "name": "x_name", "ttype": "char", "state": "manual",
                       "required": True})
        fields.create({"model_id": state["x_model"].id, "name": "x_quantity", "ttype": "integer",
                       "state": "manual"})
        expect(env[w.X_MODEL].fields("x_name", "type required"), {"x_name": {"type": "char", "required": True}},
               "fields()")

    def x_record() -> None:
        model = env[w.X_MODEL]
        record = model.create({"x_name": "Ça marche", "x_quantity": 3})
        expect((record.x_name, record.x_quantity, str(record)), ("Ça marche", 3, "Ça marche"), "record")
        expect(model.search([("x_quantity", ">", 2)]).ids, [record.id], "search")

    def x_model_drop() -> None:
        state["x_model"].unlink()
        expect(env["ir.model"].search([("model", "=", w.X_MODEL)]).ids, [], "ir.model after unlink")

    def load(round_: int) -> None:
        leads = env["crm.lead"]
        result = leads.load(w.LEAD_FIELDS, w.lead_rows(round_))
        expect(result["messages"], [], "messages")
        if round_ == 1:
            state["lead_ids"] = result["ids"]
        expect(result["ids"], state["lead_ids"], "ids")
        records = leads.browse(result["ids"])
        expect(records.name, [row[1] for row in w.lead_rows(round_)], "names")
        expect(records[0].country_id.name, "Belgium", "country")
        expect(env.ref(w.LEAD_XIDS[1]).id, result["ids"][1], "env.ref")
        expect(records[0]._external_id, w.LEAD_XIDS[0], "_external_id")
        if round_ == 2:
            records.unlink()

    def record_attributes() -> None:
        """Relations followed through attributes; a RecordList reads a field for all its records."""
        user = env.user
        expect(user.login, w.LOGIN, "login")
        check(user.company_id.name and user.company_id.id == env["res.company"].browse(user.company_id.id).id,
              "company")
        expect(user.partner_id.name, user.name, "user.partner_id.name")
        companies = partners.browse(state["companies"].ids[:3])
        expect(companies.name, [partners.read(i, "name") for i in companies.ids], "RecordList.name")

    def api_key() -> None:
        keyed = odooly.Client(server, w.DB, w.LOGIN, w.API_KEY)
        expect(keyed.env["res.partner"].search_count(w.COMPANIES), len(state["companies"]), "count with the key")

    walk.step("check_access_rights",
              lambda: expect(partners.check_access_rights("read", raise_exception=False), True))
    walk.step("search", search)
    walk.step("search_offset_limit", lambda: expect(partners.search(w.COMPANIES, offset=10, limit=5).ids,
                                                    state["companies"].ids[10:15], "page"))
    walk.step("search_count",
              lambda: expect(partners.search_count(w.COMPANIES), len(state["companies"]), "count"))
    walk.step("read_fields", read_fields)
    walk.step("fields_get_attributes", fields_get)
    walk.step("search_read", search_read)
    walk.step("create", create)
    walk.step("write_non_ascii", write)
    walk.step("display_name", display_name)
    walk.step("unlink", lambda: state["partner"].unlink())
    walk.step("unlink_gone", unlink_gone)
    walk.step("x_model_create", x_model_create)
    walk.step("x_fields_create", x_fields_create)
    walk.step("x_record", x_record)
    walk.step("x_model_drop", x_model_drop)
    walk.step("load_create", lambda: load(1))
    walk.step("load_update", lambda: load(2))
    walk.api_key_step(lambda: "res.users.apikeys" in env, api_key)
    walk.step("model_introspection", introspection)
    walk.step("record_attributes", record_attributes)
    getattr(state["client"], "close", lambda: None)()  # 2.5 keeps a connection open, 2.6 does not
    walk.finish()
