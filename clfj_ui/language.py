"""The viewer's language on every page: ``?lang=hi`` in the URL, English without it.

Interface strings are written in English and marked ``_("...")`` (``from clfj_ui.language import
_``); each call looks the string up in the catalog of the language being viewed now.

The language is kept like the filters: the entry script calls :func:`keep` first in every run,
which remembers a ``?lang=`` the URL brings and puts it back where a page change dropped it, so
a link to any page in Hindi opens in Hindi and stays so. English is the default and leaves the
URL without ``lang``; an unknown ``lang`` reads as English.
"""

from __future__ import annotations

import threading

import streamlit as st

from clfj_data import i18n
from clfj_data.i18n import N_
from clfj_data.markup import emphasis, escape_inline, escape_markdown, holds_html, in_its_language
from clfj_data.problems import said_of

PARAMETER = "lang"
__all__ = ["N_", "_", "current", "ngettext"]  # N_ marks a message shown later with _
KEPT = "language"  # the language this session last chose or was linked to
# The language of the run on this thread, as keep() or choose() set it. A page asks for it with
# every string it shows (hundreds a run), and each read of st.query_params takes the session's
# lock and Streamlit's usage bookkeeping: about 10 µs, against 1 µs for the catalog's lookup.
# Each session's runs have a thread of their own, and keep() starts every run of the entry script.
_this_run = threading.local()


def current() -> str:
    """The language this run is shown in: the URL's ``lang``, English for a missing or unknown one."""
    lang = getattr(_this_run, "lang", None)
    return lang if lang is not None else i18n.language(st.query_params.get(PARAMETER))


def _(message: str) -> str:
    """``message`` in the language being viewed."""
    return i18n.translator(current())(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural of a message for ``count``, in the language being viewed."""
    return i18n.plural_translator(current())(singular, plural, count)


def error_text(error: Exception) -> str:
    """What an error raised with a :class:`~clfj_data.problems.Message` (or a marked sentence)
    says, in the language being viewed."""
    return said_of(error).text(current())


def choose(lang: str) -> None:
    """Show this session in ``lang`` from now on, and say so in the URL (English: no ``lang``)."""
    lang = i18n.language(lang)
    st.session_state[KEPT] = _this_run.lang = lang
    if lang == i18n.DEFAULT:
        st.query_params.pop(PARAMETER, None)
    elif st.query_params.get_all(PARAMETER) != [lang]:  # each change is a message to the browser
        st.query_params[PARAMETER] = lang


def keep() -> None:
    """At the start of a run: a ``?lang=`` in the URL is this session's language from now on; a
    URL without one (a page link followed) gets the session's language back."""
    if PARAMETER in st.query_params:
        choose(st.query_params.get(PARAMETER))
    else:
        choose(st.session_state.get(KEPT, i18n.DEFAULT))


def link_params() -> dict[str, str]:
    """The query parameters a page link carries so that the page opens in this language."""
    lang = current()
    return {} if lang == i18n.DEFAULT else {PARAMETER: lang}


def _switched(key: str) -> None:
    choose(st.session_state[key])


def language_switch(key: str) -> None:
    """English / हिन्दी, each named in its own language; choosing one shows the page in it and
    keeps everything else in the URL (filters, the story's slide)."""
    st.session_state[key] = current()  # a switch drawn on another page, or before a link changed it
    st.segmented_control(
        _("Language"),
        list(i18n.LANGUAGES),
        key=key,
        format_func=i18n.LANGUAGES.get,
        required=True,
        label_visibility="collapsed",
        on_change=_switched,
        args=(key,),
    )


# Streamlit writes <html lang="en"> and offers no way to change it: a frameless element without
# anything to show sets it on the document, in every run, so that screen readers and the
# browser's hyphenation and fonts know the page's language. It also gives each switch's option
# the language it is named in, and puts into the page's language the few words Streamlit writes
# in English only: its "Skip to main content" link (the first Tab stop), a list's "Select all"
# and "No results" (a search that matches nothing), the date slider's two handles, which it
# names "Dates — start" and "Dates — end" (and a screen reader then "Dates — start Dates"),
# and a file uploader's button and instructions
# ("Upload", "Drag and drop files here", "200MB per file"). Parts drawn later (a list's options,
# when it opens) are why there is an observer, made once a page.
_JS = r"""
export default function ({ data }) {
  document.documentElement.lang = data.lang;
  const say = (element, words) => {
    if (element && element.textContent !== words) element.textContent = words;
  };
  const mark = () => {
    for (const group of document.querySelectorAll(data.switches)) {
      group.querySelectorAll("[role=radio]").forEach((option, at) => {
        if (option.lang !== data.options[at]) option.lang = data.options[at];
      });
    }
    say(document.querySelector("[data-testid='stSkipToContent']"), data.skip);
    const list = document.querySelector("[data-testid='stMultiSelectDropdown']");
    say(list && list.querySelector("[data-key='__select_all__'] [data-item-hl]"), data.select_all);
    // A list's search that matches nothing (a multiselect's, or a select box's).
    for (const empty of document.querySelectorAll(data.dropdowns + " [role=option] > span")) {
      if (empty.textContent === "No results") say(empty, data.no_results);
    }
    for (const uploader of document.querySelectorAll("[data-testid='stFileUploader']")) {
      const walker = document.createTreeWalker(uploader, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const words = node.textContent.trim(), size = words.match(/^(\S+) per file$/);
        const said = data.uploader[words] || (size && data.per_file.replace("{size}", size[1]));
        if (said && node.textContent !== said) node.textContent = said;
      }
    }
    // The names Streamlit gives its own controls, read by a screen reader: "Expand sidebar",
    // "Open" (a list), "Remove Justice" (a chosen option), "progress" (a bar); a box's hint.
    for (const element of document.querySelectorAll("[aria-label]")) {
      const words = element.getAttribute("aria-label"), removed = words.match(/^Remove (.+)$/);
      const said = data.labels[words] || (removed && data.remove.replace("{name}", removed[1]));
      if (said && said !== words) element.setAttribute("aria-label", said);
    }
    for (const box of document.querySelectorAll("input[placeholder]")) {
      const said = data.placeholders[box.placeholder];
      if (said && said !== box.placeholder) box.placeholder = said;
    }
    document.querySelectorAll(data.slider + " input[type=range]").forEach((handle, at) => {
      const name = data.ends[at];
      if (name && handle.getAttribute("aria-label") !== name) {
        handle.setAttribute("aria-label", name);
        handle.removeAttribute("aria-labelledby"); // else the slider's own label is said after it
      }
    });
  };
  mark();
  window.clfjMarkLanguages = mark;
  if (!window.clfjLanguageObserver) {
    window.clfjLanguageObserver = new MutationObserver(() => window.clfjMarkLanguages());
    window.clfjLanguageObserver.observe(document.body, {
      childList: true, subtree: true, attributes: true, attributeFilter: ["aria-label", "placeholder"],
    });
  }
}
"""
_document_language = st.components.v2.component("clfj_document_language", html="", js=_JS)
SWITCHES = ("sidebar_language", "story_language")  # the keys of the language switches


def mark_document(dates_key: str) -> None:
    """Set ``<html lang>`` to the language being viewed, each switch's option to its own, and
    Streamlit's own words on the page (its skip link, "Select all", the date slider's handles)
    in the language being viewed (``dates_key``: what the date slider's key starts with)."""
    data = {
        "lang": current(),
        "switches": ", ".join(f".st-key-{key}" for key in SWITCHES),
        "options": tuple(i18n.LANGUAGES),  # a list would be looked through for a data frame (plot.py)
        "skip": _("Skip to main content"),
        "select_all": _("Select all"),
        "dropdowns": "[data-testid='stMultiSelectDropdown'], [data-testid='stSelectboxVirtualDropdown']",
        "no_results": _("No results"),
        "slider": f"[class*='st-key-{dates_key}']",
        "ends": (_("Dates from"), _("Dates up to")),  # each handle named, its value said as a month
        "uploader": {
            "Upload": _("Upload"),
            "Add files": _("Add files"),
            "Drag and drop files here": _("Drag and drop files here"),
            "Drag and drop a file here": _("Drag and drop a file here"),
        },
        "per_file": _("{size} per file"),
        "labels": {
            "Sidebar": _("Sidebar"),
            "Collapse sidebar": _("Collapse sidebar"),
            "Expand sidebar": _("Expand sidebar"),
            "Main menu": _("Main menu"),
            "App pages": _("App pages"),
            "Open": _("Open"),
            "Close": _("Close"),
            "Clear value": _("Clear value"),
            "Clear all": _("Clear all"),
            "Selected values": _("Selected values"),
            "progress": _("Progress"),
            "Running...": _("Running…"),
            "Dismiss": _("Close"),  # a dialog's ×
            "Show password": _("Show password"),
            "Hide password": _("Hide password"),
            "file upload": _("File upload"),
            # A table's toolbar (the Breakdown's tables with the charts' facts).
            "Show/hide columns": _("Show or hide columns"),
            "Download as CSV": _("Download as CSV"),
            "Search": _("Search"),
            "Fullscreen": _("Full screen"),
            "Close Search": _("Close the search"),
        },
        "remove": _("Remove {name}"),
        "placeholders": {"Choose an option": _("Choose an option")},
    }
    _document_language(key="document_language", data=data, width="content", height="content")


def in_language(milestone, field: str) -> tuple[str, str]:
    """A milestone's text for ``field`` (``title``, ``description``, …) in the language being
    viewed where it has it, else its English words; and the language of what is given."""
    return i18n.text_in(milestone, field, current())


def marked(markdown: str, lang: str) -> str:
    """Markdown (already escaped) as a passage in ``lang``: wrapped in an element with ``lang``
    where it is not the page's language, so that it is read aloud and hyphenated as what it is."""
    if lang == current():
        return markdown
    return f'<div lang="{lang}">\n\n{markdown}\n\n</div>'


def markdown(body: str, **options) -> None:
    """``st.markdown`` of Markdown that may hold a passage marked with its language: HTML is let
    through only where it does. Streamlit draws Markdown that allows HTML only once it has
    fetched a parser of its own (0.05 MB), after the page is painted, so the words below it
    move down when it arrives; Markdown without HTML is drawn at once."""
    st.markdown(body, unsafe_allow_html=holds_html(body), **options)


def caption(body: str, **options) -> None:
    """``st.caption``, as :func:`markdown` draws Markdown."""
    st.caption(body, unsafe_allow_html=holds_html(body), **options)


def text(value: str, lang: str) -> None:
    """Words from a spreadsheet, shown exactly as written, in ``lang``: ``st.text`` on a page in
    that language, else escaped Markdown in an element marked with its ``lang``."""
    if lang == current():
        st.text(value)
    else:
        markdown(marked(escape_markdown(value), lang))


def span(markdown: str, lang: str) -> str:
    """Inline Markdown (already escaped) marked with its ``lang`` where that is not the page's."""
    return in_its_language(markdown, lang, current())


def typed_into(sentence: str, field: str, typed: str) -> str:
    """``sentence`` (translated Markdown, holding ``{field}`` once) with words staff typed
    (``typed``: a name, a note) in its place, shown literally and marked with their language
    where that is not the page's."""
    return sentence.replace("{" + field + "}", span(escape_inline(typed), i18n.written_in(typed)), 1)


def heading(value: str, lang: str, level: int = 3) -> None:
    """A heading whose text came from a spreadsheet, shown literally, marked with its ``lang``
    where that is not the page's."""
    markdown(f"{'#' * level} {span(escape_markdown(value), lang)}", anchors=False)


def number(value: int) -> str:
    """A count as the viewer's locale writes it: Indian grouping (``12,34,567``) in both languages."""
    return i18n.format_number(value, current())


def framing(programme, name: str) -> tuple[str, str]:
    """One of the programme's framing sentences (``name``, ``heading``, ``intro``, …) in the
    language being viewed where it has it (``name_hi``), else in English; and its language."""
    lang = current()
    translated = getattr(programme, f"{name}_{lang}", "") if lang != i18n.DEFAULT else ""
    return (translated, lang) if translated else (getattr(programme, name), i18n.DEFAULT)


def framing_markdown(programme, name: str) -> str:
    """:func:`framing` as inline Markdown, escaped, marked with its language where it is not the page's."""
    text, lang = framing(programme, name)
    return span(escape_markdown(text), lang)


def emphasised(markdown: str) -> str:
    """Markdown set apart as the page's script does it: italic in English; bold in Hindi, as
    Devanagari has no italic (a browser slants it)."""
    return emphasis(markdown, current())
