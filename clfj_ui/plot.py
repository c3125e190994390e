"""The app's charts: their Plotly figures drawn by plotly.js with only the traces they use.

Streamlit's own chart element loads the whole of plotly.js (4.8 MB), and evaluating it holds the
browser's main thread for about 0.75 s on every page that has one. The app's charts draw scatter
traces, bars and heat maps, with date axes, annotations and the range slider: a bundle of just
those (``assets/plotly-charts.min.js``, 1.3 MB, built by ``assets/bundle/``) is evaluated in
about a sixth of the time. It is the plotly.js release the exports draw with. The component's files are
in ``assets/``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st
import streamlit.components.v1 as components

from clfj_data.charts import timeline_figure

ASSETS = Path(__file__).resolve().parent / "assets"
_chart = components.declare_component("plotly_chart", path=str(ASSETS))
TRACES = frozenset({"scatter", "bar", "heatmap"})  # what the bundle can draw


def figure_spec(frame: pd.DataFrame, build: Callable[..., go.Figure] = timeline_figure, **options) -> str:
    """``build(frame, **options)`` as the JSON the chart draws, made once with ``filtering.made``."""
    return as_spec(build(frame, **options))


def as_spec(figure: go.Figure) -> str:
    """``figure`` as the JSON the chart draws. Its traces must be ones the bundle holds."""
    drawn = {trace.type for trace in figure.data}
    if not drawn <= TRACES:
        raise ValueError(f"the app's plotly.js cannot draw {', '.join(sorted(drawn - TRACES))}")
    return pio.to_json(figure, validate=False)


def plotly_chart(
    spec: str,
    *,
    key: str,
    alt: str,
    selected: str | None = None,
    on_select: Callable[[list], None] | None = None,
    on_width: Callable[[int], None] | None = None,
    mode_bar: bool = True,
) -> None:
    """Draw the figure ``spec`` (Plotly JSON), named ``alt`` for assistive technology.

    The markers of milestone ``selected`` (the first item of their customdata) are ringed in the
    browser: choosing another milestone moves the ring and leaves the chart as it is. With
    ``on_select``, a click on a marker calls it with the marker's customdata (a list that
    starts with a text) before the rerun; anything else a forged client sends is ignored. A
    figure laid out for a width (``layout.meta.width``) that is drawn at another calls
    ``on_width`` with the width it has. ``mode_bar`` shows Plotly's zoom and pan buttons on
    hover.
    """

    def changed() -> None:
        value = st.session_state.get(key)
        # The browser sends {"customdata": ...} or {"width": ...}; a forged client may send any JSON.
        if not isinstance(value, dict):
            return
        width = value.get("width")
        if isinstance(width, int | float) and on_width is not None:
            on_width(int(width))
        elif on_select is not None and _is_customdata(value.get("customdata")):
            on_select(value["customdata"])

    _chart(
        spec=spec,
        alt=alt,
        selected=selected,
        selectable=on_select is not None,
        mode_bar=mode_bar,
        key=key,
        default=None,
        on_change=changed if on_select or on_width else None,
    )


def _is_customdata(value) -> bool:
    # Every chart's customdata starts with a text: a milestone's id ("" for a marker that stands
    # for many), a state or a sector.
    return isinstance(value, list) and bool(value) and isinstance(value[0], str)
