"""How a secret proves who calls over RPC: the user's password, or one of the user's API keys.

A key works wherever a password does (spec README, decision 10), for its owner's uid only. A
secret that does not have a key's shape is only tried as a password; one that has it is tried as
a key first (a few milliseconds), then as a password (the slow hash).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, cast

import sqlalchemy as sa

from erpserver.addons.base.models.res_users_apikeys import API_KEY_AUTH, RPC_SCOPE, ResUsersApikeys
from erpserver.exceptions import AccessDenied

if TYPE_CHECKING:
    from erpserver.addons.base.models.res_users import ResUsers
    from erpserver.orm.environment import Environment

PASSWORD = "password"
API_KEY = API_KEY_AUTH


@dataclasses.dataclass(frozen=True)
class Verified:
    """A secret found good: how (``password`` or ``apikey``), and until when (None: no end)."""

    method: str
    expires: dt.datetime | None = None


def verify(env: Environment, uid: int, secret: str) -> Verified:
    """The proof that ``secret`` is active user ``uid``'s password or RPC key; AccessDenied otherwise."""
    keys = cast(ResUsersApikeys, env.sudo()["res.users.apikeys"])
    match = keys._check_credentials(RPC_SCOPE, secret, user_ids=[uid])
    if match is not None:
        return Verified(API_KEY, match.expiration_date)
    cast("ResUsers", env.sudo()["res.users"])._check_credentials(uid, secret)
    return Verified(PASSWORD)


def login(env: Environment, login: str, secret: str) -> int:
    """The uid of the active user ``login`` if ``secret`` is its password or one of its keys."""
    users = env.registry["res.users"]._table
    uid = env.cr.execute(
        sa.select(users.c.id).where(users.c.login == login, users.c.active == sa.true())
    ).scalar()
    if uid is None:
        raise AccessDenied()
    verify(env, int(uid), secret)
    return int(uid)
