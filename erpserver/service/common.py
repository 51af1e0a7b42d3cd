"""The ``common`` service: version and login; no database needed for ``version``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from erpserver.addons.base import credentials
from erpserver.exceptions import AccessDenied
from erpserver.orm.environment import SUPERUSER_ID
from erpserver.orm.model import utcnow
from erpserver.service import transaction
from erpserver.service.contract import ANONYMOUS, CallInfo
from erpserver.service.runtime import Runtime

_logger = logging.getLogger(__name__)

SERVER_VERSION = "17.0"
SERVER_VERSION_INFO = [17, 0, 0, "final", 0, ""]
PROTOCOL_VERSION = 1


def version_info() -> dict[str, Any]:
    return {
        "server_version": SERVER_VERSION,
        "server_version_info": list(SERVER_VERSION_INFO),
        "server_serie": SERVER_VERSION,
        "protocol_version": PROTOCOL_VERSION,
    }


class CommonService:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def version(self, marshal: Callable[[Any], Any]) -> Any:
        return marshal(version_info())

    def about(self, marshal: Callable[[Any], Any], extended: bool = False) -> Any:
        info = "See http://openerp.com"
        return marshal([info, SERVER_VERSION] if extended else info)

    def set_loglevel(self, marshal: Callable[[Any], Any], loglevel: Any = None, logger: Any = None) -> Any:
        return marshal(True)

    def login(self, marshal: Callable[[Any], Any], db: str, login: str, password: str, *,
              caller: CallInfo = ANONYMOUS) -> Any:
        return self.authenticate(marshal, db, login, password, None, caller=caller)

    def authenticate(self, marshal: Callable[[Any], Any], db: str, login: Any, password: Any,
                     user_agent_env: Any = None, *, caller: CallInfo = ANONYMOUS) -> Any:
        """The uid, or False for any bad credential or during a cool-down (never a fault). The
        password or an API key of the user; never remembered, so every call pays the hash."""
        if not isinstance(login, str) or not isinstance(password, str) or not password:
            return marshal(False)
        engine = self.runtime.databases.engine(db)
        attempt = self.runtime.cooldown.attempt(db, caller.remote_addr)

        def work(conn: sa.Connection) -> Any:
            env = self.runtime.registries.environment(db, conn, SUPERUSER_ID)
            try:
                with attempt.guard(conn, user=login):
                    uid = credentials.login(env, login, password)
            except AccessDenied:
                _logger.info("Login failed for db:%s login:%s from %s", db, login, caller.remote_addr or "n/a")
                return marshal(False)
            table = env.registry["res.users"]._table
            conn.execute(sa.update(table).where(table.c.id == uid).values(login_date=utcnow()))
            return marshal(uid)

        try:
            return transaction.run(engine, work)
        finally:
            attempt.settle(engine)
