"""The ``db`` service: listing always; creating and dropping behind the master password."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Any

from erpserver.addons.base import languages
from erpserver.exceptions import AccessDenied
from erpserver.service import databases
from erpserver.service.common import SERVER_VERSION
from erpserver.service.runtime import Runtime


class DbService:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def _check_master(self, password: Any) -> None:
        master = self.runtime.config.master_password
        if not master or not isinstance(password, str) or not hmac.compare_digest(password, master):
            raise AccessDenied()

    def _check_listing(self) -> None:
        if not self.runtime.config.list_db:
            raise AccessDenied()

    def server_version(self, marshal: Callable[[Any], Any]) -> Any:
        return marshal(SERVER_VERSION)

    def list(self, marshal: Callable[[Any], Any], document: Any = False) -> Any:
        self._check_listing()
        return marshal(self.runtime.databases.list())

    def db_exist(self, marshal: Callable[[Any], Any], db_name: str) -> Any:
        return marshal(self.runtime.databases.exists(db_name))

    def list_lang(self, marshal: Callable[[Any], Any]) -> Any:
        """Every language a database can be created in, ``[code, name]`` sorted by name (Odoo's
        ``scan_languages``: the languages it ships, not those a database has activated)."""
        return marshal([[code, name] for code, name in languages.scan_languages()])

    def create_database(self, marshal: Callable[[Any], Any], master_password: Any, db_name: str,
                        demo: Any = False, lang: Any = "en_US", user_password: str = "admin",
                        login: str = "admin", country_code: Any = None, phone: Any = None) -> Any:
        self._check_master(master_password)
        self._check_listing()
        databases.create_database(self.runtime, db_name, demo=bool(demo), admin_password=user_password,
                                  admin_login=login, lang=lang if isinstance(lang, str) and lang else None)
        return marshal(True)

    def duplicate_database(self, marshal: Callable[[Any], Any], master_password: Any, db_original_name: str,
                           db_name: str, neutralize_database: Any = False) -> Any:
        """Odoo 17's signature. ``neutralize_database`` is accepted and has nothing to do here: Odoo
        uses it to switch off crons, outgoing mail and payment providers, which erpserver has not."""
        self._check_master(master_password)
        self._check_listing()
        databases.duplicate_database(self.runtime, db_original_name, db_name)
        return marshal(True)

    def drop(self, marshal: Callable[[Any], Any], master_password: Any, db_name: str) -> Any:
        self._check_master(master_password)
        self._check_listing()
        if not self.runtime.databases.exists(db_name):
            return marshal(False)
        databases.drop_database(self.runtime, db_name)
        return marshal(True)
