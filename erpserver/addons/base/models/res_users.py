"""res.users and res.groups: who may log in, and what they belong to."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

import sqlalchemy as sa

from erpserver.exceptions import AccessDenied, UserError, ValidationError
from erpserver.orm import access, api, fields
from erpserver.orm.environment import SUPERUSER_ID
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
    share = fields.Boolean("Share Group", help="Group created to set access rights for sharing data with some users.")
    full_name = fields.Char("Group Name", related=None, compute="_compute_full_name")

    def _compute_full_name(self) -> list[str]:
        rows = {r["id"]: r["name"] for r in self.read(["name"])}
        return [rows.get(i, False) for i in self.ids]

    def _implications(self) -> dict[int, set[int]]:
        """Each group's directly implied groups (one query: the table is small)."""
        rel = self.env.registry.relation_tables["res_groups_implied_rel"]
        implies: dict[int, set[int]] = {}
        for gid, hid in self.env.cr.execute(sa.select(rel.c.gid, rel.c.hid)):
            implies.setdefault(gid, set()).add(hid)
        return implies

    def _implied_closure(self, group_ids: Iterable[int], implies: dict[int, set[int]] | None = None) -> set[int]:
        """The groups and every group they imply, transitively."""
        implies = self._implications() if implies is None else implies
        closure = set(group_ids)
        frontier = set(closure)
        while frontier:
            found = set().union(*(implies.get(gid, set()) for gid in frontier))
            frontier = found - closure
            closure |= found
        return closure

    def _after_write(self, vals_list: list[dict[str, Any]]) -> None:
        """A new implication or a new member: the memberships table stays closed (spec C1)."""
        if any("implied_ids" in vals or "users" in vals for vals in vals_list):
            rel = self.env.registry.relation_tables["res_groups_users_rel"]
            members = self.env.cr.execute(sa.select(rel.c.uid).where(rel.c.gid.in_(self.ids)).distinct())
            cast(ResUsers, self.env["res.users"].sudo().browse(list(members.scalars())))._add_implied_groups()


# Odoo 17's lists, limited to the fields erpserver has: what users may read and write on their
# own record without any right on res.users (their preferences).
SELF_READABLE_FIELDS = frozenset({
    "signature", "company_id", "login", "email", "name", "lang", "tz", "groups_id", "partner_id",
    "write_date", "__last_update", "share", "display_name", "company_ids",
})
SELF_WRITEABLE_FIELDS = frozenset({"signature", "company_id", "email", "name", "lang", "tz"})


class ResUsers(Model):
    _name = "res.users"
    _description = "User"
    _order = "name, login"
    _rec_name = "name"
    _rec_names_search = ["name", "login"]
    _invalidates_caches = True
    # A user is a partner (name, email, address, lang, tz...) with a login: Odoo's delegation.
    _inherits = {"res.partner": "partner_id"}

    login = fields.Char("Login", required=True, index=True, help="Used to log into the system")
    password = fields.Char("Password", compute="_compute_password", inverse="_set_password", copy=False,
                           exportable=False,
                           help="Keep empty if you don't want the user to be able to connect on the system.")
    partner_id = fields.Many2one("res.partner", "Related Partner", required=True, ondelete="restrict", index=True,
                                 help="Partner-related data of the user")
    active = fields.Boolean(default=True)
    groups_id = fields.Many2many("res.groups", "res_groups_users_rel", "uid", "gid", "Groups")
    company_id = fields.Many2one("res.company", "Company", required=True, default=lambda env: 1,
                                 help="The default company for this user.")
    company_ids = fields.Many2many("res.company", "res_company_users_rel", "user_id", "cid", "Companies",
                                   default=lambda env: [1])
    login_date = fields.Datetime("Latest authentication", readonly=True)
    share = fields.Boolean("Share User", readonly=True,
                           help="External user with limited access, created only for the purpose of sharing data.")
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
            if not vals.get("partner_id") and not vals.get("name"):
                vals["name"] = login
            if "groups_id" not in vals:
                default = self.env.ref_id("base.group_user")
                vals["groups_id"] = [(6, 0, [default])] if default else []
            prepared.append(vals)
        return prepared

    def _parent_defaults(self, parent: str, vals: Mapping[str, Any]) -> dict[str, Any]:
        """The new partner belongs to the user's company."""
        return {"company_id": vals.get("company_id") or False}

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

    def _is_self(self) -> bool:
        return bool(self._ids) and set(self._ids) == {self.env.uid}

    @api.records(readonly=True)
    def read(self, fields: Any = None, load: Any = "_classic_read") -> list[dict[str, Any]]:
        if fields and self._is_self() and not self.env.su and isinstance(fields, list | tuple) \
                and all(isinstance(f, str) and (f in SELF_READABLE_FIELDS or f.startswith("context_")) for f in fields):
            return super(ResUsers, self.sudo()).read(fields, load)
        return super().read(fields, load)

    @api.records
    def write(self, vals: Any) -> bool:
        if not isinstance(vals, dict):
            return super().write(vals)
        if vals.get("active") and SUPERUSER_ID in self._ids:
            raise UserError("You cannot activate the superuser.")
        if vals.get("active") is False and self.env.uid in self._ids:
            raise UserError("You cannot deactivate the user you're currently logged in as.")
        if "login" in vals:
            self._check_login(vals["login"])
            if len(self.ids) > 1:
                raise ValidationError(
                    "The operation cannot be completed: You can not have two users with the same login !")
            self._check_login_free(vals["login"], self.ids)
        target = self
        if self._is_self() and not self.env.su and vals \
                and all(key in SELF_WRITEABLE_FIELDS or key.startswith("context_") for key in vals):
            if "company_id" in vals and vals["company_id"] not in self._own_company_ids():
                vals = {k: v for k, v in vals.items() if k != "company_id"}
            target = self.sudo()
        result = super(ResUsers, target).write(vals)
        if "active" in vals or "groups_id" in vals:
            target._check_an_administrator_remains()
        return result

    def _own_company_ids(self) -> list[int]:
        rows = self.sudo().browse(self.env.uid).read(["company_ids"])
        return list(rows[0]["company_ids"]) if rows else []

    def _check_an_administrator_remains(self) -> None:
        """Odoo's guard: the settings group keeps at least one active member."""
        if self.env.context.get("install_mode"):
            return
        system = self.env.ref_id("base.group_system")
        if system is None:
            return
        table, rel = self._table, self.env.registry.relation_tables["res_groups_users_rel"]
        query = sa.select(table.c.id).select_from(table.join(rel, rel.c.uid == table.c.id)).where(
            rel.c.gid == system, table.c.active == sa.true(), table.c.id != SUPERUSER_ID).limit(1)
        if self.env.cr.execute(query).first() is None:
            raise ValidationError("You must have at least an administrator user.")

    def _after_write(self, vals_list: list[dict[str, Any]]) -> None:
        if any("groups_id" in vals for vals in vals_list):
            self._add_implied_groups()
            self._store_share()

    def _store_share(self) -> None:
        """``share``: not an internal user (portal, public), as Odoo computes it."""
        internal = self.env.ref_id("base.group_user")
        if internal is None or not self.ids:
            return
        table, rel = self._table, self.env.registry.relation_tables["res_groups_users_rel"]
        member = sa.exists().where(rel.c.uid == table.c.id, rel.c.gid == internal)
        self.env.cr.execute(sa.update(table).where(table.c.id.in_(self.ids)).values(share=~member))

    @api.model(readonly=True)
    def has_group(self, group_ext_id: str) -> bool:
        """Whether the calling user is in the group named by its external id."""
        if not isinstance(group_ext_id, str) or "." not in group_ext_id:
            raise ValueError("External ID must be fully qualified")
        return access.user_has_groups(self.env(su=False), group_ext_id)

    @api.model
    def change_password(self, old_passwd: Any, new_passwd: Any) -> bool:
        """Users change their own password by proving they know the current one."""
        if not old_passwd or not isinstance(old_passwd, str):
            raise AccessDenied()
        if not new_passwd or not isinstance(new_passwd, str):
            raise UserError("Setting empty passwords is not allowed for security reasons!")
        users = self.sudo()
        users._check_credentials(self.env.uid, old_passwd)
        users.browse(self.env.uid).write({"password": new_passwd})
        return True

    def _add_implied_groups(self) -> None:
        """Insert, for each of these users, the groups their groups imply and they lack."""
        if not self.ids:
            return
        rel = self.env.registry.relation_tables["res_groups_users_rel"]
        memberships: dict[int, set[int]] = {uid: set() for uid in self.ids}
        for uid, gid in self.env.cr.execute(sa.select(rel.c.uid, rel.c.gid).where(rel.c.uid.in_(self.ids))):
            memberships[uid].add(gid)
        groups = cast(ResGroups, self.env["res.groups"])
        implies = groups._implications()
        missing = [
            {"uid": uid, "gid": gid}
            for uid, mine in memberships.items()
            for gid in sorted(groups._implied_closure(mine, implies) - mine)
        ]
        if missing:
            self.env.cr.execute(sa.insert(rel), missing)

    @api.records
    def unlink(self) -> bool:
        if SUPERUSER_ID in self._ids:
            raise UserError("You can not remove the admin user as it is used internally for resources created by "
                            "Odoo (updates, module installation, ...)")
        admin = self.env.ref_id("base.user_admin")
        if admin is not None and admin in self._ids:
            raise UserError("You cannot delete the admin user because it is utilized in various places (such as "
                            "security configurations,...). Instead, archive it.")
        if self.env.uid in self._ids:
            raise UserError("You cannot delete the user you're currently logged in as.")
        result = super().unlink()
        self._check_an_administrator_remains()
        return result

    @api.model(readonly=True)
    def context_get(self) -> dict[str, Any]:
        """The caller's language and time zone, read in one statement: clients call this once per
        session, some before every call (``read`` of the two delegated fields would cost four)."""
        users, partners = self._table, self.env.registry["res.partner"]._table
        row = self.env.cr.execute(
            sa.select(partners.c.lang, partners.c.tz)
            .select_from(users.join(partners, partners.c.id == users.c.partner_id))
            .where(users.c.id == self.env.uid)
        ).first()
        lang, tz = row if row is not None else (None, None)
        return {"lang": lang or "en_US", "tz": tz or False, "uid": self.env.uid}

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
