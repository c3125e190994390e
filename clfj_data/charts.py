"""Chart builders: a milestone table (and options) in, a ``plotly.graph_objects.Figure`` out.

Every surface (pages, deck, offline report) draws with these, so they never disagree.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from . import i18n
from .counts import (
    TWO_STATES_NOTE,
    count_by_sector,
    count_by_state,
    count_per_year,
    count_state_by_sector,
    names_two_states,
)
from .dates import format_dates
from .figure_style import FONT, HOVER, TEMPLATE, axis_dates
from .i18n import N_
from .markup import plotly_text
from .sectors import sector_colour, sector_order
from .timeline import (  # the timeline's own module; offered here with the other builders
    DEFAULT_WIDTH,
    DENSITY_ABOVE,
    GROUPED_MARKERS,
    LABELLED_POINTS,
    LANES,
    milestones_at,
    timeline_figure,
    timeline_sentence,
    timeline_zooms,
)
from .timeline_labels import APP_LABELS, PHONE_PX, Mark, lane_centres, lay_out, phone
from .timeline_layout import LANE_NAME_PX, draw_axes, figure_margin
from .timeline_marks import label_annotations, lane_names

__all__ = [
    "DEFAULT_WIDTH", "DENSITY_ABOVE", "GROUPED_MARKERS", "LABELLED_POINTS", "LANES", "change_timeline_figure",
    "count_ticks", "milestones_at", "per_year_figure", "sector_counts_figure", "state_counts_figure",
    "state_sector_figure", "timeline_figure", "timeline_sentence", "timeline_zooms",
]  # fmt: skip

COUNT_TICKS = 8  # at most this many ticks on an axis of counts, whatever the counts reach


def state_counts_figure(frame: pd.DataFrame, rows: int | None = None, lang: str = i18n.ENGLISH) -> go.Figure:
    """Horizontal bars: milestones per state. Notes double counting when a milestone names two.
    With ``rows``, as tall as a chart of that many bars (to stand beside one). Its words in ``lang``."""
    _ = i18n.translator(lang)
    counts = count_by_state(frame)
    bars = counts["state"], counts["milestones"], ["#0072B2"] * len(counts)
    fig = _bars(*bars, horizontal=True, rows=rows, lang=lang)
    if names_two_states(frame):
        fig.update_layout(title={"text": _("Milestones by state"), "subtitle": {"text": _(TWO_STATES_NOTE)}})
    else:
        fig.update_layout(title={"text": _("Milestones by state")})
    return fig


def sector_counts_figure(frame: pd.DataFrame, rows: int | None = None, lang: str = i18n.ENGLISH) -> go.Figure:
    """Horizontal bars: milestones per sector, each in its sector's colour. With ``rows``, as
    tall as a chart of that many bars (to stand beside one). Its words in ``lang``."""
    _ = i18n.translator(lang)
    counts = count_by_sector(frame)
    colours = [sector_colour(s) for s in counts["sector"]]
    fig = _bars(counts["sector"], counts["milestones"], colours, horizontal=True, rows=rows, lang=lang)
    return fig.update_layout(title={"text": _("Milestones by sector")})


def state_sector_figure(frame: pd.DataFrame, lang: str = i18n.ENGLISH, narrow: bool = False) -> go.Figure:
    """A heatmap of milestones per state and sector, with the count written in each cell; its
    words in ``lang``. States down the side and sectors across; ``narrow`` (a phone's width),
    the other way round: the sectors' longer names down the side, where they read level, and
    the states across, a word a line."""
    _ = i18n.translator(lang)
    matrix = count_state_by_sector(frame)
    if narrow:
        matrix = matrix.T
    # A cell that counts nothing is left blank, not 0, so the ones that count stand out.
    counts = matrix.to_numpy()
    written = [[i18n.format_number(int(count), lang) if count else "" for count in row] for row in counts]
    across = [plotly_text(_(c)) for c in matrix.columns]
    fig = go.Figure(
        go.Heatmap(
            z=counts,
            x=["<br>".join(name.split()) for name in across] if narrow else across,
            y=[plotly_text(_(r)) for r in matrix.index],
            colorscale="Blues",
            zmin=0,
            text=written,
            texttemplate="%{text}",
            hovertemplate=("%{x} · %{y}" if narrow else "%{y} · %{x}") + ": %{z}<extra></extra>",
            # The scale beside the cells, labelled, in whole milestones (one tick each up to ten:
            # a tick per unit on an axis reaching thousands would freeze the browser). Where every
            # cell that counts counts the same (one state and one sector, say), a scale of one
            # tick says nothing the number in the cell does not: none.
            showscale=len({int(count) for count in counts.flat if count}) > 1,
            colorbar={
                "title": {"text": _("Milestones"), "side": "right", "font": {"size": 14}},
                "tickformat": ",d",
                "tickfont": {"size": 13},
                "thickness": 12 if narrow else 16,
                "outlinewidth": 0,
                **({"dtick": 1} if counts.max(initial=0) <= 10 else {"nticks": 6}),
            },
        )
    )
    fig.update_layout(
        title={"text": _("Milestones by state and sector")},
        height=160 + 40 * len(matrix.index),
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        font={"family": FONT},
        plot_bgcolor="white",
        template=TEMPLATE,
    )
    # Each name kept clear of its cells, as the bar charts keep theirs clear of their bars.
    fig.update_xaxes(automargin=True, ticklabelstandoff=4, **({"tickangle": 0} if narrow else {}))
    fig.update_yaxes(autorange="reversed", automargin=True, ticklabelstandoff=8)
    return fig


def per_year_figure(frame: pd.DataFrame, lang: str = i18n.ENGLISH) -> go.Figure:
    """Stacked bars: milestones per year, split by sector; its words in ``lang``."""
    _ = i18n.translator(lang)
    counts = count_per_year(frame)
    fig = go.Figure()
    for sector in sector_order(counts["sector"]) if not counts.empty else []:
        rows = counts[counts["sector"] == sector]
        fig.add_trace(
            go.Bar(
                x=rows["year"].astype(str),
                y=rows["milestones"],
                name=plotly_text(_(sector)),
                marker_color=sector_colour(sector),
                hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(
        barmode="stack",
        title={"text": _("Milestones per year")},
        height=360,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        font={"family": FONT},
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


def _bar_said(label: str, count: int, lang: str) -> str:
    """A bar as a screen reader says it, in ``lang``: "Bihar: 2 milestones"."""
    milestones = i18n.plural_translator(lang)("{count} milestone", "{count} milestones", count)
    return f"{i18n.translator(lang)(label)}: {milestones.format(count=i18n.format_number(count, lang))}"


def _bars(
    labels: pd.Series,
    values: pd.Series,
    colours: list[str],
    horizontal: bool,
    rows: int | None = None,
    lang: str = i18n.ENGLISH,
) -> go.Figure:
    """Bars of ``values``; laid out as tall as ``rows`` bars would be (to stand beside a chart
    of that many) with the bars as thick as ever, further apart. The labels in ``lang``."""
    names = [plotly_text(i18n.translator(lang)(label)) for label in labels]
    rows = max(len(names), rows or 0, 1)
    bar = go.Bar(
        x=values if horizontal else names,
        y=names if horizontal else values,
        orientation="h" if horizontal else "v",
        marker_color=colours,
        text=[f"{int(value):,}" for value in values],  # 1,944 as the axis writes 2,000
        textposition="outside",
        cliponaxis=False,  # a count written past the longest bar stays whole
        # What a click on a bar reports, by the name the filter knows (the hover shows it escaped),
        # and what a screen reader says of the bar when the keyboard reaches it.
        customdata=[
            {labels.name: label, "said": _bar_said(label, int(value), lang)}
            for label, value in zip(labels, values, strict=True)
        ],
        hovertemplate=("%{y}: %{x}" if horizontal else "%{x}: %{y}") + "<extra></extra>",
    )
    fig = go.Figure(bar)
    fig.update_layout(
        height=140 + 36 * rows,
        # automargin widens the left margin to the longest category label.
        margin={"l": 10, "r": 40, "t": 70, "b": 10},
        font={"family": FONT},
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
    ("added", N_("Added"), "#2E9D4F", "circle"),
    ("changed", N_("Changed"), "#E8890C", "diamond"),
    ("removed", N_("Removed"), "#7F7F7F", "x"),
    ("unchanged", N_("Unchanged"), "#D3D9E0", "circle"),
)
CHANGE_HOVER = HOVER


def change_timeline_figure(
    old: pd.DataFrame | None, new: pd.DataFrame, diff, lang: str = i18n.ENGLISH, width: int = DEFAULT_WIDTH
) -> go.Figure:
    """Where in time a new version touches the story: ``new``'s milestones and those ``diff``
    (a :class:`clfj_data.diff.Diff` from ``old`` to ``new``) removes, on one date axis, a lane
    and a colour for each kind of change it makes (added, changed, removed, unchanged: a kind
    with no milestone has no lane), with a legend. Each added, changed and removed milestone has
    its date and headline written beside it, as on the timeline (laid out for ``width`` pixels;
    none past LABELLED_POINTS of them); the unchanged ones are left faint and unlabelled.
    ``customdata`` carries each marker's ``milestone``, ``when`` (its date as written) and
    ``title``. The kinds of change and the dates are written in ``lang``."""
    _ = i18n.translator(lang)
    shown = _changes_shown(old, new, diff, lang)
    kinds = [kind for kind in CHANGE_KINDS if (shown["kind"] == kind[0]).any()]
    lanes, names = [kind[0] for kind in kinds], [_(kind[1]) for kind in kinds]
    narrow = width < PHONE_PX
    style = phone(APP_LABELS) if narrow else APP_LABELS
    margin = figure_margin(shown, names, "kind", width, narrow, style) | {"t": 40}
    x_range = axis_dates(shown.rename(columns={"date": "x"}), share=0.04)
    plot_px = width - margin["l"] - margin["r"]
    labelled = (shown["kind"] != "unchanged").sum() <= LABELLED_POINTS
    marks = [
        Mark(index, _px_from(x, x_range, plot_px), kind, when, " ".join(str(title).split()),
             labelled=labelled and kind != "unchanged")
        for index, x, kind, when, title in zip(
            shown.index, shown["date"], shown["kind"], shown["when"], shown["title"], strict=True
        )
    ]  # fmt: skip
    layout = lay_out(marks, plot_px, style)
    centres, edges = lane_centres(layout, lanes, 0.0, LANE_NAME_PX if narrow else 0.0)
    shown = shown.assign(
        x=shown["date"],
        lane=shown["kind"],
        y=shown["kind"].map(centres) + [layout.places[i][1] for i in shown.index],
    )
    fig = go.Figure(_change_traces(shown, kinds, _))
    named = dict(zip(lanes, names, strict=True)).get
    fig.layout.annotations = label_annotations(shown, layout, centres) + (
        lane_names(layout, lanes, centres, style, named) if narrow else []
    )
    fig.update_layout(
        height=round(edges[-1] + margin["t"] + 40),
        margin=margin | {"b": 40},
        font={"family": FONT},
        showlegend=True,
        legend={"orientation": "h", "y": 1, "yanchor": "bottom", "x": 0, "xanchor": "left"},
        hovermode="closest",
        plot_bgcolor="white",
        template=TEMPLATE,
        meta={"width": width},  # the width its labels were laid out for (the app's chart reports its own)
    )
    draw_axes(fig, lanes, centres, edges[-1], x_range, False, narrow, style, named, lang)
    return fig


def _change_traces(shown: pd.DataFrame, kinds, _) -> list[go.Scatter]:
    """A trace of markers for each kind of change in ``kinds``, named in the language of ``_``."""
    traces = []
    for kind, label, colour, symbol in kinds:
        rows = shown[shown["kind"] == kind]
        traces.append(
            go.Scatter(
                x=rows["date"],
                y=rows["y"],
                name=f"{_(label)} ({len(rows):,})",
                mode="markers",
                marker={
                    "size": 9 if kind == "unchanged" else 13,
                    "color": colour,
                    "symbol": symbol,
                    "line": {"width": 0 if symbol == "x" else 1, "color": "white"},
                },
                customdata=[
                    {"milestone": m.id, "when": m.when, "title": m.hover_title} for m in rows.itertuples()
                ],
                hovertemplate=CHANGE_HOVER,
            )
        )
    return traces


def _px_from(x, x_range, plot_px: float) -> float:
    """How far ``x`` is from the plot's left edge, in pixels, on an axis of ``x_range``."""
    low, high = x_range
    return (x - low) / pd.Timedelta(days=1) * plot_px / max((high - low) / pd.Timedelta(days=1), 1)


def _changes_shown(old: pd.DataFrame | None, new: pd.DataFrame, diff, lang: str) -> pd.DataFrame:
    """``new``'s milestones and those ``diff`` removes from ``old``, each with its ``kind`` of
    change, its date as written in ``lang`` and its title for the hover."""
    kind_of = {c.id: "added" for c in diff.added} | {c.id: "changed" for c in diff.changed}
    shown = new.assign(kind=[kind_of.get(i, "unchanged") for i in new["id"]])
    if old is not None and diff.removed:
        gone = old[old["id"].isin({c.id for c in diff.removed})]
        shown = pd.concat([shown, gone.assign(kind="removed")], ignore_index=True)
    return shown.assign(
        when=format_dates(shown["date"], shown["precision"], lang),
        hover_title=[plotly_text(t, 90) for t in shown["title"]],
    )
