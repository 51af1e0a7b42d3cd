"""``erpserver user list|deactivate|activate|groups`` and ``erpserver apikey create|list|revoke``.

The grammar is added to ``cli.build_parser``'s; each command runs as the superuser in one
transaction of the database (``cli._in_database``), so the models' own rules apply (implied
groups, credential caches dropped in every worker when a key goes or a user changes).
Lists are tab-separated with a header line, for people and scripts alike.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable
from typing import Any, cast

from erpserver.cli import EXIT_OK, EXIT_USAGE, CliError, _in_database, _Subcommands
from erpserver.config import Config

SCOPES = ("rpc",)


# -- the grammar ---------------------------------------------------------------------------------
def add_user_commands(user_commands: Any) -> None:
    """``user list|deactivate|activate|groups``, beside ``user create|password``."""
    listing = user_commands.add_parser("list", help="list the users (archived ones too)")
    listing.add_argument("--db", required=True, metavar="NAME", help="database name")
    listing.set_defaults(handler=cmd_user_list)
    for name, active, text in (("deactivate", False, "archive a user: it can no longer log in or call"),
                               ("activate", True, "let an archived user log in again")):
        command = user_commands.add_parser(name, help=text)
        _db_and_login(command)
        command.set_defaults(handler=cmd_user_active, active=active)
    groups = user_commands.add_parser(
        "groups", help="show a user's groups, or change them (--add/--remove, by external id)")
    _db_and_login(groups)
    groups.add_argument("--add", action="append", default=[], metavar="XMLID",
                        help="add a group and the groups it implies, e.g. base.group_system (repeatable)")
    groups.add_argument("--remove", action="append", default=[], metavar="XMLID",
                        help="remove a group (one still implied by a group kept stays; repeatable)")
    groups.set_defaults(handler=cmd_user_groups)


def add_apikey_commands(commands: Any) -> None:
    """``apikey create|list|revoke``."""
    apikey = commands.add_parser("apikey", help="create, list and revoke users' API keys")
    actions = _Subcommands(apikey.add_subparsers(dest="apikey_command", metavar="ACTION", required=True))
    create = actions.add_parser("create", help="make an API key for a user; prints the key, only once")
    _db_and_login(create)
    create.add_argument("--name", required=True, metavar="DESC", help="what the key is for")
    create.add_argument("--scope", choices=SCOPES, help="limit the key to RPC (default: a global key)")
    create.add_argument("--expires", type=_expiry, metavar="YYYY-MM-DD",
                        help="the key stops working at 00:00 UTC that day (or 'YYYY-MM-DD HH:MM[:SS]' UTC); "
                             "default: never")
    create.set_defaults(handler=cmd_apikey_create)
    listing = actions.add_parser("list", help="list the API keys (never the keys themselves)")
    listing.add_argument("--db", required=True, metavar="NAME", help="database name")
    listing.add_argument("--login", metavar="LOGIN", help="only this user's keys")
    listing.set_defaults(handler=cmd_apikey_list)
    revoke = actions.add_parser("revoke", help="delete an API key: every worker refuses it at once")
    revoke.add_argument("--db", required=True, metavar="NAME", help="database name")
    revoke.add_argument("id", type=int, help="the key's id (see apikey list)")
    revoke.set_defaults(handler=cmd_apikey_revoke)


def _db_and_login(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", required=True, metavar="NAME", help="database name")
    parser.add_argument("--login", required=True, metavar="LOGIN", help="the user's login")


def _expiry(raw: str) -> dt.datetime:
    for fmt in ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(raw.strip(), fmt)
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD (or 'YYYY-MM-DD HH:MM[:SS]'), got {raw!r}")


def _print_table(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> None:
    print("\t".join(header))
    for row in rows:
        print("\t".join("" if value is None or value is False else str(value) for value in row))


# -- users ---------------------------------------------------------------------------------------
def _user(env: Any, login: str) -> Any:
    users = env["res.users"].with_context(active_test=False).search([("login", "=", login)])
    if not users:
        raise CliError(f"no user with login {login!r}")
    return users


def _group_xmlids(env: Any, group_ids: Iterable[int]) -> dict[int, str]:
    rows = env["ir.model.data"].search_read(
        [("model", "=", "res.groups"), ("res_id", "in", list(group_ids))], ["module", "name", "res_id"])
    return {row["res_id"]: f"{row['module']}.{row['name']}" for row in rows}


def _group_id(env: Any, xmlid: str) -> int:
    module, _, name = xmlid.partition(".")
    found = env["ir.model.data"].search_read(
        [("model", "=", "res.groups"), ("module", "=", module), ("name", "=", name)], ["res_id"])
    if not name or not found:
        raise CliError(f"no group {xmlid!r} (give a group's external id, e.g. base.group_system)", EXIT_USAGE)
    return int(found[0]["res_id"])


def cmd_user_list(args: argparse.Namespace, config: Config) -> int:
    """Every user, archived ones too: id, login, whether active, name."""

    def work(env: Any) -> list[dict[str, Any]]:
        users = env["res.users"].with_context(active_test=False)
        rows: list[dict[str, Any]] = users.search_read([], ["login", "name", "active"], order="id")
        return rows

    rows = _in_database(config, args.db, work)
    _print_table(("ID", "LOGIN", "ACTIVE", "NAME"),
                 ((r["id"], r["login"], "yes" if r["active"] else "no", r["name"]) for r in rows))
    return EXIT_OK


def cmd_user_active(args: argparse.Namespace, config: Config) -> int:
    """Archive a user (``deactivate``) or bring one back (``activate``)."""

    def work(env: Any) -> None:
        _user(env, args.login).write({"active": args.active})

    _in_database(config, args.db, work)
    state = "activated" if args.active else "deactivated"
    print(f"{state} user {args.login!r} in {args.db!r}", file=sys.stderr)
    return EXIT_OK


def cmd_user_groups(args: argparse.Namespace, config: Config) -> int:
    """Print the user's groups after adding and removing the ones asked for (in one write: a group
    added brings the groups it implies; a group removed but implied by one kept comes back)."""

    def work(env: Any) -> tuple[list[tuple[str, str]], list[str]]:
        user = _user(env, args.login)
        commands = [(4, _group_id(env, x)) for x in args.add] + [(3, _group_id(env, x)) for x in args.remove]
        if commands:
            user.write({"groups_id": commands})
        group_ids = cast(list[int], user.read(["groups_id"])[0]["groups_id"])
        names = {row["id"]: row["name"] for row in env["res.groups"].browse(group_ids).read(["name"])}
        xmlids = _group_xmlids(env, group_ids)
        kept = [xmlid for xmlid in args.remove if _group_id(env, xmlid) in group_ids]
        return sorted((xmlids.get(gid, f"#{gid}"), names.get(gid, "")) for gid in group_ids), kept

    groups, kept = _in_database(config, args.db, work)
    for xmlid in kept:
        print(f"{xmlid} stays: a group of the user implies it", file=sys.stderr)
    _print_table(("GROUP", "NAME"), groups)
    return EXIT_OK


# -- API keys ------------------------------------------------------------------------------------
def cmd_apikey_create(args: argparse.Namespace, config: Config) -> int:
    """Make a key for a user (as the administrator: any expiry, or none); print it alone on stdout."""
    if not args.name.strip():
        raise CliError("--name cannot be empty", EXIT_USAGE)
    if args.expires is not None and args.expires <= dt.datetime.now(dt.UTC).replace(tzinfo=None):
        raise CliError(f"--expires {args.expires:%Y-%m-%d %H:%M:%S} UTC is already past", EXIT_USAGE)

    def work(env: Any) -> tuple[str, int]:
        user = _user(env, args.login)
        if not user.read(["active"])[0]["active"]:
            raise CliError(f"user {args.login!r} is archived: its keys would not work")
        key = env["res.users.apikeys"]._generate(args.scope, args.name, args.expires, user_id=user.id)
        return key, int(user.id)

    key, uid = _in_database(config, args.db, work)
    print(f"created API key {args.name!r} for {args.login!r} (id {uid}) in {args.db!r}", file=sys.stderr)
    if sys.stdout.isatty():
        print("API key (shown only this once, keep it):", file=sys.stderr, flush=True)
    print(key, flush=True)
    return EXIT_OK


def cmd_apikey_list(args: argparse.Namespace, config: Config) -> int:
    """The keys (all, or one user's): id, login, description, scope, expiry, creation date."""

    def work(env: Any) -> list[tuple[Any, ...]]:
        domain = [("user_id", "=", _user(env, args.login).id)] if args.login else []
        keys = env["res.users.apikeys"].search_read(domain, ["user_id", "name", "scope", "expiration_date",
                                                             "create_date"])
        logins = {row["id"]: row["login"] for row in env["res.users"].with_context(active_test=False).browse(
            sorted({k["user_id"][0] for k in keys})).read(["login"])}
        return [(k["id"], logins.get(k["user_id"][0], ""), k["name"], k["scope"] or "global",
                 k["expiration_date"] or "never", k["create_date"]) for k in keys]

    _print_table(("ID", "LOGIN", "NAME", "SCOPE", "EXPIRES (UTC)", "CREATED (UTC)"),
                 _in_database(config, args.db, work))
    return EXIT_OK


def cmd_apikey_revoke(args: argparse.Namespace, config: Config) -> int:
    """Delete a key: it stops working in every worker, on every host, at their next call."""

    def work(env: Any) -> str:
        key = env["res.users.apikeys"].browse(args.id).exists()
        if not key:
            raise CliError(f"no API key with id {args.id} in {args.db!r}")
        name = str(key.read(["name"])[0]["name"])
        key.unlink()
        return name

    name = _in_database(config, args.db, work)
    print(f"revoked API key {args.id} ({name!r}) in {args.db!r}", file=sys.stderr)
    return EXIT_OK
