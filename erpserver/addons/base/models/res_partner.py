"""res.partner: companies and their contacts; display name "Company, Person"."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa

from erpserver.addons.base import partner_names
from erpserver.exceptions import UserError, ValidationError
from erpserver.orm import aliases, api, fields, localization
from erpserver.orm.environment import Environment
from erpserver.orm.inserting import SELF_ID
from erpserver.orm.model import Model

ADDRESS_TYPES = [
    ("contact", "Contact"),
    ("invoice", "Invoice Address"),
    ("delivery", "Delivery Address"),
    ("other", "Other Address"),
]
COMMERCIAL_FIELDS = ("vat", "company_registry", "industry_id")
# Odoo 17's help texts (fields_get ``help``)
TZ_HELP = ("When printing documents and exporting/importing data, time values are computed according to this "
           "timezone.\nIf the timezone is not set, UTC (Coordinated Universal Time) is used.\nAnywhere else, time "
           "values are computed according to the time offset of your web client.")
VAT_HELP = ("The Tax Identification Number. Values here will be validated based on the country format. You can use "
            "'/' to indicate that the partner is not subject to tax.")
REGISTRY_HELP = ("The registry number of the company. Use it if it is different from the Tax ID. It must be unique "
                 "across all partners of a same country")
TYPE_HELP = ("- Contact: Use this to organize the contact details of employees of a given company (e.g. CEO, CFO, "
             "...).\n- Invoice Address: Preferred address for all invoices. Selected by default when you invoice an "
             "order that belongs to this company.\n- Delivery Address: Preferred address for all deliveries. "
             "Selected by default when you deliver an order that belongs to this company.\n- Other: Other address "
             "for the company (e.g. subsidiary, ...)")


def _tz_selection(env: object) -> list[tuple[str, str]]:
    import zoneinfo

    return [(tz, tz) for tz in sorted(zoneinfo.available_timezones()) if "/" in tz or tz == "UTC"]


def _lang_selection(env: Environment) -> list[tuple[str, str]]:
    """The active languages (res.lang), sorted by name."""
    return list(localization.active_languages(env).items())


class ResPartnerCategory(Model):
    _name = "res.partner.category"
    _description = "Partner Tags"
    _order = "name"

    name = fields.Char("Tag Name", required=True, translate=True)
    color = fields.Integer("Color")
    parent_id = fields.Many2one("res.partner.category", "Parent Category", index=True, ondelete="cascade")
    active = fields.Boolean(default=True)


class ResPartnerTitle(Model):
    _name = "res.partner.title"
    _description = "Partner Title"
    _order = "name"

    name = fields.Char("Title", required=True, translate=True)
    shortcut = fields.Char("Abbreviation", translate=True)


class ResPartnerIndustry(Model):
    _name = "res.partner.industry"
    _description = "Industry"
    _order = "name"

    name = fields.Char("Name", translate=True)
    full_name = fields.Char("Full Name", translate=True)
    active = fields.Boolean(default=True)


class ResPartner(Model):
    _name = "res.partner"
    _description = "Contact"
    _order = "complete_name ASC, id DESC"
    _rec_name = "complete_name"
    _rec_names_search = ["complete_name", "email", "ref", "vat", "company_registry"]

    name = fields.Char("Name", index=True)
    complete_name = fields.Char("Complete Name", index=True)
    title = fields.Many2one("res.partner.title", "Title")
    parent_id = fields.Many2one("res.partner", "Related Company", index=True)
    parent_name = fields.Char("Parent name", related="parent_id.name", readonly=True)
    child_ids = fields.One2many("res.partner", "parent_id", "Contact", domain=[("active", "=", True)])
    ref = fields.Char("Reference", index=True)
    lang = fields.Selection(_lang_selection, "Language", default=localization.context_lang,
                            help="All the emails and documents sent to this contact will be translated in "
                                 "this language.")
    tz = fields.Selection(_tz_selection, "Timezone", help=TZ_HELP)
    user_id = fields.Many2one("res.users", "Salesperson", help="The internal user in charge of this contact.")
    vat = fields.Char("Tax ID", index=True, help=VAT_HELP)
    company_registry = fields.Char("Company ID", help=REGISTRY_HELP)
    website = fields.Char("Website Link")
    comment = fields.Html("Notes")
    category_id = fields.Many2many("res.partner.category", "res_partner_res_partner_category_rel",
                                   "partner_id", "category_id", "Tags")
    active = fields.Boolean(default=True)
    employee = fields.Boolean(help="Check this box if this contact is an Employee.")
    function = fields.Char("Job Position")
    type = fields.Selection(ADDRESS_TYPES, "Address Type", default="contact", help=TYPE_HELP)
    street = fields.Char()
    street2 = fields.Char()
    zip = fields.Char()
    city = fields.Char()
    state_id = fields.Many2one("res.country.state", "State", ondelete="restrict",
                               domain="[('country_id', '=?', country_id)]")
    country_id = fields.Many2one("res.country", "Country", ondelete="restrict")
    country_code = fields.Char("Country Code", related="country_id.code")
    partner_latitude = fields.Float("Geo Latitude", digits=(10, 7))
    partner_longitude = fields.Float("Geo Longitude", digits=(10, 7))
    email = fields.Char()
    phone = fields.Char()
    mobile = fields.Char()
    is_company = fields.Boolean("Is a Company", default=False,
                                help="Check if the contact is a company, otherwise it is a person")
    industry_id = fields.Many2one("res.partner.industry", "Industry")
    company_type = fields.Selection([("person", "Individual"), ("company", "Company")], "Company Type",
                                    compute="_compute_company_type", inverse="_inverse_company_type")
    company_id = fields.Many2one("res.company", "Company", index=True)
    color = fields.Integer("Color Index", default=0)
    user_ids = fields.One2many("res.users", "partner_id", "Users")
    commercial_partner_id = fields.Many2one("res.partner", "Commercial Entity", index=True, readonly=True)
    commercial_company_name = fields.Char("Company Name Entity", readonly=True)
    company_name = fields.Char("Company Name")
    barcode = fields.Char(help="Use a barcode to identify this contact.")
    image_1920 = fields.Binary("Image")

    def _compute_company_type(self) -> list[str]:
        rows = {r["id"]: r["is_company"] for r in self.read(["is_company"])}
        return ["company" if rows.get(i) else "person" for i in self.ids]

    def _inverse_company_type(self, value: Any) -> None:
        self.write({"is_company": value == "company"})

    @classmethod
    def _display_name_sql(cls, table: sa.FromClause, env: Environment) -> Any:
        if partner_names.asks_for_more(env.context):
            return None  # computed by _display_names
        return sa.func.coalesce(sa.func.nullif(table.c.complete_name, ""), table.c.name)

    def _display_names(self, ids: Iterable[int]) -> dict[int, str | bool]:
        ids = set(ids)
        if not ids:
            return {}
        table = self._table
        query = sa.select(table.c.id, table.c.complete_name, table.c.name).where(table.c.id.in_(ids))
        names: dict[int, str | bool] = {i: complete or name or False for i, complete, name in self.env.cr.execute(query)}
        if partner_names.asks_for_more(self.env.context):
            return partner_names.display_names(self.env, names, names)
        return names

    def _prepare_create(self, vals_list: list[dict[str, Any]]) -> list[dict[str, Any]]:
        prepared = []
        for vals in vals_list:
            vals = dict(vals)
            if vals.get("type", "contact") == "contact" and not vals.get("name"):
                raise ValidationError("The operation cannot be completed: Contacts require a name")
            if "company_type" in vals and "is_company" not in vals:
                vals["is_company"] = vals.pop("company_type") == "company"
            if isinstance(vals.get("website"), str) and vals["website"] and "://" not in vals["website"]:
                vals["website"] = f"http://{vals['website']}"
            prepared.append(vals)
        if not any(vals.get("parent_id") for vals in prepared):
            # the usual case: top-level records are their own commercial entity, written by the INSERT
            for vals in prepared:
                vals["complete_name"] = vals.get("name")
                vals["commercial_partner_id"] = SELF_ID
        return prepared

    def _insert_is_final(self, vals_list: list[dict[str, Any]]) -> bool:
        return not any(vals.get("parent_id") for vals in vals_list)

    def _after_create(self, vals_list: list[dict[str, Any]]) -> None:
        # contacts created with the record (child_ids commands, load's sub-rows) were named before it
        with_contacts = [record_id for record_id, vals in zip(self.ids, vals_list, strict=True)
                         if vals.get("child_ids")]
        if any(vals.get("parent_id") for vals in vals_list):
            self._recompute_names(self.ids, with_contacts=bool(with_contacts))
            return
        # top-level records are their own commercial entity: written by the INSERT (_prepare_create)
        if with_contacts:
            self._recompute_names(with_contacts)

    def _after_write(self, vals_list: list[dict[str, Any]]) -> None:
        touched = {"name", "parent_id", "is_company", "type"}
        if any(touched & set(vals) for vals in vals_list):
            self._recompute_names(self.ids)

    def _recompute_names(self, ids: list[int], with_contacts: bool = True) -> None:
        """complete_name and commercial partner of the records, then of their contacts."""
        table, cr = self._table, self.env.cr
        parent = aliases.alias(table, "parent")
        is_company = sa.func.coalesce(table.c.is_company, sa.false())
        seen: set[int] = set()
        while ids:
            # companies and top-level contacts: one set-based statement for the whole batch
            cr.execute(
                sa.update(table)
                .where(table.c.id.in_(ids), sa.or_(table.c.parent_id.is_(None), is_company == sa.true()))
                .values(complete_name=table.c.name, commercial_partner_id=table.c.id)
            )
            query = (
                sa.select(table.c.id, table.c.name, table.c.type, parent.c.id, parent.c.complete_name,
                          parent.c.commercial_partner_id)
                .select_from(table.join(parent, parent.c.id == table.c.parent_id))
                .where(table.c.id.in_(ids), is_company == sa.false())
            )
            for pid, name, kind, parent_id, parent_name, parent_commercial in cr.execute(query).all():
                label = name or dict(ADDRESS_TYPES).get(kind or "contact")
                cr.execute(
                    sa.update(table).where(table.c.id == pid).values(
                        complete_name=f"{parent_name}, {label}" if parent_name else label,
                        commercial_partner_id=parent_commercial or parent_id,
                    )
                )
            if not with_contacts:
                return
            seen.update(ids)
            children = sa.select(table.c.id).where(table.c.parent_id.in_(ids))
            ids = [i for i in cr.execute(children).scalars() if i not in seen]

    def _prepare_write(self, vals: dict[str, Any]) -> dict[str, Any]:
        if isinstance(vals.get("website"), str) and vals["website"] and "://" not in vals["website"]:
            vals["website"] = f"http://{vals['website']}"
        if vals.get("parent_id") and self.ids:
            ancestors = self.browse(vals["parent_id"])._hierarchy_ids("parent_of", vals["parent_id"], None)
            if set(ancestors) & set(self.ids):
                raise ValidationError("You cannot create recursive Partner hierarchies.")
        if vals.get("active") is False:
            self._check_no_active_user("archive")
        return vals

    @api.records
    def unlink(self) -> bool:
        self._check_no_active_user("delete")
        return super().unlink()

    def _check_no_active_user(self, verb: str) -> None:
        """Odoo's guard: a contact goes only after the user it belongs to is archived."""
        users = self.env["res.users"].sudo().search([("partner_id", "in", list(self._ids))])
        if not users:
            return
        names = ", ".join(str(name) for name in users._display_names(users.ids).values())
        if self.env["res.users"].check_access_rights("write", raise_exception=False):
            rather = ("You first need to archive their associated user." if verb == "archive"
                      else "You should rather archive them after archiving their associated user.")
            raise UserError(f"You cannot {verb} contacts linked to an active user.\n{rather}\n\n"
                            f"Linked active users : {names}")
        raise ValidationError(f"You cannot {verb} contacts linked to an active user.\n"
                              "Ask an administrator to archive their associated user first.\n\n"
                              f"Linked active users :\n{names}")

    def _copy_overrides(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return {"name": f"{values.get('name') or ''} (copy)"}

    @api.model
    def name_create(self, name: str) -> list[Any] | bool:
        """"Name <email@example.com>" creates a contact with both."""
        import email.utils

        display, address = email.utils.parseaddr(name)
        if self.env.context.get("default_type") not in (None, False, *(k for k, _l in ADDRESS_TYPES)):
            # an unknown address type is ignored: the field's default applies
            self = self.with_env(self.env(context={k: v for k, v in self.env.context.items() if k != "default_type"}))
        if self.env.context.get("force_email") and not (address and "@" in address):
            raise ValidationError("Couldn't create contact without email address!")
        if address and "@" in address:
            record = self.create({"name": display or address, "email": address})
        else:
            record = self.create({"name": name})
        return [record.id, self._display_names([record.id])[record.id]]
