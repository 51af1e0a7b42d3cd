"""``gunicorn erpserver.wsgi``: the application, configured from ERPSERVER_CONFIG / ERPSERVER_* ."""

from __future__ import annotations

import logging

from erpserver.config import Config, load_config
from erpserver.http.app import make_app
from erpserver.service.dispatcher import ServiceDispatcher
from erpserver.service.runtime import Runtime


def create_app(config: Config | None = None):  # noqa: ANN201 - a WSGI callable
    config = config or load_config()
    logging.basicConfig(level=config.log_level.upper(), format="%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s")
    runtime = Runtime.from_config(config)
    return make_app(config, ServiceDispatcher(runtime))


application = create_app()
app = application
