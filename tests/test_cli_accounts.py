"""``erpserver user list|deactivate|activate|groups`` and ``erpserver apikey create|list|revoke``,
on both backends, on a copy of the base template."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from erpserver import cli, cli_accounts
from erpserver.addons.base import credentials
from erpserver.exceptions import AccessDenied
from erpserver.orm.environment import SUPERUSER_ID, Environment
from erpserver.service import transaction
from erpserver.service.runtime import Runtime
from tests.conftest import database_copy
from tests.test_cli import main_in_process, run_cli

__all__ = ["main_in_process"]  # a fixture, used by name

Main = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="module")
def accounts_db(runtime: Runtime, base_template: str) -> Iterator[str]:
    with database_copy(runtime, base_template, "cli_accounts") as name:
        yield name


def in_db(runtime: Runtime, db: str, work: Callable[[Environment], Any]) -> Any:
    """``work(env)`` as the superuser, in a transaction of its own (committed)."""
    return transaction.run(runtime.databases.engine(db),
                           lambda conn: work(runtime.registries.environment(db, conn, SUPERUSER_ID)))


def table(out: str) -> list[list[str]]:
    """A tab-separated listing without its header line."""
    return [line.split("\t") for line in out.splitlines()[1:]]


def new_user(main: Main, db: str, login: str) -> None:
    assert main("user", "create", "--db", db, "--login", login, "--password", f"{login}-pw")[0] == 0


def test_every_new_command_parses() -> None:
    parser = cli.build_parser()
    cases = {
        ("user", "list", "--db", "x"): cli_accounts.cmd_user_list,
        ("user", "deactivate", "--db", "x", "--login", "l"): cli_accounts.cmd_user_active,
        ("user", "activate", "--db", "x", "--login", "l"): cli_accounts.cmd_user_active,
        ("user", "groups", "--db", "x", "--login", "l", "--add", "a.b", "--remove", "c.d"):
            cli_accounts.cmd_user_groups,
        ("apikey", "create", "--db", "x", "--login", "l", "--name", "n", "--scope", "rpc",
         "--expires", "2030-01-31"): cli_accounts.cmd_apikey_create,
        ("apikey", "list", "--db", "x"): cli_accounts.cmd_apikey_list,
        ("apikey", "revoke", "--db", "x", "7"): cli_accounts.cmd_apikey_revoke,
    }
    for argv, handler in cases.items():
        args = parser.parse_args([*argv, "--data-dir", "d"])
        assert args.handler is handler and args.data_dir == "d"
    for bad in (["apikey", "create", "--db", "x", "--login", "l", "--name", "n", "--expires", "soon"],
                ["apikey", "create", "--db", "x", "--login", "l", "--name", "n", "--scope", "web"],
                ["apikey", "revoke", "--db", "x", "seven"]):
        with pytest.raises(SystemExit):
            parser.parse_args(bad)


def test_apikey_create_prints_the_key_alone_and_it_logs_in(backend: str, data_dir: Path, runtime: Runtime,
                                                          accounts_db: str) -> None:
    result = run_cli(backend, data_dir, "apikey", "create", "--db", accounts_db, "--login", "admin",
                     "--name", "deploy")

    key = result.stdout.removesuffix("\n")
    assert re.fullmatch(r"[0-9a-f]{40}", key)
    assert "'deploy'" in result.stderr and key not in result.stderr
    assert in_db(runtime, accounts_db, lambda env: credentials.login(env, "admin", key)) == 2


def test_apikey_create_with_a_scope_and_an_expiry(runtime: Runtime, accounts_db: str, main_in_process: Main) -> None:
    new_user(main_in_process, accounts_db, "scoped")

    code, key, _ = main_in_process("apikey", "create", "--db", accounts_db, "--login", "scoped", "--name", "nightly",
                                   "--scope", "rpc", "--expires", "2099-12-31")

    assert code == 0
    _, out, _ = main_in_process("apikey", "list", "--db", accounts_db, "--login", "scoped")
    [[_id, login, name, scope, expires, _created]] = table(out)
    assert (login, name, scope, expires) == ("scoped", "nightly", "rpc", "2099-12-31 00:00:00")
    assert key.strip() not in out


def test_apikey_list_shows_every_users_keys(accounts_db: str, main_in_process: Main) -> None:
    new_user(main_in_process, accounts_db, "lister")
    main_in_process("apikey", "create", "--db", accounts_db, "--login", "lister", "--name", "mine")

    _, out, _ = main_in_process("apikey", "list", "--db", accounts_db)

    assert out.splitlines()[0].split("\t")[:4] == ["ID", "LOGIN", "NAME", "SCOPE"]
    assert ["lister", "mine", "global", "never"] in [row[1:5] for row in table(out)]


def test_apikey_revoke_stops_the_key(runtime: Runtime, accounts_db: str, main_in_process: Main) -> None:
    new_user(main_in_process, accounts_db, "revoked")
    _, key, _ = main_in_process("apikey", "create", "--db", accounts_db, "--login", "revoked", "--name", "gone")
    _, out, _ = main_in_process("apikey", "list", "--db", accounts_db, "--login", "revoked")
    [[key_id, *_]] = table(out)

    assert main_in_process("apikey", "revoke", "--db", accounts_db, key_id)[0] == 0

    with pytest.raises(AccessDenied):
        in_db(runtime, accounts_db, lambda env: credentials.login(env, "revoked", key.strip()))
    assert main_in_process("apikey", "revoke", "--db", accounts_db, key_id)[2] == (
        f"erpserver: error: no API key with id {key_id} in {accounts_db!r}\n")


def test_apikey_create_refusals(accounts_db: str, main_in_process: Main) -> None:
    code, out, err = main_in_process("apikey", "create", "--db", accounts_db, "--login", "nobody", "--name", "x")
    assert (code, out, err) == (1, "", "erpserver: error: no user with login 'nobody'\n")
    code, out, err = main_in_process("apikey", "create", "--db", accounts_db, "--login", "admin", "--name", "x",
                                     "--expires", "2001-01-01")
    assert (code, out) == (2, "") and "already past" in err
    code, out, err = main_in_process("apikey", "create", "--db", accounts_db, "--login", "admin", "--name", " ")
    assert (code, out) == (2, "") and "--name" in err


def test_user_list_shows_archived_users_too(accounts_db: str, main_in_process: Main) -> None:
    _, out, _ = main_in_process("user", "list", "--db", accounts_db)

    rows = {row[1]: row for row in table(out)}
    assert rows["admin"] == ["2", "admin", "yes", "Administrator"]
    assert rows["__system__"][2] == "no"


def test_user_deactivate_locks_the_user_out_and_activate_lets_it_in(runtime: Runtime, accounts_db: str,
                                                                   main_in_process: Main) -> None:
    new_user(main_in_process, accounts_db, "leaver")

    assert main_in_process("user", "deactivate", "--db", accounts_db, "--login", "leaver")[0] == 0
    with pytest.raises(AccessDenied):
        in_db(runtime, accounts_db, lambda env: credentials.login(env, "leaver", "leaver-pw"))
    assert main_in_process("user", "activate", "--db", accounts_db, "--login", "leaver")[0] == 0
    assert in_db(runtime, accounts_db, lambda env: credentials.login(env, "leaver", "leaver-pw")) > 2


def test_user_groups_adds_a_group_with_the_groups_it_implies(accounts_db: str, main_in_process: Main) -> None:
    new_user(main_in_process, accounts_db, "promoted")

    code, out, _ = main_in_process("user", "groups", "--db", accounts_db, "--login", "promoted",
                                   "--add", "base.group_system")

    assert code == 0
    assert [row[0] for row in table(out)] == ["base.group_erp_manager", "base.group_system", "base.group_user"]


def test_user_groups_removes_a_group_unless_a_kept_group_implies_it(accounts_db: str, main_in_process: Main) -> None:
    new_user(main_in_process, accounts_db, "demoted")
    main_in_process("user", "groups", "--db", accounts_db, "--login", "demoted", "--add", "base.group_system")

    _, out, err = main_in_process("user", "groups", "--db", accounts_db, "--login", "demoted",
                                  "--remove", "base.group_erp_manager")
    assert "base.group_erp_manager" in [row[0] for row in table(out)]
    assert "base.group_erp_manager stays" in err

    _, out, _ = main_in_process("user", "groups", "--db", accounts_db, "--login", "demoted",
                                "--remove", "base.group_system", "--remove", "base.group_erp_manager")
    assert [row[0] for row in table(out)] == ["base.group_user"]


def test_user_groups_refuses_an_unknown_group(accounts_db: str, main_in_process: Main) -> None:
    code, out, err = main_in_process("user", "groups", "--db", accounts_db, "--login", "admin", "--add", "base.nope")

    assert (code, out) == (2, "") and "no group 'base.nope'" in err
