"""Overview: the programme's framing, key figures, a compact timeline and the latest changes."""

import streamlit as st

from clfj_data import format_date
from clfj_data.charts import timeline_sentence
from clfj_data.summary import key_figures, latest_first
from pages import _chart, _ui

_ui.run_inside_frame()

programme = _ui.programme()
frame = _ui.filtered_milestones()

st.title(f"{programme.name}: {programme.heading}")
st.markdown(f"**{programme.intro}**")
st.write(programme.partnership)

if frame.empty:
    _ui.empty_result()
    st.stop()

figures = _ui.made(key_figures)
columns = st.columns(5)
columns[0].metric("Changes recorded", figures.changes)
columns[1].metric("States", figures.states)
columns[2].metric("Sectors", figures.sectors)
columns[3].metric("Years covered", figures.years)
columns[4].metric("Latest change", figures.latest_date)
st.text(f"Latest: {figures.latest_title}")

st.subheader(programme.timeline_heading)
sentence = _ui.made(timeline_sentence)
_chart.plotly_chart(
    _ui.made(_chart.timeline_spec, compact=True, selected=_ui.selected_id()),
    key="overview_timeline",
    alt=sentence,
    on_select=_ui.select_point,
    mode_bar=False,
)
st.caption(f"{sentence} Select a milestone to read why it matters.")

st.subheader("Most recent changes")
for milestone in _ui.made(latest_first, 3).itertuples():
    with st.container(border=True):
        st.caption(format_date(milestone.date, milestone.precision))
        _ui.heading(milestone.title, level=4)
        st.markdown("**Why it matters**")
        st.text(milestone.rationale)
        st.button("Read more", key=f"overview_open_{milestone.id}", on_click=_ui.select, args=(milestone.id,))
