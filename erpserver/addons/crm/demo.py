"""Demo stages and leads."""

from __future__ import annotations

import random

from erpserver.orm.environment import Environment

STAGES = ["New", "Qualified", "Proposition", "Won"]
SUBJECTS = ["Office chairs", "Conference tables", "Storage units", "Desk lamps", "Acoustic panels",
            "Standing desks", "Kitchen fit-out", "Reception sofa"]


def install_demo(env: Environment) -> None:
    rng = random.Random(29)
    stages = env["crm.stage"].create([
        {"name": name, "sequence": index, "is_won": name == "Won"} for index, name in enumerate(STAGES)
    ])
    partners = env["res.partner"].search([("is_company", "=", True)], limit=12)
    env["crm.lead"].create([
        {
            "name": f"{rng.choice(SUBJECTS)} for {row['name']}", "partner_id": row["id"],
            "type": rng.choice(["lead", "opportunity"]), "stage_id": rng.choice(stages.ids),
            "expected_revenue": float(rng.randint(5, 90) * 1000), "probability": float(rng.randint(10, 90)),
            "email_from": row["email"] or False, "priority": rng.choice(["0", "1", "2", "3"]),
        }
        for row in partners.read(["name", "email"])
    ])
