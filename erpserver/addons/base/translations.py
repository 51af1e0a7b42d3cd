"""Loading a language's translations into a database, when the language is activated.

Each addon may ship ``i18n/<lang>.po`` catalogues (``fr.po`` serves ``fr_FR``, ``fr_BE``...;
``fr_BE.po`` would serve ``fr_BE`` first), keyed by the English text. Activating a language
translates, in the translated columns of the database:

- the models' and fields' descriptions (``ir.model`` ``name``, ``ir.model.fields``
  ``field_description`` and ``help``) and the selection labels (``ir.model.fields.selection``),
  which ``fields_get`` answers in the context language;
- the translated fields of the addons' named records (those with an external id: groups, stages,
  lost reasons...);
- the names of the countries, from the ISO 3166 translations pycountry ships (its gettext
  catalogues), not from a table of ours.

A translation already there is replaced: the catalogue is the addon's word for its own records.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pycountry
import sqlalchemy as sa
from babel.messages.pofile import read_po

from erpserver.addons.base.languages import babel_locale
from erpserver.orm.environment import Environment
from erpserver.orm.fields.translated import source_text, write_translations

ADDONS_DIR = Path(__file__).resolve().parents[1]


def catalogue_names(code: str) -> list[str]:
    """The catalogue files that serve ``code``, most specific first: ``fr_BE.po``, ``fr.po``."""
    language = code.split("_")[0].split("@")[0]
    return [f"{code}.po", f"{language}.po"] if language != code else [f"{code}.po"]


@functools.cache
def catalogue(code: str) -> dict[str, str]:
    """Every addon's translations into ``code``: English text → translated text."""
    messages: dict[str, str] = {}
    for addon in sorted(path for path in ADDONS_DIR.iterdir() if (path / "i18n").is_dir()):
        for name in reversed(catalogue_names(code)):  # the most specific file wins
            path = addon / "i18n" / name
            if not path.is_file():
                continue
            with path.open("rb") as handle:
                for message in read_po(handle):
                    if message.id and message.string and isinstance(message.id, str):
                        messages[message.id] = str(message.string)
    return messages


@functools.cache
def country_names(code: str) -> dict[str, str]:
    """ISO 3166 country names in ``code``'s language, by alpha-2 code (none when pycountry has
    no catalogue for it)."""
    locale = babel_locale(code)
    candidates = [code.split("@")[0], str(locale), locale.language]
    try:
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=candidates)
    except OSError:
        return {}
    names = {}
    for country in pycountry.countries:
        english = getattr(country, "common_name", None) or country.name
        translated = translation.gettext(english)
        if translated == english:
            translated = translation.gettext(country.name)
        names[country.alpha_2] = translated
    return names


def load(env: Environment, code: str) -> None:
    """Write ``code``'s translations into the database (run as the superuser)."""
    messages = catalogue(code)
    if messages:
        _translate_rows(env, code, "ir.model", ["name"], messages, [("state", "=", "base")])
        _translate_rows(env, code, "ir.model.fields", ["field_description", "help"], messages,
                        [("state", "=", "base")])
        _translate_rows(env, code, "ir.model.fields.selection", ["name"], messages, [])
        for model_name in _named_models(env):
            translated = [name for name, field in env[model_name]._fields.items()
                          if field.translate and field.column_backed]
            ids = _named_ids(env, model_name)
            if translated and ids:
                _translate_rows(env, code, model_name, translated, messages, [("id", "in", ids)])
    _translate_countries(env, code)


def _named_models(env: Environment) -> list[str]:
    data = env.registry["ir.model.data"]._table
    models = env.cr.execute(sa.select(data.c.model).distinct()).scalars()
    return sorted(model for model in models if model in env.registry and model != "res.country")


def _named_ids(env: Environment, model_name: str) -> list[int]:
    data = env.registry["ir.model.data"]._table
    return list(env.cr.execute(sa.select(data.c.res_id).where(data.c.model == model_name)).scalars())


def _translate_rows(env: Environment, code: str, model_name: str, field_names: Iterable[str],
                    messages: dict[str, str], domain: list[Any]) -> None:
    """Give every row of ``model_name`` matching ``domain`` the translations of its English texts."""
    model = env[model_name].with_context(active_test=False)
    table = model._table
    ids = model.search(domain).ids if domain else None
    for field_name in field_names:
        query = sa.select(table.c.id, table.c[field_name]).where(table.c[field_name].is_not(None))
        if ids is not None:
            query = query.where(table.c.id.in_(ids))
        texts = {}
        for record_id, value in env.cr.execute(query):
            english = source_text(value)
            if isinstance(english, str) and english in messages:
                texts[record_id] = messages[english]
        if texts:
            write_translations(model._fields[field_name], env, code, texts)


def _translate_countries(env: Environment, code: str) -> None:
    names = country_names(code)
    if not names:
        return
    data = env.registry["ir.model.data"]._table
    query = sa.select(data.c.name, data.c.res_id).where(data.c.module == "base", data.c.model == "res.country")
    texts = {res_id: names[name.upper()] for name, res_id in env.cr.execute(query) if name.upper() in names}
    if texts:
        write_translations(env["res.country"]._fields["name"], env, code, texts)
