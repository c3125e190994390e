"""Milestones: the filtered table, searchable and sortable, with a CSV download."""

import datetime as dt

import streamlit as st

from clfj_data.export import milestones_table
from pages import _ui

# More rows than anyone reads down; each row is sent and hashed in full on every run.
SHOWN = 500

_ui.run_inside_frame()

frame = _ui.filtered_milestones()
st.title("Milestones")
if frame.empty:
    _ui.empty_result()
    st.stop()

table = _ui.made(milestones_table, SHOWN)
if len(frame) > SHOWN:
    st.caption(
        f"The latest {SHOWN:,} of {len(frame):,} milestones. To find the others, search or narrow "
        f"the filters in the sidebar; the CSV download holds all {len(frame):,}."
    )
else:
    count = f"{len(table)} milestone{'s' if len(table) != 1 else ''}"
    st.caption(f"{count}. Sort by a column's header, search with the table's toolbar.")
event = st.dataframe(
    table,
    key="milestones_table",
    hide_index=True,
    on_select="rerun",
    selection_mode="single-row",
    column_config={
        "source": st.column_config.LinkColumn("source"),
        "description": st.column_config.TextColumn("description", width="large"),
        "rationale": st.column_config.TextColumn("rationale", width="large"),
    },
)
rows = event.selection.rows if event else []
if rows and table.iloc[rows[0]]["id"] != _ui.selected_id():
    _ui.select(table.iloc[rows[0]]["id"])
    st.rerun()

st.download_button(
    "Download CSV",
    _ui.deferred_file(_ui.current_info().version, "csv", _ui.current_filters()),
    file_name=f"clfj-milestones-{dt.date.today().isoformat()}.csv",
    mime="text/csv",
    key="milestones_download",
    on_click="ignore",
    icon=":material/download:",
)
