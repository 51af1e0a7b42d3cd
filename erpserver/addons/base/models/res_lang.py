"""res.lang: the languages a database knows, active or not. Activating one loads the addons'
translations of it (model and field labels, selection labels, the named records' translated
fields, country names); the active ones are those a context ``lang`` may ask for."""

from __future__ import annotations

import json
from typing import Any, Self

from erpserver.exceptions import UserError, ValidationError
from erpserver.orm import api, fields
from erpserver.orm.arguments import vals_list_of
from erpserver.orm.model import Model

WEEK_DAYS = [("1", "Monday"), ("2", "Tuesday"), ("3", "Wednesday"), ("4", "Thursday"), ("5", "Friday"),
             ("6", "Saturday"), ("7", "Sunday")]
GROUPING_HELP = ("The Separator Format should be like [,n] where 0 < n :starting from Unit digit. "
                 "-1 will end the separation. e.g. [3,2,-1] will represent 106500 to be 1,06,500; "
                 "[1,2,-1] will represent it to be 106,50,0;[3] will represent it as 106,500. "
                 "Provided ',' as the thousand separator in each case.")


class ResLang(Model):
    _name = "res.lang"
    _description = "Languages"
    _order = "active desc, name"
    # the active languages are cached per database (erpserver.orm.localization)
    _invalidates_caches = True
    _sql_constraints = [
        ("name_uniq", "unique(name)", "The name of the language must be unique !"),
        ("code_uniq", "unique(code)", "The code of the language must be unique !"),
        ("url_code_uniq", "unique(url_code)", "The URL code of the language must be unique !"),
    ]

    name = fields.Char("Name", required=True)
    code = fields.Char("Locale Code", required=True, help="This field is used to set/get locales for user")
    iso_code = fields.Char("ISO code", help="This ISO code is the name of po files to use for translations")
    url_code = fields.Char("URL Code", required=True, help="The Lang Code displayed in the URL")
    active = fields.Boolean("Active")
    direction = fields.Selection([("ltr", "Left-to-Right"), ("rtl", "Right-to-Left")], "Direction",
                                 required=True, default="ltr")
    date_format = fields.Char("Date Format", required=True, default="%m/%d/%Y")
    time_format = fields.Char("Time Format", required=True, default="%H:%M:%S")
    week_start = fields.Selection(WEEK_DAYS, "First Day of Week", required=True, default="7")
    grouping = fields.Char("Separator Format", required=True, default="[]", help=GROUPING_HELP)
    decimal_point = fields.Char("Decimal Separator", required=True, default=".", trim=False)
    thousands_sep = fields.Char("Thousands Separator", default=",", trim=False)

    @api.create
    def create(self, vals_list: Any) -> Self:
        vals_list = [dict(vals) for vals in vals_list_of(vals_list)]
        for vals in vals_list:
            if not vals.get("url_code"):
                vals["url_code"] = vals.get("iso_code") or vals.get("code")
            _check_grouping(vals.get("grouping"))
        records = super().create(vals_list)
        records._load_translations([vals["code"] for vals in vals_list if vals.get("active") and vals.get("code")])
        return records

    @api.records
    def write(self, vals: Any) -> bool:
        if not isinstance(vals, dict):
            return super().write(vals)
        rows = self.with_context(active_test=False).read(["code", "active"])
        codes = [row["code"] for row in rows]
        if "code" in vals and any(code != vals["code"] for code in codes):
            raise UserError("Language code cannot be modified.")
        if "grouping" in vals:
            _check_grouping(vals["grouping"])
        if vals.get("active") is False:
            self._check_unused(codes)
        result = super().write(vals)
        if vals.get("active") is False and not self.search_count([]):
            raise ValidationError("At least one language must be active.")
        if vals.get("active"):
            self._load_translations([row["code"] for row in rows if not row["active"]])
        return result

    def _check_unused(self, codes: list[str]) -> None:
        sudo = self.env.sudo()
        if sudo["res.users"].search_count([("lang", "in", codes)]):
            raise UserError("Cannot deactivate a language that is currently used by users.")
        if sudo["res.partner"].search_count([("lang", "in", codes)]):
            raise UserError("Cannot deactivate a language that is currently used by contacts.")

    def _load_translations(self, codes: list[str]) -> None:
        from erpserver.addons.base import translations  # the addons' catalogues

        for code in codes:
            translations.load(self.env.sudo(), code)

    @api.records
    def unlink(self) -> bool:
        for row in self.with_context(active_test=False).read(["code", "active"]):
            if row["code"] == "en_US":
                raise UserError("Base Language 'en_US' can not be deleted.")
            if row["code"] == self.env.context.get("lang"):
                raise UserError("You cannot delete the language which is the user's preferred language.")
            if row["active"]:
                raise UserError("You cannot delete the language which is Active!\n"
                                "Please de-activate the language first.")
        return super().unlink()

    @api.model(readonly=True)
    def get_installed(self) -> list[list[str]]:
        """The active languages as ``[code, name]`` pairs, sorted by name."""
        rows = self.with_context(active_test=True).search_read([], ["code", "name"])
        return sorted(([row["code"], row["name"]] for row in rows), key=lambda pair: pair[1])

    @api.model(readonly=True)
    def get_available(self) -> list[list[Any]]:
        """Every language as ``[code, url_code, name, active, flag image url]``, sorted by name."""
        rows = self.with_context(active_test=False).search_read([], ["code", "url_code", "name", "active"])
        return sorted(([row["code"], row["url_code"], row["name"], row["active"],
                        f"/base/static/img/country_flags/{row['code'].lower().rsplit('_')[-1]}.png"]
                       for row in rows), key=lambda entry: entry[2])


def _check_grouping(grouping: Any) -> None:
    if grouping is None:
        return
    try:
        valid = isinstance(grouping, str) and all(isinstance(x, int) for x in json.loads(grouping))
    except (ValueError, TypeError):
        valid = False
    if not valid:
        raise ValidationError(GROUPING_HELP.replace("Provided ',' as", "Provided as"))


def activate(env: Any, code: str) -> tuple[Model, bool]:
    """Activate the language ``code`` (creating it from Odoo's list when the database lacks it);
    returns the record and whether it was inactive. ValueError for a code Odoo does not ship."""
    from erpserver.addons.base import languages

    langs = env["res.lang"].with_context(active_test=False)
    record = langs.search([("code", "=", code)])
    if not record:
        if code not in languages.CODES:
            raise ValueError(f"Unknown language {code!r}")
        return langs.create({**languages.language(code), "active": True}), True
    if record.read(["active"])[0]["active"]:
        return record, False
    record.action_unarchive()
    return record, True
