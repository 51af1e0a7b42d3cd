"""A small fictional data set, so that the documentation's examples give non-empty answers."""

from __future__ import annotations

import random

from erpserver.orm.environment import Environment

COMPANY_NAMES = [
    "Azure Interior", "Deco Addict", "Gemini Furniture", "Lumber Inc", "Ready Mat", "Wood Corner",
    "Bright Harbor", "Northwind Foods", "Copper Kettle", "Silver Birch", "Blue Fern Studio", "Red Canyon",
    "Granite Works", "Harbor Lights", "Maple Leaf Trading", "Olive Grove", "Pine Ridge Supplies",
    "Quartz Labs", "River Stone", "Sunflower Farms", "Tidewater Tools", "Urban Nest", "Velvet Loom",
    "Willow Creek", "Yellow Tail Logistics", "Zephyr Motors",
]
FIRST_NAMES = ["Ana", "Ben", "Chloé", "Dev", "Elif", "Farid", "Greta", "Hiro", "Iris", "Jonas", "Kemi", "Lars",
               "Mina", "Nico", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tara", "Uma", "Victor", "Wen", "Yara"]
LAST_NAMES = ["Almeida", "Brooks", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Hansen", "Ito", "Jensen",
              "Khan", "López", "Müller", "Nowak", "Okafor", "Petrov", "Rossi", "Silva", "Tanaka", "Weber"]
COUNTRIES = ["BE", "US", "FR", "DE", "ES", "IT", "NL", "GB", "CA", "BR", "IN", "JP", "MX", "AU", "CH"]
CITIES = {"BE": "Brussels", "US": "Springfield", "FR": "Lyon", "DE": "Hamburg", "ES": "Valencia", "IT": "Turin",
          "NL": "Utrecht", "GB": "Leeds", "CA": "Toronto", "BR": "Curitiba", "IN": "Pune", "JP": "Osaka",
          "MX": "Puebla", "AU": "Perth", "CH": "Basel"}
FUNCTIONS = ["Purchaser", "Sales Manager", "CEO", "Accountant", "Office Manager", "Engineer"]


def install_demo(env: Environment) -> None:
    rng = random.Random(17)
    countries = {code: env.ref_id(f"base.{code.lower()}") for code in COUNTRIES}
    companies = []
    for index, name in enumerate(COMPANY_NAMES):
        code = COUNTRIES[index % len(COUNTRIES)]
        slug = name.lower().replace(" ", "")
        companies.append({
            "name": name, "is_company": True, "country_id": countries[code], "city": CITIES[code],
            "street": f"{rng.randint(1, 250)} {rng.choice(['Main', 'Oak', 'Station', 'Market'])} Street",
            "zip": f"{rng.randint(1000, 99999)}", "email": f"info@{slug}.example.com",
            "phone": f"+1 555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
            "website": f"http://www.{slug}.example.com", "ref": f"C{index + 1:03d}",
        })
    created = env["res.partner"].create(companies)
    contacts = []
    for company_id, company in zip(created.ids, companies, strict=True):
        for _ in range(rng.randint(1, 3)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            contacts.append({
                "name": f"{first} {last}", "parent_id": company_id, "function": rng.choice(FUNCTIONS),
                "email": f"{first.lower()}.{last.lower()}@example.com", "country_id": company["country_id"],
                "city": company["city"],
            })
    for _ in range(8):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        contacts.append({"name": f"{first} {last}", "email": f"{first.lower()}{rng.randint(1, 99)}@example.com",
                         "country_id": countries[rng.choice(COUNTRIES)]})
    env["res.partner"].create(contacts)
