"""crm.lead and the small models it points to."""

from __future__ import annotations

from typing import Any

from erpserver.orm import fields
from erpserver.orm.model import Model

PRIORITIES = [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")]


class CrmStage(Model):
    _name = "crm.stage"
    _description = "CRM Stages"
    _order = "sequence, name, id"

    name = fields.Char("Stage Name", required=True, translate=True)
    sequence = fields.Integer("Sequence", default=1)
    is_won = fields.Boolean("Is Won Stage?")
    fold = fields.Boolean("Folded in Pipeline")


class CrmTag(Model):
    _name = "crm.tag"
    _description = "CRM Tag"
    _order = "name"

    name = fields.Char("Tag Name", required=True, translate=True)
    color = fields.Integer("Color")


class CrmLead(Model):
    _name = "crm.lead"
    _description = "Lead/Opportunity"
    _order = "priority desc, id desc"

    name = fields.Char("Opportunity", required=True, index=True)
    user_id = fields.Many2one("res.users", "Salesperson", index=True, default=lambda env: env.uid)
    company_id = fields.Many2one("res.company", "Company", index=True)
    referred = fields.Char("Referred By")
    description = fields.Html("Notes")
    active = fields.Boolean("Active", default=True)
    type = fields.Selection([("lead", "Lead"), ("opportunity", "Opportunity")], "Type", required=True,
                            default="lead", index=True)
    priority = fields.Selection(PRIORITIES, "Priority", default="0", index=True)
    stage_id = fields.Many2one("crm.stage", "Stage", index=True, group_expand="_read_group_stage_ids")
    tag_ids = fields.Many2many("crm.tag", "crm_tag_rel", "lead_id", "tag_id", "Tags")
    color = fields.Integer("Color Index", default=0)
    expected_revenue = fields.Monetary("Expected Revenue", currency_field="company_currency")
    company_currency = fields.Many2one("res.currency", "Currency")
    probability = fields.Float("Probability", group_operator="avg")
    date_closed = fields.Datetime("Closed Date", copy=False)
    date_open = fields.Datetime("Assignment Date")
    date_deadline = fields.Date("Expected Closing")
    partner_id = fields.Many2one("res.partner", "Customer", index=True)
    contact_name = fields.Char("Contact Name")
    contact_surname = fields.Char("Contact Surname")
    partner_name = fields.Char("Company Name")
    function = fields.Char("Job Position")
    email_from = fields.Char("Email", index=True)
    phone = fields.Char("Phone")
    mobile = fields.Char("Mobile")
    fax = fields.Char("Fax")
    website = fields.Char("Website")
    street = fields.Char("Street")
    street2 = fields.Char("Street2")
    zip = fields.Char("Zip")
    city = fields.Char("City")
    state_id = fields.Many2one("res.country.state", "State")
    country_id = fields.Many2one("res.country", "Country")
    lang_code = fields.Char("Language")

    def _read_group_stage_ids(self, stage_ids: list[int], domain: Any) -> list[int]:
        """read_group by stage shows every stage, in the stages' order (a kanban's columns)."""
        return self.env["crm.stage"].sudo().search(["|", ("id", "in", stage_ids), (1, "=", 1)]).ids


MODELS = [CrmStage, CrmTag, CrmLead]
