"""What a timeline draws: its spans, markers and eras, and its labels written as annotations
with their leader lines (where :mod:`clfj_data.timeline_labels` placed them). The figure's size,
margins and axes are :mod:`clfj_data.timeline_layout`'s."""

from __future__ import annotations

import itertools

import pandas as pd
import plotly.graph_objects as go

from .figure_style import HOVER
from .markup import plotly_text
from .sectors import sector_colour, sector_order
from .timeline_labels import LabelStyle
from .timeline_layout import BAND_PX, LANE_NAME_PX

LABEL_COLOUR, LEADER_COLOUR, LANE_NAME_COLOUR = "#2F3A45", "#9AA5B1", "#3E4C59"
# Every other lane faintly shaded (see-through, so that an era's shade shows in it), and a line
# between two lanes.
LANE_SHADE, LANE_LINE = "rgba(40, 70, 100, 0.045)", "#D3DAE1"
SPAN_PX, ERA_COLOUR = 6, "#EEF1F4"
_SYMBOLS = {True: "diamond", False: "circle"}  # a staff-only milestone's marker, and the others'


def label_annotations(points: pd.DataFrame, layout, centres: dict) -> list[dict]:
    """The labels as Plotly annotations, each with a leader line to its marker. The y axis
    counts pixels from the top, so a label's corner is placed on it (``ayref``) exactly where
    the layout put it, whatever the offset of its marker."""
    style = layout.style
    annotations = []
    for index, label in layout.labels.items():
        if label is None:
            continue
        point = points.loc[index]
        when = str(point["when"])
        first = label.lines[0]
        lines = [
            f"<b>{plotly_text(when)}</b> {plotly_text(first[len(when) :].strip())}",
            *(plotly_text(line) for line in label.lines[1:]),
        ]
        if label.side == 0:  # on the line beside its marker: no leader
            shift = label.leader_x - layout.places[index][0]
            placed = {"y": centres[point["lane"]], "yanchor": "middle", "xshift": shift, "showarrow": False}
        else:
            placed = {
                "y": point["y"],
                "yanchor": "bottom" if label.side < 0 else "top",
                "ax": label.leader_x - layout.places[index][0],
                "axref": "pixel",
                "ay": centres[point["lane"]] + label.side * label.near,
                "ayref": "y",
                "showarrow": True,
                "arrowhead": 0,
                "arrowwidth": 1,
                "arrowcolor": LEADER_COLOUR,
                "standoff": style.marker / 2 + 1,
            }
        annotations.append(
            placed
            | {
                "x": point["x"],
                "text": "<br>".join(lines),
                "align": label.anchor,
                "xanchor": label.anchor,
                "bgcolor": "rgba(255,255,255,0.92)",
                "borderpad": style.pad,
                "borderwidth": 0,
                "font": {"size": style.size, "color": LABEL_COLOUR},
                "name": point["id"],
            }
        )
    return annotations


def shade_lanes(fig: go.Figure, edges, left: float, compact: bool) -> None:
    """Each lane's band (:func:`lane_bands`) on ``fig``, but on the compact chart."""
    if not compact:  # all at once: each add_shape validates every shape added before it again
        fig.layout.shapes += tuple(lane_bands(edges, left))


def lane_bands(edges, left: float) -> list[dict]:
    """Each lane as a band across the plot (from the top one down), from ``left`` (a share of
    the plot's width: the lane names' margin), between its ``edges`` (pixels from the top):
    every other one shaded, a line between two. A label then reads as its own lane's, however
    near the next lane it stands."""
    bands = [
        {
            "type": "rect", "xref": "paper", "x0": left, "x1": 1, "yref": "y", "y0": top, "y1": bottom,
            "fillcolor": LANE_SHADE if number % 2 else "rgba(0, 0, 0, 0)", "line": {"width": 0},
            "layer": "below", "name": "lane band",
        }
        for number, (top, bottom) in enumerate(itertools.pairwise(edges))
    ]  # fmt: skip
    lines = [
        {"type": "line", "xref": "paper", "x0": left, "x1": 1, "yref": "y", "y0": y, "y1": y,
         "line": {"width": 1, "color": LANE_LINE}, "layer": "below", "name": "between lanes"}
        for y in edges[1:-1]
    ]  # fmt: skip
    return bands + lines


def lane_names(layout, lanes, centres: dict, style: LabelStyle, _=lambda name: name) -> list[dict]:
    """On a phone, each lane's name in a row of its own above it, from the chart's left edge."""
    unlabelled = (BAND_PX["unlabelled"] / 2, 0)
    above = {name: (layout.extents.get(name, unlabelled) if layout else unlabelled)[0] for name in lanes}
    return [
        {
            "text": f"<b>{plotly_text(_(name))}</b>", "xref": "paper", "x": 0, "xanchor": "left", "yref": "y",
            "y": centres[name] - above[name] - LANE_NAME_PX, "yanchor": "top", "showarrow": False,
            "font": {"size": style.size, "color": LANE_NAME_COLOUR}, "name": f"lane: {name}",
        }
        for name in lanes
    ]  # fmt: skip


def span_traces(points: pd.DataFrame, dense: bool) -> list[go.Scatter]:
    """A bar for each span, from its start to the end of its last period, in its lane and its
    sector's colour, beneath the markers (one trace per sector; nothing to click or hover)."""
    spans = points[points["span_end"].notna()] if not dense else points.iloc[:0]
    traces = []
    for sector in sector_order(spans["sector"]):
        rows = spans[spans["sector"] == sector]
        x, y = [], []
        for start, end, lane_y in zip(rows["start"], rows["span_end"], rows["y"], strict=True):
            x += [start, end, None]
            y += [lane_y, lane_y, None]
        traces.append(
            go.Scatter(
                x=x,
                y=y,
                mode="lines",
                name=plotly_text(sector),
                showlegend=False,
                hoverinfo="skip",
                line={"color": sector_colour(sector), "width": SPAN_PX},
                opacity=0.55,
            )
        )
    return traces


def shade_eras(fig: go.Figure, eras, compact: bool) -> None:
    """Each era as a shaded band across the lanes, its headline at the top (not on the compact chart)."""
    for era in eras:
        fig.add_vrect(
            x0=pd.Timestamp(era.start).isoformat(), x1=pd.Timestamp(era.after).isoformat(),
            fillcolor=ERA_COLOUR,
            line_width=0, layer="below",
            **({} if compact else {"annotation": {"text": plotly_text(era.headline), "font": {"size": 11,
               "color": "#5B6670"}}, "annotation_position": "top left"}),
        )  # fmt: skip


def marker_traces(
    points: pd.DataFrame, dense: bool, compact: bool, hover: bool, style: LabelStyle
) -> list[go.Scatter]:
    """One trace per sector, in its colour. Where every headline is written beside its marker,
    the hover would only cover the next lane: the marker stays clickable without one."""
    traces = []
    for sector in sector_order(points["sector"]):
        rows = points[points["sector"] == sector]
        traces.append(
            go.Scatter(
                x=rows["x"],
                y=rows["y"],
                name=plotly_text(sector),
                mode="markers",
                marker={
                    "size": rows["size"] if dense else (10 if compact else style.marker),
                    **({"symbol": rows["staff_only"].map(_SYMBOLS)} if _marked(rows, dense) else {}),
                    "color": sector_colour(sector),
                    "line": {"width": 1, "color": "white"},
                },
                customdata=[_marker_record(point) for point in rows.itertuples()],
                **({"hovertemplate": HOVER} if hover else {"hoverinfo": "none"}),
            )
        )
    return traces


def _marker_record(point) -> dict:
    """A marker's customdata: how its date reads and its (escaped) title, for the hover and the
    keyboard's list, and what a click on it reports: ``milestone``, its id, or for a marker
    that stands for many, ``group``: its lane's place from the top and its period's first and
    last day (the lane by number: a name from a spreadsheet reaches the browser only escaped)."""
    record = {"when": point.when, "title": point.hover_title}
    if point.id:
        return record | {"milestone": point.id}
    period = {"lane": int(point.lane_number), "when": point.when, "start": point.start, "end": point.end}
    return record | {"group": period}


def _marked(rows: pd.DataFrame, dense: bool) -> bool:
    """Whether some of these markers are staff-only milestones (a marker that stands for many
    milestones is never one)."""
    return not dense and bool(rows["staff_only"].any())


def name_sectors(fig: go.Figure, sectors, translate) -> None:
    """The sectors' traces named by ``translate``, as the legend shows them."""
    named = {plotly_text(name): plotly_text(translate(name)) for name in sectors}
    fig.for_each_trace(lambda trace: trace.update(name=named.get(trace.name, trace.name)))
