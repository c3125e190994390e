"""Chart builders: a milestone table (and options) in, a ``plotly.graph_objects.Figure`` out.

Every surface (pages, deck, offline report) draws with these, so they never disagree.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from .counts import (
    TWO_STATES_NOTE,
    count_by_sector,
    count_by_state,
    count_per_year,
    count_state_by_sector,
    names_two_states,
    state_rows,
)
from .dates import format_dates, period_ends, period_last_day, span_ends
from .markup import plotly_text
from .sectors import sector_colour, sector_labels, sector_order
from .states import NOT_SPECIFIED
from .visibility import STAFF_ONLY, is_staff_only
from .wording import frame_span, plural

# The app's own font (Streamlit names its Source Sans "Source Sans"), then the same typeface
# under its other names, then what a server drawing an image, or a visitor's browser, has.
FONT = '"Source Sans", "Source Sans 3", "Source Sans Pro", "Segoe UI", Roboto, Helvetica, Arial, sans-serif'


def _template() -> go.layout.Template:
    template = go.layout.Template(pio.templates["plotly_white"])
    template.layout.font.family = FONT
    return template


# Pinned on every figure: inside the app Streamlit installs its own default template, which
# would otherwise change the look (and the margins) of what the app draws and exports.
TEMPLATE = _template()
LANES = ("sector", "state")
LABELLED_POINTS = 40  # more markers than this are left unlabelled (hover still names them)
# The timeline is laid out in pixels for the width it is drawn at (the app reports its chart's
# width; images have their own): every headline in full, wrapped, and no two labels touching.
DEFAULT_WIDTH = 1100
LABEL_FONT, LINE_PX, CHAR_PX = 12, 15, 6.9  # 12 px Source Sans: a generous average glyph width
LABEL_MAX_PX, LABEL_MIN_PX = 330, 150
MARKER_CLEARANCE = 20  # from a marker's centre to its label: clear of the ring round a chosen one (13 px)
TIER_GAP, LABEL_PAD = 8, 4
BARE_SIDE_PX = 18  # a lane's side with no labels: room for the marker and the ring round a chosen one
MAX_TIERS = 4  # on each side of a lane; a label with no room left is not drawn (hover names it)
BAND_PX = {"compact": 21, "unlabelled": 64}
SLIDER_THICKNESS, DATE_TICKS_PX = 0.08, 38
HOVER = "<b>%{customdata[2]}</b><br>%{customdata[1]}<extra>%{fullData.name}</extra>"
# What a click on a marker reports: its milestone (or "" for a marker that stands for many), how
# its date reads, its title, its lane's place from the top, and the first and last day of its
# period (the lane by number: a name from a spreadsheet is sent to the browser only escaped).
CUSTOMDATA = ("id", "when", "hover_title", "lane_number", "start", "end")
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
) -> go.Figure:
    """Milestones on a time axis, in lanes by sector or by state, coloured by sector.

    A milestone with an end date (a span) is also drawn as a bar in its lane, from its start to
    the end of its last period; ``eras`` (framing.Era) are shaded across every lane, named at
    the top.

    Each marker sits at the middle of its period on its lane's line; milestones of one lane
    and month are fanned out so none hides another. ``customdata`` carries [id, date, title].
    Every marker's headline is written in full beside it, wrapped, with a leader line where
    it stands off: labels go above and below the line in tiers, placed so that no two touch
    at ``width`` pixels. ``compact`` drops the labels and the range slider (for the overview).

    Above DENSITY_ABOVE markers, each marker stands for one lane, month and sector, sized by
    how many milestones it holds (its id is "" and its title says how many): thousands of
    single markers would be unreadable and too heavy to send. Where months would give more
    than GROUPED_MARKERS, a marker stands for a quarter or a year.
    """
    if lane not in LANES:
        raise ValueError(f"lane must be one of {LANES}")
    if frame.empty:
        return go.Figure(layout={"template": TEMPLATE, "height": 200})
    points = _timeline_points(frame, lane)
    dense = len(points) > DENSITY_ABOVE
    if dense:
        points = _by_period(points)
    lanes = _lane_order(points["lane"], lane)
    margin = {"l": _lane_margin(lanes), "r": 24, "t": 12, "b": 0}
    if lane == "state":  # room for the sector legend, so that it never pushes the plot smaller
        plot_px = width - margin["l"] - margin["r"]
        margin["t"] += 21 * _legend_rows(sector_order(points["sector"]), plot_px)
    x_range = _x_range(points, share=0.07 if compact else 0.04, eras=eras)
    labels = None
    if not compact and len(points) <= LABELLED_POINTS and not points.empty:
        labels = _place_labels(points, x_range, width - margin["l"] - margin["r"])
    centres, height = _lane_centres(points, lanes, labels, compact)
    points["y"] = points["lane"].map(centres) + _spread(points)
    points["lane_number"] = points["lane"].map({name: i for i, name in enumerate(lanes)})
    fig = go.Figure(
        _span_traces(points, dense) + _marker_traces(points, dense, compact, hover=labels is None)
    )
    _shade_eras(fig, eras, compact)
    if labels is not None:
        for annotation in _label_annotations(points, labels):
            fig.add_annotation(annotation)
    # The y axis counts pixels from the top, so the plot area must be ``height`` tall. Plotly
    # puts the date ticks, then the range slider (a share of the plot's height), below the
    # bottom margin, and grows the figure's margin to fit them.
    margin["b"] = 10
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
        # The width the labels were placed for: the app's chart reports the width it has.
        meta={"width": width} if labels is not None else None,
    )
    _timeline_axes(fig, lanes, centres, height, x_range, compact)
    return fig


def _timeline_axes(fig: go.Figure, lanes, centres, height: float, x_range, compact: bool) -> None:
    """The lanes down the side, in pixels from the top; the dates along the bottom."""
    fig.update_yaxes(
        automargin=False,
        tickvals=[centres[name] for name in lanes],
        ticktext=[plotly_text(n) for n in lanes],
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
        **_date_ticks(x_range),
    )


def milestones_at(frame: pd.DataFrame, lane: str, lane_number: int, start: str, end: str):
    """The lane a timeline marker is in and the milestones it stands for: those in that lane
    (the ``lane_number``-th from the top, of lanes by ``lane``) whose marker falls from
    ``start`` to ``end`` (ISO dates), as the marker's customdata says."""
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
            x0=pd.Timestamp(era.start).isoformat(), x1=_era_end(era).isoformat(), fillcolor=ERA_COLOUR,
            line_width=0, layer="below",
            **({} if compact else {"annotation": {"text": plotly_text(era.headline), "font": {"size": 11,
               "color": "#5B6670"}}, "annotation_position": "top left"}),
        )  # fmt: skip


def _era_end(era) -> pd.Timestamp:
    """The first day after an era's last period."""
    return pd.Timestamp(period_last_day(era.end, era.end_precision)) + pd.Timedelta(days=1)


def _marker_traces(points: pd.DataFrame, dense: bool, compact: bool, hover: bool) -> list[go.Scatter]:
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
                    "size": rows["size"] if dense else (10 if compact else 14),
                    **({"symbol": rows["staff_only"].map(_SYMBOLS)} if _marked(rows, dense) else {}),
                    "color": sector_colour(sector),
                    "line": {"width": 1, "color": "white"},
                },
                customdata=rows[list(CUSTOMDATA)].to_numpy(),
                **({"hovertemplate": HOVER} if hover else {"hoverinfo": "none"}),
            )
        )
    return traces


_SYMBOLS = {True: "diamond", False: "circle"}  # a staff-only milestone's marker, and the others'


def _marked(rows: pd.DataFrame, dense: bool) -> bool:
    """Whether some of these markers are staff-only milestones (a marker that stands for many
    milestones is never one)."""
    return not dense and bool(rows["staff_only"].any())


COUNT_TICKS = 8  # at most this many ticks on an axis of counts, whatever the counts reach


def state_counts_figure(frame: pd.DataFrame, rows: int | None = None) -> go.Figure:
    """Horizontal bars: milestones per state. Notes double counting when a milestone names two.
    With ``rows``, as tall as a chart of that many bars (to stand beside one)."""
    counts = count_by_state(frame)
    fig = _bars(counts["state"], counts["milestones"], ["#0072B2"] * len(counts), horizontal=True, rows=rows)
    if names_two_states(frame):
        fig.update_layout(title={"text": "Milestones by state", "subtitle": {"text": TWO_STATES_NOTE}})
    else:
        fig.update_layout(title={"text": "Milestones by state"})
    return fig


def sector_counts_figure(frame: pd.DataFrame, rows: int | None = None) -> go.Figure:
    """Horizontal bars: milestones per sector, each in its sector's colour. With ``rows``, as
    tall as a chart of that many bars (to stand beside one)."""
    counts = count_by_sector(frame)
    colours = [sector_colour(s) for s in counts["sector"]]
    fig = _bars(counts["sector"], counts["milestones"], colours, horizontal=True, rows=rows)
    return fig.update_layout(title={"text": "Milestones by sector"})


def state_sector_figure(frame: pd.DataFrame) -> go.Figure:
    """A heatmap of milestones per state and sector, with the count written in each cell."""
    matrix = count_state_by_sector(frame)
    fig = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(),
            x=[plotly_text(c) for c in matrix.columns],
            y=[plotly_text(r) for r in matrix.index],
            colorscale="Blues",
            zmin=0,
            texttemplate="%{z}",
            hovertemplate="%{y} · %{x}: %{z}<extra></extra>",
            showscale=False,
        )
    )
    fig.update_layout(
        title={"text": "Milestones by state and sector"},
        height=160 + 40 * len(matrix.index),
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        plot_bgcolor="white",
        template=TEMPLATE,
    )
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(autorange="reversed", automargin=True)
    return fig


def per_year_figure(frame: pd.DataFrame) -> go.Figure:
    """Stacked bars: milestones per year, split by sector."""
    counts = count_per_year(frame)
    fig = go.Figure()
    for sector in sector_order(counts["sector"]) if not counts.empty else []:
        rows = counts[counts["sector"] == sector]
        fig.add_trace(
            go.Bar(
                x=rows["year"].astype(str),
                y=rows["milestones"],
                name=plotly_text(sector),
                marker_color=sector_colour(sector),
                hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(
        barmode="stack",
        title={"text": "Milestones per year"},
        height=360,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        plot_bgcolor="white",
        # In the order of the bar chart by sector, not stacked bars' reversed default.
        legend={"orientation": "h", "y": -0.15, "traceorder": "normal"},
        template=TEMPLATE,
    )
    tallest = counts.groupby("year")["milestones"].sum().max() if not counts.empty else 0
    fig.update_xaxes(type="category", automargin=True)
    fig.update_yaxes(gridcolor="#EEEEEE", automargin=True, rangemode="tozero", **count_ticks(tallest))
    return fig


def count_ticks(largest: int) -> dict:
    """Axis settings for counts up to ``largest``: whole numbers only, at a step of 1, 2 or 5
    times a power of ten chosen so that at most COUNT_TICKS ticks are drawn (a step of 1 at
    thousands of milestones would draw thousands of ticks and stall the browser)."""
    step = 1
    while largest / step > COUNT_TICKS:
        for factor in (2, 5 / 2, 2):  # 1 -> 2 -> 5 -> 10 -> 20 ...
            step = round(step * factor)
            if largest / step <= COUNT_TICKS:
                break
    return {"tick0": 0, "dtick": step, "tickformat": ",d"}


def timeline_sentence(frame: pd.DataFrame) -> str:
    """A sentence that says what the timeline shows."""
    if frame.empty:
        return "A timeline with no milestones."
    if len(frame) == 1:
        return f"A timeline of 1 milestone, {frame_span(frame)}."
    return f"A timeline of {plural(len(frame), 'milestone')} from {frame_span(frame)}, coloured by sector."


def _timeline_points(frame: pd.DataFrame, lane: str) -> pd.DataFrame:
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
            "when": format_dates(starts, frame["precision"]),
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


@dataclass(frozen=True)
class Label:
    """Where one marker's headline is written: its lines, on which side and tier, and anchored how."""

    lines: tuple[str, ...]
    side: int  # -1 above the lane's line, +1 below
    tier: int  # 0 is nearest the line
    anchor: str  # "left": the text starts at the marker and runs right; "right": it ends there
    width: float  # in pixels


def _label_lines(point, width_px: float) -> tuple[str, ...]:
    """The date, then the headline, wrapped (never cut) to ``width_px``."""
    characters = max(12, int(width_px / CHAR_PX))
    text = f"{point.when} · {' '.join(str(point.title).split())}"
    return tuple(textwrap.wrap(text, characters, break_on_hyphens=False, break_long_words=False))


def _place_labels(points: pd.DataFrame, x_range, plot_px: float) -> dict[int, Label | None]:
    """Each labelled point's :class:`Label`, or None where no tier has room.

    Labels of a lane are placed from the earliest: each goes in the nearest tier (above, then
    below, then further out) where it touches no label already there; a label runs right from
    its marker, or left where the plot would cut it off.
    """
    low, high = x_range
    px_per_day = plot_px / max((high - low) / pd.Timedelta(days=1), 1)
    box = min(LABEL_MAX_PX, max(LABEL_MIN_PX, plot_px / 3.2))
    placed: dict[tuple[str, int, int], list[tuple[float, float]]] = {}
    labels: dict[int, Label | None] = {}
    for index, point in points.sort_values("x").iterrows():
        x = (point["x"] - low) / pd.Timedelta(days=1) * px_per_day
        # Run right from the marker where the label fits, else left; where neither side has
        # room for it, wrap it narrower to fit the side with more.
        room = max(plot_px - x, x) - 2 * LABEL_PAD
        lines = _label_lines(point, box if box <= max(plot_px - x, x) else room)
        text_px = max(len(line) for line in lines) * CHAR_PX + 2 * LABEL_PAD
        anchor = "left" if x + text_px <= plot_px or plot_px - x >= x else "right"
        left, right = (x - 6, x + text_px) if anchor == "left" else (x - text_px, x + 6)
        labels[index] = None
        for tier in range(MAX_TIERS):
            for side in (-1, 1):
                taken = placed.setdefault((point["lane"], side, tier), [])
                if all(right + TIER_GAP < start or left > end + TIER_GAP for start, end in taken):
                    taken.append((left, right))
                    labels[index] = Label(tuple(lines), side, tier, anchor, text_px)
                    break
            if labels[index] is not None:
                break
    return labels


def _tier_px(labels: dict[int, Label | None]) -> float:
    """The height of a tier: the tallest label's lines, and a gap."""
    tallest = max((len(label.lines) for label in labels.values() if label), default=1)
    return tallest * LINE_PX + 2 * LABEL_PAD + TIER_GAP


def _lane_centres(points: pd.DataFrame, lanes: list[str], labels, compact: bool):
    """Each lane's line, in pixels from the top, and the height all the lanes take."""
    if labels is None:
        band = BAND_PX["compact" if compact else "unlabelled"]
        return {name: band * (i + 0.5) for i, name in enumerate(lanes)}, band * max(len(lanes), 1)
    tier = _tier_px(labels)
    depth = {(name, side): 0 for name in lanes for side in (-1, 1)}
    for index, label in labels.items():
        if label is not None:
            key = (points.at[index, "lane"], label.side)
            depth[key] = max(depth[key], label.tier + 1)
    centres, top = {}, 0.0
    for name in lanes:
        above, below = depth[(name, -1)], depth[(name, 1)]
        centres[name] = top + (MARKER_CLEARANCE + above * tier if above else BARE_SIDE_PX)
        top = centres[name] + (MARKER_CLEARANCE + below * tier if below else BARE_SIDE_PX)
    return centres, top


def _label_annotations(points: pd.DataFrame, labels: dict[int, Label | None]) -> list[dict]:
    """The labels as Plotly annotations, each with a leader line to its marker."""
    tier = _tier_px(labels)
    annotations = []
    for index, label in labels.items():
        if label is None:
            continue
        point = points.loc[index]
        first, when = label.lines[0], str(point["when"])
        lines = [
            f"<b>{plotly_text(when)}</b> {plotly_text(first[len(when) :].strip())}",
            *(plotly_text(line) for line in label.lines[1:]),
        ]
        offset = MARKER_CLEARANCE + label.tier * tier - TIER_GAP / 2
        annotations.append(
            {
                "x": point["x"],
                "y": point["y"],
                "text": "<br>".join(lines),
                "align": label.anchor,
                "xanchor": label.anchor,
                "yanchor": "bottom" if label.side < 0 else "top",
                "ax": -6 if label.anchor == "left" else 6,
                "ay": label.side * offset,
                "showarrow": True,
                "arrowhead": 0,
                "arrowwidth": 1,
                "arrowcolor": "#9AA5B1",
                "standoff": 8,
                "bgcolor": "rgba(255,255,255,0.92)",
                "borderpad": LABEL_PAD - 1,
                "font": {"size": LABEL_FONT, "color": "#2F3A45"},
                "name": point["id"],
            }
        )
    return annotations


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


def _x_range(points: pd.DataFrame, share: float, eras=()) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The dates the axis shows: every marker, span and era with room around it, and at least
    a year, so a filter down to one or two milestones still reads as months rather than days."""
    if points.empty:
        return None
    low, high = points["x"].min(), points["x"].max()
    if "span_end" in points and points["span_end"].notna().any():
        high = max(high, points["span_end"].max())
    for era in eras:
        low, high = min(low, pd.Timestamp(era.start)), max(high, _era_end(era))
    pad = max((high - low) * share, pd.Timedelta(days=45))  # a narrow chart needs the larger share
    low, high = low - pad, high + pad
    short = pd.Timedelta(days=365) - (high - low)
    if short > pd.Timedelta(0):
        low, high = low - short / 2, high + short / 2
    return low, high


def _date_ticks(x_range) -> dict:
    """Ticks a person reads at a glance: months over a short span, years over a long one."""
    if x_range is None:
        return {}
    years = (x_range[1] - x_range[0]) / pd.Timedelta(days=365.25)
    if years <= 2:
        return {"dtick": "M3", "tickformat": "%b %Y"}
    if years <= 12:
        return {"dtick": "M12", "tickformat": "%Y"}
    return {"tickformat": "%Y"}


def _legend_rows(names: list[str], width: float) -> int:
    """How many rows a horizontal legend of ``names`` takes over ``width`` pixels (generously:
    Plotly lines up wrapped legend items in columns as wide as the widest)."""
    widest = 48 + max((len(name) for name in names), default=0) * 7.5
    per_row = max(1, int(width // widest))
    return -(-len(names) // per_row)


def _lane_margin(lanes: list[str]) -> int:
    """Room on the left for the longest lane name (the labels are laid out in the rest)."""
    return int(min(max((len(name) for name in lanes), default=4) * 7.2 + 16, 200))


def _bars(
    labels: pd.Series, values: pd.Series, colours: list[str], horizontal: bool, rows: int | None = None
) -> go.Figure:
    """Bars of ``values``; laid out as tall as ``rows`` bars would be (to stand beside a chart
    of that many) with the bars as thick as ever, further apart."""
    names = [plotly_text(label) for label in labels]
    rows = max(len(names), rows or 0, 1)
    bar = go.Bar(
        x=values if horizontal else names,
        y=names if horizontal else values,
        orientation="h" if horizontal else "v",
        marker_color=colours,
        text=[f"{int(value):,}" for value in values],  # 1,944 as the axis writes 2,000
        textposition="outside",
        cliponaxis=False,  # a count written past the longest bar stays whole
        # customdata keeps the raw name for filtering; the hover shows the escaped one.
        customdata=[[label] for label in labels],
        hovertemplate=("%{y}: %{x}" if horizontal else "%{x}: %{y}") + "<extra></extra>",
    )
    fig = go.Figure(bar)
    fig.update_layout(
        height=140 + 36 * rows,
        # automargin widens the left margin to the longest category label.
        margin={"l": 10, "r": 40, "t": 70, "b": 10},
        plot_bgcolor="white",
        bargap=1 - 0.65 * max(len(names), 1) / rows,  # 0.35 where the chart has its own height
        clickmode="event+select",
        template=TEMPLATE,
    )
    value_axis = {
        "gridcolor": "#EEEEEE", "fixedrange": True, "rangemode": "tozero", "automargin": True,
        **count_ticks(int(values.max()) if len(values) else 0),
    }  # fmt: skip
    category_axis = {"fixedrange": True, "automargin": True, "ticklabelstandoff": 6}
    if horizontal:
        fig.update_yaxes(autorange="reversed", **category_axis)
        fig.update_xaxes(**value_axis)
    else:
        fig.update_xaxes(**category_axis)
        fig.update_yaxes(**value_axis)
    return fig


# What a change did to a milestone, in the order the change timeline lists them (top to bottom),
# with its colour and marker: what a reviewer must look at stands out, the rest stays faint.
CHANGE_KINDS = (
    ("added", "Added", "#2E9D4F", "circle"),
    ("changed", "Changed", "#E8890C", "diamond"),
    ("removed", "Removed", "#7F7F7F", "x"),
    ("unchanged", "Unchanged", "#D3D9E0", "circle"),
)
CHANGE_HOVER = "<b>%{customdata[2]}</b><br>%{customdata[1]}<extra>%{fullData.name}</extra>"


def change_timeline_figure(old: pd.DataFrame | None, new: pd.DataFrame, diff) -> go.Figure:
    """Where in time a new version touches the story: ``new``'s milestones and those ``diff``
    (a :class:`clfj_data.diff.Diff` from ``old`` to ``new``) removes, on one date axis, a row
    and a colour for each kind of change (added, changed, removed, unchanged), with a legend.
    ``customdata`` carries [id, date as written, title]."""
    kind_of = {c.id: "added" for c in diff.added} | {c.id: "changed" for c in diff.changed}
    shown = new.assign(kind=[kind_of.get(i, "unchanged") for i in new["id"]])
    if old is not None and diff.removed:
        gone = old[old["id"].isin({c.id for c in diff.removed})]
        shown = pd.concat([shown, gone.assign(kind="removed")], ignore_index=True)
    shown = shown.assign(
        when=format_dates(shown["date"], shown["precision"]),
        hover_title=[plotly_text(t, 90) for t in shown["title"]],
    )
    fig = go.Figure()
    for kind, label, colour, symbol in CHANGE_KINDS:
        rows = shown[shown["kind"] == kind]
        fig.add_trace(
            go.Scatter(
                x=rows["date"],
                y=[label] * len(rows),
                name=f"{label} ({len(rows):,})",
                mode="markers",
                marker={
                    "size": 9 if kind == "unchanged" else 13,
                    "color": colour,
                    "symbol": symbol,
                    "line": {"width": 0 if symbol == "x" else 1, "color": "white"},
                },
                customdata=rows[["id", "when", "hover_title"]].to_numpy(),
                hovertemplate=CHANGE_HOVER,
            )
        )
    x_range = _x_range(shown.rename(columns={"date": "x"}), share=0.04)
    fig.update_layout(
        height=260,
        margin={"l": 90, "r": 24, "t": 40, "b": 40},
        font={"family": FONT},
        showlegend=True,
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "xanchor": "left"},
        hovermode="closest",
        template=TEMPLATE,
    )
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=[label for *_, label, _, _ in reversed(CHANGE_KINDS)],
        range=[-0.6, len(CHANGE_KINDS) - 0.4],
        fixedrange=True,
    )
    fig.update_xaxes(
        type="date",
        range=[x.isoformat() for x in x_range] if x_range else None,
        **_date_ticks(x_range),
    )
    return fig
