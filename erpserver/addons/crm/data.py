"""What every database gets with the CRM: a sales team, the pipeline's stages, lost reasons
(Odoo's own records, under Odoo's external ids)."""

from __future__ import annotations

from erpserver.orm.environment import Environment

# (xmlid, name, sequence, is_won)
STAGES = [
    ("stage_lead1", "New", 1, False),
    ("stage_lead2", "Qualified", 2, False),
    ("stage_lead3", "Proposition", 3, False),
    ("stage_lead4", "Won", 70, True),
]
LOST_REASONS = [
    ("lost_reason_1", "Too expensive"),
    ("lost_reason_2", "We don't have people/skills"),
    ("lost_reason_3", "Not enough stock"),
]


def name_records(env: Environment, module: str, model: str, pairs: list[tuple[str, int]]) -> None:
    env["ir.model.data"].create([
        {"module": module, "name": name, "model": model, "res_id": res_id, "noupdate": True} for name, res_id in pairs
    ])


def install_data(env: Environment) -> None:
    team = env["crm.team"].create({"name": "Sales", "sequence": 0, "use_leads": True})
    name_records(env, "sales_team", "crm.team", [("team_sales_department", team.id)])
    stages = env["crm.stage"].create([
        {"name": name, "sequence": sequence, "is_won": won} for _xmlid, name, sequence, won in STAGES
    ])
    name_records(env, "crm", "crm.stage", list(zip((x for x, *_ in STAGES), stages.ids, strict=True)))
    reasons = env["crm.lost.reason"].create([{"name": name} for _xmlid, name in LOST_REASONS])
    name_records(env, "crm", "crm.lost.reason", list(zip((x for x, _ in LOST_REASONS), reasons.ids, strict=True)))
