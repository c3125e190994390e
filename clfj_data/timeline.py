"""The timeline: milestones on a time axis, in lanes by sector or by state, coloured by sector."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from . import i18n
from .counts import state_rows
from .dates import MONTH, format_date, format_dates, period_ends, span_ends
from .figure_style import TEMPLATE, axis_dates
from .i18n import N_
from .markup import plotly_text
from .sectors import sector_labels, sector_order
from .states import NOT_SPECIFIED
from .timeline_labels import APP_LABELS, PHONE_PX, LabelStyle, Mark, lay_out, phone
from .timeline_layout import ERA_ROW_PX, draw_axes, figure_margin, place_lanes, size_figure
from .timeline_marks import (
    label_annotations,
    lane_names,
    marker_traces,
    name_sectors,
    shade_eras,
    shade_lanes,
    span_traces,
)
from .visibility import STAFF_ONLY, is_staff_only
from .wording import frame_span, standing_alone

LANES = ("sector", "state")
LABELLED_POINTS = 40  # more markers than this are left unlabelled (hover still names them)
# The timeline is laid out in pixels for the width it is drawn at (the app reports its chart's
# width; images have their own): every headline in full, wrapped, and no two labels touching.
DEFAULT_WIDTH = 1100
DENSITY_ABOVE = 1500  # markers; beyond this a timeline marker stands for a lane, period and sector
# Grouped markers per chart, at most, where a coarser period allows: each is an SVG shape drawn
# twice (the range slider has a copy), and at 10,000 milestones months gave about 950 of them,
# whose drawing held the browser for 0.5-1 s.
GROUPED_MARKERS = 400
DENSITY_PERIODS = {  # from the finest; each with how a marker's hover names it, in a language
    "M": lambda p, lang: format_date(p.start_time, MONTH, lang),
    "Q": lambda p, lang: i18n.translator(lang)(N_("Q{quarter} {year}")).format(
        quarter=p.quarter, year=p.year
    ),
    "Y": lambda p, lang: f"{p.year}",
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
    """Milestones on a time axis, in lanes by sector or by state (each a band of its own),
    coloured by sector; the dates, lane names and legend in ``lang`` (the headlines are the
    frame's: see translation.in_language).

    A milestone with an end date (a span) is also drawn as a bar in its lane, from its start to
    the end of its last period; ``eras`` (framing.Era) are shaded across every lane, named on top.

    Each marker sits at the middle of its period on its lane's line; markers of a lane that
    would overlap are fanned out across it. Each marker's ``customdata`` is a record
    (:mod:`clfj_data.timeline_marks`): how its date reads, its title, and what a click on it reports.
    Every marker's date and headline is written beside it (:mod:`clfj_data.timeline_labels`,
    in the style ``labels`` of the surface it is drawn on: the app, an image, a page), laid
    out for ``width`` pixels with the text measured in the font it is drawn in. On a chart
    narrower than PHONE_PX, each lane is named above it rather than beside it, and a label
    takes two lines at most. ``compact`` drops the labels and the range slider (for the story);
    a timeline of one date (one milestone, say) has no range slider either: nothing to zoom.

    Above DENSITY_ABOVE markers, each marker stands for one lane, month and sector, sized by
    how many milestones it holds (a click on it reports its ``group``, and its title says how
    many): thousands of single markers would be unreadable and too heavy to send. Where months
    would give more than GROUPED_MARKERS, a marker stands for a quarter or a year."""
    if lane not in LANES:
        raise ValueError(f"lane must be one of {LANES}")
    if frame.empty:
        return go.Figure(layout={"template": TEMPLATE, "height": 200})
    points, dense = _points(frame, lane, lang)
    lanes = _lane_order(points["lane"], lane)
    narrow = width < PHONE_PX and not compact
    style = phone(labels) if narrow else labels
    translate = standing_alone("Sector" if lane == "sector" else "States", lang)  # the lanes' names
    margin = figure_margin(points, [translate(n) for n in lanes], lane, width, narrow, style)
    x_range = axis_dates(points, share=0.07 if compact else 0.04, eras=eras)
    plot_px = width - margin["l"] - margin["r"]
    labelled = not compact and len(points) <= LABELLED_POINTS
    layout = _label_layout(points, x_range, plot_px, style) if labelled else None
    centres, edges = place_lanes(points, lanes, layout, compact, ERA_ROW_PX if eras else 0.0, narrow)
    points["lane_number"] = points["lane"].map({name: i for i, name in enumerate(lanes)})
    hover = layout is None or any(label is None or label.shortened for label in layout.labels.values())
    fig = go.Figure(span_traces(points, dense) + marker_traces(points, dense, compact, hover, style))
    shade_eras(fig, eras, compact)
    shade_lanes(fig, edges, -margin["l"] / plot_px, compact)
    annotations = label_annotations(points, layout, centres) if layout is not None else []
    names = lane_names(layout, lanes, centres, style, translate) if narrow else []
    fig.layout.annotations += tuple(annotations + names)  # at once: add_annotation revalidates all before
    zooms = not compact and _spans_time(points["x"])
    size_figure(fig, margin, edges[-1], lane, zooms, {"width": width} if layout is not None else None)
    draw_axes(fig, lanes, centres, edges[-1], x_range, zooms, narrow, style, translate, lang)
    fig.update_layout(legend_font_size=style.size)
    name_sectors(fig, points["sector"].unique(), standing_alone("Sector", lang))
    return fig


def _points(frame: pd.DataFrame, lane: str, lang: str) -> tuple[pd.DataFrame, bool]:
    """The timeline's points, and whether they are dense: above DENSITY_ABOVE, one a lane,
    period and sector."""
    points = _timeline_points(frame, lane, lang)
    dense = len(points) > DENSITY_ABOVE
    return (_by_period(points, lang) if dense else points), dense


def _label_layout(points: pd.DataFrame, x_range, plot_px: float, style: LabelStyle):
    """The labels' layout; where it moved markers apart along their lane's line (so that each
    label has a way out), their dates in ``points`` move as far."""
    marks = _marks(points, x_range, plot_px)
    layout = lay_out(marks, plot_px, style)
    if layout.style.fan == "along":
        days = (x_range[1] - x_range[0]) / pd.Timedelta(days=1) / plot_px
        shift = [(layout.places[m.key][0] - m.x) * days for m in marks]
        points["x"] = points["x"] + pd.to_timedelta(pd.Series(shift, index=points.index), unit="D")
    return layout


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


def timeline_zooms(frame: pd.DataFrame) -> bool:
    """Whether the timeline of ``frame`` pans and has a range slider to zoom with: where its
    markers stand at more than one date."""
    starts = frame["date"]
    return _spans_time(starts + (period_ends(frame) - starts) / 2)


def _spans_time(x: pd.Series) -> bool:
    return x.nunique() > 1


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
    marked = i18n.translator(lang)(N_("{staff_only} · {title}"))
    titles = frame["title"].mask(
        staff_only,
        [marked.format(staff_only=i18n.translator(lang)(STAFF_ONLY), title=t) for t in frame["title"]],
    )
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


def _by_period(points: pd.DataFrame, lang: str = i18n.ENGLISH) -> pd.DataFrame:
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
    counts["when"] = [DENSITY_PERIODS[period](p, lang) for p in counts["period"]]
    counts["id"] = ""
    ngettext = i18n.plural_translator(lang)
    counts["title"] = [
        ngettext("{count} milestone", "{count} milestones", n).format(
            count=f"{n:,}" if lang == i18n.ENGLISH else i18n.format_number(n, lang)
        )
        for n in counts["count"]
    ]
    counts["hover_title"] = counts["title"]
    counts["size"] = (6 + 3 * counts["count"] ** 0.5).clip(upper=30)
    return counts.drop(columns="period")


def _lane_order(lanes: pd.Series, lane: str) -> list[str]:
    if lane == "sector":
        return sector_order(lanes)
    named = sorted(set(lanes) - {NOT_SPECIFIED})
    return named + ([NOT_SPECIFIED] if NOT_SPECIFIED in set(lanes) else [])
