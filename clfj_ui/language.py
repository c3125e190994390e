"""The viewer's language on every page: ``?lang=hi`` in the URL, English without it.

Interface strings are written in English and marked ``_("...")`` (``from clfj_ui.language import
_``); each call looks the string up in the catalog of the language being viewed now.
"""

from __future__ import annotations

import streamlit as st

from clfj_data import i18n

PARAMETER = "lang"


def current() -> str:
    """The language this run is shown in: the URL's ``lang``, English for a missing or unknown one."""
    return i18n.language(st.query_params.get(PARAMETER))


def _(message: str) -> str:
    """``message`` in the language being viewed."""
    return i18n.translator(current())(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural of a message for ``count``, in the language being viewed."""
    return i18n.plural_translator(current())(singular, plural, count)
