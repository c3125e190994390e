"""Timeline: every milestone in time, in lanes by sector or state; select one to read why it matters."""

import streamlit as st

from clfj_data.charts import timeline_figure, timeline_sentence
from clfj_data.timelinejs import timelinejs_json
from pages import _chart, _exports, _ui

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

spec = _ui.made(_chart.timeline_spec, lane=lane, selected=_ui.selected_id())
sentence = _ui.made(timeline_sentence)
chart, panel = st.columns([2, 1], gap="medium")
with chart:
    _chart.plotly_chart(spec, key="timeline_chart", alt=sentence, on_select=_ui.select_point)
    st.caption(f"{sentence} Drag to pan, use the slider below to zoom, select a marker.")
with panel:
    if _ui.selected_id():
        _ui.detail_panel(_ui.milestones(), _ui.selected_id())
    else:
        st.info("Select a milestone on the timeline to see what changed and why it matters.")

with st.expander("Export the timeline"):
    _exports.image_exports(lambda: timeline_figure(frame, lane=lane), "timeline", "export_timeline")
    programme = _ui.programme()
    st.download_button(
        "TimelineJS (JSON)",
        lambda: timelinejs_json(frame, programme).encode("utf-8"),
        _exports.name("timelinejs", "json"),
        "application/json",
        key="export_timelinejs",
        on_click="ignore",
        help="The same story for a TimelineJS embed on the organisation's website.",
    )
