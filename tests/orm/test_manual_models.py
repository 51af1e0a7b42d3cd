"""Manual (x_) models and fields through ir.model / ir.model.fields, on both databases.

Every test runs inside the rolled-back transaction of the ``env`` fixture; DDL is transactional on
SQLite and PostgreSQL, so the tables and columns made here disappear with it. A schema change
rebuilds the registry once, at its next use; recordsets taken before it follow (see
``test_schema_unit_of_work.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import sqlalchemy as sa

from erpserver.exceptions import UserError, ValidationError
from erpserver.orm.environment import Environment

MODEL = "x_test"
TABLE = "x_test"
BUILT_IN = {"id", "display_name", "create_uid", "create_date", "write_uid", "write_date", "__last_update"}
FAULT = (UserError, ValidationError)


# -- helpers --------------------------------------------------------------------------------------
def make_model(env: Environment, model: str = MODEL, name: str = "Test Model", **vals: Any) -> int:
    return env["ir.model"].create({"name": name, "model": model, "state": "manual", **vals}).id


def model_id(env: Environment, model: str) -> int:
    return env["ir.model"].search([("model", "=", model)]).id


def make_field(env: Environment, name: str, ttype: str, model: str = MODEL, **vals: Any) -> int:
    return env["ir.model.fields"].create({
        "model_id": model_id(env, model), "name": name, "field_description": vals.pop("label", name.title()),
        "ttype": ttype, "state": "manual", **vals,
    }).id


def field_row(env: Environment, name: str, model: str = MODEL) -> Any:
    return env["ir.model.fields"].search([("model", "=", model), ("name", "=", name)])


def tables(env: Environment) -> set[str]:
    return set(sa.inspect(env.cr).get_table_names())


def columns(env: Environment, table: str = TABLE) -> set[str]:
    return {c["name"] for c in sa.inspect(env.cr).get_columns(table)}


def indexes(env: Environment, table: str = TABLE) -> set[str]:
    return {i["name"] for i in sa.inspect(env.cr).get_indexes(table)}


def partner(env: Environment, name: str) -> int:
    return env["res.partner"].create({"name": name}).id


@pytest.fixture
def model(env: Environment) -> str:
    """x_test with an x_name char field."""
    make_model(env)
    make_field(env, "x_name", "char", label="Name")
    return MODEL


# -- one case per ttype ---------------------------------------------------------------------------
@dataclass
class Case:
    ttype: str
    # (value written, value read back) for a "small" and a "large" sample, made in the test's env
    samples: Callable[[Environment], tuple[tuple[Any, Any], tuple[Any, Any]]]
    empty: Any
    vals: dict[str, Any] = field(default_factory=dict)
    prepare: Callable[[Environment], None] | None = None
    sortable: bool = True
    column: bool = True  # a column on the model's table (x2many: no)
    domain: Callable[[Any, Any], list[Any]] = lambda written, read: [("x_f", "=", written)]

    def __str__(self) -> str:
        return self.ttype


def _fixed(first: Any, second: Any, read1: Any = None, read2: Any = None) -> Callable[..., Any]:
    return lambda env: ((first, first if read1 is None else read1), (second, second if read2 is None else read2))


def _currency(env: Environment) -> None:
    make_field(env, "x_currency_id", "many2one", relation="res.currency", label="Currency")


def _partners(env: Environment) -> tuple[tuple[Any, Any], tuple[Any, Any]]:
    first, second = partner(env, "Aaa manual partner"), partner(env, "Zzz manual partner")
    return (first, [first, "Aaa manual partner"]), (second, [second, "Zzz manual partner"])


def _lines_model(env: Environment) -> None:
    make_model(env, "x_line", "Line")
    make_field(env, "x_parent_id", "many2one", model="x_line", relation=MODEL, label="Parent")


def _lines(env: Environment) -> tuple[tuple[Any, Any], tuple[Any, Any]]:
    first, second = env["x_line"].create({}).id, env["x_line"].create({}).id
    return ([(6, 0, [first])], [first]), ([(6, 0, [second])], [second])


def _tagged(env: Environment) -> tuple[tuple[Any, Any], tuple[Any, Any]]:
    first, second = partner(env, "Aaa tag"), partner(env, "Zzz tag")
    return ([(6, 0, [first])], [first]), ([(6, 0, [second])], [second])


CASES = [
    Case("char", _fixed("alpha", "beta"), False),
    Case("text", _fixed("a\nlong text", "b\nlonger text"), False),
    Case("html", _fixed("<p>Alpha</p>", "<p>Beta</p>"), False),
    Case("integer", _fixed(7, 42), 0),
    Case("float", _fixed(1.5, 2.25), 0.0),
    Case("monetary", _fixed(10.5, 20.25), 0.0, prepare=_currency),
    Case("boolean", _fixed(False, True), False),
    Case("date", _fixed("2024-05-01", "2024-06-30"), False),
    Case("datetime", _fixed("2024-05-01 13:45:07", "2024-06-30 08:00:00"), False),
    Case("selection", _fixed("a", "b"), False, vals={"selection": "[('a','A'),('b','B')]"}),
    Case("binary", _fixed("YWxwaGE=", "YmV0YQ=="), False, sortable=False,
         domain=lambda written, read: [("x_f", "!=", False)]),
    Case("many2one", _partners, False, vals={"relation": "res.partner"}),
    Case("one2many", _lines, [], vals={"relation": "x_line", "relation_field": "x_parent_id"},
         prepare=_lines_model, sortable=False, column=False,
         domain=lambda written, read: [("x_f", "in", read)]),
    Case("many2many", _tagged, [], vals={"relation": "res.partner"}, sortable=False, column=False,
         domain=lambda written, read: [("x_f", "in", read)]),
]
SORTABLE = [case for case in CASES if case.sortable]
COLUMN_BACKED = [case for case in CASES if case.column]


@pytest.fixture(params=CASES, ids=str)
def case(request: pytest.FixtureRequest, env: Environment, model: str) -> Case:
    """x_test with an x_f field of the case's type."""
    case: Case = request.param
    if case.prepare:
        case.prepare(env)
    make_field(env, "x_f", case.ttype, label="My Field", **case.vals)
    return case


@pytest.mark.parametrize("case", COLUMN_BACKED, ids=str, indirect=True)
def test_a_stored_field_gets_a_column_on_the_models_table(env: Environment, case: Case) -> None:
    assert "x_f" in columns(env)


def test_an_empty_value_reads_as_odoo_reports_it(env: Environment, case: Case) -> None:
    record = env[MODEL].create({"x_name": "empty"})
    assert record.read(["x_f"])[0]["x_f"] == case.empty


def test_a_created_value_reads_back_in_wire_format(env: Environment, case: Case) -> None:
    (written, read), _ = case.samples(env)
    record = env[MODEL].create({"x_name": "one", "x_f": written})
    assert record.read(["x_f"])[0]["x_f"] == read


def test_a_written_value_replaces_the_created_one(env: Environment, case: Case) -> None:
    (first, _), (second, read) = case.samples(env)
    record = env[MODEL].create({"x_name": "one", "x_f": first})
    record.write({"x_f": second})
    assert env[MODEL].browse(record.id).read(["x_f"])[0]["x_f"] == read


def test_a_domain_on_the_field_finds_the_record_holding_the_value(env: Environment, case: Case) -> None:
    _, (written, read) = case.samples(env)
    holder = env[MODEL].create({"x_name": "holder", "x_f": written}).id
    env[MODEL].create({"x_name": "other"})
    assert env[MODEL].search(case.domain(written, read)).ids == [holder]


@pytest.mark.parametrize("case", SORTABLE, ids=str, indirect=True)
def test_records_order_by_the_field_both_ways(env: Environment, case: Case) -> None:
    (small, _), (large, _) = case.samples(env)
    second = env[MODEL].create({"x_name": "large", "x_f": large}).id
    first = env[MODEL].create({"x_name": "small", "x_f": small}).id
    assert env[MODEL].search([("id", "in", [first, second])], order="x_f").ids == [first, second]
    assert env[MODEL].search([("id", "in", [first, second])], order="x_f desc").ids == [second, first]


def test_fields_get_reports_the_type_as_manual_with_its_label(env: Environment, case: Case) -> None:
    described = env[MODEL].fields_get(["x_f"], ["type", "manual", "string"])
    assert described == {"x_f": {"type": case.ttype, "manual": True, "string": "My Field"}}


# -- the model itself -----------------------------------------------------------------------------
def test_a_new_model_has_only_the_built_in_fields(env: Environment) -> None:
    make_model(env)
    assert set(env[MODEL].fields_get()) == BUILT_IN
    assert TABLE in tables(env)


def test_the_built_in_fields_are_reflected_as_base_fields(env: Environment) -> None:
    make_model(env)
    rows = env["ir.model.fields"].search_read([("model", "=", MODEL)], ["name", "state"])
    assert {row["name"] for row in rows} == BUILT_IN
    assert {row["state"] for row in rows} == {"base"}


def test_without_x_name_the_display_name_is_model_comma_id(env: Environment) -> None:
    make_model(env)
    record = env[MODEL].create({})
    assert record.read(["display_name"])[0]["display_name"] == f"{MODEL},{record.id}"


def test_with_x_name_the_display_name_is_the_name(env: Environment, model: str) -> None:
    record = env[MODEL].create({"x_name": "Banana"})
    assert record.read(["display_name"])[0]["display_name"] == "Banana"


def test_a_many2one_to_a_manual_model_reads_its_x_name(env: Environment, model: str) -> None:
    target = env[MODEL].create({"x_name": "Target"}).id
    make_field(env, "x_self_id", "many2one", relation=MODEL)
    record = env[MODEL].create({"x_name": "Source", "x_self_id": target})
    assert record.read(["x_self_id"])[0]["x_self_id"] == [target, "Target"]


def test_the_administrator_can_use_a_model_it_just_created(admin_env: Environment) -> None:
    make_model(admin_env)
    make_field(admin_env, "x_name", "char")
    record = admin_env[MODEL].create({"x_name": "mine"})
    assert admin_env[MODEL].search_read([], ["x_name"]) == [{"id": record.id, "x_name": "mine"}]


def test_a_model_and_its_fields_can_be_created_in_one_call(env: Environment) -> None:
    env["ir.model"].create({
        "name": "Test Model", "model": MODEL, "state": "manual",
        "field_id": [(0, 0, {"name": "x_name", "field_description": "Name", "ttype": "char"}),
                     (0, 0, {"name": "x_count", "field_description": "Count", "ttype": "integer"})],
    })
    assert {"x_name", "x_count"} <= columns(env)
    record = env[MODEL].create({"x_name": "n", "x_count": 3})
    assert record.read(["x_name", "x_count"]) == [{"id": record.id, "x_name": "n", "x_count": 3}]


def test_the_order_of_a_model_is_its_default_search_order(env: Environment) -> None:
    env["ir.model"].create({
        "name": "Test Model", "model": MODEL, "state": "manual", "order": "x_name desc",
        "field_id": [(0, 0, {"name": "x_name", "field_description": "Name", "ttype": "char"})],
    })
    ids = [env[MODEL].create({"x_name": name}).id for name in ("b", "c", "a")]
    assert env[MODEL].search([]).ids == [ids[1], ids[0], ids[2]]


def test_changing_the_order_of_a_model_applies_at_once(env: Environment, model: str) -> None:
    ids = [env[MODEL].create({"x_name": name}).id for name in ("b", "a")]
    env["ir.model"].browse(model_id(env, MODEL)).write({"order": "x_name"})
    assert env[MODEL].search([]).ids == [ids[1], ids[0]]


@pytest.mark.parametrize("order", ["", "x_wat", "id esc", "create_uid,"])
def test_an_invalid_order_is_refused(env: Environment, order: str) -> None:
    with pytest.raises(ValidationError):
        make_model(env, order=order)


def test_transient_and_info_are_kept_on_the_model(env: Environment) -> None:
    make_model(env, transient=True, info="What it is for")
    [row] = env["ir.model"].search_read([("model", "=", MODEL)], ["transient", "info", "state", "order"])
    assert (row["transient"], row["info"], row["state"], row["order"]) == (True, "What it is for", "manual", "id")
    assert env.registry[MODEL]._transient is True


@pytest.mark.parametrize(("key", "value", "label"), [
    ("model", "x_other", "Model"), ("state", "base", "Type"), ("transient", True, "Transient Model")])
def test_model_name_type_and_transience_cannot_change(env: Environment, key: str, value: Any, label: str) -> None:
    make_model(env)
    with pytest.raises(UserError, match=re.escape(f'Field "{label}" cannot be modified on models.')):
        env["ir.model"].browse(model_id(env, MODEL)).write({key: value})


# -- renaming and changing fields -----------------------------------------------------------------
def test_renaming_a_field_renames_its_column_and_keeps_the_data(env: Environment, model: str) -> None:
    make_field(env, "x_old", "integer")
    record = env[MODEL].create({"x_name": "r", "x_old": 5}).id
    field_row(env, "x_old").write({"name": "x_new"})
    assert "x_new" in columns(env)
    assert "x_old" not in columns(env)
    assert env[MODEL].browse(record).read(["x_new"])[0]["x_new"] == 5
    assert "x_old" not in env[MODEL].fields_get()


def test_renaming_an_indexed_field_renames_its_index(env: Environment, model: str) -> None:
    make_field(env, "x_old", "char", index=True)
    field_row(env, "x_old").write({"name": "x_new"})
    assert f"{TABLE}_x_new_index" in indexes(env)
    assert f"{TABLE}_x_old_index" not in indexes(env)


def test_changing_the_type_of_a_field_is_refused(env: Environment, model: str) -> None:
    make_field(env, "x_f", "char")
    with pytest.raises(UserError, match=re.escape(
            "Changing the type of a field is not yet supported. Please drop it and create it again!")):
        field_row(env, "x_f").write({"ttype": "integer"})


def test_making_a_field_required_refuses_records_without_it(env: Environment, model: str) -> None:
    make_field(env, "x_f", "char")
    field_row(env, "x_f").write({"required": True})
    assert env[MODEL].fields_get(["x_f"], ["required"]) == {"x_f": {"required": True}}
    with pytest.raises(ValidationError):
        env[MODEL].create({"x_name": "no value"})


def test_a_field_created_required_refuses_records_without_it(env: Environment, model: str) -> None:
    make_field(env, "x_f", "integer", required=True)
    with pytest.raises(ValidationError):
        env[MODEL].create({"x_name": "no value"})


def test_a_required_field_can_be_made_optional_again(env: Environment, model: str) -> None:
    make_field(env, "x_f", "char", required=True)
    field_row(env, "x_f").write({"required": False})
    record = env[MODEL].create({"x_name": "no value"})
    assert record.read(["x_f"])[0]["x_f"] is False


def test_setting_index_creates_the_index_and_clearing_it_drops_it(env: Environment, model: str) -> None:
    make_field(env, "x_f", "char")
    field_row(env, "x_f").write({"index": True})
    assert f"{TABLE}_x_f_index" in indexes(env)
    field_row(env, "x_f").write({"index": False})
    assert f"{TABLE}_x_f_index" not in indexes(env)


def test_a_field_created_indexed_has_its_index(env: Environment, model: str) -> None:
    make_field(env, "x_f", "integer", index=True)
    assert f"{TABLE}_x_f_index" in indexes(env)


def test_a_char_size_truncates_values_after_it_is_set(env: Environment, model: str) -> None:
    make_field(env, "x_f", "char")
    field_row(env, "x_f").write({"size": 3})
    record = env[MODEL].create({"x_name": "r", "x_f": "abcdef"})
    assert record.read(["x_f"])[0]["x_f"] == "abc"
    assert env[MODEL].fields_get(["x_f"], ["size"]) == {"x_f": {"size": 3}}


def test_new_selection_options_can_be_used_after_a_change(env: Environment, model: str) -> None:
    make_field(env, "x_f", "selection", selection="[('a','A')]")
    field_row(env, "x_f").write({"selection": "[('a','A'),('c','C')]"})
    record = env[MODEL].create({"x_name": "r", "x_f": "c"})
    assert record.read(["x_f"])[0]["x_f"] == "c"
    assert env[MODEL].fields_get(["x_f"], ["selection"]) == {"x_f": {"selection": [["a", "A"], ["c", "C"]]}}


def test_a_removed_selection_option_empties_the_records_holding_it(env: Environment, model: str) -> None:
    make_field(env, "x_f", "selection", selection="[('a','A'),('b','B')]")
    record = env[MODEL].create({"x_name": "r", "x_f": "b"}).id
    field_row(env, "x_f").write({"selection": "[('a','A')]"})
    assert env[MODEL].browse(record).read(["x_f"])[0]["x_f"] is False
    with pytest.raises(ValueError):
        env[MODEL].create({"x_name": "r", "x_f": "b"})


def test_changing_the_label_shows_in_fields_get(env: Environment, model: str) -> None:
    make_field(env, "x_f", "char", label="Old")
    field_row(env, "x_f").write({"field_description": "New label", "help": "Some help"})
    assert env[MODEL].fields_get(["x_f"], ["string", "help"]) == {"x_f": {"string": "New label", "help": "Some help"}}


# -- many2many naming -----------------------------------------------------------------------------
def test_a_many2many_to_a_base_model_gets_odoos_relation_table(env: Environment, model: str) -> None:
    make_field(env, "x_partner_ids", "many2many", relation="res.partner")
    [row] = field_row(env, "x_partner_ids").read(["relation_table", "column1", "column2"])
    assert (row["relation_table"], row["column1"], row["column2"]) == (
        "x_res_partner_x_test_rel", "x_test_id", "res_partner_id")
    assert "x_res_partner_x_test_rel" in tables(env)
    assert columns(env, "x_res_partner_x_test_rel") == {"x_test_id", "res_partner_id"}


def test_a_many2many_between_two_manual_models_gets_odoos_relation_table(env: Environment, model: str) -> None:
    make_model(env, "x_tag", "Tag")
    make_field(env, "x_tag_ids", "many2many", relation="x_tag")
    [row] = field_row(env, "x_tag_ids").read(["relation_table", "column1", "column2"])
    # Odoo: 'x_%s_%s_rel' % tuple(sorted([model_table, comodel_table])), always with the x_ prefix
    assert (row["relation_table"], row["column1"], row["column2"]) == ("x_x_tag_x_test_rel", "x_test_id", "x_tag_id")
    assert "x_x_tag_x_test_rel" in tables(env)


def test_a_many2many_to_its_own_model_uses_id1_and_id2(env: Environment, model: str) -> None:
    make_field(env, "x_friend_ids", "many2many", relation=MODEL)
    [row] = field_row(env, "x_friend_ids").read(["column1", "column2"])
    assert (row["column1"], row["column2"]) == ("id1", "id2")


def test_explicit_relation_table_and_columns_are_used(env: Environment, model: str) -> None:
    make_field(env, "x_partner_ids", "many2many", relation="res.partner", relation_table="x_my_rel",
               column1="x_col1", column2="x_col2")
    assert columns(env, "x_my_rel") == {"x_col1", "x_col2"}
    pid = partner(env, "Linked")
    record = env[MODEL].create({"x_name": "r", "x_partner_ids": [(6, 0, [pid])]})
    assert record.read(["x_partner_ids"])[0]["x_partner_ids"] == [pid]


# -- deleting -------------------------------------------------------------------------------------
def test_unlinking_a_field_drops_its_column(env: Environment, model: str) -> None:
    make_field(env, "x_f", "integer")
    field_row(env, "x_f").unlink()
    assert "x_f" not in columns(env)
    assert "x_f" not in env[MODEL].fields_get()


def test_unlinking_a_many2many_drops_its_relation_table(env: Environment, model: str) -> None:
    make_field(env, "x_partner_ids", "many2many", relation="res.partner")
    field_row(env, "x_partner_ids").unlink()
    assert "x_res_partner_x_test_rel" not in tables(env)


def test_a_many2one_used_by_a_one2many_cannot_be_removed(env: Environment, model: str) -> None:
    _lines_model(env)
    make_field(env, "x_line_ids", "one2many", relation="x_line", relation_field="x_parent_id")
    with pytest.raises(UserError, match=re.escape(
            "The field 'x_line.x_parent_id' cannot be removed because the field 'x_test.x_line_ids' depends on it.")):
        field_row(env, "x_parent_id", "x_line").unlink()


def test_unlinking_a_model_drops_its_table(env: Environment, model: str) -> None:
    env["ir.model"].browse(model_id(env, MODEL)).unlink()
    assert TABLE not in tables(env)
    assert MODEL not in env.registry
    assert not env["ir.model.fields"].search([("model", "=", MODEL)])


def test_unlinking_a_model_drops_the_fields_of_other_models_pointing_to_it(env: Environment, model: str) -> None:
    make_model(env, "x_other", "Other")
    make_field(env, "x_test_id", "many2one", model="x_other", relation=MODEL)
    make_field(env, "x_partner_ref_id", "many2one", model="res.partner", relation=MODEL)
    env["ir.model"].browse(model_id(env, MODEL)).unlink()
    assert "x_test_id" not in columns(env, "x_other")
    assert "x_partner_ref_id" not in columns(env, "res_partner")
    assert not env["ir.model.fields"].search([("relation", "=", MODEL)])
    assert "x_partner_ref_id" not in env["res.partner"].fields_get()


def test_unlinking_a_model_drops_its_many2many_tables(env: Environment, model: str) -> None:
    make_field(env, "x_partner_ids", "many2many", relation="res.partner")
    env["ir.model"].browse(model_id(env, MODEL)).unlink()
    assert "x_res_partner_x_test_rel" not in tables(env)


def test_a_base_model_cannot_be_removed(env: Environment) -> None:
    with pytest.raises(UserError, match=re.escape("Model 'res.partner' contains module data and cannot be removed.")):
        env["ir.model"].browse(model_id(env, "res.partner")).unlink()
    assert "res_partner" in tables(env)


def test_a_base_field_cannot_be_removed(env: Environment) -> None:
    with pytest.raises(UserError, match=re.escape("This column contains module data and cannot be removed!")):
        field_row(env, "email", "res.partner").unlink()
    assert "email" in columns(env, "res_partner")


def test_a_built_in_field_of_a_manual_model_cannot_be_removed(env: Environment, model: str) -> None:
    with pytest.raises(UserError, match=re.escape("This column contains module data and cannot be removed!")):
        field_row(env, "create_date").unlink()


def test_properties_of_a_base_field_cannot_be_altered(env: Environment) -> None:
    with pytest.raises(UserError, match=re.escape(
            "Properties of base fields cannot be altered in this manner! "
            "Please modify them through Python code, preferably through a custom addon!")):
        field_row(env, "email", "res.partner").write({"required": True})


def test_the_label_of_a_base_field_may_still_change(env: Environment) -> None:
    field_row(env, "email", "res.partner").write({"field_description": "E-mail address"})
    assert field_row(env, "email", "res.partner").read(["field_description"])[0]["field_description"] == (
        "E-mail address")


def test_a_manual_field_can_be_added_to_a_base_model(env: Environment) -> None:
    make_field(env, "x_nickname", "char", model="res.partner")
    assert "x_nickname" in columns(env, "res_partner")
    pid = env["res.partner"].create({"name": "P", "x_nickname": "Pee"}).id
    assert env["res.partner"].browse(pid).read(["x_nickname"])[0]["x_nickname"] == "Pee"


# -- validation -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "message"), [
    ("test", "The model name must start with 'x_'."),
    ("x_Test", "The model name can only contain lowercase characters, digits, underscores and dots."),
    ("x_te st", "The model name can only contain lowercase characters, digits, underscores and dots."),
])
def test_an_invalid_model_name_is_refused(env: Environment, name: str, message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        make_model(env, name)
    assert not env["ir.model"].search([("model", "=", name)])


def test_a_duplicate_model_name_is_refused(env: Environment) -> None:
    make_model(env)
    with pytest.raises(ValidationError, match=re.escape("Each model must have a unique name.")):
        make_model(env)


def test_a_base_model_name_is_not_available(env: Environment) -> None:
    with pytest.raises(ValidationError):
        env["ir.model"].create({"name": "Partner", "model": "res.partner", "state": "manual"})


@pytest.mark.parametrize(("name", "message"), [
    ("foo", "Custom fields must have a name that starts with 'x_'!"),
    ("x_foo bar", "Field names can only contain characters, digits and underscores (up to 63)."),
    ("x_f\u00e9", "Field names can only contain characters, digits and underscores (up to 63)."),
    ("x_" + "a" * 62, "Field names can only contain characters, digits and underscores (up to 63)."),
])
def test_an_invalid_field_name_is_refused(env: Environment, model: str, name: str, message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        make_field(env, name, "char")
    assert not field_row(env, name)


def test_a_field_on_a_base_model_must_start_with_x(env: Environment) -> None:
    with pytest.raises(ValidationError, match=re.escape("Custom fields must have a name that starts with 'x_'!")):
        make_field(env, "nickname", "char", model="res.partner")


def test_a_duplicate_field_name_is_refused(env: Environment, model: str) -> None:
    with pytest.raises(ValidationError, match=re.escape("Field names must be unique per model.")):
        make_field(env, "x_name", "char")


def test_an_unknown_ttype_is_refused(env: Environment, model: str) -> None:
    with pytest.raises(FAULT):
        make_field(env, "x_f", "bogus")
    assert not field_row(env, "x_f")


@pytest.mark.parametrize("ttype", ["many2one", "one2many", "many2many"])
def test_an_unknown_related_model_is_refused(env: Environment, model: str, ttype: str) -> None:
    with pytest.raises(ValidationError, match=re.escape("Unknown model name 'x_nope' in Related Model")):
        make_field(env, "x_f", ttype, relation="x_nope", relation_field="x_parent_id")


def test_a_one2many_without_its_many2one_back_is_refused(env: Environment, model: str) -> None:
    make_model(env, "x_bar", "Bar")
    with pytest.raises(UserError, match=re.escape("Many2one x_foo on model x_bar does not exist!")):
        make_field(env, "x_f", "one2many", relation="x_bar", relation_field="x_foo")


def test_a_one2many_whose_inverse_is_not_a_many2one_is_refused(env: Environment, model: str) -> None:
    make_model(env, "x_bar", "Bar")
    make_field(env, "x_foo", "integer", model="x_bar")
    with pytest.raises(UserError, match=re.escape("Many2one x_foo on model x_bar does not exist!")):
        make_field(env, "x_f", "one2many", relation="x_bar", relation_field="x_foo")


def test_a_required_many2one_that_sets_null_on_delete_is_refused(env: Environment, model: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(
            "The m2o field x_f is required but declares its ondelete policy as being 'set null'. "
            "Only 'restrict' and 'cascade' make sense.")):
        make_field(env, "x_f", "many2one", relation="res.partner", required=True, on_delete="set null")


def test_a_required_many2one_that_cascades_is_accepted(env: Environment, model: str) -> None:
    make_field(env, "x_f", "many2one", relation="res.partner", required=True, on_delete="cascade")
    pid = partner(env, "Owner")
    record = env[MODEL].create({"x_name": "r", "x_f": pid}).id
    env["res.partner"].browse(pid).unlink()
    assert not env[MODEL].browse(record).exists()


def test_a_monetary_without_a_currency_field_is_refused(env: Environment, model: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(
            "Currency field is empty and there is no fallback field in the model")):
        make_field(env, "x_amount", "monetary")


def test_a_selection_without_options_is_refused(env: Environment, model: str) -> None:
    with pytest.raises(ValidationError):
        make_field(env, "x_f", "selection", selection="[]")


def test_a_negative_size_is_refused(env: Environment, model: str) -> None:
    with pytest.raises(ValidationError, match=re.escape("Size of the field cannot be negative.")):
        make_field(env, "x_f", "char", size=-1)


# -- a failed call leaves nothing behind ----------------------------------------------------------
def test_a_failed_model_create_leaves_no_table(env: Environment) -> None:
    savepoint = env.cr.begin_nested()
    with pytest.raises(FAULT):
        env["ir.model"].create({
            "name": "Test Model", "model": MODEL, "state": "manual",
            "field_id": [(0, 0, {"name": "x_name", "field_description": "Name", "ttype": "char"}),
                         (0, 0, {"name": "bad", "field_description": "Bad", "ttype": "char"})],
        })
    savepoint.rollback()
    assert not {t for t in tables(env) if t.startswith("x_")}
    assert not env["ir.model"].search([("model", "=", MODEL)])


def test_a_failed_field_create_leaves_no_column(env: Environment, model: str) -> None:
    savepoint = env.cr.begin_nested()
    with pytest.raises(FAULT):
        env["ir.model.fields"].create([
            {"model_id": model_id(env, MODEL), "name": "x_good", "field_description": "Good", "ttype": "char"},
            {"model_id": model_id(env, MODEL), "name": "x_bad", "field_description": "Bad", "ttype": "one2many",
             "relation": "x_nope"},
        ])
    savepoint.rollback()
    assert "x_good" not in columns(env)
    assert not field_row(env, "x_good")


def test_a_failed_many2many_create_leaves_no_relation_table(env: Environment, model: str) -> None:
    savepoint = env.cr.begin_nested()
    with pytest.raises(FAULT):
        env["ir.model.fields"].create([
            {"model_id": model_id(env, MODEL), "name": "x_partner_ids", "field_description": "P",
             "ttype": "many2many", "relation": "res.partner"},
            {"model_id": model_id(env, MODEL), "name": "x_partner_ids", "field_description": "P",
             "ttype": "many2many", "relation": "res.partner"},
        ])
    savepoint.rollback()
    assert "x_res_partner_x_test_rel" not in tables(env)


def test_a_failed_rename_keeps_the_old_column(env: Environment, model: str) -> None:
    make_field(env, "x_old", "char")
    savepoint = env.cr.begin_nested()
    with pytest.raises(FAULT):
        field_row(env, "x_old").write({"name": "x_new", "ttype": "integer"})
    savepoint.rollback()
    assert "x_old" in columns(env)
    assert "x_new" not in columns(env)


# -- other field properties -----------------------------------------------------------------------
def test_readonly_help_and_translate_show_in_fields_get(env: Environment, model: str) -> None:
    make_field(env, "x_f", "char", readonly=True, help="Helpful", translate=True)
    assert env[MODEL].fields_get(["x_f"], ["readonly", "help", "translate"]) == {
        "x_f": {"readonly": True, "help": "Helpful", "translate": True}}


def test_the_domain_of_a_many2one_shows_in_fields_get(env: Environment, model: str) -> None:
    """Test the ir.model.fields text comes back as the list it spells, as Odoo evaluates it."""
    make_field(env, "x_f", "many2one", relation="res.partner", domain="[('is_company', '=', True)]")
    assert env[MODEL].fields_get(["x_f"], ["domain", "relation"]) == {
        "x_f": {"domain": [("is_company", "=", True)], "relation": "res.partner"}}


def test_a_field_not_copied_is_left_out_of_a_copy(env: Environment, model: str) -> None:
    make_field(env, "x_kept", "char", copied=True)
    make_field(env, "x_dropped", "char", copied=False)
    record = env[MODEL].create({"x_name": "orig", "x_kept": "k", "x_dropped": "d"})
    duplicate = record.copy()
    assert duplicate.read(["x_kept", "x_dropped"])[0] == {"id": duplicate.id, "x_kept": "k", "x_dropped": False}


def test_a_restricting_many2one_blocks_deleting_its_target(env: Environment, model: str) -> None:
    make_field(env, "x_f", "many2one", relation="res.partner", on_delete="restrict")
    pid = partner(env, "Kept")
    env[MODEL].create({"x_name": "r", "x_f": pid})
    savepoint = env.cr.begin_nested()
    with pytest.raises(sa.exc.IntegrityError):  # the RPC layer turns it into a ValidationError
        env["res.partner"].browse(pid).unlink()
    savepoint.rollback()
    assert env["res.partner"].browse(pid).exists()


def test_a_many2one_that_sets_null_is_emptied_when_its_target_goes(env: Environment, model: str) -> None:
    make_field(env, "x_f", "many2one", relation="res.partner")
    pid = partner(env, "Gone")
    record = env[MODEL].create({"x_name": "r", "x_f": pid}).id
    env["res.partner"].browse(pid).unlink()
    assert env[MODEL].browse(record).read(["x_f"])[0]["x_f"] is False


def test_a_one2many_lists_the_records_pointing_back(env: Environment, model: str) -> None:
    _lines_model(env)
    make_field(env, "x_line_ids", "one2many", relation="x_line", relation_field="x_parent_id")
    parent = env[MODEL].create({"x_name": "p", "x_line_ids": [(0, 0, {}), (0, 0, {})]}).id
    lines = env["x_line"].search([("x_parent_id", "=", parent)]).ids
    assert len(lines) == 2
    assert env[MODEL].browse(parent).read(["x_line_ids"])[0]["x_line_ids"] == lines


def test_making_a_field_required_with_empty_rows_still_refuses_new_empty_ones(env: Environment, model: str) -> None:
    env[MODEL].create({"x_name": "before"})
    make_field(env, "x_f", "char")
    field_row(env, "x_f").write({"required": True})
    with pytest.raises(ValidationError):
        env[MODEL].create({"x_name": "after"})


def test_adding_a_required_field_to_a_table_with_rows_works(env: Environment, model: str) -> None:
    env[MODEL].create({"x_name": "before"})
    make_field(env, "x_f", "integer", required=True)
    record = env[MODEL].create({"x_name": "after", "x_f": 1})
    assert record.read(["x_f"])[0]["x_f"] == 1


def test_renaming_a_many2many_keeps_its_relation_table(env: Environment, model: str) -> None:
    make_field(env, "x_partner_ids", "many2many", relation="res.partner")
    pid = partner(env, "Linked")
    record = env[MODEL].create({"x_name": "r", "x_partner_ids": [(6, 0, [pid])]}).id
    field_row(env, "x_partner_ids").write({"name": "x_contact_ids"})
    assert "x_res_partner_x_test_rel" in tables(env)
    assert env[MODEL].browse(record).read(["x_contact_ids"])[0]["x_contact_ids"] == [pid]


def test_without_x_name_after_unlinking_it_the_display_name_is_model_comma_id(env: Environment, model: str) -> None:
    record = env[MODEL].create({"x_name": "Named"}).id
    field_row(env, "x_name").unlink()
    assert env[MODEL].browse(record).read(["display_name"])[0]["display_name"] == f"{MODEL},{record}"


def test_name_search_matches_x_name(env: Environment, model: str) -> None:
    record = env[MODEL].create({"x_name": "Banana split"}).id
    env[MODEL].create({"x_name": "Apple"})
    assert [list(pair) for pair in env[MODEL].name_search("banana")] == [[record, "Banana split"]]


def test_x_active_hides_archived_records(env: Environment, model: str) -> None:
    make_field(env, "x_active", "boolean")
    shown = env[MODEL].create({"x_name": "shown", "x_active": True}).id
    env[MODEL].create({"x_name": "hidden", "x_active": False})
    assert env[MODEL].search([]).ids == [shown]


def test_unlinking_a_model_drops_many2many_tables_of_other_models_to_it(env: Environment, model: str) -> None:
    make_field(env, "x_test_ids", "many2many", model="res.partner", relation=MODEL)
    assert "x_res_partner_x_test_rel" in tables(env)
    env["ir.model"].browse(model_id(env, MODEL)).unlink()
    assert "x_res_partner_x_test_rel" not in tables(env)
    assert "x_test_ids" not in env["res.partner"].fields_get()


def test_records_of_a_manual_model_can_be_deleted(env: Environment, model: str) -> None:
    record = env[MODEL].create({"x_name": "doomed"})
    record.unlink()
    assert not env[MODEL].search([])


def test_unlinking_an_indexed_field_drops_its_column_and_index(env: Environment, model: str) -> None:
    make_field(env, "x_f", "char", index=True)
    field_row(env, "x_f").unlink()
    assert "x_f" not in columns(env)
    assert f"{TABLE}_x_f_index" not in indexes(env)


@pytest.mark.parametrize("ttype", ["char", "text", "html"])
def test_a_translatable_field_reads_back_what_was_written(env: Environment, model: str, ttype: str) -> None:
    make_field(env, "x_f", ttype, translate=True)
    record = env[MODEL].create({"x_name": "r", "x_f": "Hello"})
    record.write({"x_f": "Bonjour"})
    assert env[MODEL].search([("x_f", "=", "Bonjour")]).read(["x_f"]) == [{"id": record.id, "x_f": "Bonjour"}]


def test_shrinking_a_char_size_keeps_the_records_truncated(env: Environment, model: str) -> None:
    make_field(env, "x_f", "char")
    record = env[MODEL].create({"x_name": "r", "x_f": "abcdef"}).id
    field_row(env, "x_f").write({"size": 3})
    # PostgreSQL's varchar(3) truncates the existing value (as Odoo's cast does); SQLite keeps it
    assert env[MODEL].browse(record).read(["x_f"])[0]["x_f"] == ("abc" if env.dialect == "postgresql" else "abcdef")
    env[MODEL].browse(record).write({"x_f": "uvwxyz"})
    assert env[MODEL].browse(record).read(["x_f"])[0]["x_f"] == "uvw"


def test_renaming_to_an_existing_field_name_is_refused(env: Environment, model: str) -> None:
    make_field(env, "x_f", "char")
    with pytest.raises(ValidationError, match=re.escape("Field names must be unique per model.")):
        field_row(env, "x_f").write({"name": "x_name"})


def test_renaming_to_an_invalid_name_is_refused(env: Environment, model: str) -> None:
    make_field(env, "x_f", "char")
    with pytest.raises(ValidationError, match=re.escape("Custom fields must have a name that starts with 'x_'!")):
        field_row(env, "x_f").write({"name": "plain"})
    assert "x_f" in columns(env)


def test_renaming_the_many2one_behind_a_one2many_is_refused(env: Environment, model: str) -> None:
    _lines_model(env)
    make_field(env, "x_line_ids", "one2many", relation="x_line", relation_field="x_parent_id")
    with pytest.raises(UserError, match=re.escape("cannot be removed because the field 'x_test.x_line_ids'")):
        field_row(env, "x_parent_id", "x_line").write({"name": "x_owner_id"})


def test_a_one2many_and_its_many2one_can_be_removed_together(env: Environment, model: str) -> None:
    _lines_model(env)
    make_field(env, "x_line_ids", "one2many", relation="x_line", relation_field="x_parent_id")
    both = field_row(env, "x_parent_id", "x_line").ids + field_row(env, "x_line_ids").ids
    env["ir.model.fields"].browse(both).unlink()
    assert "x_parent_id" not in columns(env, "x_line")
    assert "x_line_ids" not in env[MODEL].fields_get()


def test_a_dotted_model_name_gets_an_underscored_table(env: Environment) -> None:
    make_model(env, "x_shop.item", "Shop item")
    make_field(env, "x_name", "char", model="x_shop.item")
    assert "x_shop_item" in tables(env)
    record = env["x_shop.item"].create({"x_name": "Thing"})
    assert record.read(["display_name"])[0]["display_name"] == "Thing"


def test_a_monetary_field_uses_x_currency_id(env: Environment, model: str) -> None:
    _currency(env)
    make_field(env, "x_amount", "monetary")
    assert env[MODEL].fields_get(["x_amount"], ["currency_field"]) == {"x_amount": {"currency_field": "x_currency_id"}}


def test_unlinking_a_comodel_drops_the_many2many_table_pointing_to_it(env: Environment, model: str) -> None:
    make_model(env, "x_tag", "Tag")
    make_field(env, "x_tag_ids", "many2many", relation="x_tag")
    env["ir.model"].browse(model_id(env, "x_tag")).unlink()
    assert not {"x_tag", "x_x_tag_x_test_rel"} & tables(env)
    assert "x_tag_ids" not in env[MODEL].fields_get()


def test_two_related_models_can_be_unlinked_together(env: Environment, model: str) -> None:
    make_model(env, "x_tag", "Tag")
    make_field(env, "x_tag_ids", "many2many", relation="x_tag")
    make_field(env, "x_test_id", "many2one", model="x_tag", relation=MODEL)
    env["ir.model"].browse([model_id(env, MODEL), model_id(env, "x_tag")]).unlink()
    assert not {"x_tag", "x_test", "x_x_tag_x_test_rel"} & tables(env)


def test_the_administrator_can_remove_a_model_it_created(admin_env: Environment) -> None:
    make_model(admin_env)
    admin_env[MODEL].create({})
    admin_env["ir.model"].browse(model_id(admin_env, MODEL)).unlink()
    assert MODEL not in admin_env.registry
    assert not admin_env["ir.model.access"].sudo().search([("model_id.model", "=", MODEL)])


@pytest.mark.parametrize(("ttype", "vals"), [
    ("char", {}), ("integer", {}), ("float", {}), ("boolean", {}), ("date", {}), ("datetime", {}),
    ("selection", {"selection": "[('a','A')]"}), ("many2one", {"relation": "res.partner"}),
])
def test_a_field_of_each_type_can_be_created_indexed(env: Environment, model: str, ttype: str,
                                                     vals: dict[str, Any]) -> None:
    make_field(env, "x_f", ttype, index=True, **vals)
    assert f"{TABLE}_x_f_index" in indexes(env)
    field_row(env, "x_f").unlink()
    assert f"{TABLE}_x_f_index" not in indexes(env)
