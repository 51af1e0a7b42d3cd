"""res.company: the companies of the database, each with its partner."""

from __future__ import annotations

from typing import Any, Self

from erpserver.exceptions import UserError
from erpserver.orm import api, fields
from erpserver.orm.model import Model


class ResCompany(Model):
    _name = "res.company"
    _description = "Companies"
    _order = "sequence, name"

    name = fields.Char("Company Name", required=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    parent_id = fields.Many2one("res.company", "Parent Company", index=True, ondelete="restrict")
    child_ids = fields.One2many("res.company", "parent_id", "Branches")
    partner_id = fields.Many2one("res.partner", "Partner", required=True, ondelete="restrict")
    currency_id = fields.Many2one("res.currency", "Currency", required=True)
    email = fields.Char(related="partner_id.email")
    phone = fields.Char(related="partner_id.phone")
    website = fields.Char(related="partner_id.website")
    vat = fields.Char(related="partner_id.vat")
    street = fields.Char(related="partner_id.street")
    city = fields.Char(related="partner_id.city")
    zip = fields.Char(related="partner_id.zip")
    country_id = fields.Many2one("res.country", related="partner_id.country_id")
    company_registry = fields.Char("Company ID")
    report_header = fields.Html("Company Tagline")
    report_footer = fields.Html("Report Footer")

    def _prepare_create(self, vals_list: list[dict[str, Any]]) -> list[dict[str, Any]]:
        prepared = []
        for vals in vals_list:
            vals = dict(vals)
            if not vals.get("partner_id") and vals.get("name"):
                partner = self.env["res.partner"].sudo().create({"name": vals["name"], "is_company": True})
                vals["partner_id"] = partner.id
            if not vals.get("currency_id"):
                currency = self.env["res.currency"].sudo().search([("name", "=", "EUR")], limit=1)
                vals["currency_id"] = currency.id or False
            prepared.append(vals)
        return prepared

    @api.records(returns_one=True)
    def copy(self, default: Any = None) -> Self:
        raise UserError("Duplicating a company is not allowed. Please create a new company instead.")
