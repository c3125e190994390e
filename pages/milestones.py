"""Milestones: the filtered table, searchable and sortable, with a CSV download."""

import streamlit as st

from clfj_data.tables import id_at, milestones_table
from clfj_data.wording import plural
from pages import _detail, _entry, _exports, _filters

# More rows than anyone reads down; each row is sent and hashed in full on every run.
SHOWN = 500

_entry.run_inside_entry()

frame = _filters.filtered_milestones()
st.title("Milestones")
if frame.empty:
    _filters.empty_result()
    st.stop()

table = _filters.made(milestones_table, SHOWN)
if len(frame) > SHOWN:
    st.caption(
        f"The latest {SHOWN:,} of {len(frame):,} milestones. To find the others, search or narrow "
        f"the filters in the sidebar; the CSV download holds all {len(frame):,}."
    )
else:
    st.caption(
        f"{plural(len(table), 'milestone')}. Sort by a column's header, search with the table's toolbar."
    )
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
if rows and id_at(table, rows[0]) != _detail.selected_id():
    _detail.select(id_at(table, rows[0]))
    st.rerun()

_exports.deferred_download("Download CSV", "milestones_download", "csv")
