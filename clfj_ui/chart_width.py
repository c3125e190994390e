"""The width the timeline's labels are laid out for: the one its chart last reported.

The Timeline page and the Overview draw the chart as wide as the page, so they share it: a
visitor moving between them gets a chart laid out for its width at once.

Before the chart has reported one, its width comes from the window's, which
static/page-class.js sends in a cookie through the shipped nginx site: the chart is as wide as
the window less the page's margins (and, on a desktop, less the sidebar Streamlit opens beside
the page), so the first run lays it out for that width and the chart is drawn once. Without the
cookie (the app served without nginx), or where the visitor has closed or widened the sidebar,
the chart reports its width and is laid out again: one more run before it is drawn.
"""

from __future__ import annotations

import streamlit as st

from clfj_data.charts import DEFAULT_WIDTH

WIDTH = "timeline_width"
SIDEBAR_CLOSED = "timeline_sidebar_closed"  # a page closed the sidebar: see sidebar_closed
VIEWPORT_COOKIE = "clfj_viewport"  # the window's width in CSS pixels (static/page-class.js)
PHONE_MAX = 640  # Streamlit's page margins are 1rem (16 px) a side up to here, its sidebar closed
PHONE_MARGINS = 32
# Streamlit opens the sidebar beside the page above its breakpoint (768 px), 18.75rem wide; the
# wide layout's margins are 5rem a side from 864 px (1rem below).
SIDEBAR_FROM, SIDEBAR = 769, 300
WIDE_MARGINS_FROM, WIDE_MARGINS = 864, 160
NARROWEST, WIDEST = 320, 4000


def laid_out_width() -> int:
    sidebar = not st.session_state.get(SIDEBAR_CLOSED)
    return st.session_state.get(WIDTH) or first_width(sent_window(), sidebar) or DEFAULT_WIDTH


def sidebar_closed() -> None:
    """The page closed the sidebar (the Story does), and Streamlit keeps it closed on the pages
    after: their first chart is laid out without it beside the page. Without this, the Overview
    reached by the Story's link asked for a second run at once, and a Back pressed during it
    met Streamlit's lost cached message and showed the Overview again."""
    st.session_state[SIDEBAR_CLOSED] = True


def remember_width(width: int) -> None:
    """The chart reported the width it is drawn at: lay its labels out again for it."""
    st.session_state[WIDTH] = _kept(width)


def sent_window() -> int | None:
    """The window's width the browser sent (static/page-class.js), or None."""
    sent = st.context.cookies.get(VIEWPORT_COOKIE, "")
    return int(sent) if sent.isdigit() and int(sent) > 0 else None


def first_width(window: int | None, sidebar: bool = True) -> int | None:
    """The chart's width in a window ``window`` px wide, as Streamlit lays the page out there:
    on a phone less its margins, on a desktop less the sidebar beside it too (where ``sidebar``
    is open); None for a window
    between the two (the sidebar closed over a tablet's page: left to the chart to say) or none.
    A scroll bar's 15 px is within what the chart draws without laying out again
    (RELAYOUT_SHARE in assets/chart.js)."""
    if window is None or PHONE_MAX < window < SIDEBAR_FROM:
        return None
    if window <= PHONE_MAX:
        return _kept(window - PHONE_MARGINS)
    beside = SIDEBAR if sidebar else 0
    return _kept(window - beside - (WIDE_MARGINS if window >= WIDE_MARGINS_FROM else PHONE_MARGINS))


def _kept(width: int) -> int:
    return min(max(NARROWEST, round(width / 20) * 20), WIDEST)
