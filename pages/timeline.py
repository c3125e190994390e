"""Timeline: every milestone in time, in lanes by sector or state; select one to read why it matters."""

import streamlit as st

from clfj_data.charts import timeline_sentence
from pages import _chart, _detail, _entry, _exports, _filters, _version

_entry.run_inside_entry()

LANE_LABELS = {"sector": "By sector", "state": "By state"}

frame = _filters.filtered_milestones()
st.title("Timeline")
if frame.empty:
    _filters.empty_result()
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

spec = _filters.made(_chart.timeline_spec, lane=lane, selected=_detail.selected_id())
sentence = _filters.made(timeline_sentence)
chart, panel = st.columns([2, 1], gap="medium")
with chart:
    _chart.plotly_chart(spec, key="timeline_chart", alt=sentence, on_select=_detail.select_point)
    st.caption(f"{sentence} Drag to pan, use the slider below to zoom, select a marker.")
with panel:
    if _detail.selected_id():
        _detail.detail_panel(_version.milestones(), _detail.selected_id())
    else:
        st.info("Select a milestone on the timeline to see what changed and why it matters.")

with st.expander("Export the timeline"):
    _exports.image_exports(frame, "timeline", "export_timeline", lane=lane)
    _exports.prepared_download(
        "TimelineJS (JSON)",
        "export_timelinejs",
        "timelinejs",
        frame,
    )
