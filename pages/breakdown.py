"""Breakdown: where and in which sectors the changes happened, and when. Select a bar to filter."""

import streamlit as st

from clfj_data.charts import (
    count_by_sector,
    count_by_state,
    count_per_year,
    count_state_by_sector,
    counts_sentence,
    per_year_figure,
    sector_counts_figure,
    state_counts_figure,
    state_sector_figure,
)
from clfj_data.markup import escape_markdown
from pages import _exports, _ui

_ui.run_inside_frame()


BARS = {  # what is counted -> its counts, its bar chart, the filter a selected bar sets
    "state": (count_by_state, state_counts_figure, _ui.STATES_KEY),
    "sector": (count_by_sector, sector_counts_figure, _ui.SECTORS_KEY),
}


def filter_by_bar(chart_key: str, filter_key: str) -> None:
    points = st.session_state.get(chart_key, {}).get("selection", {}).get("points", [])
    if points and points[0].get("customdata"):
        _ui.set_filter(filter_key, points[0]["customdata"][0])


def bar_chart(kind: str) -> None:
    """Milestones by ``kind`` as bars, said in a sentence; selecting a bar narrows the filters to it."""
    count, figure, filter_key = BARS[kind]
    key = f"breakdown_{kind}s"
    sentence = counts_sentence(_ui.made(count), kind)
    st.plotly_chart(
        _ui.made(figure),
        key=key,
        on_select=lambda: filter_by_bar(key, filter_key),
        selection_mode="points",
        alt=sentence,
    )
    st.caption(escape_markdown(sentence) + f" Select a bar to show only that {kind}.")


frame = _ui.filtered_milestones()
st.title("Breakdown")
if frame.empty:
    _ui.empty_result()
    st.stop()

for column, kind in zip(st.columns(2, gap="large"), BARS, strict=True):
    with column:
        bar_chart(kind)

matrix = _ui.made(count_state_by_sector)
st.plotly_chart(_ui.made(state_sector_figure), key="breakdown_matrix", alt="Milestones by state and sector.")
with st.expander("The state and sector table"):
    st.dataframe(matrix, key="breakdown_matrix_table")

per_year = _ui.made(count_per_year)
st.plotly_chart(_ui.made(per_year_figure), key="breakdown_years", alt="Milestones per year, by sector.")
with st.expander("Milestones per year as a table"):
    st.dataframe(per_year[per_year["milestones"] > 0], hide_index=True, key="breakdown_years_table")

with st.expander("Export the charts"):
    for kind, (_, figure, _) in BARS.items():
        st.markdown(f"**By {kind}**")
        _exports.image_exports(lambda f=figure: f(frame), f"counts-{kind}", f"export_counts_{kind}")
