"""What every figure shares: its font and template, the hover of a milestone's marker, and the
date axis of a timeline."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from . import i18n
from .dates import format_date

# The app's own font (Streamlit names its Source Sans "Source Sans"), then the same typeface
# under its other names, then what a server drawing an image, or a visitor's browser, has; for
# Hindi, the Devanagari of fonts-noto-core (or what Windows has), which Latin fonts lack.
FONT = (
    '"Source Sans", "Source Sans 3", "Source Sans Pro", "Segoe UI", Roboto, Helvetica, Arial, '
    '"Noto Sans Devanagari", "Nirmala UI", sans-serif'
)


# The kinds of trace the app draws (its plotly.js bundle holds only these: clfj_ui/plot.py).
TRACES = ("bar", "heatmap", "scatter")


def _template() -> go.layout.Template:
    """plotly_white, in the app's font, with its defaults for the kinds of trace the app draws
    and none for the twenty others: every figure carries a copy of its template, and plotly.py
    checked each of those kinds' defaults again for each figure (two thirds of the time a bar
    chart took to build), and sent them to the browser."""
    white = pio.templates["plotly_white"]
    drawn = {kind: getattr(white.data, kind) for kind in TRACES}
    template = go.layout.Template(layout=white.layout, data=drawn)
    template.layout.font.family = FONT
    return template


# Pinned on every figure: inside the app Streamlit installs its own default template, which
# would otherwise change the look (and the margins) of what the app draws and exports.
TEMPLATE = _template()
HOVER = "<b>%{customdata.title}</b><br>%{customdata.when}<extra>%{fullData.name}</extra>"


def axis_dates(points: pd.DataFrame, share: float, eras=()) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The dates the axis shows: every marker, span and era with room around it, and at least
    a year, so a filter down to one or two milestones still reads as months rather than days."""
    if points.empty:
        return None
    low, high = points["x"].min(), points["x"].max()
    if "span_end" in points and points["span_end"].notna().any():
        high = max(high, points["span_end"].max())
    for era in eras:
        low, high = min(low, pd.Timestamp(era.start)), max(high, pd.Timestamp(era.after))
    pad = max((high - low) * share, pd.Timedelta(days=45))  # a narrow chart needs the larger share
    low, high = low - pad, high + pad
    short = pd.Timedelta(days=365) - (high - low)
    if short > pd.Timedelta(0):
        low, high = low - short / 2, high + short / 2
    return low, high


def date_ticks(x_range, lang: str = i18n.ENGLISH) -> dict:
    """Ticks a person reads at a glance: months over a short span (named in ``lang``), years over
    a long one."""
    if x_range is None:
        return {}
    years = (x_range[1] - x_range[0]) / pd.Timedelta(days=365.25)
    if years <= 2 and lang != i18n.ENGLISH:  # plotly.js names months in English: these are given
        quarters = pd.date_range(x_range[0].to_period("Q").start_time, x_range[1], freq="3MS")
        shown = [day for day in quarters if day >= x_range[0]]
        return {
            "tickmode": "array",
            "tickvals": [day.isoformat() for day in shown],
            "ticktext": [format_date(day, "month", lang) for day in shown],
        }
    if years <= 2:
        return {"dtick": "M3", "tickformat": "%b %Y"}
    if years <= 12:
        return {"dtick": "M12", "tickformat": "%Y"}
    return {"tickformat": "%Y"}
