"""Milestones: the filtered table, searchable and sortable, with CSV and XLSX downloads."""

import streamlit as st

from clfj_data.tables import VISIBILITY_HEADER, id_at, milestones_reading_table
from clfj_ui import detail, entry, export_buttons, filtering, language
from clfj_ui.language import _, ngettext

# The grid wraps text only in rows taller than 4rem; six lines show, a cell's click shows the rest.
ROW_HEIGHT = 130
# More rows than anyone reads down, in a table as tall as its rows (Streamlit draws one at most
# 10,000 px tall, beyond which it would scroll inside its own box).
SHOWN = 75
COLUMN_ORDER = ["Date", "Headline", "Why it matters", "What changed", "States", "Sector", VISIBILITY_HEADER]

entry.run_inside_entry()


def open_selected_row(table) -> None:
    """The table's ``on_select``: a row chosen opens its milestone (a callback, so a row still
    selected after its dialog closed does not open it again)."""
    rows = st.session_state["milestones_table"].selection.rows
    if rows:
        detail.select(id_at(table, rows[0]))


frame = filtering.filtered_milestones()
st.title(_("Milestones"))
if frame.empty:
    filtering.empty_result()
    st.stop()

table = filtering.made(milestones_reading_table, SHOWN)
if len(frame) > SHOWN:
    st.caption(
        _(
            "The latest {shown} of {total} milestones. To find the others, search or narrow the "
            "filters in the sidebar; the downloads hold all {total}."
        ).format(shown=language.number(SHOWN), total=language.number(len(frame)))
    )
else:
    st.caption(
        ngettext(
            "{count} milestone, in date order. Select a row to read it in full; search with the "
            "table's toolbar.",
            "{count} milestones, in date order. Select a row to read it in full; search with the "
            "table's toolbar.",
            len(table),
        ).format(count=language.number(len(table)))
    )
text = st.column_config.TextColumn
st.dataframe(
    filtering.made_table(milestones_reading_table, SHOWN),
    key="milestones_table",
    hide_index=True,
    on_select=lambda: open_selected_row(table),
    selection_mode="single-row",
    row_height=ROW_HEIGHT,
    height="content",  # the page scrolls, not a box inside it
    # Why it matters right after the headline, and widths that fit the three on a phone (the
    # rest scroll sideways there); wider screens share out the rest. The id stays in the data,
    # for the selection.
    column_order=[c for c in COLUMN_ORDER if c in table.columns],
    column_config={
        "Date": text(_("Date"), width=64),
        "Headline": text(_("Headline"), width=100),
        "Why it matters": text(_("Why it matters"), width=160),
        "What changed": text(_("What changed"), width=160),
        "States": text(_("States"), width=70),
        "Sector": text(_("Sector"), width=80),
        VISIBILITY_HEADER: text(_("Visibility")),
    },
)

exported = export_buttons.staff_choice(frame, "milestones_include_staff_only")
with st.container(horizontal=True, key="milestones_downloads"):
    export_buttons.deferred_download(_("Download CSV"), "milestones_download", "csv", exported)
    export_buttons.deferred_download(_("Download XLSX"), "milestones_download_xlsx", "xlsx", exported)
