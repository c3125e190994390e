"""The width the timeline's labels are laid out for: the one its chart last reported.

The Timeline page and the Overview draw the chart as wide as the page, so they share it: a
visitor moving between them gets a chart laid out for its width at once.
"""

from __future__ import annotations

import streamlit as st

from clfj_data.charts import DEFAULT_WIDTH

WIDTH = "timeline_width"


def laid_out_width() -> int:
    return st.session_state.get(WIDTH, DEFAULT_WIDTH)


def remember_width(width: int) -> None:
    """The chart reported the width it is drawn at: lay its labels out again for it."""
    st.session_state[WIDTH] = min(max(320, round(width / 20) * 20), 4000)
