"""Real Odoo client libraries from PyPI, used through their own public API against the server.

Each client is pinned in the ``test`` extra of ``pyproject.toml``: odooly 2.5.8 (XML-RPC, legacy
``/xmlrpc`` paths), ERPpeek 1.7.2 (XML-RPC ``object.execute``), OdooRPC 0.10.1 (JSON-RPC) and
odoo-client-lib 2.0.1 (``odoolib``: XML-RPC and JSON-RPC). Every test creates its own records
under a unique name and deletes them.
"""

from __future__ import annotations

import gc
import uuid
import warnings
import xmlrpc.client
from collections.abc import Iterator
from urllib.parse import urlsplit

import erppeek
import odoolib
import odooly
import odoorpc
import pytest
from odoolib.tools import AuthenticationError

from tests.conftest import Server


def unique(label: str) -> str:
    return f"{label} {uuid.uuid4().hex[:10]}"


def host_and_port(server: Server) -> tuple[str, int]:
    parts = urlsplit(server.url)
    assert parts.hostname and parts.port
    return parts.hostname, parts.port


def belgium_id(server: Server) -> int:
    [country_id] = server.object().execute_kw(server.db, 2, server.password, "res.country", "search",
                                              [[["code", "=", "BE"]]])
    return country_id


# -- odooly 2.5.8 ---------------------------------------------------------------------------------
@pytest.fixture
def odooly_client(server: Server) -> Iterator[odooly.Client]:
    # Without "/xmlrpc" in the URL odooly 2.5 talks to the Web API; with it, to the legacy XML-RPC paths.
    client = odooly.Client(f"{server.url}/xmlrpc", server.db, server.login, server.password)
    yield client
    client.close()


def test_odooly_logs_in_and_reports_the_server_version(server: Server, odooly_client: odooly.Client) -> None:
    assert "/xmlrpc?" in repr(odooly_client)  # the XML-RPC transport, not the Web API
    assert odooly_client.server_version == "17.0"
    assert odooly_client.version_info == 17.0
    assert odooly_client.env.db_name == server.db
    assert odooly_client.env.uid == 2
    assert odooly_client.env.user.login == server.login
    assert odooly_client.env.context["lang"]


def test_odooly_refuses_a_wrong_password(server: Server) -> None:
    with pytest.raises(odooly.Error, match="Invalid username or password"):
        odooly.Client(f"{server.url}/xmlrpc", server.db, unique("nobody"), "not-the-password")
    # odooly keeps uids in a process-wide cache: once admin has logged in it skips common.login
    # and the wrong password meets the server on execute_kw, which answers the legacy AccessDenied fault.
    with pytest.raises((odooly.Error, xmlrpc.client.Fault)) as caught:
        odooly.Client(f"{server.url}/xmlrpc", server.db, server.login, "not-the-password")
    if isinstance(caught.value, xmlrpc.client.Fault):
        assert caught.value.faultCode == "AccessDenied"


def test_odooly_lists_models_and_their_fields(odooly_client: odooly.Client) -> None:
    env = odooly_client.env
    models = env.models("res.")
    assert "res.partner" in models and "res.users" in models
    assert all("res." in name for name in models)
    assert env["ir.model"].search([("model", "=", "res.partner")]).model == ["res.partner"]
    fields = env["res.partner"].fields(["name", "country_id"])
    assert fields["name"]["type"] == "char"
    assert fields["country_id"]["type"] == "many2one" and fields["country_id"]["relation"] == "res.country"
    assert "display_name" in env["res.partner"].keys()  # noqa: SIM118 - a method of odooly's Model


def test_odooly_creates_reads_writes_and_deletes_a_partner(server: Server,
                                                           odooly_client: odooly.Client) -> None:
    partners = odooly_client.env["res.partner"]
    name = unique("Odooly partner")
    country_id = belgium_id(server)
    partner = partners.create({"name": name, "country_id": country_id, "city": "Gent"})
    try:
        assert isinstance(partner, odooly.Record) and partner.id > 0
        assert partner.name == name
        assert partner.city == "Gent"
        assert partner.country_id.id == country_id
        assert partner.country_id.name == "Belgium"
        assert str(partner) == name  # odooly reads display_name for str()

        found = partners.search([("name", "=", name)])
        assert found.ids == [partner.id]
        assert partners.search_count([("name", "=", name)]) == 1
        [row] = partners.browse(found.ids).read(["name", "city"])
        assert row == {"id": partner.id, "name": name, "city": "Gent"}
        [row] = partners.search_read([("name", "=", name)], ["city", "country_id"])
        assert row["city"] == "Gent" and row["country_id"] == [country_id, "Belgium"]

        partner.write({"city": "Brugge"})
        assert partner.city == "Brugge"
        partner.city = "Antwerpen"  # attribute assignment writes too
        assert partners.read(partner.id, "city") == "Antwerpen"
    finally:
        partner.unlink()
    assert not partners.search([("name", "=", name)])
    assert not partners.browse([partner.id]).exists()


def test_odooly_searches_with_offset_limit_and_order(odooly_client: odooly.Client) -> None:
    partners = odooly_client.env["res.partner"]
    names = [unique(f"Odooly page {letter}") for letter in "cab"]
    created = partners.create([{"name": name} for name in names])
    try:
        assert len(created) == 3
        prefix = [("id", "in", created.ids)]
        ordered = partners.search(prefix, order="name")
        assert ordered.name == sorted(names)
        page = partners.search(prefix, order="name", offset=1, limit=1)
        assert page.name == [sorted(names)[1]]
    finally:
        created.unlink()
    assert not partners.search([("id", "in", created.ids)])


# -- ERPpeek 1.7.2 ---------------------------------------------------------------------------------
def close_erppeek(client: erppeek.Client) -> None:
    """ERPpeek never closes its connections: each service keeps its ServerProxy's request method."""
    for service in (client.db, client.common, client._object):
        proxy = getattr(service._dispatch, "__self__", None)
        if proxy is not None:
            proxy("close")()


@pytest.fixture
def erppeek_client(server: Server) -> Iterator[erppeek.Client]:
    client = erppeek.Client(server.url, server.db, server.login, server.password)
    yield client
    close_erppeek(client)


def test_erppeek_logs_in_and_reports_the_server_version(server: Server,
                                                        erppeek_client: erppeek.Client) -> None:
    assert erppeek_client.server_version == "17.0"
    assert erppeek_client.major_version == "17.0"
    assert erppeek_client._db == server.db
    assert erppeek_client.user == server.login


def test_erppeek_refuses_a_wrong_password(server: Server) -> None:
    with pytest.raises(erppeek.Error, match="Invalid username or password"):
        erppeek.Client(server.url, server.db, server.login, "not-the-password")
    with warnings.catch_warnings():  # the failed client's connections are unreachable: collect them now
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def test_erppeek_finds_models_and_their_fields(erppeek_client: erppeek.Client) -> None:
    models = erppeek_client.models("res.partner")
    assert "ResPartner" in models
    partner_model = erppeek_client.model("res.partner")
    assert partner_model._name == "res.partner"
    keys = partner_model.keys()
    assert "name" in keys and "country_id" in keys and "display_name" in keys
    assert partner_model.field("country_id")["relation"] == "res.country"
    assert erppeek_client.count("res.partner", [("id", "=", 0)]) == 0


def test_erppeek_creates_reads_writes_and_deletes_a_partner(server: Server,
                                                            erppeek_client: erppeek.Client) -> None:
    name = unique("ERPpeek partner")
    country_id = belgium_id(server)
    new_id = erppeek_client.create("res.partner", {"name": name, "city": "Gent", "country_id": country_id})
    try:
        assert isinstance(new_id, int)
        assert erppeek_client.search("res.partner", [("name", "=", name)]) == [new_id]
        assert erppeek_client.count("res.partner", [("name", "=", name)]) == 1
        assert erppeek_client.read("res.partner", new_id, "city") == "Gent"
        [row] = erppeek_client.read("res.partner", [("name", "=", name)], "name city country_id")
        assert row["name"] == name and row["city"] == "Gent" and row["country_id"] == [country_id, "Belgium"]
        assert erppeek_client.write("res.partner", [new_id], {"city": "Brugge"}) is True
        assert erppeek_client.read("res.partner", [new_id], "city") == ["Brugge"]
    finally:
        assert erppeek_client.unlink("res.partner", [new_id]) is True
    assert erppeek_client.search("res.partner", [("id", "=", new_id)]) == []


def test_erppeek_records_expose_fields_as_attributes(server: Server, erppeek_client: erppeek.Client) -> None:
    partner_model = erppeek_client.model("res.partner")
    name = unique("ERPpeek record")
    country_id = belgium_id(server)
    record = partner_model.create({"name": name, "city": "Gent", "country_id": country_id})
    try:
        assert isinstance(record, erppeek.Record)
        # attributes go through fields_get_keys, str() through name_get
        assert record.name == name
        assert record.city == "Gent"
        assert record.country_id.id == country_id
        assert record.country_id.name == "Belgium"
        assert str(record) == name
        record.write({"city": "Brugge"})
        assert record.city == "Brugge"
        record.city = "Antwerpen"
        assert erppeek_client.read("res.partner", record.id, "city") == "Antwerpen"

        found = partner_model.browse([("name", "=", name)])
        assert found.id == [record.id]
        assert found.name == [name]
        assert partner_model.get([("name", "=", name)]).id == record.id
    finally:
        record.unlink()
    assert partner_model.browse([("name", "=", name)]).id == []


def test_erppeek_searches_with_offset_and_limit(erppeek_client: erppeek.Client) -> None:
    names = sorted(unique(f"ERPpeek page {letter}") for letter in "abc")
    ids = [erppeek_client.create("res.partner", {"name": name}) for name in names]
    try:
        domain = [("id", "in", ids)]
        assert erppeek_client.search("res.partner", domain, order="name") == ids
        assert erppeek_client.search("res.partner", domain, 1, 1, "name") == ids[1:2]
        assert erppeek_client.search("res.partner", domain, offset=1, order="name") == ids[1:]
    finally:
        erppeek_client.unlink("res.partner", ids)
    assert erppeek_client.count("res.partner", [("id", "in", ids)]) == 0


# -- OdooRPC 0.10.1 ---------------------------------------------------------------------------------
@pytest.fixture
def odoo(server: Server) -> Iterator[odoorpc.ODOO]:
    host, port = host_and_port(server)
    client = odoorpc.ODOO(host, port=port)
    client.login(server.db, server.login, server.password)
    yield client
    client.logout()


def test_odoorpc_logs_in_and_knows_the_user(server: Server, odoo: odoorpc.ODOO) -> None:
    assert odoo.version == "17.0"
    assert odoo.env.db == server.db
    assert odoo.env.uid == 2
    assert odoo.env.user.login == server.login
    assert odoo.env.user.name
    assert odoo.env.context["lang"]
    assert "res.partner" in odoo.env
    assert "res.no_such_model" not in odoo.env


def test_odoorpc_refuses_a_wrong_password(server: Server) -> None:
    host, port = host_and_port(server)
    client = odoorpc.ODOO(host, port=port)
    with pytest.raises(odoorpc.error.RPCError, match="Wrong login ID or password"):
        client.login(server.db, server.login, "not-the-password")


def test_odoorpc_creates_browses_writes_and_deletes_a_partner(server: Server, odoo: odoorpc.ODOO) -> None:
    partners = odoo.env["res.partner"]
    name = unique("OdooRPC partner")
    country_id = belgium_id(server)
    new_id = partners.create({"name": name, "city": "Gent", "country_id": country_id})
    try:
        assert isinstance(new_id, int)
        assert partners.search([("name", "=", name)]) == [new_id]
        assert partners.search_count([("name", "=", name)]) == 1
        partner = partners.browse(new_id)
        assert partner.name == name
        assert partner.display_name == name
        assert partner.city == "Gent"
        assert partner.country_id.id == country_id
        assert partner.country_id.name == "Belgium"
        [row] = partners.read([new_id], ["name", "city"])
        assert row == {"id": new_id, "name": name, "city": "Gent"}

        assert partners.write([new_id], {"city": "Brugge"}) is True
        assert partners.browse(new_id).city == "Brugge"
        partner.city = "Antwerpen"  # with auto_commit, assignment writes at once
        [row] = partners.search_read([("id", "=", new_id)], ["city"])
        assert row["city"] == "Antwerpen"
    finally:
        assert partners.unlink([new_id]) is True
    assert partners.search([("id", "=", new_id)]) == []


def test_odoorpc_browses_several_records_and_iterates(odoo: odoorpc.ODOO) -> None:
    partners = odoo.env["res.partner"]
    names = sorted(unique(f"OdooRPC page {letter}") for letter in "abc")
    ids = [partners.create({"name": name}) for name in names]
    try:
        records = partners.browse(ids)
        assert records.ids == ids
        assert [record.name for record in records] == names
        assert partners.search([("id", "in", ids)], offset=1, limit=1, order="name") == ids[1:2]
        records.unlink()
    finally:
        leftovers = partners.search([("id", "in", ids)])
        if leftovers:
            partners.unlink(leftovers)
    assert leftovers == []


def test_odoorpc_reports_a_server_error_with_its_message(odoo: odoorpc.ODOO) -> None:
    with pytest.raises(odoorpc.error.RPCError) as caught:
        odoo.env["res.partner"].browse(1).read(["no_such_field"])
    assert "no_such_field" in str(caught.value)


# -- odoo-client-lib 2.0.1 (odoolib) -----------------------------------------------------------------
@pytest.fixture(params=["xmlrpc", "jsonrpc"])
def odoolib_connection(request: pytest.FixtureRequest, server: Server) -> odoolib.main.Connection:
    host, port = host_and_port(server)
    return odoolib.get_connection(hostname=host, port=port, protocol=request.param, database=server.db,
                                  login=server.login, password=server.password)


def test_odoolib_logs_in_and_reads_the_user_context(odoolib_connection: odoolib.main.Connection) -> None:
    context = odoolib_connection.get_user_context()
    assert odoolib_connection.user_id == 2
    assert context["lang"]
    assert "tz" in context


def test_odoolib_refuses_a_wrong_password(server: Server) -> None:
    host, port = host_and_port(server)
    connection = odoolib.get_connection(hostname=host, port=port, database=server.db, login=server.login,
                                        password="not-the-password")
    with pytest.raises(AuthenticationError, match="Authentication failure"):
        connection.get_model("res.partner").search([])


def test_odoolib_creates_reads_writes_and_deletes_a_partner(server: Server,
                                                            odoolib_connection: odoolib.main.Connection) -> None:
    partners = odoolib_connection.get_model("res.partner")
    name = unique("odoolib partner")
    country_id = belgium_id(server)
    new_id = partners.create({"name": name, "city": "Gent", "country_id": country_id})
    try:
        assert isinstance(new_id, int)
        assert partners.search([("name", "=", name)]) == [new_id]
        assert partners.search_count([("name", "=", name)]) == 1
        row = partners.read(new_id, ["name", "city", "country_id"])  # a bare id gives one dict
        assert row == {"id": new_id, "name": name, "city": "Gent", "country_id": [country_id, "Belgium"]}
        [row] = partners.search_read([("name", "=", name)], ["city"])
        assert row == {"id": new_id, "city": "Gent"}
        assert partners.write([new_id], {"city": "Brugge"}) is True
        assert partners.read([new_id], ["city"]) == [{"id": new_id, "city": "Brugge"}]
    finally:
        assert partners.unlink([new_id]) is True
    assert partners.search([("id", "=", new_id)]) == []


def test_odoolib_search_read_pages_and_orders(odoolib_connection: odoolib.main.Connection) -> None:
    partners = odoolib_connection.get_model("res.partner")
    names = sorted(unique(f"odoolib page {letter}") for letter in "abc")
    ids = [partners.create({"name": name}) for name in names]
    try:
        domain = [("id", "in", ids)]
        rows = partners.search_read(domain, ["name"], order="name")
        assert [row["name"] for row in rows] == names
        rows = partners.search_read(domain, ["name"], offset=1, limit=1, order="name")
        assert rows == [{"id": ids[1], "name": names[1]}]
        assert partners.search_read([("id", "=", 0)], ["name"]) == []
    finally:
        partners.unlink(ids)
    assert partners.search_count([("id", "in", ids)]) == 0
