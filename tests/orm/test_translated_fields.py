"""Fields with ``translate=True``: one JSON object per value, read, written, searched, ordered and
grouped in the context language, on both databases (rolled back after each test)."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from erpserver.exceptions import UserError, ValidationError
from erpserver.orm.environment import Environment

FR = {"lang": "fr_FR"}


@pytest.fixture
def fr_env(env: Environment) -> Environment:
    """The superuser with French activated, in French."""
    french = env["res.lang"].with_context(active_test=False).search([("code", "=", "fr_FR")])
    french.action_unarchive()
    return env(context=FR)


def stored(env: Environment, model: str, record_id: int, field: str) -> Any:
    table = env.registry[model]._table
    return env.cr.execute(sa.select(table.c[field]).where(table.c.id == record_id)).scalar()


def test_create_stores_the_text_under_english_and_the_context_language(fr_env: Environment) -> None:
    tag = fr_env["crm.tag"].create({"name": "Chaud"})

    assert stored(fr_env, "crm.tag", tag.id, "name") == {"en_US": "Chaud", "fr_FR": "Chaud"}


def test_create_without_a_language_stores_english_only(env: Environment) -> None:
    tag = env["crm.tag"].create({"name": "Hot"})

    assert stored(env, "crm.tag", tag.id, "name") == {"en_US": "Hot"}


def test_write_in_a_language_keeps_the_others(fr_env: Environment) -> None:
    tag = fr_env(context={})["crm.tag"].create({"name": "Hot"})

    tag.with_env(fr_env).write({"name": "Chaud"})

    assert stored(fr_env, "crm.tag", tag.id, "name") == {"en_US": "Hot", "fr_FR": "Chaud"}


def test_write_in_a_language_fills_english_when_it_has_no_text(fr_env: Environment) -> None:
    partner_title = fr_env["res.partner.title"].create({"name": "Docteur"})
    partner_title.write({"shortcut": "Dr"})

    assert stored(fr_env, "res.partner.title", partner_title.id, "shortcut") == {"en_US": "Dr", "fr_FR": "Dr"}


def test_write_in_english_changes_english_only(fr_env: Environment) -> None:
    tag = fr_env["crm.tag"].create({"name": "Chaud"})

    tag.with_context(lang="en_US").write({"name": "Hot"})

    assert stored(fr_env, "crm.tag", tag.id, "name") == {"en_US": "Hot", "fr_FR": "Chaud"}


def test_writing_false_clears_every_language(fr_env: Environment) -> None:
    title = fr_env["res.partner.title"].create({"name": "Maître", "shortcut": "Me"})

    title.write({"shortcut": False})

    assert stored(fr_env, "res.partner.title", title.id, "shortcut") is None
    assert title.read(["shortcut"])[0]["shortcut"] is False


def test_a_required_translated_field_refuses_false(fr_env: Environment) -> None:
    tag = fr_env["crm.tag"].create({"name": "Chaud"})

    with pytest.raises(ValidationError, match="a mandatory field is not set"):
        tag.write({"name": False})


def test_read_falls_back_to_english(fr_env: Environment) -> None:
    tag = fr_env(context={})["crm.tag"].create({"name": "Hot"})

    assert tag.with_env(fr_env).read(["name"])[0]["name"] == "Hot"


def test_an_inactive_language_reads_and_writes_english(env: Environment) -> None:
    tag = env["crm.tag"].create({"name": "Hot"})

    tag.with_context(lang="de_DE").write({"name": "Heiß"})

    assert stored(env, "crm.tag", tag.id, "name") == {"en_US": "Heiß"}


def test_search_compares_the_context_language_then_english(fr_env: Environment) -> None:
    tags = fr_env["crm.tag"]
    translated = tags.create({"name": "Chaud"})
    english_only = fr_env(context={})["crm.tag"].create({"name": "Cold"})

    assert tags.search([("name", "=", "Chaud"), ("id", "in", [translated.id, english_only.id])]).ids == [translated.id]
    assert tags.search([("name", "ilike", "col"), ("id", "in", [translated.id, english_only.id])]).ids == [english_only.id]
    assert set(tags.search([("name", "in", ["Chaud", "Cold"])]).ids) == {translated.id, english_only.id}


def test_order_by_a_translated_field_sorts_by_the_context_language(fr_env: Environment) -> None:
    countries = fr_env["res.country"]
    codes = ["DE", "AT", "ES"]  # Allemagne, Autriche, Espagne / Austria, Germany, Spain

    french = countries.search([("code", "in", codes)], order="name").read(["code"])
    english = countries.with_context(lang="en_US").search([("code", "in", codes)], order="name").read(["code"])

    assert [row["code"] for row in french] == ["DE", "AT", "ES"]
    assert [row["code"] for row in english] == ["AT", "DE", "ES"]


def test_read_group_by_a_translated_field_labels_in_the_context_language(fr_env: Environment) -> None:
    tags = fr_env["crm.tag"]
    tags.create({"name": "Chaud"})

    groups = tags.read_group([("name", "=", "Chaud")], ["name"], ["name"])

    assert [(group["name"], group["name_count"]) for group in groups] == [("Chaud", 1)]


def test_display_names_and_name_search_use_the_context_language(fr_env: Environment) -> None:
    stage = fr_env.ref_id("crm.stage_lead4")

    assert fr_env["crm.stage"].browse(stage).name_get() == [[stage, "Gagné"]]
    assert fr_env["crm.stage"].name_search("Gagn") == [[stage, "Gagné"]]
    lead = fr_env["crm.lead"].create({"name": "Deal", "stage_id": stage})
    assert lead.read(["stage_id"])[0]["stage_id"] == [stage, "Gagné"]


def test_fields_get_reports_translate(env: Environment) -> None:
    assert env["res.country"].fields_get(["name", "code"], ["translate"]) == {
        "name": {"translate": True}, "code": {"translate": False}}


def test_a_translated_base_label_can_be_written_in_a_language(fr_env: Environment) -> None:
    ir_fields = fr_env["ir.model.fields"]
    field = ir_fields.search([("model", "=", "res.partner"), ("name", "=", "ref")])

    field.write({"field_description": "Réf. interne"})

    assert fr_env["res.partner"].fields_get(["ref"], ["string"]) == {"ref": {"string": "Réf. interne"}}
    assert fr_env(context={})["res.partner"].fields_get(["ref"], ["string"]) == {"ref": {"string": "Reference"}}


def test_a_manual_translated_char_field_is_stored_per_language(fr_env: Environment) -> None:
    model = fr_env["ir.model"].create({"name": "Things", "model": "x_things"})
    fr_env["ir.model.fields"].create({"model_id": model.id, "name": "x_name", "ttype": "char",
                                      "field_description": "Nom", "translate": True})
    thing = fr_env["x_things"].create({"x_name": "Chose"})
    thing.with_context(lang="en_US").write({"x_name": "Thing"})

    assert stored(fr_env, "x_things", thing.id, "x_name") == {"en_US": "Thing", "fr_FR": "Chose"}
    assert fr_env["x_things"].search([("x_name", "=", "Chose")]).ids == [thing.id]
    assert fr_env["x_things"].fields_get(["x_name"], ["string", "translate"]) == {
        "x_name": {"string": "Nom", "translate": True}}


def test_a_manual_field_can_become_translated_and_back(env: Environment) -> None:
    model = env["ir.model"].create({"name": "Notes", "model": "x_notes"})
    field = env["ir.model.fields"].create({"model_id": model.id, "name": "x_text", "ttype": "text"})
    note = env["x_notes"].create({"x_text": "hello"})

    field.write({"translate": True})
    assert stored(env, "x_notes", note.id, "x_text") in ({"en_US": "hello"}, '{"en_US":"hello"}')
    assert env["x_notes"].browse(note.id).read(["x_text"])[0]["x_text"] == "hello"

    field.write({"translate": False})
    assert stored(env, "x_notes", note.id, "x_text") == "hello"


def test_activating_a_language_translates_the_named_records(fr_env: Environment) -> None:
    group = fr_env.ref_id("base.group_user")

    assert fr_env["res.groups"].browse(group).read(["name"])[0]["name"] == "Utilisateur interne"
    assert fr_env(context={})["res.groups"].browse(group).read(["name"])[0]["name"] == "Internal User"


def test_the_last_active_language_cannot_be_archived(env: Environment) -> None:
    english = env["res.lang"].search([("code", "=", "en_US")])

    with pytest.raises(ValidationError, match="At least one language must be active."):
        english.action_archive()


def test_english_cannot_be_deleted_nor_an_active_language(fr_env: Environment) -> None:
    langs = fr_env["res.lang"]

    with pytest.raises(UserError, match="Base Language 'en_US' can not be deleted."):
        langs.search([("code", "=", "en_US")]).unlink()
    with pytest.raises(UserError, match="You cannot delete the language which is the user's preferred language."):
        langs.search([("code", "=", "fr_FR")]).unlink()
    with pytest.raises(UserError, match="You cannot delete the language which is Active!"):
        langs.with_context(lang="en_US").search([("code", "=", "fr_FR")]).unlink()


def test_a_language_code_cannot_change(fr_env: Environment) -> None:
    with pytest.raises(UserError, match="Language code cannot be modified."):
        fr_env["res.lang"].search([("code", "=", "fr_FR")]).write({"code": "fr_XX"})


def test_copy_carries_every_language(fr_env: Environment) -> None:
    title = fr_env(context={})["res.partner.title"].create({"name": "Doctor"})
    title.with_env(fr_env).write({"name": "Docteur"})

    copy = title.with_env(fr_env).copy()

    assert stored(fr_env, "res.partner.title", copy.id, "name") == {"en_US": "Doctor", "fr_FR": "Docteur"}


def test_copy_keeps_the_default_given(fr_env: Environment) -> None:
    title = fr_env["res.partner.title"].create({"name": "Docteur"})

    copy = title.copy({"name": "Professeur"})

    assert stored(fr_env, "res.partner.title", copy.id, "name") == {"en_US": "Professeur", "fr_FR": "Professeur"}
