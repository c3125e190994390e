"""Escaping spreadsheet text for the places that would otherwise read it as markup."""

from __future__ import annotations

import html
import re

from . import i18n

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them all
# also defuses Streamlit's own directives (:red[...], :material/icon:, $math$).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'^%@/?;,])")
# A "<" after an even number of backslashes (none, or escaped backslashes) opens a tag.
_UNESCAPED_TAG = re.compile(r"(?<!\\)(?:\\\\)*<")
# What XML 1.0, and so an XLSX or PPTX file, cannot hold: the C0 controls other than tab and
# line breaks, and the noncharacters U+FFFE and U+FFFF (lone surrogates cannot reach a table:
# pyarrow's strings refuse them). A character class both Python's and pyarrow's regex engines
# read; the schema refuses these in uploads.
NOT_XML = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
_EXCEL_ESCAPE_LOOKALIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def escape_markdown(text: str) -> str:
    """Text that Markdown (and Streamlit's extensions) shows exactly as written."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
    # Leading spaces would make a code block: keep them as no-break spaces, which Markdown ignores.
    lines = [re.sub(r"^ +", lambda m: "\u00a0" * len(m.group()), line) for line in escaped.split("\n")]
    return "  \n".join(lines)


def escape_inline(text: str) -> str:
    """One piece of a line (words beside others on it) that Markdown shows exactly as written:
    as :func:`escape_markdown`, keeping its spaces where they are."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split("\n")))


def in_its_language(markdown: str, lang: str, page_lang: str) -> str:
    """Inline Markdown (already escaped) marked with its ``lang`` where that is not the page's
    ``page_lang``, so that it is read aloud and hyphenated as what it is."""
    return markdown if lang == page_lang else f'<span lang="{lang}">{markdown}</span>'


def holds_html(markdown: str) -> bool:
    """Whether ``markdown`` holds an HTML tag the app wrote (a passage marked with its ``lang``):
    a ``<`` not escaped by a backslash, as :func:`escape_markdown` escapes every one in text."""
    return _UNESCAPED_TAG.search(markdown) is not None


def emphasis(markdown: str, page_lang: str) -> str:
    """Markdown set apart as the page's script does it: italic in English; bold in any other
    (Hindi's Devanagari has no italic: a browser slants it)."""
    return f"*{markdown}*" if page_lang == i18n.DEFAULT else f"**{markdown}**"


def xml_safe(text) -> str:
    """``text`` with each character XML cannot hold replaced by U+FFFD, so a file stays valid."""
    return re.sub(NOT_XML, "\ufffd", str(text))


def excel_text(text) -> str:
    """``text`` for an XLSX cell, as Excel writes it: with every character XML cannot hold as
    U+FFFD, and a typed ``_x`` before four hex digits and ``_`` escaped as ``_x005F_x``, so
    Excel (and the loader) read back what was written rather than a character code."""
    return _EXCEL_ESCAPE_LOOKALIKE.sub(r"_x005F_\1", xml_safe(text))


def plotly_text(text: str, limit: int | None = None) -> str:
    """Text for a Plotly label or hover: HTML-escaped (Plotly renders <b>, <a href> and <br>),
    shortened to ``limit`` characters with an ellipsis."""
    text = " ".join(str(text).split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return html.escape(text, quote=False)  # Plotly shows &quot; as it is; a quote is harmless here


def markdown_word_diff(segments, side: str, lang: str = i18n.ENGLISH, words_lang: str = i18n.ENGLISH) -> str:
    """One side of a word diff (:func:`clfj_data.diff.word_diff`) as Streamlit Markdown, every
    word escaped: ``side`` "before" shows the kept and the removed words, removed ones struck
    through in red; "after" shows the kept and the added words, added ones bold in green.

    For a page in ``lang``: an empty side reads "(empty)" in it, and words in another language
    (``words_lang``: a field in English on a Hindi page) are marked with theirs, as Markdown
    that allows HTML reads ``<span lang="en">``."""
    marked = {"before": ("removed", ":red[~~{}~~]"), "after": ("added", ":green[**{}**]")}[side]
    parts = []
    for segment in segments:
        if segment.kind == "kept":
            parts.append(escape_markdown(segment.text))
        elif segment.kind == marked[0]:
            # Each line on its own: a directive or a strike-through does not span a line break.
            lines = [marked[1].format(escape_markdown(line.strip())) for line in segment.text.split("\n")]
            parts.append("  \n".join(line for line in lines if line != marked[1].format("")))
    words = " ".join(part for part in parts if part)
    if not words:
        _ = i18n.translator(lang)
        return "*{}*".format(_("(empty)"))
    return words if words_lang == lang else f'<span lang="{words_lang}">{words}</span>'
