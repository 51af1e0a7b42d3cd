"""Translated strings (``translate=True`` on char, text and html), stored as Odoo 16+ stores them:
one JSON object per value, ``{"en_US": "Belgium", "fr_FR": "Belgique"}`` (JSONB on PostgreSQL).

- reading, searching, ordering and grouping see the context language's text, else ``en_US``'s
  (``COALESCE(col->>'fr_FR', col->>'en_US')``);
- ``create`` stores the value under ``en_US`` and the context language;
- ``write`` sets the context language only, the others are kept; ``en_US`` too when it has no
  value yet, so that the English text is never missing while a translation exists;
- writing False clears every language.

``Translatable`` is mixed into ``Char`` (hence ``Text`` and ``Html``): each hook falls back to the
plain string behaviour when the field is not translated, so ``translate`` stays an attribute.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql.elements import ColumnElement

from erpserver.orm.fields.base import Field
from erpserver.orm.localization import DEFAULT_LANG, lang_code

if TYPE_CHECKING:
    from erpserver.orm.domain import Compiler
    from erpserver.orm.environment import Environment
    from erpserver.orm.schema import SchemaEditor


def translated_type() -> sa.types.TypeEngine:
    """JSON on SQLite, JSONB on PostgreSQL; Python None is SQL NULL, not JSON ``null``."""
    return sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")


def source_text(value: Any) -> Any:
    """The ``en_US`` text of a stored value (a plain string is returned as it is)."""
    if value is None or type(value) is str:
        return value
    if isinstance(value, Mapping):
        return value.get(DEFAULT_LANG, next(iter(value.values()), None))
    return value


def source_texts(row: Mapping[Any, Any]) -> dict[str, Any]:
    """A row read straight from a table, translated columns as their ``en_US`` text."""
    return {str(key): source_text(value) for key, value in row.items()}


def text_in(column: ColumnElement, lang: str) -> ColumnElement:
    """The text of ``column`` in ``lang``, falling back to ``en_US``."""
    english: ColumnElement = column[DEFAULT_LANG].as_string()
    if lang == DEFAULT_LANG:
        return english
    translated: ColumnElement = sa.func.coalesce(column[lang].as_string(), english, type_=sa.String())
    return translated


def _text(value: str) -> ColumnElement:
    return sa.literal(value, sa.String())


def _json_path(lang: str) -> ColumnElement:
    return _text(f'$."{lang}"')


def merged(column: ColumnElement, dialect: str, lang: str, text: str) -> ColumnElement:
    """``column`` with ``text`` set for ``lang`` (and for ``en_US`` when it has none)."""
    if dialect == "postgresql":
        jsonb = postgresql.JSONB()
        current = sa.func.coalesce(column, sa.cast(_text("{}"), jsonb), type_=jsonb)
        value = current.op("||", return_type=jsonb)(sa.cast(_text(json.dumps({lang: text})), jsonb))
        if lang != DEFAULT_LANG:
            english = sa.cast(_text(json.dumps({DEFAULT_LANG: text})), jsonb)
            value = english.op("||", return_type=jsonb)(value)
        return value
    stored: ColumnElement = sa.func.coalesce(column, _text("{}"), type_=sa.String())
    if lang != DEFAULT_LANG:
        stored = sa.func.json_insert(stored, _json_path(DEFAULT_LANG), _text(text), type_=sa.String())
    return sa.func.json_set(stored, _json_path(lang), _text(text), type_=sa.String())


def write_translations(field: Field, env: Environment, lang: str, texts: Mapping[int, str]) -> None:
    """Set ``lang``'s text of a translated ``field`` on many records: ``{record id: text}`` (one
    statement for all of them; the other languages are kept)."""
    table = env.registry[field.model_name]._table
    column = table.c[field.name]
    text = sa.bindparam("translation_text", type_=sa.String())
    value: ColumnElement
    if env.dialect == "postgresql":
        jsonb = postgresql.JSONB()
        current = sa.func.coalesce(column, sa.cast(_text("{}"), jsonb), type_=jsonb)
        added = sa.func.jsonb_build_object(sa.cast(sa.bindparam("translation_lang", type_=sa.String()), sa.Text),
                                           sa.cast(text, sa.Text), type_=jsonb)
        value = current.op("||", return_type=jsonb)(added)
    else:
        current = sa.func.coalesce(column, _text("{}"), type_=sa.String())
        value = sa.func.json_set(current, sa.bindparam("translation_lang", type_=sa.String()), text,
                                 type_=sa.String())
    key = (lambda code: code) if env.dialect == "postgresql" else (lambda code: f'$."{code}"')
    statement = sa.update(table).where(table.c.id == sa.bindparam("record_id")).values({field.name: value})
    env.cr.execute(statement, [{"record_id": record_id, "translation_text": translated,
                                "translation_lang": key(lang)} for record_id, translated in texts.items()])


class Translatable(Field):
    """The hooks of a string field that change when it is translated."""

    def sql_type(self) -> sa.types.TypeEngine:
        if self.translate:
            return translated_type()
        return self.plain_sql_type()

    def plain_sql_type(self) -> sa.types.TypeEngine:
        """The column of the field when it is not translated."""
        return sa.String()

    def text(self, value: Any, env: Environment) -> str | None:
        """The string a create/write value stands for (None: no value)."""
        raise NotImplementedError

    def to_column(self, value: Any, env: Environment) -> Any:
        text = self.text(value, env)
        if text is None or not self.translate:
            return text
        return {DEFAULT_LANG: text, lang_code(env): text}

    def to_update(self, value: Any, env: Environment) -> Any:
        text = self.text(value, env)
        if text is None or not self.translate:
            return text
        column = env.registry[self.model_name]._table.c[self.name]
        return merged(column, env.dialect, lang_code(env), text)

    def read_expression(self, column: ColumnElement, env: Environment) -> ColumnElement:
        if self.translate:
            return text_in(column, lang_code(env))
        return column

    def column_of(self, compiler: Compiler) -> ColumnElement:
        return self.read_expression(compiler.column(self.name), compiler.env)

    def to_read(self, value: Any) -> Any:
        return super().to_read(source_text(value))

    def read_batch(self, env: Environment, ids: list[int], values: list[Any], load: str | None) -> list[Any]:
        if self.related is not None or self.compute is not None:
            return super().read_batch(env, ids, values, load)
        # The SELECT gave text (read_expression): most values are strings, read as they are.
        empty, to_read = self.empty_read, self.to_read
        return [empty if value is None else value if type(value) is str else to_read(value) for value in values]

    def copy_stored(self, env: Environment, source_id: int, copy_id: int) -> None:
        """Every language is copied (Odoo copies the translations of the fields it copies)."""
        if not (self.translate and self.column_backed):
            return
        table = env.registry[self.model_name]._table
        source = sa.select(table.c[self.name]).where(table.c.id == source_id).scalar_subquery()
        env.cr.execute(sa.update(table).where(table.c.id == copy_id).values({self.name: source}))

    def alter_storage(self, editor: SchemaEditor, old: Field) -> None:
        super().alter_storage(editor, old)
        if self.column_backed and old.translate != self.translate:
            if self.translate:
                editor.make_translated(self.table_name, self.name)
            else:
                editor.make_untranslated(self.table_name, self.name, self.plain_sql_type())


def translation_in(column: ColumnElement, lang: str) -> ColumnElement:
    """The text of ``column`` in ``lang`` only (NULL when that language has none)."""
    translated: ColumnElement = column[lang].as_string()
    return translated
