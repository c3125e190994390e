"""The sidebar's filters, kept in the URL, and what each page makes from the milestones they let through."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st

from clfj_data.filters import (
    MAX_SEARCH,
    PARAMETERS,
    Filters,
    apply_filters,
    chosen_period,
    dates_not_applied,
    filter_options,
    narrowing,
    period_days,
    period_of,
    read_query,
    slider_ends,
)
from clfj_data.markup import escape_markdown
from clfj_ui import dataset, internals, language
from clfj_ui.language import _

SEARCH_NOTICE = "filter_search_notice"
LINK_NOTICES = "filter_link_notices"  # (page, filters, sentences): what a link asked that was not applied
STATES_KEY, SECTORS_KEY, PERIOD_KEY, SEARCH_KEY = (
    "filter_states",
    "filter_sectors",
    "filter_period",
    "filter_search",
)


def current_filters() -> Filters:
    return st.session_state.get("filters", Filters())


def filtered_milestones(filters: Filters | None = None, public: bool = False) -> pd.DataFrame:
    """The current version's milestones that the filters (``filters``, else the current ones)
    let through, of those a visitor sees where ``public`` (callers must not change them)."""
    info, filters = dataset.current_info(), current_filters() if filters is None else filters
    return _audience(info.version, public).get(
        ("filtered", filters), lambda: apply_filters(dataset.milestones(public), filters)
    )


def _audience(version: int, public: bool) -> dataset.Shared:
    """What is made for this session's audience, or for visitors where ``public``."""
    return dataset.shared(version, staff=False if public else None)


def made(make: Callable[..., Any], *args, filtered: bool = True, public: bool = False, **options):
    """``make(milestones, *args, **options)`` for this run's version, on the milestones the
    filters let through (all of them if not ``filtered``; of those a visitor sees where
    ``public``), made once for every session of that audience.

    ``make`` must be a module-level function: it is part of the key, and a lambda or a nested
    function would be a new key on every run. The arguments must be hashable. Callers must not
    change what they get.
    """
    if make.__name__ == "<lambda>" or "<locals>" in make.__qualname__:
        raise TypeError(f"made() needs a module-level function, not {make.__qualname__}")
    info, filters = dataset.current_info(), current_filters() if filtered else None
    key = (make, filters, args, tuple(sorted(options.items())))

    def frame() -> pd.DataFrame:  # read only where nothing was made yet
        return filtered_milestones(public=public) if filtered else dataset.milestones(public)

    return _audience(info.version, public).get(key, lambda: make(frame(), *args, **options))


def made_table(make: Callable[..., pd.DataFrame], *args, **options) -> pa.Table:
    """:func:`made`'s frame as the Arrow table ``st.dataframe`` sends, converted once for every
    session: handed a pandas frame, Streamlit converts it again on every run."""
    return made(_as_arrow, make, *args, **options)


def _as_arrow(frame: pd.DataFrame, make: Callable[..., pd.DataFrame], *args, **options) -> pa.Table:
    # Streamlit's own conversion, so the table sent is the one the frame would have given.
    return internals.arrow_table(make(frame, *args, **options))


def sidebar_filters(page: str, shown: bool = True) -> Filters:
    """The shared filters, seeded from the URL once per session and written back to it.

    Where not ``shown`` (a page they would change nothing on), they are not drawn, but keep
    their choices and their URL parameters for the pages that use them. What a link asked that
    could not be applied is said on ``page`` (the page it opened) until a filter changes."""
    options = made(filter_options, filtered=False, lang=language.current())
    months, labels, state_options, sector_options = options
    notices = None
    if not st.session_state.get("filters_seeded"):
        notices = _seed_from_url(months, state_options, sector_options)
        st.session_state["filters_seeded"] = True
    # A new version can drop a state or sector someone had chosen: keep only what still exists.
    # Every one of them chosen ("Select all", or one by one) is no filter: the box says "All states".
    for key, options in ((STATES_KEY, state_options), (SECTORS_KEY, sector_options)):
        if key in st.session_state:
            kept = [v for v in st.session_state[key] if v in options]
            st.session_state[key] = list(narrowing(kept, options))
    if shown:
        filters = _drawn_filters(months, labels, state_options, sector_options)
    else:
        filters = _kept_filters(months)
    st.session_state["filters"] = filters
    _write_url(filters)
    _link_notices(page, filters, notices)
    return filters


def _link_notices(page: str, filters: Filters, notices: list[str] | None) -> None:
    """The link's notices, kept through the page's reruns (a chart reporting its width is one)
    while the visitor stays on that page with the filters the link gave."""
    if notices:
        st.session_state[LINK_NOTICES] = (page, filters, notices)
    kept = st.session_state.get(LINK_NOTICES)
    if kept is None:
        return
    if kept[:2] != (page, filters):
        del st.session_state[LINK_NOTICES]
        return
    for notice in kept[2]:
        st.warning(escape_markdown(notice), icon=":material/link_off:")


def _drawn_filters(months: list, labels: dict, state_options: list, sector_options: list) -> Filters:
    with st.sidebar:
        st.header(_("Filters"), anchor=False)
        # Each name in the language being viewed; the URL and the filters keep the names as written.
        # A name that is no option (a forged client's) is shown as sent: Streamlit cannot draw None.
        names = {name: _(name) for name in (*state_options, *sector_options)}

        def named(name) -> str:
            return names.get(name, str(name))

        states = st.multiselect(
            _("States"), state_options, key=STATES_KEY, placeholder=_("All states"), format_func=named
        )
        sectors = st.multiselect(
            _("Sectors"), sector_options, key=SECTORS_KEY, placeholder=_("All sectors"), format_func=named
        )
        start = end = None
        if len(months) > 1:
            # The slider is keyed by the span it covers: a version with other dates gets a new one.
            low, high = st.select_slider(
                _("Dates"),
                months,
                value=slider_ends(months, st.session_state.get(PERIOD_KEY) or (None, None)),
                key=f"{PERIOD_KEY}_{months[0]}_{months[-1]}",
                format_func=labels.get,
            )
            st.session_state[PERIOD_KEY] = chosen_period(months, low, high)
            start, end = period_days(st.session_state[PERIOD_KEY])
        # No max_chars: Streamlit would cut a longer search short and apply it (and fail on a
        # forged number); _refuse_long says it is too long instead.
        search = st.text_input(
            _("Search"), key=SEARCH_KEY, placeholder=_("Words in any text"), on_change=_refuse_long
        )
        if notice := st.session_state.pop(SEARCH_NOTICE, None):
            st.warning(notice)
        # A forged client can send a number for the text, or more than the box takes: no search.
        search = search.strip() if isinstance(search, str) and len(search) <= MAX_SEARCH else ""
        filters = Filters(tuple(states), tuple(sectors), start, end, search)
        if filters.active:  # what the filters hide, as well as what they let through
            st.caption(matching_count(filters))
        # Where nothing matches, the page itself says so beside its one Clear filters button.
        if filters.active and not filtered_milestones(filters).empty:
            st.button(_("Clear filters"), key="filter_clear", on_click=clear_filters, width="stretch")
    return filters


def matching_count(filters: Filters | None = None) -> str:
    """ "3 of 10 milestones match": how many the filters let through, of how many there are."""
    shown, total = len(filtered_milestones(filters)), len(dataset.milestones())
    return language.ngettext(
        "{shown} of {total} milestones matches", "{shown} of {total} milestones match", shown
    ).format(shown=language.number(shown), total=language.number(total))


def _refuse_long() -> None:
    """A search longer than MAX_SEARCH is dropped before the page keeps it, and the page says so."""
    value = st.session_state.get(SEARCH_KEY)
    if isinstance(value, str) and len(value) > MAX_SEARCH:
        st.session_state[SEARCH_KEY] = ""
        st.session_state[SEARCH_NOTICE] = _(
            "A search is at most {count} characters: that one was not applied."
        ).format(count=MAX_SEARCH)


def _kept_filters(months: list) -> Filters:
    """The filters as last chosen, without their widgets."""
    # Streamlit forgets the value of a widget not drawn in a run; set through the Session State
    # API, the value outlives the run and the widget takes it up when it is drawn again.
    for key in (STATES_KEY, SECTORS_KEY, SEARCH_KEY):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    start = end = None
    if len(months) > 1:  # the slider's own key is let go: it starts from PERIOD_KEY when drawn
        low, high = slider_ends(months, st.session_state.get(PERIOD_KEY) or (None, None))
        st.session_state[PERIOD_KEY] = chosen_period(months, low, high)
        start, end = period_days(st.session_state[PERIOD_KEY])
    return Filters(
        tuple(st.session_state.get(STATES_KEY, ())),
        tuple(st.session_state.get(SECTORS_KEY, ())),
        start,
        end,
        st.session_state.get(SEARCH_KEY, "").strip(),
    )


def clear_filters() -> None:
    for key in list(st.session_state):
        if key in (STATES_KEY, SECTORS_KEY, SEARCH_KEY) or str(key).startswith(PERIOD_KEY):
            del st.session_state[key]


def set_filter(key: str, value: str) -> None:
    """Narrow one filter to a single value (a click on a bar); a callback, so before the rerun."""
    st.session_state[key] = [value]


def empty_result() -> None:
    st.info(_("No milestones match these filters."))
    st.button(_("Clear filters"), key="empty_clear", on_click=clear_filters, type="primary")


def _seed_from_url(months: list[pd.Period], state_options: list[str], sector_options: list[str]) -> list[str]:
    """The filters a link gives, and a sentence for each value the page cannot apply (the others
    still apply): one that cannot be read, a state or sector no milestone of this version has, or
    dates outside the milestones' span."""
    lang = language.current()
    filters, problems = read_query(st.query_params.get_all, sectors=sector_options, lang=lang)
    problems += dates_not_applied(st.query_params.get_all, filters, months, lang)
    for unmatched, chosen, options in (
        (
            _('The state value "{value}" matches no milestone, so it is not applied.'),
            filters.states,
            state_options,
        ),
        (
            _('The sector value "{value}" matches no milestone, so it is not applied.'),
            filters.sectors,
            sector_options,
        ),
    ):
        problems += [unmatched.format(value=v) for v in chosen if v not in options]
    st.session_state[STATES_KEY] = [s for s in filters.states if s in state_options]
    st.session_state[SECTORS_KEY] = [s for s in filters.sectors if s in sector_options]
    st.session_state[SEARCH_KEY] = filters.search
    period = period_of(filters) if months else None
    if period is not None:
        st.session_state[PERIOD_KEY] = period
    return problems


def _write_url(filters: Filters) -> None:
    wanted = filters.to_query()
    for name in PARAMETERS:
        value = wanted.get(name)
        if value is None:
            st.query_params.pop(name, None)
        elif st.query_params.get_all(name) != (value if isinstance(value, list) else [value]):
            st.query_params[name] = value
