"""``erpserver lang install|list``: the languages of a database.

``install`` activates a language (creating it from Odoo's list when the database predates it)
and loads the addons' translations of it, as ``res.lang`` ``action_unarchive`` does over RPC;
``--default`` also makes it the administrator's and the main company's language. Runs as the
superuser in one transaction (``cli._in_database``).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from erpserver.cli import EXIT_OK, EXIT_USAGE, CliError, _in_database, _Subcommands
from erpserver.config import Config


def add_lang_commands(commands: Any) -> None:
    lang = commands.add_parser("lang", help="install (activate) and list a database's languages")
    actions = _Subcommands(lang.add_subparsers(dest="lang_command", metavar="ACTION", required=True))
    install = actions.add_parser("install", help="activate a language and load its translations")
    install.add_argument("code", help="the language's code, e.g. fr_FR (see 'lang list --all')")
    install.add_argument("--db", required=True, metavar="NAME", help="database name")
    install.add_argument("--default", action="store_true",
                         help="also make it the administrator's and the main company's language")
    install.set_defaults(handler=cmd_lang_install)
    listing = actions.add_parser("list", help="list the active languages (--all: every one)")
    listing.add_argument("--db", required=True, metavar="NAME", help="database name")
    listing.add_argument("--all", action="store_true", help="the inactive languages too")
    listing.set_defaults(handler=cmd_lang_list)


def cmd_lang_install(args: argparse.Namespace, config: Config) -> int:
    from erpserver.addons.base import languages
    from erpserver.addons.base.install import install_language

    if args.code not in languages.CODES:
        raise CliError(f"unknown language {args.code!r} (see 'erpserver lang list --all --db NAME')", EXIT_USAGE)

    def work(env: Any) -> bool:
        return install_language(env, args.code, default=args.default)

    activated = _in_database(config, args.db, work)
    state = "installed" if activated else "was already installed"
    print(f"language {args.code} {state} in {args.db!r}", file=sys.stderr)
    return EXIT_OK


def cmd_lang_list(args: argparse.Namespace, config: Config) -> int:
    def work(env: Any) -> list[dict[str, Any]]:
        langs = env["res.lang"].with_context(active_test=not args.all)
        rows: list[dict[str, Any]] = langs.search_read([], ["code", "name", "active"], order="code")
        return rows

    print("CODE\tACTIVE\tNAME")
    for row in _in_database(config, args.db, work):
        print(f"{row['code']}\t{'yes' if row['active'] else 'no'}\t{row['name']}")
    return EXIT_OK
