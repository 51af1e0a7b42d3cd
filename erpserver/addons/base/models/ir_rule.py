"""ir.rule: record rules, checked when saved so that applying them never fails.

A rule's ``domain_force`` is read by ``erpserver.orm.safe_domain`` (never ``eval``) and
compiled against its model when the rule is created or changed; ``erpserver.orm.rules``
applies the saved rules to every search and checks them around writes.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from erpserver.exceptions import ValidationError
from erpserver.orm import api, fields, rules, safe_domain
from erpserver.orm.domain import Compiler, parse
from erpserver.orm.model import Model

PERMISSIONS = ("perm_read", "perm_write", "perm_create", "perm_unlink")


class IrRule(Model):
    _name = "ir.rule"
    _description = "Record Rule"
    _order = "model_id DESC, id"
    _invalidates_caches = True

    name = fields.Char("Name", index=True)
    active = fields.Boolean("Active", default=True)
    model_id = fields.Many2one("ir.model", "Model", required=True, index=True, ondelete="cascade")
    groups = fields.Many2many("res.groups", "rule_group_rel", "rule_group_id", "group_id", "Groups")
    domain_force = fields.Text("Domain")
    perm_read = fields.Boolean("Read", default=True)
    perm_write = fields.Boolean("Write", default=True)
    perm_create = fields.Boolean("Create", default=True)
    perm_unlink = fields.Boolean("Delete", default=True)
    vars()["global"] = fields.Boolean("Global", readonly=True, default=True,
                                      help="If no group is specified the rule is global and applied to everyone")

    @api.create
    def create(self, vals_list: Any) -> Any:
        records = super().create(vals_list)
        records._check_rules()
        return records

    @api.records
    def write(self, vals: Any) -> bool:
        result = super().write(vals)
        self._check_rules()
        return result

    def _after_write(self, vals_list: list[dict[str, Any]]) -> None:
        if any("groups" in vals for vals in vals_list):
            self._store_global()

    def _after_create(self, vals_list: list[dict[str, Any]]) -> None:
        self._store_global()

    def _store_global(self) -> None:
        """``global`` is stored, as in Odoo, so clients can filter on it: true without groups."""
        table, rel = self._table, self.env.registry.relation_tables["rule_group_rel"]
        has_groups = sa.exists().where(rel.c.rule_group_id == table.c.id)
        self.env.cr.execute(sa.update(table).where(table.c.id.in_(self.ids)).values({"global": ~has_groups}))

    def _check_rules(self) -> None:
        """The checks Odoo makes on save, with its messages; a rule that passes can always be applied."""
        table = self._table
        ir_model = self.env.registry["ir.model"]._table
        query = (
            sa.select(table.c.id, table.c.domain_force, ir_model.c.model, *(table.c[p] for p in PERMISSIONS))
            .select_from(table.join(ir_model, ir_model.c.id == table.c.model_id))
            .where(table.c.id.in_(self.ids))
        )
        for row in self.env.cr.execute(query).mappings():
            if row["model"] == self._name:
                raise ValidationError("Rules can not be applied on the Record Rules model.")
            if not any(row[p] for p in PERMISSIONS):
                raise ValidationError("Rule must have at least one checked access right!")
            self._check_domain(row["model"], row["domain_force"])

    def _check_domain(self, model_name: str, text: str | None) -> None:
        try:
            template = safe_domain.check(text or "")
            domain = safe_domain.evaluate(template, rules.sample_values(self.env))
            if model_name in self.env.registry:
                model = self.env[model_name].sudo()
                Compiler(model.env, type(model)).compile(parse(domain))
        except (ValueError, TypeError, KeyError) as error:
            raise ValidationError(f"Invalid domain: {error}") from None
