"""A stand-in service behind the real WSGI application, for the HTTP tests.

The real services live elsewhere; these tests are about HTTP and the codecs, so the dispatcher
here only echoes, raises on request and misbehaves on request. gunicorn loads it with
``tests.http.rpc_test_app:create_app()``; in-process tests call ``create_app`` directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from erpserver import exceptions
from erpserver.config import Config
from erpserver.http.app import make_app
from erpserver.service.contract import CallInfo

MAX_REQUEST_SIZE = 1024 * 1024
MAX_INFLATED_SIZE = 2 * 1024 * 1024

VERSION = {
    "server_version": "17.0",
    "server_version_info": [17, 0, 0, "final", 0, ""],
    "server_serie": "17.0",
    "protocol_version": 1,
}

RAISABLE: dict[str, type[Exception]] = {
    cls.__name__: cls
    for cls in (
        exceptions.UserError,
        exceptions.ValidationError,
        exceptions.MissingError,
        exceptions.RedirectWarning,
        exceptions.AccessError,
        exceptions.AccessDenied,
        exceptions.DatabaseNotFound,
        ValueError,
        KeyError,
    )
}


def _echo(params: list[Any], caller: CallInfo) -> Any:
    return params[0] if len(params) == 1 else params


def _raise(params: list[Any], caller: CallInfo) -> Any:
    name, *args = params
    raise RAISABLE[name](*args)


HANDLERS: dict[tuple[str, str], Callable[[list[Any], CallInfo], Any]] = {
    ("common", "version"): lambda params, caller: VERSION,
    ("db", "list"): lambda params, caller: ["demo"],
    ("test", "echo"): _echo,
    ("test", "none"): lambda params, caller: None,
    ("test", "raise"): _raise,
    ("test", "caller"): lambda params, caller: [caller.remote_addr, caller.user_agent],
    ("test", "text"): lambda params, caller: "x" * params[0],
    ("test", "unmarshallable"): lambda params, caller: object(),
}


def dispatch(service: str, method: str, params: list[Any], *, marshal: Any, caller: CallInfo) -> Any:
    if (service, method) == ("test", "misbehave"):
        return "a dispatcher must return what marshal returned"
    handler = HANDLERS.get((service, method))
    if handler is None:
        raise KeyError(f"Method not found: {service}.{method}")
    return marshal(handler(params, caller))


def limited_config(**overrides: Any) -> Config:
    return Config(max_request_size=MAX_REQUEST_SIZE, max_inflated_size=MAX_INFLATED_SIZE, **overrides)


def create_app(**overrides: Any) -> Any:
    return make_app(limited_config(**overrides), dispatch)
