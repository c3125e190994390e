"""English and Hindi: the viewer's language, the interface's message catalogs, dates and numbers.

English is the source language: every interface string is written once, in English, in the code,
and marked with ``_()``. ``pybabel extract`` collects them into ``locale/clfj.pot``; the Hindi
catalog ``locale/hi/LC_MESSAGES/clfj.po`` translates each, and its compiled ``.mo`` is what the
app reads. Dates and numbers come from Babel's Indian locales in both languages.
"""

from __future__ import annotations

import gettext as _gettext
import re
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


def N_(message: str) -> str:  # gettext's name for it
    """``message`` marked for the catalog but left in English: a translator translates it where
    it is shown (``translator(lang)(message)``)."""
    return message


def translator(lang: str) -> Callable[[str], str]:
    """``_`` for ``lang``: the interface string in that language."""
    return translations(language(lang)).gettext


def plural_translator(lang: str) -> Callable[[str, str, int], str]:
    """``ngettext`` for ``lang``: singular or plural for a count."""
    return translations(language(lang)).ngettext


def locale(lang: str) -> str:
    """The Babel locale of ``lang``: ``en_IN`` or ``hi_IN``."""
    return LOCALES[language(lang)]


# A milestone's fields that may have a translation (``title_hi``, …).
TRANSLATED = ("title", "description", "rationale", "place", "image_alt", "image_credit")


def text_in(milestone, field: str, lang: str) -> tuple[str, str]:
    """A milestone's ``field`` (``title``, ``description``, …) in ``lang`` where it has that
    translation (``title_hi``), else its English words; and the language of what is given.
    ``milestone`` is a pandas row, a named tuple or a dict."""
    lang = language(lang)
    if lang != ENGLISH:
        translated = text_of(milestone, f"{field}_{lang}")
        if translated:
            return translated, lang
    return text_of(milestone, field), ENGLISH


def text_of(milestone, name: str) -> str:
    """A milestone's text field ``name``; "" where it is empty or the row has none."""
    value = getattr(milestone, name, "") if isinstance(milestone, tuple) else milestone.get(name, "")
    return value if isinstance(value, str) else ""  # None, NaN, or a field a row lacks


@lru_cache(maxsize=4096, typed=True)  # the counts a page writes on every run: Babel takes 10-20 µs for each
def format_number(number: int | float, lang: str) -> str:
    """A number as ``lang`` writes it, grouped in the Indian way in both languages: ``12,34,567``."""
    from babel.numbers import format_decimal  # Babel's locale data loads only where a number is written

    return format_decimal(number, locale=locale(lang))


_DEVANAGARI = re.compile("[\u0900-\u097f]")


def written_in(text: str) -> str:
    """The language of words a person typed (a staff member's name, a version's note): Hindi
    where they are in Devanagari, else English."""
    return HINDI if _DEVANAGARI.search(text or "") else ENGLISH
