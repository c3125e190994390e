"""What the pages share: the cached data, the sidebar filters kept in the URL, the detail panel.

Not a page itself (the leading underscore keeps it out of the navigation and the smoke tests).
"""

from __future__ import annotations

import contextlib
import runpy
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from clfj_data import format_date, load_programme, store
from clfj_data.charts import sector_order
from clfj_data.export import to_csv, to_xlsx
from clfj_data.filters import PARAMETERS, Filters, apply_filters, sector_labels
from clfj_data.markup import escape_markdown
from clfj_data.states import NOT_SPECIFIED

FRAME = Path(__file__).resolve().parent.parent / "dashboard.py"
_this_run = threading.local()
MILESTONE = "milestone"  # ?milestone=<id> opens that milestone's detail panel on any page
STATES_KEY, SECTORS_KEY, PERIOD_KEY, SEARCH_KEY = (
    "filter_states",
    "filter_sectors",
    "filter_period",
    "filter_search",
)


def run_inside_frame() -> None:
    """Make sure the page is drawn inside the dashboard's frame.

    On a fresh server, Streamlit answers the first deep link (``/timeline``) by running
    ``pages/timeline.py`` on its own, a leftover of its pages/ folder convention. Then this
    runs the frame, which declares the navigation and draws the page inside it, and stops.
    A page run alone as the main script (in a test) is left as it is.
    """
    main = getattr(sys.modules.get("__main__"), "__file__", None)
    if getattr(_this_run, "inside_frame", False) or not main or Path(main).resolve() != FRAME:
        return
    runpy.run_path(str(FRAME))
    st.stop()


@contextlib.contextmanager
def inside_frame():
    """Mark the page run that the frame makes, for :func:`run_inside_frame`.

    Each session's script runs in its own thread, so the mark is thread-local.
    """
    _this_run.inside_frame = True
    try:
        yield
    finally:
        _this_run.inside_frame = False
        _this_run.info = None


@st.cache_resource(show_spinner=False)
def _engine(url: str):
    engine = store.connect(url)
    store.ensure_ready(engine)
    return engine


def engine():
    """The store's engine for ``CLFJ_DATABASE_URL`` (default: the embedded SQLite file)."""
    return _engine(store.database_url())


def current_info() -> store.VersionInfo:
    """The current version: read once per run of the frame, so a new publish shows at the next
    run and every part of a page shows the same version."""
    info = getattr(_this_run, "info", None)
    return info if info is not None else store.current_version(engine())


def read_current_version() -> None:
    """Read the current version for this run (the frame calls it first)."""
    _this_run.info = store.current_version(engine())


class _Shared:
    """What has been made from one version's milestones, shared by every session.

    Versions never change, so neither does anything made from one; the least recently used
    entries go past ``limit``. Whoever gets an entry must not change it.
    """

    def __init__(self, limit: int):
        self._limit = limit
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, make):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()  # outside the lock: two sessions may both make it, and one keeps it
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._limit:
                self._items.popitem(last=False)
        return value


@st.cache_resource(show_spinner=False, max_entries=8)
def _shared(url: str, version: int) -> _Shared:
    return _Shared(limit=64)


def shared(version: int) -> _Shared:
    """What has been made from ``version`` of this app's database."""
    return _shared(store.database_url(), version)


def milestones_of(version: int) -> pd.DataFrame:
    """A version's milestones, read once for every session (callers must not change them)."""
    return shared(version).get("milestones", lambda: store.read_milestones(engine(), version))


def milestones() -> pd.DataFrame:
    """The current version's milestones."""
    return milestones_of(current_info().version)


def made(make: Callable[..., Any], *args, filtered: bool = True, **options):
    """``make(milestones, *args, **options)`` for this run's version, on the milestones the
    filters let through (all of them if not ``filtered``), made once for every session.

    The arguments must be hashable. Callers must not change what they get.
    """
    info, filters = current_info(), current_filters() if filtered else None
    key = (make.__module__, make.__qualname__, filters, args, tuple(sorted(options.items())))
    frame = filtered_milestones if filtered else milestones
    return shared(info.version).get(key, lambda: make(frame(), *args, **options))


def deferred_file(version: int, kind: str, filters: Filters | None = None):
    """A version's milestones (narrowed by ``filters``) as CSV or XLSX, made only when the
    download is clicked (``st.download_button`` runs it then, outside the script)."""
    engine_, filters = engine(), filters or Filters()

    def make() -> bytes:
        frame = apply_filters(store.read_milestones(engine_, version), filters)
        return to_csv(frame) if kind == "csv" else to_xlsx(frame)

    return make


def updated_banner() -> None:
    info = current_info()
    when = info.published_at.strftime("%-d %b %Y, %H:%M UTC")
    who = escape_markdown(info.published_by)
    st.caption(f"Data last updated {when} by {who} (version {info.version}).")


@st.cache_data(show_spinner=False)
def programme():
    return load_programme()


def current_filters() -> Filters:
    return st.session_state.get("filters", Filters())


def filtered_milestones() -> pd.DataFrame:
    """The current version's milestones that the filters let through (callers must not change them)."""
    info, filters = current_info(), current_filters()
    return shared(info.version).get(("filtered", filters), lambda: apply_filters(milestones(), filters))


def _filter_options(frame: pd.DataFrame) -> tuple[list, dict, list[str], list[str]]:
    """The months (with their labels), states and sectors the filters offer for ``frame``."""
    months = _months(frame)
    labels = {m: format_date(m.to_timestamp(), "month") for m in months}
    states = [*sorted({s for names in frame["states"] for s in names}), NOT_SPECIFIED]
    return months, labels, states, sector_order(set(sector_labels(frame)))


def sidebar_filters() -> Filters:
    """The shared filters, seeded from the URL once per session and written back to it."""
    months, labels, state_options, sector_options = made(_filter_options, filtered=False)
    if not st.session_state.get("filters_seeded"):
        _seed_from_url(months, state_options, sector_options)
        st.session_state["filters_seeded"] = True
    # A new version can drop a state or sector someone had chosen: keep only what still exists.
    for key, options in ((STATES_KEY, state_options), (SECTORS_KEY, sector_options)):
        if key in st.session_state:
            st.session_state[key] = [v for v in st.session_state[key] if v in options]
    with st.sidebar:
        st.header("Filters")
        states = st.multiselect("States", state_options, key=STATES_KEY, placeholder="All states")
        sectors = st.multiselect("Sectors", sector_options, key=SECTORS_KEY, placeholder="All sectors")
        start = end = None
        if len(months) > 1:
            # An end left at the edge of the span stays open (None), so that a new version with
            # later or earlier milestones shows them rather than keeping the old span.
            first, last = st.session_state.get(PERIOD_KEY) or (None, None)
            chosen = (
                months[0] if first is None else max(first, months[0]),
                months[-1] if last is None else min(last, months[-1]),
            )
            # The slider is keyed by the span it covers: a version with other dates gets a new one.
            low, high = st.select_slider(
                "Dates",
                months,
                value=chosen if chosen[0] <= chosen[1] else (months[0], months[-1]),
                key=f"{PERIOD_KEY}_{months[0]}_{months[-1]}",
                format_func=labels.get,
            )
            first = None if low == months[0] else low
            last = None if high == months[-1] else high
            st.session_state[PERIOD_KEY] = (first, last)
            start = None if first is None else first.to_timestamp().date()
            end = None if last is None else last.to_timestamp(how="end").date()
        search = st.text_input("Search", key=SEARCH_KEY, placeholder="Words in any text")
        filters = Filters(tuple(states), tuple(sectors), start, end, search.strip())
        if filters.active:
            st.button("Clear filters", key="filter_clear", on_click=clear_filters, width="stretch")
    st.session_state["filters"] = filters
    _write_url(filters)
    return filters


def clear_filters() -> None:
    for key in list(st.session_state):
        if key in (STATES_KEY, SECTORS_KEY, SEARCH_KEY) or str(key).startswith(PERIOD_KEY):
            del st.session_state[key]


def set_filter(key: str, value: str) -> None:
    """Narrow one filter to a single value (a click on a bar); a callback, so before the rerun."""
    st.session_state[key] = [value]


def empty_result() -> None:
    st.info("No milestones match these filters.")
    st.button("Clear filters", key="empty_clear", on_click=clear_filters, type="primary")


def selected_id() -> str | None:
    return st.query_params.get(MILESTONE) or None


def select(milestone_id: str | None) -> None:
    if milestone_id:
        st.query_params[MILESTONE] = milestone_id
    else:
        st.query_params.pop(MILESTONE, None)


def select_point(customdata) -> None:
    """A chart's ``on_select``: open the milestone whose marker (customdata [id, ...]) was clicked."""
    milestone_id = customdata[0] if isinstance(customdata, list) and customdata else customdata
    if milestone_id and isinstance(milestone_id, str):  # a marker that stands for many has no id
        select(milestone_id)


def heading(text: str, level: int = 3) -> None:
    """A heading whose text came from a spreadsheet: shown literally, never as Markdown."""
    st.markdown(f"{'#' * level} {escape_markdown(text)}")


def detail_panel(frame: pd.DataFrame, milestone_id: str, closable: bool = True) -> None:
    """The selected milestone: what changed and, set apart, why it matters."""
    rows = frame[frame["id"] == milestone_id]
    if rows.empty:
        st.warning("That milestone is not in the data (it may have been removed).")
        return
    milestone = rows.iloc[0]
    with st.container(border=True, key="detail_panel"):
        st.caption(format_date(milestone["date"], milestone["precision"]))
        heading(milestone["title"], level=4)
        st.markdown("**What changed**")
        st.text(milestone["description"])
        with st.container(border=True, key="detail_rationale"):
            st.markdown("**Why it matters**")
            st.text(milestone["rationale"])
        states = "; ".join(milestone["states"]) or NOT_SPECIFIED
        facts = {"States": states, "Place": milestone["place"] or "–", "Sector": milestone["sector"] or "–"}
        for label, value in facts.items():
            st.text(f"{label}: {value}")
        if milestone["source"].lower().startswith(("http://", "https://")):
            st.link_button("Source", milestone["source"], icon=":material/open_in_new:")
        elif milestone["source"]:
            st.text(f"Source: {milestone['source']}")
        if closable:
            st.button("Close", key="detail_close", on_click=select, args=(None,))


def _months(frame: pd.DataFrame) -> list[pd.Period]:
    if frame.empty:
        return []
    span = pd.period_range(frame["date"].min(), frame["date"].max(), freq="M")
    return list(span)


def _seed_from_url(months: list[pd.Period], state_options: list[str], sector_options: list[str]) -> None:
    filters = Filters.from_query(st.query_params.get_all)
    st.session_state[STATES_KEY] = [s for s in filters.states if s in state_options]
    st.session_state[SECTORS_KEY] = [s for s in filters.sectors if s in sector_options]
    st.session_state[SEARCH_KEY] = filters.search
    if months and (filters.start or filters.end):
        low = pd.Period(filters.start, "M") if filters.start else None
        high = pd.Period(filters.end, "M") if filters.end else None
        if low is None or high is None or low <= high:
            st.session_state[PERIOD_KEY] = (low, high)


def _write_url(filters: Filters) -> None:
    wanted = filters.to_query()
    for name in PARAMETERS:
        value = wanted.get(name)
        if value is None:
            st.query_params.pop(name, None)
        elif st.query_params.get_all(name) != (value if isinstance(value, list) else [value]):
            st.query_params[name] = value
