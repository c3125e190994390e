"""Timeline: every milestone in time, in lanes by sector or state; select one to read why it matters."""

import streamlit as st

from clfj_data.charts import timeline_figure, timeline_sentence
from pages import _ui

_ui.run_inside_frame()

LANE_LABELS = {"sector": "By sector", "state": "By state"}

frame = _ui.filtered_milestones()
st.title("Timeline")
if frame.empty:
    _ui.empty_result()
    st.stop()

if "timeline_lane" not in st.session_state:
    st.session_state["timeline_lane"] = st.query_params.get("lanes", "sector")
    if st.session_state["timeline_lane"] not in LANE_LABELS:
        st.session_state["timeline_lane"] = "sector"
lane = st.segmented_control(
    "Lanes", list(LANE_LABELS), key="timeline_lane", format_func=LANE_LABELS.get, required=True
)
if lane == "sector":
    st.query_params.pop("lanes", None)
else:
    st.query_params["lanes"] = lane

chart, panel = st.columns([2, 1], gap="medium")
with chart:
    st.plotly_chart(
        timeline_figure(frame, lane=lane, selected=_ui.selected_id()),
        key="timeline_chart",
        on_select=lambda: _ui.select_from_chart("timeline_chart"),
        selection_mode="points",
        alt=timeline_sentence(frame),
    )
    st.caption(f"{timeline_sentence(frame)} Drag to pan, use the slider below to zoom, select a marker.")
with panel:
    if _ui.selected_id():
        _ui.detail_panel(_ui.milestones(), _ui.selected_id())
    else:
        st.info("Select a milestone on the timeline to see what changed and why it matters.")
