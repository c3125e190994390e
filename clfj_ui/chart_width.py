"""The width the timeline's labels are laid out for: the one its chart last reported.

The Timeline page and the Overview draw the chart as wide as the page, so they share it: a
visitor moving between them gets a chart laid out for its width at once.

Before the chart has reported one, a phone's width comes from the window's, which
static/page-class.js sends in a cookie through the shipped nginx site: on a phone the chart is
as wide as the window less the page's margins, so the first run lays it out for that width and
the chart is drawn once, at its height, instead of at a desktop's height and then again.
"""

from __future__ import annotations

import streamlit as st

from clfj_data.charts import DEFAULT_WIDTH

WIDTH = "timeline_width"
VIEWPORT_COOKIE = "clfj_viewport"  # the window's width in CSS pixels (static/page-class.js)
PHONE_MAX = 640  # Streamlit's page margins are 1rem (16 px) a side up to here, its sidebar closed
PHONE_MARGINS = 32
NARROWEST, WIDEST = 320, 4000


def laid_out_width() -> int:
    return st.session_state.get(WIDTH) or phone_width() or DEFAULT_WIDTH


def remember_width(width: int) -> None:
    """The chart reported the width it is drawn at: lay its labels out again for it."""
    st.session_state[WIDTH] = _kept(width)


def phone_width() -> int | None:
    """The chart's width on a phone, from the window's width the browser sent; None elsewhere
    (a wider screen's sidebar and margins are the browser's to say)."""
    sent = st.context.cookies.get(VIEWPORT_COOKIE, "")
    if not sent.isdigit() or not 0 < int(sent) <= PHONE_MAX:
        return None
    return _kept(int(sent) - PHONE_MARGINS)


def _kept(width: int) -> int:
    return min(max(NARROWEST, round(width / 20) * 20), WIDEST)
