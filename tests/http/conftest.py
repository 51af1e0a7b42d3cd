"""Fixtures of the HTTP tests: one gunicorn server, with the stand-in service, for the session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from live_server import Server, gunicorn


@pytest.fixture(scope="session")
def echo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The real app behind gunicorn, dispatching to ``rpc_test_app`` (no database involved)."""
    with gunicorn(tmp_path_factory.mktemp("gunicorn") / "server.log") as running:
        yield running
