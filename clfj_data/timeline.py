"""The timeline: milestones on a time axis, in lanes by sector or by state, coloured by sector."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from . import i18n
from .counts import state_rows
from .dates import format_dates, period_ends, span_ends
from .figure_style import FONT, HOVER, TEMPLATE, axis_dates, date_ticks
from .markup import plotly_text
from .sectors import sector_colour, sector_labels, sector_order
from .states import NOT_SPECIFIED
from .timeline_labels import APP_LABELS, PHONE_PX, LabelStyle, Mark, lane_centres, lay_out, phone
from .visibility import STAFF_ONLY, is_staff_only
from .wording import frame_span, plural

LANES = ("sector", "state")
LABELLED_POINTS = 40  # more markers than this are left unlabelled (hover still names them)
# The timeline is laid out in pixels for the width it is drawn at (the app reports its chart's
# width; images have their own): every headline in full, wrapped, and no two labels touching.
DEFAULT_WIDTH = 1100
SLIDER_THICKNESS, DATE_TICKS_PX = 0.08, 38
BAND_PX = {"compact": 21, "unlabelled": 64}  # a lane's height where its markers are not labelled
LANE_NAME_PX = 22  # on a phone, the row above each lane that names it
ERA_ROW_PX = 18  # above the lanes, where eras are named
LABEL_COLOUR, LEADER_COLOUR, LANE_NAME_COLOUR = "#2F3A45", "#9AA5B1", "#3E4C59"
DENSITY_ABOVE = 1500  # markers; beyond this a timeline marker stands for a lane, period and sector
# Grouped markers per chart, at most, where a coarser period allows: each is an SVG shape drawn
# twice (the range slider has a copy), and at 10,000 milestones months gave about 950 of them,
# whose drawing held the browser for 0.5-1 s.
GROUPED_MARKERS = 400
DENSITY_PERIODS = {  # from the finest; each with how a marker's hover names it
    "M": lambda p: f"{p:%b %Y}",
    "Q": lambda p: f"Q{p.quarter} {p.year}",
    "Y": lambda p: f"{p.year}",
}


def timeline_figure(
    frame: pd.DataFrame,
    lane: str = "sector",
    compact: bool = False,
    width: int = DEFAULT_WIDTH,
    eras=(),
    labels: LabelStyle = APP_LABELS,
    lang: str = i18n.ENGLISH,
) -> go.Figure:
    """Milestones on a time axis, in lanes by sector or by state, coloured by sector; the dates
    and lane names in ``lang`` (the headlines are the frame's: see translation.in_language).

    A milestone with an end date (a span) is also drawn as a bar in its lane, from its start to
    the end of its last period; ``eras`` (framing.Era) are shaded across every lane, named at
    the top.

    Each marker sits at the middle of its period on its lane's line; markers of a lane that
    would overlap are fanned out across it. Each marker's ``customdata`` is a record
    (:func:`_marker_record`): how its date reads, its title, and what a click on it reports.
    Every marker's date and headline is written beside it (:mod:`clfj_data.timeline_labels`,
    in the style ``labels`` of the surface it is drawn on: the app, an image, a page), laid
    out for ``width`` pixels with the text measured in the font it is drawn in. On a chart
    narrower than PHONE_PX, each lane is named above it rather than beside it, and a label
    takes two lines at most. ``compact`` drops the labels and the range slider (for the story).

    Above DENSITY_ABOVE markers, each marker stands for one lane, month and sector, sized by
    how many milestones it holds (a click on it reports its ``group``, and its title says how
    many): thousands of single markers would be unreadable and too heavy to send. Where months
    would give more than GROUPED_MARKERS, a marker stands for a quarter or a year.

    The legend names the sectors in ``lang`` too.
    """
    if lane not in LANES:
        raise ValueError(f"lane must be one of {LANES}")
    if frame.empty:
        return go.Figure(layout={"template": TEMPLATE, "height": 200})
    points = _timeline_points(frame, lane, lang)
    dense = len(points) > DENSITY_ABOVE
    if dense:
        points = _by_period(points)
    lanes = _lane_order(points["lane"], lane)
    narrow = width < PHONE_PX and not compact
    style = phone(labels) if narrow else labels
    margin = _margin(points, [i18n.translator(lang)(n) for n in lanes], lane, width, narrow, style)
    x_range = axis_dates(points, share=0.07 if compact else 0.04, eras=eras)
    plot_px = width - margin["l"] - margin["r"]
    labelled = not compact and len(points) <= LABELLED_POINTS
    layout = lay_out(_marks(points, x_range, plot_px), plot_px, style) if labelled else None
    centres, height = _place_lanes(
        points, lanes, layout, compact, top=ERA_ROW_PX if eras else 0.0, narrow=narrow
    )
    points["lane_number"] = points["lane"].map({name: i for i, name in enumerate(lanes)})
    hover = layout is None or any(label is None or label.shortened for label in layout.labels.values())
    fig = go.Figure(_span_traces(points, dense) + _marker_traces(points, dense, compact, hover, style))
    _shade_eras(fig, eras, compact)
    translate = i18n.translator(lang)
    for annotation in _label_annotations(points, layout, centres) if layout is not None else ():
        fig.add_annotation(annotation)
    for annotation in _lane_names(layout, lanes, centres, style, translate) if narrow else ():
        fig.add_annotation(annotation)
    _timeline_layout(fig, margin, height, lane, compact, {"width": width} if layout is not None else None)
    _timeline_axes(fig, lanes, centres, height, x_range, compact, narrow, style, translate)
    fig.update_layout(legend_font_size=style.size)
    if lang != i18n.ENGLISH:  # the sectors' traces, as the legend names them
        named = {plotly_text(name): plotly_text(translate(name)) for name in points["sector"].unique()}
        fig.for_each_trace(lambda trace: trace.update(name=named.get(trace.name, trace.name)))
    return fig


def _margin(points: pd.DataFrame, lanes, lane: str, width: int, narrow: bool, style: LabelStyle) -> dict:
    """Room for the lane names on the left (none on a phone, where they stand above their
    lanes), and in lanes by state for the sector legend on top, so that it never pushes the
    plot smaller."""
    margin = {"l": 8 if narrow else _lane_margin(lanes, style), "r": 16 if narrow else 24, "t": 12, "b": 0}
    if lane == "state":
        plot_px = width - margin["l"] - margin["r"]
        margin["t"] += round(style.size * 1.75) * _legend_rows(sector_order(points["sector"]), plot_px, style)
    return margin


def _place_lanes(points: pd.DataFrame, lanes, layout, compact: bool, top: float, narrow: bool):
    """Each lane's line, in pixels from the top, and the height of them all; each point's y
    set on its lane's line (fanned as the labels' layout says, or spread where unlabelled)."""
    if layout is not None:
        centres, height = lane_centres(layout, lanes, top, LANE_NAME_PX if narrow else 0.0)
        points["y"] = points["lane"].map(centres) + [layout.places[i][1] for i in points.index]
        return centres, height
    band = BAND_PX["compact" if compact else "unlabelled"]
    centres = {name: band * (i + 0.5) for i, name in enumerate(lanes)}
    points["y"] = points["lane"].map(centres) + _spread(points)
    return centres, band * max(len(lanes), 1)


def _marks(points: pd.DataFrame, x_range, plot_px: float) -> list[Mark]:
    """The markers to label, each with its x in pixels from the plot's left edge."""
    low, high = x_range
    px_per_day = plot_px / max((high - low) / pd.Timedelta(days=1), 1)
    return [
        Mark(index, (x - low) / pd.Timedelta(days=1) * px_per_day, lane, when, " ".join(str(title).split()))
        for index, x, lane, when, title in zip(
            points.index, points["x"], points["lane"], points["when"], points["title"], strict=True
        )
    ]


def _label_annotations(points: pd.DataFrame, layout, centres: dict) -> list[dict]:
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


def _lane_names(layout, lanes, centres: dict, style: LabelStyle, _=lambda name: name) -> list[dict]:
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


def _timeline_layout(fig: go.Figure, margin: dict, height: float, lane: str, compact: bool, meta) -> None:
    """The figure's size, legend and interaction; ``meta``: the width its labels were placed
    for, if they were (the app's chart reports the width it has)."""
    # The y axis counts pixels from the top, so the plot area must be ``height`` tall. Plotly
    # puts the date ticks, then the range slider (a share of the plot's height), below the
    # bottom margin, and grows the figure's margin to fit them.
    margin = margin | {"b": 10}
    below = DATE_TICKS_PX + (0 if compact else SLIDER_THICKNESS * height)
    fig.update_layout(
        height=round(height + margin["t"] + margin["b"] + below),
        margin=margin,
        font={"family": FONT},
        # Colour says the sector; in sector lanes the lane already says it, so no legend there.
        showlegend=lane == "state",
        legend={"orientation": "h", "y": 1, "yanchor": "bottom", "x": 0, "xanchor": "left", "title": None},
        # A click only reports its marker: the app rings the chosen one; no dimming of the others.
        clickmode="event",
        dragmode="pan" if not compact else False,
        hovermode="closest",
        plot_bgcolor="white",
        template=TEMPLATE,  # the same look wherever it is drawn, whatever the default
        meta=meta,
    )


def _timeline_axes(
    fig: go.Figure,
    lanes,
    centres,
    height: float,
    x_range,
    compact: bool,
    narrow: bool,
    style: LabelStyle,
    _=lambda name: name,
) -> None:
    """The lanes down the side (each named by ``_``; above them on a phone), in pixels from the
    top; the dates along the bottom, in the labels' size."""
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
            "visible": not compact,
            "thickness": SLIDER_THICKNESS,
            "range": [x.isoformat() for x in x_range] if x_range else None,
            # Room above and below the lanes, so that the slider's top and bottom markers show whole.
            "yaxis": {"rangemode": "fixed", "range": [height * 1.2, -height * 0.2]},
        },
        fixedrange=compact,
        tickfont={"size": style.size},
        **date_ticks(x_range),
    )


def milestones_at(frame: pd.DataFrame, lane: str, lane_number: int, start: str, end: str):
    """The lane a timeline marker is in and the milestones it stands for: those in that lane
    (the ``lane_number``-th from the top, of lanes by ``lane``) whose marker falls from
    ``start`` to ``end`` (ISO dates), as the marker's ``group`` record says."""
    points = _timeline_points(frame, lane)
    lanes = _lane_order(points["lane"], lane)
    name = lanes[int(lane_number)] if 0 <= int(lane_number) < len(lanes) else None
    try:
        low, high = pd.Timestamp(start), pd.Timestamp(end)
    except ValueError:
        return name, frame.iloc[:0]
    inside = (points["lane"] == name) & points["x"].between(low, high)
    return name, frame[frame["id"].isin(set(points.loc[inside, "id"]))]


SPAN_PX, ERA_COLOUR = 6, "#EEF1F4"


def _span_traces(points: pd.DataFrame, dense: bool) -> list[go.Scatter]:
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


def _shade_eras(fig: go.Figure, eras, compact: bool) -> None:
    """Each era as a shaded band across the lanes, its headline at the top (not on the compact chart)."""
    for era in eras:
        fig.add_vrect(
            x0=pd.Timestamp(era.start).isoformat(), x1=pd.Timestamp(era.after).isoformat(),
            fillcolor=ERA_COLOUR,
            line_width=0, layer="below",
            **({} if compact else {"annotation": {"text": plotly_text(era.headline), "font": {"size": 11,
               "color": "#5B6670"}}, "annotation_position": "top left"}),
        )  # fmt: skip


def _marker_traces(
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


_SYMBOLS = {True: "diamond", False: "circle"}  # a staff-only milestone's marker, and the others'


def _marked(rows: pd.DataFrame, dense: bool) -> bool:
    """Whether some of these markers are staff-only milestones (a marker that stands for many
    milestones is never one)."""
    return not dense and bool(rows["staff_only"].any())


def timeline_sentence(frame: pd.DataFrame, lang: str = i18n.ENGLISH) -> str:
    """A sentence that says what the timeline shows, in ``lang``."""
    _ = i18n.translator(lang)
    if frame.empty:
        return _("A timeline with no milestones.")
    if len(frame) == 1:
        return _("A timeline of 1 milestone, {span}.").format(span=frame_span(frame, lang))
    return _("A timeline of {count} milestones from {span}, coloured by sector.").format(
        count=f"{len(frame):,}", span=frame_span(frame, lang)
    )


def _timeline_points(frame: pd.DataFrame, lane: str, lang: str = i18n.ENGLISH) -> pd.DataFrame:
    starts, ends = frame["date"], period_ends(frame)
    staff_only = is_staff_only(frame)
    # Staff see staff-only milestones marked, in the label and the hover, and by their marker.
    titles = frame["title"].mask(staff_only, f"{STAFF_ONLY} · " + frame["title"])
    points = pd.DataFrame(
        {
            "id": frame["id"],
            "x": starts + (ends - starts) / 2,
            "sector": sector_labels(frame),
            "title": titles,
            "hover_title": titles.map(plotly_text),
            "staff_only": staff_only,
            "when": format_dates(starts, frame["precision"], lang),
            "states": frame["states"],
            "start": starts.dt.strftime("%Y-%m-%d"),
            "end": ends.dt.strftime("%Y-%m-%d"),
            # Where a span's bar ends: after its end date's period (none for a single date).
            "span_end": span_ends(frame).where(frame["end_date"].notna()) if "end_date" in frame else pd.NaT,
        }
    )
    if lane == "sector":
        return points.assign(lane=points["sector"]).reset_index(drop=True)
    return state_rows(points).rename(columns={"state": "lane"}).reset_index(drop=True)


def _by_period(points: pd.DataFrame) -> pd.DataFrame:
    """One point per lane, period and sector, at the middle of the period, sized by its count.

    The period is a month, or a quarter or a year where months would give more than
    GROUPED_MARKERS points (thousands of milestones, or decades of them in many lanes).
    """
    for period in DENSITY_PERIODS:
        when = points["x"].dt.to_period(period)
        groups = points.groupby([points["lane"], when.rename("period"), points["sector"]], sort=False)
        counts = groups.size().rename("count").reset_index()
        if len(counts) <= GROUPED_MARKERS:
            break
    starts, ends = counts["period"].dt.to_timestamp(), counts["period"].dt.to_timestamp(how="end")
    counts["x"] = starts + (ends - starts) / 2
    counts["start"], counts["end"] = starts.dt.strftime("%Y-%m-%d"), ends.dt.strftime("%Y-%m-%d")
    counts["when"] = [DENSITY_PERIODS[period](p) for p in counts["period"]]
    counts["id"] = ""
    counts["title"] = counts["count"].map(lambda n: plural(n, "milestone"))
    counts["hover_title"] = counts["title"]
    counts["size"] = (6 + 3 * counts["count"] ** 0.5).clip(upper=30)
    return counts.drop(columns="period")


def _lane_order(lanes: pd.Series, lane: str) -> list[str]:
    if lane == "sector":
        return sector_order(lanes)
    named = sorted(set(lanes) - {NOT_SPECIFIED})
    return named + ([NOT_SPECIFIED] if NOT_SPECIFIED in set(lanes) else [])


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
