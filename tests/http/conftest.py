"""Fixtures of the HTTP tests: one gunicorn server, with the stand-in service, for the session.

gunicorn's threaded worker gives the tests what real clients meet: HTTP/1.1 keep-alive, chunked
request bodies, ``Connection: close``. The app inside is ``rpc_test_app``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests import servers
from tests.http.client import Server


@pytest.fixture(scope="session")
def echo_server() -> Iterator[Server]:
    """The real app behind gunicorn, dispatching to ``rpc_test_app`` (no database involved)."""
    with servers.gunicorn("tests.http.rpc_test_app:create_app()", workers=1, threads=4) as running:
        yield Server(running.host, running.port)
