"""Milestones: the filtered table, searchable and sortable, with CSV and XLSX downloads."""

import streamlit as st

from clfj_data.tables import id_at, milestones_reading_table
from clfj_data.wording import plural
from clfj_ui import detail, entry, export_buttons, filtering

# More rows than anyone reads down; each row is sent and hashed in full on every run.
SHOWN = 500
# The grid wraps text only in rows taller than 4rem; six lines show, a cell's click shows the rest.
ROW_HEIGHT, ROWS_IN_VIEW = 130, 5

entry.run_inside_entry()


def open_selected_row(table) -> None:
    """The table's ``on_select``: a row chosen opens its milestone (a callback, so a row still
    selected after its dialog closed does not open it again)."""
    rows = st.session_state["milestones_table"].selection.rows
    if rows:
        detail.select(id_at(table, rows[0]))


frame = filtering.filtered_milestones()
st.title("Milestones")
if frame.empty:
    filtering.empty_result()
    st.stop()

table = filtering.made(milestones_reading_table, SHOWN)
if len(frame) > SHOWN:
    st.caption(
        f"The latest {SHOWN:,} of {len(frame):,} milestones. To find the others, search or narrow "
        f"the filters in the sidebar; the downloads hold all {len(frame):,}."
    )
else:
    st.caption(
        f"{plural(len(table), 'milestone')}, in date order. Select a row to read it in full; "
        "search with the table's toolbar."
    )
text = st.column_config.TextColumn
st.dataframe(
    filtering.made_table(milestones_reading_table, SHOWN),
    key="milestones_table",
    hide_index=True,
    on_select=lambda: open_selected_row(table),
    selection_mode="single-row",
    row_height=ROW_HEIGHT,
    height=38 + ROW_HEIGHT * min(len(table), ROWS_IN_VIEW),  # 38: the header row
    column_order=[c for c in table.columns if c != "id"],  # the id stays in the data, for the selection
    # Widths that fit "Why it matters" beside the sidebar at 1280 pixels; wider screens share out the rest.
    column_config={
        "Date": text(width=70),
        "Headline": text(width=140),
        "What changed": text(width=195),
        "Why it matters": text(width=200),
        "States": text(width=80),
        "Sector": text(width=95),
    },
)

exported = export_buttons.staff_choice(frame, "milestones_include_staff_only")
with st.container(horizontal=True, key="milestones_downloads"):
    export_buttons.deferred_download("Download CSV", "milestones_download", "csv", exported)
    export_buttons.deferred_download("Download XLSX", "milestones_download_xlsx", "xlsx", exported)
