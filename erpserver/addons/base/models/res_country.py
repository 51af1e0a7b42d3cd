"""res.country, res.country.state and res.currency (seeded from ISO data by pycountry)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from erpserver.orm import api, fields
from erpserver.orm.model import Model


def _upper_code(vals: dict[str, Any]) -> dict[str, Any]:
    if isinstance(vals.get("code"), str):
        vals = {**vals, "code": vals["code"].upper()}
    return vals


class ResCurrency(Model):
    _name = "res.currency"
    _description = "Currency"
    _order = "active desc, name"

    name = fields.Char("Currency", size=3, required=True, help="Currency Code (ISO 4217)")
    full_name = fields.Char("Name")
    symbol = fields.Char("Symbol", required=True, help="Currency sign, to be used when printing amounts.")
    rounding = fields.Float("Rounding Factor", default=0.01)
    decimal_places = fields.Integer("Decimal Places", default=2)
    position = fields.Selection([("after", "After Amount"), ("before", "Before Amount")], "Symbol Position",
                                default="after")
    active = fields.Boolean("Active", default=True)


class ResCountry(Model):
    _name = "res.country"
    _description = "Country"
    _order = "name"
    _sql_constraints = [
        ("name_uniq", "unique (name)", "The name of the country must be unique!"),
        ("code_uniq", "unique (code)", "The code of the country must be unique!"),
    ]

    name = fields.Char("Country Name", required=True, translate=True)
    code = fields.Char("Country Code", size=2,
                       help="The ISO country code in two chars. \nYou can use this field for quick search.")
    address_format = fields.Text("Layout in Reports")
    currency_id = fields.Many2one("res.currency", "Currency")
    phone_code = fields.Integer("Country Calling Code")
    state_ids = fields.One2many("res.country.state", "country_id", "States")
    name_position = fields.Selection([("before", "Before Address"), ("after", "After Address")],
                                     "Customer Name Position", default="before",
                                     help="Determines where the customer/company name should be placed, i.e. after "
                                          "or before the address.")
    vat_label = fields.Char("Vat Label", translate=True, help="Use this field if you want to change vat label.")
    state_required = fields.Boolean(default=False)
    zip_required = fields.Boolean(default=True)

    def _prepare_create(self, vals_list: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [_upper_code(vals) for vals in vals_list]

    @api.records
    def write(self, vals: Any) -> bool:
        return super().write(_upper_code(dict(vals)) if isinstance(vals, dict) else vals)

    @api.model(readonly=True)
    def name_search(self, name: Any = "", args: Any = None, operator: str = "ilike",
                    limit: Any = 100) -> list[list[Any]]:
        """A two-letter query matches country codes first, then names."""
        found = super().name_search(name, args, operator, limit)
        if isinstance(name, str) and len(name) == 2 and operator == "ilike":
            by_code = super().search([("code", "=ilike", name), *(args or [])]).ids
            rest = [pair for pair in found if pair[0] not in by_code]
            names = self.sudo()._display_names(by_code)
            found = [[i, names[i]] for i in by_code] + rest
            if limit:
                found = found[: int(limit)]
        return found


class ResCountryState(Model):
    _name = "res.country.state"
    _description = "Country state"
    _order = "code"

    country_id = fields.Many2one("res.country", "Country", required=True, index=True)
    name = fields.Char("State Name", required=True)
    code = fields.Char("State Code", required=True)

    def _display_names(self, ids: Iterable[int]) -> dict[int, str | bool]:
        """"California (US)": the state's name and its country's code, in one query."""
        ids = set(ids)
        if not ids:
            return {}
        state, country = self._table, self.env.registry["res.country"]._table
        query = (
            sa.select(state.c.id, state.c.name, country.c.code)
            .select_from(state.outerjoin(country, country.c.id == state.c.country_id))
            .where(state.c.id.in_(ids))
        )
        return {i: f"{name} ({code})" if code else name for i, name, code in self.env.cr.execute(query)}
