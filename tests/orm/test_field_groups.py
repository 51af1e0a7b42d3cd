"""Field ``groups`` (spec C5): hidden from fields_get and from reads without a field list;
reading, writing, filtering or ordering on the field is refused with Odoo's error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

import erpserver.addons
from erpserver.exceptions import AccessError
from erpserver.orm import fields
from erpserver.orm.environment import SUPERUSER_ID, Environment
from erpserver.orm.model import Model
from erpserver.orm.registry import Registry
from erpserver.service.runtime import Runtime


class XPayslip(Model):
    _name = "x_payslip"
    _description = "Payslip"
    __slots__ = ()

    x_name = fields.Char()
    x_salary = fields.Float(groups="base.group_erp_manager")
    x_never = fields.Char(groups=".")
    x_not_portal = fields.Char(groups="!base.group_portal")


@pytest.fixture(scope="module")
def registry(demo_db: str) -> Registry:
    return Registry.build(demo_db, [*erpserver.addons.all_models(), XPayslip])


@pytest.fixture
def envs(runtime: Runtime, registry: Registry, connection: sa.Connection) -> Iterator[tuple[Environment, Environment]]:
    registry.metadata.create_all(connection, tables=[registry.metadata.tables["x_payslip"]])
    root = Environment(registry, connection, SUPERUSER_ID)
    user = root["res.users"].create({"login": "payroll-clerk", "name": "Clerk"})
    model_id = root["ir.model"].create({"name": "Payslip", "model": "x_payslip", "state": "base"}).id
    root["ir.model.access"].create({"name": "payslips", "model_id": model_id,
                                    "group_id": root.ref_id("base.group_user"), "perm_read": True,
                                    "perm_write": True, "perm_create": True, "perm_unlink": True})
    root["x_payslip"].create({"x_name": "March", "x_salary": 3000.0, "x_never": "n", "x_not_portal": "p"})
    yield root(uid=user.id, su=False), root(uid=2, su=False)


def test_a_restricted_field_is_absent_without_a_field_list(envs: tuple[Environment, Environment]) -> None:
    clerk, admin = envs
    assert set(clerk["x_payslip"].fields_get()) >= {"x_name", "x_not_portal"}
    assert "x_salary" not in clerk["x_payslip"].fields_get()
    assert "x_salary" in admin["x_payslip"].fields_get()
    assert "x_never" not in admin["x_payslip"].fields_get()
    row = clerk["x_payslip"].search_read([])[0]
    assert "x_salary" not in row and "x_never" not in row and row["x_name"] == "March"
    assert admin["x_payslip"].search_read([], ["x_salary"])[0]["x_salary"] == 3000.0


@pytest.mark.parametrize("attempt", [
    lambda m: m.search_read([], ["x_salary"]),
    lambda m: m.search([]).read(["x_name", "x_salary"]),
    lambda m: m.search([("x_salary", ">", 1000)]),
    lambda m: m.search([], order="x_salary desc"),
    lambda m: m.search_count([("x_salary", "=", False)]),
    lambda m: m.search([]).write({"x_salary": 1.0}),
])
def test_using_a_restricted_field_is_refused(envs: tuple[Environment, Environment], attempt: Any) -> None:
    clerk, _admin = envs
    with pytest.raises(AccessError) as caught:
        attempt(clerk["x_payslip"])
    assert str(caught.value).startswith(
        'You do not have enough rights to access the fields "x_salary" on Payslip (x_payslip). '
        "Please contact your system administrator.")
    assert clerk["x_payslip"].sudo().search_read([], ["x_salary"])[0]["x_salary"] == 3000.0
