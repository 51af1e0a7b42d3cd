"""Starting the server the documented ways: plain gunicorn with the shipped settings, and logging."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import urllib.request
import uuid
import xmlrpc.client
from collections.abc import Callable
from pathlib import Path

import gunicorn
import pytest

from erpserver.config import load_config
from erpserver.service import databases
from erpserver.service.runtime import Runtime
from tests.conftest import ADMIN_PASSWORD, PG_URL, ROOT, TEST_ROUNDS, Server
from tests.servers import free_port, start, stop


def clean_environment(**extra: str) -> dict[str, str]:
    """This environment without any ERPSERVER_* variable (the tests set exactly what they need)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ERPSERVER_")}
    environment.update(PYTHONPATH=str(ROOT), **extra)
    return environment


def run_until_stopped(command: list[str], port: int, cwd: Path, environment: dict[str, str],
                      check: Callable[[], None]) -> str:
    """Start ``command``, wait for ``port``, call ``check()``, stop it; returns its output."""
    server = start(command, environment, port=port, log_path=cwd / f"server-{port}.log",
                   inherit_environment=False, cwd=cwd)
    try:
        check()
    finally:
        stop(server)
    return server.log_text()


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
    assert "Using worker: erpserver.http.worker.Worker" in log
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


def test_readme_try_it_snippet_prints_its_result(server: Server, tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    snippet = readme[readme.index("## Try it"):]
    snippet = snippet[snippet.index("```python\n") + len("```python\n"):]
    snippet = snippet[:snippet.index("```")]
    placeholders = '"http://127.0.0.1:8069", "demo", "admin", "<the printed password>"'
    assert placeholders in snippet
    script = tmp_path / "try_it.py"
    script.write_text(snippet.replace(placeholders, repr((server.url, server.db, server.login, server.password))[1:-1]))
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "server version: 17.0" and len(lines) == 6, result.stdout  # 5 companies
    assert all(" - " in line for line in lines[1:])


@pytest.mark.slow
def test_scripts_serve_prints_the_access_block_last_and_installs_only_when_needed(tmp_path: Path) -> None:
    port = free_port()
    environment = clean_environment(ERPSERVER_DATA_DIR=str(tmp_path / "data"),
                                    ERPSERVER_PASSWORD_ROUNDS=str(TEST_ROUNDS))
    environment.pop("ERPSERVER_ADMIN_PASSWORD", None)
    site_packages = sorted((ROOT / ".venv" / "lib").glob("python3*/site-packages"))

    def installed_at() -> list[float]:
        return [p.stat().st_mtime for s in site_packages for p in s.glob("erpserver-*.dist-info")]

    def serve(run: int, timeout: float) -> str:
        output = tmp_path / f"serve{run}.log"
        server = start([str(ROOT / "scripts" / "serve"), "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                       environment, port=port, log_path=output, timeout=timeout, inherit_environment=False,
                       cwd=tmp_path)
        try:
            if run == 1:
                password = re.search(r"password: (\S+)   <- generated, shown only this once", output.read_text())
                assert password, output.read_text()
                with xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}/xmlrpc/2/common") as common:
                    assert common.authenticate("demo", "admin", password.group(1), {}) == 2
        finally:
            stop(server)
        return output.read_text()

    first = serve(1, timeout=300)  # may install .venv first, if pyproject.toml changed
    before = installed_at()
    assert before, "erpserver is not installed in .venv"
    second = serve(2, timeout=60)
    assert installed_at() == before and "Installing erpserver" not in second  # pip did not run

    for text in (first, second):
        block = text.index("  erpserver   URL:      http://127.0.0.1:")
        assert "database: demo" in text[block:] and "login:    admin" in text[block:]
        # The block comes last, right before gunicorn's first line.
        after = text[block:].split("-" * 90 + "\n", 1)[1]
        assert after.lstrip().splitlines()[0].endswith(f"Starting gunicorn {gunicorn.__version__}"), text
    assert first.index("created database 'demo'") < first.index("  erpserver   URL:")
    assert "created database" not in second and "(set when the database was created" in second


def _dockerfile_healthcheck() -> list[str]:
    """The HEALTHCHECK command of the Dockerfile, as the container would run it."""
    line = next(line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("HEALTHCHECK"))
    command = json.loads(line[line.index(" CMD ") + len(" CMD "):])
    assert command[0] == "python"
    return [sys.executable, *command[1:]]


@pytest.mark.slow
def test_docker_entrypoint_creates_the_database_once_then_serves(backend: str, tmp_path: Path) -> None:
    port = free_port()
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "erpserver").exists(), "the tests run from the virtualenv where erpserver is installed"
    name, other = f"erpdock_{uuid.uuid4().hex[:8]}", f"erpdock_{uuid.uuid4().hex[:8]}"
    config = load_config(overrides={"db_url": PG_URL if backend == "postgresql" else "",
                                    "data_dir": str(tmp_path / "data"), "password_rounds": TEST_ROUNDS}, environ={})
    base = clean_environment(PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", ERPSERVER_DB_URL=config.db_url,
                             ERPSERVER_DATA_DIR=config.data_dir, ERPSERVER_BIND=f"127.0.0.1:{port}",
                             ERPSERVER_WORKERS="1", ERPSERVER_PASSWORD_ROUNDS=str(TEST_ROUNDS), ERPSERVER_DB_NAME=name)
    for key in ("ERPSERVER_ADMIN_PASSWORD", "ERPSERVER_SKIP_INIT", "ERPSERVER_ADMIN_LOGIN", "ERPSERVER_DEMO"):
        base.pop(key, None)
    healthcheck = _dockerfile_healthcheck()

    def boot(run: int, check: Callable[[], None] = lambda: None, **environment: str) -> str:
        output = tmp_path / f"entrypoint{run}.log"
        server = start([str(ROOT / "docker" / "entrypoint.sh")], {**base, **environment}, port=port,
                       log_path=output, timeout=120, inherit_environment=False, cwd=tmp_path)
        try:
            health = subprocess.run(healthcheck, env={**base, **environment}, timeout=30)
            assert health.returncode == 0  # the image's HEALTHCHECK passes on a live server
            check()
        finally:
            stop(server)
        return output.read_text()

    def authenticate(db: str, login: str, password: str) -> object:
        with xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}/xmlrpc/2/common") as common:
            return common.authenticate(db, login, password, {})

    runtime = Runtime.from_config(config)
    try:
        first = boot(1)
        found = re.findall(r"GENERATED ADMINISTRATOR PASSWORD: (\S+)", first)
        assert len(found) == 1, first
        assert f"(database '{name}', login 'admin'; printed only this once" in first
        stopped = subprocess.run(healthcheck, env=base, capture_output=True, timeout=30)
        assert stopped.returncode != 0  # and fails once the server stopped

        # Later starts: the same database (the same password still works), nothing printed again.
        second = boot(2, lambda: assert_equal(authenticate(name, "admin", found[0]), 2))
        assert "GENERATED" not in second and "created database" not in second
        assert f"database '{name}' is there" in second

        # Chosen login and password: nothing generated, nothing printed.
        third = boot(3, lambda: assert_equal(authenticate(other, "boss", "chosen-pw"), 2),
                      ERPSERVER_DB_NAME=other, ERPSERVER_ADMIN_LOGIN="boss", ERPSERVER_ADMIN_PASSWORD="chosen-pw")
        assert "GENERATED" not in third and "chosen-pw" not in third

        # Told not to: no database.
        skipped = f"erpdock_{uuid.uuid4().hex[:8]}"
        fourth = boot(4, ERPSERVER_DB_NAME=skipped, ERPSERVER_SKIP_INIT="1")
        assert "no database created" in fourth
        assert not runtime.databases.exists(skipped)
    finally:
        for db in (name, other):
            if runtime.databases.exists(db):
                databases.drop_database(runtime, db)
        runtime.databases.dispose()


def assert_equal(actual: object, expected: object) -> None:
    assert actual == expected
