"""Overview: the programme's framing, key figures, a compact timeline and the latest changes."""

import streamlit as st

from clfj_data import format_date
from clfj_data.charts import timeline_sentence
from clfj_data.summary import key_figures, latest_first
from pages import _chart, _detail, _entry, _filters, _version

_entry.run_inside_entry()

programme = _version.programme()
frame = _filters.filtered_milestones()

st.title(f"{programme.name}: {programme.heading}")
st.markdown(f"**{programme.intro}**")
st.write(programme.partnership)

if frame.empty:
    _filters.empty_result()
    st.stop()

figures = _filters.made(key_figures)
columns = st.columns(5)
columns[0].metric("Changes recorded", figures.changes)
columns[1].metric("States", figures.states)
columns[2].metric("Sectors", figures.sectors)
columns[3].metric("Years covered", figures.years)
columns[4].metric("Latest change", figures.latest_date)
st.text(f"Latest: {figures.latest_title}")

st.subheader(programme.timeline_heading)
sentence = _filters.made(timeline_sentence)
_chart.plotly_chart(
    _filters.made(_chart.timeline_spec, compact=True, selected=_detail.selected_id()),
    key="overview_timeline",
    alt=sentence,
    on_select=_detail.select_point,
    mode_bar=False,
)
st.caption(f"{sentence} Select a milestone to read why it matters.")

st.subheader("Most recent changes")
for milestone in _filters.made(latest_first, 3).itertuples():
    with st.container(border=True):
        st.caption(format_date(milestone.date, milestone.precision))
        _detail.heading(milestone.title, level=4)
        st.markdown("**Why it matters**")
        st.text(milestone.rationale)
        st.button(
            "Read more", key=f"overview_open_{milestone.id}", on_click=_detail.select, args=(milestone.id,)
        )
