"""res.users and res.groups: who may log in, and what they belong to."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import sqlalchemy as sa

from erpserver.exceptions import AccessDenied, UserError, ValidationError
from erpserver.orm import api, fields
from erpserver.orm.model import Model


class ResGroups(Model):
    _name = "res.groups"
    _description = "Access Groups"
    _order = "name"
    _invalidates_caches = True

    name = fields.Char("Name", required=True, translate=True)
    users = fields.Many2many("res.users", "res_groups_users_rel", "gid", "uid", "Users")
    implied_ids = fields.Many2many("res.groups", "res_groups_implied_rel", "gid", "hid", "Inherits")
    comment = fields.Text("Comment")
    share = fields.Boolean("Share Group")
    full_name = fields.Char("Group Name", related=None, compute="_compute_full_name")

    def _compute_full_name(self) -> list[str]:
        rows = {r["id"]: r["name"] for r in self.read(["name"])}
        return [rows.get(i, False) for i in self.ids]

    def _implied_closure(self, group_ids: Iterable[int]) -> set[int]:
        rel = self.env.registry.relation_tables["res_groups_implied_rel"]
        closure = set(group_ids)
        frontier = set(closure)
        while frontier:
            found = set(self.env.cr.execute(sa.select(rel.c.hid).where(rel.c.gid.in_(frontier))).scalars())
            frontier = found - closure
            closure |= found
        return closure


class ResUsers(Model):
    _name = "res.users"
    _description = "User"
    _order = "name, login"
    _rec_name = "name"
    _rec_names_search = ["name", "login"]
    _invalidates_caches = True

    login = fields.Char("Login", required=True, index=True)
    password = fields.Char("Password", compute="_compute_password", inverse="_set_password", copy=False,
                           exportable=False)
    partner_id = fields.Many2one("res.partner", "Related Partner", required=True, ondelete="restrict", index=True)
    name = fields.Char(related="partner_id.name")
    email = fields.Char(related="partner_id.email")
    lang = fields.Selection([("en_US", "English (US)")], related="partner_id.lang")
    tz = fields.Char(related="partner_id.tz")
    active = fields.Boolean(default=True)
    groups_id = fields.Many2many("res.groups", "res_groups_users_rel", "uid", "gid", "Groups")
    company_id = fields.Many2one("res.company", "Company", required=True, default=lambda env: 1)
    company_ids = fields.Many2many("res.company", "res_company_users_rel", "user_id", "cid", "Companies",
                                   default=lambda env: [1])
    login_date = fields.Datetime("Latest authentication", readonly=True)
    share = fields.Boolean("Share User", readonly=True)
    signature = fields.Html("Email Signature")

    @classmethod
    def _extra_columns(cls) -> list[sa.Column]:
        """The password hash lives in a column no field exposes (``password`` always reads '')."""
        return [sa.Column("password_hash", sa.String)]

    def _compute_password(self) -> list[str]:
        return ["" for _ in self.ids]

    def _set_password(self, value: Any) -> None:
        if not value:
            return
        table = self._table
        hashed = self.env.hasher.hash(str(value))
        self.env.cr.execute(sa.update(table).where(table.c.id.in_(self.ids)).values(password_hash=hashed))

    def _display_names(self, ids: Iterable[int]) -> dict[int, str | bool]:
        ids = set(ids)
        if not ids:
            return {}
        users, partners = self._table, self.env.registry["res.partner"]._table
        query = (
            sa.select(users.c.id, partners.c.name)
            .select_from(users.join(partners, partners.c.id == users.c.partner_id))
            .where(users.c.id.in_(ids))
        )
        return {i: name or False for i, name in self.env.cr.execute(query)}

    def _prepare_create(self, vals_list: list[dict[str, Any]]) -> list[dict[str, Any]]:
        prepared = []
        for vals in vals_list:
            vals = dict(vals)
            login = vals.get("login")
            self._check_login(login)
            self._check_login_free(str(login))
            if not vals.get("partner_id"):
                partner_vals = {"name": vals.pop("name", None) or login, "email": vals.pop("email", None)}
                for key in ("lang", "tz"):
                    if key in vals:
                        partner_vals[key] = vals.pop(key)
                partner_vals["company_id"] = vals.get("company_id") or False
                vals["partner_id"] = self.env["res.partner"].sudo().create(partner_vals).id
            if "groups_id" not in vals:
                default = self.env.ref_id("base.group_user")
                vals["groups_id"] = [(6, 0, [default])] if default else []
            prepared.append(vals)
        return prepared

    @staticmethod
    def _check_login(login: Any) -> None:
        """A blank login could never be typed at a login prompt: refuse it on create and write."""
        if not isinstance(login, str) or not login.strip():
            raise ValidationError("The login cannot be empty")

    def _check_login_free(self, login: str, keep: Iterable[int] = ()) -> None:
        """No two users share a login (``keep``: the users being renamed)."""
        table = self._table
        query = sa.select(table.c.id).where(table.c.login == login, table.c.id.not_in(list(keep)))
        if self.env.cr.execute(query).first():
            raise ValidationError(
                "The operation cannot be completed: You can not have two users with the same login !"
            )

    @api.records
    def write(self, vals: Any) -> bool:
        if isinstance(vals, dict) and "login" in vals:
            self._check_login(vals["login"])
            if len(self.ids) > 1:
                raise ValidationError(
                    "The operation cannot be completed: You can not have two users with the same login !")
            self._check_login_free(vals["login"], self.ids)
        return super().write(vals)

    def _after_write(self, vals_list: list[dict[str, Any]]) -> None:
        if any("groups_id" in vals for vals in vals_list):
            self._add_implied_groups()

    def _add_implied_groups(self) -> None:
        rel = self.env.registry.relation_tables["res_groups_users_rel"]
        for user_id in self.ids:
            mine = set(self.env.cr.execute(sa.select(rel.c.gid).where(rel.c.uid == user_id)).scalars())
            missing = cast(ResGroups, self.env["res.groups"])._implied_closure(mine) - mine
            if missing:
                self.env.cr.execute(sa.insert(rel), [{"uid": user_id, "gid": gid} for gid in sorted(missing)])

    @api.records
    def unlink(self) -> bool:
        if 1 in self.ids or 2 in self.ids:
            raise UserError("You can not remove the admin user as it is used internally for resources created by Odoo")
        return super().unlink()

    @api.model(readonly=True)
    def context_get(self) -> dict[str, Any]:
        rows = self.sudo().browse(self.env.uid).read(["lang", "tz"])
        row = rows[0] if rows else {}
        return {"lang": row.get("lang") or "en_US", "tz": row.get("tz") or False, "uid": self.env.uid}

    # -- authentication (called by the services, not over RPC) ---------------------------------
    def _login(self, login: str, password: str) -> int:
        """The uid whose login and password match, or AccessDenied."""
        table = self._table
        row = self.env.cr.execute(
            sa.select(table.c.id, table.c.password_hash).where(table.c.login == login, table.c.active == sa.true())
        ).first()
        if row is None or not self.env.hasher.verify(password, row.password_hash):
            raise AccessDenied()
        return int(row.id)

    def _check_credentials(self, uid: int, password: str) -> None:
        table = self._table
        row = self.env.cr.execute(
            sa.select(table.c.password_hash).where(table.c.id == uid, table.c.active == sa.true())
        ).first()
        if row is None or not self.env.hasher.verify(password, row.password_hash):
            raise AccessDenied()
