"""The WSGI application, configured from ERPSERVER_CONFIG / ERPSERVER_* .

Serve it with ``gunicorn -c python:erpserver.gunicorn_conf erpserver.wsgi`` (what ``erpserver
serve`` runs), which also takes bind, workers, threads, timeout and the log level from the same
configuration and sets up logging; this module configures no logging of its own.

The module-level ``application`` is built on first access (PEP 562), so importing this module
(for ``create_app``) costs nothing.
"""

from __future__ import annotations

from typing import Any

from erpserver.config import Config, load_config
from erpserver.http.app import make_app
from erpserver.service.dispatcher import ServiceDispatcher
from erpserver.service.runtime import Runtime

_built: dict[str, Any] = {}


def create_app(config: Config | None = None) -> Any:
    """A WSGI application for this configuration (the environment's, when none is given)."""
    config = config or load_config()
    runtime = Runtime.from_config(config)
    return make_app(config, ServiceDispatcher(runtime))


def __getattr__(name: str) -> Any:
    if name in ("application", "app"):
        if "app" not in _built:
            _built["app"] = create_app()
        return _built["app"]
    raise AttributeError(name)
