"""English and Hindi: the viewer's language, the interface's message catalogs, dates and numbers.

English is the source language: every interface string is written once, in English, in the code,
and marked with ``_()``. ``pybabel extract`` collects them into ``locale/clfj.pot``; the Hindi
catalog ``locale/hi/LC_MESSAGES/clfj.po`` translates each, and its compiled ``.mo`` is what the
app reads. Dates and numbers come from Babel's Indian locales in both languages.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

ENGLISH, HINDI = "en", "hi"
LANGUAGES = {ENGLISH: "English", HINDI: "हिन्दी"}
DEFAULT = ENGLISH
LOCALES = {ENGLISH: "en_IN", HINDI: "hi_IN"}
DOMAIN = "clfj"
CATALOGS = Path(__file__).parent / "locale"


def language(value: object) -> str:
    """The language code ``value`` names, or English for anything else (``?lang=xx``, None)."""
    text = str(value or "").strip().lower()
    return text if text in LANGUAGES else DEFAULT


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str) -> _gettext.NullTranslations:
    """The catalog of ``lang``: English is the source text itself."""
    if language(lang) == ENGLISH:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, CATALOGS, languages=[lang])


def translator(lang: str) -> Callable[[str], str]:
    """``_`` for ``lang``: the interface string in that language."""
    return translations(language(lang)).gettext


def plural_translator(lang: str) -> Callable[[str, str, int], str]:
    """``ngettext`` for ``lang``: singular or plural for a count."""
    return translations(language(lang)).ngettext


def locale(lang: str) -> str:
    """The Babel locale of ``lang``: ``en_IN`` or ``hi_IN``."""
    return LOCALES[language(lang)]


def format_number(number: int | float, lang: str) -> str:
    """A number as ``lang`` writes it, grouped in the Indian way in both languages: ``12,34,567``."""
    from babel.numbers import format_decimal  # Babel's locale data loads only where a number is written

    return format_decimal(number, locale=locale(lang))
