"""The app's charts: their Plotly figures drawn by plotly.js with only the traces they use.

Streamlit's own chart element loads the whole of plotly.js (4.8 MB), and evaluating it holds the
browser's main thread for about 0.75 s on every page that has one. The app's charts draw scatter
traces, bars and heat maps, with date axes, annotations and the range slider: a bundle of just
those (``static/plotly-charts.min.js``, 1.3 MB, built by ``assets/bundle/``) is evaluated in
about a sixth of the time. It is the plotly.js release the exports draw with.

Every chart is one frameless element (``st.components.v2``, script in ``assets/chart.js``): its
script runs once per page and loads that plotly.js once, however many charts the page draws.
Streamlit serves the bundle from the app's ``static/`` folder (``server.enableStaticServing``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from clfj_data import figure_style, webpage
from clfj_data.charts import timeline_figure
from clfj_ui import dataset
from clfj_ui.language import _

ASSETS = Path(__file__).resolve().parent / "assets"
TRACES = frozenset(figure_style.TRACES)  # what the bundle can draw
DEFAULT_HEIGHT = 450  # plotly.js's, for a figure that sets none (as assets/chart.js draws it)
# Where Streamlit stacks a page's columns one above the other (ONE_COLUMN in assets/chart.js).
ONE_COLUMN = "(max-width: 640px)"
RESET_PX = 32  # above a chart that zooms, for its button that shows it all (RESET_PX in assets/chart.js)

# The keyboard's list of milestones (or bars) comes before the chart, so that Tab reaches them
# first: one Tab stop, the arrow keys moving along it (assets/chart.js). It is out of sight but
# for the button with the focus, a ring round its marker (radius 15 px with its outline, as
# LabelStyle.ring keeps labels clear of) or round its bar; its name is read, not shown (the
# marker's label, the bar's axis, shows it). Then the button that shows a zoomed chart whole
# again, in the strip above the chart, there only while the chart is zoomed.
_HTML = (
    '<div class="clfj-chart-keys" role="toolbar" hidden></div>'
    '<button class="clfj-chart-reset" type="button" hidden></button>'
    '<div class="clfj-chart" role="figure"></div>'
)

_CSS = (
    """
.clfj-chart { width: 100%; }
.clfj-chart:empty { background: #F3F6F9; border-radius: 0.5rem; }  /* its place, until it is drawn */
.clfj-chart-keys { position: relative; height: 0; z-index: 2; }
.clfj-chart-keys button { position: absolute; top: 0; left: 0; width: 22px; height: 22px;
  margin: -11px 0 0 -11px; padding: 0; border: 0; border-radius: 50%; background: transparent;
  opacity: 0; pointer-events: none; }
.clfj-chart-keys button:focus { opacity: 1; outline: 3px solid #0072B2; outline-offset: 1px;
  box-shadow: 0 0 0 2px #FFFFFF; }
.clfj-chart-keys button.clfj-bar { margin: 0; border-radius: 2px; }
.clfj-chart-keys span { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip-path: inset(50%); white-space: nowrap; }
.clfj-chart-reset { position: absolute; top: 0; right: 0; z-index: 2; height: 28px; padding: 0 0.75rem;
  font: inherit; font-size: 0.875rem; line-height: 1; color: #1F2933; background: #FFFFFF;
  border: 1px solid #9AA5B1; border-radius: 0.5rem; cursor: pointer; }
.clfj-chart-reset:hover { border-color: #0072B2; color: #0072B2; }
.clfj-chart-reset:focus-visible { outline: 3px solid #0072B2; outline-offset: 1px; }
"""
    + webpage.RANGE_SLIDER_STYLE
)
_JS = "\n".join((ASSETS / name).read_text(encoding="utf-8") for name in ("plotly_internals.js", "chart.js"))
_chart = st.components.v2.component("clfj_chart", html=_HTML, css=_CSS, js=_JS, isolate_styles=False)


def figure_spec(frame: pd.DataFrame, build: Callable[..., go.Figure] = timeline_figure, **options) -> str:
    """``build(frame, **options)`` as the JSON the chart draws, made once with ``filtering.made``.
    With a ``lang`` option, the milestones' words are the ones a reader of it sees (their Hindi
    where they have it, else their English), so the headlines beside the markers and in their
    hover read in the language of the page (the version translated once: ``dataset.in_language``)."""
    if "lang" in options:
        frame = dataset.in_language(frame, options["lang"])
    return as_spec(build(frame, **options))


def as_spec(figure: go.Figure) -> str:
    """``figure`` as the JSON the chart draws. Its traces must be ones the bundle holds."""
    drawn = {trace.type for trace in figure.data}
    if not drawn <= TRACES:
        raise ValueError(f"the app's plotly.js cannot draw {', '.join(sorted(drawn - TRACES))}")
    return pio.to_json(figure, validate=False)


def _is_text(value) -> bool:
    return isinstance(value, str) and bool(value)


def _is_group(value) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("lane"), int)
        and all(_is_text(value.get(name)) for name in ("when", "start", "end"))
    )


# What a click can report, by the name of its field in the markers' and bars' customdata
# records (clfj_data.charts), and what a value of each must be: anything else, which only a
# forged client sends, is ignored.
CLICKS: dict[str, Callable[[object], bool]] = {
    "milestone": _is_text,
    "group": _is_group,
    "state": _is_text,
    "sector": _is_text,
}


def plotly_chart(
    spec: str,
    *,
    key: str,
    alt: str,
    selected: str | None = None,
    on_click: dict[str, Callable] | None = None,
    on_width: Callable[[int], None] | None = None,
    reset_zoom: bool = True,
    narrow: str | None = None,
) -> None:
    """Draw the figure ``spec`` (Plotly JSON), named ``alt`` for assistive technology.

    The markers of milestone ``selected`` are ringed in the browser: choosing another
    milestone moves the ring and leaves the chart as it is. ``on_click`` maps what a click can
    report (a name in :data:`CLICKS`) to a callback, called with the value before the rerun:
    ``{"milestone": open_it}`` is called with a milestone's id when its marker is clicked, or
    when a keyboard user presses Enter on it. A figure laid out for a width
    (``layout.meta.width``) that would be drawn at another calls ``on_width`` with the width it
    has, and is drawn once laid out again. With ``reset_zoom``, a chart that zooms (a range
    slider) offers a button, above it, that shows its whole range again once it is zoomed.
    ``narrow`` (Plotly JSON) is the figure drawn in its place on a page of one column (a phone,
    where Streamlit stacks columns), in a place of its own height.
    """
    callbacks = dict(on_click or {})
    if not set(callbacks) <= set(CLICKS):
        raise ValueError(f"a chart reports only {', '.join(CLICKS)}")
    checks = CLICKS | {"width": lambda value: isinstance(value, int | float) and 0 < value < 100_000}
    if on_width is not None:
        callbacks["width"] = lambda width: on_width(int(width))
    # A tuple, not a list: Streamlit looks through each list at the top of an element's data for
    # a data frame (45-60 µs each), and passes over a tuple.
    data = {
        "spec": spec, "alt": alt, "selected": selected, "reports": tuple(callbacks),
        "keys_label": _("Milestones on the chart: the arrow keys move from one to the next, Enter opens one"),
        "bars_label": _("Bars on the chart: the arrow keys move from one to the next, Enter shows only one"),
        "reset_label": _("Show all dates") if reset_zoom else None,
        "narrow": narrow if narrow != spec else None,
    }  # fmt: skip
    if data["narrow"]:
        # The place kept for the chart (a fixed height, below; Streamlit sets it as the flex
        # basis too) is the narrow figure's there.
        height = _height(narrow, reset_zoom)
        st.html(
            f"<style>@media {ONE_COLUMN} {{ .st-key-{key} "
            f"{{ height: {height}px !important; flex-basis: {height}px !important; }} }}</style>"
        )
    _chart(
        key=key,
        data=data,
        # The chart's place has the figure's height from the start, while its script loads (on
        # a phone, a second or more): the text below it is where it stays, not pushed down.
        height=_height(spec, reset_zoom),
        **{
            f"on_{name}_change": partial(_reported, key, name, checks[name], callback)
            for name, callback in callbacks.items()
        },
    )


@functools.lru_cache(maxsize=64)
def _height(spec: str, reset_zoom: bool) -> int:
    """The height ``spec`` is drawn at: its figure's, and the strip above it for the button that
    shows it whole again where it zooms (as assets/chart.js draws it)."""
    layout = json.loads(spec).get("layout", {})
    zooms = reset_zoom and layout.get("xaxis", {}).get("rangeslider", {}).get("visible")
    return int(layout.get("height") or DEFAULT_HEIGHT) + (RESET_PX if zooms else 0)


def _reported(key: str, name: str, valid: Callable[[object], bool], callback: Callable) -> None:
    # A forged client can send the click without the element's state: then there is none to read.
    value = (st.session_state.get(key) or {}).get(name)
    if valid(value):
        callback(value)
