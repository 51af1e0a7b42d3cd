"""The ``erpserver`` command line, run for real in subprocesses on both backends."""

from __future__ import annotations

import contextlib
import io
import os
import pty
import subprocess
import sys
import uuid
import xmlrpc.client
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from erpserver import cli
from erpserver.config import Config, load_config
from erpserver.exceptions import AccessDenied, ValidationError
from erpserver.orm.environment import SUPERUSER_ID, Environment
from erpserver.service.runtime import Runtime
from tests.conftest import PG_URL, ROOT, TEST_ROUNDS, Server
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


def run_cli(backend: str, data_dir: Path, *args: str, check: bool = True, cwd: Path = ROOT,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``erpserver ARGS`` in a subprocess; ``env`` replaces the backend's environment."""
    environment = _cli_env(backend, data_dir) if env is None else env
    result = subprocess.run(
        [sys.executable, "-m", "erpserver.cli", *args],
        cwd=cwd, env={**environment, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
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
            env = runtime.registries.environment(db, conn, SUPERUSER_ID)
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
            env = runtime.registries.environment(cli_db, conn, SUPERUSER_ID)
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
    # serve runs gunicorn with the shipped settings module, which reads the same configuration.
    assert cli.gunicorn_command(config) == [sys.executable, "-m", "gunicorn", "--config",
                                            "python:erpserver.gunicorn_conf", "erpserver.wsgi"]

    missing = cli.build_parser().parse_args(["--config", str(tmp_path / "nope.ini"), "db", "list"])
    with pytest.raises(cli.CliError) as error:
        cli.config_from_args(missing, environ={})
    assert error.value.code == 2


def test_serve_answers_version(data_dir: Path, tmp_path: Path) -> None:
    """The README's form: ``serve --config FILE``; the file's bind, workers and log level apply."""
    port = free_port()
    ini = tmp_path / "erp.ini"
    ini.write_text(f"[erpserver]\nbind = 127.0.0.1:{port}\nworkers = 1\nlog_level = info\n")
    environment = {k: v for k, v in _cli_env("sqlite", data_dir).items() if k != "ERPSERVER_LOG_LEVEL"}
    server = start([sys.executable, "-m", "erpserver.cli", "serve", "--config", str(ini), "--threads", "2"],
                   environment, port=port, log_path=tmp_path / "serve.log", inherit_environment=False)
    try:
        with xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/common") as proxy:
            assert proxy.version()["server_version"] == "17.0"
    finally:
        stop(server)
    log = server.log_text()
    assert log.count("Booting worker with pid") == 1, log
    assert "Using worker: erpserver.http.worker.Worker" in log


# -- a newcomer's first hour ---------------------------------------------------------------------
def test_global_options_before_or_after_the_command(backend: str, data_dir: Path, cli_db: str,
                                                     tmp_path: Path) -> None:
    parser = cli.build_parser()
    for argv in (["--data-dir", "d", "db", "list"], ["db", "list", "--data-dir", "d"],
                 ["db", "--data-dir", "d", "list"], ["--data-dir", "x", "db", "list", "--data-dir", "d"]):
        assert parser.parse_args(argv).data_dir == "d"
    args = parser.parse_args(["serve", "--config", "f.ini", "--workers", "2"])
    assert (args.config, args.workers, args.db_url) == ("f.ini", 2, None)
    args = parser.parse_args(["user", "password", "--db", "x", "--login", "l", "--db-url", "u"])
    assert args.db_url == "u"

    # For real, from a directory that holds nothing: only the flags can find the database.
    where = ["--db-url", PG_URL] if backend == "postgresql" else ["--db-url", "", "--data-dir", str(data_dir)]
    empty = tmp_path / "empty"
    empty.mkdir()
    after = run_cli("sqlite", empty, "db", "list", *where, cwd=empty)
    before = run_cli("sqlite", empty, *where, "db", "list", cwd=empty)
    # other tests (and other runs) create and drop databases meanwhile: compare ours only
    assert cli_db in after.stdout.split() and cli_db in before.stdout.split()


def test_data_dir_does_not_depend_on_the_current_directory(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # No configuration at all: the per-user XDG data directory.
    assert load_config(environ={"HOME": "/home/ann"}).data_dir == "/home/ann/.local/share/erpserver"
    assert load_config(environ={"HOME": "/home/ann", "XDG_DATA_HOME": "/xdg"}).data_dir == "/xdg/erpserver"
    assert load_config(environ={"HOME": "/home/ann", "XDG_DATA_HOME": "rel"}).data_dir.startswith("/home/ann/")
    # A relative data_dir in a file is relative to that file, wherever the command runs.
    etc = tmp_path / "etc"
    etc.mkdir()
    (etc / "erp.ini").write_text("[erpserver]\ndata_dir = dbs\n")
    monkeypatch.chdir(tmp_path)
    assert load_config("etc/erp.ini", environ={}).data_dir == str(etc / "dbs")
    # From the environment or a flag, relative to where the command ran, made absolute at once.
    assert load_config(environ={"ERPSERVER_DATA_DIR": "here"}).data_dir == str(tmp_path / "here")

    # The README's walk: create the database in one directory, reset the password from another.
    xdg, first, second = tmp_path / "xdg", tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ERPSERVER_")}
    environment.update(XDG_DATA_HOME=str(xdg), ERPSERVER_PASSWORD_ROUNDS=str(TEST_ROUNDS))
    name = unique_name("xdg")
    run_cli("sqlite", xdg, "db", "create", name, "--admin-password", "first-pw", cwd=first, env=environment)
    assert (xdg / "erpserver" / f"{name}.sqlite3").is_file()
    run_cli("sqlite", xdg, "user", "password", "--db", name, "--login", "admin", "--password", "second-pw",
            cwd=second, env=environment)
    assert login("sqlite", xdg / "erpserver", name, "admin", "second-pw") == 2
    # And with a configuration file naming a relative data_dir, from yet another directory.
    run_cli("sqlite", xdg, "--config", str(etc / "erp.ini"), "db", "create", name,
            "--admin-password", "pw", cwd=second, env=environment)
    assert (etc / "dbs" / f"{name}.sqlite3").is_file()


def test_bad_configuration_is_refused_when_read(tmp_path: Path,
                                                main_in_process: Callable[..., tuple[int, str, str]],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "bad.ini"
    cases = {
        "[erpserver]\nlog_level = loud\n": "option log_level: expected one of debug, info",
        "[server]\nbind = 0.0.0.0:80\n": f"{bad}: no [erpserver] section",
        "": f"{bad}: no [erpserver] section",
        "bind = 1\n": f"{bad}: File contains no section headers.",
    }
    for text, message in cases.items():
        bad.write_text(text)
        code, out, err = main_in_process("db", "list", "--config", str(bad))
        assert (code, out) == (2, "") and err.startswith(f"erpserver: error: configuration: {message}"), err
        assert err.count("\n") == 1
    monkeypatch.setenv("ERPSERVER_LOG_LEVEL", "verbose")
    code, _, err = main_in_process("db", "list")
    assert code == 2 and "log_level" in err and "'verbose'" in err
    monkeypatch.setenv("ERPSERVER_LOG_LEVEL", "WARNING")  # case does not matter
    assert main_in_process("db", "list")[0] == 0


def test_config_example_shows_the_defaults() -> None:
    example = load_config(ROOT / "config.example.ini", environ={"HOME": "/home/ann"})
    assert example == Config(data_dir="/home/ann/.local/share/erpserver")


@pytest.fixture
def foreign_dbs(backend: str, data_dir: Path) -> Iterator[list[str]]:
    """Databases the role (or the data dir) holds that are not erpserver's: made and removed here."""
    names = [unique_name("foreign"), unique_name("alembic")]
    if backend == "postgresql":
        server = sa.create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg2://", 1) + "/postgres",
                                  isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        with server.connect() as conn:
            for name in names:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        # The second is another Alembic-managed application: alembic_version alone is no proof.
        other = sa.create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg2://", 1) + f"/{names[1]}",
                                 poolclass=sa.pool.NullPool)
        with other.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)")
        other.dispose()
        try:
            yield names
        finally:
            with server.connect() as conn:
                for name in names:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            server.dispose()
        return
    (data_dir / f"{names[0]}.sqlite3").write_bytes(b"junk, not a SQLite database\n" * 100)
    sqlite = sa.create_engine(f"sqlite:///{data_dir / names[1]}.sqlite3", poolclass=sa.pool.NullPool)
    with sqlite.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)")
    sqlite.dispose()
    try:
        yield names
    finally:
        for name in names:
            (data_dir / f"{name}.sqlite3").unlink(missing_ok=True)


def test_foreign_databases_are_not_listed_opened_or_dropped(backend: str, data_dir: Path, cli_db: str,
                                                            foreign_dbs: list[str]) -> None:
    listed = run_cli(backend, data_dir, "db", "list").stdout.split()
    assert cli_db in listed and not set(foreign_dbs) & set(listed)
    for name in foreign_dbs:
        for argv in (["db", "drop", name, "--yes"], ["user", "create", "--db", name, "--login", "x"],
                     ["user", "password", "--db", name, "--login", "admin", "--password", "x"]):
            result = run_cli(backend, data_dir, *argv, check=False)
            assert result.returncode == 1 and result.stdout == "", result.stderr
            assert result.stderr.startswith(f"erpserver: error: database {name!r} is not an erpserver database")
            assert result.stderr.count("\n") == 1
        again = run_cli(backend, data_dir, "db", "create", name, check=False)
        assert again.stderr == f"erpserver: error: database {name!r} already exists\n"
    drop = run_cli(backend, data_dir, "db", "drop", foreign_dbs[0], "--yes", check=False)
    assert drop.stderr.rstrip().endswith("refusing to drop it")
    assert Runtime.from_config(_config(backend, data_dir)).databases.exists(foreign_dbs[0])  # still there


def test_rpc_db_service_lists_and_drops_only_erpserver_databases(server: Server,
                                                                 foreign_dbs: list[str]) -> None:
    proxy = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/db")
    listed = proxy.list()
    assert server.db in listed and not set(foreign_dbs) & set(listed)
    for name in foreign_dbs:
        assert proxy.db_exist(name) is True
        with pytest.raises(xmlrpc.client.Fault) as fault:
            proxy.drop("test-master", name)
        assert f"database {name!r} is not an erpserver database: refusing to drop it" in fault.value.faultString
        assert proxy.db_exist(name) is True


def test_one_line_errors_instead_of_tracebacks(backend: str, data_dir: Path) -> None:
    for reserved in ("postgres", "template1"):
        result = run_cli(backend, data_dir, "db", "create", reserved, check=False)
        assert (result.returncode, result.stdout) == (1, "")
        assert result.stderr == f"erpserver: error: Database name {reserved!r} is reserved by PostgreSQL\n"
    assert not (data_dir / "postgres.sqlite3").exists()
    nowhere = ["--db-url", "", "--data-dir", "/proc/nope"]
    result = run_cli(backend, data_dir, *nowhere, "db", "create", unique_name("nowhere"), check=False)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "erpserver: error: /proc/nope: No such file or directory\n"
    assert run_cli(backend, data_dir, *nowhere, "db", "list").stdout == ""


def test_blank_login_or_password_is_refused(cli_db: str, main_in_process: Callable[..., tuple[int, str, str]],
                                            server: Server, env: Environment) -> None:
    # The command line: an explicitly empty value is a usage error, never a silent default.
    for argv, option in (
        (["user", "create", "--db", cli_db, "--login", ""], "--login"),
        (["user", "create", "--db", cli_db, "--login", "  "], "--login"),
        (["user", "create", "--db", cli_db, "--login", "bob", "--password", ""], "--password"),
        (["user", "password", "--db", cli_db, "--login", "admin", "--password", ""], "--password"),
        (["db", "create", unique_name("blank"), "--admin-password", ""], "--admin-password"),
        (["db", "create", unique_name("blank"), "--admin-login", " "], "--admin-login"),
    ):
        code, out, err = main_in_process(*argv)
        assert (code, out) == (2, "") and err.startswith(f"erpserver: error: {option} cannot be empty"), err
    # The model, so every client gets the same answer: the ORM...
    users = env["res.users"]
    for login in ("", "   ", False, None):
        with pytest.raises(ValidationError, match="^The login cannot be empty$"):
            users.create({"login": login, "name": "Nobody"})
    with pytest.raises(ValidationError, match="^The login cannot be empty$"):
        users.create({"name": "No login at all"})
    with pytest.raises(ValidationError, match="^The login cannot be empty$"):
        users.browse(2).write({"login": " "})
    # ... and RPC.
    uid = server.common().authenticate(server.db, server.login, server.password, {})
    for call in (("create", [{"login": "  ", "name": "Blank"}]), ("write", [[uid], {"login": ""}])):
        with pytest.raises(xmlrpc.client.Fault, match="The login cannot be empty"):
            server.object().execute_kw(server.db, uid, server.password, "res.users", *call)


def test_generated_password_is_labelled_for_a_person_and_bare_for_a_script(backend: str, data_dir: Path) -> None:
    name = unique_name("label")
    primary, secondary = pty.openpty()  # stdout is a terminal, as when a person runs the command
    try:
        result = subprocess.run([sys.executable, "-m", "erpserver.cli", "db", "create", name], cwd=ROOT,
                                env={**_cli_env(backend, data_dir), "PYTHONPATH": str(ROOT)}, stdin=subprocess.DEVNULL,
                                stdout=secondary, stderr=subprocess.PIPE, text=True, timeout=60)
        shown = os.read(primary, 4096).decode().strip()
    finally:
        os.close(primary)
        os.close(secondary)
    try:
        assert result.returncode == 0, result.stderr
        assert result.stderr.splitlines()[-1] == "generated password (shown only this once, keep it):"
        assert login(backend, data_dir, name, "admin", shown) == 2
        # Captured by a script: the bare password only (test_db_create_list_drop), no label.
        reset = run_cli(backend, data_dir, "user", "password", "--db", name, "--login", "admin")
        assert "generated password" not in reset.stderr and len(reset.stdout.split()) == 1
    finally:
        run_cli(backend, data_dir, "db", "drop", name, "--yes")
