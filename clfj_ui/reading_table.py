"""The Milestones page's table: every cell's text in full, wrapped, the table as tall as its
rows (the page scrolls, not a box inside it), and a row's headline a button that opens it. On a
phone, where its columns would not fit, the same rows are cards instead, each opened by a tap
(or Enter on its headline) as a row is.

Streamlit's data grid draws on a canvas with one height for every row: a long "What changed"
was cut off mid-sentence. This element is an HTML table, laid out by the browser, which wraps
each cell to its own height; its text is set as text (``textContent``), never as markup.
The cells come from :func:`clfj_data.tables.milestones_reading_rows`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import streamlit as st

from clfj_data import i18n
from clfj_data.states import NOT_SPECIFIED
from clfj_data.visibility import STAFF_ONLY
from clfj_data.wording import UNSPECIFIED
from clfj_ui.language import _, current

_JS = (Path(__file__).resolve().parent / "assets" / "reading_table.js").read_text(encoding="utf-8")
# Shares of the width by column (the English header, as the rows name their cells): the longer
# texts get the room, and the narrow ones enough for their longest word ("Rajasthan",
# "Livelihoods") on a 1280 px projector with the sidebar open, so no name is broken mid-word.
_SHARES = {"Date": 8, "Headline": 16, "Why it matters": 26, "What changed": 26, "States": 11, "Sector": 13}
_OTHER_SHARE = 8  # a column not named above (Visibility, for staff)
_CSS = """
.clfj-table table { width: 100%; table-layout: fixed; border-collapse: collapse; font-size: 0.95rem;
  line-height: 1.45; }
.clfj-table th, .clfj-table td { padding: 0.5rem 0.6rem; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; border-bottom: 1px solid rgba(49, 51, 63, 0.15); }
.clfj-table thead th { font-weight: 600; color: rgba(49, 51, 63, 0.75); font-size: 0.875rem;
  border-bottom: 2px solid rgba(49, 51, 63, 0.25); }
.clfj-table tbody tr { cursor: pointer; }
.clfj-table tbody tr:hover { background: #F3F6F9; }
.clfj-table tbody th { font-weight: 400; }
.clfj-table button { all: unset; cursor: pointer; font-weight: 600; color: #0B1116;
  overflow-wrap: anywhere; border-radius: 0.2rem; }
.clfj-table button:hover { text-decoration: underline; }
.clfj-table button:focus-visible { outline: 2px solid #0072B2; outline-offset: 2px; }
.clfj-cards { list-style: none; margin: 0; padding: 0; }
.clfj-cards li { margin: 0 0 1rem; padding: 0.75rem 1rem; border: 1px solid rgba(49, 51, 63, 0.2);
  border-radius: 0.5rem; cursor: pointer; line-height: 1.6; }
.clfj-cards li:hover { background: #F3F6F9; }
.clfj-cards li:has(button:focus-visible) { border-color: #0072B2; }
.clfj-cards p { margin: 0.5rem 0 0; }
.clfj-cards .clfj-card-facts { margin: 0.25rem 0 0; color: rgba(49, 51, 63, 0.7); }
/* The table on a screen wide enough for its columns, the cards on a phone (one breakpoint). */
@media (min-width: 641px) { .clfj-cards { display: none; } }
@media (max-width: 640px) { .clfj-table table { display: none; } }
"""
_table = st.components.v2.component("clfj_table", html='<div class="clfj-table"></div>', css=_CSS, js=_JS,
                                    isolate_styles=False)  # fmt: skip


def milestones_table(
    rows: list[dict], columns: list[str], *, key: str, on_open: Callable[[str], None]
) -> None:
    """The milestones ``rows`` (:func:`clfj_data.tables.milestones_reading_rows`), their cells
    ``columns`` in this order, headed in the page's language, or on a phone as cards (headline,
    date, states, sector, why it matters); a click or tap on a row or card, or Enter on its
    headline, calls ``on_open`` with its milestone's id (before the rerun)."""
    total = sum(_SHARES.get(name, _OTHER_SHARE) for name in columns)
    blank = {"value": _(NOT_SPECIFIED)} | {name: _(said) for name, said in UNSPECIFIED.items()}
    # Tuples: Streamlit looks through each list or dict at the top of an element's data for a
    # data frame (45-60 µs each), and passes over a tuple.
    data = {
        "columns": tuple(
            {"name": name, "label": _(name), "width": f"{100 * _SHARES.get(name, _OTHER_SHARE) / total:.1f}%"}
            for name in columns
        ),
        "rows": tuple(rows),
        "label": _("Milestones"),
        "card": {  # which cells a card shows, and how (assets/reading_table.js)
            "facts": ["Date", "States", "Sector"],
            "why": "Why it matters",
            "why_label": _("Why it matters") + ":",
            "staff_only": _(STAFF_ONLY),
            # Unlabelled on a card, a blank state or sector says which it is ("State not specified").
            "unspecified": blank,
            # Set apart as the page's script does it: Devanagari has no italic (a browser slants it).
            "emphasis": "em" if current() == i18n.ENGLISH else "strong",
        },
    }
    _table(key=key, data=data, on_milestone_change=partial(_opened, key, on_open))


def _opened(key: str, on_open: Callable[[str], None]) -> None:
    # A forged client can send the event without the element's state, or with anything in it.
    chosen = (st.session_state.get(key) or {}).get("milestone")
    if isinstance(chosen, str) and chosen:
        on_open(chosen)
