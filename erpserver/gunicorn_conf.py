"""gunicorn's settings, read from erpserver's configuration.

    gunicorn -c python:erpserver.gunicorn_conf erpserver.wsgi

reads the same ``Config`` as the application (the ini file named by ``ERPSERVER_CONFIG``, then the
``ERPSERVER_<OPTION>`` environment variables), so ``bind``, ``workers``, ``threads``, ``timeout``
and ``log_level`` apply however the server is started; ``erpserver serve`` runs exactly this.
gunicorn's own command-line flags still override them (``-b``, ``-w``...).

It also sets up the application's logging (``on_starting``, in the master, before the workers
fork): ``erpserver.wsgi`` leaves logging to whoever runs it.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from erpserver.config import load_config

# gunicorn's own line format, plus the logger's name.
LOG_FORMAT = "%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s"
LOG_DATE_FORMAT = "[%Y-%m-%d %H:%M:%S %z]"

try:
    _config = load_config()
except (OSError, ValueError) as _error:
    # A SystemExit, not an exception: gunicorn would print a traceback for the latter.
    sys.exit(f"erpserver: error: configuration: {_error}")

wsgi_app = "erpserver.wsgi"
bind = [_config.bind]
workers = _config.workers
worker_class = "erpserver.http.worker.Worker"  # gunicorn's gthread, keeping busy keep-alive connections
threads = _config.threads
timeout = _config.timeout
loglevel = _config.log_level


class ApplicationLogHandler(logging.StreamHandler):
    """Ours, so that configuring again replaces it rather than adding a second one."""


def configure_logging(level: str) -> None:
    """The application's records at ``level``, on stderr beside gunicorn's own lines.

    gunicorn's loggers do not propagate, so nothing is printed twice; its access log is left
    alone (enabled only by ``--access-logfile``).
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, ApplicationLogHandler)]:
        root.removeHandler(handler)
    handler = ApplicationLogHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(LOG_FORMAT, LOG_DATE_FORMAT))
    root.addHandler(handler)
    root.setLevel(level.upper())
    # Alembic announces each of its plugins at INFO whenever a worker imports it: noise.
    logging.getLogger("alembic.runtime.plugins").setLevel(max(root.level, logging.WARNING))


def on_starting(server: Any) -> None:
    """gunicorn hook: runs once in the master, before any worker is forked."""
    configure_logging(_config.log_level)
