"""A database of its own per module, served by the session's gunicorn, with three kinds of user.

Security tests change rules and rights that would disturb other tests, so they never touch the
shared demo database: each module gets a copy, and the users below are made over RPC.
"""

from __future__ import annotations

import uuid
import xmlrpc.client
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from erpserver.service.runtime import Runtime
from tests.conftest import Server, database_copy


@dataclass
class Actor:
    """One user calling over XML-RPC with its own password, on a fresh connection each time."""

    url: str
    db: str
    uid: int
    password: str

    def call(self, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        proxy = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/object", allow_none=True)
        return proxy.execute_kw(self.db, self.uid, self.password, model, method, list(args), kwargs)

    def fault(self, model: str, method: str, *args: Any, **kwargs: Any) -> xmlrpc.client.Fault:
        """The fault the call must end with."""
        with pytest.raises(xmlrpc.client.Fault) as caught:
            self.call(model, method, *args, **kwargs)
        return caught.value

    def authenticate(self, login: str, password: str | None = None) -> Any:
        proxy = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common")
        return proxy.authenticate(self.db, login, password or self.password, {})


@dataclass
class Site:
    server: Server
    db: str
    admin: Actor

    def new_user(self, groups: list[str], **values: Any) -> Actor:
        """A user in exactly these groups (by external id), with a password of its own."""
        login = f"user-{uuid.uuid4().hex[:8]}"
        password = f"pw-{uuid.uuid4().hex}"
        group_ids = [self.ref(xmlid) for xmlid in groups]
        uid = self.admin.call("res.users", "create", {
            "login": login, "name": values.pop("name", login), "password": password,
            "groups_id": [(6, 0, group_ids)], **values})
        return Actor(self.server.url, self.db, uid, password)

    def ref(self, xmlid: str) -> int:
        module, name = xmlid.split(".")
        rows = self.admin.call("ir.model.data", "search_read", [["module", "=", module], ["name", "=", name]],
                               ["res_id"])
        return int(rows[0]["res_id"])

    def model_id(self, model: str) -> int:
        return int(self.admin.call("ir.model", "search", [["model", "=", model]])[0])


@pytest.fixture(scope="module")
def site(runtime: Runtime, server: Server, demo_template: str, request: pytest.FixtureRequest) -> Iterator[Site]:
    tag = f"sec_{request.module.__name__.rsplit('.', 1)[-1][-12:]}"
    with database_copy(runtime, demo_template, tag) as name:
        yield Site(server, name, Actor(server.url, name, 2, server.password))
