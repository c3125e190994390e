"""A timeline figure's frame: its margins (room for lane names and the legend), each lane's
line in pixels from the top, the figure's size and interaction, and its axes."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from . import i18n
from .figure_style import FONT, TEMPLATE, date_ticks
from .markup import plotly_text
from .sectors import sector_order
from .timeline_labels import LabelStyle, lane_centres

SLIDER_THICKNESS, DATE_TICKS_PX = 0.08, 38
BAND_PX = {"compact": 21, "unlabelled": 64}  # a lane's height where its markers are not labelled
LANE_NAME_PX = 22  # on a phone, the row above each lane that names it
ERA_ROW_PX = 18  # above the lanes, where eras are named


def figure_margin(
    points: pd.DataFrame, lanes, lane: str, width: int, narrow: bool, style: LabelStyle
) -> dict:
    """Room for the lane names on the left (none on a phone, where they stand above their
    lanes), and in lanes by state for the sector legend on top, so that it never pushes the
    plot smaller."""
    margin = {"l": 8 if narrow else _lane_margin(lanes, style), "r": 16 if narrow else 24, "t": 12, "b": 0}
    if lane == "state":
        plot_px = width - margin["l"] - margin["r"]
        margin["t"] += round(style.size * 1.75) * _legend_rows(sector_order(points["sector"]), plot_px, style)
    return margin


def place_lanes(points: pd.DataFrame, lanes, layout, compact: bool, top: float, narrow: bool):
    """Each lane's line, in pixels from the top, and the edges of the lanes' bands (where the
    first begins, each next one, and where the last ends: the height of them all); each point's
    y set on its lane's line (fanned as the labels' layout says, or spread where unlabelled)."""
    if layout is not None:
        centres, edges = lane_centres(layout, lanes, top, LANE_NAME_PX if narrow else 0.0)
        points["y"] = points["lane"].map(centres) + [layout.places[i][1] for i in points.index]
        return centres, edges
    band = BAND_PX["compact" if compact else "unlabelled"]
    centres = {name: band * (i + 0.5) for i, name in enumerate(lanes)}
    points["y"] = points["lane"].map(centres) + _spread(points)
    return centres, [band * i for i in range(max(len(lanes), 1) + 1)]


def size_figure(fig: go.Figure, margin: dict, height: float, lane: str, zooms: bool, meta) -> None:
    """The figure's size, legend and interaction (a figure that ``zooms`` pans, below it a range
    slider); ``meta``: the width its labels were placed for, if they were (the app's chart
    reports the width it has)."""
    # The y axis counts pixels from the top, so the plot area must be ``height`` tall. Plotly
    # puts the date ticks, then the range slider (a share of the plot's height), below the
    # bottom margin, and grows the figure's margin to fit them.
    margin = margin | {"b": 10}
    below = DATE_TICKS_PX + (SLIDER_THICKNESS * height if zooms else 0)
    fig.update_layout(
        height=round(height + margin["t"] + margin["b"] + below),
        margin=margin,
        font={"family": FONT},
        # Colour says the sector; in sector lanes the lane already says it, so no legend there.
        showlegend=lane == "state",
        legend={"orientation": "h", "y": 1, "yanchor": "bottom", "x": 0, "xanchor": "left", "title": None},
        # A click only reports its marker: the app rings the chosen one; no dimming of the others.
        clickmode="event",
        dragmode="pan" if zooms else False,
        hovermode="closest",
        plot_bgcolor="white",
        template=TEMPLATE,  # the same look wherever it is drawn, whatever the default
        meta=meta,
    )


def draw_axes(
    fig: go.Figure,
    lanes,
    centres,
    height: float,
    x_range,
    zooms: bool,
    narrow: bool,
    style: LabelStyle,
    _=lambda name: name,
    lang: str = i18n.ENGLISH,
) -> None:
    """The lanes down the side (each named by ``_``; above them on a phone), in pixels from the
    top; the dates along the bottom, in the labels' size (months named in ``lang``), with a range
    slider where it ``zooms``."""
    fig.update_yaxes(
        automargin=False,
        tickvals=[centres[name] for name in lanes],
        ticktext=[plotly_text(_(n)) for n in lanes],
        showticklabels=not narrow,
        tickfont={"size": style.size},
        range=[height, 0],  # pixels from the top: each lane gets the height its labels need
        fixedrange=True,
        showgrid=True,
        gridcolor="#E4E8EC",
        zeroline=False,
    )
    fig.update_xaxes(
        type="date",
        showgrid=True,
        gridcolor="#F0F2F4",
        range=[x.isoformat() for x in x_range] if x_range else None,
        rangeslider={
            "visible": zooms,
            "thickness": SLIDER_THICKNESS,
            "range": [x.isoformat() for x in x_range] if x_range else None,
            # Room above and below the lanes, so that the slider's top and bottom markers show whole.
            "yaxis": {"rangemode": "fixed", "range": [height * 1.2, -height * 0.2]},
        },
        fixedrange=not zooms,
        tickfont={"size": style.size},
        **date_ticks(x_range, lang),
    )


def _spread(points: pd.DataFrame) -> pd.Series:
    """Vertical offsets, in pixels, that fan out the milestones sharing a lane and a month."""
    if points.empty:
        return pd.Series(0.0, index=points.index)
    # Grouped by the month a marker is drawn in: a year sits mid-year, not in January.
    groups = points.groupby(["lane", points["x"].dt.to_period("M")], sort=False)
    rank, size = groups.cumcount(), groups["id"].transform("size")
    step = (24 / size).clip(upper=9)
    return (rank - (size - 1) / 2) * step


def _legend_rows(names: list[str], width: float, style: LabelStyle) -> int:
    """How many rows a horizontal legend of ``names`` takes over ``width`` pixels (generously:
    Plotly lines up wrapped legend items in columns as wide as the widest)."""
    widest = 3.5 * style.size + max((style.typeface.width(name, style.size) for name in names), default=0)
    per_row = max(1, int(width // widest))
    return -(-len(names) // per_row)


def _lane_margin(lanes: list[str], style: LabelStyle) -> int:
    """Room on the left for the longest lane name, measured (the labels are laid out in the rest)."""
    longest = max((style.typeface.width(name, style.size) for name in lanes), default=30)
    return int(min(longest + 16, 240))
