"""``erpserver``: the administrator's command line (serve, databases, users, API keys, CSV
import/export).

``build_parser()`` needs no database, so the grammar is testable on its own; ``run()`` does the
work against an explicit ``Config``; ``main()`` ties both together and turns user errors (an
existing or missing database, a taken login...) into one line on stderr and an exit code:
0 success, 1 the operation failed, 2 bad usage or configuration.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from erpserver.config import CONFIG_FILE_ENV, ENV_PREFIX, Config, load_config

PROG = "erpserver"
EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A user error: reported as one line, never as a traceback."""

    def __init__(self, message: str, code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.code = code


# -- the grammar ---------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    """The whole command grammar, buildable (and testable) without touching any database."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Administer an erpserver: run it, create and drop databases, manage users, "
        "import and export CSV files.",
        epilog=f"Configuration: built-in defaults < --config FILE (or ${CONFIG_FILE_ENV}) "
        f"< {ENV_PREFIX}<OPTION> environment variables < command-line flags.",
    )
    _global_options(parser)
    commands = _Subcommands(parser.add_subparsers(dest="command", metavar="COMMAND", required=True))

    serve = commands.add_parser("serve", help="run the server under gunicorn (replaces this process)")
    serve.add_argument("--bind", metavar="HOST:PORT", help="address to listen on (default: config bind)")
    serve.add_argument("--workers", type=_positive_int, metavar="N", help="worker processes (default: config workers)")
    serve.add_argument("--threads", type=_positive_int, metavar="N", help="threads per worker (default: config threads)")
    serve.set_defaults(handler=cmd_serve)

    db = commands.add_parser("db", help="create, list and drop databases")
    db_commands = _Subcommands(db.add_subparsers(dest="db_command", metavar="ACTION", required=True))
    create = db_commands.add_parser("create", help="create a database and its administrator")
    create.add_argument("name", help="database name")
    create.add_argument("--demo", action="store_true", help="also load the demo data")
    create.add_argument("--admin-password", metavar="PW", help="administrator password (default: a random one, printed)")
    create.add_argument("--admin-login", metavar="LOGIN", default="admin", help="administrator login (default: admin)")
    create.set_defaults(handler=cmd_db_create)
    listing = db_commands.add_parser("list", help="list the databases, one per line")
    listing.set_defaults(handler=cmd_db_list)
    drop = db_commands.add_parser("drop", help="drop a database and all its data")
    drop.add_argument("name", help="database name")
    drop.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    drop.set_defaults(handler=cmd_db_drop)

    user = commands.add_parser("user", help="create, list, (de)activate users; passwords, groups")
    user_commands = _Subcommands(user.add_subparsers(dest="user_command", metavar="ACTION", required=True))
    user_create = user_commands.add_parser("create", help="create a user")
    _user_arguments(user_create)
    user_create.add_argument("--name", help="display name (default: the login)")
    user_create.add_argument("--admin", action="store_true", help="make the user a Settings administrator (base.group_system)")
    user_create.set_defaults(handler=cmd_user_create)
    password = user_commands.add_parser("password", help="set a user's password")
    _user_arguments(password)
    password.set_defaults(handler=cmd_user_password)
    from erpserver import cli_accounts, cli_lang  # they build on this module's helpers

    cli_accounts.add_user_commands(user_commands)
    cli_accounts.add_apikey_commands(commands)
    cli_lang.add_lang_commands(commands)

    from erpserver import cli_bulk  # import and export: CSV files in and out of a model

    cli_bulk.add_parsers(commands, _positive_int)
    return parser


def _global_options(parser: argparse.ArgumentParser, default: Any = None) -> None:
    parser.add_argument("--config", metavar="FILE", default=default,
                        help=f"ini file with an [erpserver] section (default: ${CONFIG_FILE_ENV})")
    parser.add_argument("--db-url", metavar="URL", default=default,
                        help="PostgreSQL server URL; empty for SQLite files in the data dir")
    parser.add_argument("--data-dir", metavar="DIR", default=default, help="where SQLite databases live")


class _Subcommands:
    """Adds subcommands that also accept the global options, so they work before or after the
    command (``erpserver serve --config F`` as well as ``erpserver --config F serve``).

    In a subcommand they default to SUPPRESS: absent there, they keep the value given before it.
    """

    def __init__(self, action: Any) -> None:
        self._action = action

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = self._action.add_parser(name, **kwargs)
        _global_options(parser, default=argparse.SUPPRESS)
        return parser


def _user_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", required=True, metavar="NAME", help="database name")
    parser.add_argument("--login", required=True, metavar="LOGIN", help="the user's login")
    parser.add_argument("--password", metavar="PW", help="the password (default: a random one, printed)")


def _check_not_blank(option: str, value: str | None) -> None:
    """An explicitly given but empty login or password is a mistake, not a request for a default."""
    if value is not None and not value.strip():
        raise CliError(f"{option} cannot be empty" + (" (omit it for a generated one)" if "password" in option else ""),
                       EXIT_USAGE)


def _positive_int(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {raw!r}")
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value}")
    return value


# -- entry points --------------------------------------------------------------------------------
def config_from_args(args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> Config:
    """The effective configuration: the file and environment, then the global flags on top."""
    try:
        return load_config(args.config, overrides={"db_url": args.db_url, "data_dir": args.data_dir},
                           environ=environ)
    except (OSError, ValueError) as error:
        raise CliError(f"configuration: {error}", EXIT_USAGE)


def run(args: argparse.Namespace, config: Config | None = None) -> int:
    """Execute parsed arguments; user errors come out as ``CliError``."""
    config = config or config_from_args(args)
    handler: Callable[[argparse.Namespace, Config], int] = args.handler
    return handler(args, config)


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point: parse, load the configuration, run, map errors to exit codes."""
    from erpserver.exceptions import DatabaseNotFound, UserError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        config = config_from_args(args)
        logging.basicConfig(level=_cli_log_level(config), format="%(levelname)s %(name)s: %(message)s")
        return run(args, config)
    except CliError as error:
        return _fail(str(error), error.code)
    except DatabaseNotFound as error:
        return _fail(f"database {error.name!r} does not exist")
    except UserError as error:
        return _fail(str(error.args[0]) if error.args else type(error).__name__)
    except ValueError as error:  # invalid database name and the like
        return _fail(str(error))
    except OSError as error:  # e.g. a data directory that cannot be created
        return _fail(f"{error.filename}: {error.strerror}" if error.filename else str(error))
    except sa.exc.DBAPIError as error:  # the database server is unreachable, refuses, is locked...
        return _fail(f"database error: {(str(error.orig).strip().splitlines() or [type(error.orig).__name__])[0]}")
    except KeyboardInterrupt:
        return _fail("interrupted", 130)


def _fail(message: str, code: int = EXIT_FAILURE) -> int:
    message = " ".join(message.splitlines()) or "failed"
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return code


def _cli_log_level(config: Config) -> int:
    # Migrations log every step at INFO: useful on a server, noise in a terminal.
    level = logging.getLevelName(config.log_level.upper())
    return max(level, logging.WARNING) if isinstance(level, int) else logging.WARNING


# -- serve ---------------------------------------------------------------------------------------
def config_environment(config: Config, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """``base`` plus every option as ``ERPSERVER_<OPTION>``, so workers rebuild exactly ``config``."""
    environment = dict(os.environ if base is None else base)
    # Every option is set explicitly below: the file must not be re-read (a relative path may not resolve).
    environment.pop(CONFIG_FILE_ENV, None)
    for field in dataclasses.fields(Config):
        value = getattr(config, field.name)
        if isinstance(value, bool):
            value = "true" if value else "false"
        environment[ENV_PREFIX + field.name.upper()] = str(value)
    return environment


GUNICORN_CONF = "python:erpserver.gunicorn_conf"


def gunicorn_command(config: Config) -> list[str]:
    """gunicorn's argv: the settings come from ``erpserver.gunicorn_conf``, which reads ``config``
    back from the environment (``config_environment``), as a plain ``gunicorn -c`` would."""
    return [sys.executable, "-m", "gunicorn", "--config", GUNICORN_CONF, "erpserver.wsgi"]


def cmd_serve(args: argparse.Namespace, config: Config) -> int:
    """Replace this process by gunicorn: signals and exit status are then gunicorn's own."""
    changes = {k: getattr(args, k) for k in ("bind", "workers", "threads") if getattr(args, k) is not None}
    config = config.replace(**changes)
    command = gunicorn_command(config)
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        os.execvpe(command[0], command, config_environment(config))
    except OSError as error:
        raise CliError(f"cannot start gunicorn: {error}")


# -- databases -----------------------------------------------------------------------------------
def _runtime(config: Config) -> Any:
    # Imported late: building the parser (and --help) should not load the ORM and every addon.
    from erpserver.service.runtime import Runtime

    return Runtime.from_config(config)


def cmd_db_create(args: argparse.Namespace, config: Config) -> int:
    """Create a database; print the administrator's password only if we generated it."""
    from erpserver.database.engines import check_db_name
    from erpserver.service import databases

    _check_not_blank("--admin-login", args.admin_login)
    _check_not_blank("--admin-password", args.admin_password)
    runtime = _runtime(config)
    name = check_db_name(args.name)
    if runtime.databases.exists(name):
        raise CliError(f"database {name!r} already exists")
    try:
        password = databases.create_database(runtime, name, demo=args.demo,
                                             admin_password=args.admin_password,
                                             admin_login=args.admin_login)
    finally:
        runtime.databases.dispose()
    print(f"created database {name!r} (administrator login {args.admin_login!r})", file=sys.stderr)
    if args.admin_password is None:
        _print_generated(password)
    return EXIT_OK


def _print_generated(password: str) -> None:
    """A generated password: alone on stdout, for scripts; labelled (on stderr) for a person."""
    if sys.stdout.isatty():
        print("generated password (shown only this once, keep it):", file=sys.stderr, flush=True)
    print(password, flush=True)


def cmd_db_list(args: argparse.Namespace, config: Config) -> int:
    """Print database names one per line, for scripts."""
    runtime = _runtime(config)
    for name in runtime.databases.list():
        print(name)
    return EXIT_OK


def cmd_db_drop(args: argparse.Namespace, config: Config) -> int:
    """Drop a database; irreversible, hence the confirmation unless --yes."""
    from erpserver.service import databases

    runtime = _runtime(config)
    name = args.name
    if not runtime.databases.exists(name):
        raise CliError(f"database {name!r} does not exist")
    if not runtime.databases.is_erpserver(name):
        raise CliError(f"database {name!r} is not an erpserver database: refusing to drop it")
    if not args.yes:
        if not sys.stdin.isatty():
            raise CliError(f"refusing to drop {name!r} without --yes (standard input is not a terminal)",
                           EXIT_USAGE)
        answer = input(f"Drop database {name!r} and all its data? [y/N] ")
        if answer.strip().lower() not in {"y", "yes"}:
            raise CliError("aborted")
    databases.drop_database(runtime, name)
    print(f"dropped database {name!r}", file=sys.stderr)
    return EXIT_OK


# -- users ---------------------------------------------------------------------------------------
def _in_database(config: Config, db_name: str, work: Callable[[Any], Any]) -> Any:
    """Run ``work(env)`` as the superuser in one transaction (all or nothing)."""
    from erpserver.service import transaction
    from erpserver.service.databases import check_erpserver_database

    runtime = _runtime(config)
    check_erpserver_database(runtime, db_name)
    engine = runtime.databases.engine(db_name)

    def in_transaction(conn: sa.Connection) -> Any:
        return work(runtime.registries.environment(db_name, conn))

    try:
        return transaction.run(engine, in_transaction)
    finally:
        runtime.databases.dispose()


def _new_password(args: argparse.Namespace) -> tuple[str, bool]:
    """The password given (checked) or a generated one; and whether it was generated."""
    from erpserver.service.databases import generate_password

    _check_not_blank("--login", args.login)
    _check_not_blank("--password", args.password)
    return (args.password, False) if args.password is not None else (generate_password(), True)


def cmd_user_create(args: argparse.Namespace, config: Config) -> int:
    """Create an internal user (or a Settings administrator with --admin)."""
    password, generated = _new_password(args)

    def work(env: Any) -> int:
        vals: dict[str, Any] = {"login": args.login, "name": args.name or args.login, "password": password}
        if args.admin:
            groups = [env.ref_id("base.group_user"), env.ref_id("base.group_system")]
            if groups[1] is None:
                raise CliError("group base.group_system is missing from this database")
            vals["groups_id"] = [(6, 0, [g for g in groups if g is not None])]
        return int(env["res.users"].create(vals).id)

    uid = _in_database(config, args.db, work)
    print(f"created user {args.login!r} (id {uid}) in {args.db!r}", file=sys.stderr)
    if generated:
        _print_generated(password)
    return EXIT_OK


def cmd_user_password(args: argparse.Namespace, config: Config) -> int:
    """Set a user's password, e.g. to recover a lost administrator password."""
    password, generated = _new_password(args)

    def work(env: Any) -> None:
        users = env["res.users"].with_context(active_test=False).search([("login", "=", args.login)])
        if not users:
            raise CliError(f"no user with login {args.login!r} in {args.db!r}")
        users.write({"password": password})

    _in_database(config, args.db, work)
    print(f"password of {args.login!r} changed in {args.db!r}", file=sys.stderr)
    if generated:
        _print_generated(password)
    return EXIT_OK


if __name__ == "__main__":
    # ``python -m erpserver.cli``: run the module by its own name, so that the commands defined
    # in other modules (cli_bulk) raise the very CliError that main() catches
    from erpserver import cli

    sys.exit(cli.main())
