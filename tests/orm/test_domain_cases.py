"""The worked domain cases of spec section D, on both databases, with Odoo 17 semantics.

The fixture of section D is created with the ORM in each test's rolled-back transaction, on the
test-only models of ``domain_models``. Domains name fixture records by label (``P1``, ``T2``,
``L3``, item ``I4``); labels are turned into the real ids before searching, and expected results
are given as item labels. Left out: case 93 (unaccent) and 94-99 (access rights and record rules,
not built yet).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa

import erpserver.addons
from erpserver.orm.environment import SUPERUSER_ID, Environment
from erpserver.orm.registry import Registry
from tests.orm.domain_models import TEST_MODELS, TEST_TABLES


@dataclass(frozen=True)
class Ref:
    """A fixture label (``"P1"``, ``"T2"``, ``"L3"``, ``"I4"``, ``"MISSING"``) inside a domain."""

    label: str


P1, P2, P3 = Ref("P1"), Ref("P2"), Ref("P3")
T1, T2 = Ref("T1"), Ref("T2")
L1, L3 = Ref("L1"), Ref("L3")
I1, I2, I3, I4 = Ref("I1"), Ref("I2"), Ref("I3"), Ref("I4")
MISSING = Ref("MISSING")
ALL = "1,2,3,4,5"
NONE = ""


@dataclass
class Fixture:
    env: Environment
    ids: dict[str, int]

    def resolve(self, value: Any) -> Any:
        """The domain with every label replaced by its database id (lists and tuples kept)."""
        if isinstance(value, Ref):
            return self.ids[value.label]
        if isinstance(value, list):
            return [self.resolve(each) for each in value]
        if isinstance(value, tuple):
            return tuple(self.resolve(each) for each in value)
        return value

    def items(self, expected: str) -> set[int]:
        """``"1,4"`` → the ids of items 1 and 4."""
        return {self.ids[f"I{number}"] for number in expected.split(",") if number}

    def search_items(self, domain: list[Any]) -> set[int]:
        return set(self.env["x_item"].search(self.resolve(domain)).ids)


@pytest.fixture(scope="module")
def domain_registry(demo_db: str) -> Registry:
    return Registry.build(demo_db, [*erpserver.addons.all_models(), *TEST_MODELS],
                          unlink_hooks=erpserver.addons.unlink_hooks())


def _create_fixture(env: Environment) -> dict[str, int]:
    ids: dict[str, int] = {}

    def remember(prefix: str, records: Any) -> None:
        for number, record_id in enumerate(records.ids, start=1):
            ids[f"{prefix}{number}"] = record_id

    remember("P", env["x_partner"].create([
        {"x_name": "Azure", "x_code": "AZ"},
        {"x_name": "Bolt", "x_code": "BO"},
        {"x_name": "Café"},
    ]))
    remember("T", env["x_tag"].create([{"x_name": "Red"}, {"x_name": "Blue"}, {"x_name": "Green"}]))
    items = env["x_item"]
    # fields left out of a dict stay NULL (item 3's qty, flag, date...; item 4's name)
    item1 = items.create({"x_name": "Apple", "x_qty": 5, "x_price": 1.5, "x_flag": True,
                          "x_date": "2024-01-10", "x_dt": "2024-01-10 08:00:00",
                          "x_partner_id": ids["P1"], "x_tag_ids": [(6, 0, [ids["T1"]])]})
    item2 = items.create({"x_name": "apple pie", "x_qty": 0, "x_flag": False,
                          "x_date": "2024-01-31", "x_dt": "2024-01-31 23:30:00", "x_partner_id": ids["P2"],
                          "x_tag_ids": [(6, 0, [ids["T1"], ids["T2"]])], "x_parent_id": item1.id})
    item3 = items.create({"x_name": "Banana_split", "x_price": 3.0, "x_parent_id": item2.id})
    item4 = items.create({"x_qty": 10, "x_price": 0.0, "x_flag": True,
                          "x_date": "2024-02-01", "x_dt": "2024-02-01 00:00:00", "x_partner_id": ids["P3"],
                          "x_tag_ids": [(6, 0, [ids["T2"]])], "x_parent_id": item1.id})
    item5 = items.create({"x_name": "Café au lait", "x_qty": -1, "x_price": 2.0, "x_flag": False,
                          "x_date": "2023-12-31", "x_partner_id": ids["P1"],
                          "x_tag_ids": [(6, 0, [ids["T3"]])]})
    for number, item in enumerate((item1, item2, item3, item4, item5), start=1):
        ids[f"I{number}"] = item.id
    remember("L", env["x_line"].create([
        {"x_name": "a", "x_qty": 1, "x_item_id": item1.id},
        {"x_name": "b", "x_qty": 2, "x_item_id": item1.id},
        {"x_name": "c", "x_qty": 5, "x_item_id": item2.id},
        {"x_name": "a", "x_qty": 0, "x_item_id": item4.id},
        {"x_name": "z", "x_qty": 3},
    ]))
    remember("X", env["x_thing"].create([
        {"x_name": "A", "x_active": True},
        {"x_name": "B", "x_active": False},
        {"x_name": "C"},
    ]))
    ids["A"], ids["B"], ids["C"] = ids.pop("X1"), ids.pop("X2"), ids.pop("X3")
    ids["MISSING"] = max(ids.values()) + 1000
    return ids


@pytest.fixture
def fixture(domain_registry: Registry, connection: sa.Connection) -> Iterator[Fixture]:
    tables = [domain_registry.metadata.tables[name] for name in TEST_TABLES]
    tables += [domain_registry.relation_tables[domain_registry["x_item"]._fields["x_tag_ids"].relation]]
    domain_registry.metadata.create_all(connection, tables=tables)
    env = Environment(domain_registry, connection, SUPERUSER_ID)
    yield Fixture(env, _create_fixture(env))


# -- case table: (id, domain, expected item numbers) ----------------------------------------------
SEARCH_CASES = [
    ("D01-empty-domain-is-everything", [], ALL),
    ("D02-equal-is-exact-and-case-sensitive", [("x_name", "=", "Apple")], "1"),
    ("D03-ilike-case-insensitive", [("x_name", "ilike", "apple")], "1,2"),
    ("D04-like-case-sensitive-contains", [("x_name", "like", "apple")], "2"),
    ("D05-not-ilike-includes-null", [("x_name", "not ilike", "apple")], "3,4,5"),
    ("D06-eq-ilike-whole-string-no-wildcards-added", [("x_name", "=ilike", "apple")], "1"),
    ("D07-eq-ilike-user-wildcard", [("x_name", "=ilike", "apple%")], "1,2"),
    ("D08-underscore-is-a-live-wildcard", [("x_name", "ilike", "_")], "1,2,3,5"),
    ("D09-ilike-empty-matches-null-too", [("x_name", "ilike", "")], ALL),
    ("D10-not-ilike-empty-only-null", [("x_name", "not ilike", "")], "4"),
    ("D11-equal-false-is-null", [("x_name", "=", False)], "4"),
    ("D12-not-equal-false-is-not-null", [("x_name", "!=", False)], "1,2,3,5"),
    ("D13-not-equal-value-includes-null", [("x_name", "!=", "Apple")], "2,3,4,5"),
    ("D14-diamond-operator-is-not-equal", [("x_name", "<>", "Apple")], "2,3,4,5"),
    ("D15-in-list", [("x_name", "in", ["Apple", "Banana_split"])], "1,3"),
    ("D16-in-with-false-adds-null", [("x_name", "in", ["Apple", False])], "1,4"),
    ("D17-not-in-without-false-includes-null", [("x_name", "not in", ["Apple"])], "2,3,4,5"),
    ("D18-not-in-with-false-excludes-null", [("x_name", "not in", ["Apple", False])], "2,3,5"),
    ("D19a-in-empty-list-is-false", [("x_name", "in", [])], NONE),
    ("D19b-not-in-empty-list-is-true", [("x_name", "not in", [])], ALL),
    ("D20-equal-with-list-becomes-in", [("x_name", "=", ["Apple", "apple pie"])], "1,2"),
    ("D21-operator-is-lower-cased", [("x_name", "ILIKE", "APPLE")], "1,2"),
    ("D22-like-percent-matches-any-non-null", [("x_name", "like", "%")], "1,2,3,5"),
    ("D23-greater-excludes-null", [("x_qty", ">", 0)], "1,4"),
    ("D24-less-equal-excludes-null", [("x_qty", "<=", 0)], "2,5"),
    ("D25-equal-zero-does-not-match-null", [("x_qty", "=", 0)], "2"),
    ("D26-integer-equal-false-is-null", [("x_qty", "=", False)], "3"),
    ("D27-not-equal-falsy-value-excludes-null", [("x_qty", "!=", 0)], "1,4,5"),
    ("D28-not-equal-truthy-value-includes-null", [("x_qty", "!=", 5)], "2,3,4,5"),
    ("D29-in-with-bool-becomes-equal", [("x_qty", "in", False)], "3"),
    ("D30-like-casts-numbers-to-text", [("x_qty", "like", "1")], "4,5"),
    ("D31-boolean-equal-true", [("x_flag", "=", True)], "1,4"),
    ("D32-boolean-equal-false-includes-null", [("x_flag", "=", False)], "2,3,5"),
    ("D33-boolean-not-equal-true", [("x_flag", "!=", True)], "2,3,5"),
    ("D34-boolean-not-equal-false", [("x_flag", "!=", False)], "1,4"),
    ("D35-boolean-in-with-false-adds-null", [("x_flag", "in", [True, False])], ALL),
    ("D36-boolean-not-in-true", [("x_flag", "not in", [True])], "2,3,5"),
    ("D37a-float-equal-zero-is-not-null", [("x_price", "=", 0)], "4"),
    ("D37b-float-equal-false-is-null", [("x_price", "=", False)], "2"),
    ("D38-date-less-than", [("x_date", "<", "2024-01-31")], "1,5"),
    ("D39-datetime-less-equal-day-is-end-of-day", [("x_dt", "<=", "2024-01-31")], "1,2"),
    ("D40-datetime-less-than-day-is-start-of-day", [("x_dt", "<", "2024-01-31")], "1"),
    ("D41-datetime-equal-day-is-midnight", [("x_dt", "=", "2024-01-10")], NONE),
    ("D42-datetime-greater-day-is-end-of-day", [("x_dt", ">", "2024-01-31")], "4"),
    ("D43-many2one-equal-id", [("x_partner_id", "=", P1)], "1,5"),
    ("D44-many2one-not-equal-id-includes-null", [("x_partner_id", "!=", P1)], "2,3,4"),
    ("D45-many2one-in-with-false", [("x_partner_id", "in", [P1, False])], "1,3,5"),
    ("D46-not-before-path-is-not-any-in-17", ["!", ("x_partner_id.x_code", "=", "AZ")], "2,3,4"),
    ("D47a-many2one-not-in-includes-null", [("x_partner_id", "not in", [P1, P2])], "3,4"),
    ("D47b-many2one-not-in-with-false-excludes-null", [("x_partner_id", "not in", [P1, False])], "2,4"),
    ("D48-many2one-equal-name", [("x_partner_id", "=", "Azure")], "1,5"),
    ("D49-many2one-ilike-name", [("x_partner_id", "ilike", "a")], "1,4,5"),
    ("D50-many2one-not-ilike-name-includes-null", [("x_partner_id", "not ilike", "a")], "2,3"),
    ("D51a-many2one-ilike-empty-has-a-partner", [("x_partner_id", "ilike", "")], "1,2,4,5"),
    ("D51b-many2one-not-ilike-empty-has-none", [("x_partner_id", "not ilike", "")], "3"),
    ("D52-many2one-path-is-existential", [("x_partner_id.x_code", "=", "AZ")], "1,5"),
    ("D53-path-not-equal-skips-records-without-partner", [("x_partner_id.x_code", "!=", "AZ")], "2,4"),
    ("D54-path-equal-false-needs-a-partner", [("x_partner_id.x_code", "=", False)], "4"),
    ("D55a-many2one-any", [("x_partner_id", "any", [("x_code", "=", "AZ")])], "1,5"),
    ("D55b-many2one-not-any-includes-null", [("x_partner_id", "not any", [("x_code", "=", "AZ")])], "2,3,4"),
    ("D56-not-before-one2many-path-is-not-any-in-17", ["!", ("x_line_ids.x_name", "=", "a")], "2,3,5"),
    ("D57-many2many-in-contains", [("x_tag_ids", "in", [T1])], "1,2"),
    ("D58-many2many-in-contains-any", [("x_tag_ids", "in", [T1, T2])], "1,2,4"),
    ("D59-many2many-two-leaves-contain-both", [("x_tag_ids", "in", [T1]), ("x_tag_ids", "in", [T2])], "2"),
    ("D60-many2many-not-in-includes-empty", [("x_tag_ids", "not in", [T1])], "3,4,5"),
    ("D61a-many2many-equal-false-has-none", [("x_tag_ids", "=", False)], "3"),
    ("D61b-many2many-not-equal-false-has-some", [("x_tag_ids", "!=", False)], "1,2,4,5"),
    ("D62a-many2many-in-empty", [("x_tag_ids", "in", [])], NONE),
    ("D62b-many2many-not-in-empty", [("x_tag_ids", "not in", [])], ALL),
    ("D63a-many2many-equal-name", [("x_tag_ids", "=", "Red")], "1,2"),
    ("D63b-many2many-not-equal-name-has-no-such-tag", [("x_tag_ids", "!=", "Red")], "3,4,5"),
    ("D64-many2many-path-some-tag-differs", [("x_tag_ids.x_name", "!=", "Red")], "2,4,5"),
    ("D65-one2many-path-ignores-orphans", [("x_line_ids.x_qty", ">", 1)], "1,2"),
    ("D66-one2many-path-equal", [("x_line_ids.x_name", "=", "a")], "1,4"),
    ("D67a-one2many-equal-false-has-no-lines", [("x_line_ids", "=", False)], "3,5"),
    ("D67b-one2many-not-equal-false-has-lines", [("x_line_ids", "!=", False)], "1,2,4"),
    ("D68a-one2many-in-ids", [("x_line_ids", "in", [L3])], "2"),
    ("D68b-one2many-not-in-ids", [("x_line_ids", "not in", [L1])], "2,3,4,5"),
    ("D69-one2many-any-needs-one-line-matching-all",
     [("x_line_ids", "any", [("x_qty", ">", 1), ("x_name", "=", "a")])], NONE),
    ("D70-anded-paths-may-match-different-lines",
     [("x_line_ids.x_qty", ">", 1), ("x_line_ids.x_name", "=", "a")], "1"),
    ("D71-or", ["|", ("x_qty", ">", 5), ("x_name", "=", "Apple")], "1,4"),
    ("D72-prefix-nesting",
     ["|", ("x_qty", "=", 0), "&", ("x_flag", "=", True), ("x_price", ">", 1)], "1,2"),
    ("D73-implicit-and", [("x_flag", "=", True), ("x_qty", ">", 6)], "4"),
    ("D74-not-or-is-rewritten-not-complemented", ["!", "|", ("x_qty", ">", 5), ("x_flag", "=", True)], "2,5"),
    ("D75-not-equal-is-not-equal", ["!", ("x_name", "=", "Apple")], "2,3,4,5"),
    ("D76-not-like-includes-null", ["!", ("x_name", "like", "app")], "1,3,4,5"),
    ("D77a-true-leaf", [(1, "=", 1)], ALL),
    ("D77b-false-leaf", [(0, "=", 1)], NONE),
    ("D77c-not-true-leaf", ["!", (1, "=", 1)], NONE),
    ("D78-id-in-ignores-unknown-ids", [("id", "in", [I2, I4, MISSING])], "2,4"),
    ("D79a-id-equal-false", [("id", "=", False)], NONE),
    ("D79b-id-not-equal-false", [("id", "!=", False)], ALL),
    ("D79c-id-not-in-empty", [("id", "not in", [])], ALL),
    ("D80-child-of-through-self-many2one-includes-start", [("x_parent_id", "child_of", I1)], "1,2,3,4"),
    ("D81-parent-of-through-self-many2one-includes-start", [("x_parent_id", "parent_of", I3)], "1,2,3"),
    ("D82a-child-of-empty-list", [("x_parent_id", "child_of", [])], NONE),
    ("D82b-child-of-false", [("x_parent_id", "child_of", False)], NONE),
    ("D84a-equal-if-set-false-is-true", [("x_parent_id", "=?", False)], ALL),
    ("D84b-equal-if-set-value", [("x_parent_id", "=?", I1)], "2,4"),
]


@pytest.mark.parametrize(("domain", "expected"), [pytest.param(d, e, id=i) for i, d, e in SEARCH_CASES])
def test_search_returns_the_items_of_the_worked_case(fixture: Fixture, domain: list[Any], expected: str) -> None:
    assert fixture.search_items(domain) == fixture.items(expected)


ERROR_CASES = [
    ("D83-id-child-of-without-parent-id-field", [("id", "child_of", I1)], r"Invalid field x_item\.parent_id"),
    ("D85-unknown-field", [("x_nope", "=", 1)], r"Invalid field x_item\.x_nope in leaf"),
    ("D86-unknown-operator", [("x_name", "equals", "Apple")], r"Invalid leaf"),
    ("D87-wrong-arity", ["|", ("x_qty", ">", 1)], r"syntactically not correct"),
    ("D88-value-not-an-integer", [("x_qty", "=", "abc")], r"invalid literal for int\(\).*'abc'"),
]


@pytest.mark.parametrize(("domain", "message"), [pytest.param(d, m, id=i) for i, d, m in ERROR_CASES])
def test_search_rejects_the_invalid_domain_with_a_value_error(fixture: Fixture, domain: list[Any],
                                                             message: str) -> None:
    with pytest.raises(ValueError, match=message):
        fixture.search_items(domain)


ACTIVE_CASES = [
    ("D89-implicit-filter-hides-false-and-null", [], {}, "A"),
    ("D90-explicit-active-leaf-disables-the-filter", [("x_active", "=", False)], {}, "B,C"),
    ("D91-active-leaf-under-or-disables-the-filter",
     ["|", ("x_active", "=", True), ("x_name", "!=", False)], {}, "A,B,C"),
    ("D92-active-test-false-context-shows-all", [], {"active_test": False}, "A,B,C"),
]


@pytest.mark.parametrize(("domain", "context", "expected"),
                         [pytest.param(d, c, e, id=i) for i, d, c, e in ACTIVE_CASES])
def test_search_applies_the_implicit_active_filter_of_the_worked_case(
    fixture: Fixture, domain: list[Any], context: dict[str, Any], expected: str
) -> None:
    found = set(fixture.env["x_thing"].with_context(**context).search(domain).ids)
    assert found == {fixture.ids[label] for label in expected.split(",")}


def test_read_of_a_missing_id_returns_nothing(fixture: Fixture) -> None:
    """D100: missing ids are silently skipped by read (as superuser; rules are a later issue)."""
    assert fixture.env["x_item"].browse([fixture.ids["MISSING"]]).read(["x_name"]) == []
