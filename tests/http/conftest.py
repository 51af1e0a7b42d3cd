"""Fixtures of the HTTP tests: one gunicorn server for the session."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# erpserver is not installed in the virtualenv: a plain ``pytest`` run imports it from the checkout.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from live_server import Server, gunicorn  # noqa: E402


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with gunicorn(tmp_path_factory.mktemp("gunicorn") / "server.log") as running:
        yield running
