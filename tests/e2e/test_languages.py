"""Languages and translated fields over HTTP (xmlrpc.client against the real server), on a demo
database of their own in which French is activated through res.lang ``action_unarchive``."""

from __future__ import annotations

import xmlrpc.client
from collections.abc import Iterator
from typing import Any

import pytest

from erpserver.service.runtime import Runtime
from tests.conftest import Server, database_copy

FR = {"lang": "fr_FR"}


class Client:
    def __init__(self, server: Server, db: str) -> None:
        self.server, self.db = server, db

    def __call__(self, model: str, method: str, args: list[Any], kwargs: dict[str, Any] | None = None) -> Any:
        return self.server.object().execute_kw(self.db, 2, self.server.password, model, method, args, kwargs or {})


@pytest.fixture(scope="module")
def lang_db(runtime: Runtime, demo_template: str) -> Iterator[str]:
    with database_copy(runtime, demo_template, "languages") as name:
        yield name


@pytest.fixture(scope="module")
def rpc(server: Server, lang_db: str) -> Client:
    client = Client(server, lang_db)
    french = client("res.lang", "search", [[["code", "=", "fr_FR"], ["active", "=", False]]])
    client("res.lang", "action_unarchive", [french])
    return client


def test_list_lang_answers_every_language_odoo_ships_sorted_by_name(server: Server) -> None:
    langs = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/db").list_lang()

    assert ["en_US", "English (US)"] in langs and ["fr_FR", "French / Français"] in langs
    assert ["de_DE", "German / Deutsch"] in langs and len(langs) > 80
    assert [name for _code, name in langs] == sorted(name for _code, name in langs)


def test_res_lang_lists_the_languages_active_or_not(rpc: Client) -> None:
    rows = rpc("res.lang", "search_read", [[["code", "in", ["en_US", "fr_FR", "de_DE"]]]],
               {"fields": ["code", "active", "date_format", "week_start"], "context": {"active_test": False}})

    by_code = {row["code"]: row for row in rows}
    assert {code: row["active"] for code, row in by_code.items()} == {"en_US": True, "fr_FR": True, "de_DE": False}
    assert (by_code["fr_FR"]["date_format"], by_code["fr_FR"]["week_start"]) == ("%d/%m/%Y", "1")
    assert (by_code["en_US"]["date_format"], by_code["en_US"]["week_start"]) == ("%m/%d/%Y", "7")
    assert rpc("res.lang", "get_installed", []) == [["en_US", "English (US)"], ["fr_FR", "French / Français"]]


def test_the_partner_language_offers_the_active_languages(rpc: Client) -> None:
    selection = rpc("res.partner", "fields_get", [["lang"]], {"attributes": ["selection"]})["lang"]["selection"]

    assert selection == [["en_US", "English (US)"], ["fr_FR", "French / Français"]]
    with pytest.raises(xmlrpc.client.Fault) as caught:
        rpc("res.partner", "create", [{"name": "Hans", "lang": "de_DE"}])
    assert "Wrong value for res.partner.lang: 'de_DE'" in caught.value.faultString


def test_a_new_partner_speaks_the_context_language(rpc: Client) -> None:
    partner = rpc("res.partner", "create", [{"name": "Aurore"}], {"context": FR})
    user = rpc("res.users", "create", [{"name": "Lou", "login": "lou-lang"}], {"context": FR})

    assert rpc("res.partner", "read", [[partner], ["lang"]])[0]["lang"] == "fr_FR"
    assert rpc("res.users", "read", [[user], ["lang"]])[0]["lang"] == "fr_FR"
    assert rpc("res.partner", "read", [[rpc("res.partner", "create", [{"name": "Bob"}])], ["lang"]])[0]["lang"] is False


@pytest.mark.parametrize("model", ["res.partner", "res.users", "crm.lead"])
def test_fields_get_in_english_keeps_the_labels(rpc: Client, model: str) -> None:
    plain = rpc(model, "fields_get", [], {"attributes": ["string", "help", "selection"]})
    english = rpc(model, "fields_get", [], {"attributes": ["string", "help", "selection"],
                                             "context": {"lang": "en_US"}})

    assert english == plain
    assert plain["name"]["string"] in ("Name", "Opportunity")


@pytest.mark.parametrize(("model", "field", "english", "french"), [
    ("res.partner", "email", "Email", "E-mail"),
    ("res.partner", "parent_id", "Related Company", "Société liée"),
    ("res.users", "login", "Login", "Identifiant"),
    ("res.users", "phone", "Phone", "Téléphone"),  # through _inherits
    ("crm.lead", "stage_id", "Stage", "Étape"),
    ("crm.lead", "expected_revenue", "Expected Revenue", "Revenu espéré"),
])
def test_fields_get_labels_follow_the_context_language(rpc: Client, model: str, field: str, english: str,
                                                       french: str) -> None:
    assert rpc(model, "fields_get", [[field]], {"attributes": ["string"]})[field]["string"] == english
    assert rpc(model, "fields_get", [[field]], {"attributes": ["string"], "context": FR})[field]["string"] == french


def test_fields_get_help_and_selection_labels_follow_the_context_language(rpc: Client) -> None:
    partner = rpc("res.partner", "fields_get", [["type", "lang"]], {"attributes": ["selection", "help"],
                                                                     "context": FR})
    lead = rpc("crm.lead", "fields_get", [["type", "priority"]], {"attributes": ["selection"], "context": FR})

    assert dict(map(tuple, partner["type"]["selection"]))["invoice"] == "Adresse de facturation"
    assert partner["lang"]["help"].startswith("Tous les e-mails et documents")
    assert dict(map(tuple, lead["type"]["selection"])) == {"lead": "Piste", "opportunity": "Opportunité"}
    assert dict(map(tuple, lead["priority"]["selection"]))["3"] == "Très élevée"


def test_an_inactive_language_reads_as_english(rpc: Client) -> None:
    german = rpc("res.partner", "fields_get", [["email"]], {"attributes": ["string"], "context": {"lang": "de_DE"}})
    belgium = rpc("res.country", "search_read", [[["code", "=", "BE"]], ["name"]], {"context": {"lang": "de_DE"}})

    assert german["email"]["string"] == "Email"
    assert belgium[0]["name"] == "Belgium"


def test_country_names_are_read_in_the_context_language(rpc: Client) -> None:
    domain = [["code", "in", ["BE", "DE", "US"]]]
    french = rpc("res.country", "search_read", [domain, ["code", "name"]], {"context": FR})
    english = rpc("res.country", "search_read", [domain, ["code", "name"]])

    assert {row["code"]: row["name"] for row in french} == {"BE": "Belgique", "DE": "Allemagne", "US": "États-Unis"}
    assert {row["code"]: row["name"] for row in english} == {"BE": "Belgium", "DE": "Germany", "US": "United States"}


def test_searching_a_translated_field_matches_the_context_language(rpc: Client) -> None:
    in_french = rpc("res.country", "search_read", [[["name", "ilike", "allemagne"]], ["code"]], {"context": FR})
    in_english = rpc("res.country", "search_read", [[["name", "ilike", "allemagne"]], ["code"]])
    exact = rpc("res.country", "search_read", [[["name", "=", "Belgique"]], ["code"]], {"context": FR})

    assert [row["code"] for row in in_french] == ["DE"]
    assert in_english == []
    assert [row["code"] for row in exact] == ["BE"]


def test_ordering_a_translated_field_follows_the_context_language(rpc: Client) -> None:
    domain = [["code", "in", ["DE", "ES", "GB"]]]
    french = rpc("res.country", "search_read", [domain, ["code"]], {"order": "name", "context": FR})
    english = rpc("res.country", "search_read", [domain, ["code"]], {"order": "name"})

    # Allemagne, Espagne, Royaume-Uni / Germany, Spain, United Kingdom
    assert [row["code"] for row in french] == ["DE", "ES", "GB"]
    assert [row["code"] for row in english] == ["DE", "ES", "GB"]
    french_desc = rpc("res.country", "search_read", [[["code", "in", ["DE", "AT"]]], ["code"]],
                      {"order": "name desc", "context": FR})
    assert [row["code"] for row in french_desc] == ["AT", "DE"]  # Autriche after Allemagne


def test_writing_in_a_language_changes_that_language_only(rpc: Client) -> None:
    tag = rpc("crm.tag", "create", [{"name": "Hot"}])

    rpc("crm.tag", "write", [[tag], {"name": "Chaud"}], {"context": FR})

    assert rpc("crm.tag", "read", [[tag], ["name"]], {"context": FR})[0]["name"] == "Chaud"
    assert rpc("crm.tag", "read", [[tag], ["name"]])[0]["name"] == "Hot"
    rpc("crm.tag", "write", [[tag], {"name": "Warm"}])
    assert rpc("crm.tag", "read", [[tag], ["name"]], {"context": FR})[0]["name"] == "Chaud"


def test_a_record_created_in_a_language_has_the_text_in_english_too(rpc: Client) -> None:
    tag = rpc("crm.tag", "create", [{"name": "Prioritaire"}], {"context": FR})

    assert rpc("crm.tag", "read", [[tag], ["name"]])[0]["name"] == "Prioritaire"
    assert rpc("crm.tag", "search", [[["name", "=", "Prioritaire"]]]) == [tag]


def test_many2one_names_and_groups_are_in_the_context_language(rpc: Client) -> None:
    lead = rpc("crm.lead", "search_read", [[["stage_id", "!=", False]], ["stage_id"]], {"limit": 1, "context": FR})[0]
    groups = rpc("crm.lead", "read_group", [[], ["stage_id"], ["stage_id"]], {"context": FR})

    french_stages = {"Nouveau", "Qualifié", "Proposition", "Gagné"}
    assert lead["stage_id"][1] in french_stages
    assert {group["stage_id"][1] for group in groups} <= french_stages
    assert rpc("crm.stage", "name_search", ["Gagn"], {"context": FR})[0][1] == "Gagné"


def test_a_language_in_use_cannot_be_archived(rpc: Client) -> None:
    rpc("res.partner", "create", [{"name": "Céline", "lang": "fr_FR"}])
    french = rpc("res.lang", "search", [[["code", "=", "fr_FR"]]])

    with pytest.raises(xmlrpc.client.Fault) as caught:
        rpc("res.lang", "action_archive", [french])
    assert "Cannot deactivate a language that is currently used by" in caught.value.faultString
