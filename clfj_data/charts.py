"""Chart builders: a milestone table (and options) in, a ``plotly.graph_objects.Figure`` out.

Every surface (pages, deck, offline report) draws with these, so they never disagree.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .counts import (
    TWO_STATES_NOTE,
    count_by_sector,
    count_by_state,
    count_per_year,
    count_state_by_sector,
    names_two_states,
    state_rows,
)
from .dates import format_dates, period_ends
from .markup import plotly_text
from .sectors import sector_colour, sector_labels, sector_order
from .states import NOT_SPECIFIED
from .wording import frame_span, plural

FONT = "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"
LANES = ("sector", "state")
LABELLED_POINTS = 40  # more markers than this are left unlabelled (hover still names them)
LABEL_LENGTH = 26
DENSITY_ABOVE = 1500  # markers; beyond this a timeline marker stands for a lane, period and sector
DENSITY_PERIODS = {  # from the finest; each with how a marker's hover names it
    "M": lambda p: f"{p:%b %Y}",
    "Q": lambda p: f"Q{p.quarter} {p.year}",
    "Y": lambda p: f"{p.year}",
}


def timeline_figure(
    frame: pd.DataFrame, lane: str = "sector", selected: str | None = None, compact: bool = False
) -> go.Figure:
    """Milestones on a time axis, in lanes by sector or by state, coloured by sector.

    Each marker sits at the middle of its period; milestones of one lane and month are
    spread vertically so none hides another. ``customdata`` carries [id, date, title].
    ``compact`` drops the labels and the range slider (for the overview).

    Above DENSITY_ABOVE markers, each marker stands for one lane, month and sector, sized by
    how many milestones it holds (its id is "" and its title says how many): thousands of
    single markers would be unreadable and too heavy to send. Where months would still give
    more, a marker stands for a quarter or a year.
    """
    if lane not in LANES:
        raise ValueError(f"lane must be one of {LANES}")
    points = _timeline_points(frame, lane)
    dense = len(points) > DENSITY_ABOVE
    if dense:
        points = _by_period(points)
    lanes = _lane_order(points["lane"], lane)
    lane_index = points["lane"].map({name: i for i, name in enumerate(lanes)}).astype(float)
    points["y"] = lane_index + _spread(points)
    labelled = not compact and len(points) <= LABELLED_POINTS
    fig = go.Figure()
    for sector in sector_order(points["sector"]):
        rows = points[points["sector"] == sector]
        fig.add_trace(
            go.Scatter(
                x=rows["x"],
                y=rows["y"],
                name=plotly_text(sector),
                mode="markers",
                marker={
                    "size": rows["size"] if dense else (10 if compact else 14),
                    "color": sector_colour(sector),
                    "line": {"width": 1, "color": "white"},
                },
                customdata=rows[["id", "when", "hover_title"]].to_numpy(),
                hovertemplate="<b>%{customdata[2]}</b><br>%{customdata[1]}<extra>%{fullData.name}</extra>",
            )
        )
    if labelled:
        # Annotations rather than trace text: the range slider would draw trace text again.
        low, span = points["x"].min(), (points["x"].max() - points["x"].min()) or pd.Timedelta(days=1)
        for point, shift in zip(points.itertuples(), _label_shifts(points, span), strict=True):
            if shift is None:
                continue  # no room: the hover still names it
            # Labels near an edge are anchored inwards so the plot does not cut them off.
            where = (point.x - low) / span
            anchor = "left" if where < 0.15 else "right" if where > 0.85 else "center"
            fig.add_annotation(
                x=point.x,
                y=point.y,
                text=plotly_text(point.title, LABEL_LENGTH),
                showarrow=False,
                xanchor=anchor,
                xshift={"left": -6, "right": 6}.get(anchor, 0),
                yshift=shift,
                font={"size": 11, "color": "#3A4550"},
            )
    if selected is not None and (points["id"] == selected).any():
        chosen = points[points["id"] == selected]
        fig.add_trace(
            go.Scatter(
                x=chosen["x"],
                y=chosen["y"],
                mode="markers",
                name="Selected",
                showlegend=False,
                hoverinfo="skip",
                marker={"size": 26, "symbol": "circle-open", "color": "#000000", "line": {"width": 3}},
            )
        )
    fig.update_layout(
        height=(140 if compact else 190) + (32 if compact else 70) * len(lanes),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        font={"family": FONT},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "title": None},
        clickmode="event+select",
        dragmode="pan" if not compact else False,
        hovermode="closest",
        plot_bgcolor="white",
        template="plotly_white",  # the same look wherever it is drawn, whatever the default
    )
    fig.update_yaxes(
        automargin=True,
        tickvals=list(range(len(lanes))),
        ticktext=[plotly_text(n) for n in lanes],
        range=[len(lanes) - 0.5, -0.7],
        fixedrange=True,
        showgrid=True,
        gridcolor="#EEEEEE",
        zeroline=False,
    )
    fig.update_xaxes(
        type="date",
        showgrid=True,
        gridcolor="#EEEEEE",
        range=_x_range(points),
        rangeslider={"visible": not compact, "thickness": 0.08},
        fixedrange=compact,
    )
    return fig


# Pinned on every figure: inside the app Streamlit installs its own default template, which
# would otherwise change the look (and the margins) of what the app draws and exports.
TEMPLATE = "plotly_white"
COUNT_TICKS = 8  # at most this many ticks on an axis of counts, whatever the counts reach


def state_counts_figure(frame: pd.DataFrame) -> go.Figure:
    """Horizontal bars: milestones per state. Notes double counting when a milestone names two."""
    counts = count_by_state(frame)
    fig = _bars(counts["state"], counts["milestones"], ["#0072B2"] * len(counts), horizontal=True)
    if names_two_states(frame):
        fig.update_layout(title={"text": "Milestones by state", "subtitle": {"text": TWO_STATES_NOTE}})
    else:
        fig.update_layout(title={"text": "Milestones by state"})
    return fig


def sector_counts_figure(frame: pd.DataFrame) -> go.Figure:
    """Horizontal bars: milestones per sector, each in its sector's colour."""
    counts = count_by_sector(frame)
    colours = [sector_colour(s) for s in counts["sector"]]
    fig = _bars(counts["sector"], counts["milestones"], colours, horizontal=True)
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
        font={"family": FONT},
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
        font={"family": FONT},
        plot_bgcolor="white",
        legend={"orientation": "h", "y": -0.15},
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
    points = pd.DataFrame(
        {
            "id": frame["id"],
            "x": starts + (ends - starts) / 2,
            "sector": sector_labels(frame),
            "title": frame["title"],
            "hover_title": frame["title"].map(plotly_text),
            "when": format_dates(starts, frame["precision"]),
            "states": frame["states"],
        }
    )
    if lane == "sector":
        return points.assign(lane=points["sector"]).reset_index(drop=True)
    return state_rows(points).rename(columns={"state": "lane"}).reset_index(drop=True)


def _label_shifts(points: pd.DataFrame, span: pd.Timedelta) -> list[int | None]:
    """Where each label goes: above or below its marker, near or far, so that labels in a lane
    do not overlap on a plot about 480 px wide; None where there is no room."""
    low = points["x"].min()
    taken: dict[tuple[str, int], list[tuple[pd.Timestamp, pd.Timestamp]]] = {}
    shifts: dict[int, int | None] = {}
    for index, point in points.sort_values("x").iterrows():
        left, right = _label_extent(point["x"], len(plotly_text(point["title"], LABEL_LENGTH)), low, span)
        shifts[index] = None
        for shift in (16, -16, 30, -30):
            placed = taken.setdefault((point["lane"], shift), [])
            if all(right < start or left > end for start, end in placed):
                placed.append((left, right))
                shifts[index] = shift
                break
    return [shifts[index] for index in points.index]


def _label_extent(x, characters: int, low, span) -> tuple:
    """The stretch of time a label covers, given how it is anchored (see timeline_figure)."""
    width = span * ((characters * 6 + 12) / 480)
    where = (x - low) / span
    if where < 0.15:
        return x, x + width
    if where > 0.85:
        return x - width, x
    return x - width / 2, x + width / 2


def _by_period(points: pd.DataFrame) -> pd.DataFrame:
    """One point per lane, period and sector, at the middle of the period, sized by its count.

    The period is a month, or a quarter or a year where months would still give more than
    DENSITY_ABOVE points (decades of milestones in many lanes).
    """
    for period in DENSITY_PERIODS:
        when = points["x"].dt.to_period(period)
        groups = points.groupby([points["lane"], when.rename("period"), points["sector"]], sort=False)
        counts = groups.size().rename("count").reset_index()
        if len(counts) <= DENSITY_ABOVE:
            break
    starts = counts["period"].dt.to_timestamp()
    counts["x"] = starts + (counts["period"].dt.to_timestamp(how="end") - starts) / 2
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
    """Vertical offsets that fan out the milestones sharing a lane and a month."""
    if points.empty:
        return pd.Series(0.0, index=points.index)
    # Grouped by the month a marker is drawn in: a year sits mid-year, not in January.
    groups = points.groupby(["lane", points["x"].dt.to_period("M")], sort=False)
    rank, size = groups.cumcount(), groups["id"].transform("size")
    step = (0.7 / size).clip(upper=0.28)
    return (rank - (size - 1) / 2) * step


def _x_range(points: pd.DataFrame) -> list[str] | None:
    if points.empty:
        return None
    low, high = points["x"].min(), points["x"].max()
    pad = max((high - low) * 0.06, pd.Timedelta(days=60))
    return [(low - pad).isoformat(), (high + pad).isoformat()]


def _bars(labels: pd.Series, values: pd.Series, colours: list[str], horizontal: bool) -> go.Figure:
    names = [plotly_text(label) for label in labels]
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
        height=140 + 36 * len(names),
        # automargin widens the left margin to the longest category label.
        margin={"l": 10, "r": 40, "t": 70, "b": 10},
        font={"family": FONT},
        plot_bgcolor="white",
        bargap=0.35,
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
