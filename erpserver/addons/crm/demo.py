"""Demo tags and a pipeline of leads: every stage holds some, a few are won, a few lost."""

from __future__ import annotations

import datetime as dt
import random

from erpserver.orm.environment import Environment

TAGS = ["Product", "Software", "Services", "Information", "Design", "Training", "Consulting", "Other"]
SUBJECTS = ["Office chairs", "Conference tables", "Storage units", "Desk lamps", "Acoustic panels",
            "Standing desks", "Kitchen fit-out", "Reception sofa"]


def install_demo(env: Environment) -> None:
    rng = random.Random(29)
    tags = env["crm.tag"].create([{"name": name, "color": index % 11 + 1} for index, name in enumerate(TAGS)]).ids
    stages = env["crm.stage"].search([]).read(["is_won"])
    team = env.ref_id("sales_team.team_sales_department")
    reasons = env["crm.lost.reason"].search([]).ids
    partners = env["res.partner"].search([("is_company", "=", True)], limit=16).read(["name", "email"])
    today = dt.date(2024, 6, 3)
    leads = []
    for index, row in enumerate(partners):
        stage = stages[index % len(stages)]
        lost = index % 7 == 6
        leads.append({
            "name": f"{rng.choice(SUBJECTS)} for {row['name']}", "partner_id": row["id"],
            "type": "lead" if index % 5 == 0 else "opportunity", "stage_id": stage["id"], "team_id": team,
            "expected_revenue": float(rng.randint(5, 90) * 1000),
            "probability": 100.0 if stage["is_won"] else 0.0 if lost else float(rng.randint(10, 90)),
            "email_from": row["email"] or False, "priority": rng.choice(["0", "1", "2", "3"]),
            "tag_ids": [(6, 0, rng.sample(tags, rng.randint(0, 3)))],
            "date_deadline": (today + dt.timedelta(days=rng.randint(-60, 120))).isoformat(),
            "active": not lost, "lost_reason_id": rng.choice(reasons) if lost else False,
        })
    env["crm.lead"].create(leads)
