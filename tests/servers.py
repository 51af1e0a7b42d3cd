"""Starting and stopping server processes, for tests and benchmarks alike."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from erpserver.config import Config

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_listening(process: subprocess.Popen[bytes], port: int, timeout: float = 30.0,
                         describe_exit: object = None) -> None:
    """Return once ``port`` accepts connections; RuntimeError if the process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            detail = describe_exit() if callable(describe_exit) else ""
            raise RuntimeError(f"server exited: {detail}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    stop_process(process)
    raise RuntimeError(f"server did not start within {timeout:.0f} s")


def stop_process(process: subprocess.Popen[bytes], timeout: float = 15.0) -> None:
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def erpserver_environment(config: Config) -> dict[str, str]:
    """The environment that gives gunicorn workers this configuration."""
    return {
        "ERPSERVER_DB_URL": config.db_url,
        "ERPSERVER_DATA_DIR": config.data_dir,
        "ERPSERVER_PASSWORD_ROUNDS": str(config.password_rounds),
        "ERPSERVER_MASTER_PASSWORD": config.master_password,
        "ERPSERVER_LOG_LEVEL": "warning",
    }


def start_gunicorn(app: str, environment: dict[str, str], workers: int, threads: int = 4, *,
                   stdout: Any = subprocess.DEVNULL, stderr: Any = subprocess.PIPE,
                   extra_args: Sequence[str] = ()) -> tuple[subprocess.Popen[bytes], str]:
    """gunicorn (threaded workers) on a free loopback port; returns the process and its URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--threads", str(threads), "--worker-class", "gthread", *extra_args, app],
        cwd=ROOT, env={**os.environ, **environment}, stdout=stdout, stderr=stderr,
    )

    def exit_text() -> str:
        return process.stderr.read().decode(errors="replace") if process.stderr else ""

    wait_until_listening(process, port, describe_exit=exit_text)
    return process, f"http://127.0.0.1:{port}"
