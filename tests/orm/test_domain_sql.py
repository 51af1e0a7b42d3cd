"""The SQL the domain compiler writes, pinned per dialect without a database.

The compiler only builds SQLAlchemy expressions; here they are compiled for SQLite and for
PostgreSQL by an engine that cannot run anything (``create_mock_engine``), so a change in the
SQL shows up as a readable diff. ``tests/orm/test_domain_cases.py`` runs the same kind of
domains as rows on both real databases.

In the expected SQL, ``:name`` stands for a bound parameter (``?`` on SQLite, ``%(name)s`` on
PostgreSQL) and ``{true}`` / ``{false}`` for the dialect's boolean literals.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa

from erpserver import addons
from erpserver.orm.environment import Environment
from erpserver.orm.registry import Registry
from tests.orm.domain_models import TEST_MODELS

DIALECTS = {"sqlite": "sqlite://", "postgresql": "postgresql+psycopg2://"}
BOOLEANS = {"sqlite": ("1", "0"), "postgresql": ("true", "false")}
REGISTRY = Registry.build("offline", [*addons.all_models(), *TEST_MODELS])


def refuse_to_run(sql: Any, *args: Any, **kwargs: Any) -> None:
    raise AssertionError(f"the compiler tried to run {sql}")


@pytest.fixture(params=list(DIALECTS))
def dialect(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def env(dialect: str) -> Environment:
    return Environment(REGISTRY, sa.create_mock_engine(DIALECTS[dialect], refuse_to_run), 1)  # type: ignore[arg-type]


def render(template: str, dialect: str) -> str:
    true, false = BOOLEANS[dialect]
    text = template.replace("{true}", true).replace("{false}", false)
    text = re.sub(r":(\w+)", "?" if dialect == "sqlite" else r"%(\1)s", text)
    return re.sub(r"\{(in|not in) (\S+) (\w+) (\w+)\}", lambda match: _among(dialect, *match.groups()), text)


def _among(dialect: str, operator: str, column: str, param: str, sql_type: str) -> str:
    """``{in COLUMN PARAM TYPE}``: an IN list on SQLite, ``= ANY(array)`` on PostgreSQL (same plan,
    one parameter)."""
    if dialect == "sqlite":
        listed = f"{column} {operator.upper()} (__[POSTCOMPILE_{param}])"
        return listed if operator == "in" else f"({listed})"
    among = f"{column} = any(%({param})s::{sql_type}[])"
    return among if operator == "in" else f"NOT ({among})"


def sql_of(env: Environment, model: str, domain: list[Any], order: str | None = None) -> tuple[str, dict[str, Any]]:
    query = env[model]._search_query(domain, order=order)
    compiled = query.compile(dialect=env.cr.dialect)
    return " ".join(str(compiled).split()), compiled.params


WHERE_CASES = [
    ("equal", [("x_name", "=", "Apple")], "x_item.x_name = :x_name_1", {"x_name_1": "Apple"}),
    ("not-equal-keeps-null", [("x_name", "!=", "Apple")],
     "x_item.x_name != :x_name_1 OR x_item.x_name IS NULL", {"x_name_1": "Apple"}),
    ("equal-false-is-null", [("x_name", "=", False)], "x_item.x_name IS NULL", {}),
    ("ilike-is-lower-like", [("x_name", "ilike", "app")],
     "lower(x_item.x_name) LIKE lower(:lower_1)", {"lower_1": "%app%"}),
    ("not-ilike-keeps-null", [("x_name", "not ilike", "app")],
     "lower(x_item.x_name) NOT LIKE lower(:lower_1) OR x_item.x_name IS NULL", {"lower_1": "%app%"}),
    ("equal-like-is-a-raw-pattern", [("x_name", "=like", "A%")], "x_item.x_name LIKE :x_name_1", {"x_name_1": "A%"}),
    ("greater", [("x_qty", ">", 3)], "x_item.x_qty > :x_qty_1", {"x_qty_1": 3}),
    ("in-with-false-adds-null", [("x_qty", "in", [1, 2, False])],
     "{in x_item.x_qty x_qty_1 INTEGER} OR x_item.x_qty IS NULL", {"x_qty_1": [1, 2]}),
    ("not-in-keeps-null", [("x_qty", "not in", [1, 2])],
     "{not in x_item.x_qty x_qty_1 INTEGER} OR x_item.x_qty IS NULL", {"x_qty_1": [1, 2]}),
    ("boolean-false-matches-null", [("x_flag", "=", False)], "x_item.x_flag IS NULL OR x_item.x_flag = {false}", {}),
    ("many2one-by-id", [("x_partner_id", "=", 5)], "x_item.x_partner_id = :x_partner_id_1", {"x_partner_id_1": 5}),
    ("many2one-by-name", [("x_partner_id", "ilike", "az")],
     "x_item.x_partner_id IN (SELECT x_partner.id FROM x_partner WHERE lower(x_partner.x_name) LIKE lower(:lower_1))",
     {"lower_1": "%az%"}),
    ("many2one-by-negative-name-keeps-null", [("x_partner_id", "not ilike", "az")],
     "x_item.x_partner_id IN (SELECT x_partner.id FROM x_partner WHERE lower(x_partner.x_name) NOT LIKE "
     "lower(:lower_1) OR x_partner.x_name IS NULL) OR x_item.x_partner_id IS NULL", {"lower_1": "%az%"}),
    ("path-through-many2one", [("x_partner_id.x_code", "=", "AZ")],
     "x_item.x_partner_id IN (SELECT x_partner.id FROM x_partner WHERE x_partner.x_code = :x_code_1)",
     {"x_code_1": "AZ"}),
    ("negated-path-is-not-any", ["!", ("x_partner_id.x_code", "=", "AZ")],
     "(x_item.x_partner_id NOT IN (SELECT x_partner.id FROM x_partner WHERE x_partner.x_code = :x_code_1)) "
     "OR x_item.x_partner_id IS NULL", {"x_code_1": "AZ"}),
    ("many2many-in", [("x_tag_ids", "in", [1, 2])],
     "EXISTS (SELECT * FROM x_item_x_tag_rel WHERE x_item_x_tag_rel.x_item_id = x_item.id "
     "AND x_item_x_tag_rel.x_tag_id IN (__[POSTCOMPILE_x_tag_id_1]))", {"x_tag_id_1": [1, 2]}),
    ("many2many-empty", [("x_tag_ids", "=", False)],
     "NOT (EXISTS (SELECT * FROM x_item_x_tag_rel WHERE x_item_x_tag_rel.x_item_id = x_item.id))", {}),
    ("path-through-one2many", [("x_line_ids.x_qty", ">", 1)],
     "x_item.id IN (SELECT x_line.x_item_id FROM x_line WHERE x_line.id IN (SELECT x_line.id FROM x_line "
     "WHERE x_line.x_qty > :x_qty_1) AND x_line.x_item_id IS NOT NULL)", {"x_qty_1": 1}),
    ("optional-equality-on-a-path-resolves-the-path-first", [("x_partner_id.x_name", "=?", False)],
     "x_item.x_partner_id IN (SELECT x_partner.id FROM x_partner)", {}),
    ("optional-equality-on-a-field-is-true", [("x_partner_id", "=?", False)], "", {}),
    ("display-name-searches-the-name-field", [("display_name", "ilike", "app")],
     "lower(x_item.x_name) LIKE lower(:lower_1)", {"lower_1": "%app%"}),
    ("or-with-a-negation", ["|", ("x_qty", "=", 1), "!", ("x_name", "=", "a")],
     "x_item.x_qty = :x_qty_1 OR x_item.x_name != :x_name_1 OR x_item.x_name IS NULL",
     {"x_qty_1": 1, "x_name_1": "a"}),
]


@pytest.mark.parametrize(("domain", "where", "params"), [case[1:] for case in WHERE_CASES],
                         ids=[case[0] for case in WHERE_CASES])
def test_the_where_clause_of_a_domain(env: Environment, dialect: str, domain: list[Any], where: str,
                                      params: dict[str, Any]) -> None:
    sql, bound = sql_of(env, "x_item", domain)

    expected_where = render(where, dialect)
    expected = "SELECT x_item.id FROM x_item" + (f" WHERE {expected_where}" if where else "")
    assert sql == expected
    assert bound == params


def test_the_implicit_active_filter_comes_first(env: Environment, dialect: str) -> None:
    sql, _ = sql_of(env, "x_thing", [("x_name", "=", "A")])

    assert sql == render("SELECT x_thing.id FROM x_thing WHERE x_thing.x_active = {true} "
                         "AND x_thing.x_name = :x_name_1", dialect)


NULLS = {  # what each dialect needs to put NULLs where PostgreSQL puts them by default
    "sqlite": {"asc": " NULLS LAST", "desc": " NULLS FIRST"},
    "postgresql": {"asc": "", "desc": ""},
}


def test_ascending_and_descending_orders_place_nulls_as_postgresql(env: Environment, dialect: str) -> None:
    sql, _ = sql_of(env, "x_item", [], order="x_name, x_qty desc")

    nulls = NULLS[dialect]
    assert sql == (f"SELECT x_item.id FROM x_item ORDER BY x_item.x_name ASC{nulls['asc']}, "
                   f"x_item.x_qty DESC{nulls['desc']}")


def test_an_explicit_nulls_order_is_kept(env: Environment) -> None:
    sql, _ = sql_of(env, "x_item", [], order="x_name asc nulls first")

    assert sql == "SELECT x_item.id FROM x_item ORDER BY x_item.x_name ASC NULLS FIRST"


def test_a_many2one_to_the_model_itself_orders_by_the_comodels_order(env: Environment, dialect: str) -> None:
    sql, _ = sql_of(env, "res.partner", [("id", "in", [1])], order="parent_id")

    nulls = NULLS[dialect]
    assert sql == render(
        "SELECT res_partner.id FROM res_partner LEFT OUTER JOIN res_partner AS res_partner__parent_id "
        "ON res_partner__parent_id.id = res_partner.parent_id "
        "WHERE res_partner.active = {true} AND {in res_partner.id id_1 INTEGER} "
        f"ORDER BY res_partner__parent_id.complete_name ASC{nulls['asc']}, "
        f"res_partner__parent_id.id DESC{nulls['desc']}", dialect)


def test_a_many2one_to_a_model_ordered_by_id_orders_by_the_column(env: Environment, dialect: str) -> None:
    sql, _ = sql_of(env, "x_item", [], order="x_parent_id")

    assert sql == "SELECT x_item.id FROM x_item ORDER BY x_item.x_parent_id ASC" + NULLS[dialect]["asc"]
