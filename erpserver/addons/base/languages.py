"""The languages Odoo ships, described from CLDR through Babel rather than from a table we type.

The codes are Odoo 17's (its ``res.lang`` data); for each one Babel gives what ``res.lang``
holds: the name in English and in the language itself (Odoo's ``"French / Français"``, a
regional variant as ``"French (BE) / Français (BE)"``), the writing direction, the separators
and digit grouping of numbers, the short date and the time formats as strftime patterns, and the
first day of the week.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

import babel
import babel.dates
import babel.numbers
from babel.core import get_global

# Odoo 17's languages (base/data/res.lang.csv), by code.
CODES = (
    "en_US", "am_ET", "ar_001", "ar_SY", "eu_ES", "bn_IN", "bs_BA", "bg_BG", "ca_ES", "zh_CN", "zh_HK",
    "zh_TW", "hr_HR", "cs_CZ", "da_DK", "nl_BE", "nl_NL", "en_AU", "en_CA", "en_GB", "en_IN", "et_EE",
    "fi_FI", "fr_BE", "fr_CA", "fr_CH", "fr_FR", "gl_ES", "ka_GE", "de_DE", "de_CH", "el_GR", "gu_IN",
    "he_IL", "hi_IN", "hu_HU", "id_ID", "it_IT", "ja_JP", "kab_DZ", "km_KH", "ko_KP", "ko_KR", "lo_LA",
    "lv_LV", "lt_LT", "lb_LU", "mk_MK", "mn_MN", "ms_MY", "my_MM", "nb_NO", "fa_IR", "pl_PL", "pt_AO",
    "pt_BR", "pt_PT", "ro_RO", "ru_RU", "sr_RS", "sr@latin", "sk_SK", "sl_SI", "es_419", "es_AR",
    "es_BO", "es_CL", "es_CO", "es_CR", "es_DO", "es_EC", "es_GT", "es_MX", "es_PA", "es_PE", "es_PY",
    "es_UY", "es_VE", "es_ES", "sv_SE", "th_TH", "tl_PH", "tr_TR", "uk_UA", "vi_VN", "sq_AL", "te_IN",
)
# English has no "native" name of its own: Odoo names its variants by country alone.
ENGLISH_NAMES = {"en_US": "English (US)", "en_GB": "English (UK)"}

# CLDR date/time fields -> strftime (Odoo keeps four-digit years whatever the locale's short form).
STRFTIME = {
    "y": "%Y", "yy": "%Y", "yyy": "%Y", "yyyy": "%Y", "M": "%m", "MM": "%m", "MMM": "%b", "MMMM": "%B",
    "L": "%m", "LL": "%m", "d": "%d", "dd": "%d", "E": "%a", "EE": "%a", "EEE": "%a", "EEEE": "%A",
    "H": "%H", "HH": "%H", "h": "%I", "hh": "%I", "K": "%I", "KK": "%I", "k": "%H", "kk": "%H",
    "m": "%M", "mm": "%M", "s": "%S", "ss": "%S", "a": "%p", "b": "%p", "B": "%p",
}


def babel_locale(code: str) -> babel.Locale:
    """``sr@latin`` is Serbian in Latin script; every other code parses as it is."""
    return babel.Locale.parse(code.replace("@latin", "_Latn"))


def _capitalized(text: str) -> str:
    """Capitalised as Odoo writes language names, in the alphabets that have capitals."""
    first = text[:1]
    if first and unicodedata.name(first, "").split(" ")[0] in ("LATIN", "CYRILLIC", "GREEK"):
        return first.upper() + text[1:]
    return text


def _strftime(pattern: str) -> str:
    """A CLDR date or time pattern as a strftime one (literal text kept, ``%`` escaped)."""
    result = []
    for kind, value in _tokens(str(babel.dates.parse_pattern(pattern).format)):
        if kind == "field":
            result.append(STRFTIME.get(value, ""))
        else:
            result.append(value.replace("%", "%%"))
    return "".join(result).strip()


def _tokens(format_string: str) -> list[tuple[str, str]]:
    """Babel's ``DateTimePattern.format``: literal text with ``%(field)s`` placeholders."""
    tokens: list[tuple[str, str]] = []
    rest = format_string
    while rest:
        start = rest.find("%(")
        if start < 0:
            tokens.append(("text", rest.replace("%%", "%")))
            break
        if start:
            tokens.append(("text", rest[:start].replace("%%", "%")))
        end = rest.index(")s", start)
        tokens.append(("field", rest[start + 2:end]))
        rest = rest[end + 2:]
    return tokens


def _grouping(locale: babel.Locale) -> str:
    """Odoo's digit grouping: ``[3,0]`` for thousands, ``[3,2,0]`` for India's lakhs."""
    pattern = locale.decimal_formats.get(None)
    if pattern is None:
        return "[]"
    primary, secondary = pattern.grouping
    if not primary or primary > 100:  # no grouping at all
        return "[]"
    return f"[{primary},0]" if secondary == primary else f"[{primary},{secondary},0]"


def _main_territory(language: str) -> str | None:
    """The territory a bare language code stands for (``fr`` -> ``FR``), from CLDR's likely subtags."""
    likely = get_global("likely_subtags").get(language)
    if not likely:
        return None
    parts = likely.split("_")
    return parts[-1] if len(parts) > 1 and parts[-1].isalpha() and parts[-1].isupper() else None


def _name(code: str, locale: babel.Locale) -> str:
    if code in ENGLISH_NAMES:
        return ENGLISH_NAMES[code]
    language = babel.Locale.parse(locale.language)
    english = language.english_name or code
    native = _capitalized(language.display_name or english)
    territory = locale.territory
    if territory is None:  # a script variant (sr@latin)
        english, native = locale.english_name or english, _capitalized(locale.display_name or native)
        suffix = ""
    elif territory == _main_territory(locale.language) or code == "ar_001":
        suffix = ""
    else:
        label = territory if territory.isalpha() else (locale.territories.get(territory) or territory)
        suffix = f" ({label})"
    if locale.language == "en":
        return f"{english}{suffix}"
    return f"{english}{suffix} / {native}{suffix}"


def _iso_code(code: str, locale: babel.Locale) -> str:
    """The name of the translation files: the bare language for its main variant (``fr``)."""
    if locale.territory and locale.territory == _main_territory(locale.language):
        return code.split("_")[0]
    return code


@functools.cache
def language(code: str) -> dict[str, Any]:
    """The ``res.lang`` values of one of Odoo's languages (inactive)."""
    locale = babel_locale(code)
    iso_code = _iso_code(code, locale)
    return {
        "name": _name(code, locale),
        "code": code,
        "iso_code": iso_code,
        "url_code": iso_code,
        "active": False,
        "direction": "rtl" if locale.text_direction == "rtl" else "ltr",
        "date_format": _strftime(locale.date_formats["short"].pattern),
        "time_format": _strftime(locale.time_formats["medium"].pattern),
        "week_start": str(int(locale.first_week_day) + 1),
        "grouping": _grouping(locale),
        "decimal_point": babel.numbers.get_decimal_symbol(locale),
        "thousands_sep": babel.numbers.get_group_symbol(locale),
    }


def languages() -> list[dict[str, Any]]:
    return [language(code) for code in CODES]


def scan_languages() -> list[tuple[str, str]]:
    """Every language a database can be created in: ``(code, name)`` sorted by name (Odoo's
    ``list_lang``)."""
    return sorted(((code, language(code)["name"]) for code in CODES), key=lambda pair: pair[1])
