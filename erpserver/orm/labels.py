"""``fields_get`` in the context language: the fields' labels and help texts and the selection
labels, where the database holds a translation (``ir.model.fields`` ``field_description`` /
``help`` and ``ir.model.fields.selection`` ``name``, filled when a language is activated or
written in that language). One query per model and language, cached with the database's caches."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from erpserver.orm.fields.translated import translation_in
from erpserver.orm.localization import DEFAULT_LANG, lang_code

if TYPE_CHECKING:
    from erpserver.orm.environment import Environment

# (field name → {"string": ..., "help": ...}, field name → {selection value → label})
Labels = tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]


def translated_labels(env: Environment, model_name: str) -> Labels:
    lang = lang_code(env)
    registry = env.registry
    if lang == DEFAULT_LANG or "ir.model.fields" not in registry or "ir.model.fields.selection" not in registry:
        return {}, {}
    key = ("labels", model_name, lang)
    cached: Labels | None = env.caches.get(key)
    if cached is None:
        cached = _load(env, model_name, lang)
        env.caches[key] = cached
    return cached


def _load(env: Environment, model_name: str, lang: str) -> Labels:
    fields = env.registry["ir.model.fields"]._table
    options = env.registry["ir.model.fields.selection"]._table
    texts: dict[str, dict[str, str]] = {}
    query = sa.select(fields.c.name, translation_in(fields.c.field_description, lang),
                      translation_in(fields.c.help, lang)).where(fields.c.model == model_name)
    for name, string, help_text in env.cr.execute(query):
        found = {key: value for key, value in (("string", string), ("help", help_text)) if value}
        if found:
            texts[name] = found
    labels: dict[str, dict[str, str]] = {}
    query = (sa.select(fields.c.name, options.c.value, translation_in(options.c.name, lang))
             .select_from(options.join(fields, fields.c.id == options.c.field_id))
             .where(fields.c.model == model_name))
    for name, value, label in env.cr.execute(query):
        if label:
            labels.setdefault(name, {})[value] = label
    return texts, labels


def translate_description(description: dict[str, Any], texts: dict[str, str] | None,
                          labels: dict[str, str] | None) -> dict[str, Any]:
    """A ``fields_get`` entry with the translations found (the ``en_US`` text otherwise)."""
    if texts:
        description.update({key: value for key, value in texts.items() if key in description or key == "help"})
    if labels and isinstance(description.get("selection"), list):
        description["selection"] = [[value, labels.get(value, label)] for value, label in description["selection"]]
    return description
