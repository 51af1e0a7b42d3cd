"""Models' SQL constraints answer with Odoo's messages, over XML-RPC (fault 2)."""

from __future__ import annotations

import uuid
import xmlrpc.client

import pytest

from tests.conftest import Server


def call(server: Server, model: str, method: str, *args):
    return server.object().execute_kw(server.db, 2, server.password, model, method, list(args))


@pytest.mark.parametrize("probability", [150, -1])
def test_a_probability_outside_0_to_100_is_refused(server: Server, probability: float) -> None:
    lead = call(server, "crm.lead", "create", {"name": "Probable"})

    with pytest.raises(xmlrpc.client.Fault) as caught:
        call(server, "crm.lead", "write", [lead], {"probability": probability})

    assert caught.value.faultCode == 2
    assert caught.value.faultString == (
        "The operation cannot be completed: The probability of closing the deal should be between 0% and 100%!")


def test_two_tags_cannot_share_a_name(server: Server) -> None:
    name = f"Tag {uuid.uuid4().hex[:6]}"
    call(server, "crm.tag", "create", {"name": name})

    with pytest.raises(xmlrpc.client.Fault) as caught:
        call(server, "crm.tag", "create", {"name": name})

    assert caught.value.faultString == "The operation cannot be completed: Tag name already exists!"


@pytest.mark.parametrize(("values", "message"), [
    ({"name": "Belgium", "code": "QQ"}, "The name of the country must be unique!"),
    ({"name": "Second Belgium", "code": "BE"}, "The code of the country must be unique!"),
])
def test_two_countries_cannot_share_a_name_or_a_code(server: Server, values: dict, message: str) -> None:
    with pytest.raises(xmlrpc.client.Fault) as caught:
        call(server, "res.country", "create", values)

    assert caught.value.faultString == f"The operation cannot be completed: {message}"
