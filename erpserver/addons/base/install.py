"""What a new database holds: the rows describing its models, and the base data."""

from __future__ import annotations

from typing import Any, cast

import pycountry
import sqlalchemy as sa

from erpserver.addons.base import languages
from erpserver.addons.base.models.ir_model import insert_field_rows, insert_selection_rows, ir_field_row
from erpserver.orm.environment import SUPERUSER_ID, Environment
from erpserver.orm.localization import DEFAULT_LANG

# States are seeded for the countries whose addresses usually carry one.
STATE_COUNTRIES = ("US", "CA", "MX", "AU", "BR", "IN")
ACTIVE_CURRENCIES = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF", "JPY": "¥", "CAD": "$", "AUD": "$"}

GROUPS = [
    # xmlid, name, implied xmlids, share (a group of external users)
    ("group_user", "Internal User", [], False),
    ("group_portal", "Portal", [], True),
    ("group_public", "Public", [], True),
    ("group_partner_manager", "Contact Creation", [], False),
    ("group_no_one", "Technical Features", [], False),
    ("group_multi_company", "Multi Companies", [], False),
    ("group_erp_manager", "Access Rights", ["group_user"], False),
    ("group_system", "Settings", ["group_erp_manager"], False),
    ("group_allow_export", "Access to export feature", [], False),
]
# Models only administrators may read: an internal user sees none of the security configuration.
ADMIN_ONLY = ("ir.model", "ir.model.fields", "ir.model.fields.selection", "ir.model.data", "ir.model.access",
              "ir.rule")
# (xmlid, model, name, domain, group xmlids): rules without groups are global, applied to every
# user but the superuser; group rules to their groups' members (ORed together).
RULES: list[tuple[str, str, str, str, list[str]]] = [
    ("res_partner_rule", "res.partner", "res.partner company",
     "['|', ('company_id', '=', False), ('company_id', 'in', company_ids)]", []),
    # API keys: each user their own, administrators all (Odoo's api_key_user and api_key_admin);
    # a key description only its maker (Odoo restricts every transient model so).
    ("api_key_user", "res.users.apikeys", "users can only access their own API keys",
     "[('user_id', '=', user.id)]", ["group_user"]),
    ("api_key_admin", "res.users.apikeys", "administrators can access all API keys", "[(1, '=', 1)]",
     ["group_system"]),
    ("api_key_description_owner", "res.users.apikeys.description", "API key descriptions: their maker's own",
     "[('create_uid', '=', user.id)]", []),
]
# (model, group xmlid, read, write, create, unlink); models not listed get read for internal
# users and everything for Settings.
ACCESS = [
    ("res.partner", "group_user", 1, 1, 1, 1),
    ("res.partner.category", "group_user", 1, 1, 1, 1),
    ("crm.lead", "group_user", 1, 1, 1, 1),
    ("crm.tag", "group_user", 1, 1, 1, 1),
    ("res.partner", "group_portal", 1, 0, 0, 0),
    ("ir.model", "group_erp_manager", 1, 1, 1, 1),
    ("ir.model.fields", "group_erp_manager", 1, 1, 1, 1),
    ("ir.model.access", "group_erp_manager", 1, 1, 1, 1),
    ("ir.rule", "group_erp_manager", 1, 1, 1, 1),
    ("res.groups", "group_erp_manager", 1, 1, 1, 1),
    ("res.users", "group_erp_manager", 1, 1, 1, 1),
    # API keys: everyone reads and deletes their own (RULES); only make_key creates them.
    # Portal users may start a description, so that make_key answers them with Odoo's refusal.
    ("res.users.apikeys", "group_user", 1, 0, 0, 1),
    ("res.users.apikeys.description", "group_user", 1, 1, 1, 1),
    ("res.users.apikeys.description", "group_portal", 1, 1, 1, 1),
]


def xmlid(env: Environment, module: str, name: str, model: str, res_id: int, noupdate: bool = False) -> None:
    env["ir.model.data"].create({"module": module, "name": name, "model": model, "res_id": res_id,
                                 "noupdate": noupdate})


def reflect_models(env: Environment) -> None:
    """One ir.model row per model and one ir.model.fields row per field (state ``base``)."""
    registry = env.registry
    ir_model = env["ir.model"]
    rows = []
    for name, model in sorted(registry.models.items()):
        record = ir_model.create({"name": model._description or name, "model": name, "state": "base",
                                  "order": model._order, "transient": model._transient, "info": model.__doc__})
        xmlid(env, "base", f"model_{name.replace('.', '_')}", "ir.model", record.id)
        rows += [ir_field_row(record.id, name, field, "base") for field in model._fields.values()]
    insert_field_rows(env, rows)
    insert_selection_rows(env, [field for model in registry.models.values() for field in model._fields.values()])


def seed_languages(env: Environment) -> None:
    """Every language Odoo ships, English (US) alone active."""
    langs = env["res.lang"].create([{**language, "active": language["code"] == DEFAULT_LANG}
                                    for language in languages.languages()])
    for language, record_id in zip(languages.languages(), langs.ids, strict=True):
        xmlid(env, "base", f"lang_{language['code']}", "res.lang", record_id)


def seed_countries(env: Environment) -> None:
    currencies = {}
    for code, symbol in ACTIVE_CURRENCIES.items():
        currency = pycountry.currencies.get(alpha_3=code)
        assert currency is not None, code
        record = env["res.currency"].create({"name": code, "symbol": symbol, "full_name": currency.name})
        currencies[code] = record.id
        xmlid(env, "base", code, "res.currency", record.id, noupdate=True)
    countries = sorted(pycountry.countries, key=lambda c: c.alpha_2)
    created = env["res.country"].create([
        {"name": getattr(c, "common_name", None) or c.name, "code": c.alpha_2} for c in countries
    ])
    by_code = dict(zip((c.alpha_2 for c in countries), created.ids, strict=True))
    for code, record_id in by_code.items():
        xmlid(env, "base", code.lower(), "res.country", record_id)
    states = []
    for code in STATE_COUNTRIES:
        for sub in sorted(cast(Any, pycountry.subdivisions).get(country_code=code) or [], key=lambda s: s.code):
            if sub.parent_code:
                continue
            states.append({"country_id": by_code[code], "name": sub.name, "code": sub.code.split("-", 1)[1]})
    env["res.country.state"].create(states)


def seed_security(env: Environment, admin_login: str, admin_password: str) -> None:
    group_ids: dict[str, int] = {}
    for name, label, implied, share in GROUPS:
        group_id = int(env["res.groups"].create({"name": label, "implied_ids": [group_ids[i] for i in implied],
                                                 "share": share}).id)
        group_ids[name] = group_id
        xmlid(env, "base", name, "res.groups", group_id)
    eur = env.ref_id("base.EUR")
    company_partner = env["res.partner"].create({"name": "My Company", "is_company": True})
    company = env["res.company"].create({"name": "My Company", "partner_id": company_partner.id,
                                         "currency_id": eur})
    env["res.partner"].browse(company_partner.id).write({"company_id": company.id})
    xmlid(env, "base", "main_company", "res.company", company.id)
    xmlid(env, "base", "main_partner", "res.partner", company_partner.id)
    root = env["res.users"].create({"login": "__system__", "name": "OdooBot", "active": False,
                                    "company_id": company.id, "groups_id": [(6, 0, [group_ids["group_system"]])]})
    admin = env["res.users"].create({"login": admin_login, "name": "Administrator", "password": admin_password,
                                     "company_id": company.id, "email": "admin@example.com",
                                     "groups_id": [(6, 0, [group_ids["group_system"]])]})
    assert (root.id, admin.id) == (1, 2), "the superuser and the administrator must be uids 1 and 2"
    xmlid(env, "base", "user_root", "res.users", root.id)
    xmlid(env, "base", "user_admin", "res.users", admin.id)
    ir_model = env.registry["ir.model"]._table
    model_ids: dict[str, int] = dict(env.cr.execute(sa.select(ir_model.c.model, ir_model.c.id)).all())
    rows: list[tuple[str, str, int, int, int, int]] = list(ACCESS)
    explicit = {(model, group) for model, group, *_ in ACCESS}
    for model in model_ids:
        if (model, "group_user") not in explicit and model not in ADMIN_ONLY:
            rows.append((model, "group_user", 1, 0, 0, 0))
        rows.append((model, "group_system", 1, 1, 1, 1))
    env["ir.model.access"].create([
        {"name": f"access_{model.replace('.', '_')}_{group}", "model_id": model_ids[model],
         "group_id": group_ids[group], "perm_read": bool(r), "perm_write": bool(w), "perm_create": bool(c),
         "perm_unlink": bool(u)}
        for model, group, r, w, c, u in rows
    ])
    for name, model, label, domain, groups in RULES:
        rule = env["ir.rule"].create({"name": label, "model_id": model_ids[model], "domain_force": domain,
                                      "groups": [(6, 0, [group_ids[group] for group in groups])]})
        xmlid(env, "base", name, "ir.rule", rule.id)


def install_base(env: Environment, admin_login: str, admin_password: str) -> None:
    """Fill a freshly migrated database. Rows are logged as created by the superuser (uid 1)."""
    installing = env.with_context(install_mode=True)
    reflect_models(installing)
    seed_languages(installing)
    seed_countries(installing)
    seed_security(installing, admin_login, admin_password)
    for model in env.registry.models.values():
        if model._log_access:
            table = model._table
            env.cr.execute(sa.update(table).values(create_uid=SUPERUSER_ID, write_uid=SUPERUSER_ID))


def install_language(env: Environment, code: str, default: bool = False) -> bool:
    """Activate ``code`` and load its translations; ``default``: it also becomes the language of
    the administrator and of the main company. Returns whether it was inactive before."""
    from erpserver.addons.base.models.res_lang import activate

    _record, activated = activate(env, code)
    if default:
        partners = [ref for ref in (env.ref_id("base.main_partner"),) if ref]
        admin = env.ref_id("base.user_admin")
        if admin:
            partners += [row["partner_id"] for row in env["res.users"].browse(admin).read(["partner_id"], load="")]
        env["res.partner"].browse(partners).write({"lang": code})
    return activated
