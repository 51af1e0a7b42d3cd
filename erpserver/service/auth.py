"""Checking who calls: passwords are slow hashes, so a verified credential is remembered.

The cache maps (database, uid, digest of the secret) to the cache signal it was verified under.
Any change of password, key, group or activity bumps that signal (in the database, so every
worker sees it), which turns every remembered entry stale at once. Every call still checks.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, cast

from erpserver.exceptions import AccessDenied
from erpserver.orm.environment import Environment

if TYPE_CHECKING:
    from erpserver.addons.base.models.res_users import ResUsers

MAX_ENTRIES = 8192


class CredentialCache:
    def __init__(self, size: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[tuple[str, int, bytes], int] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    @staticmethod
    def _key(db_name: str, uid: int, secret: str) -> tuple[str, int, bytes]:
        return db_name, uid, hashlib.sha256(secret.encode("utf-8", "surrogatepass")).digest()

    def check(self, env: Environment, uid: int, secret: str) -> None:
        """Return if ``secret`` is the password of active user ``uid``; AccessDenied otherwise."""
        if not secret or not isinstance(secret, str) or uid <= 0:
            raise AccessDenied()
        key = self._key(env.registry.db_name, uid, secret)
        sequence = env.call.cache_sequence
        with self._lock:
            if self._entries.get(key) == sequence:
                self._entries.move_to_end(key)
                return
        cast("ResUsers", env.sudo()["res.users"])._check_credentials(uid, secret)
        with self._lock:
            self._entries[key] = sequence
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)


def coerce_uid(uid: object) -> int:
    """Odoo does ``int(uid)``: ``False`` is 0 (refused later), a non-number is a ValueError."""
    if isinstance(uid, bool):
        return int(uid)
    if isinstance(uid, (int, str)):
        return int(uid)
    raise ValueError(f"invalid literal for int(): {uid!r}")
