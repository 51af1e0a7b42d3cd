"""Record rules (ir.rule) over HTTP: global rules ANDed, group rules ORed, silent filtering on
search, the plain-text fault 4 on explicit ids, checks before write/unlink/copy and after create."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.security.conftest import Actor, Site

DENIED = ("Due to security restrictions, you are not allowed to {verb} 'Lead/Opportunity' (crm.lead) records.\n\n"
          "Contact your administrator to request access if necessary.")


class Leads:
    def __init__(self, site: Site, salesman: Actor) -> None:
        self.site = site
        self.salesman = salesman
        self.mine = site.admin.call("crm.lead", "create", {"name": "Rule lead mine", "user_id": salesman.uid})
        self.other = site.admin.call("crm.lead", "create", {"name": "Rule lead other", "user_id": 2})
        self.unassigned = site.admin.call("crm.lead", "create", {"name": "Rule lead secret", "user_id": False})
        self.rules: list[int] = []

    def rule(self, domain: str, groups: list[str] | None = None, **perms: bool) -> int:
        values: dict[str, Any] = {"name": f"rule {domain}", "model_id": self.site.model_id("crm.lead"),
                                  "domain_force": domain, **perms}
        if groups is not None:
            values["groups"] = [(6, 0, [self.site.ref(g) for g in groups])]
        rule = self.site.admin.call("ir.rule", "create", values)
        self.rules.append(rule)
        return int(rule)

    def names(self, actor: Actor) -> set[str]:
        return {r["name"] for r in actor.call("crm.lead", "search_read", [["name", "like", "Rule lead"]], ["name"])}


@pytest.fixture
def leads(site: Site) -> Iterator[Leads]:
    salesman = site.new_user(["base.group_user"])
    found = Leads(site, salesman)
    yield found
    if found.rules:
        site.admin.call("ir.rule", "unlink", found.rules)
    site.admin.call("crm.lead", "unlink", [found.mine, found.other, found.unassigned])


def test_a_group_rule_filters_searches_silently(leads: Leads) -> None:
    leads.rule("[('user_id', '=', user.id)]", ["base.group_user"])
    sales = leads.salesman
    assert leads.names(sales) == {"Rule lead mine"}
    assert sales.call("crm.lead", "search", [["name", "like", "Rule lead"]]) == [leads.mine]
    assert sales.call("crm.lead", "search_count", [["name", "like", "Rule lead"]]) == 1
    assert [r[0] for r in sales.call("crm.lead", "name_search", "Rule lead")] == [leads.mine]
    # the administrator is an internal user too: the same rule narrows its view (a new lead's
    # salesperson defaults to its creator)
    assert leads.names(leads.site.admin) == {"Rule lead other"}


def test_group_rules_are_ored_and_global_rules_anded(leads: Leads) -> None:
    leads.rule("[('user_id', '=', user.id)]", ["base.group_user"])
    leads.rule("[(1, '=', 1)]", ["base.group_system"])
    assert leads.names(leads.site.admin) == {"Rule lead mine", "Rule lead other", "Rule lead secret"}
    assert leads.names(leads.salesman) == {"Rule lead mine"}
    leads.rule("[('name', 'not ilike', 'secret')]")
    assert leads.names(leads.site.admin) == {"Rule lead mine", "Rule lead other"}
    assert leads.names(leads.salesman) == {"Rule lead mine"}


def test_a_group_rule_never_narrows_users_outside_the_group(leads: Leads) -> None:
    leads.rule("[('user_id', '=', user.id)]", ["base.group_partner_manager"])
    assert leads.names(leads.salesman) == {"Rule lead mine", "Rule lead other", "Rule lead secret"}


def test_hidden_ids_are_refused_and_missing_ids_dropped(leads: Leads) -> None:
    leads.rule("[('user_id', '=', user.id)]", ["base.group_user"])
    sales = leads.salesman
    assert sales.call("crm.lead", "read", [leads.mine], ["name"]) == [{"id": leads.mine, "name": "Rule lead mine"}]
    fault = sales.fault("crm.lead", "read", [leads.mine, leads.other], ["name"])
    assert (fault.faultCode, fault.faultString) == (4, DENIED.format(verb="access"))
    assert sales.call("crm.lead", "read", [leads.mine, 987654321], ["name"]) == [
        {"id": leads.mine, "name": "Rule lead mine"}]


def test_a_record_the_rule_condition_is_unknown_for_is_hidden_too(leads: Leads) -> None:
    """The unassigned lead's user_id is NULL: the rule's SQL is neither true nor false for it."""
    leads.rule("[('user_id', '=', user.id)]", ["base.group_user"])

    fault = leads.salesman.fault("crm.lead", "read", [leads.unassigned], ["name"])

    assert (fault.faultCode, fault.faultString) == (4, DENIED.format(verb="access"))


def test_write_unlink_and_copy_of_hidden_records_are_refused_and_change_nothing(leads: Leads) -> None:
    leads.rule("[('user_id', '=', user.id)]", ["base.group_user"])
    sales, admin = leads.salesman, leads.site.admin
    fault = sales.fault("crm.lead", "write", [leads.other], {"name": "Hijacked"})
    assert (fault.faultCode, fault.faultString) == (4, DENIED.format(verb="modify"))
    fault = sales.fault("crm.lead", "unlink", [leads.mine, leads.other])
    assert (fault.faultCode, fault.faultString) == (4, DENIED.format(verb="delete"))
    assert sales.fault("crm.lead", "copy", leads.other).faultCode == 4
    admin_all = leads.site.admin
    leads.rule("[(1, '=', 1)]", ["base.group_system"])
    rows = admin_all.call("crm.lead", "read", [leads.mine, leads.other], ["name"])
    assert [r["name"] for r in rows] == ["Rule lead mine", "Rule lead other"]
    assert admin.call("crm.lead", "search_count", [["name", "=like", "Rule lead%"]]) == 3
    assert sales.call("crm.lead", "write", [leads.mine], {"name": "Rule lead mine too"}) is True


def test_a_record_created_outside_the_create_rule_is_rolled_back(leads: Leads) -> None:
    leads.rule("[('user_id', '=', user.id)]", ["base.group_user"], perm_read=False, perm_write=False,
               perm_unlink=False)
    before = leads.site.admin.call("crm.lead", "search_count", [])
    fault = leads.salesman.fault("crm.lead", "create", {"name": "Rule lead for someone else", "user_id": 2})
    assert (fault.faultCode, fault.faultString) == (4, DENIED.format(verb="create"))
    assert leads.site.admin.call("crm.lead", "search_count", []) == before
    created = leads.salesman.call("crm.lead", "create", {"name": "Rule lead mine 2", "user_id": leads.salesman.uid})
    leads.site.admin.call("crm.lead", "unlink", [created])


@pytest.fixture
def partner_rule(site: Site) -> Iterator[Actor]:
    """An internal user, then a create rule on contacts for internal users: only contacts named
    'Allowed...' (the user is made first: a user's contact is named after them)."""
    user = site.new_user(["base.group_user", "base.group_partner_manager"])
    rule = site.admin.call("ir.rule", "create", {
        "name": "contacts named Allowed", "model_id": site.model_id("res.partner"),
        "domain_force": "[('name', '=like', 'Allowed%')]", "groups": [(6, 0, [site.ref("base.group_user")])],
        "perm_read": False, "perm_write": False, "perm_unlink": False})
    yield user
    site.admin.call("ir.rule", "unlink", [rule])


def test_a_contact_created_outside_the_create_rule_is_refused_by_its_insert(site: Site, partner_rule: Actor) -> None:
    """A top-level contact is all written by its INSERT, which checks the rule as it returns."""
    user = partner_rule
    before = site.admin.call("res.partner", "search_count", [["name", "=like", "%Rule contact%"]])

    fault = user.fault("res.partner", "create", {"name": "Denied Rule contact"})
    allowed = user.call("res.partner", "create", {"name": "Allowed Rule contact"})
    child = user.call("res.partner", "create", {"name": "Allowed Rule contact child", "parent_id": allowed})

    assert (fault.faultCode, fault.faultString) == (4, DENIED.replace("Lead/Opportunity", "Contact").replace(
        "crm.lead", "res.partner").format(verb="create"))
    assert site.admin.call("res.partner", "search_count", [["name", "=like", "%Rule contact%"]]) == before + 2
    assert site.admin.call("res.partner", "read", [allowed, child], ["complete_name", "commercial_partner_id"]) == [
        {"id": allowed, "complete_name": "Allowed Rule contact",
         "commercial_partner_id": [allowed, "Allowed Rule contact"]},
        {"id": child, "complete_name": "Allowed Rule contact, Allowed Rule contact child",
         "commercial_partner_id": [allowed, "Allowed Rule contact"]},
    ]
    site.admin.call("res.partner", "unlink", [child, allowed])


def test_rules_on_companies_use_the_active_companies(leads: Leads) -> None:
    leads.rule("['|', ('company_id', '=', False), ('company_id', 'in', company_ids)]")
    assert "Rule lead mine" in leads.names(leads.salesman)
    fault = leads.salesman.fault("crm.lead", "search", [], context={"allowed_company_ids": [999]})
    assert fault.faultCode == 4
    assert fault.faultString == "Access to unauthorized or invalid companies."


@pytest.mark.parametrize("domain", [
    "__import__('os').system('true')",
    "[('id', '=', ().__class__.__bases__[0].__subclasses__())]",
    "[('id', 'in', [x for x in range(10)])]",
    "[('id', '=', (lambda: 1)())]",
    "[('id', '=', 10 ** 1000000)]",
    "[('id', '=', 9 ** 9 ** 9)]",
    "[('id', '=', 123456789012345678901234567890)]",
    "[('id', '=', user.partner_id.parent_id.id)]",
    "[('id', '=', user._cr)]",
    "[('id', '=', open('/etc/passwd').read())]",
    "[('id', '=', company_id)] + [1]",
    "[('no_such_field', '=', 1)]",
    "[" * 200 + "]" * 200,
    "[('id', '=', '" + "x" * 30_000 + "')]",
    "{'a': 1}",
])
def test_unsafe_or_invalid_domains_are_refused_when_saved(site: Site, domain: str) -> None:
    before = site.admin.call("ir.rule", "search_count", [])
    started = time.perf_counter()
    fault = site.admin.fault("ir.rule", "create", {"name": "evil", "model_id": site.model_id("crm.lead"),
                                                    "domain_force": domain})
    assert time.perf_counter() - started < 5
    assert fault.faultCode == 2
    assert fault.faultString.startswith("Invalid domain: ")
    assert site.admin.call("ir.rule", "search_count", []) == before


@pytest.mark.parametrize("domain", [
    "[('create_uid', '=', user.id)]",
    "['|', ('company_id', '=', False), ('company_id', 'in', company_ids)]",
    "[('company_id', 'in', [user.company_id.id, False])]",
    "[('user_id.groups_id', 'in', user.groups_id.ids)]",
    "[('date_deadline', '<=', time.strftime('%Y-%m-%d'))]",
    "[('name', '!=', False), ('probability', '>=', -1.5)]",
    "",
])
def test_domains_over_the_known_names_are_accepted(site: Site, domain: str) -> None:
    rule = site.admin.call("ir.rule", "create", {"name": "fine", "model_id": site.model_id("crm.lead"),
                                                  "domain_force": domain, "groups": [(6, 0, [site.ref("base.group_no_one")])]})
    site.admin.call("ir.rule", "unlink", [rule])


def test_the_rule_model_refuses_rules_on_itself_and_rules_without_permission(site: Site) -> None:
    fault = site.admin.fault("ir.rule", "create", {"name": "loop", "model_id": site.model_id("ir.rule"),
                                                    "domain_force": "[]"})
    assert (fault.faultCode, fault.faultString) == (2, "Rules can not be applied on the Record Rules model.")
    fault = site.admin.fault("ir.rule", "create", {"name": "none", "model_id": site.model_id("crm.lead"),
                                                    "perm_read": False, "perm_write": False, "perm_create": False,
                                                    "perm_unlink": False})
    assert fault.faultCode == 2
    assert "Rule must have at least one checked access right!" in fault.faultString


def test_global_is_stored_from_the_groups(site: Site) -> None:
    rule = site.admin.call("ir.rule", "create", {"name": "g", "model_id": site.model_id("crm.lead"),
                                                  "domain_force": "[]"})
    assert site.admin.call("ir.rule", "read", [rule], ["global"])[0]["global"] is True
    site.admin.call("ir.rule", "write", [rule], {"groups": [(4, site.ref("base.group_no_one"))]})
    assert site.admin.call("ir.rule", "read", [rule], ["global"])[0]["global"] is False
    site.admin.call("ir.rule", "unlink", [rule])


def test_check_access_rule_answers_from_the_same_rules(leads: Leads) -> None:
    leads.rule("[('user_id', '=', user.id)]", ["base.group_user"], perm_read=False, perm_create=False,
               perm_unlink=False)
    sales = leads.salesman
    assert sales.call("crm.lead", "check_access_rule", [leads.mine], "write") is True
    fault = sales.fault("crm.lead", "check_access_rule", [leads.mine, leads.other], "write")
    assert (fault.faultCode, fault.faultString) == (4, DENIED.format(verb="modify"))
    assert sales.call("crm.lead", "check_access_rule", [leads.other], "read") is True


def test_a_write_without_rules_costs_no_rule_query(runtime: Any, demo_db: str, connection: Any) -> None:
    """Regression: ``rules.check`` asked which ids exist on every write, rules or not."""
    import sqlalchemy as sa

    env = runtime.registries.environment(demo_db, connection, 2)
    tag = env["crm.tag"].create({"name": "query count"})
    statements: list[str] = []

    def remember(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    sa.event.listen(connection, "before_cursor_execute", remember)
    try:
        tag.write({"name": "query count 2"})
    finally:
        sa.event.remove(connection, "before_cursor_execute", remember)
    existence = [s for s in statements if s.lstrip().upper().startswith("SELECT crm_tag.id".upper())]
    assert existence == [], statements
