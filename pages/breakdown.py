"""Breakdown: where and in which sectors the changes happened, and when. Select a bar to filter."""

from functools import partial

import streamlit as st

from clfj_data.charts import per_year_figure, sector_counts_figure, state_counts_figure, state_sector_figure
from clfj_data.counts import (
    also_named_sentence,
    count_by_sector,
    count_by_state,
    counts_sentence,
    state_sector_table,
    years_table,
)
from clfj_data.markup import escape_markdown
from clfj_ui import entry, export_buttons, filtering, language, plot
from clfj_ui.language import N_, _

entry.run_inside_entry()


BARS = {  # what is counted -> its counts, its bar chart, the filter a selected bar sets
    "state": (count_by_state, state_counts_figure, filtering.STATES_KEY),
    "sector": (count_by_sector, sector_counts_figure, filtering.SECTORS_KEY),
}
SELECT_A_BAR = {
    "state": N_("{sentence} Select a bar to show only that state."),
    "sector": N_("{sentence} Select a bar to show only that sector."),
}


CHOSEN = "breakdown_chosen"  # the bar last selected: (what is counted, its name)
SHOWN_ONLY = {
    "state": N_("Showing only the state you selected: {value}."),
    "sector": N_("Showing only the sector you selected: {value}."),
}
SHOW_EVERY = {"state": N_("Show every state"), "sector": N_("Show every sector")}


def choose_bar(kind: str, value: str) -> None:
    """A selected bar narrows the filters to it, and the page says so (a callback)."""
    filtering.set_filter(BARS[kind][2], value)
    st.session_state[CHOSEN] = (kind, value)


def undo_bar(kind: str) -> None:
    st.session_state[BARS[kind][2]] = []
    st.session_state.pop(CHOSEN, None)


def chosen_bar() -> None:
    """What the last selected bar did, while its filter still holds, with a way back."""
    # Its place is kept on every run: an element that came before the charts only after a click
    # moved them in the page's tree, and the browser made them anew (then waited to see them on
    # screen before drawing) instead of drawing the filtered figures into them.
    place = st.empty()
    kind, value = st.session_state.get(CHOSEN) or (None, None)
    if kind is None or st.session_state.get(BARS[kind][2]) != [value]:
        st.session_state.pop(CHOSEN, None)
        return
    with place.container(horizontal=True, vertical_alignment="center", key="breakdown_chosen"):
        st.success(_(SHOWN_ONLY[kind]).format(value=escape_markdown(_(value))), icon=":material/filter_alt:")
        st.button(_(SHOW_EVERY[kind]), key="breakdown_show_every", on_click=undo_bar, args=(kind,))


def bar_chart(kind: str, counts, rows: int) -> None:
    """Milestones by ``kind`` as bars (``counts``), as tall as ``rows`` bars, said in a sentence;
    selecting a bar narrows the filters to it."""
    figure = BARS[kind][1]
    sentence = counts_sentence(counts, kind, language.current())
    plot.plotly_chart(
        filtering.made(plot.figure_spec, figure, rows=rows, lang=language.current()),
        key=f"breakdown_{kind}s",
        alt=sentence,
        on_click={kind: partial(choose_bar, kind)},  # {"state": its name}
        # On a phone the two charts stand one above the other: each as tall as its own bars.
        narrow=filtering.made(plot.figure_spec, figure, lang=language.current()),
    )
    st.caption(_(SELECT_A_BAR[kind]).format(sentence=escape_markdown(sentence)))
    if kind == "state":  # a state not chosen has a bar: say why, under the bars
        chosen = filtering.current_filters().states
        also = filtering.made(also_named_sentence, chosen, lang=language.current())
        if also:
            with st.container(key="breakdown_also_named"):
                st.caption(f":material/info: {escape_markdown(also)}")


def chart_and_table(build, alt: str, table, expander: str, key: str, narrows: bool = False, **shown) -> None:
    """The chart ``build`` draws (named ``alt``; with a figure of its own for a phone where it
    ``narrows``) and its figures as a table (``table``) in an expander beneath, for those who
    read a table rather than a chart. The table is sent only once the expander is opened
    (``.open``): Streamlit's data grid is its largest script, and fetching and evaluating it on
    every first visit held the charts back by a second or more."""
    lang = language.current()
    plot.plotly_chart(
        filtering.made(plot.figure_spec, build, lang=lang),
        key=key,
        alt=alt,
        narrow=filtering.made(plot.figure_spec, build, lang=lang, narrow=True) if narrows else None,
    )
    with st.expander(expander, key=f"{key}_shown", on_change="rerun") as opened:
        if opened.open:
            # A cell that counts nothing reads as a dash, as in the heat map it is blank: not 0, not "None".
            st.dataframe(filtering.made_table(table, lang=lang), placeholder="–", key=f"{key}_table", **shown)


frame = filtering.filtered_milestones()
st.title(_("Breakdown"), anchor=False)
if frame.empty:
    filtering.empty_result()
    st.stop()

chosen_bar()
counted = {kind: filtering.made(bars[0]) for kind, bars in BARS.items()}
rows = max(len(counts) for counts in counted.values())  # side by side, the two charts as tall
for column, kind in zip(st.columns(2, gap="medium"), BARS, strict=True):  # on a phone, one above the other
    with column:
        bar_chart(kind, counted[kind], rows)

chart_and_table(
    state_sector_figure,
    _("Milestones by state and sector."),
    state_sector_table,
    _("The state and sector table"),
    "breakdown_matrix",
    narrows=True,
)
chart_and_table(
    per_year_figure,
    _("Milestones per year, by sector."),
    years_table,
    _("Milestones per year as a table"),
    "breakdown_years",
    hide_index=True,
)

with export_buttons.exports_expander(_("Export the charts"), key="breakdown_exports"):
    exported = export_buttons.staff_choice(frame, "breakdown_include_staff_only")
    for label, chart, key in (
        (_("By state"), "counts-state", "export_counts_state"),
        (_("By sector"), "counts-sector", "export_counts_sector"),
        (_("By state and sector"), "state-sector", "export_state_sector"),
        (_("Per year"), "per-year", "export_per_year"),
    ):
        st.markdown(f"**{label}**")
        export_buttons.image_exports(exported, chart, key)
