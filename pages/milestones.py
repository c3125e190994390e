"""Milestones: the filtered table, searchable and sortable, with CSV and XLSX downloads."""

import math

import streamlit as st

from clfj_data.markup import escape_markdown
from clfj_data.tables import VISIBILITY_HEADER, id_at, milestones_reading_table
from clfj_data.visibility import STAFF_ONLY
from clfj_ui import detail, entry, export_buttons, filtering, language
from clfj_ui.language import _, ngettext

# The grid wraps text only in rows taller than 4rem; six lines show, a cell's click shows the rest.
ROW_HEIGHT = 130
# Rows a page: a table as tall as its rows (Streamlit draws one at most 10,000 px tall, beyond
# which it would scroll inside its own box); Newer and Older reach the rest.
SHOWN = 75
PAGE, PAGE_FILTERS = "milestones_page", "milestones_page_filters"
COLUMN_ORDER = ["Date", "Headline", "Why it matters", "What changed", "States", "Sector", VISIBILITY_HEADER]

entry.run_inside_entry()


def open_selected_row(table) -> None:
    """The table's ``on_select``: a row chosen opens its milestone (a callback, so a row still
    selected after its dialog closed does not open it again)."""
    rows = st.session_state["milestones_table"].selection.rows
    if rows:
        detail.select(id_at(table, rows[0]))


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


def cards(table) -> None:
    """The rows as cards, for a phone, where a table's columns would not fit: each with its
    headline, date, states, sector and why it matters, and a button that opens it in full."""
    for row, milestone in enumerate(table.itertuples(index=False)):
        fields = dict(zip(table.columns, milestone, strict=True))
        with st.container(border=True, key=f"milestones_card_{row}"):
            facts = [fields["Date"], fields["States"], fields["Sector"]]
            facts += [fields[VISIBILITY_HEADER]] if fields.get(VISIBILITY_HEADER) == STAFF_ONLY else []
            # One element for the words of a card: 75 cards are drawn on every run.
            st.markdown(
                f"**{escape_markdown(fields['Headline'])}**  \n"
                f":gray[{escape_markdown(' · '.join(facts))}]\n\n"
                f"*{_('Why it matters')}:* {escape_markdown(fields['Why it matters'])}"
            )
            st.button(_("Read in full"), key=f"milestones_open_{row}", on_click=detail.select,
                      args=(fields["id"],), type="tertiary")  # fmt: skip


frame = filtering.filtered_milestones()
st.title(_("Milestones"))
if frame.empty:
    filtering.empty_result()
    st.stop()

# The table on a screen wide enough for its columns, the same rows as cards on a phone.
st.html(
    """<style>
    @media (min-width: 641px) { .st-key-milestones_cards { display: none; } }
    @media (max-width: 640px) { .st-key-milestones_grid { display: none; } }
    </style>"""
)
page, pages = shown_page(len(frame))
table = filtering.made(milestones_reading_table, SHOWN, page=page)
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
        ).format(shown=language.number(len(table)), total=language.number(len(frame)), which=which)
    )
else:
    st.caption(
        ngettext(
            "{count} milestone, in date order. Select it to read it in full.",
            "{count} milestones, in date order. Select one to read it in full.",
            len(table),
        ).format(count=language.number(len(table)))
    )
text = st.column_config.TextColumn
with st.container(key="milestones_grid"):
    st.dataframe(
        filtering.made_table(milestones_reading_table, SHOWN, page=page),
        key="milestones_table",
        hide_index=True,
        on_select=lambda: open_selected_row(table),
        selection_mode="single-row",
        row_height=ROW_HEIGHT,
        height="content",  # the page scrolls, not a box inside it
        # Why it matters right after the headline; wider screens share out the rest. The id
        # stays in the data, for the selection.
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
with st.container(key="milestones_cards"):
    cards(table)
if pages > 1:
    pager(page, pages)

exported = export_buttons.staff_choice(frame, "milestones_include_staff_only")
with st.container(horizontal=True, key="milestones_downloads"):
    export_buttons.deferred_download(_("Download CSV"), "milestones_download", "csv", exported)
    export_buttons.deferred_download(_("Download XLSX"), "milestones_download_xlsx", "xlsx", exported)
