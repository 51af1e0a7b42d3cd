"""The ``erpserver`` command line, run for real in subprocesses on both backends."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import uuid
import xmlrpc.client
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from erpserver import cli
from erpserver.config import Config, load_config
from erpserver.exceptions import AccessDenied
from erpserver.orm.environment import SUPERUSER_ID, Environment
from erpserver.service.runtime import Runtime
from tests.conftest import PG_URL, ROOT, TEST_ROUNDS
from tests.servers import free_port, start, stop


def _cli_env(backend: str, data_dir: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ERPSERVER_")}
    environment.update(
        ERPSERVER_DATA_DIR=str(data_dir),
        ERPSERVER_DB_URL=PG_URL if backend == "postgresql" else "",
        ERPSERVER_PASSWORD_ROUNDS=str(TEST_ROUNDS),
        ERPSERVER_LOG_LEVEL="warning",
    )
    return environment


def run_cli(backend: str, data_dir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "erpserver.cli", *args],
        cwd=ROOT, env=_cli_env(backend, data_dir), capture_output=True, text=True,
        stdin=subprocess.DEVNULL, timeout=60,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def unique_name(tag: str) -> str:
    return f"erpcli_{tag}_{uuid.uuid4().hex[:8]}"


def _config(backend: str, data_dir: Path) -> Config:
    return load_config(overrides={"db_url": PG_URL if backend == "postgresql" else "",
                                  "data_dir": str(data_dir), "password_rounds": TEST_ROUNDS}, environ={})


@pytest.fixture(scope="module")
def cli_db(backend: str, data_dir: Path) -> Iterator[str]:
    """One database with a known administrator password, made and dropped in-process by ``cli.run``."""
    name = unique_name("users")
    parser = cli.build_parser()
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert cli.run(parser.parse_args(["db", "create", name, "--admin-password", "cli-admin"]),
                       _config(backend, data_dir)) == 0
    assert out.getvalue() == ""  # the password was given: nothing to print
    yield name
    with contextlib.redirect_stderr(io.StringIO()):
        cli.run(parser.parse_args(["db", "drop", name, "--yes"]), _config(backend, data_dir))


@pytest.fixture
def main_in_process(backend: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                    capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """``cli.main`` in this process (same code, no interpreter start-up): for the error paths."""
    for key in [k for k in os.environ if k.startswith("ERPSERVER_")]:
        monkeypatch.delenv(key)
    for key, value in _cli_env(backend, data_dir).items():
        if key.startswith("ERPSERVER_"):
            monkeypatch.setenv(key, value)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a TTY

    def call(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = cli.main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return call


def login(backend: str, data_dir: Path, db: str, user: str, password: str) -> int:
    """Authenticate through the ORM in this process, as the services do."""
    runtime = Runtime.from_config(_config(backend, data_dir))
    try:
        with runtime.databases.engine(db).connect() as conn:
            env = Environment(runtime.registries.get(db, conn), conn, SUPERUSER_ID)
            return env["res.users"]._login(user, password)
    finally:
        runtime.databases.dispose()


def test_db_create_list_drop(backend: str, data_dir: Path) -> None:
    name = unique_name("trip")
    created = run_cli(backend, data_dir, "db", "create", name)
    password = created.stdout.strip()
    assert len(password) >= 12 and "\n" not in password  # printed once, alone on stdout
    assert name in run_cli(backend, data_dir, "db", "list").stdout.split()
    assert login(backend, data_dir, name, "admin", password) == 2

    again = run_cli(backend, data_dir, "db", "create", name, check=False)
    assert again.returncode == 1
    assert again.stderr.strip() == f"erpserver: error: database {name!r} already exists"

    run_cli(backend, data_dir, "db", "drop", name, "--yes")
    assert name not in run_cli(backend, data_dir, "db", "list").stdout.split()


def test_error_paths(cli_db: str, main_in_process: Callable[..., tuple[int, str, str]]) -> None:
    code, out, err = main_in_process("db", "create", cli_db)
    assert (code, out, err) == (1, "", f"erpserver: error: database {cli_db!r} already exists\n")
    code, _, err = main_in_process("db", "drop", cli_db)  # stdin is not a TTY and no --yes
    assert code == 2 and "--yes" in err
    missing = unique_name("none")
    assert main_in_process("db", "drop", missing, "--yes")[1:] == (
        "", f"erpserver: error: database {missing!r} does not exist\n")
    code, _, err = main_in_process("user", "create", "--db", missing, "--login", "x")
    assert code == 1 and err == f"erpserver: error: database {missing!r} does not exist\n"
    code, _, err = main_in_process("user", "password", "--db", cli_db, "--login", "nobody")
    assert code == 1 and "'nobody'" in err
    code, _, err = main_in_process("user", "create", "--db", cli_db, "--login", "admin")
    assert code == 1 and err.count("\n") == 1 and "same login" in err
    code, _, err = main_in_process("db", "create", "bad name!")
    assert code == 1 and "Invalid database name" in err
    code, _, err = main_in_process("--config", "/nonexistent/erp.ini", "db", "list")
    assert code == 2 and err.startswith("erpserver: error: configuration:")


def test_user_create_and_password(backend: str, data_dir: Path, cli_db: str) -> None:
    assert login(backend, data_dir, cli_db, "admin", "cli-admin") == 2
    generated = run_cli(backend, data_dir, "user", "create", "--db", cli_db, "--login", "carol", "--admin")
    carol_password = generated.stdout.strip()
    carol = login(backend, data_dir, cli_db, "carol", carol_password)
    assert carol > 2

    given = run_cli(backend, data_dir, "user", "create", "--db", cli_db, "--login", "dave",
                    "--name", "Dave", "--password", "dave-pw")
    assert given.stdout == ""
    dave = login(backend, data_dir, cli_db, "dave", "dave-pw")

    run_cli(backend, data_dir, "user", "password", "--db", cli_db, "--login", "dave", "--password", "new-pw")
    assert login(backend, data_dir, cli_db, "dave", "new-pw") == dave
    with pytest.raises(AccessDenied):
        login(backend, data_dir, cli_db, "dave", "dave-pw")
    reset = run_cli(backend, data_dir, "user", "password", "--db", cli_db, "--login", "carol")
    assert login(backend, data_dir, cli_db, "carol", reset.stdout.strip()) == carol
    with pytest.raises(AccessDenied):
        login(backend, data_dir, cli_db, "carol", carol_password)

    # Only the --admin user is a Settings administrator.
    runtime = Runtime.from_config(_config(backend, data_dir))
    try:
        with runtime.databases.engine(cli_db).connect() as conn:
            env = Environment(runtime.registries.get(cli_db, conn), conn, SUPERUSER_ID)
            system = env.ref_id("base.group_system")
            groups = {r["id"]: r["groups_id"] for r in env["res.users"].browse([carol, dave]).read(["groups_id"])}
    finally:
        runtime.databases.dispose()
    assert system in groups[carol] and system not in groups[dave]


def test_parser_parses_every_command() -> None:
    parser = cli.build_parser()
    cases = {
        ("serve", "--bind", "0.0.0.0:9000", "--workers", "3", "--threads", "2"): cli.cmd_serve,
        ("db", "create", "x", "--demo", "--admin-password", "p", "--admin-login", "root"): cli.cmd_db_create,
        ("db", "list"): cli.cmd_db_list,
        ("db", "drop", "x", "--yes"): cli.cmd_db_drop,
        ("user", "create", "--db", "x", "--login", "l", "--name", "N", "--password", "p", "--admin"):
            cli.cmd_user_create,
        ("user", "password", "--db", "x", "--login", "l"): cli.cmd_user_password,
    }
    for argv, handler in cases.items():
        args = parser.parse_args(["--config", "f.ini", "--db-url", "", "--data-dir", "d", *argv])
        assert args.handler is handler
        assert (args.config, args.db_url, args.data_dir) == ("f.ini", "", "d")
    args = parser.parse_args(["serve"])
    assert (args.bind, args.workers, args.threads) == (None, None, None)
    args = parser.parse_args(["user", "password", "--db", "x", "--login", "l"])
    assert args.password is None
    for bad in (["db"], ["serve", "--workers", "0"], ["user", "create", "--login", "l"], []):
        with pytest.raises(SystemExit) as exit_info:
            parser.parse_args(bad)
        assert exit_info.value.code == 2


def test_config_precedence_and_serve_environment(tmp_path: Path) -> None:
    ini = tmp_path / "erp.ini"
    ini.write_text("[erpserver]\nworkers = 5\nthreads = 3\nlist_db = false\n")
    args = cli.build_parser().parse_args(["--config", str(ini), "--data-dir", "/srv/erp", "serve"])
    config = cli.config_from_args(args, environ={"ERPSERVER_THREADS": "7"})
    assert (config.workers, config.threads, config.data_dir, config.list_db) == (5, 7, "/srv/erp", False)
    environment = cli.config_environment(config, base={"ERPSERVER_CONFIG": str(ini), "PATH": "/bin"})
    assert "ERPSERVER_CONFIG" not in environment and environment["PATH"] == "/bin"
    assert load_config(environ=environment) == config  # the workers rebuild the same configuration
    command = cli.gunicorn_command(config)
    assert command[:3] == [sys.executable, "-m", "gunicorn"] and command[-1] == "erpserver.wsgi"
    assert command[command.index("--bind") + 1] == Config().bind
    assert command[command.index("--worker-class") + 1] == "gthread"
    assert command[command.index("--timeout") + 1] == str(Config().timeout)

    missing = cli.build_parser().parse_args(["--config", str(tmp_path / "nope.ini"), "db", "list"])
    with pytest.raises(cli.CliError) as error:
        cli.config_from_args(missing, environ={})
    assert error.value.code == 2


def test_serve_answers_version(data_dir: Path) -> None:
    port = free_port()
    server = start([sys.executable, "-m", "erpserver.cli", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                   _cli_env("sqlite", data_dir), port=port, inherit_environment=False)
    try:
        with xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/common") as proxy:
            assert proxy.version()["server_version"] == "17.0"
    finally:
        stop(server)
