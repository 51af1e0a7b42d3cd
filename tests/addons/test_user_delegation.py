"""res.users inherits res.partner through partner_id (Odoo's ``_inherits``), over HTTP: the
partner's fields are the user's, read, written, searched and ordered, stored on the partner."""

from __future__ import annotations

import uuid
import xmlrpc.client
from collections.abc import Iterator
from typing import Any

import pytest

from erpserver.service.runtime import Runtime
from tests.conftest import Server, database_copy


class Admin:
    def __init__(self, server: Server, db: str) -> None:
        self.server, self.db = server, db

    def __call__(self, model: str, method: str, *args: object, **kwargs: object) -> Any:
        proxy = xmlrpc.client.ServerProxy(f"{self.server.url}/xmlrpc/2/object")
        return proxy.execute_kw(self.db, 2, self.server.password, model, method, list(args), kwargs)


@pytest.fixture(scope="module")
def admin(runtime: Runtime, server: Server, demo_template: str) -> Iterator[Admin]:
    with database_copy(runtime, demo_template, "delegation") as name:
        yield Admin(server, name)


def test_a_user_reads_writes_and_creates_its_partners_fields(admin: Admin) -> None:
    belgium = admin("res.country", "search", [["code", "=", "BE"]])[0]
    login = f"ines-{uuid.uuid4().hex[:6]}"
    uid = admin("res.users", "create", {"login": login, "name": "Inès Delegate", "phone": "+32 2 555 01 01",
                                        "street": "Rue Haute 1", "country_id": belgium, "email": "ines@example.com"})
    [user] = admin("res.users", "read", [uid], ["name", "phone", "street", "country_id", "email", "partner_id"])
    assert user["phone"] == "+32 2 555 01 01"
    assert user["country_id"][0] == belgium
    assert user["name"] == "Inès Delegate"
    partner = user["partner_id"][0]
    [stored] = admin("res.partner", "read", [partner], ["phone", "street", "email"])
    assert (stored["phone"], stored["street"], stored["email"]) == ("+32 2 555 01 01", "Rue Haute 1", "ines@example.com")
    admin("res.users", "write", [uid], {"phone": "+32 2 555 02 02", "city": "Bruxelles"})
    assert admin("res.partner", "read", [partner], ["phone", "city"]) == [
        {"id": partner, "phone": "+32 2 555 02 02", "city": "Bruxelles"}]
    assert admin("res.users", "search", [["phone", "=", "+32 2 555 02 02"]]) == [uid]
    assert admin("res.users", "search", [["country_id.code", "=", "BE"], ["id", "=", uid]]) == [uid]
    assert admin("res.users", "search_count", [["city", "ilike", "bruxelles"]]) == 1


def test_users_order_by_an_inherited_field(admin: Admin) -> None:
    ids = [admin("res.users", "create", {"login": f"ord-{uuid.uuid4().hex[:6]}", "name": f"Order {n}",
                                         "email": f"{n}@order.example.com"}) for n in ("c", "a", "b")]
    found = admin("res.users", "search_read", [["id", "in", ids]], ["email"], order="email desc")
    assert [r["email"] for r in found] == ["c@order.example.com", "b@order.example.com", "a@order.example.com"]


def test_fields_get_lists_the_inherited_fields(admin: Admin) -> None:
    described = admin("res.users", "fields_get", attributes=["type", "related", "relation"])
    assert described["phone"] == {"type": "char", "related": "partner_id.phone"}
    assert described["country_id"]["relation"] == "res.country"
    assert described["tz"]["type"] == "selection"
    assert described["login"]["type"] == "char"


def test_a_custom_partner_field_is_a_user_field_too(admin: Admin) -> None:
    partner_model = admin("ir.model", "search", [["model", "=", "res.partner"]])[0]
    admin("ir.model.fields", "create", {"model_id": partner_model, "name": "x_badge", "ttype": "char",
                                        "field_description": "Badge"})
    uid = admin("res.users", "create", {"login": f"badge-{uuid.uuid4().hex[:6]}", "name": "Badge", "x_badge": "B-7"})
    assert admin("res.users", "read", [uid], ["x_badge"]) == [{"id": uid, "x_badge": "B-7"}]
    assert "x_badge" in admin("res.users", "fields_get")
