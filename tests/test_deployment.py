"""Starting the server the documented ways: plain gunicorn with the shipped settings, and logging."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import urllib.request
import xmlrpc.client
from collections.abc import Callable
from pathlib import Path

from erpserver.service.runtime import Runtime
from tests.conftest import ADMIN_PASSWORD, ROOT
from tests.servers import free_port, stop_process, wait_until_listening


def clean_environment(**extra: str) -> dict[str, str]:
    """This environment without any ERPSERVER_* variable (the tests set exactly what they need)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ERPSERVER_")}
    environment.update(PYTHONPATH=str(ROOT), **extra)
    return environment


def run_until_stopped(command: list[str], port: int, cwd: Path, environment: dict[str, str],
                      check: Callable[[], None]) -> str:
    """Start ``command``, wait for ``port``, call ``check()``, stop it; returns its stderr."""
    process = subprocess.Popen(command, cwd=cwd, env=environment, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    try:
        wait_until_listening(process, port, describe_exit=lambda: process.stderr.read().decode())
        check()
    finally:
        stop_process(process)
        log = process.stderr.read().decode(errors="replace")
        process.stderr.close()
    return log


def test_plain_gunicorn_takes_its_settings_from_the_configuration_file(runtime: Runtime, demo_db: str,
                                                                       tmp_path: Path) -> None:
    port = free_port()
    config = runtime.config
    (tmp_path / "erp.ini").write_text(
        f"[erpserver]\nbind = 127.0.0.1:{port}\nworkers = 1\nthreads = 2\ntimeout = 40\nlog_level = info\n"
        f"db_url = {config.db_url}\ndata_dir = {config.data_dir}\npassword_rounds = {config.password_rounds}\n"
    )

    def check() -> None:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=10) as response:
            assert response.status == 200
        with xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}/xmlrpc/2/common") as common:
            assert common.authenticate(demo_db, "admin", "wrong password", {}) is False
            assert common.authenticate(demo_db, "admin", ADMIN_PASSWORD, {}) == 2

    # The README's command, from the directory of the file, nothing else set.
    log = run_until_stopped(
        [sys.executable, "-m", "gunicorn", "-c", "python:erpserver.gunicorn_conf", "erpserver.wsgi"],
        port, tmp_path, clean_environment(ERPSERVER_CONFIG="erp.ini"), check)
    assert log.count("Booting worker with pid") == 1, log  # workers = 1
    assert "Using worker: gthread" in log
    # The application's own records, at the configured level, named, beside gunicorn's.
    assert f"[INFO] erpserver.service.common: Login failed for db:{demo_db} login:admin" in log, log
    assert "alembic.runtime.plugins" not in log


def test_a_bad_configuration_stops_gunicorn_with_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "python:erpserver.gunicorn_conf", "erpserver.wsgi"],
        cwd=tmp_path, env=clean_environment(ERPSERVER_LOG_LEVEL="loud", ERPSERVER_DATA_DIR=str(tmp_path)),
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
    )
    assert result.returncode != 0
    assert result.stderr.startswith("erpserver: error: configuration: option log_level"), result.stderr
    assert "Traceback" not in result.stderr and "Booting worker" not in result.stderr


def test_create_app_leaves_logging_to_the_entry_point(tmp_path: Path) -> None:
    code = (
        "import logging\n"
        "from erpserver.config import load_config\n"
        "from erpserver.wsgi import create_app\n"
        f"create_app(load_config(overrides={{'data_dir': {str(tmp_path)!r}, 'log_level': 'debug'}}, environ={{}}))\n"
        "root = logging.getLogger()\n"
        "print(len(root.handlers), root.level)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=clean_environment(),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", str(logging.WARNING)]
