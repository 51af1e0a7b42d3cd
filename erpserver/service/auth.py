"""Checking who calls: passwords are slow hashes, so a verified credential is remembered.

The cache maps (database, uid, digest of the secret) to the cache signal it was verified under,
and to the secret's expiry (an API key's expiration date; none for a password). Any change of
password, key, group or activity bumps that signal (in the database, so every worker sees it),
which turns every remembered entry stale at once; an entry past its expiry is checked again (and
refused) without waiting for any signal. Every call still checks.

Only checks that are not remembered answer to the login cool-down, as in Odoo (protocol.md 4.2).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import threading
from collections import OrderedDict

from erpserver.addons.base import credentials
from erpserver.exceptions import AccessDenied
from erpserver.orm.environment import Environment
from erpserver.service.cooldown import LoginAttempt

MAX_ENTRIES = 8192


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class CredentialCache:
    def __init__(self, size: int = MAX_ENTRIES) -> None:
        # (database, uid, digest) -> (cache signal, expiry, how: password or apikey)
        self._entries: OrderedDict[tuple[str, int, bytes], tuple[int, dt.datetime | None, str]] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    @staticmethod
    def _key(db_name: str, uid: int, secret: str) -> tuple[str, int, bytes]:
        return db_name, uid, hashlib.sha256(secret.encode("utf-8", "surrogatepass")).digest()

    def check(self, env: Environment, uid: int, secret: str, attempt: LoginAttempt | None = None) -> str:
        """How ``secret`` proves active user ``uid``: ``password`` or ``apikey`` (an RPC key);
        AccessDenied otherwise (also, on a check not remembered, while ``attempt``'s address cools
        down)."""
        if not secret or not isinstance(secret, str):
            raise AccessDenied()
        key = self._key(env.registry.db_name, uid, secret)
        sequence = env.call.cache_sequence
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] == sequence and (entry[1] is None or entry[1] >= _now()):
                self._entries.move_to_end(key)
                return entry[2]
        guard = attempt.guard(env.cr, user=uid) if attempt is not None else contextlib.nullcontext()
        with guard:
            if uid <= 0:
                raise AccessDenied()
            verified = credentials.verify(env, uid, secret)
        with self._lock:
            self._entries[key] = (sequence, verified.expires, verified.method)
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return verified.method


def coerce_uid(uid: object) -> int:
    """Odoo does ``int(uid)``: ``False`` is 0 (refused later), a non-number is a ValueError."""
    if isinstance(uid, bool):
        return int(uid)
    if isinstance(uid, (int, str)):
        return int(uid)
    raise ValueError(f"invalid literal for int(): {uid!r}")
