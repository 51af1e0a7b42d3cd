"""The table of remote methods: (service, method) → the function that answers it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from erpserver.service.common import CommonService
from erpserver.service.contract import CallInfo
from erpserver.service.db import DbService
from erpserver.service.object import ObjectService
from erpserver.service.runtime import Runtime

PUBLIC_METHODS = {
    "common": ("version", "about", "set_loglevel", "login", "authenticate"),
    "db": ("server_version", "list", "db_exist", "list_lang", "create_database", "duplicate_database", "drop"),
    "object": ("execute_kw", "execute"),
}

# What each of Odoo's services raises for a method it does not have.
UNKNOWN_METHOD: dict[str, Callable[[str], Exception]] = {
    "common": lambda method: Exception(f"Method not found: {method}"),
    "db": lambda method: KeyError(f"Method not found: {method}"),
    "object": lambda method: NameError(f"Method not available {method}"),
}


# The methods that need to know who calls (the login cool-down counts per source address): they
# take it as the keyword argument ``caller``.
TAKES_CALLER = frozenset({("common", "login"), ("common", "authenticate"),
                          ("object", "execute_kw"), ("object", "execute")})


class ServiceDispatcher:
    """Implements the ``Dispatcher`` contract for the wire formats."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        services = {"common": CommonService(runtime), "db": DbService(runtime), "object": ObjectService(runtime)}
        self.table: dict[tuple[str, str], Callable[..., Any]] = {
            (service, method): getattr(services[service], method)
            for service, methods in PUBLIC_METHODS.items()
            for method in methods
        }

    def __call__(self, service: str, method: str, params: list[Any], *, marshal: Callable[[Any], Any],
                 caller: CallInfo) -> Any:
        handler = self.table.get((service, method))
        if handler is None:
            if service not in PUBLIC_METHODS:
                raise KeyError(f"No such service: {service}")
            raise UNKNOWN_METHOD[service](method)
        if (service, method) in TAKES_CALLER:
            return handler(marshal, *params, caller=caller)
        return handler(marshal, *params)
