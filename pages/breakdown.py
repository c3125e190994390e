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


def filter_by_bar(chart_key: str, filter_key: str) -> None:
    points = st.session_state.get(chart_key, {}).get("selection", {}).get("points", [])
    if points and points[0].get("customdata"):
        _ui.set_filter(filter_key, points[0]["customdata"][0])


frame = _ui.filtered_milestones()
st.title("Breakdown")
if frame.empty:
    _ui.empty_result()
    st.stop()

by_state, by_sector = st.columns(2, gap="large")
with by_state:
    counts = _ui.made(count_by_state)
    st.plotly_chart(
        _ui.made(state_counts_figure),
        key="breakdown_states",
        on_select=lambda: filter_by_bar("breakdown_states", _ui.STATES_KEY),
        selection_mode="points",
        alt=counts_sentence(counts, "state"),
    )
    st.caption(escape_markdown(counts_sentence(counts, "state")) + " Select a bar to show only that state.")
with by_sector:
    counts = _ui.made(count_by_sector)
    st.plotly_chart(
        _ui.made(sector_counts_figure),
        key="breakdown_sectors",
        on_select=lambda: filter_by_bar("breakdown_sectors", _ui.SECTORS_KEY),
        selection_mode="points",
        alt=counts_sentence(counts, "sector"),
    )
    st.caption(escape_markdown(counts_sentence(counts, "sector")) + " Select a bar to show only that sector.")

matrix = _ui.made(count_state_by_sector)
st.plotly_chart(_ui.made(state_sector_figure), key="breakdown_matrix", alt="Milestones by state and sector.")
with st.expander("The state and sector table"):
    st.dataframe(matrix, key="breakdown_matrix_table")

per_year = _ui.made(count_per_year)
st.plotly_chart(_ui.made(per_year_figure), key="breakdown_years", alt="Milestones per year, by sector.")
with st.expander("Milestones per year as a table"):
    st.dataframe(per_year[per_year["milestones"] > 0], hide_index=True, key="breakdown_years_table")

with st.expander("Export the charts"):
    st.markdown("**By state**")
    _exports.image_exports(lambda: state_counts_figure(frame), "counts-state", "export_counts_state")
    st.markdown("**By sector**")
    _exports.image_exports(lambda: sector_counts_figure(frame), "counts-sector", "export_counts_sector")
