"""Milestones: the filtered table (cards on a phone), every cell in full, searchable, with CSV and
XLSX downloads."""

import math

import streamlit as st

from clfj_data.tables import VISIBILITY_HEADER, milestones_reading_rows
from clfj_ui import detail, entry, export_buttons, filtering, language, reading_table
from clfj_ui.language import _, ngettext

# Rows a page: the page stays quick to draw and to scroll; Newer and Older reach the rest.
SHOWN = 75
PAGE, PAGE_FILTERS = "milestones_page", "milestones_page_filters"
# Why it matters right after the headline; the id stays in the rows, for opening one.
COLUMN_ORDER = ["Date", "Headline", "Why it matters", "What changed", "States", "Sector", VISIBILITY_HEADER]

entry.run_inside_entry()


def shown_page(total: int) -> tuple[int, int]:
    """The page of rows to show (1: the latest), back to 1 whenever the filters change, and how
    many pages there are."""
    pages = max(1, math.ceil(total / SHOWN))
    filters = filtering.current_filters()
    if st.session_state.get(PAGE_FILTERS) != filters:
        st.session_state[PAGE_FILTERS], st.session_state[PAGE] = filters, 1
    st.session_state[PAGE] = min(max(1, int(st.session_state.get(PAGE) or 1)), pages)
    return st.session_state[PAGE], pages


def turn(by: int) -> None:
    st.session_state[PAGE] = st.session_state.get(PAGE, 1) + by


def pager(page: int, pages: int) -> None:
    """Newer and Older, and the page by number: every milestone in reach, 75 at a time."""
    with st.container(horizontal=True, vertical_alignment="bottom", key="milestones_pager"):
        st.button(_("Newer"), key="milestones_newer", on_click=turn, args=(-1,), disabled=page == 1,
                  icon=":material/chevron_left:")  # fmt: skip
        st.number_input(_("Page (1 is the latest)"), 1, pages, key=PAGE, width=170)
        st.markdown(_("of {pages}").format(pages=language.number(pages)), width="content")
        st.button(_("Older"), key="milestones_older", on_click=turn, args=(1,), disabled=page == pages,
                  icon=":material/chevron_right:", icon_position="right")  # fmt: skip


frame = filtering.filtered_milestones()
st.title(_("Milestones"), anchor=False)
if frame.empty:
    filtering.empty_result()
    st.stop()

page, pages = shown_page(len(frame))
rows = filtering.made(milestones_reading_rows, SHOWN, page=page, lang=language.current())
if pages > 1:
    which = (
        _("the latest")
        if page == 1
        else _("page {page} of {pages} counting back from the latest").format(
            page=language.number(page), pages=language.number(pages)
        )
    )
    st.caption(
        _(
            "Showing {shown} of {total} milestones ({which}), in date order. Newer and Older "
            "below move through the rest; search or the sidebar's filters narrow them; the downloads "
            "hold all {total}."
        ).format(shown=language.number(len(rows)), total=language.number(len(frame)), which=which)
    )
elif filtering.current_filters().active:  # what the filters hide too, on a phone whose sidebar is shut
    st.caption(
        _("{count}, in date order. Select one to read it in full.").format(count=filtering.matching_count())
    )
else:
    st.caption(
        ngettext(
            "{count} milestone, in date order. Select it to read it in full.",
            "{count} milestones, in date order. Select one to read it in full.",
            len(rows),
        ).format(count=language.number(len(rows)))
    )
# A table on a wide screen, cards on a phone: a row or a card opens its milestone.
reading_table.milestones_table(
    rows,
    [header for header in COLUMN_ORDER if header in rows[0]["cells"]],
    key="milestones_table",
    on_open=detail.select,
)
if pages > 1:
    pager(page, pages)

exported = export_buttons.staff_choice(frame, "milestones_include_staff_only")
with st.container(horizontal=True, key="milestones_downloads"):
    export_buttons.deferred_download(_("Download CSV"), "milestones_download", "csv", exported)
    export_buttons.deferred_download(_("Download XLSX"), "milestones_download_xlsx", "xlsx", exported)
