"""The timeline's chart: its Plotly figure drawn by plotly.js's basic bundle; and figures
made ready once for Streamlit's own chart element.

Streamlit's own chart element loads the whole of plotly.js (4.7 MB) before it draws anything.
A timeline needs only what the basic bundle holds (1.2 MB: scatter traces, date axes,
annotations, the range slider), the same plotly.js version the exports draw with, and the
chart shows about half a second sooner. The component's files are in ``_plotly/``.
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

ASSETS = Path(__file__).resolve().parent / "_plotly"
_chart = components.declare_component("plotly_basic", path=str(ASSETS))


def timeline_spec(frame: pd.DataFrame, **options) -> str:
    """``timeline_figure(frame, **options)`` as the JSON the chart draws (see ``_filters.made``)."""
    return pio.to_json(timeline_figure(frame, **options), validate=False)


class _DictMadeOnce(go.Figure):
    """A figure for ``st.plotly_chart`` alone, holding nothing but the dict of the figure it
    was made from. Streamlit asks a figure for its dict on every run, and plotly makes it anew
    each time (a deep copy, every array to base64): over half of the breakdown page's run."""

    def __init__(self, figure: go.Figure):
        super().__init__()
        self._made = figure.to_dict()

    def to_dict(self) -> dict:
        return self._made


def for_streamlit(frame: pd.DataFrame, build: Callable[[pd.DataFrame], go.Figure]) -> go.Figure:
    """``build(frame)`` for ``st.plotly_chart`` on every run, its dict made once (see
    ``_filters.made``: what is made is shared, and must not be changed)."""
    return _DictMadeOnce(build(frame))


def plotly_chart(
    spec: str,
    *,
    key: str,
    alt: str,
    on_select: Callable[[list | str | None], None] | None = None,
    on_width: Callable[[int], None] | None = None,
    mode_bar: bool = True,
) -> None:
    """Draw the figure ``spec`` (Plotly JSON), named ``alt`` for assistive technology.

    With ``on_select``, a click on a marker calls it with the marker's customdata before the
    rerun. A figure laid out for a width (``layout.meta.width``) that is drawn at another
    calls ``on_width`` with the width it has. ``mode_bar`` shows Plotly's zoom and pan buttons
    on hover.
    """

    def changed() -> None:
        value = st.session_state.get(key)
        # The browser sends {"customdata": ...} or {"width": ...}; a forged client may send any JSON.
        if not isinstance(value, dict):
            return
        width = value.get("width")
        if isinstance(width, int | float) and on_width is not None:
            on_width(int(width))
        elif "customdata" in value and on_select is not None:
            on_select(value["customdata"])

    _chart(
        spec=spec,
        alt=alt,
        selectable=on_select is not None,
        mode_bar=mode_bar,
        key=key,
        default=None,
        on_change=changed if on_select or on_width else None,
    )
