"""``erpserver lang install|list`` on both backends, on a copy of the base template."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from erpserver import cli, cli_lang
from erpserver.cli import EXIT_USAGE
from erpserver.service.runtime import Runtime
from tests.conftest import database_copy
from tests.test_cli import main_in_process, run_cli
from tests.test_cli_accounts import Main, in_db, table

__all__ = ["main_in_process"]  # a fixture, used by name


@pytest.fixture(scope="module")
def lang_db(runtime: Runtime, base_template: str) -> Iterator[str]:
    with database_copy(runtime, base_template, "cli_lang") as name:
        yield name


def test_the_lang_commands_parse() -> None:
    parser = cli.build_parser()

    install = parser.parse_args(["lang", "install", "fr_FR", "--db", "x", "--default"])
    listing = parser.parse_args(["lang", "list", "--db", "x", "--all"])

    assert (install.handler, install.code, install.default) == (cli_lang.cmd_lang_install, "fr_FR", True)
    assert (listing.handler, listing.all) == (cli_lang.cmd_lang_list, True)


def test_lang_install_activates_the_language_and_loads_its_translations(backend: str, data_dir: Path,
                                                                       runtime: Runtime, lang_db: str) -> None:
    result = run_cli(backend, data_dir, "lang", "install", "fr_FR", "--db", lang_db)

    assert "language fr_FR installed" in result.stderr
    french = in_db(runtime, lang_db, lambda env: env(context={"lang": "fr_FR"})["res.country"].search_read(
        [("code", "=", "DE")], ["name"]))
    assert french[0]["name"] == "Allemagne"
    again = run_cli(backend, data_dir, "lang", "install", "fr_FR", "--db", lang_db)
    assert "fr_FR was already installed" in again.stderr


def test_lang_list_shows_the_active_languages(main_in_process: Main, lang_db: str) -> None:
    code, out, _err = main_in_process("lang", "list", "--db", lang_db)

    assert code == 0 and out.startswith("CODE\tACTIVE\tNAME\n")
    assert ["en_US", "yes", "English (US)"] in table(out)
    assert all(row[1] == "yes" for row in table(out))
    _code, every, _err = main_in_process("lang", "list", "--db", lang_db, "--all")
    assert ["de_DE", "no", "German / Deutsch"] in table(every)


def test_lang_install_default_makes_it_the_administrators_language(main_in_process: Main, runtime: Runtime,
                                                                   lang_db: str) -> None:
    code, _out, _err = main_in_process("lang", "install", "es_ES", "--db", lang_db, "--default")

    assert code == 0
    admin = in_db(runtime, lang_db, lambda env: env["res.users"].browse(2).read(["lang"])[0]["lang"])
    assert admin == "es_ES"


def test_lang_install_refuses_a_language_odoo_does_not_ship(main_in_process: Main, lang_db: str) -> None:
    code, _out, err = main_in_process("lang", "install", "xx_XX", "--db", lang_db)

    assert code == EXIT_USAGE and "unknown language 'xx_XX'" in err
