"""res.users.apikeys: secrets that stand for a user's password over RPC (spec README, decision 10).

Odoo's format: 40 lowercase hex characters, shown once when made; the table keeps the first 8
(the ``index``, to find candidate rows) and a pbkdf2_sha512 hash (``key``), in columns no field
exposes. A key works for its owner only, while the owner is active, and until its expiry date.
Users see and delete their own keys, administrators everyone's (record rules seeded by install).

Made over RPC as in Odoo: ``res.users.apikeys.description`` ``create`` then ``make_key``, which
answers Odoo 17's action with the key in ``context.default_key``. Expiry follows Odoo 18 (the
version that added it): administrators may make keys that never expire; everyone else must give
a date at most ``MAX_KEY_DAYS`` ahead (Odoo 18's ``api_key_duration`` of internal users).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any, NamedTuple, cast

import sqlalchemy as sa

from erpserver.addons.base import passwords
from erpserver.exceptions import AccessError, MissingError, UserError, ValidationError
from erpserver.orm import access, api, fields
from erpserver.orm.arguments import vals_list_of
from erpserver.orm.fields.temporal import parse_datetime
from erpserver.orm.model import Model, utcnow

_logger = logging.getLogger(__name__)

ADMIN_GROUP = "base.group_system"
INTERNAL_GROUP = "base.group_user"
RPC_SCOPE = "rpc"
# How a call proved who it is when it used a key (``Environment.call.auth_method``), as Odoo's
# auth_info names it.
API_KEY_AUTH = "apikey"
# Odoo 18 gives internal users (base.group_user) api_key_duration = 90 days; we do not carry the
# per-group setting, so this is the longest key anyone but an administrator may make.
MAX_KEY_DAYS = 90.0


def is_key_admin(env: Any) -> bool:
    """The superuser (the CLI) and Settings administrators manage every key, persistent ones too."""
    return bool(env.su or access.user_has_groups(env, ADMIN_GROUP))


def check_expiration_date(env: Any, date: dt.datetime | None) -> None:
    """Odoo 18's rule: administrators choose freely; others must give a date within the limit."""
    if is_key_admin(env):
        return
    if not date:
        raise ValidationError("The API key must have an expiration date")
    if date > dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=MAX_KEY_DAYS):
        raise ValidationError(f"You cannot exceed {MAX_KEY_DAYS} days.")


class KeyMatch(NamedTuple):
    """A verified key: whose it is, and until when it works (None: no expiry)."""

    user_id: int
    expiration_date: dt.datetime | None


class ResUsersApikeys(Model):
    _name = "res.users.apikeys"
    _description = "Users API Keys"
    _order = "id"
    _log_access = False

    name = fields.Char("Description", required=True, readonly=True)
    user_id = fields.Many2one("res.users", "User", required=True, readonly=True, ondelete="cascade")
    scope = fields.Char("Scope", readonly=True)
    create_date = fields.Datetime("Creation Date", readonly=True, default=lambda env: utcnow())
    expiration_date = fields.Datetime("Expiration Date", readonly=True)

    @classmethod
    def _extra_columns(cls) -> list[Any]:
        """The key's first characters and its hash: no field exposes them, no method returns them."""
        size = passwords.API_KEY_INDEX_SIZE
        return [
            sa.Column("index", sa.String(size), sa.CheckConstraint(f'length("index") = {size}'), nullable=False),
            sa.Column("key", sa.String, nullable=False),
            sa.Index("res_users_apikeys_user_id_index_idx", "user_id", "index"),
        ]

    @api.create
    def create(self, vals_list: Any) -> Any:
        raise UserError("API keys cannot be created directly: use res.users.apikeys.description's make_key")

    @api.records
    def write(self, vals: Any) -> bool:
        result = super().write(vals)
        self.env.invalidate_caches()  # a moved or shortened key must stop where it was remembered
        return result

    @api.records
    def unlink(self) -> bool:
        result = super().unlink()
        # Every worker forgets the credentials it verified, this key among them (adding a key
        # needs no such thing: nothing remembered depends on it).
        self.env.invalidate_caches()
        return result

    @api.records
    def remove(self) -> dict[str, Any]:
        """Odoo's button: the owner or an administrator deletes keys."""
        if self._ids:
            table = self._table
            owners = set(self.env.cr.execute(
                sa.select(table.c.user_id).where(table.c.id.in_(set(self._ids)))).scalars())
            if not (is_key_admin(self.env) or owners <= {self.env.uid}):
                raise AccessError("You can not remove API keys unless they're yours or you are a system user")
            _logger.info("API key(s) removed: ids %s, by uid %s", sorted(self._ids), self.env.uid)
            self.sudo().unlink()
        return {"type": "ir.actions.act_window_close"}

    # -- called by the services and the CLI, never over RPC ---------------------------------------
    def _generate(self, scope: str | None, name: str, expiration_date: dt.datetime | None,
                  user_id: int | None = None) -> str:
        """A new key for ``user_id`` (default: the caller); the only time the key exists in clear."""
        check_expiration_date(self.env, expiration_date)
        owner = self.env.uid if user_id is None else user_id
        key = passwords.new_api_key()
        self.env.cr.execute(sa.insert(self._table).values(
            name=name, user_id=owner, scope=scope or None, expiration_date=expiration_date or None,
            index=passwords.api_key_index(key), key=passwords.hash_api_key(key), create_date=utcnow(),
        ))
        _logger.info("%s generated: scope: <%s> for uid %s by uid %s", self._description, scope, owner, self.env.uid)
        return key

    def _check_credentials(self, scope: str, key: str, user_ids: Iterable[int] | None = None) -> KeyMatch | None:
        """The owner of ``key`` (limited to ``user_ids`` when given), if the key is valid for
        ``scope`` (or global), unexpired, and its owner active; None otherwise."""
        if not passwords.is_api_key_shaped(key):
            return None
        keys, users = self._table, self.env.registry["res.users"]._table
        query = (
            sa.select(keys.c.user_id, keys.c.key, keys.c.expiration_date)
            .select_from(keys.join(users, users.c.id == keys.c.user_id))
            .where(
                keys.c.index == passwords.api_key_index(key),
                users.c.active == sa.true(),
                sa.or_(keys.c.scope.is_(None), keys.c.scope == scope),
                sa.or_(keys.c.expiration_date.is_(None), keys.c.expiration_date >= utcnow()),
            )
        )
        if user_ids is not None:
            query = query.where(keys.c.user_id.in_(list(user_ids)))
        for user_id, stored, expiration in self.env.cr.execute(query).all():
            if passwords.verify_api_key(key, stored):
                return KeyMatch(int(user_id), expiration)
        return None


class ResUsersApikeysDescription(Model):
    """The first step of making a key: its description and expiry, then ``make_key``."""

    _name = "res.users.apikeys.description"
    _description = "API Key Description"
    _transient = True

    name = fields.Char("Description", required=True)
    expiration_date = fields.Datetime("Expiration Date")

    @api.create
    def create(self, vals_list: Any) -> Any:
        vals_list = vals_list_of(vals_list)
        for vals in vals_list:
            expiration = vals.get("expiration_date") if isinstance(vals, dict) else None
            check_expiration_date(self.env, parse_datetime(expiration) if expiration else None)
        return super().create(vals_list)

    @api.records
    def make_key(self) -> dict[str, Any]:
        """Odoo 17's answer: an action whose context holds the new key (shown once)."""
        self.ensure_one()
        self.check_access_make_key()
        if self.env.call.auth_method == API_KEY_AUTH:
            # Odoo asks for the password again before it makes a key (check_identity): a key
            # must not be able to make keys that outlive its own revocation.
            raise AccessError("API keys cannot create API keys: call make_key with your password")
        rows = self.read(["name", "expiration_date"], load="")  # the record rule: one's own only
        if not rows:
            raise MissingError("Record does not exist or has been deleted.\n"
                               f"(Record: {self._name}({self._ids[0]},), User: {self.env.uid})")
        expiration = parse_datetime(rows[0]["expiration_date"]) if rows[0]["expiration_date"] else None
        keys = cast(ResUsersApikeys, self.env["res.users.apikeys"])
        key = keys._generate(None, rows[0]["name"], expiration)
        self.sudo().unlink()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.users.apikeys.show",
            "name": "API Key Ready",
            "views": [[False, "form"]],
            "target": "new",
            "context": {"default_key": key},
        }

    @api.records(readonly=True)
    def check_access_make_key(self) -> None:
        """Only internal users make keys: they are the ones who may also delete them."""
        if not access.user_has_groups(self.env, INTERNAL_GROUP):
            raise AccessError("Only internal users can create API keys")
