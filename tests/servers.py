"""Starting and stopping server processes, for tests and benchmarks alike: the one place that does it.

``start`` runs a server command and returns once ``GET /health`` answers 200, so a caller never
races the server's start-up; ``start_gunicorn`` is ``start`` for gunicorn serving an app spec,
on a port the kernel picks (read back from gunicorn's log: no window in which another process
takes a port we chose); ``stop`` ends either; ``gunicorn`` is both as a context manager.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from erpserver.config import Config

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
_LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")


@dataclass
class ServerProcess:
    """A running server: its process, where it listens and where it logs."""

    process: subprocess.Popen[bytes]
    port: int
    log_path: Path
    owns_log: bool = False  # a temporary log, removed by ``stop``

    @property
    def host(self) -> str:
        return HOST

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def free_port() -> int:
    """A port free now, for a command that needs its port on its command line (``erpserver serve``)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def erpserver_environment(config: Config) -> dict[str, str]:
    """The environment that gives gunicorn workers this configuration."""
    return {
        "ERPSERVER_DB_URL": config.db_url,
        "ERPSERVER_DATA_DIR": config.data_dir,
        "ERPSERVER_PASSWORD_ROUNDS": str(config.password_rounds),
        "ERPSERVER_MASTER_PASSWORD": config.master_password,
        "ERPSERVER_LOGIN_COOLDOWN_AFTER": str(config.login_cooldown_after),
        "ERPSERVER_LOGIN_COOLDOWN_DURATION": str(config.login_cooldown_duration),
        "ERPSERVER_PROXY_MODE": "true" if config.proxy_mode else "false",
        "ERPSERVER_LOG_LEVEL": "warning",
    }


def start(command: Sequence[str], environment: Mapping[str, str] | None = None, *, port: int | None = None,
          log_path: Path | None = None, timeout: float = 30.0, inherit_environment: bool = True,
          cwd: Path = ROOT) -> ServerProcess:
    """Run ``command`` and return once it answers ``GET /health`` with 200 on loopback.

    ``port`` is where it listens; without one, it is read from gunicorn's "Listening at" log line.
    Output goes to ``log_path`` (a temporary file when none is given); RuntimeError, with the log,
    if the process exits or does not answer within ``timeout`` seconds.
    """
    owns_log = log_path is None
    if log_path is None:
        handle, name = tempfile.mkstemp(prefix="erpserver-test-server-", suffix=".log")
        os.close(handle)
        log_path = Path(name)
    base = dict(os.environ) if inherit_environment else {}
    with log_path.open("wb") as log:
        process = subprocess.Popen(list(command), cwd=cwd, env={**base, **(environment or {})},
                                   stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    server = ServerProcess(process, port or 0, log_path, owns_log)
    try:
        _wait_until_healthy(server, port is None, timeout)
    except BaseException:
        stop(server)  # the error carries the log
        raise
    return server


def _wait_until_healthy(server: ServerProcess, read_port: bool, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited with status {server.process.returncode}:\n{server.log_text()}")
        if read_port and not server.port:
            match = _LISTENING.search(server.log_text())
            server.port = int(match.group(1)) if match else 0
        if server.port and _healthy(server):
            return
        time.sleep(0.05)
    raise RuntimeError(f"server did not answer /health within {timeout:.0f} s:\n{server.log_text()}")


def _healthy(server: ServerProcess) -> bool:
    connection = http.client.HTTPConnection(HOST, server.port, timeout=2)
    try:
        connection.request("GET", "/health")
        with connection.getresponse() as response:
            response.read()
            return response.status == 200
    except OSError:
        return False
    finally:
        connection.close()


def gunicorn_command(app: str, *, workers: int = 1, threads: int = 4, graceful_timeout: float = 2,
                     extra_args: Sequence[str] = ()) -> list[str]:
    """gunicorn with threaded workers on a port the kernel picks; its own log at info, which has the
    "Listening at" line (the app's log level is the app's: ERPSERVER_LOG_LEVEL for erpserver)."""
    return [
        sys.executable, "-m", "gunicorn", "--bind", f"{HOST}:0", "--workers", str(workers),
        "--threads", str(threads), "--worker-class", "erpserver.http.worker.Worker", "--graceful-timeout", str(graceful_timeout),
        "--log-level", "info", *extra_args, app,
    ]  # fmt: skip


def start_gunicorn(app: str, environment: Mapping[str, str] | None = None, *, workers: int = 1, threads: int = 4,
                   log_path: Path | None = None, extra_args: Sequence[str] = (), timeout: float = 30.0
                   ) -> ServerProcess:
    """gunicorn serving ``app`` (a ``module:callable`` spec), healthy when it returns."""
    command = gunicorn_command(app, workers=workers, threads=threads, extra_args=extra_args)
    return start(command, environment, log_path=log_path, timeout=timeout)


def stop(server: ServerProcess, timeout: float = 15.0) -> None:
    """Terminate (then kill, past ``timeout``) and reap the process; remove a temporary log."""
    process = server.process
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if server.owns_log:
        server.log_path.unlink(missing_ok=True)


@contextmanager
def gunicorn(app: str, environment: Mapping[str, str] | None = None, **options: object) -> Iterator[ServerProcess]:
    """``start_gunicorn`` ... ``stop``, as a ``with`` block."""
    server = start_gunicorn(app, environment, **options)  # type: ignore[arg-type]
    try:
        yield server
    finally:
        stop(server)
