"""A real server for the HTTP tests: gunicorn (the production server) in a subprocess.

gunicorn's threaded worker gives the tests what real clients meet: HTTP/1.1 keep-alive,
chunked request bodies, ``Connection: close``. The app inside is ``rpc_test_app``.
"""

from __future__ import annotations

import dataclasses
import http.client
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
_LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")


@dataclasses.dataclass(frozen=True)
class Server:
    host: str
    port: int

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def connection(self, timeout: float = 10) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)


@dataclasses.dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def send(
    server: Server,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Answer:
    """One request on a fresh connection, read completely and closed."""
    connection = server.connection()
    try:
        return exchange(connection, method, path, body, headers)
    finally:
        connection.close()


def exchange(
    connection: http.client.HTTPConnection,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Answer:
    """One request on an open connection, its answer read completely."""
    connection.request(method, path, body=body, headers=headers or {})
    with connection.getresponse() as response:
        return Answer(response.status, response.headers, response.read())


@contextmanager
def gunicorn(log_path: Path) -> Iterator[Server]:
    """gunicorn serving ``rpc_test_app`` on a free port, stopped on exit."""
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn",
                "--worker-class", "gthread", "--workers", "1", "--threads", "4",
                "--bind", "127.0.0.1:0", "--pythonpath", str(HERE),
                "--log-level", "info", "--graceful-timeout", "2",
                "rpc_test_app:create_app()",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )  # fmt: skip
    try:
        yield _wait_until_serving(process, log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_serving(process: subprocess.Popen[bytes], log_path: Path) -> Server:
    deadline = time.monotonic() + 20
    port = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log_path.read_text()}")
        if port is None:
            match = _LISTENING.search(log_path.read_text())
            port = int(match.group(1)) if match else None
        if port is not None:
            candidate = Server("127.0.0.1", port)
            try:
                if send(candidate, "GET", "/health").status == 200:
                    return candidate
            except OSError:
                pass
        time.sleep(0.05)
    raise RuntimeError(f"gunicorn did not start:\n{log_path.read_text()}")
