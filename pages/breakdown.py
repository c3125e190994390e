"""Breakdown: where and in which sectors the changes happened, and when. Select a bar to filter."""

from functools import partial

import streamlit as st

from clfj_data.charts import per_year_figure, sector_counts_figure, state_counts_figure, state_sector_figure
from clfj_data.counts import (
    count_by_sector,
    count_by_state,
    count_state_by_sector,
    counts_sentence,
    years_counted,
)
from clfj_data.markup import escape_markdown
from clfj_ui import entry, export_buttons, filtering, plot

entry.run_inside_entry()


BARS = {  # what is counted -> its counts, its bar chart, the filter a selected bar sets
    "state": (count_by_state, state_counts_figure, filtering.STATES_KEY),
    "sector": (count_by_sector, sector_counts_figure, filtering.SECTORS_KEY),
}


def bar_chart(kind: str, counts, rows: int) -> None:
    """Milestones by ``kind`` as bars (``counts``), as tall as ``rows`` bars, said in a sentence;
    selecting a bar narrows the filters to it."""
    _, figure, filter_key = BARS[kind]
    sentence = counts_sentence(counts, kind)
    plot.plotly_chart(
        filtering.made(plot.figure_spec, figure, rows=rows),
        key=f"breakdown_{kind}s",
        alt=sentence,
        on_click={kind: partial(filtering.set_filter, filter_key)},  # {"state": its name}
    )
    st.caption(escape_markdown(sentence) + f" Select a bar to show only that {kind}.")


frame = filtering.filtered_milestones()
st.title("Breakdown")
if frame.empty:
    filtering.empty_result()
    st.stop()

counted = {kind: filtering.made(count) for kind, (count, _, _) in BARS.items()}
rows = max(len(counts) for counts in counted.values())  # side by side, the two charts as tall
for column, kind in zip(st.columns(2, gap="large"), BARS, strict=True):
    with column:
        bar_chart(kind, counted[kind], rows)

plot.plotly_chart(
    filtering.made(plot.figure_spec, state_sector_figure),
    key="breakdown_matrix",
    alt="Milestones by state and sector.",
)
with st.expander("The state and sector table"):
    st.dataframe(filtering.made_table(count_state_by_sector), key="breakdown_matrix_table")

plot.plotly_chart(
    filtering.made(plot.figure_spec, per_year_figure),
    key="breakdown_years",
    alt="Milestones per year, by sector.",
)
with st.expander("Milestones per year as a table"):
    st.dataframe(filtering.made_table(years_counted), hide_index=True, key="breakdown_years_table")

with export_buttons.exports_expander("Export the charts", key="breakdown_exports"):
    exported = export_buttons.staff_choice(frame, "breakdown_include_staff_only")
    for label, chart, key in (
        ("By state", "counts-state", "export_counts_state"),
        ("By sector", "counts-sector", "export_counts_sector"),
        ("By state and sector", "state-sector", "export_state_sector"),
        ("Per year", "per-year", "export_per_year"),
    ):
        st.markdown(f"**{label}**")
        export_buttons.image_exports(exported, chart, key)
