"""crm.lead and the small models it points to."""

from __future__ import annotations

from typing import Any

from erpserver.orm import fields
from erpserver.orm.model import Model

PRIORITIES = [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")]


class CrmTeam(Model):
    _name = "crm.team"
    _description = "Sales Team"
    _order = "sequence ASC, create_date DESC, id DESC"

    name = fields.Char("Sales Team", required=True, translate=True)
    sequence = fields.Integer("Sequence", default=10)
    active = fields.Boolean("Active", default=True,
                            help="If the active field is set to false, it will allow you to hide the Sales Team "
                                 "without removing it.")
    company_id = fields.Many2one("res.company", "Company", index=True)
    user_id = fields.Many2one("res.users", "Team Leader")
    color = fields.Integer("Color Index", help="The color of the channel")
    use_leads = fields.Boolean("Leads", help="Check this box to filter and qualify incoming requests as leads "
                                             "before converting them into opportunities and assigning them to a "
                                             "salesperson.")
    use_opportunities = fields.Boolean("Pipeline", default=True,
                                       help="Check this box to manage a presales process with opportunities.")


class CrmStage(Model):
    _name = "crm.stage"
    _description = "CRM Stages"
    _order = "sequence, name, id"

    name = fields.Char("Stage Name", required=True, translate=True)
    sequence = fields.Integer("Sequence", default=1, help="Used to order stages. Lower is better.")
    is_won = fields.Boolean("Is Won Stage?")
    requirements = fields.Text("Requirements", help="Enter here the internal requirements for this stage "
                                                    "(ex: Offer sent to customer). It will appear as a tooltip "
                                                    "over the stage's name.")
    team_id = fields.Many2one("crm.team", "Sales Team", ondelete="set null",
                              help="Specific team that uses this stage. Other teams will not be able to see or "
                                   "use this stage.")
    fold = fields.Boolean("Folded in Pipeline",
                          help="This stage is folded in the kanban view when there are no records in that stage "
                               "to display.")


class CrmTag(Model):
    _name = "crm.tag"
    _description = "CRM Tag"
    _order = "name"
    _sql_constraints = [("name_uniq", "unique (name)", "Tag name already exists!")]

    name = fields.Char("Tag Name", required=True, translate=True)
    color = fields.Integer("Color", help="Transparent tags are not visible in the kanban view of your "
                                         "pipeline and opportunities.")


class CrmLostReason(Model):
    _name = "crm.lost.reason"
    _description = "Opp. Lost Reason"

    name = fields.Char("Description", required=True, translate=True)
    active = fields.Boolean("Active", default=True)


class CrmLead(Model):
    _name = "crm.lead"
    _description = "Lead/Opportunity"
    _order = "priority desc, id desc"
    _sql_constraints = [
        ("check_probability", "check(probability >= 0 and probability <= 100)",
         "The probability of closing the deal should be between 0% and 100%!"),
    ]

    name = fields.Char("Opportunity", required=True, index=True)
    user_id = fields.Many2one("res.users", "Salesperson", index=True, default=lambda env: env.uid)
    company_id = fields.Many2one("res.company", "Company", index=True)
    referred = fields.Char("Referred By")
    description = fields.Html("Notes")
    active = fields.Boolean("Active", default=True)
    type = fields.Selection([("lead", "Lead"), ("opportunity", "Opportunity")], "Type", required=True,
                            default="lead", index=True)
    priority = fields.Selection(PRIORITIES, "Priority", default="0", index=True)
    team_id = fields.Many2one("crm.team", "Sales Team", index=True, ondelete="set null",
                              help="When sending mails, the default email address is taken from the Sales Team.")
    stage_id = fields.Many2one("crm.stage", "Stage", index=True, group_expand="_read_group_stage_ids")
    tag_ids = fields.Many2many("crm.tag", "crm_tag_rel", "lead_id", "tag_id", "Tags")
    color = fields.Integer("Color Index", default=0)
    expected_revenue = fields.Monetary("Expected Revenue", currency_field="company_currency")
    company_currency = fields.Many2one("res.currency", "Currency")
    probability = fields.Float("Probability", group_operator="avg")
    lost_reason_id = fields.Many2one("crm.lost.reason", "Lost Reason", index=True, ondelete="restrict")
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

    def _prepare_create(self, vals_list: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """A lead without a stage starts in the first unfolded stage of its team (or of no team)."""
        first: dict[Any, int | bool] = {}  # one search per team of the batch
        for vals in vals_list:
            if "stage_id" not in vals:
                team_id = vals.get("team_id") or False
                if team_id not in first:
                    first[team_id] = self._first_stage(team_id)
                vals["stage_id"] = first[team_id]
        return vals_list

    def _first_stage(self, team_id: int | bool) -> int | bool:
        teams: list[int | bool] = [False, team_id] if team_id else [False]
        stages = self.env["crm.stage"].sudo().search([("team_id", "in", teams), ("fold", "=", False)],
                                                      order="sequence, id", limit=1)
        return stages.id

    def _read_group_stage_ids(self, stage_ids: list[int], domain: Any) -> list[int]:
        """read_group by stage shows every stage: those found, those of no team and those of the
        context's ``default_team_id``, in the stages' order (a kanban's columns)."""
        team_id = self.env.context.get("default_team_id")
        teams: list[int | bool] = [False, team_id] if team_id else [False]
        stages = self.env["crm.stage"].sudo()
        return stages.search(["|", ("id", "in", stage_ids), ("team_id", "in", teams)]).ids


MODELS = [CrmTeam, CrmStage, CrmTag, CrmLostReason, CrmLead]
